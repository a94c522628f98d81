//! The scenario file as written by a user: serde types, defaults filled in by serde.
//!
//! These types hold the YAML as read; [`super::resolve`] turns them into the hourly numbers
//! the model reads. Every field name carries its unit.

use serde::{Deserialize, Serialize};
use serde_yaml::Mapping;

use crate::resource::{PvParams, WindParams};

/// A whole scenario file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// Short name used in reports and output paths.
    pub name: String,
    /// Free text shown in reports.
    #[serde(default)]
    pub description: String,
    /// Which hours of the year are modelled.
    #[serde(default)]
    pub horizon: HorizonSpec,
    /// Hourly loads.
    pub loads: LoadsSpec,
    /// Hourly resource profiles (capacity factors per unit of rated power).
    #[serde(default)]
    pub resources: ResourcesSpec,
    /// Grid connection, tariffs and purchases.
    pub grid: GridSpec,
    /// What may be built, with limits and existing capacity.
    #[serde(default)]
    pub build: BuildSpec,
    /// Hydrogen: demand, electrolysers, storage, purchase and sale (formulation §3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hydrogen: Option<HydrogenSpec>,
    /// Heat: demand, the existing gas boiler, electric boilers, heat pumps and thermal
    /// storage (formulation §3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heat: Option<HeatSpec>,
    /// CO2 sources of the park and their capture (CCUS, formulation §3–§4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co2: Option<Co2Spec>,
    /// The policy rules and accounting switches.
    #[serde(default)]
    pub rules: RulesSpec,
    /// How the report is written (language, weeks charted).
    #[serde(default, skip_serializing_if = "is_default_report")]
    pub report: ReportSpec,
    /// The investor's cash-flow view of the plan: analysis period, discount rate, debt, tax,
    /// escalation (each optional with a default; README, "Cash flows").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finance: Option<FinanceSpec>,
    /// What a province pays the park's project (awards, per-tonne subsidies, capex
    /// subsidies, green loans); each optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incentives: Option<IncentivesSpec>,
    /// The stages of an investment pathway (`zcpark pathway`); `plan` ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pathway: Option<super::pathway::PathwaySpec>,
    /// A catalogue file to use instead of the shipped one (path relative to the scenario).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalogue_file: Option<String>,
    /// Overrides of catalogue values: `section: { field: number }`.
    #[serde(default)]
    pub catalogue: Mapping,
}

/// The modelled hours: a contiguous cut of the 8760-hour year, weighted to stand for a year.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HorizonSpec {
    /// First hour of the year modelled (0 = 1 January 00:00).
    #[serde(default)]
    pub start_hour: usize,
    /// Number of hours modelled; each stands for `8760 / hours` hours of the year.
    #[serde(default = "full_year")]
    pub hours: usize,
    /// Plan on this many typical days (representative days of the full year, weighted by the
    /// days they stand for, formulation §1), then check the sizes on all 8,760 hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typical_days: Option<usize>,
    /// How the typical days are chosen and how stores are linked across them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregation: Option<AggregationSpec>,
}

/// A report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// English.
    #[default]
    En,
    /// Chinese (简体中文).
    Zh,
}

/// How the report of a plan is written (`report:`; `--lang` and `--weeks` set the same).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ReportSpec {
    /// Language of `report.html` and the terminal summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Language>,
    /// Weeks of the year (1-52) whose dispatch the report charts (default: the week of peak
    /// grid import and the week of most curtailment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weeks: Option<Vec<usize>>,
}

fn is_default_report(report: &ReportSpec) -> bool {
    *report == ReportSpec::default()
}

/// How days are clustered into typical days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ClusterMethod {
    /// Ward's hierarchical clustering, each cluster represented by its medoid day (tsam's
    /// default).
    #[default]
    Hierarchical,
    /// k-medoids (partitioning around medoids).
    Kmedoids,
}

/// How a typical day's hourly values are made from the days it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Representation {
    /// The medoid day's own values, amounts and capacity factors scaled by one factor per
    /// series so that the year's totals are kept (tsam's `medoidRepresentation` with
    /// `rescaleClusterPeriods`).
    Medoid,
    /// The distribution of the cluster's hours (its duration curve) in the medoid day's
    /// order: the medoid's i-th highest hour takes the mean of the cluster's i-th block of
    /// sorted hourly values (tsam's `distributionPeriodWise`). Amounts and capacity factors
    /// keep their totals and their spread without rescaling.
    #[default]
    Distribution,
}

/// How a store's level is carried from one day to the next on typical days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StorageLinking {
    /// A start-of-day level for each of the 365 days, chained through each day's typical day
    /// and cyclic over the year, with Kotzur's bounds (Kotzur et al. 2018, Applied Energy
    /// 213): seasonal storage works.
    #[default]
    InterDay,
    /// Each typical day's levels cyclic on their own: nothing is carried between days.
    CyclicPerDay,
}

/// A day kept whole, with weight 1, because clustering would smooth it away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtremeDay {
    /// The day of the highest hourly net load: electricity load less the output of a PV and
    /// wind fleet sized to the mean load (what sizes the grid connection and storage).
    PeakNetLoad,
    /// The day with the least PV and wind (the dark, calm day storage must bridge).
    MinRenewable,
    /// The day of the highest hourly electricity load.
    PeakLoad,
    /// The day of the highest hourly heat demand.
    PeakHeat,
}

/// Options of the typical-day aggregation (`horizon.aggregation`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AggregationSpec {
    /// Clustering method.
    #[serde(default)]
    pub method: ClusterMethod,
    /// Days kept whole with weight 1 (default: peak net load and least renewable, each
    /// where the park has what it reads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extreme_days: Option<Vec<ExtremeDay>>,
    /// Storage linking across days.
    #[serde(default)]
    pub storage_linking: StorageLinking,
    /// How the typical days' values are made.
    #[serde(default)]
    pub representation: Representation,
    /// Check the typical-day sizes on all 8,760 hours (default true). Off, the report gives
    /// the typical-day estimate, marked as such: for sweeps whose chosen plans are checked
    /// afterwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_year_check: Option<bool>,
    /// Hourly series clustered, by name (default: every series the model reads); see
    /// `zcpark validate` or the README for the names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<String>>,
}

impl AggregationSpec {
    /// The extreme days asked for, or the default ones.
    pub fn extreme_days(&self) -> Vec<ExtremeDay> {
        self.extreme_days
            .clone()
            .unwrap_or_else(|| vec![ExtremeDay::PeakNetLoad, ExtremeDay::MinRenewable])
    }
}

fn full_year() -> usize {
    8760
}

impl Default for HorizonSpec {
    fn default() -> Self {
        Self {
            start_hour: 0,
            hours: full_year(),
            typical_days: None,
            aggregation: None,
        }
    }
}

/// One column of a CSV file with 8760 hourly rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesSpec {
    /// CSV path, relative to the scenario file.
    pub file: String,
    /// Column header to read.
    pub column: String,
    /// Factor applied to every value.
    #[serde(default = "one")]
    pub scale: f64,
}

fn one() -> f64 {
    1.0
}

/// The park's hourly loads.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadsSpec {
    /// Electricity demand of the park's end uses, MW.
    pub electricity_mw: SeriesSpec,
}

/// Resource profiles: each of PV and wind either as a capacity-factor column, or computed
/// from a site weather file with the models of `zcpark profiles`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourcesSpec {
    /// PV output per MW of capacity, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pv_cf: Option<SeriesSpec>,
    /// Wind output per MW of turbine rating, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wind_cf: Option<SeriesSpec>,
    /// Site weather (TMY3, EPW or PVGIS TMY CSV) that `pv_from_weather` and
    /// `wind_from_weather` read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weather: Option<WeatherSpec>,
    /// PV system parameters; the PV profile is computed from `weather` (instead of `pv_cf`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pv_from_weather: Option<PvParams>,
    /// Wind farm parameters; the wind profile is computed from `weather` (instead of
    /// `wind_cf`) with a turbine of the shipped library or `power_curve_csv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wind_from_weather: Option<WindParams>,
}

/// A site weather file named in a scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeatherSpec {
    /// Weather file path, relative to the scenario file.
    pub file: String,
    /// Shift the file's clock to this UTC offset, hours (e.g. 8 for a PVGIS file, which is
    /// in UTC, used for a park in China). Without it, the file's own clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset_h: Option<f64>,
}

/// A price that varies by hour; exactly one of the three forms is given.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TariffSpec {
    /// One price for every hour, RMB/kWh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat_rmb_per_kwh: Option<f64>,
    /// Named time-of-use periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tou: Option<TouSpec>,
    /// An hourly column in RMB/kWh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly: Option<SeriesSpec>,
}

/// Time-of-use tariff written as named periods with their hours, optionally by season.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TouSpec {
    /// Price of each period, RMB/kWh.
    pub prices_rmb_per_kwh: TouPrices,
    /// Seasons (month sets) with the hours of each period; together they cover every month.
    pub seasons: Vec<TouSeason>,
}

/// Prices of the TOU periods that a tariff uses.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TouPrices {
    /// 深谷 deep valley.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deep_valley: Option<f64>,
    /// 谷 valley.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valley: Option<f64>,
    /// 平 flat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat: Option<f64>,
    /// 峰 peak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak: Option<f64>,
    /// 尖峰 critical peak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical_peak: Option<f64>,
}

/// The period of each hour of the day in a set of months.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TouSeason {
    /// Months (1–12) this season covers.
    pub months: Vec<u32>,
    /// Hours of each period as `"a-b"` ranges of clock hours (inclusive), comma separated:
    /// `"0-6,23"` is 00:00–07:00 and 23:00–24:00.
    pub hours: TouHours,
}

/// Hour ranges of each period within a season.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TouHours {
    /// Deep-valley hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deep_valley: Option<String>,
    /// Valley hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valley: Option<String>,
    /// Flat hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat: Option<String>,
    /// Peak hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak: Option<String>,
    /// Critical-peak hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical_peak: Option<String>,
}

/// Grid connection and market options.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridSpec {
    /// Connection capacity for import (grid plus contracted green power), MW.
    pub import_cap_mw: f64,
    /// Energy price of grid import.
    pub import_tariff: TariffSpec,
    /// Selling power back, if allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export: Option<ExportSpec>,
    /// Contracted green power (green-power trading or a direct line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub green_power: Option<GreenPowerSpec>,
    /// Green electricity certificates (GEC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificates: Option<CertificatesSpec>,
    /// The capacity part of China's two-part industrial tariff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand_charge: Option<DemandChargeSpec>,
}

/// Export to the grid.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportSpec {
    /// Largest export, MW.
    pub cap_mw: f64,
    /// Price paid for exported power.
    pub tariff: TariffSpec,
    /// Cap on annual export as a share of on-site PV and wind output (e.g. 0.2 for green
    /// direct-line projects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_share_of_output: Option<f64>,
}

/// Contracted green power.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GreenPowerSpec {
    /// Premium over the import tariff, RMB/kWh.
    pub premium_rmb_per_kwh: f64,
    /// Annual volume available, MWh.
    pub max_mwh_per_yr: f64,
}

/// Green certificates.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificatesSpec {
    /// Price per MWh certificate.
    pub price_rmb_per_mwh: f64,
    /// Cap as a share of grid imports not already credited as clean (χ).
    pub max_share_of_imports: f64,
}

/// Capacity billing of the two-part tariff; exactly one of the two forms is given.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemandChargeSpec {
    /// Billed on each month's peak import, RMB per kW per month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_demand_rmb_per_kw_month: Option<f64>,
    /// Billed on a contracted capacity (chosen by the model, capped by the connection),
    /// RMB per kW per month; import never exceeds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contracted_rmb_per_kw_month: Option<f64>,
}

/// Technologies that may be built.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildSpec {
    /// New PV.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pv: Option<PvBuildSpec>,
    /// New wind turbines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wind: Option<WindBuildSpec>,
    /// New batteries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub battery: Option<BatteryBuildSpec>,
}

/// PV limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PvBuildSpec {
    /// Most new PV the land allows, MW.
    pub max_mw: f64,
    /// PV already built, MW (no capex).
    #[serde(default)]
    pub existing_mw: f64,
}

/// Wind limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindBuildSpec {
    /// Most new turbines the site allows.
    pub max_turbines: u32,
    /// Turbines already built.
    #[serde(default)]
    pub existing_turbines: u32,
}

/// Battery limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatteryBuildSpec {
    /// Most new energy capacity, MWh.
    pub max_mwh: f64,
    /// Energy capacity already built, MWh.
    #[serde(default)]
    pub existing_mwh: f64,
    /// Power capacity already built, MW.
    #[serde(default)]
    pub existing_mw: f64,
}

/// Policy rules and accounting switches (formulation §4, china-rules.md §1).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSpec {
    /// The intensity limit λ, t CO2 per tce: `auto` (tier from the baseline) or a number.
    #[serde(default)]
    pub intensity_limit: IntensityLimitSpec,
    /// Which electricity-to-tce factor applies.
    #[serde(default)]
    pub electricity_tce_basis: TceBasis,
    /// Grid emission factor: a catalogue name or a number in t/MWh. Absent: the 2023
    /// national average (`national-2023`), or the national residual mix
    /// (`national-residual-2023`) when the scenario buys green power or certificates, whose
    /// zero emissions are then claimed separately (formulation §4, "defaults").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_factor: Option<GridFactorSpec>,
    /// The optional clean-energy share row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clean_share: Option<CleanShareSpec>,
    /// Carbon price on the plan's emissions, RMB/t.
    #[serde(default)]
    pub carbon_price_rmb_per_t: f64,
    /// Whether the park's process CO2 counts in EM (formulation §4 `[proc]`).
    #[serde(default)]
    pub process_emissions: ProcessEmissions,
    /// Whether CO2 captured and stored is deducted from EM (formulation §4 `[ded]`); only
    /// from sources whose emissions are counted.
    #[serde(default)]
    pub ccus_deduction: bool,
    /// Rules of direct green-power supply (绿电直连) that a province sets, each optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct_supply: Option<DirectSupplySpec>,
    /// Further readings of the open accounting choices under which the plan must meet λ too:
    /// one intensity row each, on the same variables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub robust: Vec<ReadingSpec>,
}

/// Direct green-power supply rules (绿电直连, 发改能源〔2025〕650号; Hunan 湘发改能源〔2025〕853号:
/// export at most 20 % of the available generation, self-use at least 60 % of it and at least
/// 30 % of the park's consumption, 35 % from 2030). Shares of annual energy, 0..1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DirectSupplySpec {
    /// Export to the grid at most this share of the PV and wind generation available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_export_share_of_generation: Option<f64>,
    /// PV and wind used in the park at least this share of the generation available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_self_use_share_of_generation: Option<f64>,
    /// PV and wind used in the park at least this share of its electricity consumption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_share_of_consumption: Option<f64>,
}

/// One reading of the rule's open accounting choices, each field changing the scenario's
/// own choice (`rules.robust`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ReadingSpec {
    /// A name for reports (default: the changes, e.g. `calorific basis`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Electricity tce basis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electricity_tce_basis: Option<TceBasis>,
    /// Grid emission factor: a catalogue name or a number in t/MWh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_factor: Option<GridFactorSpec>,
    /// Whether process CO2 counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process_emissions: Option<ProcessEmissions>,
    /// Whether CO2 stored is deducted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ccus_deduction: Option<bool>,
}

impl Default for RulesSpec {
    fn default() -> Self {
        Self {
            intensity_limit: IntensityLimitSpec::default(),
            electricity_tce_basis: TceBasis::default(),
            grid_factor: None,
            clean_share: None,
            carbon_price_rmb_per_t: 0.0,
            process_emissions: ProcessEmissions::default(),
            ccus_deduction: false,
            direct_supply: None,
            robust: Vec::new(),
        }
    }
}

/// Whether process CO2 (calcination, chemical vents) counts in EM.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ProcessEmissions {
    /// Counted (`[proc]` = 1).
    Include,
    /// Not counted (`[proc]` = 0): the core indicator read as energy-related CO2 per unit of
    /// energy; the default, since the public texts do not settle it (china-rules.md §1).
    #[default]
    Exclude,
}

/// λ as written: `auto` or a number.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum IntensityLimitSpec {
    /// A value in t CO2 per tce.
    Value(f64),
    /// The word `auto`.
    Keyword(AutoKeyword),
}

/// The single keyword `auto`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AutoKeyword {
    /// Choose from the rules.
    Auto,
}

impl Default for IntensityLimitSpec {
    fn default() -> Self {
        Self::Keyword(AutoKeyword::Auto)
    }
}

/// Electricity-to-coal-equivalent basis.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TceBasis {
    /// Generation coal rate, ≈ 0.300 tce/MWh (national statistics).
    #[default]
    Equivalent,
    /// Heat content, 0.1229 tce/MWh (GB/T 2589).
    Calorific,
}

/// The grid factor as written: a catalogue name or a number.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum GridFactorSpec {
    /// A value in t CO2 per MWh.
    Value(f64),
    /// A name in the catalogue's `grid_factors_t_per_mwh`.
    Named(String),
}

impl GridFactorSpec {
    /// The factor of a scenario that names none (formulation §4, "defaults"): the 2023
    /// national average, or the national residual mix when green power or certificates are
    /// bought (`claims_green`), so that their zero emissions are not counted twice (once in
    /// the claim, once in the national average, which already holds them).
    pub fn default_for(claims_green: bool) -> Self {
        Self::Named(
            if claims_green {
                "national-residual-2023"
            } else {
                "national-2023"
            }
            .into(),
        )
    }
}

/// The clean-energy share row.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CleanShareSpec {
    /// Required clean share σ of energy consumption.
    #[serde(default = "default_clean_target")]
    pub target: f64,
    /// Non-fossil share α credited to plain grid power.
    #[serde(default)]
    pub grid_non_fossil_share: f64,
}

fn default_clean_target() -> f64 {
    0.9
}

// ---------------------------------------------------------------------------------------
// Hydrogen (formulation §2–§5).

/// The park's hydrogen system.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HydrogenSpec {
    /// Hydrogen the park uses (trucks, chemicals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<HydrogenDemandSpec>,
    /// Electrolysers that may be built, in whole stacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electrolyser: Option<ElectrolyserSpec>,
    /// Hydrogen storage that may be built (working capacity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<HydrogenStorageSpec>,
    /// Buying hydrogen (grey hydrogen); needed when there is a demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase: Option<HydrogenPurchaseSpec>,
    /// Selling surplus hydrogen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale: Option<HydrogenSaleSpec>,
}

/// A hydrogen demand: exactly one of an hourly column, a daily or an annual total.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HydrogenDemandSpec {
    /// Hourly demand, kg per hour, met in its hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kg_per_h: Option<SeriesSpec>,
    /// The same amount every day, delivered at any hour of its day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kg_per_day: Option<f64>,
    /// An annual total; by default spread evenly over the days and delivered at any hour of
    /// each day (formulation §3), or with `window: year` at any hour of the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kg_per_yr: Option<f64>,
    /// Window within which a total may be delivered (`day` or `year`; `year` only with
    /// `kg_per_yr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<DeliveryWindow>,
}

/// The window within which a hydrogen total may be delivered.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryWindow {
    /// Each calendar day's share is delivered within that day.
    #[default]
    Day,
    /// The annual total is delivered at any hour of the year (the user has the storage).
    Year,
}

/// Electrolyser technology (a catalogue entry).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ElectrolyserTechnology {
    /// Alkaline, 5 MW stacks (catalogue `electrolyser_alkaline`).
    #[default]
    Alkaline,
    /// Proton-exchange membrane (catalogue `electrolyser_pem`).
    Pem,
}

/// How the electrolyser minimum load is modelled (formulation §3).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Commitment {
    /// Hourly integer count of running stacks, each between min load and rating.
    #[default]
    Integer,
    /// The same with the count continuous (a linear relaxation).
    Relaxed,
    /// No minimum load.
    Off,
}

/// Electrolysers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectrolyserSpec {
    /// Catalogue entry.
    #[serde(default)]
    pub technology: ElectrolyserTechnology,
    /// Most new stacks the site allows.
    pub max_stacks: u32,
    /// Stacks already built (no capex).
    #[serde(default)]
    pub existing_stacks: u32,
    /// Minimum-load model.
    #[serde(default)]
    pub commitment: Commitment,
}

/// Hydrogen storage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HydrogenStorageSpec {
    /// Most new working capacity, kg.
    pub max_kg: f64,
    /// Working capacity already built, kg.
    #[serde(default)]
    pub existing_kg: f64,
}

/// Buying hydrogen.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HydrogenPurchaseSpec {
    /// Delivered price, RMB/kg.
    pub price_rmb_per_kg: f64,
    /// Emissions of the hydrogen bought, t CO2 per kg (`ef_h2buy`; grey hydrogen from coal
    /// ≈ 0.019–0.022, from gas ≈ 0.010–0.012).
    pub t_co2_per_kg: f64,
}

/// Selling hydrogen.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HydrogenSaleSpec {
    /// Price received, RMB/kg.
    pub price_rmb_per_kg: f64,
    /// Most sold in a year, kg (no cap when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_kg_per_yr: Option<f64>,
}

// ---------------------------------------------------------------------------------------
// Heat (formulation §3).

/// The park's heat system (steam or hot water, MW_th).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeatSpec {
    /// Heat demand, MW_th (none: the heat system serves only CCUS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand_mw_th: Option<SeriesSpec>,
    /// The existing gas boiler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gas_boiler: Option<GasBoilerSpec>,
    /// Electric boilers that may be built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electric_boiler: Option<HeatBuildSpec>,
    /// Heat pumps that may be built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heat_pump: Option<HeatPumpSpec>,
    /// Thermal storage that may be built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thermal_storage: Option<ThermalStorageSpec>,
}

/// An existing gas boiler (fixed capacity, no capex).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GasBoilerSpec {
    /// Heat output capacity, MW_th.
    pub capacity_mw_th: f64,
    /// Natural gas price, RMB per Nm³ (converted with the catalogue's LHV).
    pub gas_price_rmb_per_nm3: f64,
    /// Efficiency on the lower heating value (catalogue `gas_boiler.efficiency_frac` when
    /// absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub efficiency_frac: Option<f64>,
}

/// A heat technology sized in MW_th.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeatBuildSpec {
    /// Most new heat output capacity, MW_th.
    pub max_mw_th: f64,
    /// Heat output capacity already built, MW_th.
    #[serde(default)]
    pub existing_mw_th: f64,
}

/// Heat pumps.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeatPumpSpec {
    /// Most new heat output capacity, MW_th.
    pub max_mw_th: f64,
    /// Heat output capacity already built, MW_th.
    #[serde(default)]
    pub existing_mw_th: f64,
    /// Coefficient of performance.
    pub cop: CopSpec,
}

/// The heat pump's COP; exactly one of the three forms.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopSpec {
    /// One COP for every hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constant: Option<f64>,
    /// An hourly COP column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly: Option<SeriesSpec>,
    /// From the source temperature: `COP = min(COP_max, max(1, η_C · T_sink / (T_sink −
    /// T_source)))`, temperatures in kelvin, `η_C` and `COP_max` from the catalogue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carnot: Option<CarnotCopSpec>,
}

/// Temperatures of the Carnot-fraction COP.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarnotCopSpec {
    /// Hourly heat-source temperature, °C (ambient air, cooling water, waste heat).
    pub source_temperature_c: SeriesSpec,
    /// Delivery (sink) temperature, °C.
    pub sink_temperature_c: f64,
}

/// Thermal storage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThermalStorageSpec {
    /// Most new capacity, MWh_th.
    pub max_mwh_th: f64,
    /// Capacity already built, MWh_th.
    #[serde(default)]
    pub existing_mwh_th: f64,
    /// Hours to fill or empty at full rate, `d_ts` (catalogue `thermal_storage.duration_h`,
    /// 4 h, when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_h: Option<f64>,
}

// ---------------------------------------------------------------------------------------
// CO2 sources and capture (formulation §3–§4).

/// CO2 sources of the park and their capture.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Co2Spec {
    /// Named sources.
    #[serde(default)]
    pub sources: Vec<Co2SourceSpec>,
    /// Capture plants, each on one named source.
    #[serde(default)]
    pub capture: Vec<CaptureSpec>,
    /// Selling captured CO2 for use (e.g. to a methanol plant) instead of storing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utilisation: Option<Co2UtilisationSpec>,
}

/// What a CO2 source is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Co2SourceKind {
    /// Process emissions (calcination, chemical vents), given as a flow; counted in EM only
    /// with `rules.process_emissions: include`.
    Process,
    /// The flue gas of the gas boiler: `q_t = ef_gas · fuel_t`, always counted.
    GasBoiler,
}

/// One CO2 source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Co2SourceSpec {
    /// Name, unique in the scenario; capture refers to it.
    pub name: String,
    /// Kind of source.
    pub kind: Co2SourceKind,
    /// Process sources: hourly flow, t CO2 per hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub t_per_h: Option<SeriesSpec>,
    /// Process sources: annual total, t CO2 (flat, or shaped by `shape`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub t_per_yr: Option<f64>,
    /// Hourly shape of `t_per_yr` (any non-negative column; normalised to the total).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<SeriesSpec>,
}

/// Capture technology (a catalogue entry).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CaptureTechnology {
    /// Amine scrubbing of flue gas or cement kiln gas (catalogue `ccus_flue_gas_amine`).
    FlueGasAmine,
    /// Dehydration and compression of a high-concentration stream (catalogue
    /// `ccus_high_concentration`).
    HighConcentration,
}

/// A capture plant on one source, in whole modules.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaptureSpec {
    /// Name of the source captured.
    pub source: String,
    /// Catalogue entry.
    pub technology: CaptureTechnology,
    /// Most new modules.
    pub max_modules: u32,
    /// Modules already built.
    #[serde(default)]
    pub existing_modules: u32,
}

/// CO2 sold for use rather than stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Co2UtilisationSpec {
    /// Price received, RMB per t CO2.
    pub price_rmb_per_t: f64,
    /// Most sold in a year, t CO2.
    pub max_t_per_yr: f64,
}

// ---------------------------------------------------------------------------------------
// Finance: the investor's cash flows (README, "Cash flows").

/// The `finance:` section: how the plan's cash flows are laid out and valued. Every field is
/// optional; the defaults are in [`super::finance`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinanceSpec {
    /// Years of operation analysed after the construction year (default: the longest
    /// economic life of the assets the plan builds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis_years: Option<u32>,
    /// Discount rate of the NPV and the discounted payback, 1/yr (default: the catalogue's
    /// `finance.discount_rate`, the rate the plan was optimised at).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_rate: Option<f64>,
    /// A loan for part of the investment (default: none, all equity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debt: Option<DebtSpec>,
    /// Corporate income tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<TaxSpec>,
    /// Escalation of the annual operating items, 1/yr, by cost item (`grid_energy`) or group
    /// (`energy`, `revenue`, `fixed_om`, `variable_om`, `carbon`, `demand_charge`, `capital`
    /// for replacements, `all`); the most specific key applies.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub escalation: std::collections::BTreeMap<String, f64>,
}

/// A loan drawn in the construction year and repaid in level annual payments (interest and
/// principal together), from the first year of operation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebtSpec {
    /// Share of the investment (capex less capex subsidies) borrowed, 0..1 (default: the
    /// catalogue's `finance.debt_share_frac`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// Interest rate, 1/yr (default: the catalogue's `finance.debt_rate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    /// Years of repayment (default: the catalogue's `finance.debt_tenor_yr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenor_years: Option<u32>,
}

/// Corporate income tax on the project's incremental profit.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxSpec {
    /// Tax rate on taxable income (default: the catalogue's `finance.income_tax_rate`, 25 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income_tax_rate: Option<f64>,
    /// Straight-line depreciation years: one number for every technology, or a number per
    /// technology (`pv`, `wind`, `battery`, `electrolyser`, `h2_storage`, `electric_boiler`,
    /// `heat_pump`, `thermal_storage`, `ccus`); default and for technologies not named: the
    /// asset's economic life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depreciation_years: Option<DepreciationSpec>,
    /// A tax holiday for an eligible project (default: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holiday: Option<TaxHoliday>,
    /// Years a tax loss may be carried forward (default: the catalogue's
    /// `finance.loss_carry_forward_yr`, 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_carry_forward_years: Option<u32>,
}

/// Depreciation years as written: one number, or a number per technology.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum DepreciationSpec {
    /// The same years for every technology.
    All(u32),
    /// Years by technology name.
    ByTechnology(std::collections::BTreeMap<String, u32>),
}

/// A corporate income tax holiday.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TaxHoliday {
    /// 三免三减半: no tax in the first three years from the year of the project's first
    /// operating income, half the rate in the next three (企业所得税法实施条例 第八十七、八十八条).
    ThreeFreeThreeHalf,
}

/// The incentives a province offers a zero-carbon park (`incentives:`), each optional and
/// each with the text it comes from.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncentivesSpec {
    /// A one-off award paid when the park meets the rule (e.g. Jiangsu, 20 M RMB): in the
    /// cash flows only; it changes the plan only through the rule it rewards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub award: Option<AwardSpec>,
    /// A subsidy per tonne of CO2 cut against the baseline for some years (e.g. Guangdong,
    /// 20 RMB/t): in the cash flows, and in the plan's objective like a carbon price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abatement_subsidy: Option<AbatementSubsidySpec>,
    /// Share of the first build's capex paid by a subsidy, by technology (`pv`, `wind`,
    /// `battery`, ...), 0..1: in the cash flows.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub capex_subsidy_share: std::collections::BTreeMap<String, f64>,
    /// A green loan: a cut of the loan's rate (e.g. Guangdong, 30–50 basis points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub green_loan: Option<GreenLoanSpec>,
    /// Where these come from (a policy text), for the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A one-off award.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardSpec {
    /// Amount, RMB.
    pub amount_rmb: f64,
    /// Year paid, 1 = the first year of operation (default 1).
    #[serde(default = "first_operating_year")]
    pub year: u32,
    /// Whether it is taxable income (default true: a government award is, unless it meets
    /// the conditions of non-taxable fiscal funds, 财税〔2011〕70号).
    #[serde(default = "yes")]
    pub taxable: bool,
}

/// A subsidy per tonne of CO2 cut.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbatementSubsidySpec {
    /// RMB per tonne of CO2 cut against the baseline.
    pub rmb_per_t: f64,
    /// Years paid.
    pub years: u32,
    /// First year paid, 1 = the first year of operation (default 1).
    #[serde(default = "first_operating_year")]
    pub first_year: u32,
    /// Whether it is taxable income (default true).
    #[serde(default = "yes")]
    pub taxable: bool,
}

/// A green loan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GreenLoanSpec {
    /// Cut of the loan's interest rate, 1/yr (0.004 is 40 basis points).
    pub rate_cut: f64,
    /// Whether the discount rate of the NPV is cut by as much (default false).
    #[serde(default)]
    pub cuts_discount_rate: bool,
}

fn first_operating_year() -> u32 {
    1
}

fn yes() -> bool {
    true
}
