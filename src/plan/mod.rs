//! Planning a park: the baseline, λ, the least-cost plan, and — when the rules cannot be
//! met — a diagnosis of which rule fails and by how much. All result types serialise to
//! `plan.json`.

pub mod design;
pub mod dispatch;
pub mod kpi;
pub mod monthly;
pub mod robustness;
pub mod typical;
pub mod warning;

use crate::model::quota::QuotaTerm;
use crate::model::{self, BuildOptions, PolicyRows, SizeRule};
use crate::scenario::park::{
    intensity_limit_for_consumption, AccountingData, HydrogenDemand, LimitRule, ProfileOrigin,
};
use crate::scenario::{LoadedScenario, Park};
use crate::solve::explain::{self, Explanation};
use crate::solve::{
    self, ProblemStats, SolveError, SolveOptions, SolveOutcome, SolveStatus, StopReason,
};
use dispatch::{read_solution, Capacities, Dispatch};
use good_lp::Solution;
use kpi::{compare_with_baseline, evaluate, Costs, Kpis};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Instant;
use warning::tce_per_yr_zh;
pub use warning::Warning;

/// The baseline part of a plan report.
#[derive(Debug, Clone, Serialize)]
pub struct BaselineReport {
    /// Status of the baseline solve.
    pub status: SolveStatus,
    /// Annual cost, RMB/yr.
    pub objective_rmb_per_yr: Option<f64>,
    /// Indicators.
    pub kpis: Option<Kpis>,
    /// Cost by item, RMB/yr.
    pub costs: Option<Costs>,
    /// Why the baseline has no solution, when it has none.
    pub failure: Option<String>,
    /// What HiGHS found when the baseline is unbounded, or infeasible for a reason the
    /// unserved-energy diagnosis cannot name.
    pub explanation: Option<Explanation>,
}

/// A rule that cannot be met, and by how much.
#[derive(Debug, Clone, Serialize)]
pub struct Infeasibility {
    /// `carbon-intensity`, `clean-share`, `electricity-balance` or `heat-balance`.
    pub rule: String,
    /// The limit asked for.
    pub limit: f64,
    /// The best the park can reach.
    pub reachable: f64,
    /// A sentence for people.
    pub message: String,
}

/// What a result can be traced to: the program, the solver and every input file.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// zcpark's version (Cargo package version).
    pub zcpark_version: &'static str,
    /// HiGHS's version, as the linked library reports it.
    pub highs_version: String,
    /// Every file read, with its SHA-256.
    pub inputs: Vec<crate::scenario::provenance::InputFile>,
}

impl Provenance {
    /// The provenance of a run on `inputs`.
    pub fn new(inputs: Vec<crate::scenario::provenance::InputFile>) -> Self {
        Self {
            zcpark_version: env!("CARGO_PKG_VERSION"),
            highs_version: crate::solve::highs_version(),
            inputs,
        }
    }
}

/// The year a plan's figures come from (`plan.json` → `horizon`): its annual figures are
/// the modelled steps weighted to a year (formulation §1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HorizonReport {
    /// `full_year` (the 8,760 hours of the year), `cut` (a window of consecutive hours,
    /// weighted to a year: `horizon.start_hour`, `horizon.hours`) or `typical_days`.
    pub basis: &'static str,
    /// Time steps modelled.
    pub steps: usize,
    /// Hour of the year (0-based) of the first step, on a chronological axis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_hour: Option<usize>,
}

impl HorizonReport {
    /// The horizon of the time axis `time`.
    pub fn of(time: &crate::scenario::park::TimeAxis) -> Self {
        let basis = if time.typical_days.is_some() {
            "typical_days"
        } else if time.len() == crate::scenario::park::HOURS_PER_YEAR {
            "full_year"
        } else {
            "cut"
        };
        Self {
            basis,
            steps: time.len(),
            first_hour: (time.typical_days.is_none())
                .then(|| time.hour_of_year.first().copied())
                .flatten(),
        }
    }
}

/// Solve bookkeeping reported with the plan.
#[derive(Debug, Clone, Serialize)]
pub struct SolveReport {
    /// Strategy and options used.
    pub options: SolveOptions,
    /// Phases of the plan solve.
    pub phases: Vec<solve::Phase>,
    /// Phases of the baseline solve.
    pub baseline_phases: Vec<solve::Phase>,
    /// Size and coefficient ranges of the plan model.
    pub problem: ProblemStats,
}

/// Everything `plan.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    /// Scenario name.
    pub scenario: String,
    /// How the plan solve ended.
    pub status: SolveStatus,
    /// Why the solve stopped, in words (`optimal within 0.010 %`, where a gap left lies):
    /// `stop` in English.
    pub stop_reason: String,
    /// Why the solve stopped, with its figures (the reports write it in their language).
    pub stop: StopReason,
    /// Relative gap of the plan.
    pub mip_gap: Option<f64>,
    /// Annual cost of the plan, RMB/yr.
    pub objective_rmb_per_yr: Option<f64>,
    /// Time in HiGHS for the plan, seconds.
    pub solve_seconds: f64,
    /// Time building the plan model, seconds.
    pub build_seconds: f64,
    /// Capacities installed.
    pub capacities: Option<Capacities>,
    /// Indicators.
    pub kpis: Option<Kpis>,
    /// Cost by item, RMB/yr.
    pub costs: Option<Costs>,
    /// Accounting switches and factors used.
    pub accounting: AccountingReport,
    /// The do-nothing baseline.
    pub baseline: BaselineReport,
    /// When the rules cannot be met: which and by how much.
    pub infeasibility: Vec<Infeasibility>,
    /// When the plan has no optimum for a reason the rules do not explain: the model is
    /// unbounded (a loop of buying and selling with no cap), or infeasible outside the policy
    /// rows and balances (contradicting limits). Families of columns and rows HiGHS found.
    pub explanation: Option<Explanation>,
    /// Things the user should know, in English.
    pub warnings: Vec<String>,
    /// The same warnings in Chinese, in the same order.
    pub warnings_zh: Vec<String>,
    /// Where the PV and wind profiles came from (`pv`, `wind`), with their full-load hours.
    pub resource_profiles: BTreeMap<String, ProfileOrigin>,
    /// Solver details.
    pub solve: SolveReport,
    /// The modelled year.
    pub horizon: HorizonReport,
    /// Versions and input files with their hashes.
    pub provenance: Provenance,
    /// What each output file holds (the CSV files carry only their header line).
    pub files: BTreeMap<&'static str, &'static str>,
    /// The energy balance by month (from the dispatch), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly: Option<monthly::MonthlyBalance>,
    /// With typical days: how they were made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregation: Option<crate::aggregate::AggregationReport>,
    /// With typical days: the plan's sizes on all 8,760 hours, against the typical-day
    /// estimate, and any repair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_year_check: Option<typical::FullYearCheck>,
    /// With `--warm-start typical:N`: the typical-day plan the full-year search started
    /// from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warm_start: Option<typical::WarmStart>,
    /// With `rules.robust`: the plan made without those rows and the extra cost of
    /// robustness.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub robustness: Option<robustness::RobustnessReport>,
    /// With `zcpark evaluate` or `--fix`: the design checked against the least-cost plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub design: Option<design::DesignReport>,
}

impl PlanReport {
    /// Adds `warning` to the report's warnings, in both languages.
    pub fn warn(&mut self, warning: Warning) {
        self.warnings.push(warning.en);
        self.warnings_zh.push(warning.zh);
    }
}

/// What the files of `zcpark plan --out` hold, for `plan.json` → `files`.
pub fn output_file_descriptions() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        (
            "dispatch.csv",
            "zcpark dispatch: one row per modelled hour (hour of the year, weight_h = hours of \
             the year it stands for); MW unless the column name gives another unit; an annual \
             figure is the sum over rows of weight_h × value",
        ),
        (
            "scenario.resolved.yaml",
            "the scenario as run: every default filled in, every catalogue value written out, \
             file paths absolute; zcpark plan on it reproduces the run",
        ),
        (
            "cashflow.csv",
            "zcpark cash flows: one row per year (0 = construction, 1.. = operation) for the \
             plan, the baseline and the project between them (project = plan − baseline), \
             then incentives, tax, the loan and the cash flows to the project and to equity; \
             money in RMB, positive received, negative paid (depreciation and taxable income \
             are tax figures, not cash); finance → assumptions gives the rules",
        ),
        (
            "plan.xlsx",
            "the plan as an Excel workbook: sheets Summary (verdict, headline figures, \
             accounting, typical days), Capacities, Costs and Indicators (plan beside \
             baseline), Monthly (energy balance by month) and Dispatch (dispatch.csv's \
             columns, unrounded)",
        ),
        ("plan.json", "this report"),
        (
            "report.html",
            "the plan as one self-contained page (charts as inline SVG, no scripts, prints on \
             A4); zcpark report DIR rebuilds it from this directory",
        ),
    ])
}

/// The accounting in force, as reported.
#[derive(Debug, Clone, Serialize)]
pub struct AccountingReport {
    /// The factors and switches from the scenario.
    #[serde(flatten)]
    pub data: AccountingData,
    /// λ used, t/tce.
    pub intensity_limit_used_t_per_tce: f64,
    /// How λ was chosen.
    pub intensity_limit_basis: String,
    /// What EC leaves out.
    pub energy_boundary: &'static str,
}

/// A plan with its hourly dispatch.
#[derive(Debug, Clone)]
pub struct PlanOutcome {
    /// The report.
    pub report: PlanReport,
    /// The plan's dispatch (or the diagnosis run's, when infeasible).
    pub dispatch: Option<Dispatch>,
}

impl PlanOutcome {
    /// Process exit code: 0 solved, 2 unbounded (the input lets the cost fall without end),
    /// 3 rules cannot be met, 4 no solution in time.
    pub fn exit_code(&self) -> i32 {
        match self.report.status {
            SolveStatus::Optimal | SolveStatus::TimeLimit | SolveStatus::NearOptimal => 0,
            SolveStatus::Infeasible => 3,
            SolveStatus::TimeLimitNoSolution => 4,
            SolveStatus::Unbounded => 2,
        }
    }
}

/// Progress of a plan, for spinners.
pub trait Progress {
    /// A new step started.
    fn step(&mut self, message: &str);
}

impl<F: FnMut(&str)> Progress for F {
    fn step(&mut self, message: &str) {
        self(message)
    }
}

struct Solved {
    outcome: SolveOutcome,
    build_seconds: f64,
    stats: ProblemStats,
    handles: model::Handles,
}

fn build_and_solve(
    park: &Park,
    build: BuildOptions,
    options: &SolveOptions,
    label: &str,
    progress: &mut dyn Progress,
) -> Result<Solved, SolveError> {
    let mut build = build;
    let mut attempts = 0;
    loop {
        progress.step(&format!("{label}: building"));
        let started = Instant::now();
        let built = model::build(park, build.clone());
        let stats = built.problem.stats();
        let build_seconds = started.elapsed().as_secs_f64();
        if options.verbose {
            eprintln!("{label}: {}", describe_stats(&stats));
        }
        let outcome = solve::solve(built.problem, options, &mut |phase: &str| {
            progress.step(&format!("{label}: {phase}"))
        })?;
        let solved = Solved {
            outcome,
            build_seconds,
            stats,
            handles: built.handles,
        };
        // A store that charged and discharged in the same step burnt energy through its
        // losses because that paid (an annual total that throughput loosens, say): forbid it
        // in those steps and solve again. The restricted model is a relaxation of "never at
        // once", so a solution with no such step is optimal for that rule.
        let simultaneous = simultaneous_storage_steps(&solved);
        attempts += 1;
        if simultaneous.is_empty() || attempts > MAX_STORAGE_ROUNDS {
            return Ok(solved);
        }
        if options.verbose {
            eprintln!(
                "{label}: the battery charges and discharges at once in {} steps; solving again \
                 with that forbidden there",
                simultaneous.len()
            );
        }
        build.exclusive_storage_steps.extend(simultaneous);
    }
}

/// Most solves of one model with more steps made exclusive for stores.
const MAX_STORAGE_ROUNDS: usize = 4;

/// Flows below this, MW, count as zero when looking for simultaneous charge and discharge.
const FLOW_TOLERANCE_MW: f64 = 1e-5;

/// Steps where the solution charges and discharges the battery at once and no binary forbids
/// it yet.
fn simultaneous_storage_steps(solved: &Solved) -> Vec<usize> {
    let (Some(values), Some(battery)) = (&solved.outcome.values, &solved.handles.battery) else {
        return Vec::new();
    };
    let forbidden: std::collections::BTreeSet<usize> =
        battery.direction.iter().map(|(t, _)| *t).collect();
    battery
        .charge_mw
        .iter()
        .zip(&battery.discharge_mw)
        .enumerate()
        .filter(|(t, (c, d))| {
            !forbidden.contains(t)
                && values.value(**c) > FLOW_TOLERANCE_MW
                && values.value(**d) > FLOW_TOLERANCE_MW
        })
        .map(|(t, _)| t)
        .collect()
}

/// One line describing a problem's size and coefficient ranges.
pub fn describe_stats(s: &ProblemStats) -> String {
    format!(
        "{} columns ({} integer), {} rows; |coefficients| matrix [{:.1e}, {:.1e}] ({:.1} orders), \
         objective [{:.1e}, {:.1e}] ({:.1} orders), rhs [{:.1e}, {:.1e}], bounds [{:.1e}, {:.1e}]",
        s.variables,
        s.integers,
        s.constraints,
        s.matrix.min,
        s.matrix.max,
        s.matrix.orders(),
        s.objective.min,
        s.objective.max,
        s.objective.orders(),
        s.rhs.min,
        s.rhs.max,
        s.bounds.min,
        s.bounds.max,
    )
}

/// The planned solution read back: capacities, dispatch, costs, indicators.
fn read_back(
    park: &Park,
    solved: &Solved,
    limit: f64,
) -> Option<(Capacities, Dispatch, Costs, Kpis)> {
    let values = solved.outcome.values.as_ref()?;
    let (caps, dispatch) = read_solution(
        park,
        &solved.handles,
        values,
        solved.outcome.row_duals.as_deref(),
    );
    let (costs, kpis) = evaluate(park, &caps, &dispatch, limit);
    Some((caps, dispatch, costs, kpis))
}

/// The origins of the park's PV and wind profiles, by technology.
fn resource_profiles(park: &Park) -> BTreeMap<String, ProfileOrigin> {
    let pv = park.pv.as_ref().map(|pv| ("pv", &pv.profile));
    let wind = park.wind.as_ref().map(|wind| ("wind", &wind.profile));
    pv.into_iter()
        .chain(wind)
        .map(|(tech, origin)| (tech.to_string(), origin.clone()))
        .collect()
}

/// Plans `scenario`: baseline, λ, plan, and a diagnosis when the plan is infeasible. With
/// `horizon.typical_days`, the plan is made on typical days and checked on the full year
/// ([`typical`]).
///
/// With `rules.robust`, the scenario is planned a second time without those rows, and
/// `plan.json` → `robustness` gives the extra cost of meeting λ under every reading.
pub fn plan(
    scenario: &LoadedScenario,
    options: &SolveOptions,
    progress: &mut dyn Progress,
) -> Result<PlanOutcome, SolveError> {
    plan_with_quota(scenario, &[], options, progress)
}

/// [`plan`] with the park's terms of province quotas (formulation §7; a share bounded or a
/// quota priced, [`crate::model::quota`]) in the plan's model; the baseline has none. With
/// `rules.robust`, the plan without those rows keeps the same quota terms.
pub fn plan_with_quota(
    scenario: &LoadedScenario,
    quota: &[QuotaTerm],
    options: &SolveOptions,
    progress: &mut dyn Progress,
) -> Result<PlanOutcome, SolveError> {
    plan_started(scenario, quota, None, options, progress)
}

/// [`plan`] on the full year, its search started from a plan on `days` typical days
/// (`--warm-start typical:N`): that plan's whole sizes are the first size candidate of the
/// full-year staged search (README, Solve strategy, step 3), and the MIP start while they
/// stay the best. The plan is
/// the full year's, as without the start; `plan.json` → `warm_start` says what the start
/// was.
///
/// # Errors
/// [`SolveError::Input`] when the scenario itself plans on typical days
/// (`horizon.typical_days`) or `days` is not in 1–365; [`SolveError`] when HiGHS fails.
pub fn plan_warm_started(
    scenario: &LoadedScenario,
    days: usize,
    options: &SolveOptions,
    progress: &mut dyn Progress,
) -> Result<PlanOutcome, SolveError> {
    if let Some(planned_on) = scenario.resolved.spec.horizon.typical_days {
        return Err(SolveError::Input(format!(
            "--warm-start typical:{days} starts a full-year plan, but the scenario plans on \
             typical days (horizon.typical_days: {planned_on}); drop one of the two"
        )));
    }
    if !(1..=365).contains(&days) {
        return Err(SolveError::Input(format!(
            "--warm-start typical:{days}: the typical days must be 1-365"
        )));
    }
    plan_started(scenario, &[], Some(days), options, progress)
}

/// [`plan_with_quota`], with the full-year search started from `start_days` typical days
/// when given.
fn plan_started(
    scenario: &LoadedScenario,
    quota: &[QuotaTerm],
    start_days: Option<usize>,
    options: &SolveOptions,
    progress: &mut dyn Progress,
) -> Result<PlanOutcome, SolveError> {
    let mut outcome = plan_once(scenario, quota, start_days, options, progress)?;
    if !scenario.park.accounting.robust.is_empty() && outcome.report.status.has_plan() {
        let mut plain = scenario.clone();
        // The robust readings stay reported (first), but are not enforced.
        let accounting = &mut plain.park.accounting;
        let robust = std::mem::take(&mut accounting.robust);
        accounting.standard_readings.splice(0..0, robust);
        let mut labelled = |step: &str| progress.step(&format!("without rules.robust: {step}"));
        let without = plan_once(
            &plain,
            quota,
            start_days,
            &options_for_other_runs(options),
            &mut labelled,
        )?;
        outcome.report.robustness = Some(robustness::RobustnessReport::new(
            &outcome.report,
            &without.report,
        ));
    }
    Ok(outcome)
}

/// Plans `scenario` once, on the full year or on typical days, with the park's quota terms;
/// a full-year search started from `start_days` typical days when given.
fn plan_once(
    scenario: &LoadedScenario,
    quota: &[QuotaTerm],
    start_days: Option<usize>,
    options: &SolveOptions,
    progress: &mut dyn Progress,
) -> Result<PlanOutcome, SolveError> {
    if let Some(days) = scenario.resolved.spec.horizon.typical_days {
        return typical::plan(scenario, days, quota, options, progress);
    }
    let park = &scenario.park;
    let other_runs = options_for_other_runs(options);
    let base = baseline_stage(park, &other_runs, progress)?;
    let build = BuildOptions {
        quota: quota.to_vec(),
        ..BuildOptions::new(
            true,
            PolicyRows::Enforce {
                intensity_limit: base.limit,
            },
        )
    };
    let warm = start_days
        .map(|days| typical::warm_start(scenario, days, build.clone(), options, progress))
        .transpose()?;
    let build = BuildOptions {
        size_start: warm.as_ref().and_then(|w| w.sizes.clone()),
        ..build
    };
    let planned = plan_stage(park, build, options, progress)?;
    let mut outcome = assemble(park, scenario, options, base, planned);
    if let Some(warm) = warm {
        if warm.sizes.is_none() {
            outcome.report.warn(Warning::new(
                format!(
                    "--warm-start typical:{}: no plan on the typical days ({}), so the \
                     full-year plan started cold",
                    warm.typical_days, warm.typical_day_stop_reason
                ),
                format!(
                    "--warm-start typical:{}：典型日上无可行方案（{}），全年规划改为冷启动",
                    warm.typical_days, warm.typical_day_stop_reason_zh
                ),
            ));
        }
        outcome.report.warm_start = Some(warm);
    }
    Ok(outcome)
}

/// The options of the runs besides the plan (baseline, diagnosis): no model written, and
/// no sizing gap (a diagnosis is an answer, not a sizing that a full-year solve follows).
pub(crate) fn options_for_other_runs(options: &SolveOptions) -> SolveOptions {
    SolveOptions {
        write_model: None,
        sizing_gap: None,
        ..options.clone()
    }
}

/// The baseline solved and read back, with λ chosen from it.
pub(crate) struct BaselineStage {
    solved: Solved,
    read: Option<(Capacities, Dispatch, Costs, Kpis)>,
    failure: Option<String>,
    explanation: Option<Explanation>,
    /// λ, t/tce.
    pub(crate) limit: f64,
    basis: String,
    warnings: Vec<Warning>,
    /// The baseline's EC by reading that λ's tier was read from, when it has a solution:
    /// this baseline's, or the typical days' when a full-year check keeps their λ.
    tier_readings: Option<Vec<kpi::ReadingIntensity>>,
}

impl BaselineStage {
    /// Keeps `other`'s λ and the readings its tier came from (a full-year check of a plan
    /// made on typical days is held to the typical days' λ).
    pub(crate) fn hold_to(&mut self, other: &BaselineStage, basis: String) {
        self.limit = other.limit;
        self.basis = basis;
        self.tier_readings = other.tier_readings.clone();
    }
}

impl BaselineStage {
    /// EC of the baseline, tce/yr, when it has a solution.
    pub(crate) fn energy_tce(&self) -> Option<f64> {
        self.read.as_ref().map(|(_, _, _, k)| k.energy_tce)
    }
}

/// The energy a park needs a year, tce, met the baseline's way (formulation §4's EC terms),
/// and how each part is counted: its electric load at `k_e`; its heat demand as gas in its
/// boiler (`k_gas · L^h / η_gb`), or, without one, through its electric boilers (`k_e ·
/// L^h / η_eb`), or else as gas burnt at full efficiency (the least it can take); its
/// hydrogen demand bought (`k_h2`), or, when none may be bought, made by its electrolysers
/// (`k_e` per MWh). For the tier of a baseline that cannot serve the park.
fn energy_need_tce(park: &Park) -> (f64, Vec<&'static str>) {
    let acc = &park.accounting;
    let k_e = acc.electricity_tce_per_mwh;
    let mut parts = vec!["its electric load"];
    let mut need = k_e * park.time.annual(&park.electric_load_mw);
    if let Some(h) = park.heat.as_ref() {
        let heat = park.time.annual(&h.demand_mw_th);
        if heat > 0.0 {
            let (tce, how) = match (&h.gas_boiler, &h.electric_boiler) {
                (Some(g), _) => (
                    acc.gas_tce_per_mwh * heat / g.efficiency,
                    "its heat by its gas boiler",
                ),
                (None, Some((_, efficiency))) => {
                    (k_e * heat / efficiency, "its heat by electric boilers")
                }
                (None, None) => (
                    acc.gas_tce_per_mwh * heat,
                    "its heat as gas at full efficiency",
                ),
            };
            need += tce;
            parts.push(how);
        }
    }
    if let Some(h) = park.hydrogen.as_ref() {
        let kg = h.demand.as_ref().map_or(0.0, |d| match d {
            HydrogenDemand::Hourly { kg_per_h } => park.time.annual(kg_per_h),
            HydrogenDemand::Windows { windows } => windows
                .iter()
                .map(|w| {
                    if w.weighted {
                        w.kg
                    } else {
                        w.kg * park.time.weight_h.get(w.first).copied().unwrap_or(1.0)
                    }
                })
                .sum(),
        });
        if kg > 0.0 {
            match (&h.purchase, &h.electrolyser) {
                (None, Some(e)) if e.kg_per_mwh > 0.0 => {
                    need += k_e * kg / e.kg_per_mwh;
                    parts.push("its hydrogen by its electrolysers");
                }
                _ => {
                    need += acc.hydrogen_tce_per_kg * kg;
                    parts.push("its hydrogen bought");
                }
            }
        }
    }
    (need, parts)
}

/// Solves the baseline (no new investment, no policy rows; formulation §6), explains a
/// failure, and picks λ from its energy consumption.
pub(crate) fn baseline_stage(
    park: &Park,
    options: &SolveOptions,
    progress: &mut dyn Progress,
) -> Result<BaselineStage, SolveError> {
    let mut warnings = Vec::new();
    let baseline_build = BuildOptions::new(false, PolicyRows::Off);
    let base = build_and_solve(park, baseline_build.clone(), options, "baseline", progress)?;
    let base_read = read_back(park, &base, f64::NAN);
    // A baseline that cannot serve its park has no EC of its own: the tier is read from the
    // energy the park needs, met the baseline's way (it read 0.3 · the electric load alone:
    // 909,197 tce/yr where the park needs 1,061,044 with its heat, and the tier flipped).
    let (base_energy_tce, need_parts) = match base_read.as_ref() {
        Some((_, _, _, k)) => (k.energy_tce, Vec::new()),
        None => energy_need_tce(park),
    };
    let (failure, explanation) = if base_read.is_none() {
        let (failure, explanation) = explain_failure(
            park,
            &baseline_build,
            base.outcome.status,
            options,
            progress,
        )?;
        let failure_en = failure.en.clone();
        warnings.push(failure.prefixed(
            "the baseline (no new investment) has no solution: ",
            "基准情景（不新增投资）无解：",
        ));
        (Some(failure_en), explanation)
    } else {
        (None, None)
    };
    warnings.extend(resale_warning(park));
    let (limit, basis) = match park.accounting.intensity_limit {
        LimitRule::Scenario(v) => (v, "set in the scenario".to_string()),
        LimitRule::Auto => {
            let (v, below_tiers) = intensity_limit_for_consumption(base_energy_tce);
            if below_tiers {
                warnings.push(below_tiers_warning(base_energy_tce, v));
            }
            (
                v,
                if base_read.is_some() {
                    format!("auto: tier of the baseline's {base_energy_tce:.0} tce/yr")
                } else {
                    format!(
                        "auto: tier of the park's energy need, {base_energy_tce:.0} tce/yr (the \
                         baseline has no solution: {})",
                        need_parts.join(", ")
                    )
                },
            )
        }
    };
    let read = base_read.map(|(c, d, costs, mut k)| {
        k.intensity_limit_t_per_tce = limit;
        (c, d, costs, k)
    });
    let tier_readings = read
        .as_ref()
        .map(|(_, _, _, k)| k.intensity_by_reading.clone());
    Ok(BaselineStage {
        solved: base,
        read,
        failure,
        explanation,
        limit,
        basis,
        warnings,
        tier_readings,
    })
}

/// The plan solved and read back, with a diagnosis when it has no solution.
pub(crate) struct PlanStage {
    solved: Solved,
    read: Option<(Capacities, Dispatch, Costs, Kpis)>,
    infeasibility: Vec<Infeasibility>,
    explanation: Option<Explanation>,
    warnings: Vec<Warning>,
    limit: f64,
}

impl PlanStage {
    /// How the plan's solve ended.
    pub(crate) fn status(&self) -> SolveStatus {
        self.solved.outcome.status
    }

    /// The plan's annual cost (the sum of its cost items), RMB/yr, when it has a plan.
    pub(crate) fn total_cost_rmb_per_yr(&self) -> Option<f64> {
        let (_, _, costs, _) = self.read.as_ref().filter(|_| self.status().has_plan())?;
        Some(kpi::total(costs))
    }
}

/// Solves the plan built with `build` (its policy carries λ), then diagnoses an infeasible
/// one (priced slack, then an IIS) or explains an unbounded one.
pub(crate) fn plan_stage(
    park: &Park,
    build: BuildOptions,
    options: &SolveOptions,
    progress: &mut dyn Progress,
) -> Result<PlanStage, SolveError> {
    let limit = match build.policy {
        PolicyRows::Enforce { intensity_limit } | PolicyRows::Diagnose { intensity_limit } => {
            intensity_limit
        }
        PolicyRows::Off | PolicyRows::DiagnoseBalances | PolicyRows::Reach { .. } => f64::NAN,
    };
    let other_runs = options_for_other_runs(options);
    let mut warnings = Vec::new();
    let planned = build_and_solve(park, build.clone(), options, "plan", progress)?;
    let mut infeasibility = Vec::new();
    let mut explanation = None;
    let mut read = read_back(park, &planned, limit);
    if planned.outcome.status == SolveStatus::Unbounded {
        let (failure, found) =
            explain_failure(park, &build, planned.outcome.status, &other_runs, progress)?;
        warnings.push(failure);
        explanation = found;
    }
    if planned.outcome.status == SolveStatus::Infeasible {
        let diagnosis_build = BuildOptions {
            policy: PolicyRows::Diagnose {
                intensity_limit: limit,
            },
            ..build.clone()
        };
        let diagnosed = build_and_solve(park, diagnosis_build, &other_runs, "diagnosis", progress)?;
        if let Some((caps, mut dispatch, costs, mut kpis)) = read_back(park, &diagnosed, limit) {
            // The diagnosis prices the rules it cannot meet and the demand it cannot serve at
            // penalties, so its duals are those penalties, not marginal costs: no LCOH (a
            // bad design read 12,236 RMB/kg) and no marginal-cost columns.
            kpis.lcoh_rmb_per_kg = None;
            kpis.electrolyser_electricity_value_rmb = None;
            dispatch.electricity_marginal_cost_rmb_per_mwh = None;
            dispatch.h2_marginal_value_rmb_per_kg = None;
            dispatch.heat_marginal_cost_rmb_per_mwh_th = None;
            // The clean-share row's own shortfall (the reported share nets exports and
            // hydrogen resold, and may meet a target the row does not).
            let clean_shortfall_tce = diagnosed
                .handles
                .policy
                .clean_shortfall_tce
                .zip(diagnosed.outcome.values.as_ref())
                .map(|(s, values)| values.value(s));
            infeasibility = diagnose(park, &kpis, limit, clean_shortfall_tce);
            read = Some((caps, dispatch, costs, kpis));
        }
        for failed in &mut infeasibility {
            reach_lowest(park, &build, failed, &other_runs, progress);
        }
        if infeasibility.is_empty() {
            // Neither a rule nor a balance: ask HiGHS which rows contradict each other.
            let (failure, found) =
                explain_failure(park, &build, SolveStatus::Infeasible, &other_runs, progress)?;
            warnings.push(failure);
            explanation = found;
        }
    }
    Ok(PlanStage {
        solved: planned,
        read,
        infeasibility,
        explanation,
        warnings,
        limit,
    })
}

/// A warning when the grid factor defaulted to the residual mix (green power or certificates
/// offered) but the plan buys neither: the national average would then be the factor to
/// claim, and the residual mix overstates EM on every MWh imported.
fn residual_mix_warning(park: &Park, k: &Kpis) -> Option<Warning> {
    let acc = &park.accounting;
    (acc.grid_factor_basis == "default_residual_mix"
        && k.green_purchase_mwh <= 0.0
        && k.certificates_mwh <= 0.0)
        .then(|| {
            Warning::new(
                format!(
                    "rules.grid_factor is not set, so the national residual mix {} t/MWh \
                     applies (the scenario offers green power or certificates, whose zero \
                     emissions are claimed separately; formulation §4), but the plan buys \
                     neither: with no claim the national average (national-2023) is the \
                     reading to use; set rules.grid_factor to choose",
                    acc.grid_t_co2_per_mwh
                ),
                format!(
                    "未设置 rules.grid_factor，故采用全国剩余电力排放因子 {} tCO2/MWh（情景\
                     提供绿电或绿证，其零排放单独核算；formulation §4），但方案两者均未购买：\
                     不申报时应采用全国电网平均排放因子（national-2023）；请设置 \
                     rules.grid_factor 自行选定",
                    acc.grid_t_co2_per_mwh
                ),
            )
        })
}

/// The warning of a baseline whose consumption, `energy_tce` tce/yr, lies below the official
/// tiers (china-rules.md §1), with the λ applied, t CO2/tce.
fn below_tiers_warning(energy_tce: f64, limit: f64) -> Warning {
    Warning::new(
        format!(
            "baseline consumption {energy_tce:.0} tce/yr is below the 200,000 tce/yr of the \
             official tiers; {limit} t/tce applied"
        ),
        format!(
            "基准情景综合能源消费量 {}，低于官方分档下限 20 万tce/年；按 {limit} tCO2/tce \
             执行",
            tce_per_yr_zh(energy_tce)
        ),
    )
}

/// The report of a plan against its baseline.
pub(crate) fn assemble(
    park: &Park,
    scenario: &LoadedScenario,
    options: &SolveOptions,
    base: BaselineStage,
    planned: PlanStage,
) -> PlanOutcome {
    let status = planned.solved.outcome.status;
    let (capacities, dispatch, costs, kpis) = match planned.read {
        Some((caps, dispatch, costs, mut kpis)) => {
            // No abatement cost or payback for an operation that misses the rules (the one
            // closest to them, shown for a design or a diagnosis): its cost is not a plan's.
            if let Some((_, _, base_costs, base_kpis)) =
                base.read.as_ref().filter(|_| status.has_plan())
            {
                compare_with_baseline(&mut kpis, &costs, base_kpis, base_costs);
            }
            if let (Some(readings), LimitRule::Auto) =
                (&base.tier_readings, park.accounting.intensity_limit)
            {
                kpi::tier_each_reading(&mut kpis, readings);
            }
            (Some(caps), Some(dispatch), Some(costs), Some(kpis))
        }
        None => (None, None, None, None),
    };
    let feasible = status.has_plan();
    let mut warnings = base.warnings;
    warnings.extend(planned.warnings);
    warnings.extend(kpis.as_ref().and_then(|k| hydrogen_sale_warning(park, k)));
    warnings.extend(kpis.as_ref().and_then(|k| residual_mix_warning(park, k)));
    let warnings_zh = warnings.iter().map(|w| w.zh.clone()).collect();
    let warnings = warnings.into_iter().map(|w| w.en).collect();
    let report = PlanReport {
        scenario: park.name.clone(),
        status,
        stop_reason: planned.solved.outcome.stop_reason.to_string(),
        stop: planned.solved.outcome.stop_reason.clone(),
        mip_gap: planned.solved.outcome.mip_gap,
        objective_rmb_per_yr: if feasible {
            costs.as_ref().map(kpi::total)
        } else {
            None
        },
        solve_seconds: planned.solved.outcome.solve_seconds,
        build_seconds: planned.solved.build_seconds,
        capacities,
        kpis,
        costs,
        accounting: AccountingReport {
            data: park.accounting.clone(),
            intensity_limit_used_t_per_tce: planned.limit,
            intensity_limit_basis: base.basis,
            energy_boundary: "EC counts end uses (formulation §4); battery round-trip losses are \
                              not counted",
        },
        baseline: BaselineReport {
            status: base.solved.outcome.status,
            objective_rmb_per_yr: base.read.as_ref().map(|(_, _, c, _)| kpi::total(c)),
            kpis: base.read.as_ref().map(|(_, _, _, k)| k.clone()),
            costs: base.read.map(|(_, _, c, _)| c),
            failure: base.failure,
            explanation: base.explanation,
        },
        infeasibility: planned.infeasibility,
        explanation: planned.explanation,
        warnings,
        warnings_zh,
        resource_profiles: resource_profiles(park),
        horizon: HorizonReport::of(&park.time),
        provenance: Provenance::new(scenario.inputs.clone()),
        files: output_file_descriptions(),
        monthly: dispatch.as_ref().map(|d| monthly::monthly_balance(d, None)),
        aggregation: None,
        full_year_check: None,
        warm_start: None,
        robustness: None,
        design: None,
        solve: SolveReport {
            options: options.clone(),
            phases: planned.solved.outcome.phases,
            baseline_phases: base.solved.outcome.phases,
            problem: planned.solved.stats,
        },
    };
    PlanOutcome { report, dispatch }
}

/// Why a model built with `build` ended with `status` and no solution, in words, with what
/// HiGHS found where that helps: an unbounded model names the columns of its ray (a buy and
/// a sell path with no cap); an infeasible one first prices unserved energy in every balance
/// (which balance cannot be met, and by how much), and when that is not it, names the rows
/// of an irreducible infeasible subsystem of the LP relaxation.
fn explain_failure(
    park: &Park,
    build: &BuildOptions,
    status: SolveStatus,
    options: &SolveOptions,
    progress: &mut dyn Progress,
) -> Result<(Warning, Option<Explanation>), SolveError> {
    match status {
        SolveStatus::Unbounded => {
            progress.step("unbounded: finding the ray");
            let model = model::build(park, build.clone());
            let found = explain::unbounded_ray(model.problem, options)?;
            let message = match &found {
                Some(e) => Warning::new(
                    format!(
                        "the model is unbounded: the cost falls without end along {}; a buy \
                         and a sell path with no cap between them (cap the sale, or price the \
                         purchase above it)",
                        e.describe()
                    ),
                    format!(
                        "模型无界：成本沿 {} 无限下降；购入与售出之间有一条无上限的路径（请限制\
                         售出量，或使购入价高于售价）",
                        e.describe_zh()
                    ),
                ),
                None => Warning::new(
                    "the model is unbounded (HiGHS gave no ray to say along which columns)",
                    "模型无界（HiGHS 未给出射线，无法指出沿哪些变量）",
                ),
            };
            Ok((message, found))
        }
        SolveStatus::Infeasible => {
            if build.policy == PolicyRows::Off {
                let balances = BuildOptions {
                    policy: PolicyRows::DiagnoseBalances,
                    ..build.clone()
                };
                let diagnosed =
                    build_and_solve(park, balances, options, "baseline diagnosis", progress)?;
                if let Some((_, dispatch, _, kpis)) = read_back(park, &diagnosed, f64::NAN) {
                    let mut short = Vec::new();
                    if kpis.unserved_mwh > 1e-3 {
                        let peak = dispatch.unserved_mw.iter().cloned().fold(0.0, f64::max);
                        let (unserved, cap) = (kpis.unserved_mwh, park.grid.import_cap_mw);
                        short.push(Warning::new(
                            format!(
                                "{unserved:.0} MWh/yr of electricity demand cannot be served \
                                 (up to {peak:.1} MW in an hour): the grid connection \
                                 ({cap:.0} MW) and the existing assets fall short"
                            ),
                            format!(
                                "{unserved:.0} MWh/年 电力需求无法满足（小时最大缺口 \
                                 {peak:.1} MW）：电网接入容量（{cap:.0} MW）与既有设施不足"
                            ),
                        ));
                    }
                    if kpis.unserved_heat_mwh_th > 1e-3 {
                        let peak = dispatch
                            .unserved_heat_mw_th
                            .iter()
                            .cloned()
                            .fold(0.0, f64::max);
                        let unserved = kpis.unserved_heat_mwh_th;
                        short.push(Warning::new(
                            format!(
                                "{unserved:.0} MWh_th/yr of heat demand cannot be served (up \
                                 to {peak:.1} MW_th in an hour) by the existing heat supply"
                            ),
                            format!(
                                "{unserved:.0} MWh（热）/年 热需求无法满足（小时最大缺口 \
                                 {peak:.1} MW（热））：既有供热设施不足"
                            ),
                        ));
                    }
                    if let Some(both) = Warning::join(&short) {
                        return Ok((both, None));
                    }
                }
            }
            progress.step("infeasible: finding an irreducible infeasible subsystem");
            let model = model::build(park, build.clone());
            let found = explain::infeasible_subsystem(model.problem, options)?;
            let message = match &found {
                Some(e) => Warning::new(
                    format!(
                        "no plan satisfies the model's limits, for a reason outside the rules \
                         and balances; these contradict each other: {}",
                        e.describe()
                    ),
                    format!(
                        "没有方案满足模型的限值，原因不在政策规则与能量平衡之内；以下约束相互\
                         矛盾：{}",
                        e.describe_zh()
                    ),
                ),
                None => Warning::new(
                    "infeasible, and HiGHS found no irreducible subsystem of the LP relaxation \
                     (the integer restrictions alone make it infeasible)",
                    "不可行，且 HiGHS 在 LP 松弛中未找到不可约不可行子系统（不可行由整数约束\
                     造成）",
                ),
            };
            Ok((message, found))
        }
        SolveStatus::TimeLimitNoSolution => Ok((
            Warning::new("no solution within the time limit", "在时间限制内未找到解"),
            None,
        )),
        SolveStatus::Optimal | SolveStatus::TimeLimit | SolveStatus::NearOptimal => Ok((
            Warning::new(
                "a solution exists but could not be read back",
                "有解，但无法读取结果",
            ),
            None,
        )),
    }
}

/// A warning when hydrogen may be sold dearer than it is bought: the plan may resell bought
/// hydrogen up to the sale cap (validation refuses the same without a cap, which would be
/// unbounded).
fn resale_warning(park: &Park) -> Option<Warning> {
    let h = park.hydrogen.as_ref()?;
    let ((buy, _), (sell, cap)) = (h.purchase?, h.sale?);
    let cap_t = cap.unwrap_or(f64::INFINITY) / 1e3;
    (sell > buy).then(|| {
        Warning::new(
            format!(
                "hydrogen sells at {sell} RMB/kg and can be bought at {buy} RMB/kg: the plan \
                 may buy hydrogen only to resell it, up to the sale cap of {cap_t:.0} t/yr"
            ),
            format!(
                "氢气售价 {sell} 元/kg，外购价 {buy} 元/kg：方案可能外购氢气仅为转售，至多\
                 达售氢上限 {cap_t:.0} t/年"
            ),
        )
    })
}

/// A plan that sells hydrogen made on site: under formulation §4 the electricity that made it
/// counts in EC at k_e while the hydrogen sold is taken off only at k_h2, so each kg made and
/// sold raises EC and loosens EM ≤ λ·EC; the plan may sell hydrogen for that alone.
fn hydrogen_sale_warning(park: &Park, k: &Kpis) -> Option<Warning> {
    let h = park.hydrogen.as_ref()?;
    let (price, _) = h.sale?;
    let sold_made_kg = k.hydrogen_sold_kg.min(k.hydrogen_produced_kg);
    let sold_t = sold_made_kg / 1e3;
    (sold_made_kg > 1e-6).then(|| {
        Warning::new(
            format!(
                "the plan sells {sold_t:.1} t/yr of hydrogen made in the park (at {price} \
                 RMB/kg): the electricity that made it counts in the energy consumed (EC) and \
                 the hydrogen sold is deducted only at its heating value, so these sales raise \
                 EC and loosen the intensity rule (formulation §4); check the plan without \
                 them (--set hydrogen.sale.max_kg_per_yr=0)"
            ),
            format!(
                "方案出售园区自制氢气 {sold_t:.1} t/年（{price} 元/kg）：制氢用电计入综合能源\
                 消费量（EC），而售出的氢气仅按热值扣减，故售氢抬高 EC、放宽单位能耗碳排放约束\
                 （formulation §4）；请对比不售氢的方案（--set \
                 hydrogen.sale.max_kg_per_yr=0）"
            ),
        )
    })
}

/// Most steps of Dinkelbach's method for a rule's best reachable ratio (each a solve of the
/// plan's model); it converges superlinearly, in 2-4 steps on the cases tried.
const MAX_REACH_STEPS: usize = 8;

/// Replaces the diagnosis's reading of how far `failed` (`carbon-intensity` or
/// `clean-share`) can go with the best the park can reach on that rule alone: the lowest
/// EM/EC, or the highest clean share as the rule's row counts it, by Dinkelbach's method
/// from the diagnosis's own ratio ([`PolicyRows::Reach`]). The joint diagnosis minimises the
/// priced excess `EM − λ · EC` together with the other rules' shortfalls, not the ratio: on
/// a trial park it reported 1.060 t/tce at λ = 0.2 and 1.016 at λ = 1.0 as "the lowest
/// reachable", which is 1.016. Each step's ratio is read from its row (`q + s / EC`, with `s`
/// the row's slack), so it is the row's own. Where the rule alone reaches its limit, it fails
/// only together with the other rules: the diagnosis's reading stays, and the message says
/// so. A step that fails (HiGHS, or no plan) ends the search with what is in hand.
fn reach_lowest(
    park: &Park,
    build: &BuildOptions,
    failed: &mut Infeasibility,
    options: &SolveOptions,
    progress: &mut dyn Progress,
) {
    let rule = match failed.rule.as_str() {
        "carbon-intensity" => model::ReachedRule::Intensity,
        "clean-share" => model::ReachedRule::NonCleanShare,
        _ => return,
    };
    let mut ratio = match rule {
        model::ReachedRule::Intensity => failed.reachable,
        model::ReachedRule::NonCleanShare => 1.0 - failed.reachable,
    };
    let mut proven = false;
    for _ in 0..MAX_REACH_STEPS {
        let step = BuildOptions {
            policy: PolicyRows::Reach { rule, ratio },
            ..build.clone()
        };
        let Ok(solved) = build_and_solve(park, step, options, "best reachable", progress) else {
            break;
        };
        let (Some(values), Some((_, _, _, kpis))) = (
            solved.outcome.values.as_ref(),
            read_back(park, &solved, f64::NAN),
        ) else {
            break;
        };
        if kpis.unserved_mwh > 1e-3 || kpis.unserved_heat_mwh_th > 1e-3 {
            break; // the balances fail too: a ratio of an unserved park means nothing
        }
        let slack = match rule {
            model::ReachedRule::Intensity => solved.handles.policy.intensity_excess_t,
            model::ReachedRule::NonCleanShare => solved.handles.policy.clean_shortfall_tce,
        };
        let Some(slack) = slack.filter(|_| kpis.energy_tce > 0.0) else {
            break;
        };
        let next = ratio + values.value(slack) / kpis.energy_tce;
        let lower = next < ratio - 1e-6 * ratio.abs().max(1e-9);
        ratio = ratio.min(next);
        if !lower {
            proven = solved.outcome.status == SolveStatus::Optimal;
            break;
        }
    }
    let (lowest, highest) = if proven {
        ("the lowest reachable", "the highest reachable")
    } else {
        (
            "the lowest found (its last solve not proven optimal)",
            "the highest found (its last solve not proven optimal)",
        )
    };
    match rule {
        model::ReachedRule::Intensity if ratio <= failed.limit * (1.0 + 1e-9) => {
            failed.message.push_str(&format!(
                " (on its own the rule reaches {ratio:.3} t/tce: it fails together with the \
                 other rules)"
            ));
        }
        model::ReachedRule::NonCleanShare if 1.0 - ratio >= failed.limit * (1.0 - 1e-9) => {
            failed.message.push_str(&format!(
                " (on its own the rule reaches {:.1} %: it fails together with the other \
                 rules)",
                100.0 * (1.0 - ratio)
            ));
        }
        model::ReachedRule::Intensity => {
            failed.reachable = ratio;
            failed.message = format!(
                "intensity {ratio:.3} t/tce is {lowest}; limit {:.3} t/tce",
                failed.limit
            );
        }
        model::ReachedRule::NonCleanShare => {
            failed.reachable = 1.0 - ratio;
            failed.message = format!(
                "clean share {:.1} % is {highest}; target {:.1} %",
                100.0 * (1.0 - ratio),
                100.0 * failed.limit
            );
        }
    }
}

/// Reads a diagnosis run: each rule whose slack is in use, with the best reachable value.
/// `clean_shortfall_tce` is the clean-share row's slack (tce/yr), which decides whether that
/// rule fails and, as `σ − s / EC`, the share its row reached.
fn diagnose(
    park: &Park,
    kpis: &Kpis,
    limit: f64,
    clean_shortfall_tce: Option<f64>,
) -> Vec<Infeasibility> {
    let mut found = Vec::new();
    if kpis.unserved_mwh > 1e-3 {
        found.push(Infeasibility {
            rule: "electricity-balance".into(),
            limit: 0.0,
            reachable: kpis.unserved_mwh,
            message: format!(
                "{:.0} MWh/yr of demand cannot be served: the grid connection and the most \
                 that may be built fall short",
                kpis.unserved_mwh
            ),
        });
    }
    if kpis.unserved_heat_mwh_th > 1e-3 {
        found.push(Infeasibility {
            rule: "heat-balance".into(),
            limit: 0.0,
            reachable: kpis.unserved_heat_mwh_th,
            message: format!(
                "{:.0} MWh_th/yr of heat cannot be supplied: the heat supply that exists and \
                 the most that may be built fall short",
                kpis.unserved_heat_mwh_th
            ),
        });
    }
    if !kpis.meets_intensity_limit() {
        found.push(Infeasibility {
            rule: "carbon-intensity".into(),
            limit,
            reachable: kpis.intensity_t_per_tce,
            message: format!(
                "intensity {:.3} t/tce is the lowest reachable; limit {:.3} t/tce",
                kpis.intensity_t_per_tce, limit
            ),
        });
    }
    for r in kpis
        .intensity_by_reading
        .iter()
        .filter(|r| r.enforced && !r.meets_limit)
    {
        found.push(Infeasibility {
            rule: "carbon-intensity-robust".into(),
            limit,
            reachable: r.intensity_t_per_tce,
            message: format!(
                "under the reading \"{}\" the intensity {:.3} t/tce is the lowest reachable \
                 together with the other rules; limit {:.3} t/tce",
                r.reading.name, r.intensity_t_per_tce, limit
            ),
        });
    }
    if let Some(shares) = &kpis.direct_supply {
        for rule in &shares.missed {
            let (asked, reached, what) = match *rule {
                "direct-export-share" => (
                    shares.rules.max_export_share_of_generation,
                    shares.export_share_of_generation,
                    "export share of the available PV and wind is the lowest reachable; at most",
                ),
                "direct-self-use-of-generation" => (
                    shares.rules.min_self_use_share_of_generation,
                    shares.self_use_share_of_generation,
                    "self-use share of the available PV and wind is the highest reachable; at \
                     least",
                ),
                _ => (
                    shares.rules.min_share_of_consumption,
                    shares.self_use_share_of_consumption,
                    "share of the electricity consumed from own PV and wind is the highest \
                     reachable; at least",
                ),
            };
            let asked = asked.unwrap_or(f64::NAN);
            found.push(Infeasibility {
                rule: (*rule).into(),
                limit: asked,
                reachable: reached,
                message: format!("{:.1} % {what} {:.1} %", 100.0 * reached, 100.0 * asked),
            });
        }
    }
    if let Some(clean) = park.accounting.clean_share {
        let reached = match clean_shortfall_tce {
            Some(s) if kpis.energy_tce > 0.0 => clean.target - s / kpis.energy_tce,
            _ => kpis.clean_share,
        };
        if reached < clean.target * (1.0 - 1e-6) {
            found.push(Infeasibility {
                rule: "clean-share".into(),
                limit: clean.target,
                reachable: reached,
                message: format!(
                    "clean share {:.1} % is the highest reachable; target {:.1} %",
                    100.0 * reached,
                    100.0 * clean.target
                ),
            });
        }
    }
    found
}
