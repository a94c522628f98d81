//! Hydrogen storage: a working capacity in kg with a cyclic level.

use super::frame::Frame;
use crate::scenario::park::HydrogenStorageData;
use good_lp::{variable, Expression, Variable};

/// Handles to the hydrogen storage variables.
#[derive(Debug, Clone)]
pub struct HydrogenStorageVars {
    /// New working capacity `E_h2`, kg.
    pub new_kg: Variable,
    /// Level `lvl_t` at the end of step `t`, kg.
    pub level_kg: Vec<Variable>,
}

/// Adds hydrogen storage (formulation §2–§3).
///
/// - the level change enters the hydrogen balance: `lvl_t = lvl_{t−1} + (inflow − outflow)_t`
///   is written as `lvl_{t−1} − lvl_t + (inflow − outflow)_t = 0`, cyclic
///   (`lvl_{−1} = lvl_{last}`);
/// - `h2-storage-cap`: `0 ≤ lvl_t ≤ E_existing + E_h2`, `0 ≤ E_h2 ≤ E^max` (0 when `invest`
///   is false);
/// - cost: `(CRF + f) · capex · E_h2`.
pub fn add_h2_storage(
    frame: &mut Frame,
    data: &HydrogenStorageData,
    invest: bool,
) -> HydrogenStorageVars {
    let max_new = if invest { data.max_new_kg } else { 0.0 };
    let new_kg = frame.var(variable().min(0.0).max(max_new));
    let capacity = Expression::from(new_kg) + data.existing_kg;
    let level_kg = frame.hourly(variable().min(0.0).max(data.existing_kg + max_new));
    let steps = frame.steps();
    for t in 0..steps {
        let previous = level_kg[(t + steps - 1) % steps];
        frame.hydrogen_balance[t] += previous;
        frame.hydrogen_balance[t] -= level_kg[t];
        frame.constrain(
            "h2-storage-cap",
            Expression::from(level_kg[t]).leq(capacity.clone()),
        );
    }
    frame.has_hydrogen = true;
    frame.add_cost_rmb(data.cost_per_kg.annual_rmb_per_unit(), new_kg);
    HydrogenStorageVars { new_kg, level_kg }
}
