//! Variable renewable generation shared by PV and wind: output up to the resource.

use super::frame::{Frame, MIN_CAPACITY_FACTOR};
use good_lp::{variable, Expression, Variable};

/// Capacity factors as the model uses them: values below [`MIN_CAPACITY_FACTOR`] become 0.
pub fn usable_capacity_factors(cf: &[f64]) -> Vec<f64> {
    cf.iter()
        .map(|cf| if *cf < MIN_CAPACITY_FACTOR { 0.0 } else { *cf })
        .collect()
}

/// Adds hourly output `g_t` with `0 ≤ g_t ≤ cf_t · capacity` (family `family`), feeds it into
/// the electricity balance and the annual renewable output, and charges `var_om_rmb_per_mwh`.
/// The gap between `cf_t · capacity` and `g_t` is curtailment. Hours with `cf_t = 0` get an
/// upper bound of 0 instead of a row.
pub fn add_variable_output(
    frame: &mut Frame,
    family: &'static str,
    cf: &[f64],
    capacity_mw: &Expression,
    var_om_rmb_per_mwh: f64,
) -> Vec<Variable> {
    let output_mw: Vec<Variable> = cf
        .iter()
        .enumerate()
        .map(|(t, cf)| {
            let upper = if *cf == 0.0 { 0.0 } else { f64::INFINITY };
            frame.var_at(family, t, variable().min(0.0).max(upper))
        })
        .collect();
    for (t, out) in output_mw.iter().enumerate() {
        if cf[t] > 0.0 {
            frame.constrain(
                family,
                Expression::from(*out).leq(capacity_mw.clone() * cf[t]),
            );
        }
        frame.electricity_balance[t] += *out;
    }
    let annual = frame.annual(&output_mw);
    frame.renewable_output_mwh += annual;
    let full_load_hours = frame.time.annual(cf);
    frame.renewable_available_mwh += capacity_mw.clone() * full_load_hours;
    frame.add_hourly_cost_rmb(|_| var_om_rmb_per_mwh, &output_mw);
    output_mw
}
