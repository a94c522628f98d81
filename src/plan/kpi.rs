//! Indicators and costs recomputed from the dispatch and the park data alone (formulation
//! §4–§6), independent of the model's expressions, so that they check the model.

use super::dispatch::{Capacities, Dispatch};
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
    /// `1 − non-clean / EC`.
    pub clean_share: f64,
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
    /// Annualised cost of on-site PV and wind per MWh they generate, RMB/MWh.
    pub lcoe_rmb_per_mwh: Option<f64>,
    /// (cost_plan − cost_base) / (EM_base − EM_plan), RMB/t.
    pub abatement_cost_rmb_per_t: Option<f64>,
    /// Capex / (operating cost saving per year), years.
    pub payback_years: Option<f64>,
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

    // Formulation §4.
    let ef = acc.grid_t_co2_per_mwh;
    let k_e = acc.electricity_tce_per_mwh;
    let alpha = acc.clean_share.map_or(0.0, |c| c.grid_non_fossil_share);
    k.emissions_t = ef * (k.grid_import_mwh - k.certificates_mwh);
    k.energy_tce = k_e * annual(&d.load_mw);
    let non_clean_tce = k_e * ((1.0 - alpha) * k.grid_import_mwh - k.certificates_mwh);
    k.intensity_t_per_tce = if k.energy_tce > 0.0 {
        k.emissions_t / k.energy_tce
    } else {
        0.0
    };
    k.clean_share = if k.energy_tce > 0.0 {
        1.0 - non_clean_tce / k.energy_tce
    } else {
        1.0
    };

    // Formulation §5, item by item.
    let mut generation_cost = 0.0;
    if let Some(pv) = &park.pv {
        let invest = add_investment(
            &mut costs,
            ("pv_capital", "pv_fixed_om"),
            &pv.cost_per_mw,
            caps.pv_new_mw,
            &mut k.capex_rmb,
        );
        costs.insert("pv_variable_om", pv.var_om_rmb_per_mwh * pv_mwh);
        generation_cost += invest + pv.var_om_rmb_per_mwh * pv_mwh;
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
        generation_cost += invest + wind.var_om_rmb_per_mwh * wind_mwh;
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
    if acc.carbon_price_rmb_per_t > 0.0 {
        costs.insert("carbon_cost", acc.carbon_price_rmb_per_t * k.emissions_t);
    }
    k.lcoe_rmb_per_mwh =
        (k.renewable_generation_mwh > 0.0).then(|| generation_cost / k.renewable_generation_mwh);
    (costs, k)
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
