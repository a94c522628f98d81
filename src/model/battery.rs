//! Battery storage: energy and power sized apart, cyclic state of charge.

use super::frame::Frame;
use super::storage::{add_levels, forbid_simultaneous, StoreFamilies};
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
    pub soc_mwh: Vec<Expression>,
    /// Steps where charging and discharging at once is forbidden, with their binaries.
    pub direction: Vec<(usize, Variable)>,
}

/// Adds a battery (formulation §2–§3).
///
/// - `battery-duration-max/min`: `E ≤ d_max · P`, `E ≥ d_min · P` (totals incl. existing);
/// - `battery-soc`: `soc_t = soc_{t−1} + η_ch · ch_t − dis_t / η_dis`, levels chained as
///   every store's are ([`add_levels`]);
/// - `battery-energy-cap`, `battery-charge-cap`, `battery-discharge-cap`: `soc_t ≤ E`,
///   `ch_t ≤ P`, `dis_t ≤ P`;
/// - `battery-direction` (in `exclusive_steps` only, see [`forbid_simultaneous`]): a binary
///   per step with `ch_t ≤ P^max · y_t`, `dis_t ≤ P^max · (1 − y_t)`;
/// - cost: annualised energy and power capex, and wear `v_bat · Σ_t w_t dis_t`.
pub fn add_battery(
    frame: &mut Frame,
    battery: &BatteryData,
    invest: bool,
    exclusive_steps: &[usize],
) -> BatteryVars {
    let max_mwh = if invest { battery.max_new_mwh } else { 0.0 };
    let max_mw = if battery.min_duration_h > 0.0 {
        max_mwh / battery.min_duration_h
    } else {
        max_mwh
    };
    let new_mwh = frame.var("battery-new-energy", variable().min(0.0).max(max_mwh));
    let new_mw = frame.var("battery-new-power", variable().min(0.0).max(max_mw));
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
    let charge_mw = frame.hourly("battery-charge", variable().min(0.0));
    let discharge_mw = frame.hourly("battery-discharge", variable().min(0.0));
    let families = StoreFamilies {
        level: "battery-soc",
        capacity: "battery-energy-cap",
    };
    let max_energy_mwh = battery.existing_mwh + max_mwh;
    let (levels, change) = add_levels(frame, families, &energy_mwh, max_energy_mwh);
    for (t, change) in change.into_iter().enumerate() {
        frame.constrain(
            "battery-soc",
            change
                .eq(battery.charge_eff * charge_mw[t]
                    - discharge_mw[t] * (1.0 / battery.discharge_eff)),
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
    let direction = forbid_simultaneous(
        frame,
        "battery-direction",
        &charge_mw,
        &discharge_mw,
        battery.existing_mw + max_mw,
        exclusive_steps,
    );
    frame.add_cost_rmb(battery.cost_per_mwh.annual_rmb_per_unit(), new_mwh);
    frame.add_cost_rmb(battery.cost_per_mw.annual_rmb_per_unit(), new_mw);
    frame.add_hourly_cost_rmb(|_| battery.wear_cost_rmb_per_mwh, &discharge_mw);
    BatteryVars {
        new_mwh,
        new_mw,
        charge_mw,
        discharge_mw,
        soc_mwh: levels.level,
        direction,
    }
}
