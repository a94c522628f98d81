//! Battery storage: energy and power sized apart, cyclic state of charge.

use super::frame::Frame;
use crate::scenario::park::BatteryData;
use good_lp::{variable, Expression, Variable};

/// Handles to the battery variables.
#[derive(Debug, Clone)]
pub struct BatteryVars {
    /// New energy capacity `E_bat`, MWh.
    pub new_mwh: Variable,
    /// New power capacity `P_bat`, MW.
    pub new_mw: Variable,
    /// Charging `ch_t`, MW.
    pub charge_mw: Vec<Variable>,
    /// Discharging `dis_t`, MW.
    pub discharge_mw: Vec<Variable>,
    /// State of charge at the end of step `t`, MWh.
    pub soc_mwh: Vec<Variable>,
}

/// Adds a battery (formulation §2–§3).
///
/// - `battery-duration-max/min`: `E ≤ d_max · P`, `E ≥ d_min · P` (totals incl. existing);
/// - `battery-soc`: `soc_t = soc_{t−1} + η_ch · ch_t − dis_t / η_dis`, cyclic (`soc_{−1} = soc_{last}`);
/// - `battery-energy-cap`, `battery-charge-cap`, `battery-discharge-cap`: `soc_t ≤ E`,
///   `ch_t ≤ P`, `dis_t ≤ P`;
/// - cost: annualised energy and power capex, and wear `v_bat · Σ_t w_t dis_t`.
pub fn add_battery(frame: &mut Frame, battery: &BatteryData, invest: bool) -> BatteryVars {
    let max_mwh = if invest { battery.max_new_mwh } else { 0.0 };
    let max_mw = if battery.min_duration_h > 0.0 {
        max_mwh / battery.min_duration_h
    } else {
        max_mwh
    };
    let new_mwh = frame.var(variable().min(0.0).max(max_mwh));
    let new_mw = frame.var(variable().min(0.0).max(max_mw));
    let energy_mwh = Expression::from(new_mwh) + battery.existing_mwh;
    let power_mw = Expression::from(new_mw) + battery.existing_mw;
    frame.constrain(
        "battery-duration-max",
        energy_mwh
            .clone()
            .leq(power_mw.clone() * battery.max_duration_h),
    );
    frame.constrain(
        "battery-duration-min",
        energy_mwh
            .clone()
            .geq(power_mw.clone() * battery.min_duration_h),
    );
    let charge_mw = frame.hourly(variable().min(0.0));
    let discharge_mw = frame.hourly(variable().min(0.0));
    let soc_mwh = frame.hourly(variable().min(0.0));
    let steps = frame.steps();
    for t in 0..steps {
        let previous = soc_mwh[(t + steps - 1) % steps];
        frame.constrain(
            "battery-soc",
            Expression::from(soc_mwh[t]).eq(Expression::from(previous)
                + battery.charge_eff * charge_mw[t]
                - discharge_mw[t] * (1.0 / battery.discharge_eff)),
        );
        frame.constrain(
            "battery-energy-cap",
            Expression::from(soc_mwh[t]).leq(energy_mwh.clone()),
        );
        frame.constrain(
            "battery-charge-cap",
            Expression::from(charge_mw[t]).leq(power_mw.clone()),
        );
        frame.constrain(
            "battery-discharge-cap",
            Expression::from(discharge_mw[t]).leq(power_mw.clone()),
        );
        frame.electricity_balance[t] += discharge_mw[t];
        frame.electricity_balance[t] -= charge_mw[t];
    }
    frame.add_cost_rmb(battery.cost_per_mwh.annual_rmb_per_unit(), new_mwh);
    frame.add_cost_rmb(battery.cost_per_mw.annual_rmb_per_unit(), new_mw);
    frame.add_hourly_cost_rmb(|_| battery.wear_cost_rmb_per_mwh, &discharge_mw);
    BatteryVars {
        new_mwh,
        new_mw,
        charge_mw,
        discharge_mw,
        soc_mwh,
    }
}
