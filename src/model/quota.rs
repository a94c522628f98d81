//! A park's part in a province quota (formulation §7): the amount of the quota a park uses, as
//! a linear expression of its decisions, bounded (the park's share of the quota) or priced (a
//! Lagrange multiplier of the province's quota row).
//!
//! The province row itself, `Σ_p amount_p ≤ Q`, is written by whoever builds several parks
//! into one model ([`crate::allocate`]); here each park only exposes, bounds or prices its own
//! amount. With no terms (the default) the model is unchanged.

use super::frame::{Frame, KRMB_PER_RMB};
use super::Handles;
use crate::scenario::Park;
use good_lp::{variable, Expression};
use serde::{Deserialize, Serialize};

/// What a quota counts on one park: a linear expression of the park's decisions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuotaMeasure {
    /// New PV, MW: `P_pv`.
    NewPvMw,
    /// New wind, MW: `U_wt · N_wt`.
    NewWindMw,
    /// New PV and wind, MW: `P_pv + U_wt · N_wt`.
    NewRenewableMw,
    /// The park's peak intake through its connection over the modelled steps, MW: a column
    /// `peak ≥ imp_t + grn_t` for every step `t` (family `quota-import-peak`). Bounding it by
    /// a share `s` caps every step's intake at `s`: the share of a substation's capacity.
    GridImportPeakMw,
    /// Contracted green power (green-power direct supply), MWh/yr: `Σ_t w_t grn_t`.
    GreenPowerMwh,
    /// Power sold to the grid, MWh/yr: `Σ_t w_t exp_t`; the volume that earns the mechanism
    /// price of Document 136 (发改价格〔2025〕136号).
    ExportMwh,
    /// New renewable capacity not paired with new storage, MWh:
    /// `r · (P_pv + U_wt · N_wt) − E_bat`; a province row `Σ_p ≤ 0` is the pairing rule
    /// "new storage MWh ≥ r × new renewable MW".
    UnpairedStorageMwh {
        /// `r`, MWh of storage per MW of new PV and wind.
        ratio_mwh_per_mw: f64,
    },
    /// Emissions above a province intensity goal, t CO2/yr: `EM − λ_prov · EC`
    /// (formulation §4); a province row `Σ_p ≤ 0` is the goal `Σ EM ≤ λ_prov · Σ EC`.
    IntensityExcessT {
        /// `λ_prov`, t CO2 per tce.
        goal_t_per_tce: f64,
    },
}

/// One quota's term in a park's model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QuotaTerm {
    /// What is counted.
    pub measure: QuotaMeasure,
    /// `amount ≥ lower` (family `quota-floor`), in the measure's unit.
    pub lower: Option<f64>,
    /// `amount ≤ upper` (family `quota-cap`): the park's share of a `≤` quota.
    pub upper: Option<f64>,
    /// `price · amount` added to the cost, RMB per unit of the measure per year (a Lagrange
    /// multiplier; 0 for none).
    pub price_rmb_per_unit: f64,
}

impl QuotaTerm {
    /// A term that only exposes the amount (no bound, no price).
    pub fn exposed(measure: QuotaMeasure) -> Self {
        Self {
            measure,
            lower: None,
            upper: None,
            price_rmb_per_unit: 0.0,
        }
    }
}

/// The amount of `measure` in the model of `park` built so far. Adds the peak-import column
/// and its rows for [`QuotaMeasure::GridImportPeakMw`]. A measure whose technology the park
/// does not have is the constant 0.
pub fn amount(
    frame: &mut Frame,
    park: &Park,
    handles: &Handles,
    measure: QuotaMeasure,
) -> Expression {
    let pv = || handles.pv.as_ref().map(|pv| Expression::from(pv.new_mw));
    let wind = || {
        handles
            .wind
            .as_ref()
            .zip(park.wind.as_ref())
            .map(|(vars, data)| Expression::from(vars.new_turbines) * data.unit_mw)
    };
    let renewable = || pv().unwrap_or_default() + wind().unwrap_or_default();
    match measure {
        QuotaMeasure::NewPvMw => pv().unwrap_or_default(),
        QuotaMeasure::NewWindMw => wind().unwrap_or_default(),
        QuotaMeasure::NewRenewableMw => renewable(),
        QuotaMeasure::GridImportPeakMw => {
            let peak = frame.var("quota-import-peak", variable().min(0.0));
            for t in 0..frame.steps() {
                let mut intake = Expression::from(handles.grid.import_mw[t]);
                if let Some(green) = &handles.grid.green_mw {
                    intake += green[t];
                }
                frame.constrain("quota-import-peak", intake.leq(peak));
            }
            Expression::from(peak)
        }
        QuotaMeasure::GreenPowerMwh => handles
            .grid
            .green_mw
            .as_ref()
            .map(|green| frame.annual(green))
            .unwrap_or_default(),
        QuotaMeasure::ExportMwh => handles
            .grid
            .export_mw
            .as_ref()
            .map(|export| frame.annual(export))
            .unwrap_or_default(),
        QuotaMeasure::UnpairedStorageMwh { ratio_mwh_per_mw } => {
            let storage = handles
                .battery
                .as_ref()
                .map(|b| Expression::from(b.new_mwh))
                .unwrap_or_default();
            renewable() * ratio_mwh_per_mw - storage
        }
        QuotaMeasure::IntensityExcessT { goal_t_per_tce } => {
            // EM and EC under the park's own reading of the rule (the one its plan reports).
            let reading = super::accounting::Reading::of(&park.accounting);
            frame.terms.emissions_t(&reading) - frame.terms.energy_tce(&reading) * goal_t_per_tce
        }
    }
}

/// Adds each term: its amount (written out once as a column of family `quota-amount`, so
/// that a province row over many parks holds one coefficient per park), its bounds
/// (`quota-floor`, `quota-cap`) and its price. Returns the amount of each term, in order.
pub fn add_quota_terms(
    frame: &mut Frame,
    park: &Park,
    handles: &Handles,
    terms: &[QuotaTerm],
) -> Vec<Expression> {
    terms
        .iter()
        .map(|term| {
            let expression = amount(frame, park, handles, term.measure);
            let total = Expression::from(frame.aggregate("quota-amount", expression));
            if let Some(lower) = term.lower {
                frame.constrain("quota-floor", total.clone().geq(lower));
            }
            if let Some(upper) = term.upper {
                frame.constrain("quota-cap", total.clone().leq(upper));
            }
            if term.price_rmb_per_unit != 0.0 {
                frame.cost_krmb += total.clone() * (term.price_rmb_per_unit * KRMB_PER_RMB);
            }
            total
        })
        .collect()
}
