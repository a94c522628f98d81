//! The hourly operation read back from a solution, in physical units.

use crate::model::frame::KRMB_PER_RMB;
use crate::model::Handles;
use crate::scenario::spec::Co2SourceKind;
use crate::scenario::Park;
use crate::solve::Values;
use good_lp::{Expression, Solution, Variable};
use serde::Serialize;
use std::collections::BTreeMap;

/// The hourly CO2 flows of one named source.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Co2SourceFlows {
    /// The source's name.
    pub name: String,
    /// Whether its emissions count in EM (formulation §4).
    pub counted: bool,
    /// Its CO2 flow `q_t`, t/h.
    pub flow_t_per_h: Vec<f64>,
    /// Captured `cc_t`, t/h (zeros without a capture plant).
    pub captured_t_per_h: Vec<f64>,
    /// Of which sold for use, t/h.
    pub utilised_t_per_h: Vec<f64>,
}

/// Every hourly flow of a solved park, MW (state of charge in MWh).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Dispatch {
    /// Hour of the year (0-based).
    pub hour: Vec<usize>,
    /// Hours of the year each step stands for.
    pub weight_h: Vec<f64>,
    /// Electricity end-use load.
    pub load_mw: Vec<f64>,
    /// PV output dispatched.
    pub pv_mw: Vec<f64>,
    /// PV output available (cf × capacity).
    pub pv_available_mw: Vec<f64>,
    /// Wind output dispatched.
    pub wind_mw: Vec<f64>,
    /// Wind output available.
    pub wind_available_mw: Vec<f64>,
    /// Grid import.
    pub import_mw: Vec<f64>,
    /// Contracted green power.
    pub green_mw: Vec<f64>,
    /// Export.
    pub export_mw: Vec<f64>,
    /// Battery charging.
    pub battery_charge_mw: Vec<f64>,
    /// Battery discharging.
    pub battery_discharge_mw: Vec<f64>,
    /// Battery state of charge at the end of the hour, MWh.
    pub battery_soc_mwh: Vec<f64>,
    /// Demand the park could not serve (diagnosis runs only).
    pub unserved_mw: Vec<f64>,
    /// Import tariff, RMB/MWh.
    pub import_price_rmb_per_mwh: Vec<f64>,
    /// Export price, RMB/MWh.
    pub export_price_rmb_per_mwh: Vec<f64>,
    /// Electrolyser electricity `ely_t`.
    pub electrolyser_mw: Vec<f64>,
    /// Electrolyser stacks running `on_t` (0 with `commitment: off`).
    pub electrolyser_stacks_on: Vec<f64>,
    /// Hydrogen produced, kg/h.
    pub h2_produced_kg_per_h: Vec<f64>,
    /// Hydrogen delivered to the demand, kg/h.
    pub h2_demand_kg_per_h: Vec<f64>,
    /// Hydrogen bought, kg/h.
    pub h2_bought_kg_per_h: Vec<f64>,
    /// Hydrogen sold, kg/h.
    pub h2_sold_kg_per_h: Vec<f64>,
    /// Hydrogen storage level at the end of the hour, kg.
    pub h2_storage_kg: Vec<f64>,
    /// Heat demand, MW_th.
    pub heat_demand_mw_th: Vec<f64>,
    /// Gas boiler heat output, MW_th.
    pub gas_boiler_mw_th: Vec<f64>,
    /// Gas burnt, MW (LHV).
    pub gas_fuel_mw: Vec<f64>,
    /// Electric boiler heat output, MW_th.
    pub electric_boiler_mw_th: Vec<f64>,
    /// Electric boiler electricity, MW.
    pub electric_boiler_mw: Vec<f64>,
    /// Heat pump heat output, MW_th.
    pub heat_pump_mw_th: Vec<f64>,
    /// Heat pump COP used.
    pub heat_pump_cop: Vec<f64>,
    /// Heat pump electricity, MW.
    pub heat_pump_mw: Vec<f64>,
    /// Thermal storage charging, MW_th.
    pub thermal_charge_mw_th: Vec<f64>,
    /// Thermal storage discharging, MW_th.
    pub thermal_discharge_mw_th: Vec<f64>,
    /// Thermal storage level at the end of the hour, MWh_th.
    pub thermal_storage_mwh_th: Vec<f64>,
    /// Electricity used by CO2 capture, MW.
    pub ccus_mw: Vec<f64>,
    /// Heat used by CO2 capture, MW_th.
    pub ccus_heat_mw_th: Vec<f64>,
    /// Heat demand the park could not serve (diagnosis runs only), MW_th.
    pub unserved_heat_mw_th: Vec<f64>,
    /// Each named CO2 source's flows.
    pub co2_sources: Vec<Co2SourceFlows>,
    /// Marginal cost of electricity (dual of the hour's electricity balance in the LP with
    /// every integer fixed), RMB/MWh, when the solve gave duals.
    pub electricity_marginal_cost_rmb_per_mwh: Option<Vec<f64>>,
    /// Marginal value of hydrogen (dual of the hydrogen balance), RMB/kg.
    pub h2_marginal_value_rmb_per_kg: Option<Vec<f64>>,
    /// Marginal cost of heat (dual of the heat balance), RMB/MWh_th.
    pub heat_marginal_cost_rmb_per_mwh_th: Option<Vec<f64>>,
    /// Green certificates bought in the year, MWh.
    #[serde(skip)]
    pub certificates_mwh: f64,
    /// Billed peaks (MW) with the months each stands for.
    #[serde(skip)]
    pub billed_peaks: Vec<(f64, f64)>,
}

fn read(values: &Values, vars: Option<&Vec<Variable>>, steps: usize) -> Vec<f64> {
    match vars {
        Some(vars) => vars.iter().map(|v| clean(values.value(*v))).collect(),
        None => vec![0.0; steps],
    }
}

/// Evaluates one expression per step (store levels), zeros when absent.
fn read_levels(values: &Values, levels: Option<&Vec<Expression>>, steps: usize) -> Vec<f64> {
    match levels {
        Some(levels) => levels.iter().map(|e| clean(values.eval(e))).collect(),
        None => vec![0.0; steps],
    }
}

/// A size read back, with solver noise below a millionth of its unit (1 W, 1 Wh, 1 g) made
/// 0: HiGHS's feasibility tolerance leaves such traces (a pathway stage built 3.5e-8 kg of
/// hydrogen store), which no one builds.
fn clean_size(x: f64) -> f64 {
    if x.abs() < 1e-6 {
        0.0
    } else {
        x
    }
}

/// Rounds solver noise (|x| < 1e-9) to zero so reports do not show `-0.000`.
fn clean(x: f64) -> f64 {
    if x.abs() < 1e-9 {
        0.0
    } else {
        x
    }
}

/// Installed capacities read back from a solution.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Capacities {
    /// PV in total (existing + new), MW.
    pub pv_mw: f64,
    /// New PV, MW.
    pub pv_new_mw: f64,
    /// Wind turbines in total.
    pub wind_turbines: u32,
    /// New wind turbines.
    pub wind_new_turbines: u32,
    /// Wind in total, MW.
    pub wind_mw: f64,
    /// Battery energy in total, MWh.
    pub battery_mwh: f64,
    /// Battery power in total, MW.
    pub battery_mw: f64,
    /// New battery energy, MWh.
    pub battery_new_mwh: f64,
    /// New battery power, MW.
    pub battery_new_mw: f64,
    /// Electrolyser stacks in total.
    pub electrolyser_stacks: u32,
    /// New electrolyser stacks.
    pub electrolyser_new_stacks: u32,
    /// Electrolyser power in total, MW.
    pub electrolyser_mw: f64,
    /// Hydrogen storage in total (working capacity), kg.
    pub h2_storage_kg: f64,
    /// New hydrogen storage, kg.
    pub h2_storage_new_kg: f64,
    /// CO2 capture modules in total, all sources.
    pub ccus_modules: u32,
    /// New CO2 capture modules, all sources.
    pub ccus_new_modules: u32,
    /// CO2 capture modules in total, by source name.
    pub ccus_modules_by_source: BTreeMap<String, u32>,
    /// Electric boilers in total, MW_th.
    pub electric_boiler_mw: f64,
    /// New electric boilers, MW_th.
    pub electric_boiler_new_mw: f64,
    /// Heat pumps in total, MW_th.
    pub heat_pump_mw: f64,
    /// New heat pumps, MW_th.
    pub heat_pump_new_mw: f64,
    /// Thermal storage in total, MWh_th.
    pub thermal_storage_mwh: f64,
    /// New thermal storage, MWh_th.
    pub thermal_storage_new_mwh: f64,
}

/// Converts balance-row duals (kRMB per unit per step) into prices per unit: `dual / (w_t ·
/// 10⁻³)`.
fn prices_from_duals(duals: &[f64], weight_h: &[f64]) -> Vec<f64> {
    duals
        .iter()
        .zip(weight_h)
        .map(|(d, w)| clean(d / (w * KRMB_PER_RMB)))
        .collect()
}

/// Reads capacities and the hourly dispatch from a solution. `row_duals` are the duals of
/// the balance rows in the order the model lists them (electricity, hydrogen, heat).
pub fn read_solution(
    park: &Park,
    handles: &Handles,
    values: &Values,
    row_duals: Option<&[f64]>,
) -> (Capacities, Dispatch) {
    let steps = park.time.len();
    let mut caps = Capacities::default();
    let mut d = Dispatch {
        hour: park.time.hour_of_year.clone(),
        weight_h: park.time.weight_h.clone(),
        load_mw: park.electric_load_mw.clone(),
        import_price_rmb_per_mwh: park.grid.import_price_rmb_per_mwh.clone(),
        export_price_rmb_per_mwh: park
            .grid
            .export
            .as_ref()
            .map_or(vec![0.0; steps], |e| e.price_rmb_per_mwh.clone()),
        ..Default::default()
    };
    if let (Some(data), Some(vars)) = (&park.pv, &handles.pv) {
        caps.pv_new_mw = clean_size(values.value(vars.new_mw));
        caps.pv_mw = caps.pv_new_mw + data.existing_mw;
        d.pv_mw = read(values, Some(&vars.output_mw), steps);
        d.pv_available_mw = vars.cf_used.iter().map(|cf| cf * caps.pv_mw).collect();
    } else {
        d.pv_mw = vec![0.0; steps];
        d.pv_available_mw = vec![0.0; steps];
    }
    if let (Some(data), Some(vars)) = (&park.wind, &handles.wind) {
        caps.wind_new_turbines = values.value(vars.new_turbines).round().max(0.0) as u32;
        caps.wind_turbines = caps.wind_new_turbines + data.existing_turbines;
        caps.wind_mw = f64::from(caps.wind_turbines) * data.unit_mw;
        d.wind_mw = read(values, Some(&vars.output_mw), steps);
        d.wind_available_mw = vars.cf_used.iter().map(|cf| cf * caps.wind_mw).collect();
    } else {
        d.wind_mw = vec![0.0; steps];
        d.wind_available_mw = vec![0.0; steps];
    }
    if let (Some(data), Some(vars)) = (&park.battery, &handles.battery) {
        caps.battery_new_mwh = clean_size(values.value(vars.new_mwh));
        caps.battery_new_mw = clean_size(values.value(vars.new_mw));
        caps.battery_mwh = caps.battery_new_mwh + data.existing_mwh;
        caps.battery_mw = caps.battery_new_mw + data.existing_mw;
    }
    let battery = handles.battery.as_ref();
    d.battery_charge_mw = read(values, battery.map(|b| &b.charge_mw), steps);
    d.battery_discharge_mw = read(values, battery.map(|b| &b.discharge_mw), steps);
    d.battery_soc_mwh = read_levels(values, battery.map(|b| &b.soc_mwh), steps);
    d.import_mw = read(values, Some(&handles.grid.import_mw), steps);
    d.green_mw = read(values, handles.grid.green_mw.as_ref(), steps);
    d.export_mw = read(values, handles.grid.export_mw.as_ref(), steps);
    d.unserved_mw = read(values, handles.policy.unserved_mw.as_ref(), steps);
    d.certificates_mwh = handles
        .grid
        .certificates_mwh
        .map_or(0.0, |c| clean(values.value(c)));
    d.billed_peaks = handles
        .grid
        .billed_peak_mw
        .iter()
        .map(|(v, months)| (clean(values.value(*v)), *months))
        .collect();
    read_hydrogen(park, handles, values, &mut caps, &mut d);
    read_heat_and_co2(park, handles, values, &mut caps, &mut d);
    if let Some(duals) = row_duals {
        let mut rest = duals;
        let mut take = |present: bool| -> Option<Vec<f64>> {
            if !present || rest.len() < steps {
                return None;
            }
            let (head, tail) = rest.split_at(steps);
            rest = tail;
            Some(prices_from_duals(head, &park.time.weight_h))
        };
        d.electricity_marginal_cost_rmb_per_mwh = take(true);
        d.h2_marginal_value_rmb_per_kg = take(park.hydrogen.is_some());
        d.heat_marginal_cost_rmb_per_mwh_th = take(park.heat.is_some());
    }
    (caps, d)
}

fn read_hydrogen(
    park: &Park,
    handles: &Handles,
    values: &Values,
    caps: &mut Capacities,
    d: &mut Dispatch,
) {
    let steps = park.time.len();
    let data = park.hydrogen.as_ref();
    let ely = handles.electrolyser.as_ref();
    d.electrolyser_mw = read(values, ely.map(|e| &e.power_mw), steps);
    let electrolyser = data.and_then(|h| h.electrolyser.as_ref());
    d.electrolyser_stacks_on = match (ely.and_then(|e| e.on.as_ref()), electrolyser) {
        (Some(on), _) => read(values, Some(on), steps),
        // Without an hourly count in the model (`relaxed`, `off`): the fewest running stacks.
        (None, Some(e)) => d.electrolyser_mw.iter().map(|p| p / e.unit_mw).collect(),
        (None, None) => vec![0.0; steps],
    };
    let kg_per_mwh = electrolyser.map_or(0.0, |e| e.kg_per_mwh);
    d.h2_produced_kg_per_h = d.electrolyser_mw.iter().map(|p| p * kg_per_mwh).collect();
    if let (Some(e), Some(vars)) = (data.and_then(|h| h.electrolyser.as_ref()), ely) {
        caps.electrolyser_new_stacks = values.value(vars.stacks).round().max(0.0) as u32;
        caps.electrolyser_stacks = caps.electrolyser_new_stacks + e.existing_stacks;
        caps.electrolyser_mw = f64::from(caps.electrolyser_stacks) * e.unit_mw;
    }
    if let (Some(s), Some(vars)) = (
        data.and_then(|h| h.storage.as_ref()),
        handles.h2_storage.as_ref(),
    ) {
        caps.h2_storage_new_kg = clean_size(values.value(vars.new_kg));
        caps.h2_storage_kg = caps.h2_storage_new_kg + s.existing_kg;
    }
    d.h2_storage_kg = read_levels(
        values,
        handles.h2_storage.as_ref().map(|s| &s.level_kg),
        steps,
    );
    let market = handles.hydrogen.as_ref();
    d.h2_bought_kg_per_h = read(values, market.and_then(|m| m.bought_kg.as_ref()), steps);
    d.h2_sold_kg_per_h = read(values, market.and_then(|m| m.sold_kg.as_ref()), steps);
    d.h2_demand_kg_per_h = match data.and_then(|h| h.demand.as_ref()) {
        Some(crate::scenario::park::HydrogenDemand::Hourly { kg_per_h }) => kg_per_h.clone(),
        _ => read(values, market.and_then(|m| m.delivered_kg.as_ref()), steps),
    };
}

fn read_heat_and_co2(
    park: &Park,
    handles: &Handles,
    values: &Values,
    caps: &mut Capacities,
    d: &mut Dispatch,
) {
    let steps = park.time.len();
    let heat = park.heat.as_ref();
    let hv = handles.heat.as_ref();
    d.heat_demand_mw_th = heat.map_or(vec![0.0; steps], |h| h.demand_mw_th.clone());
    d.gas_boiler_mw_th = read(values, hv.and_then(|h| h.gas_boiler_mw_th.as_ref()), steps);
    let gas_efficiency = heat
        .and_then(|h| h.gas_boiler.as_ref())
        .map_or(1.0, |g| g.efficiency);
    d.gas_fuel_mw = d
        .gas_boiler_mw_th
        .iter()
        .map(|q| q / gas_efficiency)
        .collect();
    d.electric_boiler_mw_th = read(
        values,
        hv.and_then(|h| h.electric_boiler_mw_th.as_ref()),
        steps,
    );
    let eb_efficiency = heat
        .and_then(|h| h.electric_boiler.as_ref())
        .map_or(1.0, |(_, eff)| *eff);
    d.electric_boiler_mw = d
        .electric_boiler_mw_th
        .iter()
        .map(|q| q / eb_efficiency)
        .collect();
    d.heat_pump_mw_th = read(values, hv.and_then(|h| h.heat_pump_mw_th.as_ref()), steps);
    d.heat_pump_cop = heat
        .and_then(|h| h.heat_pump.as_ref())
        .map_or(vec![0.0; steps], |(_, cop)| cop.clone());
    d.heat_pump_mw = d
        .heat_pump_mw_th
        .iter()
        .zip(&d.heat_pump_cop)
        .map(|(q, cop)| if *cop > 0.0 { q / cop } else { 0.0 })
        .collect();
    d.thermal_charge_mw_th = read(
        values,
        hv.and_then(|h| h.thermal_charge_mw_th.as_ref()),
        steps,
    );
    d.thermal_discharge_mw_th = read(
        values,
        hv.and_then(|h| h.thermal_discharge_mw_th.as_ref()),
        steps,
    );
    // The thermal store has no losses, so a solve may charge and discharge it in the same
    // hour at no cost (82 of 168 hours on a Yancheng week, 745 of 904 GWh_th/yr of its
    // throughput): only the net flow is real, and the level and the heat balance are the
    // same with it. Both rates stay within the limit they met.
    for (charge, discharge) in d
        .thermal_charge_mw_th
        .iter_mut()
        .zip(d.thermal_discharge_mw_th.iter_mut())
    {
        let both = charge.min(*discharge);
        if both > 0.0 {
            *charge -= both;
            *discharge -= both;
        }
    }
    d.thermal_storage_mwh_th = read_levels(
        values,
        hv.and_then(|h| h.thermal_level_mwh_th.as_ref()),
        steps,
    );
    d.unserved_heat_mw_th = read(values, handles.policy.unserved_heat_mw_th.as_ref(), steps);
    if let (Some(h), Some(v)) = (heat, hv) {
        if let (Some((unit, _)), Some(new)) = (&h.electric_boiler, v.electric_boiler_new_mw_th) {
            caps.electric_boiler_new_mw = clean_size(values.value(new));
            caps.electric_boiler_mw = caps.electric_boiler_new_mw + unit.existing_mw_th;
        }
        if let (Some((unit, _)), Some(new)) = (&h.heat_pump, v.heat_pump_new_mw_th) {
            caps.heat_pump_new_mw = clean_size(values.value(new));
            caps.heat_pump_mw = caps.heat_pump_new_mw + unit.existing_mw_th;
        }
        if let (Some(store), Some(new)) = (&h.thermal_storage, v.thermal_storage_new_mwh_th) {
            caps.thermal_storage_new_mwh = clean_size(values.value(new));
            caps.thermal_storage_mwh = caps.thermal_storage_new_mwh + store.existing_mwh_th;
        }
    }

    d.ccus_mw = vec![0.0; steps];
    d.ccus_heat_mw_th = vec![0.0; steps];
    let Some(co2) = park.co2.as_ref() else {
        return;
    };
    let ef_gas = park.accounting.gas_t_co2_per_mwh;
    d.co2_sources = co2
        .sources
        .iter()
        .map(|s| Co2SourceFlows {
            name: s.name.clone(),
            counted: s.counted,
            flow_t_per_h: match s.kind {
                Co2SourceKind::Process => s.flow_t_per_h.clone(),
                Co2SourceKind::GasBoiler => d.gas_fuel_mw.iter().map(|f| ef_gas * f).collect(),
            },
            captured_t_per_h: vec![0.0; steps],
            utilised_t_per_h: vec![0.0; steps],
        })
        .collect();
    for (capture, vars) in co2.captures.iter().zip(&handles.ccus.captures) {
        let captured = read(values, Some(&vars.captured_t), steps);
        let utilised = read(values, vars.utilised_t.as_ref(), steps);
        for (t, cc) in captured.iter().enumerate() {
            d.ccus_mw[t] += capture.electricity_mwh_per_t * cc;
            d.ccus_heat_mw_th[t] += capture.heat_mwh_th_per_t * cc;
        }
        let modules = values.value(vars.modules).round().max(0.0) as u32;
        caps.ccus_new_modules += modules;
        caps.ccus_modules += modules + capture.existing_modules;
        let name = co2.sources[capture.source].name.clone();
        *caps.ccus_modules_by_source.entry(name).or_default() += modules + capture.existing_modules;
        let flows = &mut d.co2_sources[capture.source];
        flows.captured_t_per_h = captured;
        flows.utilised_t_per_h = utilised;
    }
}

impl Dispatch {
    /// The CSV columns: header (with unit) and values, in file order. Each named CO2 source
    /// adds `co2_<name>_t_per_h`, `co2_<name>_captured_t_per_h` and
    /// `co2_<name>_utilised_t_per_h`; the marginal costs appear when the solve gave duals.
    pub fn columns(&self) -> Vec<(String, Vec<f64>)> {
        let as_f64 = |v: &[usize]| v.iter().map(|x| *x as f64).collect::<Vec<f64>>();
        let fixed: Vec<(&'static str, Vec<f64>)> = vec![
            ("hour", as_f64(&self.hour)),
            ("weight_h", self.weight_h.clone()),
            ("load_mw", self.load_mw.clone()),
            ("pv_mw", self.pv_mw.clone()),
            ("pv_available_mw", self.pv_available_mw.clone()),
            ("wind_mw", self.wind_mw.clone()),
            ("wind_available_mw", self.wind_available_mw.clone()),
            ("import_mw", self.import_mw.clone()),
            ("green_mw", self.green_mw.clone()),
            ("export_mw", self.export_mw.clone()),
            ("battery_charge_mw", self.battery_charge_mw.clone()),
            ("battery_discharge_mw", self.battery_discharge_mw.clone()),
            ("battery_soc_mwh", self.battery_soc_mwh.clone()),
            ("unserved_mw", self.unserved_mw.clone()),
            (
                "import_price_rmb_per_mwh",
                self.import_price_rmb_per_mwh.clone(),
            ),
            (
                "export_price_rmb_per_mwh",
                self.export_price_rmb_per_mwh.clone(),
            ),
            ("electrolyser_mw", self.electrolyser_mw.clone()),
            (
                "electrolyser_stacks_on",
                self.electrolyser_stacks_on.clone(),
            ),
            ("h2_produced_kg_per_h", self.h2_produced_kg_per_h.clone()),
            ("h2_demand_kg_per_h", self.h2_demand_kg_per_h.clone()),
            ("h2_bought_kg_per_h", self.h2_bought_kg_per_h.clone()),
            ("h2_sold_kg_per_h", self.h2_sold_kg_per_h.clone()),
            ("h2_storage_kg", self.h2_storage_kg.clone()),
            ("heat_demand_mw_th", self.heat_demand_mw_th.clone()),
            ("gas_boiler_mw_th", self.gas_boiler_mw_th.clone()),
            ("gas_fuel_mw", self.gas_fuel_mw.clone()),
            ("electric_boiler_mw_th", self.electric_boiler_mw_th.clone()),
            ("electric_boiler_mw", self.electric_boiler_mw.clone()),
            ("heat_pump_mw_th", self.heat_pump_mw_th.clone()),
            ("heat_pump_cop", self.heat_pump_cop.clone()),
            ("heat_pump_mw", self.heat_pump_mw.clone()),
            ("thermal_charge_mw_th", self.thermal_charge_mw_th.clone()),
            (
                "thermal_discharge_mw_th",
                self.thermal_discharge_mw_th.clone(),
            ),
            (
                "thermal_storage_mwh_th",
                self.thermal_storage_mwh_th.clone(),
            ),
            ("ccus_mw", self.ccus_mw.clone()),
            ("ccus_heat_mw_th", self.ccus_heat_mw_th.clone()),
            ("unserved_heat_mw_th", self.unserved_heat_mw_th.clone()),
        ];
        let mut columns: Vec<(String, Vec<f64>)> = fixed
            .into_iter()
            .map(|(name, values)| (name.to_string(), values))
            .collect();
        for source in &self.co2_sources {
            let name = column_safe(&source.name);
            columns.push((format!("co2_{name}_t_per_h"), source.flow_t_per_h.clone()));
            columns.push((
                format!("co2_{name}_captured_t_per_h"),
                source.captured_t_per_h.clone(),
            ));
            columns.push((
                format!("co2_{name}_utilised_t_per_h"),
                source.utilised_t_per_h.clone(),
            ));
        }
        for (name, values) in [
            (
                "electricity_marginal_cost_rmb_per_mwh",
                &self.electricity_marginal_cost_rmb_per_mwh,
            ),
            (
                "h2_marginal_value_rmb_per_kg",
                &self.h2_marginal_value_rmb_per_kg,
            ),
            (
                "heat_marginal_cost_rmb_per_mwh_th",
                &self.heat_marginal_cost_rmb_per_mwh_th,
            ),
        ] {
            if let Some(values) = values {
                columns.push((name.to_string(), values.clone()));
            }
        }
        columns
    }

    /// `Σ_t w_t x_t`.
    pub fn annual(&self, hourly: &[f64]) -> f64 {
        self.weight_h.iter().zip(hourly).map(|(w, x)| w * x).sum()
    }
}

/// A source name as it appears in a CSV header: anything but letters, digits and `_`
/// becomes `_` (so `kiln-1` is `kiln_1`).
pub fn column_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
