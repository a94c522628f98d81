//! What every store shares (battery, hydrogen storage, thermal storage): its level over the
//! time axis, and — where a loss-making round trip could pay — the rule that it does not
//! charge and discharge in the same step.
//!
//! A store's component owns its flows and efficiencies; this module owns the levels, so that
//! the way levels are chained over time (formulation §1) is written once.

use super::frame::Frame;
use good_lp::{variable, Expression, Variable};

/// Names of a store's variable and row families.
#[derive(Debug, Clone, Copy)]
pub struct StoreFamilies {
    /// Level columns, e.g. `battery-soc`.
    pub level: &'static str,
    /// `level ≤ capacity` rows, e.g. `battery-energy-cap`.
    pub capacity: &'static str,
}

/// Handles to a store's levels.
#[derive(Debug, Clone)]
pub struct StoreLevels {
    /// Level at the end of each step, in the store's unit (MWh, kg, MWh_th).
    pub level: Vec<Variable>,
}

/// Adds the levels of a store of capacity `capacity` (an expression of its sizes, at most
/// `max_capacity`) and returns them with the level change of each step,
/// `Δ_t = level_t − level_{t−1}`, cyclic over the horizon (`level_{−1} = level_{last}`,
/// formulation §1). The caller ties `Δ_t` to the store's flows (a row, or a term of a
/// balance). Rows of family `families.capacity`: `level_t ≤ capacity`; `0 ≤ level_t ≤
/// max_capacity` as bounds.
pub fn add_levels(
    frame: &mut Frame,
    families: StoreFamilies,
    capacity: &Expression,
    max_capacity: f64,
) -> (StoreLevels, Vec<Expression>) {
    let level = frame.hourly(families.level, variable().min(0.0).max(max_capacity));
    let steps = frame.steps();
    let mut change = Vec::with_capacity(steps);
    for t in 0..steps {
        let previous = level[(t + steps - 1) % steps];
        change.push(Expression::from(level[t]) - previous);
        frame.constrain(
            families.capacity,
            Expression::from(level[t]).leq(capacity.clone()),
        );
    }
    (StoreLevels { level }, change)
}

/// Forbids charging and discharging in the same step, in `steps` only: a binary `y_t`
/// (family `family`) with `charge_t ≤ P^max · y_t` and `discharge_t ≤ P^max · (1 − y_t)`,
/// where `P^max` is the largest power the store can have (rows `{family}`-charge/discharge
/// are named by `family`). Returns the binaries by step.
///
/// Where the marginal value of energy is not negative a simultaneous round trip only loses
/// energy, and the LP never uses it; where it is negative (an import price below zero, or an
/// annual total that more throughput loosens) the LP would burn energy through the store's
/// losses, which no real store does. The caller picks the steps (formulation §3, battery).
pub fn forbid_simultaneous(
    frame: &mut Frame,
    family: &'static str,
    charge: &[Variable],
    discharge: &[Variable],
    max_power: f64,
    steps: &[usize],
) -> Vec<(usize, Variable)> {
    let scale = 0.5 / max_power.max(1e-9);
    steps
        .iter()
        .map(|&t| {
            // Hint: y_t = 1 (charging) when the relaxed flows charge more than they discharge.
            let hint = (Expression::from(charge[t]) - discharge[t]) * scale + 0.5;
            let y = frame.operational_integer(family, t, 1.0, hint);
            frame.constrain(
                family,
                Expression::from(charge[t]).leq(Expression::from(y) * max_power),
            );
            frame.constrain(
                family,
                Expression::from(discharge[t]).leq((1.0 - Expression::from(y)) * max_power),
            );
            (t, y)
        })
        .collect()
}
