//! The heat system: demand, the existing gas boiler, electric boilers, heat pumps and
//! thermal storage, all in the hourly heat balance (MW_th).

use super::frame::Frame;
use super::storage::{add_levels, StoreFamilies};
use crate::scenario::park::{HeatData, HeatUnitData};
use good_lp::{variable, Expression, Variable};

/// Handles to the heat variables.
#[derive(Debug, Clone)]
pub struct HeatVars {
    /// Gas boiler heat output `gb_t`, MW_th (its gas use is `gb_t / η_gb`).
    pub gas_boiler_mw_th: Option<Vec<Variable>>,
    /// New electric boiler capacity `P_eb`, MW_th.
    pub electric_boiler_new_mw_th: Option<Variable>,
    /// Electric boiler heat output `eb_t`, MW_th.
    pub electric_boiler_mw_th: Option<Vec<Variable>>,
    /// New heat pump capacity `P_hp`, MW_th.
    pub heat_pump_new_mw_th: Option<Variable>,
    /// Heat pump heat output `hp_t`, MW_th.
    pub heat_pump_mw_th: Option<Vec<Variable>>,
    /// New thermal storage `E_ts`, MWh_th.
    pub thermal_storage_new_mwh_th: Option<Variable>,
    /// Thermal storage charge `tsc_t`, MW_th.
    pub thermal_charge_mw_th: Option<Vec<Variable>>,
    /// Thermal storage discharge `tsd_t`, MW_th.
    pub thermal_discharge_mw_th: Option<Vec<Variable>>,
    /// Thermal storage level `ts_t` at the end of step `t`, MWh_th.
    pub thermal_level_mwh_th: Option<Vec<Expression>>,
}

impl HeatVars {
    /// Gas burnt `fuel_t = gb_t / η_gb`, MW (LHV), as an expression, when there is a gas boiler.
    pub fn gas_fuel_mw(&self, heat: &HeatData, t: usize) -> Option<Expression> {
        let boiler = heat.gas_boiler.as_ref()?;
        let gb = self.gas_boiler_mw_th.as_ref()?;
        Some(Expression::from(gb[t]) * (1.0 / boiler.efficiency))
    }
}

/// Adds the heat system (formulation §2–§5).
///
/// - `L^h_t` taken from each step's heat balance;
/// - gas boiler (existing, no capex): `0 ≤ gb_t ≤ P_gb` (a bound), gas `fuel_t = gb_t / η_gb`
///   costing `c^gas` per MWh (LHV), with `ef_gas · Σ w fuel` in EM, `k_gas · Σ w fuel` in EC
///   and in the non-clean energy (formulation §4);
/// - `electric-boiler-cap`: `eb_t ≤ P_eb,existing + P_eb`; draws `eb_t / η_eb` from the
///   electricity balance, `k_e · Σ w eb / η_eb` in EC;
/// - `heat-pump-cap`: `hp_t ≤ P_hp,existing + P_hp`; draws `hp_t / COP_t`,
///   `k_e · Σ w hp / COP` in EC;
/// - thermal storage: `thermal-storage-level`: `ts_t = ts_{t−1} + tsc_t − tsd_t` (levels chained as every
///   store's are, [`add_levels`]),
///   `thermal-storage-cap`: `ts_t ≤ E_ts`, `thermal-storage-charge-cap` and
///   `thermal-storage-discharge-cap`: `tsc_t, tsd_t ≤ E_ts / d_ts`;
/// - cost: annualised capex of new electric boilers, heat pumps and storage.
pub fn add_heat(frame: &mut Frame, heat: &HeatData, invest: bool) -> HeatVars {
    frame.has_heat = true;
    for (t, load) in heat.demand_mw_th.iter().enumerate() {
        frame.heat_balance[t] -= *load;
    }
    let mut vars = HeatVars {
        gas_boiler_mw_th: None,
        electric_boiler_new_mw_th: None,
        electric_boiler_mw_th: None,
        heat_pump_new_mw_th: None,
        heat_pump_mw_th: None,
        thermal_storage_new_mwh_th: None,
        thermal_charge_mw_th: None,
        thermal_discharge_mw_th: None,
        thermal_level_mwh_th: None,
    };

    if let Some(boiler) = &heat.gas_boiler {
        let output = frame.hourly(
            "gas-boiler-heat",
            variable().min(0.0).max(boiler.capacity_mw_th),
        );
        for (t, gb) in output.iter().enumerate() {
            frame.heat_balance[t] += *gb;
        }
        let fuel_per_heat = 1.0 / boiler.efficiency;
        frame.add_hourly_cost_rmb(|_| boiler.gas_price_rmb_per_mwh * fuel_per_heat, &output);
        let annual_fuel = frame.annual(&output) * fuel_per_heat;
        frame.terms.gas_fuel_mwh += annual_fuel;
        vars.gas_boiler_mw_th = Some(output);
    }

    if let Some((unit, efficiency)) = &heat.electric_boiler {
        let per_heat = 1.0 / efficiency;
        let (new, output) = add_electric_heater(
            frame,
            ("electric-boiler", "electric-boiler-cap"),
            unit,
            invest,
            &|_| per_heat,
        );
        vars.electric_boiler_new_mw_th = Some(new);
        vars.electric_boiler_mw_th = Some(output);
    }
    if let Some((unit, cop)) = &heat.heat_pump {
        let (new, output) =
            add_electric_heater(frame, ("heat-pump", "heat-pump-cap"), unit, invest, &|t| {
                1.0 / cop[t]
            });
        vars.heat_pump_new_mw_th = Some(new);
        vars.heat_pump_mw_th = Some(output);
    }

    if let Some(store) = &heat.thermal_storage {
        let max_new = if invest { store.max_new_mwh_th } else { 0.0 };
        let new = frame.var("thermal-storage-new", variable().min(0.0).max(max_new));
        let energy = Expression::from(new) + store.existing_mwh_th;
        let rate = energy.clone() * (1.0 / store.duration_h);
        let max_rate = (store.existing_mwh_th + max_new) / store.duration_h;
        let charge = frame.hourly("thermal-storage-charge", variable().min(0.0).max(max_rate));
        let discharge = frame.hourly(
            "thermal-storage-discharge",
            variable().min(0.0).max(max_rate),
        );
        let families = StoreFamilies {
            level: "thermal-storage-level",
            capacity: "thermal-storage-cap",
        };
        let (levels, change) =
            add_levels(frame, families, &energy, store.existing_mwh_th + max_new);
        for (t, change) in change.into_iter().enumerate() {
            frame.constrain(
                "thermal-storage-level",
                change.eq(Expression::from(charge[t]) - discharge[t]),
            );
            frame.constrain(
                "thermal-storage-charge-cap",
                Expression::from(charge[t]).leq(rate.clone()),
            );
            frame.constrain(
                "thermal-storage-discharge-cap",
                Expression::from(discharge[t]).leq(rate.clone()),
            );
            frame.heat_balance[t] += discharge[t];
            frame.heat_balance[t] -= charge[t];
        }
        frame.add_cost_rmb(store.cost_per_mwh_th.annual_rmb_per_unit(), new);
        vars.thermal_storage_new_mwh_th = Some(new);
        vars.thermal_charge_mw_th = Some(charge);
        vars.thermal_discharge_mw_th = Some(discharge);
        vars.thermal_level_mwh_th = Some(levels.level);
    }
    vars
}

/// An electric heater (electric boiler or heat pump): new capacity in `[0, max]`, hourly heat
/// output `q_t ≤ capacity` (row family `family`, columns of family `tech`) into the heat balance, electricity
/// `q_t · e_t` (`e_t = 1/η_eb` or `1/COP_t`) out of the electricity balance and
/// `Σ_t w_t q_t e_t` into the electricity at end uses. Returns the new capacity and the
/// outputs.
fn add_electric_heater(
    frame: &mut Frame,
    (tech, family): (&'static str, &'static str),
    unit: &HeatUnitData,
    invest: bool,
    electricity_per_heat: &dyn Fn(usize) -> f64,
) -> (Variable, Vec<Variable>) {
    let max_new = if invest { unit.max_new_mw_th } else { 0.0 };
    let new = frame.var(tech, variable().min(0.0).max(max_new));
    let capacity = Expression::from(new) + unit.existing_mw_th;
    let output = frame.hourly(tech, variable().min(0.0).max(unit.existing_mw_th + max_new));
    let mut annual_electricity = Expression::with_capacity(output.len());
    for (t, out) in output.iter().enumerate() {
        frame.constrain(family, Expression::from(*out).leq(capacity.clone()));
        frame.heat_balance[t] += *out;
        let e = electricity_per_heat(t);
        frame.electricity_balance[t].add_mul(-e, *out);
        annual_electricity.add_mul(frame.time.weight_h[t] * e, *out);
    }
    frame.terms.electric_end_use_mwh += annual_electricity;
    frame.add_cost_rmb(unit.cost_per_mw_th.annual_rmb_per_unit(), new);
    (new, output)
}
