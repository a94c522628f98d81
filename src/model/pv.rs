//! Photovoltaics: continuous capacity, hourly output up to the capacity factor.

use super::frame::Frame;
use super::generation::{add_variable_output, usable_capacity_factors};
use crate::scenario::park::PvData;
use good_lp::{variable, Expression, Variable};

/// Handles to the PV variables.
#[derive(Debug, Clone)]
pub struct PvVars {
    /// New capacity `P_pv`, MW.
    pub new_mw: Variable,
    /// Output `pv_t`, MW.
    pub output_mw: Vec<Variable>,
    /// Capacity factors the model used.
    pub cf_used: Vec<f64>,
}

/// Adds PV (formulation §2–§3).
///
/// Family `pv-availability`: `pv_t ≤ cf_t · (P_existing + P_pv)`; `0 ≤ P_pv ≤ P_pv^max`
/// (land), fixed to 0 when `invest` is false. The annualised capex
/// `(CRF + f) · capex · P_pv` enters the cost.
pub fn add_pv(frame: &mut Frame, pv: &PvData, invest: bool) -> PvVars {
    let max_new = if invest { pv.max_new_mw } else { 0.0 };
    let new_mw = frame.var("pv-new", variable().min(0.0).max(max_new));
    let cf_used = usable_capacity_factors(&pv.cf);
    let capacity_mw = Expression::from(new_mw) + pv.existing_mw;
    let output_mw = add_variable_output(
        frame,
        "pv-availability",
        &cf_used,
        &capacity_mw,
        pv.var_om_rmb_per_mwh,
    );
    frame.add_cost_rmb(pv.cost_per_mw.annual_rmb_per_unit(), new_mw);
    PvVars {
        new_mw,
        output_mw,
        cf_used,
    }
}
