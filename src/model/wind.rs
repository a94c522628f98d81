//! Wind: whole turbines of a unit size, hourly output up to the capacity factor.

use super::frame::Frame;
use super::generation::{add_variable_output, usable_capacity_factors};
use crate::scenario::park::WindData;
use good_lp::{Expression, Variable};

/// Handles to the wind variables.
#[derive(Debug, Clone)]
pub struct WindVars {
    /// New turbines `N_wt` (integer).
    pub new_turbines: Variable,
    /// Output `wt_t`, MW.
    pub output_mw: Vec<Variable>,
    /// Capacity factors the model used.
    pub cf_used: Vec<f64>,
}

/// Adds wind (formulation §2–§3).
///
/// Family `wind-availability`: `wt_t ≤ cf_t · U_wt · (N_existing + N_wt)`, with
/// `N_wt ∈ {0 … N_wt^max}` integer (0 when `invest` is false). Capacity is the expression
/// `U_wt · N`; the cost is `(CRF + f) · capex · U_wt` per turbine.
pub fn add_wind(frame: &mut Frame, wind: &WindData, invest: bool) -> WindVars {
    let max_new = if invest {
        f64::from(wind.max_new_turbines)
    } else {
        0.0
    };
    let new_turbines = frame.sizing_integer("wind-turbines", max_new);
    let cf_used = usable_capacity_factors(&wind.cf);
    let capacity_mw = Expression::from(new_turbines) * wind.unit_mw
        + wind.unit_mw * f64::from(wind.existing_turbines);
    let output_mw = add_variable_output(
        frame,
        "wind-availability",
        &cf_used,
        &capacity_mw,
        wind.var_om_rmb_per_mwh,
    );
    frame.add_cost_rmb(wind.cost_per_turbine.annual_rmb_per_unit(), new_turbines);
    WindVars {
        new_turbines,
        output_mw,
        cf_used,
    }
}
