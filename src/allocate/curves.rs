//! Value curves (formulation §7): each park's least cost `V_i(q)` with at most `q` of a
//! quota (`≤` form), on a grid of levels from the least amount with which it meets its rules
//! to the amount its own optimum uses; then the multiple-choice knapsack over the curves
//! ([`super::knapsack`]) gives the allocation that is exact on that grid.
//!
//! Each park first gets a survey: its plan with no quota bound (the curve's right end, where
//! `V` is flat), and for each quota it shares a plan with that quota priced far above any
//! value it has (the least amount with which it meets its rules). A park whose unbounded plan
//! fails its rules cannot meet them at any share. The curve's levels are multiples of the
//! quota's resolution, so the knapsack's grid steps are exact.

use super::found::{Bracket, Found, ParkFound};
use super::knapsack::{Choice, KnapsackError, Table};
use super::point::{price_term, share_term, Context, PointResult, PointSpec};
use super::province::{Province, Quota};
use crate::model::quota::{QuotaMeasure, QuotaTerm};

/// The price that makes a park use as little of a quota as its rules allow, RMB per unit of
/// the measure per year (`≤` form): far above what a unit is worth to any park (a MW of PV
/// costs about 0.2 M RMB/yr; a MWh 0.2–1.5 thousand; a tonne of CO2 abated by CCUS about
/// 300–600), yet small enough to keep the objective within about eight orders of magnitude.
pub fn least_price(measure: QuotaMeasure) -> f64 {
    match measure {
        QuotaMeasure::NewPvMw
        | QuotaMeasure::NewWindMw
        | QuotaMeasure::NewRenewableMw
        | QuotaMeasure::GridImportPeakMw
        | QuotaMeasure::UnpairedStorageMwh { .. } => 1e7,
        QuotaMeasure::GreenPowerMwh | QuotaMeasure::ExportMwh => 1e4,
        QuotaMeasure::IntensityExcessT { .. } => 1e5,
    }
}

/// Each park's survey: its plan with no bound and its least amount of each quota.
#[derive(Debug, Clone)]
pub struct Survey {
    /// Per park: the plan with every quota amount free.
    pub free: Vec<PointResult>,
    /// Per park, per quota it shares: the plan with that quota priced at [`least_price`]
    /// (None for a park that cannot meet its rules).
    pub least: Vec<Vec<Option<PointResult>>>,
}

impl Survey {
    /// True when park `i` meets its rules with all it wants of every quota.
    pub fn can(&self, i: usize) -> bool {
        self.free[i].has_plan
    }

    /// Park `i`'s amount of its `k`-th quota at its own optimum, `≤` form.
    pub fn free_amount(&self, province: &Province, i: usize, k: usize) -> f64 {
        let q = &province.quotas[province.parks[i].quotas[k]];
        q.sign() * self.free[i].amounts[k]
    }

    /// The least amount of park `i`'s `k`-th quota with which it meets its rules, `≤` form.
    pub fn least_amount(&self, province: &Province, i: usize, k: usize) -> f64 {
        let q = &province.quotas[province.parks[i].quotas[k]];
        let free = self.free_amount(province, i, k);
        self.least[i][k]
            .as_ref()
            .filter(|r| r.has_plan)
            .map_or(free, |r| (q.sign() * r.amounts[k]).min(free))
    }
}

fn exposed(province: &Province, i: usize) -> Vec<QuotaTerm> {
    province.parks[i]
        .quotas
        .iter()
        .map(|j| QuotaTerm::exposed(province.quotas[*j].measure))
        .collect()
}

/// The survey of the parks `parks` (indices), solved or read from the cache. Parks not
/// listed get an empty survey entry and must not be used.
pub fn survey(ctx: &Context, parks: &[usize]) -> Survey {
    let province = ctx.province;
    let free_specs: Vec<PointSpec> = parks
        .iter()
        .map(|i| PointSpec {
            park: *i,
            terms: exposed(province, *i),
        })
        .collect();
    let free_found = ctx.run("survey: each park on its own", &free_specs);
    let n = province.parks.len();
    let mut free: Vec<PointResult> = (0..n).map(|_| empty_result()).collect();
    for (i, r) in parks.iter().zip(free_found) {
        free[*i] = r;
    }
    let mut least_specs = Vec::new();
    let mut owners = Vec::new();
    for i in parks.iter().copied().filter(|i| free[*i].has_plan) {
        for (k, j) in province.parks[i].quotas.iter().enumerate() {
            let q = &province.quotas[*j];
            let mut terms = exposed(province, i);
            terms[k] = price_term(q, least_price(q.measure));
            least_specs.push(PointSpec { park: i, terms });
            owners.push((i, k));
        }
    }
    let least_found = ctx.run("survey: least quota of each park", &least_specs);
    let mut least: Vec<Vec<Option<PointResult>>> = (0..n)
        .map(|i| vec![None; province.parks[i].quotas.len()])
        .collect();
    for ((i, k), r) in owners.into_iter().zip(least_found) {
        least[i][k] = Some(r);
    }
    Survey { free, least }
}

/// A placeholder for parks outside a shard.
fn empty_result() -> PointResult {
    PointResult {
        identity: serde_json::Value::Null,
        status: "not run".into(),
        has_plan: false,
        cost_rmb_per_yr: None,
        mip_gap: None,
        amounts: Vec::new(),
        new_capacities: Default::default(),
        intensity_t_per_tce: None,
        intensity_limit_t_per_tce: None,
        clean_share: None,
        shortfalls: Vec::new(),
        error: Some("not run in this shard".into()),
        seconds: 0.0,
    }
}

/// `x` rounded up to a multiple of `step` (a hair of tolerance against noise).
pub fn ceil_to(x: f64, step: f64) -> f64 {
    ((x / step) - 1e-7).ceil() * step + 0.0
}

/// Park `i`'s curve levels for each quota it shares (`≤` form, ascending, multiples of the
/// quota's resolution): `count` levels from its least amount to its own optimum's.
pub fn levels(province: &Province, survey: &Survey, i: usize) -> Vec<Vec<f64>> {
    let park = &province.parks[i];
    let count = if park.quotas.len() > 1 {
        province.curves.levels_per_quota_2d
    } else {
        province.curves.levels
    };
    park.quotas
        .iter()
        .enumerate()
        .map(|(k, j)| {
            let step = province.quotas[*j].resolution;
            let hi = ceil_to(survey.free_amount(province, i, k), step);
            let lo = ceil_to(survey.least_amount(province, i, k), step).min(hi);
            let mut out: Vec<f64> = (0..count)
                .map(|l| {
                    let x = lo + (hi - lo) * l as f64 / (count - 1) as f64;
                    (x / step).round() * step + 0.0
                })
                .collect();
            out.dedup_by(|a, b| (*a - *b).abs() < 0.5 * step);
            out
        })
        .collect()
}

/// Every combination of the levels (the last quota's varying fastest).
fn grid(levels: &[Vec<f64>]) -> Vec<Vec<f64>> {
    levels.iter().fold(vec![Vec::new()], |acc, l| {
        acc.into_iter()
            .flat_map(|p| {
                l.iter().map(move |x| {
                    let mut q = p.clone();
                    q.push(*x);
                    q
                })
            })
            .collect()
    })
}

/// A park's value curve: its plan at each grid point.
#[derive(Debug, Clone)]
pub struct Curve {
    /// The park.
    pub park: usize,
    /// Levels per quota it shares (`≤` form).
    pub levels: Vec<Vec<f64>>,
    /// Each grid point (levels per quota, `≤` form) with its plan; the top corner is the
    /// park's own optimum.
    pub points: Vec<(Vec<f64>, PointResult)>,
}

impl Curve {
    /// The plan at grid point `at`, if on the grid.
    pub fn at(&self, at: &[f64]) -> Option<&PointResult> {
        self.points
            .iter()
            .find(|(p, _)| p.iter().zip(at).all(|(a, b)| (a - b).abs() < 1e-9))
            .map(|(_, r)| r)
    }
}

/// The plans of park `i`'s grid points below its top corner.
fn curve_specs(province: &Province, survey: &Survey, i: usize) -> Vec<(Vec<f64>, PointSpec)> {
    let levels = levels(province, survey, i);
    let top: Vec<f64> = levels.iter().map(|l| l[l.len() - 1]).collect();
    grid(&levels)
        .into_iter()
        .filter(|p| *p != top)
        .map(|p| {
            let terms = province.parks[i]
                .quotas
                .iter()
                .zip(&p)
                .map(|(j, b)| {
                    let q = &province.quotas[*j];
                    share_term(q, q.sign() * b)
                })
                .collect();
            (p, PointSpec { park: i, terms })
        })
        .collect()
}

/// The curves of the parks `parks` that can meet their rules, solved or from the cache.
pub fn curves(ctx: &Context, survey: &Survey, parks: &[usize]) -> Vec<Curve> {
    let province = ctx.province;
    let usable: Vec<usize> = parks.iter().copied().filter(|i| survey.can(*i)).collect();
    let per_park: Vec<Vec<(Vec<f64>, PointSpec)>> = usable
        .iter()
        .map(|i| curve_specs(province, survey, *i))
        .collect();
    let specs: Vec<PointSpec> = per_park
        .iter()
        .flat_map(|p| p.iter().map(|(_, s)| s.clone()))
        .collect();
    let mut results = ctx.run("value curves", &specs).into_iter();
    usable
        .iter()
        .zip(per_park)
        .map(|(i, specs)| {
            let levels = levels(province, survey, *i);
            let top: Vec<f64> = levels.iter().map(|l| l[l.len() - 1]).collect();
            let mut points: Vec<(Vec<f64>, PointResult)> = specs
                .into_iter()
                .map(|(p, _)| (p, results.next().unwrap_or_else(empty_result)))
                .collect();
            points.push((top, survey.free[*i].clone()));
            Curve {
                park: *i,
                levels,
                points,
            }
        })
        .collect()
}

/// Grid steps of `x` (`≤` form) of quota `q`.
pub fn units(q: &Quota, x: f64) -> i64 {
    (x / q.resolution).round() as i64
}

/// The budget of each quota in grid steps (`≤` form), for totals `totals` (as written).
pub fn budget(province: &Province, totals: &[f64]) -> Vec<i64> {
    province
        .quotas
        .iter()
        .zip(totals)
        .map(|(q, t)| ((q.sign() * t) / q.resolution + 1e-7).floor() as i64)
        .collect()
}

/// The least share park `i` must be granted of its `k`-th quota (`min_share` × total, `≤`
/// form), and the most it may be (`max_share` × total).
pub fn share_bounds(province: &Province, totals: &[f64], i: usize, k: usize) -> (f64, f64) {
    let j = province.parks[i].quotas[k];
    let q = &province.quotas[j];
    let lo = q
        .min_share
        .get(&i)
        .map_or(f64::NEG_INFINITY, |s| s * totals[j]);
    let hi = q.max_share.get(&i).map_or(f64::INFINITY, |s| s * totals[j]);
    (lo, hi)
}

/// True when every quota park `i` shares counts a non-negative amount (so it may fall
/// short: be given nothing and not meet its rules).
fn may_fall_short(province: &Province, i: usize) -> bool {
    province.parks[i].quotas.iter().all(|j| {
        province.quotas[*j]
            .kind
            .is_some_and(super::province::QuotaKind::non_negative)
    })
}

/// One knapsack option: a point of a park's candidates, its usage and cost.
struct Options {
    choices: Vec<Choice>,
    /// Index into the candidates of each choice (None: falls short).
    from: Vec<Option<usize>>,
}

/// The knapsack options of park `i` from `candidates` (points with their `≤`-form levels per
/// quota the park shares), under the totals' share bounds.
fn options(
    province: &Province,
    totals: &[f64],
    i: usize,
    candidates: &[(Vec<f64>, &PointResult)],
) -> Options {
    let park = &province.parks[i];
    let m = province.quotas.len();
    let granted = |k: usize, level: f64| -> f64 {
        let (lo, _) = share_bounds(province, totals, i, k);
        let q = &province.quotas[park.quotas[k]];
        level.max(ceil_to(lo, q.resolution))
    };
    let mut choices = Vec::new();
    let mut from = Vec::new();
    for (c, (levels, result)) in candidates.iter().enumerate() {
        let Some(cost) = result.cost() else { continue };
        let within = levels.iter().enumerate().all(|(k, level)| {
            let (_, hi) = share_bounds(province, totals, i, k);
            *level <= hi + 1e-9
        });
        if !within {
            continue;
        }
        let mut usage = vec![0; m];
        for (k, level) in levels.iter().enumerate() {
            let j = park.quotas[k];
            usage[j] = units(&province.quotas[j], granted(k, *level));
        }
        choices.push(Choice {
            usage,
            cost_rmb: cost,
            short: false,
            shortfall: 0.0,
        });
        from.push(Some(c));
    }
    if may_fall_short(province, i) {
        let mut usage = vec![0; m];
        for (k, j) in park.quotas.iter().enumerate() {
            usage[*j] = units(&province.quotas[*j], granted(k, 0.0).max(0.0));
        }
        let least = candidates
            .iter()
            .filter(|(_, r)| r.has_plan)
            .map(|(l, _)| l.first().copied().unwrap_or(0.0))
            .fold(f64::INFINITY, f64::min);
        choices.push(Choice {
            usage,
            cost_rmb: 0.0,
            short: true,
            shortfall: if least.is_finite() { least } else { 0.0 },
        });
        from.push(None);
    }
    Options { choices, from }
}

/// The allocation chosen from candidate plans per park (`candidates[i]`: `≤`-form levels and
/// plan) by the knapsack for `totals`; with each quota's bracket when `bracket_steps` gives
/// a grid step per quota (in grid units).
///
/// # Errors
/// [`KnapsackError`] when the grid is too fine for the totals.
pub fn choose(
    province: &Province,
    totals: &[f64],
    candidates: &[Vec<(Vec<f64>, &PointResult)>],
    cannot: &[bool],
    method: &'static str,
    bracket_steps: Option<&[i64]>,
) -> Result<Found, KnapsackError> {
    let n = province.parks.len();
    let m = province.quotas.len();
    let taking: Vec<usize> = (0..n).filter(|i| !cannot[*i]).collect();
    let built: Vec<Options> = taking
        .iter()
        .map(|i| options(province, totals, *i, &candidates[*i]))
        .collect();
    let budget = budget(province, totals);
    let extra: Vec<i64> = bracket_steps.map_or(vec![0; m], <[i64]>::to_vec);
    let extended: Vec<i64> = budget.iter().zip(&extra).map(|(b, e)| b + e).collect();
    let table = Table::solve(built.iter().map(|o| o.choices.clone()).collect(), &extended)?;
    let mut notes = Vec::new();
    let mut parks: Vec<ParkFound> = vec![ParkFound::Cannot; n];
    match table.choices(&budget) {
        Some(picked) => {
            for ((i, opts), k) in taking.iter().zip(&built).zip(picked) {
                let choice = &opts.choices[k];
                let share: Vec<f64> = province.parks[*i]
                    .quotas
                    .iter()
                    .map(|j| choice.usage[*j] as f64 * province.quotas[*j].resolution)
                    .collect();
                parks[*i] = match opts.from[k] {
                    Some(c) => ParkFound::Allocated {
                        share,
                        plan: Box::new(candidates[*i][c].1.clone()),
                    },
                    None => ParkFound::Short { granted: share },
                };
            }
        }
        None => {
            notes.push(
                "no allocation within the totals, even with parks falling short (a quota in \
                 '>=' form or a signed amount cannot be met)"
                    .to_string(),
            );
            for i in &taking {
                parks[*i] = ParkFound::Short {
                    granted: vec![0.0; province.parks[*i].quotas.len()],
                };
            }
        }
    }
    let base = table.score(&budget);
    let brackets = (0..m)
        .map(|j| {
            let step = *bracket_steps?.get(j)?;
            if step <= 0 || !base.feasible() {
                return None;
            }
            let mut up = budget.clone();
            up[j] += step;
            let mut down = budget.clone();
            down[j] -= step;
            let q = &province.quotas[j];
            let delta = step as f64 * q.resolution;
            let slope = |a: super::knapsack::Score, b: super::knapsack::Score| {
                (a.feasible() && a.short == b.short).then(|| (a.cost_rmb - b.cost_rmb) / delta)
            };
            Some(Bracket {
                low: slope(base, table.score(&up)),
                high: slope(table.score(&down), base),
                step: delta,
            })
        })
        .collect();
    Ok(Found {
        method,
        parks,
        prices: vec![None; m],
        brackets,
        lower_bound_rmb: None,
        notes,
    })
}

/// The candidates of each park from its curve (empty for parks without one).
pub fn candidates_of<'a>(
    province: &Province,
    curves: &'a [Curve],
) -> Vec<Vec<(Vec<f64>, &'a PointResult)>> {
    let mut out: Vec<Vec<(Vec<f64>, &PointResult)>> = vec![Vec::new(); province.parks.len()];
    for c in curves {
        out[c.park] = c.points.iter().map(|(l, r)| (l.clone(), r)).collect();
    }
    out
}

/// The grid step of each quota for its bracket: the median of the parks' level steps, in
/// grid units (at least 1).
pub fn bracket_steps(province: &Province, curves: &[Curve]) -> Vec<i64> {
    (0..province.quotas.len())
        .map(|j| {
            let mut steps: Vec<i64> = curves
                .iter()
                .filter_map(|c| {
                    let k = province.parks[c.park].quotas.iter().position(|q| *q == j)?;
                    let l = &c.levels[k];
                    (l.len() > 1).then(|| {
                        units(
                            &province.quotas[j],
                            (l[l.len() - 1] - l[0]) / (l.len() - 1) as f64,
                        )
                    })
                })
                .collect();
            steps.sort_unstable();
            steps.get(steps.len() / 2).copied().unwrap_or(1).max(1)
        })
        .collect()
}

/// The `curves` method: the knapsack over the value curves for `totals`.
///
/// # Errors
/// [`KnapsackError`] when the grid is too fine for the totals.
pub fn allocate(
    province: &Province,
    survey: &Survey,
    curves: &[Curve],
    totals: &[f64],
) -> Result<Found, KnapsackError> {
    let cannot: Vec<bool> = (0..province.parks.len()).map(|i| !survey.can(i)).collect();
    let steps = bracket_steps(province, curves);
    let mut found = choose(
        province,
        totals,
        &candidates_of(province, curves),
        &cannot,
        "curves",
        Some(&steps),
    )?;
    // A level whose plan failed is a hole in its curve: the knapsack chose among the others.
    for curve in curves {
        let failed: Vec<&str> = curve
            .points
            .iter()
            .filter_map(|(_, r)| r.error.as_deref())
            .collect();
        if let Some(first) = failed.first() {
            found.notes.push(format!(
                "value curve of {}: {} of {} levels have no plan ({first}); the knapsack chose \
                 among the others",
                province.parks[curve.park].name,
                failed.len(),
                curve.points.len()
            ));
        }
    }
    Ok(found)
}

/// The marginal values of park `i`'s `k`-th quota at grid point `at` of its curve, RMB per
/// unit-year (`≤` form): (saving of the next level up per unit, cost of the level below per
/// unit). None where there is no such level (the top: 0 is returned instead for "up"), or
/// where the level below has no plan.
pub fn marginal_values(curve: &Curve, k: usize, at: &[f64]) -> (Option<f64>, Option<f64>) {
    let levels = &curve.levels[k];
    let Some(pos) = levels.iter().position(|l| (l - at[k]).abs() < 1e-9) else {
        return (None, None);
    };
    let cost_at = |level: f64| {
        let mut p = at.to_vec();
        p[k] = level;
        curve.at(&p).and_then(PointResult::cost)
    };
    let here = cost_at(at[k]);
    let up = if pos + 1 < levels.len() {
        here.zip(cost_at(levels[pos + 1]))
            .map(|(h, u)| (h - u) / (levels[pos + 1] - at[k]))
    } else {
        here.map(|_| 0.0)
    };
    let down = if pos > 0 {
        here.zip(cost_at(levels[pos - 1]))
            .map(|(h, d)| (d - h) / (at[k] - levels[pos - 1]))
    } else {
        None
    };
    (up, down)
}

/// The province's least cost for totals of quota `j` from `from` to `to` (the others as
/// given) on the curves' grid: `(total, cost RMB/yr, parks falling short)` per grid step of
/// the bracket, for the chart.
///
/// # Errors
/// [`KnapsackError`] when the grid is too fine.
pub fn province_cost_curve(
    province: &Province,
    survey: &Survey,
    curves: &[Curve],
    totals: &[f64],
    j: usize,
    to: f64,
    points: usize,
) -> Result<Vec<(f64, f64, u32)>, KnapsackError> {
    let cannot: Vec<bool> = (0..province.parks.len()).map(|i| !survey.can(i)).collect();
    let q = &province.quotas[j];
    let mut extended = totals.to_vec();
    extended[j] = to.max(totals[j]);
    let cands = candidates_of(province, curves);
    let built: Vec<Vec<Choice>> = (0..province.parks.len())
        .filter(|i| !cannot[*i])
        .map(|i| options(province, totals, i, &cands[i]).choices)
        .collect();
    let budget = budget(province, &extended);
    let table = Table::solve(built, &budget)?;
    let top = budget[j];
    let bottom = if q.sign() > 0.0 {
        0
    } else {
        top.min(0) - top.abs()
    };
    let count = points.max(2) as i64;
    Ok((0..count)
        .map(|p| bottom + (top - bottom) * p / (count - 1))
        .filter_map(|b| {
            let mut at = budget.clone();
            at[j] = b;
            let s = table.score(&at);
            s.feasible()
                .then(|| (q.sign() * b as f64 * q.resolution, s.cost_rmb, s.short))
        })
        .collect())
}
