//! The allocation's outputs: `allocation.json` (everything), `allocation.csv` (one row per
//! park), `quotas.csv` (one row per quota), the charts ([`super::charts`]), `timings.json`
//! (wall times, kept apart so that the allocation files depend on the inputs only) and the
//! summary printed on the terminal.
//!
//! Shares and amounts are given in each quota's own terms (as written in the province file);
//! marginal values and shadow prices are in RMB per year per unit of the quota, positive when
//! more room under the quota lowers the province's cost (for a `>=` quota: when a smaller
//! requirement does).

use super::charts;
use super::compare::Comparison;
use super::curves::{self, Curve};
use super::found::{Bracket, Found, ParkFound};
use super::parks::{FinalPlan, PARKS_DIR};
use super::point::PointResult;
use super::province::{Province, Quota, Sense};
use super::{AllocateError, Allocation, PRICE_AGREEMENT};
use crate::batch::table::{number_cell, short_number, Table};
use crate::plan::Warning;
use crate::report::atomic::write_atomic;
use crate::report::lang::{self, Lang};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Name of the allocation report.
pub const ALLOCATION_JSON: &str = "allocation.json";
/// Name of the per-park table.
pub const ALLOCATION_CSV: &str = "allocation.csv";
/// Name of the per-quota table.
pub const QUOTAS_CSV: &str = "quotas.csv";
/// Name of the wall times.
pub const TIMINGS_JSON: &str = "timings.json";

/// What each output file holds.
pub fn file_descriptions() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        (ALLOCATION_JSON, "this report"),
        (
            ALLOCATION_CSV,
            "one row per park: status, share/amount/least/marginal values per quota (quota's \
             unit; RMB/yr per unit), cost (RMB/yr), intensity, clean share, new capacities",
        ),
        (
            QUOTAS_CSV,
            "one row per quota: total, granted, used, shadow price readings (RMB/yr per unit)",
        ),
        (
            TIMINGS_JSON,
            "wall time of each phase, seconds (apart, so the other files depend on the inputs only)",
        ),
        (
            "merit_order_<quota>.svg",
            "parks by marginal value of the quota (bar width = share), the total and the price",
        ),
        (
            "curves/<park>.svg",
            "the park's value curve: its least annual cost against its share of the quota",
        ),
        (
            "province_cost_<quota>.svg",
            "the province's least cost against the quota's total (the others as given)",
        ),
        (
            "parks/<name>/",
            "each park's zcpark plan outputs at its share (plan.json, dispatch.csv, report.html)",
        ),
        (
            "points/",
            "every plan solved, by park, kept so a rerun or a new --quota total needs no new \
             plan",
        ),
    ])
}

/// Readings of a quota's price, RMB/yr per unit.
#[derive(Debug, Clone, Serialize)]
pub struct PriceReadings {
    /// Saving of one more grid step from the value curves (lower end of the bracket).
    pub curves_low: Option<f64>,
    /// Cost of one less grid step (upper end).
    pub curves_high: Option<f64>,
    /// The grid step of the bracket, in the quota's unit.
    pub curves_step: Option<f64>,
    /// True when one step more saves more than one step less costs (by over 5 %): the
    /// province's cost on the curves is not convex at the allocation, and `curves_low` and
    /// `curves_high` bracket no price.
    pub curves_not_convex: bool,
    /// True when a step more costs the province more, or a step less saves it something, on
    /// the curves (a negative slope, impossible for a least cost: more room never costs
    /// more): the knapsack served another set of parks across the step, and `curves_low`
    /// and `curves_high` bracket no price.
    pub curves_not_monotone: bool,
    /// The Lagrange multiplier of the price loop.
    pub lagrange_multiplier: Option<f64>,
    /// The dual of the joint model's quota row, in the LP with integers fixed.
    pub joint_dual: Option<f64>,
    /// Where two readings disagree by more than 5 %, or the curves give no price.
    pub warning: Option<String>,
    /// The same in Chinese.
    pub warning_zh: Option<String>,
}

/// One quota in the report.
#[derive(Debug, Clone, Serialize)]
pub struct QuotaReport {
    /// Name.
    pub name: String,
    /// Kind as written (`intensity_goal` for the goal).
    pub kind: String,
    /// Unit of totals and shares.
    pub unit: &'static str,
    /// `<=` or `>=`.
    pub sense: &'static str,
    /// Total used for this allocation.
    pub total: f64,
    /// The parks sharing it.
    pub parks: Vec<String>,
    /// Sum of the shares granted.
    pub granted: f64,
    /// Sum of what the parks' plans use.
    pub used: f64,
    /// The sum of the parks' own optima: what they would use with no quota.
    pub wanted: f64,
    /// The price readings.
    pub shadow_price_rmb_per_yr_per_unit: PriceReadings,
}

/// One park in the report.
#[derive(Debug, Clone, Serialize)]
pub struct ParkReport {
    /// Name.
    pub name: String,
    /// Group.
    pub group: Option<String>,
    /// `allocated`, `falls_short` or `cannot_at_any_share`.
    pub status: &'static str,
    /// Share granted per quota.
    pub shares: BTreeMap<String, f64>,
    /// What its plan uses per quota.
    pub amounts: BTreeMap<String, f64>,
    /// What its own optimum uses (no quota).
    pub wanted: BTreeMap<String, f64>,
    /// The least quota with which it meets its rules (each quota alone, the others free).
    pub least_quota: BTreeMap<String, f64>,
    /// How much it misses its least quota by (parks that fall short).
    pub shortfall: BTreeMap<String, f64>,
    /// Saving of one more unit, RMB/yr per unit (right derivative of its value curve).
    pub marginal_value_more: BTreeMap<String, Option<f64>>,
    /// Cost of one less unit, RMB/yr per unit (left derivative; None: no plan with less).
    pub marginal_value_less: BTreeMap<String, Option<f64>>,
    /// Its plan's annual cost at its share, RMB/yr (the typical-day estimate on typical
    /// days).
    pub cost_rmb_per_yr: Option<f64>,
    /// Its own optimum's cost, RMB/yr.
    pub own_optimum_cost_rmb_per_yr: Option<f64>,
    /// New capacities of its plan.
    pub new_capacities: BTreeMap<String, f64>,
    /// EM / EC of its plan, t CO2 per tce: its final plan's when one was made (on the full
    /// year where checked), none when that final plan found no plan; otherwise the
    /// allocation's own plan's (on typical days, the typical-day estimate).
    pub intensity_t_per_tce: Option<f64>,
    /// λ in force, t CO2 per tce.
    pub intensity_limit_t_per_tce: Option<f64>,
    /// Clean share of its plan, 0–1, read as [`ParkReport::intensity_t_per_tce`].
    pub clean_share: Option<f64>,
    /// The lowest intensity it reaches, when it cannot meet its rules at any share.
    pub best_intensity_t_per_tce: Option<f64>,
    /// Its final plan in `parks/<name>/`, when made.
    pub plan: Option<FinalPlanReport>,
}

/// A park's final plan, as reported.
#[derive(Debug, Clone, Serialize)]
pub struct FinalPlanReport {
    /// Its directory, relative to the output directory.
    pub dir: String,
    /// Its status.
    pub status: String,
    /// Its annual cost, RMB/yr (full year when checked).
    pub cost_rmb_per_yr: Option<f64>,
    /// Its intensity.
    pub intensity_t_per_tce: Option<f64>,
    /// True when checked on all 8,760 hours.
    pub full_year_checked: bool,
    /// What the check said.
    pub check: Option<String>,
    /// The same in Chinese.
    pub check_zh: Option<String>,
}

/// One method's answer.
#[derive(Debug, Clone, Serialize)]
pub struct MethodReport {
    /// `curves`, `prices` or `joint`.
    pub method: &'static str,
    /// Total cost of the parks allocated, RMB/yr.
    pub total_cost_rmb_per_yr: f64,
    /// Its lower bound, RMB/yr.
    pub lower_bound_rmb_per_yr: Option<f64>,
    /// (cost − bound) / cost.
    pub gap: Option<f64>,
    /// Parks falling short.
    pub parks_short: usize,
    /// Each park's share per quota (own terms).
    pub shares: BTreeMap<String, BTreeMap<String, f64>>,
    /// Notes.
    pub notes: Vec<String>,
}

/// One round of the price loop.
#[derive(Debug, Clone, Serialize)]
pub struct PriceRound {
    /// Prices by quota name, RMB/yr per unit.
    pub prices: BTreeMap<String, f64>,
    /// The dual function there, RMB/yr.
    pub dual_value_rmb_per_yr: f64,
}

/// `allocation.json`.
#[derive(Debug, Clone, Serialize)]
pub struct AllocationReport {
    /// The province's name.
    pub province: String,
    /// Its file.
    pub file: String,
    /// Its description.
    pub description: String,
    /// The method whose allocation is reported.
    pub method: &'static str,
    /// Total annual cost of the parks that meet their rules, RMB/yr, as the allocation found
    /// it (on typical days, the typical-day estimates).
    pub total_cost_rmb_per_yr: f64,
    /// The same parks' final plans at their shares (`parks/<name>/`, checked on the full year
    /// where made on typical days), RMB/yr: the cost to read. Absent when a park allocated
    /// has no final plan, or its final plan found no plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_plans_cost_rmb_per_yr: Option<f64>,
    /// Parks allocated whose final plan at their share found no plan (e.g. on the full year).
    pub final_plans_failed: usize,
    /// Parks allocated, falling short, unable at any share.
    pub parks_allocated: usize,
    /// Parks the quotas are too small for.
    pub parks_short: usize,
    /// Parks that cannot meet their rules at any share.
    pub parks_cannot: usize,
    /// The quotas.
    pub quotas: Vec<QuotaReport>,
    /// The parks.
    pub parks: Vec<ParkReport>,
    /// Every method run.
    pub methods: Vec<MethodReport>,
    /// Rule-of-thumb allocations.
    pub comparisons: Vec<Comparison>,
    /// The price loop's rounds: prices tried (RMB/yr per unit, per quota) and the dual value
    /// there (RMB/yr), when `prices` ran.
    pub price_rounds: Vec<PriceRound>,
    /// Things to know, in English.
    pub warnings: Vec<String>,
    /// The same warnings in Chinese, in the same order.
    pub warnings_zh: Vec<String>,
    /// What each file holds.
    pub files: BTreeMap<&'static str, &'static str>,
    /// zcpark's version.
    pub zcpark_version: &'static str,
}

/// Own-terms value of a `≤`-form amount of quota `q`.
fn own(q: &Quota, b: f64) -> f64 {
    q.sign() * b + 0.0
}

fn kind_name(q: &Quota) -> String {
    q.kind
        .and_then(|k| serde_json::to_value(k).ok())
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_else(|| super::province::INTENSITY_GOAL.to_string())
}

fn shares_of(province: &Province, found: &Found) -> BTreeMap<String, BTreeMap<String, f64>> {
    province
        .parks
        .iter()
        .zip(&found.parks)
        .filter_map(|(p, f)| {
            let share = f.share()?;
            Some((
                p.name.clone(),
                p.quotas
                    .iter()
                    .zip(share)
                    .map(|(j, b)| {
                        (
                            province.quotas[*j].name.clone(),
                            own(&province.quotas[*j], *b),
                        )
                    })
                    .collect(),
            ))
        })
        .collect()
}

/// Relative difference of two readings.
fn differ(a: f64, b: f64) -> bool {
    (a - b).abs() > PRICE_AGREEMENT * a.abs().max(b.abs()).max(1e-9)
}

fn readings(allocation: &Allocation, j: usize) -> PriceReadings {
    let by = |method: &str| allocation.found.iter().find(|f| f.method == method);
    let bracket: Option<Bracket> = by("curves").and_then(|f| f.brackets[j]);
    let lagrange = by("prices").and_then(|f| f.prices[j]);
    let dual = by("joint").and_then(|f| f.prices[j]);
    // With a bracket from the curves, a reading agrees when it lies in it (within 5 %): at a
    // kink of the curves every price in the bracket is a marginal value. Without one, the
    // multiplier and the dual are compared with each other.
    let mut disagreements = Vec::new();
    let mut notes = Vec::new();
    // One step more saving more than one step less costs: the province's cost on the curves
    // is not convex at this allocation (whole turbines, a park's least quota), and no single
    // price supports it; the two slopes are no bracket.
    let inverted = bracket.filter(|br| {
        matches!((br.low, br.high), (Some(low), Some(high)) if differ(low, high) && low > high)
    });
    // A negative slope: a step more costs more (or a step less saves), which no least cost
    // does; the knapsack's choice of parks changed across the step (a park left short on one
    // side, served on the other), so the difference of the two costs is no price.
    let backwards = bracket.filter(|br| {
        let readings: Vec<f64> = [br.low, br.high].into_iter().flatten().collect();
        // Below zero by more than the sums' rounding (a quota that does not bind reads ±0).
        let scale = readings.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        inverted.is_none() && readings.iter().any(|v| *v < -1e-6 * scale)
    });
    let unit = allocation.province.quotas[j].unit;
    if let Some(br) = backwards {
        let (low, high, step) = (
            short_number(br.low),
            short_number(br.high),
            crate::csv_input::shown(br.step),
        );
        notes.push(Warning::new(
            format!(
                "the province's cost on the value curves does not fall as the quota grows \
                 here: {step} {unit} more saves {low} RMB/yr per {unit}, {step} {unit} less \
                 costs {high} (a negative figure is a cost where a saving should be): the \
                 parks the allocation serves change across the step, so the curves give no \
                 price"
            ),
            format!(
                "全省在价值曲线上的成本在此处并不随指标增加而下降：多 {step} {unit} 时，每 \
                 {unit} 每年节省 {low} 元；少 {step} {unit} 时，每 {unit} 每年多花 {high} 元\
                 （负值表示本应节省处反而多花）：分配所满足的园区在这一步前后不同，故曲线给\
                 不出价格"
            ),
        ));
    }
    if let Some(br) = inverted {
        let (low, high, step) = (
            short_number(br.low),
            short_number(br.high),
            crate::csv_input::shown(br.step),
        );
        notes.push(Warning::new(
            format!(
                "the province's cost on the value curves is not convex here: {step} {unit} \
                 more saves {low} RMB/yr per {unit}, {step} {unit} less costs only {high}; no \
                 single price supports this allocation (whole units, or a park's least \
                 quota), so the curves give no bracket"
            ),
            format!(
                "全省在价值曲线上的成本在此处非凸：多 {step} {unit} 每 {unit} 节省 {low} 元/年，\
                 少 {step} {unit} 仅多花 {high} 元/年；没有单一价格能支撑该分配（整台机组，或某园区\
                 的最低指标），故曲线给不出价格区间"
            ),
        ));
    }
    // The joint dual alone: it is the LP's with every whole unit fixed, so it prices the
    // quota at the margin of the continuous sizes (PV, storage) only; a quota that whole
    // turbines would use is worth more than that (on a three-park trial: 296,776 RMB/yr per
    // MW, where re-solving at ±20 MW gave 411,850).
    if dual.is_some() && lagrange.is_none() && bracket.is_none() {
        notes.push(Warning::new(
            "the joint dual is the only reading: it is that of the LP with whole units fixed, \
             so it prices the quota at the continuous sizes' margin (PV, storage), not at whole \
             turbines or stacks, and can lie below what a step of the quota is worth; \
             --method curves (or all) gives the province's cost a step either side",
            "联合模型对偶值是唯一的价格估计：它来自整数机组固定后的 LP，只按连续容量（光伏、储能）\
             的边际为指标定价，而非整台风机或电解槽，可能低于一步指标的实际价值；--method \
             curves（或 all）给出指标增减一步时的全省成本",
        ));
    }
    match bracket.filter(|_| inverted.is_none() && backwards.is_none()) {
        Some(br) => {
            let low = br.low.unwrap_or(f64::NEG_INFINITY);
            let high = br.high.unwrap_or(f64::INFINITY);
            for (name, name_zh, v) in [
                ("Lagrange multiplier", "拉格朗日乘子", lagrange),
                ("joint dual", "联合模型对偶值", dual),
            ] {
                if let Some(v) = v {
                    let tol = PRICE_AGREEMENT * v.abs().max(low.abs().min(high.abs()));
                    if v < low - tol || v > high + tol {
                        let (low, high) = (short_number(br.low), short_number(br.high));
                        disagreements.push(Warning::new(
                            format!("{name} {v:.0} outside the curves' bracket [{low}, {high}]"),
                            format!("{name_zh} {v:.0} 不在曲线区间 [{low}, {high}] 内"),
                        ));
                    }
                }
            }
        }
        None => {
            if let (Some(a), Some(b)) = (lagrange, dual) {
                if differ(a, b) {
                    disagreements.push(Warning::new(
                        format!("Lagrange multiplier {a:.0} vs joint dual {b:.0}"),
                        format!("拉格朗日乘子 {a:.0} 与联合模型对偶值 {b:.0}"),
                    ));
                }
            }
        }
    }
    if !disagreements.is_empty() {
        notes.push(Warning::new(
            format!(
                "readings disagree by more than 5 %: {}",
                Warning::join(&disagreements)
                    .map(|w| w.en)
                    .unwrap_or_default()
            ),
            format!(
                "各价格估计相差超过 5 %：{}",
                Warning::join(&disagreements)
                    .map(|w| w.zh)
                    .unwrap_or_default()
            ),
        ));
    }
    PriceReadings {
        curves_low: bracket.and_then(|b| b.low),
        curves_high: bracket.and_then(|b| b.high),
        curves_step: bracket.map(|b| b.step),
        curves_not_convex: inverted.is_some(),
        curves_not_monotone: backwards.is_some(),
        lagrange_multiplier: lagrange,
        joint_dual: dual,
        warning: Warning::join(&notes).map(|w| w.en),
        warning_zh: Warning::join(&notes).map(|w| w.zh),
    }
}

/// The curve point at or just above a share (`≤` form, per quota of the park).
fn grid_point(curve: &Curve, share: &[f64]) -> Vec<f64> {
    curve
        .levels
        .iter()
        .zip(share)
        .map(|(levels, s)| {
            levels
                .iter()
                .copied()
                .find(|l| *l >= s - 1e-9)
                .unwrap_or_else(|| levels[levels.len() - 1])
        })
        .collect()
}

fn park_report(allocation: &Allocation, i: usize) -> ParkReport {
    let province = &allocation.province;
    let park = &province.parks[i];
    let survey = &allocation.survey;
    let found = &allocation.found[allocation.chosen].parks[i];
    let quota = |k: usize| &province.quotas[park.quotas[k]];
    let named = |f: &dyn Fn(usize) -> f64| -> BTreeMap<String, f64> {
        (0..park.quotas.len())
            .map(|k| (quota(k).name.clone(), f(k)))
            .collect()
    };
    let can = survey.can(i);
    let plan: Option<&PointResult> = match found {
        ParkFound::Allocated { plan, .. } => Some(plan),
        _ => None,
    };
    let curve = allocation.curves.iter().find(|c| c.park == i);
    let (more, less) = match (curve, found.share()) {
        (Some(curve), Some(share)) if plan.is_some() => {
            let at = grid_point(curve, share);
            let values: Vec<(Option<f64>, Option<f64>)> = (0..park.quotas.len())
                .map(|k| curves::marginal_values(curve, k, &at))
                .collect();
            (
                (0..park.quotas.len())
                    .map(|k| (quota(k).name.clone(), values[k].0))
                    .collect(),
                (0..park.quotas.len())
                    .map(|k| (quota(k).name.clone(), values[k].1))
                    .collect(),
            )
        }
        _ => (BTreeMap::new(), BTreeMap::new()),
    };
    let shortfall = match found {
        ParkFound::Short { granted } => named(&|k| {
            own(
                quota(k),
                (survey.least_amount(province, i, k) - granted[k]).max(0.0),
            )
            .abs()
        }),
        _ => BTreeMap::new(),
    };
    let final_plan: Option<&FinalPlan> = allocation.park_plans.get(i).and_then(Option::as_ref);
    // The indicators to read are the final plan's: a final plan that found no plan (on the
    // full year, say) has none, and the allocation's typical-day estimate beside it read as
    // if it held.
    let (intensity_t_per_tce, clean_share) = match final_plan {
        Some(f) if f.cost_rmb_per_yr.is_some() => (f.intensity_t_per_tce, f.clean_share),
        Some(_) => (None, None),
        None => (
            plan.and_then(|p| p.intensity_t_per_tce),
            plan.and_then(|p| p.clean_share),
        ),
    };
    ParkReport {
        name: park.name.clone(),
        group: park.group.clone(),
        status: match found {
            ParkFound::Allocated { .. } => "allocated",
            ParkFound::Short { .. } => "falls_short",
            ParkFound::Cannot => "cannot_at_any_share",
        },
        shares: found
            .share()
            .map(|s| named(&|k| own(quota(k), s[k])))
            .unwrap_or_default(),
        amounts: plan
            .map(|p| named(&|k| p.amounts.get(k).copied().unwrap_or(f64::NAN)))
            .unwrap_or_default(),
        wanted: if can {
            named(&|k| survey.free[i].amounts[k])
        } else {
            BTreeMap::new()
        },
        least_quota: if can {
            named(&|k| own(quota(k), survey.least_amount(province, i, k)))
        } else {
            BTreeMap::new()
        },
        shortfall,
        marginal_value_more: more,
        marginal_value_less: less,
        cost_rmb_per_yr: plan.and_then(PointResult::cost),
        own_optimum_cost_rmb_per_yr: survey.free[i].cost(),
        new_capacities: plan.map(|p| p.new_capacities.clone()).unwrap_or_default(),
        intensity_t_per_tce,
        intensity_limit_t_per_tce: survey.free[i].intensity_limit_t_per_tce,
        clean_share,
        best_intensity_t_per_tce: (!can).then(|| survey.free[i].best_intensity()).flatten(),
        plan: final_plan.map(|f| FinalPlanReport {
            dir: format!("{PARKS_DIR}/{}", park.name),
            status: f.status.clone(),
            cost_rmb_per_yr: f.cost_rmb_per_yr,
            intensity_t_per_tce: f.intensity_t_per_tce,
            full_year_checked: f.full_year_checked,
            check: f.check.clone(),
            check_zh: f.check_zh.clone(),
        }),
    }
}

/// The report of an allocation.
pub fn build(allocation: &Allocation) -> AllocationReport {
    let province = &allocation.province;
    let chosen = &allocation.found[allocation.chosen];
    let parks: Vec<ParkReport> = (0..province.parks.len())
        .map(|i| park_report(allocation, i))
        .collect();
    let mut warnings = Vec::new();
    let quotas: Vec<QuotaReport> = province
        .quotas
        .iter()
        .enumerate()
        .map(|(j, q)| {
            let members: Vec<&ParkReport> = q.members.iter().map(|i| &parks[*i]).collect();
            let sum = |f: &dyn Fn(&ParkReport) -> Option<f64>| -> f64 {
                members.iter().filter_map(|p| f(p)).sum()
            };
            let readings = readings(allocation, j);
            if let Some(w) = &readings.warning {
                let zh = readings.warning_zh.as_deref().unwrap_or(w);
                warnings.push(Warning::new(
                    format!("quota {}: {w}", q.name),
                    format!("指标 {}：{zh}", q.name),
                ));
            }
            QuotaReport {
                name: q.name.clone(),
                kind: kind_name(q),
                unit: q.unit,
                sense: match q.sense {
                    Sense::AtMost => "<=",
                    Sense::AtLeast => ">=",
                },
                total: allocation.totals[j],
                parks: members.iter().map(|p| p.name.clone()).collect(),
                granted: sum(&|p| p.shares.get(&q.name).copied()),
                used: sum(&|p| p.amounts.get(&q.name).copied()),
                wanted: sum(&|p| p.wanted.get(&q.name).copied()),
                shadow_price_rmb_per_yr_per_unit: readings,
            }
        })
        .collect();
    for p in &parks {
        if p.status == "cannot_at_any_share" {
            let best = p.best_intensity_t_per_tce;
            warnings.push(Warning::new(
                format!(
                    "park {} cannot meet its rules at any share{}",
                    p.name,
                    best.map(|b| format!(" (best intensity {b:.3} t/tce)"))
                        .unwrap_or_default()
                ),
                format!(
                    "园区 {} 任何份额下均无法达标{}",
                    p.name,
                    best.map(|b| format!("（单位能耗碳排放最低可达 {b:.3} tCO2/tce）"))
                        .unwrap_or_default()
                ),
            ));
        }
        if let (Some(plan), "allocated") = (&p.plan, p.status) {
            // The allocation came from plans on typical days: the park's final plan at its
            // share (checked on the full year) may still find no plan, e.g. when an hourly
            // import cap binds in an hour no typical day holds.
            if plan.cost_rmb_per_yr.is_none() {
                let check_zh = plan.check_zh.as_deref().or(plan.check.as_deref());
                warnings.push(Warning::new(
                    format!(
                        "park {}: its final plan at its share ({}) is {}{}",
                        p.name,
                        plan.dir,
                        plan.status,
                        plan.check
                            .as_deref()
                            .map(|c| format!(" on the full year: {c}"))
                            .unwrap_or_default()
                    ),
                    format!(
                        "园区 {}：按其份额所做的最终方案（{}）{}{}",
                        p.name,
                        plan.dir,
                        lang::status(&plan.status, Lang::Zh),
                        check_zh.map(|c| format!("；全年：{c}")).unwrap_or_default()
                    ),
                ));
            }
        }
        if p.status == "falls_short" {
            let by: Vec<String> = p
                .shortfall
                .iter()
                .map(|(q, v)| format!("{q} {v:.1}"))
                .collect();
            warnings.push(Warning::new(
                format!(
                    "park {} falls short: the quotas are too small for every park (short by {})",
                    p.name,
                    by.join(", ")
                ),
                format!(
                    "园区 {} 指标不足：指标总量不够分给每个园区（缺 {}）",
                    p.name,
                    by.join("，")
                ),
            ));
        }
    }
    for f in &allocation.found {
        // A method that failed: its own note, which stays in English, said to be one.
        warnings.extend(f.notes.iter().filter(|n| n.contains("fail")).map(|n| {
            Warning::new(
                n.clone(),
                format!("方法 {} 未能完成（英文说明）：{n}", f.method),
            )
        }));
    }
    if !allocation.stale_park_plans.is_empty() {
        let (count, names) = (
            allocation.stale_park_plans.len(),
            allocation.stale_park_plans.join(", "),
        );
        warnings.push(Warning::new(
            format!(
                "{PARKS_DIR}/<name>/ of {count} park(s) ({names}) holds a final plan made for \
                 other shares, not for this allocation: plan them at these shares by running \
                 again without --allocation-only or --no-park-plans"
            ),
            format!(
                "{count} 个园区（{names}）的 {PARKS_DIR}/<name>/ 中是按其他份额做的最终方案，\
                 不是本次分配的：去掉 --allocation-only 或 --no-park-plans 重新运行，按本次份额\
                 规划"
            ),
        ));
    }
    let methods = allocation
        .found
        .iter()
        .map(|f| {
            let total = f.total_cost();
            MethodReport {
                method: f.method,
                total_cost_rmb_per_yr: total,
                lower_bound_rmb_per_yr: f.lower_bound_rmb,
                gap: f
                    .lower_bound_rmb
                    .map(|b| ((total - b) / total.abs().max(1.0)).max(0.0)),
                parks_short: f.short(),
                shares: shares_of(province, f),
                notes: f.notes.clone(),
            }
        })
        .collect();
    let count = |s: &str| parks.iter().filter(|p| p.status == s).count();
    let allocated: Vec<&ParkReport> = parks.iter().filter(|p| p.status == "allocated").collect();
    let final_plans_cost_rmb_per_yr = allocated
        .iter()
        .map(|p| p.plan.as_ref().and_then(|f| f.cost_rmb_per_yr))
        .sum::<Option<f64>>()
        .filter(|_| !allocated.is_empty());
    let final_plans_failed = allocated
        .iter()
        .filter(|p| p.plan.as_ref().is_some_and(|f| f.cost_rmb_per_yr.is_none()))
        .count();
    AllocationReport {
        province: province.name.clone(),
        file: province.path.clone(),
        description: province.description.clone(),
        method: chosen.method,
        total_cost_rmb_per_yr: chosen.total_cost(),
        final_plans_cost_rmb_per_yr,
        final_plans_failed,
        parks_allocated: count("allocated"),
        parks_short: count("falls_short"),
        parks_cannot: count("cannot_at_any_share"),
        quotas,
        parks,
        methods,
        comparisons: allocation.comparisons.clone(),
        price_rounds: allocation
            .price_loop
            .iter()
            .flat_map(|l| l.prices.iter().zip(&l.values))
            .map(|(prices, value)| PriceRound {
                prices: province
                    .quotas
                    .iter()
                    .zip(prices)
                    .map(|(q, p)| (q.name.clone(), *p))
                    .collect(),
                dual_value_rmb_per_yr: *value,
            })
            .collect(),
        warnings_zh: warnings.iter().map(|w| w.zh.clone()).collect(),
        warnings: warnings.into_iter().map(|w| w.en).collect(),
        files: file_descriptions(),
        zcpark_version: env!("CARGO_PKG_VERSION"),
    }
}

/// `allocation.csv`: one row per park.
pub fn parks_table(report: &AllocationReport) -> Table {
    let quotas: Vec<&str> = report.quotas.iter().map(|q| q.name.as_str()).collect();
    let mut capacities: Vec<String> = Vec::new();
    for p in &report.parks {
        for name in p.new_capacities.keys() {
            if !capacities.contains(name) {
                capacities.push(name.clone());
            }
        }
    }
    let mut header: Vec<String> = ["park", "group", "status"].map(String::from).to_vec();
    for q in &quotas {
        for what in [
            "share",
            "amount",
            "wanted",
            "least",
            "shortfall",
            "mv_more",
            "mv_less",
        ] {
            header.push(format!("{what}:{q}"));
        }
    }
    header.extend(
        [
            "cost_rmb_per_yr",
            "own_optimum_cost_rmb_per_yr",
            "plan_cost_rmb_per_yr",
            "plan_status",
            "intensity_t_per_tce",
            "intensity_limit_t_per_tce",
            "clean_share",
            "best_intensity_t_per_tce",
        ]
        .map(String::from),
    );
    header.extend(capacities.iter().cloned());
    let mut table = Table::new(header);
    for p in &report.parks {
        let mut row = vec![
            p.name.clone(),
            p.group.clone().unwrap_or_default(),
            p.status.to_string(),
        ];
        for q in &quotas {
            let get = |m: &BTreeMap<String, f64>| number_cell(m.get(*q).copied());
            let opt = |m: &BTreeMap<String, Option<f64>>| number_cell(m.get(*q).copied().flatten());
            row.extend([
                get(&p.shares),
                get(&p.amounts),
                get(&p.wanted),
                get(&p.least_quota),
                get(&p.shortfall),
                opt(&p.marginal_value_more),
                opt(&p.marginal_value_less),
            ]);
        }
        row.extend([
            number_cell(p.cost_rmb_per_yr),
            number_cell(p.own_optimum_cost_rmb_per_yr),
            number_cell(p.plan.as_ref().and_then(|f| f.cost_rmb_per_yr)),
            p.plan
                .as_ref()
                .map(|f| f.status.clone())
                .unwrap_or_default(),
            number_cell(p.intensity_t_per_tce),
            number_cell(p.intensity_limit_t_per_tce),
            number_cell(p.clean_share),
            number_cell(p.best_intensity_t_per_tce),
        ]);
        for c in &capacities {
            row.push(number_cell(p.new_capacities.get(c).copied()));
        }
        table.rows.push(row);
    }
    table
}

/// `quotas.csv`: one row per quota.
pub fn quotas_table(report: &AllocationReport) -> Table {
    let header = [
        "quota",
        "kind",
        "unit",
        "sense",
        "total",
        "granted",
        "used",
        "wanted",
        "price_curves_low_rmb_per_yr_per_unit",
        "price_curves_high_rmb_per_yr_per_unit",
        "price_lagrange_rmb_per_yr_per_unit",
        "price_joint_dual_rmb_per_yr_per_unit",
        "warning",
    ]
    .map(String::from)
    .to_vec();
    let mut table = Table::new(header);
    for q in &report.quotas {
        let p = &q.shadow_price_rmb_per_yr_per_unit;
        table.rows.push(vec![
            q.name.clone(),
            q.kind.clone(),
            q.unit.to_string(),
            q.sense.to_string(),
            number_cell(Some(q.total)),
            number_cell(Some(q.granted)),
            number_cell(Some(q.used)),
            number_cell(Some(q.wanted)),
            number_cell(p.curves_low),
            number_cell(p.curves_high),
            number_cell(p.lagrange_multiplier),
            number_cell(p.joint_dual),
            p.warning.clone().unwrap_or_default(),
        ]);
    }
    table
}

/// Writes every output into `dir`; returns the files written.
///
/// # Errors
/// [`AllocateError::Io`] when a file cannot be written; a chart that cannot be drawn is a
/// warning on standard error, not an error.
pub fn write(dir: &Path, allocation: &Allocation) -> Result<Vec<PathBuf>, AllocateError> {
    let report = build(allocation);
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| -> Result<(), AllocateError> {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| AllocateError::Io {
                path: parent.display().to_string(),
                source,
            })?;
        }
        write_atomic(&path, bytes).map_err(|source| AllocateError::Io {
            path: path.display().to_string(),
            source,
        })?;
        written.push(path);
        Ok(())
    };
    put(ALLOCATION_CSV, parks_table(&report).to_csv().as_bytes())?;
    put(QUOTAS_CSV, quotas_table(&report).to_csv().as_bytes())?;
    let charts = charts::all(allocation, &report);
    // A chart this run does not draw (a merit order without value curves) must not be left
    // from an earlier run into the same directory: `report DIR` would show it.
    for q in &report.quotas {
        for name in [
            format!("merit_order_{}.svg", q.name),
            format!("province_cost_{}.svg", q.name),
        ] {
            if !charts.iter().any(|(drawn, _)| *drawn == name) {
                crate::report::atomic::remove_if_present(&dir.join(&name)).map_err(|source| {
                    AllocateError::Io {
                        path: dir.join(&name).display().to_string(),
                        source,
                    }
                })?;
            }
        }
    }
    for (name, svg) in charts {
        match svg {
            Ok(svg) => put(
                &name,
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}").as_bytes(),
            )?,
            Err(e) => eprintln!("warning: {name}: {e}"),
        }
    }
    let timings = crate::report::files::json_pretty(&allocation.timings).unwrap_or_default();
    put(TIMINGS_JSON, timings.as_bytes())?;
    let json = crate::report::files::json_pretty(&report).unwrap_or_default();
    put(ALLOCATION_JSON, json.as_bytes())?;
    // report.html: the key figures of allocation.json, the merit-order and province-cost
    // charts and the parks' table (the same page `zcpark report DIR` rebuilds, in either
    // language).
    match crate::report::rebuild::rebuild(dir, &crate::report::rebuild::written_options(dir)) {
        Ok(path) => written.push(path),
        Err(e) => eprintln!("warning: report.html: {e}"),
    }
    Ok(written)
}

/// The summary printed on the terminal.
pub fn summary(allocation: &Allocation) -> String {
    let report = build(allocation);
    let mut out = format!(
        "allocate {} ({}): {} parks, method {}; total cost {} M RMB/yr{}; {} allocated{}, {} \
         falling short, {} unable at any share\n",
        report.province,
        report.file,
        report.parks.len(),
        report.method,
        short_number(Some(report.total_cost_rmb_per_yr / 1e6)),
        report
            .final_plans_cost_rmb_per_yr
            .map(|c| format!(
                " as allocated, {} M RMB/yr in the final plans (parks/, on the full year where \
                 checked)",
                short_number(Some(c / 1e6))
            ))
            .unwrap_or_default(),
        report.parks_allocated,
        if report.final_plans_failed > 0 {
            format!(
                " ({} with no final plan at its share)",
                report.final_plans_failed
            )
        } else {
            String::new()
        },
        report.parks_short,
        report.parks_cannot
    );
    for q in &report.quotas {
        let p = &q.shadow_price_rmb_per_yr_per_unit;
        out.push_str(&format!(
            "  quota {} ({} {} {}): granted {}, used {}, wanted {}; price RMB/yr per {}: \
             curves [{}, {}], Lagrange {}, joint dual {}\n",
            q.name,
            q.sense,
            short_number(Some(q.total)),
            q.unit,
            short_number(Some(q.granted)),
            short_number(Some(q.used)),
            short_number(Some(q.wanted)),
            q.unit,
            short_number(p.curves_low),
            short_number(p.curves_high),
            short_number(p.lagrange_multiplier),
            short_number(p.joint_dual)
        ));
    }
    for m in &report.methods {
        out.push_str(&format!(
            "  method {}: {} M RMB/yr{}{}\n",
            m.method,
            short_number(Some(m.total_cost_rmb_per_yr / 1e6)),
            m.lower_bound_rmb_per_yr
                .map(|b| format!(", bound {} M RMB/yr", short_number(Some(b / 1e6))))
                .unwrap_or_default(),
            m.gap
                .map(|g| format!(", gap {:.3} %", 100.0 * g))
                .unwrap_or_default()
        ));
    }
    for c in &report.comparisons {
        out.push_str(&format!(
            "  {}: {} M RMB/yr{}{}\n",
            c.name,
            short_number(Some(c.total_cost_rmb_per_yr / 1e6)),
            c.extra_cost_share
                .map(|s| format!(" ({:+.2} % against the allocation)", 100.0 * s))
                .unwrap_or_default(),
            if c.parks_short.is_empty() {
                String::new()
            } else {
                format!(
                    "; parks falling short: {}{}",
                    c.parks_short.join(", "),
                    c.same_parks_rmb_per_yr
                        .as_ref()
                        .map(|s| format!(
                            "; the other {} parks: {} M RMB/yr, against {} M in the allocation",
                            s.parks,
                            short_number(Some(s.this / 1e6)),
                            short_number(Some(s.found / 1e6))
                        ))
                        .unwrap_or_default()
                )
            }
        ));
    }
    for w in &report.warnings {
        out.push_str(&format!("  warning: {w}\n"));
    }
    out
}
