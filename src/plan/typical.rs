//! Planning on typical days, checked on the full year (formulation §1).
//!
//! A typical-day plan is a sizing: the operation on a few representative days estimates the
//! year. So after the typical-day solve its sizes are fixed and the full 8,760-hour operation
//! is solved (the LP relaxation, the hourly integers rounded once, one LP), and that year's
//! cost and indicators are what the report gives, against a full-year baseline. When the
//! fixed sizes cannot meet a rule on the full year, the plan is repaired: the full year is
//! solved again with those sizes as lower bounds (whole units stay whole), and the report
//! says what was added and what it cost.

use super::{
    assemble, baseline_stage, options_for_other_runs, plan_stage, PlanOutcome, PlanStage, Progress,
};
use crate::aggregate;
use crate::model::quota::QuotaTerm;
use crate::model::{BuildOptions, PolicyRows, SizeRule};
use crate::plan::kpi::{self, Costs, Kpis};
use crate::plan::warning::{tce_per_yr_zh, Warning};
use crate::scenario::park::intensity_limit_for_consumption;
use crate::scenario::spec::AggregationSpec;
use crate::scenario::{LoadedScenario, Park};
use crate::solve::{
    Phase, SolveError, SolveOptions, SolveStatus, StopReason, Strategy, TYPICAL_DAY_SIZING_GAP,
};
use good_lp::Solution;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Instant;

/// A size raised by the repair.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Repair {
    /// Size name, as in [`crate::model::SizeColumn::name`].
    pub size: String,
    /// New capacity of the typical-day plan.
    pub typical_days: f64,
    /// New capacity after the repair on the full year.
    pub full_year: f64,
}

/// The typical-day plan on the full year (`plan.json` → `full_year_check`).
#[derive(Debug, Clone, Serialize)]
pub struct FullYearCheck {
    /// How the full-year operation of the sizes ended: `optimal` or `near_optimal` (the
    /// operation found, its gap against the relaxation below), `infeasible` (the sizes fall
    /// short: see `repairs`), `time_limit_no_solution` or `unbounded` (no operation found:
    /// the sizes are unchecked).
    pub status: SolveStatus,
    /// What happened, in words.
    pub message: String,
    /// Annual cost of the plan reported (the sizes, repaired if need be), full year, RMB/yr.
    pub objective_rmb_per_yr: Option<f64>,
    /// The typical-day model's estimate of the same, RMB/yr.
    pub typical_day_estimate_rmb_per_yr: Option<f64>,
    /// `(full year − estimate) / full year`.
    pub gap_to_estimate: Option<f64>,
    /// Gap of the full-year operation against its LP relaxation (the hourly integers
    /// rounded once).
    pub operation_gap: Option<f64>,
    /// Gap of the typical-day plan against its own bound.
    pub typical_day_mip_gap: Option<f64>,
    /// The typical-day model's indicators.
    pub typical_day_kpis: Option<Kpis>,
    /// The typical-day model's cost by item, RMB/yr.
    pub typical_day_costs: Option<Costs>,
    /// Sizes the repair raised (empty when the sizes met every rule on the full year).
    pub repairs: Vec<Repair>,
    /// Annualised cost of the capacity the repair added (capital and fixed O&M), RMB/yr.
    pub repair_capacity_cost_rmb_per_yr: Option<f64>,
    /// Time of the typical-day solve, seconds.
    pub typical_day_seconds: f64,
    /// Time of the full-year solves (baseline, operation, repair), seconds.
    pub full_year_seconds: f64,
    /// Phases of the typical-day solve.
    pub typical_day_phases: Vec<Phase>,
}

/// Options of the full-year operation of a fixed design of `park`: round the hourly integers
/// once; a park of electricity alone (no hydrogen, heat or CO2 system) by dual simplex.
fn round_once(options: &SolveOptions, park: &Park) -> SolveOptions {
    SolveOptions {
        strategy: Strategy::RoundOnce,
        operation_by_simplex: park.hydrogen.is_none() && park.heat.is_none() && park.co2.is_none(),
        ..options_for_other_runs(options)
    }
}

/// Options of a typical-day sizing that a full-year solve follows (the full-year check, or
/// the full-year search of `--warm-start`): not handed to branch-and-bound within
/// [`TYPICAL_DAY_SIZING_GAP`] (or `--mip-gap`, if wider) unless a time limit is given.
pub(crate) fn sizing(options: &SolveOptions) -> SolveOptions {
    SolveOptions {
        sizing_gap: Some(TYPICAL_DAY_SIZING_GAP.max(options.mip_gap)),
        ..options.clone()
    }
}

/// The values of the plan's sizes, by name.
fn sizes_of(park: &Park, stage: &PlanStage) -> Option<BTreeMap<String, f64>> {
    let values = stage.solved.outcome.values.as_ref()?;
    Some(
        stage
            .solved
            .handles
            .sizes(park)
            .into_iter()
            .map(|s| {
                let v = values.value(s.var);
                let v = if s.whole { v.round() } else { v.max(0.0) };
                (s.name, v + 0.0)
            })
            .collect(),
    )
}

/// A size raised by a repair, before and after, in words: whole values (turbines, stacks,
/// modules, round figures) without decimals, others to 0.1 (MW, MWh, kg), or to as many
/// more decimals as it takes for the two to differ (12.31 → 12.34 is not "12.3 → 12.3");
/// a solver's 1e-10 is 0.
pub fn repair_text(before: f64, after: f64) -> (String, String) {
    let text = |value: f64, decimals: usize| {
        let value = if value.abs() < 1e-6 { 0.0 } else { value };
        if (value - value.round()).abs() < 1e-6 {
            format!("{value:.0}")
        } else {
            format!("{value:.decimals$}")
        }
    };
    (1..=6)
        .map(|d| (text(before, d), text(after, d)))
        .find(|(a, b)| a.parse::<f64>().ok() != b.parse::<f64>().ok())
        .unwrap_or_else(|| (text(before, 6), text(after, 6)))
}

/// Annualised capital and fixed O&M of a plan, RMB/yr.
fn investment_rmb(costs: &Costs) -> f64 {
    costs
        .iter()
        .filter(|(item, _)| item.ends_with(kpi::CAPITAL_SUFFIX) || item.ends_with("_fixed_om"))
        .map(|(_, v)| v)
        .sum()
}

/// Plans `scenario` on `days` typical days, with the park's terms of province quotas
/// `quota` (none for a park on its own), and checks the plan on the full year.
///
/// # Errors
/// [`SolveError`] when HiGHS fails, or when the scenario cannot be aggregated (validation
/// refuses such scenarios first).
pub fn plan(
    scenario: &LoadedScenario,
    days: usize,
    quota: &[QuotaTerm],
    options: &SolveOptions,
    progress: &mut dyn Progress,
) -> Result<PlanOutcome, SolveError> {
    let spec = aggregation_of(scenario);
    progress.step(&format!("clustering {days} typical days"));
    let full = &scenario.park;
    let (typical, aggregation) =
        aggregate::aggregate(full, days, &spec).map_err(|e| SolveError::Input(e.to_string()))?;
    let started = Instant::now();

    // λ from the baseline on typical days (fast).
    let other_runs = options_for_other_runs(options);
    let typical_base = baseline_stage(&typical, &other_runs, progress)?;
    let limit = typical_base.limit;
    let build = BuildOptions {
        quota: quota.to_vec(),
        ..BuildOptions::new(
            true,
            PolicyRows::Enforce {
                intensity_limit: limit,
            },
        )
    };
    if spec.full_year_check == Some(false) {
        let planned = plan_stage(&typical, build, options, progress)?;
        let mut outcome = assemble(&typical, scenario, options, typical_base, planned);
        outcome.report.warn(Warning::new(
            format!(
                "typical-day estimate on {days} typical days, not checked on the full year \
                 (horizon.aggregation.full_year_check: false)"
            ),
            format!(
                "{days} 个典型日估算，未经全年校核（horizon.aggregation.full_year_check: \
                 false）"
            ),
        ));
        outcome.report.monthly = outcome
            .dispatch
            .as_ref()
            .map(|d| super::monthly::monthly_balance(d, Some(&aggregation)));
        outcome.report.aggregation = Some(aggregation);
        return Ok(outcome);
    }
    let typical_plan = plan_stage(&typical, build.clone(), &sizing(options), progress)?;
    let typical_seconds = started.elapsed().as_secs_f64();
    let Some(sizes) =
        sizes_of(&typical, &typical_plan).filter(|_| typical_plan.status().has_plan())
    else {
        // No plan on typical days: that is the answer (its diagnosis is on typical days).
        let mut outcome = assemble(&typical, scenario, options, typical_base, typical_plan);
        outcome.report.warn(Warning::new(
            "no plan on typical days, so no full-year check; the diagnosis is on the typical \
             days",
            "典型日上无可行方案，故未做全年校核；诊断基于典型日",
        ));
        outcome.report.monthly = outcome
            .dispatch
            .as_ref()
            .map(|d| super::monthly::monthly_balance(d, Some(&aggregation)));
        outcome.report.aggregation = Some(aggregation);
        return Ok(outcome);
    };

    // The sizes on the full year, against the full-year baseline (a fraction of a second: no
    // sizes to choose). When that baseline ran beside the typical-day plan on a thread of
    // its own, its memory stayed in that thread's allocator arena and raised the run's peak
    // by about 100 MiB (Ordos, 12 typical days: 508 MiB against 408 MiB).
    let check_started = Instant::now();
    progress.step("full-year check");
    let mut full_base = baseline_stage(full, &round_once(options, full), &mut |_: &str| {})?;
    let mut warnings = Vec::new();
    if let (Some(ec), crate::scenario::park::LimitRule::Auto) =
        (full_base.energy_tce(), full.accounting.intensity_limit)
    {
        let (full_limit, _) = intensity_limit_for_consumption(ec);
        if full_limit != limit {
            warnings.push(Warning::new(
                format!(
                    "the full-year baseline's {ec:.0} tce/yr is in another tier ({full_limit} \
                     t/tce) than the typical days' ({limit} t/tce); the plan keeps {limit}"
                ),
                format!(
                    "全年基准情景综合能源消费量 {} 属另一档（{full_limit} tCO2/tce），与典型日\
                     （{limit} tCO2/tce）不同；方案沿用 {limit}",
                    tce_per_yr_zh(ec)
                ),
            ));
        }
    }
    let basis = format!("{} (on typical days)", typical_base.basis);
    full_base.hold_to(&typical_base, basis);
    let fixed = BuildOptions {
        sizes: SizeRule::Fixed(sizes.clone()),
        ..build.clone()
    };
    let checked = plan_stage(full, fixed, &round_once(options, full), progress)?;
    let (final_stage, repairs, message) = if checked.status() == SolveStatus::Infeasible {
        let short = checked
            .infeasibility
            .iter()
            .map(|i| i.message.clone())
            .collect::<Vec<_>>()
            .join("; ");
        progress.step("full-year repair");
        let at_least = BuildOptions {
            sizes: SizeRule::AtLeast(sizes.clone()),
            ..build.clone()
        };
        let repaired = plan_stage(full, at_least, options, progress)?;
        let raised: Vec<Repair> = sizes_of(full, &repaired)
            .map(|after| {
                after
                    .iter()
                    .filter(|(name, v)| **v > sizes.get(*name).copied().unwrap_or(0.0) + 1e-6)
                    .map(|(name, v)| Repair {
                        size: name.clone(),
                        typical_days: sizes.get(name).copied().unwrap_or(0.0),
                        full_year: *v,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let added = raised
            .iter()
            .map(|r| {
                let (before, after) = repair_text(r.typical_days, r.full_year);
                format!("{} {before} → {after}", r.size)
            })
            .collect::<Vec<_>>()
            .join(", ");
        // A repair that still cannot meet the rules says by how much it falls short now (an
        // allocation's warning gave the typical-day sizes' 2,174 MWh/yr unserved while the
        // park's page gave the repaired plan's 699).
        let still: Vec<String> = repaired
            .infeasibility
            .iter()
            .map(|i| i.message.clone())
            .collect();
        let outcome = match (added.is_empty(), still.is_empty()) {
            (true, true) => "nothing needed adding".to_string(),
            (false, true) => added,
            (true, false) => format!(
                "the rules still cannot be met ({}) with the most that may be built",
                still.join("; ")
            ),
            (false, false) => format!(
                "{added}, and the rules still cannot be met ({})",
                still.join("; ")
            ),
        };
        let message = format!(
            "the typical-day sizes cannot meet the rules on the full year ({short}); repaired \
             with those sizes as lower bounds: {outcome}"
        );
        (repaired, raised, message)
    } else if checked.status().has_plan() {
        let message = "the typical-day sizes meet the rules on all 8,760 hours".to_string();
        (checked, Vec::new(), message)
    } else {
        let message = format!(
            "no full-year operation of the typical-day sizes was found (status {}): the \
             sizes are unchecked, and the typical-day estimate is not a full-year figure",
            serde_json::to_value(checked.status())
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default()
        );
        (checked, Vec::new(), message)
    };
    let full_year_seconds = check_started.elapsed().as_secs_f64();
    let operation_gap = final_stage.solved.outcome.mip_gap;
    let check_status = final_stage.status();
    let typical_gap = typical_plan.solved.outcome.mip_gap;
    let typical_reason = typical_plan.solved.outcome.stop_reason.clone();
    let typical_status = typical_plan.status();
    let typical_costs = typical_plan.read.as_ref().map(|(_, _, c, _)| c.clone());
    let typical_kpis = typical_plan.read.as_ref().map(|(_, _, _, k)| k.clone());
    let typical_phases = typical_plan.solved.outcome.phases.clone();
    let mut outcome = assemble(full, scenario, options, full_base, final_stage);
    let report = &mut outcome.report;
    let estimate = typical_costs.as_ref().map(kpi::total);
    let repair_cost = (!repairs.is_empty())
        .then(|| {
            report
                .costs
                .as_ref()
                .zip(typical_costs.as_ref())
                .map(|(after, before)| investment_rmb(after) - investment_rmb(before))
        })
        .flatten();
    report.full_year_check = Some(FullYearCheck {
        status: check_status,
        message,
        objective_rmb_per_yr: report.objective_rmb_per_yr,
        typical_day_estimate_rmb_per_yr: estimate,
        gap_to_estimate: report
            .objective_rmb_per_yr
            .zip(estimate)
            .map(|(full, estimate)| (full - estimate) / full.abs().max(1.0)),
        operation_gap,
        typical_day_mip_gap: typical_gap,
        typical_day_kpis: typical_kpis,
        typical_day_costs: typical_costs,
        repairs,
        repair_capacity_cost_rmb_per_yr: repair_cost,
        typical_day_seconds: typical_seconds,
        full_year_seconds,
        typical_day_phases: typical_phases,
    });
    // The plan's status is the typical-day plan's (the sizing), unless the full year has no
    // solution at all.
    if check_status.has_plan() {
        report.status = typical_status;
        report.mip_gap = typical_gap;
        report.stop = StopReason::TypicalDays {
            sizing: Box::new(typical_reason),
        };
        report.stop_reason = report.stop.to_string();
    }
    report.solve_seconds = started.elapsed().as_secs_f64();
    for warning in warnings {
        report.warn(warning);
    }
    report.aggregation = Some(aggregation);
    Ok(outcome)
}

/// The typical-day plan a full-year plan started from (`--warm-start typical:N`,
/// `plan.json` → `warm_start`).
#[derive(Debug, Clone, Serialize)]
pub struct WarmStart {
    /// Typical days the start was planned on, with the default `horizon.aggregation`
    /// (which a scenario gives only with `horizon.typical_days`).
    pub typical_days: usize,
    /// How the typical-day plan ended.
    pub typical_day_status: SolveStatus,
    /// Why, in words.
    pub typical_day_stop_reason: String,
    /// Why, in Chinese (for the warning; not in `plan.json`).
    #[serde(skip)]
    pub typical_day_stop_reason_zh: String,
    /// Its new sizes, by [`crate::model::SizeColumn::name`]; the whole ones are the full-year
    /// search's first candidate. None when the typical days have no plan (the full-year
    /// plan then starts cold).
    pub sizes: Option<BTreeMap<String, f64>>,
    /// The typical-day model's cost, RMB/yr (an estimate: the full-year plan's is the one
    /// reported).
    pub typical_day_estimate_rmb_per_yr: Option<f64>,
    /// Clustering and typical-day solve, seconds.
    pub seconds: f64,
}

/// Plans `scenario` on `days` typical days with the model `build` (the full-year plan's:
/// the same λ and quota terms) for the sizes a full-year plan starts from.
///
/// # Errors
/// [`SolveError`] when HiGHS fails, or when the scenario cannot be aggregated.
pub fn warm_start(
    scenario: &LoadedScenario,
    days: usize,
    build: BuildOptions,
    options: &SolveOptions,
    progress: &mut dyn Progress,
) -> Result<WarmStart, SolveError> {
    let started = Instant::now();
    progress.step(&format!("warm start: clustering {days} typical days"));
    let spec = aggregation_of(scenario);
    let (typical, _) = aggregate::aggregate(&scenario.park, days, &spec)
        .map_err(|e| SolveError::Input(e.to_string()))?;
    let mut labelled = |step: &str| progress.step(&format!("warm start: {step}"));
    let stage = plan_stage(
        &typical,
        build,
        &sizing(&options_for_other_runs(options)),
        &mut labelled,
    )?;
    Ok(WarmStart {
        typical_days: days,
        typical_day_status: stage.status(),
        typical_day_stop_reason: stage.solved.outcome.stop_reason.to_string(),
        typical_day_stop_reason_zh: stage.solved.outcome.stop_reason.describe_zh(),
        sizes: sizes_of(&typical, &stage).filter(|_| stage.status().has_plan()),
        typical_day_estimate_rmb_per_yr: stage.total_cost_rmb_per_yr(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// What a sizing made on typical days does on the full year.
#[derive(Debug, Clone)]
pub struct FullYearOperation {
    /// How the full-year operation ended (`infeasible`: the sizes fall short of a rule).
    pub status: SolveStatus,
    /// Cost by item of the sizes operated on the full year, RMB/yr, when they meet every
    /// rule there.
    pub costs: Option<Costs>,
    /// Indicators of that operation.
    pub kpis: Option<Kpis>,
    /// Each rule the sizes cannot meet on the full year, in words (empty when they can).
    pub shortfalls: Vec<String>,
}

/// Operates the new sizes `sizes` (by [`crate::model::SizeColumn::name`]) of `park` on its
/// own hours (the full year) under λ = `limit` t CO2/tce: the sizes fixed, the hourly
/// integers rounded once, one LP, as the full-year check of [`plan`] does, but without its
/// repair (for models whose stages share sizes, where raising one stage's sizes would
/// change the others').
///
/// # Errors
/// [`SolveError`] when HiGHS fails.
pub fn operate_full_year(
    park: &Park,
    sizes: BTreeMap<String, f64>,
    limit: f64,
    options: &SolveOptions,
) -> Result<FullYearOperation, SolveError> {
    let build = BuildOptions {
        sizes: SizeRule::Fixed(sizes),
        ..BuildOptions::new(
            true,
            PolicyRows::Enforce {
                intensity_limit: limit,
            },
        )
    };
    let stage = plan_stage(park, build, &round_once(options, park), &mut |_: &str| {})?;
    let read = stage.read.as_ref().filter(|_| stage.status().has_plan());
    let mut shortfalls: Vec<String> = stage
        .infeasibility
        .iter()
        .map(|i| format!("{}: {}", i.rule, i.message))
        .collect();
    if read.is_none() && shortfalls.is_empty() {
        shortfalls.push(format!(
            "no operation of the sizes on the full year ({})",
            stage.solved.outcome.stop_reason
        ));
    }
    Ok(FullYearOperation {
        status: stage.status(),
        costs: read.map(|(_, _, c, _)| c.clone()),
        kpis: read.map(|(_, _, _, k)| k.clone()),
        shortfalls,
    })
}

/// The scenario's `horizon.aggregation`, its defaults where it has none.
fn aggregation_of(scenario: &LoadedScenario) -> AggregationSpec {
    scenario
        .resolved
        .spec
        .horizon
        .aggregation
        .clone()
        .unwrap_or_default()
}

/// Whether a plan of `scenario` is made on typical days and checked on the full year
/// (`horizon.typical_days` given, `horizon.aggregation.full_year_check` not false).
pub fn checks_full_year(scenario: &LoadedScenario) -> bool {
    scenario.resolved.spec.horizon.typical_days.is_some()
        && aggregation_of(scenario).full_year_check != Some(false)
}

/// The park `scenario` is planned on: on its typical days when it has them
/// (`horizon.typical_days`), else as it is. For models that build several plans into one
/// (a province, a pathway), which then take no full-year check.
///
/// # Errors
/// [`SolveError::Input`] when the typical days cannot be made.
pub fn planning_park(scenario: &LoadedScenario) -> Result<Park, SolveError> {
    let Some(days) = scenario.resolved.spec.horizon.typical_days else {
        return Ok(scenario.park.clone());
    };
    let spec = aggregation_of(scenario);
    aggregate::aggregate(&scenario.park, days, &spec)
        .map(|(park, _)| park)
        .map_err(|e| SolveError::Input(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repair reads as a change: raw floats were printed, and a first rounding to 0.1
    /// printed 12.31 → 12.34 as "12.3 → 12.3".
    #[test]
    fn repairs_are_written_to_the_decimals_that_show_the_change() {
        let text = |a, b| {
            let (a, b) = repair_text(a, b);
            format!("{a} → {b}")
        };
        assert_eq!(text(198.633_477_055, 240.668_127_027), "198.6 → 240.7");
        assert_eq!(text(1.977e-10, 15_927.549_6), "0 → 15927.5");
        assert_eq!(text(12.31, 12.34), "12.31 → 12.34");
        assert_eq!(text(0.0, 0.04), "0 → 0.04");
        assert_eq!(text(52.0, 57.0), "52 → 57");
    }
}
