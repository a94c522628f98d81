//! What a method finds: each park's share of each quota it shares (in `≤` form: the amount
//! times the quota's sign), its plan at that share, and the method's prices and bounds.

use super::point::PointResult;
use super::province::Province;

/// One park in an allocation.
#[derive(Debug, Clone, PartialEq)]
pub enum ParkFound {
    /// No plan meets the park's rules even with all it could want of every quota.
    Cannot,
    /// The quotas are too small for all: this park is not given its least share and does not
    /// meet its rules; `granted` is what it gets (`≤` form, per quota it shares).
    Short {
        /// Its share, `≤` form, per quota it shares.
        granted: Vec<f64>,
    },
    /// Given `share` (`≤` form, per quota it shares), with its plan there.
    Allocated {
        /// Its share, `≤` form, per quota it shares.
        share: Vec<f64>,
        /// Its plan at that share (a typical-day estimate when on typical days).
        plan: Box<PointResult>,
    },
}

impl ParkFound {
    /// The plan's cost, when allocated.
    pub fn cost(&self) -> Option<f64> {
        match self {
            Self::Allocated { plan, .. } => plan.cost(),
            _ => None,
        }
    }

    /// The share (`≤` form) per quota the park shares, when it has one.
    pub fn share(&self) -> Option<&[f64]> {
        match self {
            Self::Allocated { share, .. } => Some(share),
            Self::Short { granted } => Some(granted),
            Self::Cannot => None,
        }
    }
}

/// A shadow price from the value curves: the saving of one more grid step and the cost of
/// one less, RMB per unit-year (None: unbounded, no plan with one less step).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bracket {
    /// (C(Q) − C(Q + Δ)) / Δ.
    pub low: Option<f64>,
    /// (C(Q − Δ) − C(Q)) / Δ.
    pub high: Option<f64>,
    /// Δ, in the quota's unit.
    pub step: f64,
}

/// An allocation found by one method.
#[derive(Debug, Clone)]
pub struct Found {
    /// `joint`, `curves` or `prices`.
    pub method: &'static str,
    /// Each park, in the province's order.
    pub parks: Vec<ParkFound>,
    /// Per quota: the price the method reads (the Lagrange multiplier of `prices`, the dual
    /// of the joint LP with integers fixed for `joint`), RMB per unit-year, `≤` form.
    pub prices: Vec<Option<f64>>,
    /// Per quota: the bracket from the curves (`curves`).
    pub brackets: Vec<Option<Bracket>>,
    /// A lower bound on the province's least cost (`prices`: the best dual value; `joint`:
    /// the MIP bound), RMB/yr.
    pub lower_bound_rmb: Option<f64>,
    /// Things to know about the method's answer.
    pub notes: Vec<String>,
}

impl Found {
    /// The total cost of the parks allocated, RMB/yr.
    pub fn total_cost(&self) -> f64 {
        self.parks.iter().filter_map(ParkFound::cost).sum()
    }

    /// Parks that fall short.
    pub fn short(&self) -> usize {
        self.parks
            .iter()
            .filter(|p| matches!(p, ParkFound::Short { .. }))
            .count()
    }

    /// The share of quota `j` (province index) of park `i`, `≤` form.
    pub fn share_of(&self, province: &Province, i: usize, j: usize) -> Option<f64> {
        let k = province.parks[i].quotas.iter().position(|q| *q == j)?;
        self.parks[i].share().map(|s| s[k])
    }
}
