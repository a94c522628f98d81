//! The resolved park: every number the model reads, in physical units, hour by hour.
//!
//! Built once from a validated scenario and the catalogue in force ([`super::resolve`]); the
//! model, the KPIs and the reports all read this and nothing else from the input side.

use serde::Serialize;

pub use super::resource_profiles::ProfileOrigin;

/// Hours in a (non-leap) year.
pub const HOURS_PER_YEAR: usize = 8760;

/// The modelled time steps (formulation §1).
#[derive(Debug, Clone, Serialize)]
pub struct TimeAxis {
    /// Hour of the year of each step (0-based), for reporting.
    pub hour_of_year: Vec<usize>,
    /// Weight `w_t`: hours of the year that each step stands for.
    pub weight_h: Vec<f64>,
    /// Month (0–11) of each step.
    pub month: Vec<usize>,
    /// How many monthly bills each month's peak stands for (the monthly demand charge): the
    /// months the steps touch share 12 bills in proportion to the part of each month they
    /// cover (1 each over a full year; 12 for a cut within one month).
    pub month_weight: [f64; 12],
    /// When the axis is aggregated: which typical day stands for each day of the year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typical_days: Option<TypicalDays>,
}

/// The structure of an axis of typical days (formulation §1): step `t` is hour
/// `t % hours_per_day` of typical day `t / hours_per_day`, with weight the number of days
/// it stands for.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TypicalDays {
    /// Steps of each typical day (24).
    pub hours_per_day: usize,
    /// The typical day standing for each day of the modelled year (365 entries, in order).
    pub day_to_period: Vec<usize>,
    /// How stores carry energy between days.
    pub linking: super::spec::StorageLinking,
}

impl TypicalDays {
    /// Number of typical days.
    pub fn periods(&self) -> usize {
        self.day_to_period.iter().max().map_or(0, |m| m + 1)
    }
}

impl TimeAxis {
    /// The steps whose import sets month `month`'s billed peak (0–11): on a chronological
    /// axis the steps in that month; on typical days every step of each typical day that
    /// stands for at least one day of the month (formulation §5).
    pub fn steps_billed_in_month(&self, month: usize) -> Vec<usize> {
        match &self.typical_days {
            None => (0..self.len())
                .filter(|t| self.month[*t] == month)
                .collect(),
            Some(days) => {
                let months = super::tariff::month_of_hour();
                let mut periods: Vec<usize> = days
                    .day_to_period
                    .iter()
                    .enumerate()
                    .filter(|(d, _)| months[d * 24] == month)
                    .map(|(_, k)| *k)
                    .collect();
                periods.sort_unstable();
                periods.dedup();
                periods
                    .into_iter()
                    .flat_map(|k| k * days.hours_per_day..(k + 1) * days.hours_per_day)
                    .collect()
            }
        }
    }

    /// Number of steps.
    pub fn len(&self) -> usize {
        self.weight_h.len()
    }

    /// True when there are no steps.
    pub fn is_empty(&self) -> bool {
        self.weight_h.is_empty()
    }

    /// `Σ_t w_t x_t`: the annual total of an hourly series.
    pub fn annual(&self, hourly: &[f64]) -> f64 {
        self.weight_h.iter().zip(hourly).map(|(w, x)| w * x).sum()
    }
}

/// How an hourly series changes when typical days stand for the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesKind {
    /// An amount per hour (load, demand, flow): the typical days are rescaled so the year's
    /// total is kept.
    Amount,
    /// A capacity factor: rescaled like an amount, but never above 1.
    CapacityFactor,
    /// A price, a temperature, a COP: taken as the typical day has it.
    Intensive,
}

impl Park {
    /// Every hourly series of the park with its name and kind, for reading: the series the
    /// model reads, in a fixed order. Names: `electric_load`, `pv_cf`, `wind_cf`,
    /// `import_price`, `export_price`, `hydrogen_demand`, `heat_demand`, `heat_pump_cop`,
    /// `co2:<source>`.
    pub fn series(&self) -> Vec<(String, SeriesKind, &[f64])> {
        let mut out: Vec<(String, SeriesKind, &[f64])> = Vec::new();
        out.push((
            "electric_load".into(),
            SeriesKind::Amount,
            &self.electric_load_mw,
        ));
        if let Some(pv) = &self.pv {
            out.push(("pv_cf".into(), SeriesKind::CapacityFactor, &pv.cf));
        }
        if let Some(wind) = &self.wind {
            out.push(("wind_cf".into(), SeriesKind::CapacityFactor, &wind.cf));
        }
        out.push((
            "import_price".into(),
            SeriesKind::Intensive,
            &self.grid.import_price_rmb_per_mwh,
        ));
        if let Some(export) = &self.grid.export {
            out.push((
                "export_price".into(),
                SeriesKind::Intensive,
                &export.price_rmb_per_mwh,
            ));
        }
        if let Some(HydrogenDemand::Hourly { kg_per_h }) =
            self.hydrogen.as_ref().and_then(|h| h.demand.as_ref())
        {
            out.push(("hydrogen_demand".into(), SeriesKind::Amount, kg_per_h));
        }
        if let Some(heat) = &self.heat {
            out.push(("heat_demand".into(), SeriesKind::Amount, &heat.demand_mw_th));
            if let Some((_, cop)) = &heat.heat_pump {
                out.push(("heat_pump_cop".into(), SeriesKind::Intensive, cop));
            }
        }
        if let Some(co2) = &self.co2 {
            for source in &co2.sources {
                if !source.flow_t_per_h.is_empty() {
                    out.push((
                        format!("co2:{}", source.name),
                        SeriesKind::Amount,
                        &source.flow_t_per_h,
                    ));
                }
            }
        }
        out
    }

    /// Replaces every series of [`Park::series`], in the same order, by `f(name, kind,
    /// series)`, and the time axis by `time`.
    pub fn map_series(
        &mut self,
        time: TimeAxis,
        mut f: impl FnMut(&str, SeriesKind, &[f64]) -> Vec<f64>,
    ) {
        self.time = time;
        let mut apply = |name: &str, kind: SeriesKind, series: &mut Vec<f64>| {
            *series = f(name, kind, series);
        };
        apply(
            "electric_load",
            SeriesKind::Amount,
            &mut self.electric_load_mw,
        );
        if let Some(pv) = &mut self.pv {
            apply("pv_cf", SeriesKind::CapacityFactor, &mut pv.cf);
        }
        if let Some(wind) = &mut self.wind {
            apply("wind_cf", SeriesKind::CapacityFactor, &mut wind.cf);
        }
        apply(
            "import_price",
            SeriesKind::Intensive,
            &mut self.grid.import_price_rmb_per_mwh,
        );
        if let Some(export) = &mut self.grid.export {
            apply(
                "export_price",
                SeriesKind::Intensive,
                &mut export.price_rmb_per_mwh,
            );
        }
        if let Some(HydrogenDemand::Hourly { kg_per_h }) =
            self.hydrogen.as_mut().and_then(|h| h.demand.as_mut())
        {
            apply("hydrogen_demand", SeriesKind::Amount, kg_per_h);
        }
        if let Some(heat) = &mut self.heat {
            apply("heat_demand", SeriesKind::Amount, &mut heat.demand_mw_th);
            if let Some((_, cop)) = &mut heat.heat_pump {
                apply("heat_pump_cop", SeriesKind::Intensive, cop);
            }
        }
        if let Some(co2) = &mut self.co2 {
            for source in &mut co2.sources {
                if !source.flow_t_per_h.is_empty() {
                    let name = format!("co2:{}", source.name);
                    apply(&name, SeriesKind::Amount, &mut source.flow_t_per_h);
                }
            }
        }
    }
}

/// Annualisation of one investment: `(CRF(r, n) + f) · capex` per unit of size.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct InvestmentCost {
    /// Overnight capex per unit of size, RMB.
    pub capex_rmb_per_unit: f64,
    /// Capital recovery factor CRF(r, n), 1/yr.
    pub crf_per_yr: f64,
    /// Fixed O&M as a share of capex, 1/yr.
    pub fixed_om_per_yr: f64,
    /// Present value of the part replacements made within the lifetime (electrolyser stacks),
    /// as a share of capex; 0 for most technologies.
    pub replacement_pv_frac: f64,
    /// Economic lifetime, years (catalogue `<technology>.lifetime_yr`).
    pub lifetime_yr: f64,
    /// A part replaced within the lifetime (electrolyser stacks), when there is one.
    pub part_replacement: Option<PartReplacement>,
}

/// A part of an asset that wears out before it and is replaced within its life, for the
/// cash flows (the annualised cost carries it as [`InvestmentCost::replacement_pv_frac`]).
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct PartReplacement {
    /// Cost of one replacement as a share of the asset's capex.
    pub share_of_capex_frac: f64,
    /// Life of the part, years: it is replaced every that many years while the asset lives.
    pub life_yr: f64,
}

impl InvestmentCost {
    /// Annualised capital cost per unit of size, RMB/yr.
    pub fn capital_rmb_per_unit(&self) -> f64 {
        self.capex_rmb_per_unit * self.crf_per_yr
    }

    /// Fixed O&M per unit of size, RMB/yr.
    pub fn fixed_om_rmb_per_unit(&self) -> f64 {
        self.capex_rmb_per_unit * self.fixed_om_per_yr
    }

    /// Annualised cost of the replacements within the lifetime per unit of size, RMB/yr:
    /// `CRF · capex · replacement_pv_frac`.
    pub fn replacement_rmb_per_unit(&self) -> f64 {
        self.capex_rmb_per_unit * self.replacement_pv_frac * self.crf_per_yr
    }

    /// Annualised capital cost, replacements and fixed O&M per unit of size, RMB/yr.
    pub fn annual_rmb_per_unit(&self) -> f64 {
        self.capital_rmb_per_unit() + self.replacement_rmb_per_unit() + self.fixed_om_rmb_per_unit()
    }
}

/// Present value, as a share of capex, of replacing a part costing `share` of capex every
/// `part_life_yr` within a plant life of `life_yr` at discount rate `rate`:
/// `share · Σ_{k ≥ 1, k·L_part < L} (1 + r)^(−k·L_part)`. A replacement due in the plant's
/// last year or later is not made; no salvage value is credited.
pub fn replacement_present_value(share: f64, part_life_yr: f64, life_yr: f64, rate: f64) -> f64 {
    if part_life_yr <= 0.0 || share <= 0.0 {
        return 0.0;
    }
    let mut pv = 0.0;
    let mut k = 1.0;
    while k * part_life_yr < life_yr - 1e-9 {
        pv += (1.0 + rate).powf(-k * part_life_yr);
        k += 1.0;
    }
    share * pv
}

/// PV data.
#[derive(Debug, Clone, Serialize)]
pub struct PvData {
    /// Output per MW, each step.
    pub cf: Vec<f64>,
    /// Where the hourly profile came from.
    pub profile: ProfileOrigin,
    /// Upper bound on new capacity, MW.
    pub max_new_mw: f64,
    /// Capacity already built, MW.
    pub existing_mw: f64,
    /// Cost of new capacity per MW.
    pub cost_per_mw: InvestmentCost,
    /// Variable O&M, RMB/MWh.
    pub var_om_rmb_per_mwh: f64,
}

/// Wind data.
#[derive(Debug, Clone, Serialize)]
pub struct WindData {
    /// Output per MW of rating, each step.
    pub cf: Vec<f64>,
    /// Where the hourly profile came from.
    pub profile: ProfileOrigin,
    /// Rating of one turbine, MW.
    pub unit_mw: f64,
    /// Upper bound on new turbines.
    pub max_new_turbines: u32,
    /// Turbines already built.
    pub existing_turbines: u32,
    /// Cost of one new turbine.
    pub cost_per_turbine: InvestmentCost,
    /// Variable O&M, RMB/MWh.
    pub var_om_rmb_per_mwh: f64,
}

/// Whether a battery of `mwh` over `mw` stores `min_h`..`max_h` hours of its power (to a
/// relative 10⁻⁹), as the model's duration rows ask (catalogue battery.min_duration_h,
/// max_duration_h).
pub fn battery_duration_fits(mwh: f64, mw: f64, min_h: f64, max_h: f64) -> bool {
    let duration_h = mwh / mw;
    duration_h >= min_h * (1.0 - 1e-9) && duration_h <= max_h * (1.0 + 1e-9)
}

/// Battery data.
#[derive(Debug, Clone, Serialize)]
pub struct BatteryData {
    /// Upper bound on new energy capacity, MWh.
    pub max_new_mwh: f64,
    /// Energy capacity already built, MWh.
    pub existing_mwh: f64,
    /// Power capacity already built, MW.
    pub existing_mw: f64,
    /// Cost per MWh of energy capacity.
    pub cost_per_mwh: InvestmentCost,
    /// Cost per MW of power capacity.
    pub cost_per_mw: InvestmentCost,
    /// Charge efficiency η_ch (square root of round trip).
    pub charge_eff: f64,
    /// Discharge efficiency η_dis.
    pub discharge_eff: f64,
    /// d_min: energy ≥ d_min · power.
    pub min_duration_h: f64,
    /// d_max: energy ≤ d_max · power.
    pub max_duration_h: f64,
    /// Wear cost per MWh discharged.
    pub wear_cost_rmb_per_mwh: f64,
}

/// Export data.
#[derive(Debug, Clone, Serialize)]
pub struct ExportData {
    /// P_exp^max, MW.
    pub cap_mw: f64,
    /// c^exp_t, RMB/MWh.
    pub price_rmb_per_mwh: Vec<f64>,
    /// φ_exp: annual export ≤ φ · annual PV + wind output.
    pub max_share_of_output: Option<f64>,
}

/// Contracted green power.
#[derive(Debug, Clone, Serialize)]
pub struct GreenPowerData {
    /// c^grn, RMB/MWh on top of the import tariff.
    pub premium_rmb_per_mwh: f64,
    /// G^max, MWh per year.
    pub max_mwh_per_yr: f64,
}

/// Green certificates.
#[derive(Debug, Clone, Serialize)]
pub struct CertificateData {
    /// c^cert, RMB/MWh.
    pub price_rmb_per_mwh: f64,
    /// χ.
    pub max_share_of_imports: f64,
}

/// How peak import is billed.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DemandCharge {
    /// Each month's peak import × rate (formulation §5 `c^dem · Σ_m peak_m`).
    MaxDemand {
        /// RMB per MW per month.
        rmb_per_mw_month: f64,
    },
    /// A contracted capacity (a decision, ≤ the connection) × rate × 12; import ≤ it.
    Contracted {
        /// RMB per MW per month.
        rmb_per_mw_month: f64,
    },
}

/// The grid side.
#[derive(Debug, Clone, Serialize)]
pub struct GridData {
    /// P_imp^max, MW.
    pub import_cap_mw: f64,
    /// c^imp_t, RMB/MWh.
    pub import_price_rmb_per_mwh: Vec<f64>,
    /// Export, if allowed.
    pub export: Option<ExportData>,
    /// Contracted green power, if offered.
    pub green_power: Option<GreenPowerData>,
    /// Certificates, if they may be bought.
    pub certificates: Option<CertificateData>,
    /// Capacity billing, if any.
    pub demand_charge: Option<DemandCharge>,
}

/// Where λ came from.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum LimitRule {
    /// Read from the baseline's energy consumption tier.
    Auto,
    /// Set in the scenario.
    Scenario(f64),
}

/// Accounting factors and switches in force (formulation §4).
#[derive(Debug, Clone, Serialize)]
pub struct AccountingData {
    /// Electricity tce basis used.
    pub electricity_tce_basis: super::spec::TceBasis,
    /// k_e, tce/MWh.
    pub electricity_tce_per_mwh: f64,
    /// Name of the grid factor (or "scenario value").
    pub grid_factor_name: String,
    /// ef_grid, t/MWh.
    pub grid_t_co2_per_mwh: f64,
    /// Where the grid factor comes from: `scenario` (`rules.grid_factor`), `default` (the
    /// national average) or `default_residual_mix` (the scenario offers green power or
    /// certificates, claimed separately: formulation §4, "defaults").
    pub grid_factor_basis: &'static str,
    /// How λ is chosen.
    pub intensity_limit: LimitRule,
    /// σ and α_grid when the clean-share row is on.
    pub clean_share: Option<CleanShareData>,
    /// c^co2, RMB/t.
    pub carbon_price_rmb_per_t: f64,
    /// `[proc]`: whether process CO2 counts in EM.
    pub process_emissions: super::spec::ProcessEmissions,
    /// `[ded]`: whether CO2 captured and stored (not utilised) is deducted from EM, from
    /// counted sources only.
    pub ccus_deduction: bool,
    /// ef_gas, t CO2 per MWh of gas (LHV).
    pub gas_t_co2_per_mwh: f64,
    /// k_gas, tce per MWh of gas (LHV).
    pub gas_tce_per_mwh: f64,
    /// k_h2, tce per kg of hydrogen.
    pub hydrogen_tce_per_kg: f64,
    /// Further readings under which the plan must meet λ too (`rules.robust`), each its own
    /// intensity row on the same variables.
    pub robust: Vec<Reading>,
    /// The readings a reviewer might take instead of the scenario's, one choice changed in
    /// each; reported, not enforced.
    pub standard_readings: Vec<Reading>,
    /// Direct green-power supply rules, when the scenario sets them.
    pub direct_supply: Option<super::spec::DirectSupplySpec>,
}

/// The factors of one reading of the rule (formulation §4): the accounting choices the public
/// texts leave open (china-rules.md §1, "Not settled") set one way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// A name for reports, e.g. `calorific basis`.
    pub name: String,
    /// Electricity tce basis.
    pub electricity_tce_basis: super::spec::TceBasis,
    /// `k_e`, tce/MWh.
    pub electricity_tce_per_mwh: f64,
    /// Name of the grid factor.
    pub grid_factor_name: String,
    /// `ef_grid`, t/MWh.
    pub grid_t_co2_per_mwh: f64,
    /// `[proc]`.
    pub process_emissions: super::spec::ProcessEmissions,
    /// `[ded]`.
    pub ccus_deduction: bool,
    /// `ef_gas`, t/MWh.
    pub gas_t_co2_per_mwh: f64,
    /// `k_gas`, tce/MWh.
    pub gas_tce_per_mwh: f64,
    /// `k_h2`, tce/kg.
    pub hydrogen_tce_per_kg: f64,
}

impl Reading {
    /// The reading of the scenario's own accounting, named `scenario`.
    pub fn of(accounting: &AccountingData) -> Self {
        Self {
            name: "scenario".into(),
            electricity_tce_basis: accounting.electricity_tce_basis,
            electricity_tce_per_mwh: accounting.electricity_tce_per_mwh,
            grid_factor_name: accounting.grid_factor_name.clone(),
            grid_t_co2_per_mwh: accounting.grid_t_co2_per_mwh,
            process_emissions: accounting.process_emissions,
            ccus_deduction: accounting.ccus_deduction,
            gas_t_co2_per_mwh: accounting.gas_t_co2_per_mwh,
            gas_tce_per_mwh: accounting.gas_tce_per_mwh,
            hydrogen_tce_per_kg: accounting.hydrogen_tce_per_kg,
        }
    }

    /// `[proc]` as a number.
    pub fn process_factor(&self) -> f64 {
        match self.process_emissions {
            super::spec::ProcessEmissions::Include => 1.0,
            super::spec::ProcessEmissions::Exclude => 0.0,
        }
    }
}

impl AccountingData {
    /// `[proc]` as a number.
    pub fn process_factor(&self) -> f64 {
        match self.process_emissions {
            super::spec::ProcessEmissions::Include => 1.0,
            super::spec::ProcessEmissions::Exclude => 0.0,
        }
    }
}

/// Clean-share row parameters.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CleanShareData {
    /// σ.
    pub target: f64,
    /// α_grid.
    pub grid_non_fossil_share: f64,
}

/// Everything the model needs about one park.
#[derive(Debug, Clone, Serialize)]
pub struct Park {
    /// Scenario name.
    pub name: String,
    /// The modelled hours.
    pub time: TimeAxis,
    /// L^e_t, MW.
    pub electric_load_mw: Vec<f64>,
    /// PV, when it may be built or exists.
    pub pv: Option<PvData>,
    /// Wind, when it may be built or exists.
    pub wind: Option<WindData>,
    /// Battery, when it may be built or exists.
    pub battery: Option<BatteryData>,
    /// Grid connection and markets.
    pub grid: GridData,
    /// Accounting.
    pub accounting: AccountingData,
    /// Hydrogen system, when the scenario has one.
    pub hydrogen: Option<HydrogenData>,
    /// Heat system, when the scenario has one.
    pub heat: Option<HeatData>,
    /// CO2 sources and capture, when the scenario has them.
    pub co2: Option<Co2Data>,
    /// The assumptions of the investor's cash flows (`finance:` with its defaults).
    pub finance: super::finance::FinanceData,
    /// What a province pays the project (`incentives:`).
    pub incentives: super::incentives::IncentivesData,
}

impl Park {
    /// The economic lifetimes of every technology the park has, years (for the analysis
    /// period when none is given: the longest).
    pub fn lifetimes_yr(&self) -> Vec<f64> {
        let mut out = Vec::new();
        out.extend(self.pv.as_ref().map(|x| x.cost_per_mw.lifetime_yr));
        out.extend(self.wind.as_ref().map(|x| x.cost_per_turbine.lifetime_yr));
        out.extend(self.battery.as_ref().map(|x| x.cost_per_mwh.lifetime_yr));
        if let Some(h) = &self.hydrogen {
            out.extend(
                h.electrolyser
                    .as_ref()
                    .map(|e| e.cost_per_stack.lifetime_yr),
            );
            out.extend(h.storage.as_ref().map(|s| s.cost_per_kg.lifetime_yr));
        }
        if let Some(h) = &self.heat {
            out.extend(
                h.electric_boiler
                    .as_ref()
                    .map(|(u, _)| u.cost_per_mw_th.lifetime_yr),
            );
            out.extend(
                h.heat_pump
                    .as_ref()
                    .map(|(u, _)| u.cost_per_mw_th.lifetime_yr),
            );
            out.extend(
                h.thermal_storage
                    .as_ref()
                    .map(|s| s.cost_per_mwh_th.lifetime_yr),
            );
        }
        if let Some(c) = &self.co2 {
            out.extend(c.captures.iter().map(|c| c.cost_per_module.lifetime_yr));
        }
        out
    }
}

/// A window within which a hydrogen total is delivered:
/// `Σ_{t ∈ window} c_t · del_t = kg`, with `c_t = 1` (a day) or `w_t` (the year).
#[derive(Debug, Clone, Serialize)]
pub struct DeliveryWindowData {
    /// First step of the window.
    pub first: usize,
    /// Number of steps.
    pub len: usize,
    /// Amount to deliver, kg (for a day cut short by the horizon, the share of its hours).
    pub kg: f64,
    /// True: weighted by `w_t` (an annual window); false: plain sum (a day).
    pub weighted: bool,
}

/// Hydrogen demand as resolved.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HydrogenDemand {
    /// `D^h2_t`, kg in each step.
    Hourly {
        /// kg per hour, each step.
        kg_per_h: Vec<f64>,
    },
    /// Totals delivered at any hour of their window.
    Windows {
        /// The windows, in time order, covering the horizon.
        windows: Vec<DeliveryWindowData>,
    },
}

/// Electrolysers.
#[derive(Debug, Clone, Serialize)]
pub struct ElectrolyserData {
    /// Technology.
    pub technology: super::spec::ElectrolyserTechnology,
    /// `U_ely`, MW per stack.
    pub unit_mw: f64,
    /// kg of hydrogen per MWh (`1000 / s_ely`).
    pub kg_per_mwh: f64,
    /// `m_ely`.
    pub min_load_frac: f64,
    /// Upper bound on new stacks.
    pub max_new_stacks: u32,
    /// Stacks already built.
    pub existing_stacks: u32,
    /// Minimum-load model.
    pub commitment: super::spec::Commitment,
    /// Cost of one new stack (`U_ely` × capex per MW), stack replacements included.
    pub cost_per_stack: InvestmentCost,
}

/// Hydrogen storage.
#[derive(Debug, Clone, Serialize)]
pub struct HydrogenStorageData {
    /// Upper bound on new working capacity, kg.
    pub max_new_kg: f64,
    /// Working capacity already built, kg.
    pub existing_kg: f64,
    /// Cost per kg.
    pub cost_per_kg: InvestmentCost,
}

/// The hydrogen system.
#[derive(Debug, Clone, Serialize)]
pub struct HydrogenData {
    /// The demand, if any.
    pub demand: Option<HydrogenDemand>,
    /// Electrolysers, if any may be built or exist.
    pub electrolyser: Option<ElectrolyserData>,
    /// Storage, if any may be built or exists.
    pub storage: Option<HydrogenStorageData>,
    /// `(c^h2buy, ef_h2buy)`: price RMB/kg and t CO2/kg, when hydrogen may be bought.
    pub purchase: Option<(f64, f64)>,
    /// `(c^h2sale, cap)`: price RMB/kg and most kg per year, when hydrogen may be sold.
    pub sale: Option<(f64, Option<f64>)>,
}

/// A heat technology sized in MW_th.
#[derive(Debug, Clone, Serialize)]
pub struct HeatUnitData {
    /// Upper bound on new capacity, MW_th.
    pub max_new_mw_th: f64,
    /// Capacity already built, MW_th.
    pub existing_mw_th: f64,
    /// Cost per MW_th.
    pub cost_per_mw_th: InvestmentCost,
}

/// The existing gas boiler.
#[derive(Debug, Clone, Serialize)]
pub struct GasBoilerData {
    /// `P_gb`, MW_th.
    pub capacity_mw_th: f64,
    /// `η_gb` on LHV.
    pub efficiency: f64,
    /// `c^gas`, RMB per MWh of gas (LHV).
    pub gas_price_rmb_per_mwh: f64,
    /// The price as given, RMB per Nm³, and the LHV used, kWh/Nm³ (for reports).
    pub gas_price_rmb_per_nm3: f64,
    /// LHV, kWh per Nm³.
    pub gas_lhv_kwh_per_nm3: f64,
}

/// Thermal storage.
#[derive(Debug, Clone, Serialize)]
pub struct ThermalStorageData {
    /// Upper bound on new capacity, MWh_th.
    pub max_new_mwh_th: f64,
    /// Capacity already built, MWh_th.
    pub existing_mwh_th: f64,
    /// `d_ts`, h.
    pub duration_h: f64,
    /// Cost per MWh_th.
    pub cost_per_mwh_th: InvestmentCost,
}

/// The heat system.
#[derive(Debug, Clone, Serialize)]
pub struct HeatData {
    /// `L^h_t`, MW_th (zeros when only CCUS uses heat).
    pub demand_mw_th: Vec<f64>,
    /// The existing gas boiler.
    pub gas_boiler: Option<GasBoilerData>,
    /// Electric boilers, with `η_eb`.
    pub electric_boiler: Option<(HeatUnitData, f64)>,
    /// Heat pumps, with `COP_t` for each step.
    pub heat_pump: Option<(HeatUnitData, Vec<f64>)>,
    /// Thermal storage.
    pub thermal_storage: Option<ThermalStorageData>,
}

/// One CO2 source as resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Co2SourceData {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: super::spec::Co2SourceKind,
    /// `q_t` of a process source, t/h (empty for the gas boiler, whose flow is a variable).
    pub flow_t_per_h: Vec<f64>,
    /// Whether its emissions count in EM (gas boiler: always; process: with `[proc]`).
    pub counted: bool,
}

/// One capture plant.
#[derive(Debug, Clone, Serialize)]
pub struct CaptureData {
    /// Index of the source in [`Co2Data::sources`].
    pub source: usize,
    /// Technology.
    pub technology: super::spec::CaptureTechnology,
    /// `U_cc`, t/h per module.
    pub module_t_per_h: f64,
    /// `κ`.
    pub capture_frac: f64,
    /// `e_cc`, MWh per t.
    pub electricity_mwh_per_t: f64,
    /// `h_cc`, MWh_th per t.
    pub heat_mwh_th_per_t: f64,
    /// `c^cc`, RMB per t captured.
    pub variable_cost_rmb_per_t: f64,
    /// Cost of one new module.
    pub cost_per_module: InvestmentCost,
    /// Upper bound on new modules.
    pub max_new_modules: u32,
    /// Modules already built.
    pub existing_modules: u32,
}

/// CO2 sources, capture, transport and storage, utilisation.
#[derive(Debug, Clone, Serialize)]
pub struct Co2Data {
    /// Named sources.
    pub sources: Vec<Co2SourceData>,
    /// Capture plants.
    pub captures: Vec<CaptureData>,
    /// `c^ts`, RMB per t stored.
    pub transport_storage_rmb_per_t: f64,
    /// `(price RMB/t, most t/yr)` of CO2 sold for use.
    pub utilisation: Option<(f64, f64)>,
}

/// The λ tier rule of china-rules.md §1: 0.3 t/tce above 1 Mtce/yr, else 0.2.
///
/// Returns the limit, t CO2/tce, and whether `energy_tce` lies below the official tiers
/// (200 ktce/yr), where no official value exists and 0.2 applies.
pub fn intensity_limit_for_consumption(energy_tce: f64) -> (f64, bool) {
    if energy_tce > 1.0e6 {
        (0.3, false)
    } else if energy_tce >= 2.0e5 {
        (0.2, false)
    } else {
        (0.2, true)
    }
}
