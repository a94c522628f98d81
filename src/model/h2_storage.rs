//! Hydrogen storage: a working capacity in kg with a cyclic level.

use super::frame::Frame;
use super::storage::{add_levels, StoreFamilies};
use crate::scenario::park::HydrogenStorageData;
use good_lp::{variable, Expression, Variable};

/// Handles to the hydrogen storage variables.
#[derive(Debug, Clone)]
pub struct HydrogenStorageVars {
    /// New working capacity `E_h2`, kg.
    pub new_kg: Variable,
    /// Level `lvl_t` at the end of step `t`, kg.
    pub level_kg: Vec<Expression>,
}

/// Adds hydrogen storage (formulation §2–§3).
///
/// - the level change enters the hydrogen balance: `lvl_t = lvl_{t−1} + (inflow − outflow)_t`
///   is written as `lvl_{t−1} − lvl_t + (inflow − outflow)_t = 0`, levels chained as every
///   store's are ([`add_levels`]);
/// - `h2-storage-cap`: `0 ≤ lvl_t ≤ E_existing + E_h2`, `0 ≤ E_h2 ≤ E^max` (0 when `invest`
///   is false);
/// - cost: `(CRF + f) · capex · E_h2`.
pub fn add_h2_storage(
    frame: &mut Frame,
    data: &HydrogenStorageData,
    invest: bool,
) -> HydrogenStorageVars {
    let max_new = if invest { data.max_new_kg } else { 0.0 };
    let new_kg = frame.var("h2-storage-new", variable().min(0.0).max(max_new));
    let capacity = Expression::from(new_kg) + data.existing_kg;
    let families = StoreFamilies {
        level: "h2-storage-level",
        capacity: "h2-storage-cap",
    };
    let (levels, change) = add_levels(frame, families, &capacity, data.existing_kg + max_new);
    for (t, change) in change.into_iter().enumerate() {
        frame.hydrogen_balance[t] -= change;
    }
    frame.has_hydrogen = true;
    frame.add_cost_rmb(data.cost_per_kg.annual_rmb_per_unit(), new_kg);
    HydrogenStorageVars {
        new_kg,
        level_kg: levels.level,
    }
}
