//! Indicators and costs recomputed from the dispatch and the park data alone (formulation
//! §4–§6), independent of the model's expressions, so that they check the model.

use super::dispatch::{Capacities, Dispatch};
use crate::scenario::park::Reading;
use crate::scenario::Park;
use serde::Serialize;
use std::collections::BTreeMap;

/// The annual indicators of one solution.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Kpis {
    /// EM, t CO2/yr.
    pub emissions_t: f64,
    /// EC, tce/yr.
    pub energy_tce: f64,
    /// EM / EC, t CO2 per tce.
    pub intensity_t_per_tce: f64,
    /// λ in force, t CO2 per tce.
    pub intensity_limit_t_per_tce: f64,
    /// Clean-energy share of the energy consumed, 0..1 (definition at [`clean_share`]).
    pub clean_share: f64,
    /// The clean share as formulation §4 writes its report, `1 − (left side of the
    /// clean-share row) / EC`, with gross imports and purchases and EC without battery
    /// losses: the figure the row holds at or above σ. Not clipped: below 0 where a battery's
    /// losses are bought from the grid (why `clean_share` is defined otherwise).
    pub clean_share_row: f64,
    /// Σ w imp, MWh/yr.
    pub grid_import_mwh: f64,
    /// Σ w exp, MWh/yr.
    pub grid_export_mwh: f64,
    /// Σ w grn, MWh/yr.
    pub green_purchase_mwh: f64,
    /// Green certificates bought, MWh/yr.
    pub certificates_mwh: f64,
    /// PV and wind generation dispatched, MWh/yr.
    pub renewable_generation_mwh: f64,
    /// PV and wind available but not used, MWh/yr.
    pub curtailment_mwh: f64,
    /// Share of dispatched PV and wind used in the park (not exported).
    pub renewable_self_consumption: f64,
    /// Battery discharge, MWh/yr.
    pub battery_discharge_mwh: f64,
    /// Battery losses (charge − discharge), MWh/yr; not counted in EC (formulation §4).
    pub battery_losses_mwh: f64,
    /// Demand not served (diagnosis only), MWh/yr.
    pub unserved_mwh: f64,
    /// Overnight capex of new capacity, RMB.
    pub capex_rmb: f64,
    /// Annualised cost (capital, fixed and variable O&M) of the PV and wind the plan builds
    /// per MWh they deliver (their share of the on-site output, by capacity), RMB/MWh; None
    /// when the plan builds none.
    pub lcoe_rmb_per_mwh: Option<f64>,
    /// (cost_plan − cost_base) / (EM_base − EM_plan), RMB/t.
    pub abatement_cost_rmb_per_t: Option<f64>,
    /// Capex / (operating cost saving per year), years.
    pub payback_years: Option<f64>,
    /// Hydrogen delivered to the park's demand, kg/yr.
    pub hydrogen_demand_kg: f64,
    /// Hydrogen produced by the electrolysers, kg/yr.
    pub hydrogen_produced_kg: f64,
    /// Hydrogen bought, kg/yr.
    pub hydrogen_bought_kg: f64,
    /// Hydrogen sold, kg/yr.
    pub hydrogen_sold_kg: f64,
    /// Electricity used by the electrolysers, MWh/yr.
    pub electrolyser_electricity_mwh: f64,
    /// Electrolyser full-load hours: electricity used / installed power, h/yr.
    pub electrolyser_full_load_hours: Option<f64>,
    /// Levelised cost of hydrogen produced, RMB/kg: (annualised stacks incl. replacement and
    /// fixed O&M + hydrogen storage + Σ_t w_t ely_t · marginal cost of electricity_t) / kg
    /// produced.
    pub lcoh_rmb_per_kg: Option<f64>,
    /// Electricity of the electrolysers valued at the hourly marginal cost, RMB/yr.
    pub electrolyser_electricity_value_rmb: Option<f64>,
    /// Heat demand, MWh_th/yr.
    pub heat_demand_mwh_th: f64,
    /// Heat from the gas boiler, MWh_th/yr.
    pub heat_from_gas_mwh_th: f64,
    /// Heat from electric boilers, MWh_th/yr.
    pub heat_from_electric_boiler_mwh_th: f64,
    /// Heat from heat pumps, MWh_th/yr.
    pub heat_from_heat_pump_mwh_th: f64,
    /// Electricity of electric boilers and heat pumps, MWh/yr.
    pub heat_electricity_mwh: f64,
    /// Natural gas burnt, MWh/yr (LHV).
    pub gas_use_mwh: f64,
    /// Natural gas burnt, Nm³/yr.
    pub gas_use_nm3: f64,
    /// CO2 of the process sources (counted or not), t/yr.
    pub co2_process_t: f64,
    /// CO2 captured, t/yr.
    pub co2_captured_t: f64,
    /// CO2 captured and sent to storage, t/yr.
    pub co2_stored_t: f64,
    /// CO2 captured and sold for use, t/yr.
    pub co2_utilised_t: f64,
    /// CO2 deducted from EM (stored, from counted sources, with `ccus_deduction`), t/yr.
    pub co2_deducted_t: f64,
    /// Electricity used by CO2 capture, MWh/yr.
    pub ccus_electricity_mwh: f64,
    /// Heat used by CO2 capture, MWh_th/yr.
    pub ccus_heat_mwh_th: f64,
    /// Heat demand not served (diagnosis only), MWh_th/yr.
    pub unserved_heat_mwh_th: f64,
    /// EM / EC under the rules' further readings: the enforced ones (`rules.robust`) first,
    /// then the standard ones, each changing one of the scenario's choices.
    pub intensity_by_reading: Vec<ReadingIntensity>,
    /// The direct green-power supply shares, when the scenario sets those rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct_supply: Option<DirectSupplyShares>,
    /// EM by term of formulation §4, t/yr (certificates and CCUS deduction negative).
    pub emissions_by_term_t: BTreeMap<&'static str, f64>,
    /// EC by term of formulation §4, tce/yr (hydrogen sold negative).
    pub energy_by_term_tce: BTreeMap<&'static str, f64>,
}

/// The plan's EM, EC and intensity under one reading of the rule's open choices.
#[derive(Debug, Clone, Serialize)]
pub struct ReadingIntensity {
    /// The reading and its factors.
    pub reading: Reading,
    /// Whether the plan was made to meet λ under it (`rules.robust`).
    pub enforced: bool,
    /// EM, t CO2/yr.
    pub emissions_t: f64,
    /// EC, tce/yr.
    pub energy_tce: f64,
    /// EM / EC, t CO2 per tce.
    pub intensity_t_per_tce: f64,
    /// Whether the intensity is within λ (relative tolerance 10⁻⁶).
    pub meets_limit: bool,
    /// λ this reading is held to, t CO2/tce: the scenario's; under `auto`, the tier of the
    /// baseline's EC under this reading (a park over 1 Mtce/yr on the equivalent basis can be
    /// under it on the calorific basis, and held to 0.2 there).
    pub limit_t_per_tce: f64,
}

/// The direct green-power supply shares (`rules.direct_supply`), 0..1, on annual energy:
/// `A` PV and wind available, `R` dispatched, `X` exported, `U` electricity at end uses.
#[derive(Debug, Clone, Serialize)]
pub struct DirectSupplyShares {
    /// `X / A`.
    pub export_share_of_generation: f64,
    /// `(R − X) / A`.
    pub self_use_share_of_generation: f64,
    /// `(R − X) / U`.
    pub self_use_share_of_consumption: f64,
    /// The rules: `max_export_share_of_generation`, `min_self_use_share_of_generation`,
    /// `min_share_of_consumption`.
    pub rules: crate::scenario::spec::DirectSupplySpec,
    /// The rules missed, by the names of the rows (`direct-export-share`, ...).
    pub missed: Vec<&'static str>,
}

impl Kpis {
    /// Whether EM / EC is within λ, to the solver's relative tolerance of 10⁻⁶: the verdict
    /// on the core rule.
    pub fn meets_intensity_limit(&self) -> bool {
        self.intensity_t_per_tce <= self.intensity_limit_t_per_tce * (1.0 + 1e-6) + 1e-9
    }
}

/// Annual cost by item, RMB/yr (negative for revenue).
pub type Costs = BTreeMap<&'static str, f64>;

/// Suffix of the cost items that are annualised capital (not operation).
pub const CAPITAL_SUFFIX: &str = "_capital";

/// Adds `<tech>_capital` and `<tech>_fixed_om` for `size` units costing `cost` each; returns
/// their sum and adds the overnight capex to `capex_rmb`.
fn add_investment(
    costs: &mut Costs,
    items: (&'static str, &'static str),
    cost: &crate::scenario::park::InvestmentCost,
    size: f64,
    capex_rmb: &mut f64,
) -> f64 {
    *costs.entry(items.0).or_default() += cost.capital_rmb_per_unit() * size;
    *costs.entry(items.1).or_default() += cost.fixed_om_rmb_per_unit() * size;
    *capex_rmb += cost.capex_rmb_per_unit * size;
    cost.annual_rmb_per_unit() * size
}

/// Computes costs and KPIs of a solution. `intensity_limit` is λ in force.
pub fn evaluate(
    park: &Park,
    caps: &Capacities,
    d: &Dispatch,
    intensity_limit: f64,
) -> (Costs, Kpis) {
    let acc = &park.accounting;
    let mut costs = Costs::new();
    let mut k = Kpis {
        intensity_limit_t_per_tce: intensity_limit,
        ..Default::default()
    };
    let annual = |x: &[f64]| d.annual(x);
    let annual_product = |a: &[f64], b: &[f64]| -> f64 {
        d.weight_h
            .iter()
            .zip(a.iter().zip(b))
            .map(|(w, (x, y))| w * x * y)
            .sum()
    };

    k.grid_import_mwh = annual(&d.import_mw);
    k.grid_export_mwh = annual(&d.export_mw);
    k.green_purchase_mwh = annual(&d.green_mw);
    k.certificates_mwh = d.certificates_mwh;
    let pv_mwh = annual(&d.pv_mw);
    let wind_mwh = annual(&d.wind_mw);
    k.renewable_generation_mwh = pv_mwh + wind_mwh;
    k.curtailment_mwh =
        annual(&d.pv_available_mw) + annual(&d.wind_available_mw) - k.renewable_generation_mwh;
    k.renewable_self_consumption = if k.renewable_generation_mwh > 0.0 {
        ((k.renewable_generation_mwh - k.grid_export_mwh) / k.renewable_generation_mwh).max(0.0)
    } else {
        0.0
    };
    k.battery_discharge_mwh = annual(&d.battery_discharge_mw);
    k.battery_losses_mwh = annual(&d.battery_charge_mw) - k.battery_discharge_mwh;
    k.unserved_mwh = annual(&d.unserved_mw);

    // Formulation §4, term by term, from the flows and the park data.
    let ef = acc.grid_t_co2_per_mwh;
    let k_e = acc.electricity_tce_per_mwh;
    let flows = sector_flows(park, d, &mut k);
    let mut em = BTreeMap::new();
    em.insert("grid", ef * k.grid_import_mwh);
    em.insert("certificates", -ef * k.certificates_mwh);
    em.insert("gas", acc.gas_t_co2_per_mwh * k.gas_use_mwh);
    em.insert("hydrogen_purchase", flows.h2_buy_t_co2);
    em.insert("process", acc.process_factor() * flows.process_counted_t);
    em.insert("ccus_deduction", -k.co2_deducted_t);
    let mut ec = BTreeMap::new();
    ec.insert("electric_load", k_e * annual(&d.load_mw));
    ec.insert("electrolyser", k_e * k.electrolyser_electricity_mwh);
    ec.insert("ccus", k_e * k.ccus_electricity_mwh);
    ec.insert("electric_heat", k_e * k.heat_electricity_mwh);
    ec.insert("gas", acc.gas_tce_per_mwh * k.gas_use_mwh);
    ec.insert(
        "hydrogen_purchase",
        acc.hydrogen_tce_per_kg * k.hydrogen_bought_kg,
    );
    ec.insert(
        "hydrogen_sale",
        -acc.hydrogen_tce_per_kg * k.hydrogen_sold_kg,
    );
    k.emissions_t = em.values().sum();
    k.energy_tce = ec.values().sum();
    k.emissions_by_term_t = em;
    k.energy_by_term_tce = ec;
    k.intensity_t_per_tce = if k.energy_tce > 0.0 {
        k.emissions_t / k.energy_tce
    } else {
        0.0
    };
    k.clean_share = clean_share(park, &k);
    k.clean_share_row = clean_share_row(park, &k);
    let quantities = AccountedQuantities {
        grid_import_mwh: k.grid_import_mwh,
        certificates_mwh: k.certificates_mwh,
        electric_end_use_mwh: annual(&d.load_mw)
            + k.electrolyser_electricity_mwh
            + k.ccus_electricity_mwh
            + k.heat_electricity_mwh,
        gas_fuel_mwh: k.gas_use_mwh,
        h2_bought_kg: k.hydrogen_bought_kg,
        h2_sold_kg: k.hydrogen_sold_kg,
        h2_bought_t_co2: flows.h2_buy_t_co2,
        process_t: k.co2_process_t,
        stored_process_t: flows.stored_process_t,
        stored_flue_t: flows.stored_flue_t,
    };
    k.intensity_by_reading = readings_of_interest(park)
        .map(|(reading, enforced)| {
            let (emissions_t, energy_tce) = quantities.account(reading);
            let intensity_t_per_tce = if energy_tce > 0.0 {
                emissions_t / energy_tce
            } else {
                0.0
            };
            ReadingIntensity {
                reading: reading.clone(),
                enforced,
                emissions_t,
                energy_tce,
                intensity_t_per_tce,
                meets_limit: meets(intensity_t_per_tce, intensity_limit),
                limit_t_per_tce: intensity_limit,
            }
        })
        .collect();
    k.direct_supply = acc.direct_supply.as_ref().map(|rules| {
        let available = annual(&d.pv_available_mw) + annual(&d.wind_available_mw);
        let self_use = k.renewable_generation_mwh - k.grid_export_mwh;
        let share = |x: f64, of: f64| if of > 0.0 { x / of } else { 0.0 };
        direct_supply_shares(
            rules,
            share(k.grid_export_mwh, available),
            share(self_use, available),
            share(self_use, quantities.electric_end_use_mwh),
        )
    });

    // Formulation §5, item by item. The LCOE is that of the PV and wind the plan builds: their
    // annual cost over their share of the on-site output, by capacity (existing plants, whose
    // capital is sunk, would lower it with output that carries no cost).
    let mut generation_cost = 0.0;
    let mut new_generation_mwh = 0.0;
    let new_share = |new: f64, total: f64| if total > 0.0 { new / total } else { 0.0 };
    if let Some(pv) = &park.pv {
        let invest = add_investment(
            &mut costs,
            ("pv_capital", "pv_fixed_om"),
            &pv.cost_per_mw,
            caps.pv_new_mw,
            &mut k.capex_rmb,
        );
        costs.insert("pv_variable_om", pv.var_om_rmb_per_mwh * pv_mwh);
        let new_mwh = pv_mwh * new_share(caps.pv_new_mw, caps.pv_mw);
        generation_cost += invest + pv.var_om_rmb_per_mwh * new_mwh;
        new_generation_mwh += new_mwh;
    }
    if let Some(wind) = &park.wind {
        let invest = add_investment(
            &mut costs,
            ("wind_capital", "wind_fixed_om"),
            &wind.cost_per_turbine,
            f64::from(caps.wind_new_turbines),
            &mut k.capex_rmb,
        );
        costs.insert("wind_variable_om", wind.var_om_rmb_per_mwh * wind_mwh);
        let new_mwh = wind_mwh
            * new_share(
                f64::from(caps.wind_new_turbines),
                f64::from(caps.wind_turbines),
            );
        generation_cost += invest + wind.var_om_rmb_per_mwh * new_mwh;
        new_generation_mwh += new_mwh;
    }
    if let Some(b) = &park.battery {
        let items = ("battery_capital", "battery_fixed_om");
        add_investment(
            &mut costs,
            items,
            &b.cost_per_mwh,
            caps.battery_new_mwh,
            &mut k.capex_rmb,
        );
        add_investment(
            &mut costs,
            items,
            &b.cost_per_mw,
            caps.battery_new_mw,
            &mut k.capex_rmb,
        );
        costs.insert(
            "battery_wear",
            b.wear_cost_rmb_per_mwh * k.battery_discharge_mwh,
        );
    }
    costs.insert(
        "grid_energy",
        annual_product(&d.import_price_rmb_per_mwh, &d.import_mw),
    );
    if let Some(green) = &park.grid.green_power {
        costs.insert(
            "green_power",
            annual_product(&d.import_price_rmb_per_mwh, &d.green_mw)
                + green.premium_rmb_per_mwh * k.green_purchase_mwh,
        );
    }
    if park.grid.export.is_some() {
        costs.insert(
            "export_revenue",
            -annual_product(&d.export_price_rmb_per_mwh, &d.export_mw),
        );
    }
    if let Some(certs) = &park.grid.certificates {
        costs.insert("certificates", certs.price_rmb_per_mwh * k.certificates_mwh);
    }
    if let Some(charge) = park.grid.demand_charge {
        let rate = match charge {
            crate::scenario::park::DemandCharge::MaxDemand { rmb_per_mw_month }
            | crate::scenario::park::DemandCharge::Contracted { rmb_per_mw_month } => {
                rmb_per_mw_month
            }
        };
        costs.insert(
            "demand_charge",
            d.billed_peaks
                .iter()
                .map(|(mw, months)| rate * mw * months)
                .sum(),
        );
    }
    sector_costs(park, caps, d, &flows, &mut costs, &mut k);
    if acc.carbon_price_rmb_per_t > 0.0 {
        costs.insert("carbon_cost", acc.carbon_price_rmb_per_t * k.emissions_t);
    }
    k.lcoe_rmb_per_mwh = (new_generation_mwh > 0.0).then(|| generation_cost / new_generation_mwh);
    (costs, k)
}

/// Whether an intensity meets λ, to the solver's tolerance.
pub fn meets(intensity_t_per_tce: f64, limit_t_per_tce: f64) -> bool {
    intensity_t_per_tce <= limit_t_per_tce * (1.0 + 1e-6) + 1e-9
}

/// Under `auto`, holds each reading of `plan` that the model does not enforce to the tier of
/// the baseline's EC under that reading (`base`: the baseline's readings; china-rules.md §1:
/// the tier is read from the park's consumption, which each reading counts its own way).
/// A reading of `rules.robust` stays at the λ the model enforced it at.
pub fn tier_each_reading(plan: &mut Kpis, base: &[ReadingIntensity]) {
    for r in plan.intensity_by_reading.iter_mut().filter(|r| !r.enforced) {
        if let Some(b) = base.iter().find(|b| b.reading.name == r.reading.name) {
            let (tier, _) = crate::scenario::park::intensity_limit_for_consumption(b.energy_tce);
            r.limit_t_per_tce = tier;
            r.meets_limit = meets(r.intensity_t_per_tce, tier);
        }
    }
}

/// The reported clean-energy share (清洁能源消费占比), in [0, 1]:
///
/// `1 − NC / (EC + k_e · L)`, where `L` is the battery's round-trip loss (energy the park
/// takes in and loses inside it, which GB/T 2589 counts as consumed) and `NC`, the energy
/// consumed that is not clean, counts
/// - grid power `k_e · max(0, (1 − α) · (imp − x) − C_cert)`, where `x = max(0, exp − R)` is
///   the export not covered by on-site PV and wind `R` (grid power that left the park again
///   was not consumed in it);
/// - gas `k_gas · fuel`;
/// - hydrogen `k_h2 · max(0, h2buy − max(0, h2sale − h2made))`: bought hydrogen, less the
///   sales that own production does not cover (hydrogen resold was not consumed).
///
/// The clean-share *row* of the model (formulation §4) keeps the stricter `NC ≤ (1 − σ) ·
/// EC` with gross imports and purchases and without the losses; this figure is never below
/// the one the row enforces, so a plan that meets the row reports at least σ. (The
/// formulation's reported figure `1 − NC_row / EC` fell below zero when a battery's losses
/// were bought from the grid: −6.3 % for a grid-only park with arbitrage.)
fn clean_share(park: &Park, k: &Kpis) -> f64 {
    let acc = &park.accounting;
    let k_e = acc.electricity_tce_per_mwh;
    let alpha = acc.clean_share.map_or(0.0, |c| c.grid_non_fossil_share);
    let exported_grid_mwh = (k.grid_export_mwh - k.renewable_generation_mwh).max(0.0);
    let grid_mwh =
        ((1.0 - alpha) * (k.grid_import_mwh - exported_grid_mwh) - k.certificates_mwh).max(0.0);
    let resold_kg = (k.hydrogen_sold_kg - k.hydrogen_produced_kg).max(0.0);
    let hydrogen_kg = (k.hydrogen_bought_kg - resold_kg).max(0.0);
    let non_clean_tce = k_e * grid_mwh
        + acc.gas_tce_per_mwh * k.gas_use_mwh
        + acc.hydrogen_tce_per_kg * hydrogen_kg;
    let consumed_tce = k.energy_tce + k_e * k.battery_losses_mwh.max(0.0);
    if consumed_tce > 0.0 {
        // In [0, 1] by construction; only rounding of the annual sums is trimmed here, so a
        // real fault would still show.
        let share = 1.0 - non_clean_tce / consumed_tce;
        if (-1e-9..0.0).contains(&share) {
            0.0
        } else {
            share
        }
    } else {
        1.0
    }
}

/// `1 − NC_row / EC` (formulation §4): `NC_row = k_e · ((1 − α) · imp − C_cert) + k_gas ·
/// fuel + k_h2 · h2buy`, the left side of the clean-share row; 1 when EC is 0.
fn clean_share_row(park: &Park, k: &Kpis) -> f64 {
    let acc = &park.accounting;
    let alpha = acc.clean_share.map_or(0.0, |c| c.grid_non_fossil_share);
    let non_clean_tce = acc.electricity_tce_per_mwh
        * ((1.0 - alpha) * k.grid_import_mwh - k.certificates_mwh)
        + acc.gas_tce_per_mwh * k.gas_use_mwh
        + acc.hydrogen_tce_per_kg * k.hydrogen_bought_kg;
    if k.energy_tce > 0.0 {
        1.0 - non_clean_tce / k.energy_tce
    } else {
        1.0
    }
}

/// The physical annual quantities the accounting reads (formulation §4), from the dispatch.
struct AccountedQuantities {
    grid_import_mwh: f64,
    certificates_mwh: f64,
    electric_end_use_mwh: f64,
    gas_fuel_mwh: f64,
    h2_bought_kg: f64,
    h2_sold_kg: f64,
    h2_bought_t_co2: f64,
    /// CO2 of all process sources, t/yr.
    process_t: f64,
    stored_process_t: f64,
    stored_flue_t: f64,
}

impl AccountedQuantities {
    /// (EM t/yr, EC tce/yr) under `reading` (formulation §4, the reading's factors).
    fn account(&self, reading: &Reading) -> (f64, f64) {
        let proc = reading.process_factor();
        let ded = if reading.ccus_deduction { 1.0 } else { 0.0 };
        let em = reading.grid_t_co2_per_mwh * (self.grid_import_mwh - self.certificates_mwh)
            + reading.gas_t_co2_per_mwh * self.gas_fuel_mwh
            + self.h2_bought_t_co2
            + proc * self.process_t
            - ded * (proc * self.stored_process_t + self.stored_flue_t);
        let ec = reading.electricity_tce_per_mwh * self.electric_end_use_mwh
            + reading.gas_tce_per_mwh * self.gas_fuel_mwh
            + reading.hydrogen_tce_per_kg * (self.h2_bought_kg - self.h2_sold_kg);
        (em, ec)
    }
}

/// The readings reported for `park`: the enforced ones (`rules.robust`), then the standard
/// ones that change something for this park (process CO2 only with process sources, the
/// CCUS deduction only with capture).
fn readings_of_interest(park: &Park) -> impl Iterator<Item = (&Reading, bool)> {
    let acc = &park.accounting;
    let has_process = park.co2.as_ref().is_some_and(|c| {
        c.sources
            .iter()
            .any(|s| s.kind == crate::scenario::spec::Co2SourceKind::Process)
    });
    let has_capture = park.co2.as_ref().is_some_and(|c| !c.captures.is_empty());
    let base = Reading::of(acc);
    let relevant = move |r: &Reading| {
        (r.process_emissions == base.process_emissions || has_process)
            && (r.ccus_deduction == base.ccus_deduction || has_capture)
    };
    acc.robust.iter().map(|r| (r, true)).chain(
        acc.standard_readings
            .iter()
            .enumerate()
            .filter(move |(i, r)| {
                relevant(r) && !acc.robust.contains(r) && !acc.standard_readings[..*i].contains(r)
            })
            .map(|(_, r)| (r, false)),
    )
}

/// The shares against the rules, with the rules missed (relative tolerance 10⁻⁶).
fn direct_supply_shares(
    rules: &crate::scenario::spec::DirectSupplySpec,
    export_share: f64,
    self_use_share: f64,
    consumption_share: f64,
) -> DirectSupplyShares {
    let tol = 1e-6;
    let mut missed = Vec::new();
    if rules
        .max_export_share_of_generation
        .is_some_and(|a| export_share > a + tol)
    {
        missed.push("direct-export-share");
    }
    if rules
        .min_self_use_share_of_generation
        .is_some_and(|b| self_use_share < b - tol)
    {
        missed.push("direct-self-use-of-generation");
    }
    if rules
        .min_share_of_consumption
        .is_some_and(|c| consumption_share < c - tol)
    {
        missed.push("direct-self-use-of-consumption");
    }
    DirectSupplyShares {
        export_share_of_generation: export_share,
        self_use_share_of_generation: self_use_share,
        self_use_share_of_consumption: consumption_share,
        rules: rules.clone(),
        missed,
    }
}

/// Annual flows of hydrogen, heat and CO2 needed by the costs.
struct SectorFlows {
    /// `ef_h2buy · Σ w h2buy`, t.
    h2_buy_t_co2: f64,
    /// Process CO2 of sources whose emissions count (before `[proc]`), t.
    process_counted_t: f64,
    /// Σ w cc by capture plant (scenario order), t.
    captured_by_plant_t: Vec<f64>,
    /// Σ w (cc − u) by capture plant, t.
    stored_by_plant_t: Vec<f64>,
    /// CO2 stored from process sources, t/yr.
    stored_process_t: f64,
    /// CO2 stored from the gas boiler's flue gas, t/yr.
    stored_flue_t: f64,
}

/// Fills the hydrogen, heat and CO2 figures of `k` from the dispatch and the park data.
fn sector_flows(park: &Park, d: &Dispatch, k: &mut Kpis) -> SectorFlows {
    let annual = |x: &[f64]| d.annual(x);
    let mut flows = SectorFlows {
        h2_buy_t_co2: 0.0,
        process_counted_t: 0.0,
        captured_by_plant_t: Vec::new(),
        stored_by_plant_t: Vec::new(),
        stored_process_t: 0.0,
        stored_flue_t: 0.0,
    };
    if let Some(h) = &park.hydrogen {
        k.electrolyser_electricity_mwh = annual(&d.electrolyser_mw);
        k.hydrogen_produced_kg = h
            .electrolyser
            .as_ref()
            .map_or(0.0, |e| e.kg_per_mwh * k.electrolyser_electricity_mwh);
        k.hydrogen_bought_kg = annual(&d.h2_bought_kg_per_h);
        k.hydrogen_sold_kg = annual(&d.h2_sold_kg_per_h);
        k.hydrogen_demand_kg = annual(&d.h2_demand_kg_per_h);
        flows.h2_buy_t_co2 = h.purchase.map_or(0.0, |(_, ef)| ef * k.hydrogen_bought_kg);
    }
    if let Some(h) = &park.heat {
        k.heat_demand_mwh_th = park.time.annual(&h.demand_mw_th);
        k.heat_from_gas_mwh_th = annual(&d.gas_boiler_mw_th);
        k.heat_from_electric_boiler_mwh_th = annual(&d.electric_boiler_mw_th);
        k.heat_from_heat_pump_mwh_th = annual(&d.heat_pump_mw_th);
        if let Some(g) = &h.gas_boiler {
            k.gas_use_mwh = k.heat_from_gas_mwh_th / g.efficiency;
            k.gas_use_nm3 = k.gas_use_mwh * 1000.0 / g.gas_lhv_kwh_per_nm3;
        }
        let eb = h
            .electric_boiler
            .as_ref()
            .map_or(0.0, |(_, eff)| k.heat_from_electric_boiler_mwh_th / eff);
        let hp: f64 = h.heat_pump.as_ref().map_or(0.0, |(_, cop)| {
            d.weight_h
                .iter()
                .zip(d.heat_pump_mw_th.iter().zip(cop))
                .map(|(w, (q, c))| w * q / c)
                .sum()
        });
        k.heat_electricity_mwh = eb + hp;
        k.unserved_heat_mwh_th = annual(&d.unserved_heat_mw_th);
    }
    if let Some(co2) = &park.co2 {
        for source in &co2.sources {
            if source.kind == crate::scenario::spec::Co2SourceKind::Process {
                let t = park.time.annual(&source.flow_t_per_h);
                k.co2_process_t += t;
                if source.counted {
                    flows.process_counted_t += t;
                }
            }
        }
        for capture in &co2.captures {
            let f = &d.co2_sources[capture.source];
            let captured = annual(&f.captured_t_per_h);
            let utilised = annual(&f.utilised_t_per_h);
            k.co2_captured_t += captured;
            k.co2_utilised_t += utilised;
            k.co2_stored_t += captured - utilised;
            k.ccus_electricity_mwh += capture.electricity_mwh_per_t * captured;
            k.ccus_heat_mwh_th += capture.heat_mwh_th_per_t * captured;
            if park.accounting.ccus_deduction && co2.sources[capture.source].counted {
                k.co2_deducted_t += captured - utilised;
            }
            flows.captured_by_plant_t.push(captured);
            flows.stored_by_plant_t.push(captured - utilised);
            match co2.sources[capture.source].kind {
                crate::scenario::spec::Co2SourceKind::Process => {
                    flows.stored_process_t += captured - utilised
                }
                crate::scenario::spec::Co2SourceKind::GasBoiler => {
                    flows.stored_flue_t += captured - utilised
                }
            }
        }
    }
    flows
}

/// Adds the cost items of hydrogen, heat and CCUS (formulation §5) and the LCOH.
fn sector_costs(
    park: &Park,
    caps: &Capacities,
    d: &Dispatch,
    flows: &SectorFlows,
    costs: &mut Costs,
    k: &mut Kpis,
) {
    if let Some(h) = &park.hydrogen {
        let mut chain_rmb = 0.0;
        if let Some(e) = &h.electrolyser {
            let stacks = f64::from(caps.electrolyser_new_stacks);
            chain_rmb += add_investment(
                costs,
                ("electrolyser_capital", "electrolyser_fixed_om"),
                &e.cost_per_stack,
                stacks,
                &mut k.capex_rmb,
            );
            costs.insert(
                "electrolyser_stack_replacement_capital",
                e.cost_per_stack.replacement_rmb_per_unit() * stacks,
            );
            k.electrolyser_full_load_hours = (caps.electrolyser_mw > 0.0)
                .then(|| k.electrolyser_electricity_mwh / caps.electrolyser_mw);
        }
        if let Some(s) = &h.storage {
            chain_rmb += add_investment(
                costs,
                ("h2_storage_capital", "h2_storage_fixed_om"),
                &s.cost_per_kg,
                caps.h2_storage_new_kg,
                &mut k.capex_rmb,
            );
        }
        if let Some((price, _)) = h.purchase {
            costs.insert("hydrogen_purchase", price * k.hydrogen_bought_kg);
        }
        if let Some((price, _)) = h.sale {
            costs.insert("hydrogen_sale_revenue", -price * k.hydrogen_sold_kg);
        }
        k.electrolyser_electricity_value_rmb =
            d.electricity_marginal_cost_rmb_per_mwh.as_ref().map(|mc| {
                d.weight_h
                    .iter()
                    .zip(d.electrolyser_mw.iter().zip(mc))
                    .map(|(w, (p, c))| w * p * c)
                    .sum()
            });
        k.lcoh_rmb_per_kg = match k.electrolyser_electricity_value_rmb {
            Some(value) if k.hydrogen_produced_kg > 1e-6 => {
                Some((chain_rmb + value) / k.hydrogen_produced_kg)
            }
            _ => None,
        };
    }
    if let Some(h) = &park.heat {
        if let Some(g) = &h.gas_boiler {
            costs.insert("gas_fuel", g.gas_price_rmb_per_mwh * k.gas_use_mwh);
        }
        if let Some((unit, _)) = &h.electric_boiler {
            add_investment(
                costs,
                ("electric_boiler_capital", "electric_boiler_fixed_om"),
                &unit.cost_per_mw_th,
                caps.electric_boiler_new_mw,
                &mut k.capex_rmb,
            );
        }
        if let Some((unit, _)) = &h.heat_pump {
            add_investment(
                costs,
                ("heat_pump_capital", "heat_pump_fixed_om"),
                &unit.cost_per_mw_th,
                caps.heat_pump_new_mw,
                &mut k.capex_rmb,
            );
        }
        if let Some(store) = &h.thermal_storage {
            add_investment(
                costs,
                ("thermal_storage_capital", "thermal_storage_fixed_om"),
                &store.cost_per_mwh_th,
                caps.thermal_storage_new_mwh,
                &mut k.capex_rmb,
            );
        }
    }
    if let Some(co2) = &park.co2 {
        if co2.captures.is_empty() {
            return;
        }
        let mut variable = 0.0;
        let mut stored = 0.0;
        for (i, capture) in co2.captures.iter().enumerate() {
            let name = &co2.sources[capture.source].name;
            let total = caps.ccus_modules_by_source.get(name).copied().unwrap_or(0);
            let new = total.saturating_sub(capture.existing_modules);
            add_investment(
                costs,
                ("ccus_capital", "ccus_fixed_om"),
                &capture.cost_per_module,
                f64::from(new),
                &mut k.capex_rmb,
            );
            variable += capture.variable_cost_rmb_per_t * flows.captured_by_plant_t[i];
            stored += flows.stored_by_plant_t[i];
        }
        costs.insert("ccus_variable", variable);
        costs.insert(
            "co2_transport_storage",
            co2.transport_storage_rmb_per_t * stored,
        );
        if let Some((price, _)) = co2.utilisation {
            costs.insert("co2_utilisation_revenue", -price * k.co2_utilised_t);
        }
    }
}

/// Total of all cost items, RMB/yr.
pub fn total(costs: &Costs) -> f64 {
    costs.values().sum()
}

/// Total of the operating items (everything but annualised capital), RMB/yr.
pub fn operating(costs: &Costs) -> f64 {
    costs
        .iter()
        .filter(|(item, _)| !item.ends_with(CAPITAL_SUFFIX))
        .map(|(_, v)| v)
        .sum()
}

/// Fills the plan-versus-baseline figures (formulation §6): abatement cost and payback.
pub fn compare_with_baseline(plan: &mut Kpis, plan_costs: &Costs, base: &Kpis, base_costs: &Costs) {
    let abated_t = base.emissions_t - plan.emissions_t;
    plan.abatement_cost_rmb_per_t =
        (abated_t > 1e-6).then(|| (total(plan_costs) - total(base_costs)) / abated_t);
    let saving = operating(base_costs) - operating(plan_costs);
    plan.payback_years = (saving > 0.0 && plan.capex_rmb > 0.0).then(|| plan.capex_rmb / saving);
}
