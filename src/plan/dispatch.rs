//! The hourly operation read back from a solution, in physical units.

use crate::model::Handles;
use crate::scenario::Park;
use crate::solve::Values;
use good_lp::{Solution, Variable};
use serde::Serialize;

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

/// Rounds solver noise (|x| < 1e-9) to zero so reports do not show `-0.000`.
fn clean(x: f64) -> f64 {
    if x.abs() < 1e-9 {
        0.0
    } else {
        x
    }
}

/// Installed capacities read back from a solution.
#[derive(Debug, Clone, Copy, Serialize, Default, PartialEq)]
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
}

/// Reads capacities and the hourly dispatch from a solution.
pub fn read_solution(park: &Park, handles: &Handles, values: &Values) -> (Capacities, Dispatch) {
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
        caps.pv_new_mw = clean(values.value(vars.new_mw));
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
        caps.battery_new_mwh = clean(values.value(vars.new_mwh));
        caps.battery_new_mw = clean(values.value(vars.new_mw));
        caps.battery_mwh = caps.battery_new_mwh + data.existing_mwh;
        caps.battery_mw = caps.battery_new_mw + data.existing_mw;
    }
    let battery = handles.battery.as_ref();
    d.battery_charge_mw = read(values, battery.map(|b| &b.charge_mw), steps);
    d.battery_discharge_mw = read(values, battery.map(|b| &b.discharge_mw), steps);
    d.battery_soc_mwh = read(values, battery.map(|b| &b.soc_mwh), steps);
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
    (caps, d)
}

impl Dispatch {
    /// The CSV columns: header (with unit) and values, in file order.
    pub fn columns(&self) -> Vec<(&'static str, Vec<f64>)> {
        let as_f64 = |v: &[usize]| v.iter().map(|x| *x as f64).collect::<Vec<f64>>();
        vec![
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
        ]
    }

    /// `Σ_t w_t x_t`.
    pub fn annual(&self, hourly: &[f64]) -> f64 {
        self.weight_h.iter().zip(hourly).map(|(w, x)| w * x).sum()
    }
}
