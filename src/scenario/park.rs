//! The resolved park: every number the model reads, in physical units, hour by hour.
//!
//! Built once from a validated scenario and the catalogue in force ([`super::resolve`]); the
//! model, the KPIs and the reports all read this and nothing else from the input side.

use serde::Serialize;

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
    /// How many calendar months each month's modelled steps stand for (for the monthly
    /// demand charge): `Σ_{t∈m} w_t / hours in month m`; sums to 12 over a year.
    pub month_weight: [f64; 12],
}

impl TimeAxis {
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

/// Annualisation of one investment: `(CRF(r, n) + f) · capex` per unit of size.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct InvestmentCost {
    /// Overnight capex per unit of size, RMB.
    pub capex_rmb_per_unit: f64,
    /// Capital recovery factor CRF(r, n), 1/yr.
    pub crf_per_yr: f64,
    /// Fixed O&M as a share of capex, 1/yr.
    pub fixed_om_per_yr: f64,
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

    /// Annualised capital cost plus fixed O&M per unit of size, RMB/yr.
    pub fn annual_rmb_per_unit(&self) -> f64 {
        self.capital_rmb_per_unit() + self.fixed_om_rmb_per_unit()
    }
}

/// PV data.
#[derive(Debug, Clone, Serialize)]
pub struct PvData {
    /// Output per MW, each step.
    pub cf: Vec<f64>,
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
    /// How λ is chosen.
    pub intensity_limit: LimitRule,
    /// σ and α_grid when the clean-share row is on.
    pub clean_share: Option<CleanShareData>,
    /// c^co2, RMB/t.
    pub carbon_price_rmb_per_t: f64,
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
}

/// The λ tier rule of china-rules.md §1: 0.3 t/tce above 1 Mtce/yr, else 0.2.
///
/// Returns the limit and, below 200 ktce/yr where no official value exists, a warning.
pub fn intensity_limit_for_consumption(energy_tce: f64) -> (f64, Option<String>) {
    if energy_tce > 1.0e6 {
        (0.3, None)
    } else if energy_tce >= 2.0e5 {
        (0.2, None)
    } else {
        (
            0.2,
            Some(format!(
                "baseline consumption {:.0} tce/yr is below the 200,000 tce/yr of the official tiers; \
                 0.2 t/tce applied",
                energy_tce
            )),
        )
    }
}
