//! The `prices` method: price-directive decomposition (Lagrangian relaxation of the quota
//! rows, formulation §7). Each park plans on its own with every quota it shares priced at
//! `λ_q` per unit (its amount in `≤` form), all parks in parallel; the dual function
//!
//! ```text
//! L(λ) = Σ_p min_x [cost_p(x) + Σ_q λ_q · sign_q · amount_{p,q}(x)] − Σ_q λ_q · Q_q
//! ```
//!
//! is a lower bound on the province's least cost for every `λ ≥ 0`; it is maximised by the
//! level method (Lemaréchal, Nemirovskii and Nesterov, "New variants of bundle methods",
//! *Mathematical Programming* 69, 1995) with the projection in the ℓ1 norm (an LP). With
//! whole turbines a park's value curve is not convex and its response to a price jumps from
//! little to much: a plain price loop oscillates and never meets the quota. So a feasible
//! allocation is recovered from every plan the loop has seen: the multiple-choice knapsack
//! over those plans (each a real plan of its park) gives shares within the quotas, and each
//! park is solved again with its share as a bound; and a merit-order fill starts every park
//! at its least quota and hands out the rest in the order of the highest price at which each
//! park still wanted more, each park solved with what is left as its bound (only the parks at
//! the margin need a new plan). The better of the two is kept. The report gives the lower
//! bound, the feasible cost and the gap between them.

use super::curves::{ceil_to, choose, least_price, Survey};
use super::found::{Found, ParkFound};
use super::point::{price_term, share_term, Context, PointResult, PointSpec};
use super::province::Province;
use crate::model::quota::QuotaTerm;
use good_lp::{variable, Expression, ProblemVariables, Solution, SolverModel, Variable};

/// Settings of the price loop.
#[derive(Debug, Clone, Copy)]
pub struct PriceSettings {
    /// Most price updates (each one plan per park).
    pub max_iterations: usize,
    /// Stop when the model's bound and the best dual value are this close, relative.
    pub tolerance: f64,
}

impl Default for PriceSettings {
    fn default() -> Self {
        Self {
            max_iterations: 25,
            tolerance: 1e-5,
        }
    }
}

/// Level parameter: the next prices are projected on the set where the model is at least
/// `f_up − LEVEL · (f_up − f_low)` (0.29 as in Lemaréchal et al.).
const LEVEL: f64 = 0.29;

/// A cut of the dual function: `L(λ) ≤ value + slope · (λ − at)`.
#[derive(Debug, Clone)]
struct Cut {
    at: Vec<f64>,
    value: f64,
    slope: Vec<f64>,
}

/// The cutting-plane model's maximum over the box `[0, upper]`, in scaled units: prices
/// divided by `upper`, values by `scale`.
fn model_max(cuts: &[Cut], upper: &[f64], scale: f64) -> Option<(Vec<f64>, f64)> {
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = upper
        .iter()
        .map(|_| vars.add(variable().min(0.0).max(1.0)))
        .collect();
    let t = vars.add(variable().min(-1e6).max(1e6));
    let mut lp = vars.maximise(t).using(good_lp::highs);
    for cut in cuts {
        lp = lp.with(Expression::from(t).leq(cut_expression(cut, &x, upper, scale)));
    }
    let solution = lp.solve().ok()?;
    Some((
        x.iter()
            .zip(upper)
            .map(|(v, u)| solution.value(*v) * u)
            .collect(),
        solution.value(t) * scale,
    ))
}

/// `(value + slope · (λ − at)) / scale` with `λ = x · upper`.
fn cut_expression(cut: &Cut, x: &[Variable], upper: &[f64], scale: f64) -> Expression {
    let mut e = Expression::from(cut.value / scale);
    for j in 0..x.len() {
        e.add_mul(cut.slope[j] * upper[j] / scale, x[j]);
        e += -cut.slope[j] * cut.at[j] / scale;
    }
    e
}

/// The point nearest `from` (ℓ1 norm, scaled) where every cut is at least `level`.
fn project(cuts: &[Cut], upper: &[f64], scale: f64, from: &[f64], level: f64) -> Option<Vec<f64>> {
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = upper
        .iter()
        .map(|_| vars.add(variable().min(0.0).max(1.0)))
        .collect();
    let up: Vec<Variable> = upper
        .iter()
        .map(|_| vars.add(variable().min(0.0)))
        .collect();
    let down: Vec<Variable> = upper
        .iter()
        .map(|_| vars.add(variable().min(0.0)))
        .collect();
    let distance: Expression = up.iter().chain(&down).map(|v| Expression::from(*v)).sum();
    let mut lp = vars.minimise(distance).using(good_lp::highs);
    for j in 0..x.len() {
        lp = lp.with((Expression::from(x[j]) - up[j] + down[j]).eq(from[j] / upper[j]));
    }
    for cut in cuts {
        lp = lp.with(cut_expression(cut, &x, upper, scale).geq(level / scale));
    }
    let solution = lp.solve().ok()?;
    Some(
        x.iter()
            .zip(upper)
            .map(|(v, u)| solution.value(*v) * u)
            .collect(),
    )
}

/// What the price loop did.
#[derive(Debug, Clone)]
pub struct PriceLoop {
    /// Prices tried, in order, `≤` form, RMB per unit-year (per quota).
    pub prices: Vec<Vec<f64>>,
    /// The dual value at each, RMB/yr.
    pub values: Vec<f64>,
}

/// The terms of park `i` with the quotas priced at `lambda` (and its `max_share` bounds).
fn priced_terms(province: &Province, totals: &[f64], i: usize, lambda: &[f64]) -> Vec<QuotaTerm> {
    province.parks[i]
        .quotas
        .iter()
        .enumerate()
        .map(|(k, j)| {
            let q = &province.quotas[*j];
            let mut term = price_term(q, lambda[*j]);
            let (_, hi) = super::curves::share_bounds(province, totals, i, k);
            if hi.is_finite() {
                let bound = share_term(q, q.sign() * hi);
                term.upper = bound.upper;
                term.lower = bound.lower;
            }
            term
        })
        .collect()
}

/// The `≤`-form amount of each quota of park `i` in `plan` (province quota order; 0 for
/// quotas it does not share).
fn usage(province: &Province, i: usize, plan: &PointResult) -> Vec<f64> {
    let mut out = vec![0.0; province.quotas.len()];
    for (k, j) in province.parks[i].quotas.iter().enumerate() {
        out[*j] = province.quotas[*j].sign() * plan.amounts.get(k).copied().unwrap_or(f64::NAN);
    }
    out
}

/// A price scale per quota from the survey: the steepest average value of the quota over a
/// park's curve (cost at its least amount less its own optimum's, per unit), times four.
fn price_box(province: &Province, survey: &Survey, taking: &[usize]) -> Vec<f64> {
    (0..province.quotas.len())
        .map(|j| {
            let steepest = taking
                .iter()
                .filter_map(|i| {
                    let k = province.parks[*i].quotas.iter().position(|q| *q == j)?;
                    let least = survey.least[*i][k].as_ref()?.cost()?;
                    let free = survey.free[*i].cost()?;
                    let span =
                        survey.free_amount(province, *i, k) - survey.least_amount(province, *i, k);
                    (span > 1e-9).then(|| (least - free) / span)
                })
                .fold(0.0, f64::max);
            if steepest > 0.0 {
                4.0 * steepest
            } else {
                least_price(province.quotas[j].measure) * 1e-3
            }
        })
        .collect()
}

/// The dual function at one price vector: its value, the sum of the plans' MIP gaps (in
/// RMB/yr, to take off for a bound that holds; None when a plan has no gap, so no bound
/// holds), its slope per quota, and each park's plan.
struct Round {
    value: f64,
    slack: Option<f64>,
    slope: Vec<f64>,
    plans: Vec<PointResult>,
}

/// Plans every park of `taking` at `specs` (its quotas priced at `lambda`) and evaluates
/// `L(λ) = Σ_i (cost_i + λ · b_i) − λ · limits`; an error names a park's failed plan.
fn evaluate(
    ctx: &Context,
    taking: &[usize],
    limits: &[f64],
    lambda: &[f64],
    specs: Vec<PointSpec>,
    label: &str,
) -> Result<Round, String> {
    let province = ctx.province;
    let m = province.quotas.len();
    let found = ctx.run(label, &specs);
    if let Some(bad) = found.iter().find(|r| !r.has_plan) {
        return Err(format!(
            "{label}: a park's priced plan failed ({})",
            bad.error.clone().unwrap_or_else(|| bad.status.clone())
        ));
    }
    let mut value = 0.0;
    let mut slack = Some(0.0);
    let mut slope: Vec<f64> = limits.iter().map(|l| -l).collect();
    for (i, r) in taking.iter().zip(&found) {
        let b = usage(province, *i, r);
        let cost = r.cost().unwrap_or(f64::NAN);
        let phi = cost + (0..m).map(|j| lambda[j] * b[j]).sum::<f64>();
        value += phi;
        slack = slack.zip(r.mip_gap).map(|(s, gap)| s + phi.abs() * gap);
        for j in 0..m {
            slope[j] += b[j];
        }
    }
    value -= (0..m).map(|j| lambda[j] * limits[j]).sum::<f64>();
    Ok(Round {
        value,
        slack,
        slope,
        plans: found,
    })
}

/// A lower bound on the province's least cost, RMB/yr: the dual function at `lambda` (`≤`
/// form, RMB per unit-year per quota) less the plans' MIP gaps, from one plan of each park
/// taking part (`others[i]` None) with its quotas priced; `limits` are what is left of each
/// quota for them (weak duality: every `λ ≥ 0` gives one). Used to bound the `curves`
/// allocation at the price its curves read.
///
/// # Errors
/// A note naming the park whose priced plan failed.
pub fn dual_bound(
    ctx: &Context,
    totals: &[f64],
    others: &[Option<ParkFound>],
    limits: &[f64],
    lambda: &[f64],
) -> Result<f64, String> {
    let province = ctx.province;
    let taking: Vec<usize> = (0..province.parks.len())
        .filter(|i| others[*i].is_none())
        .collect();
    let specs = taking
        .iter()
        .map(|i| PointSpec {
            park: *i,
            terms: priced_terms(province, totals, *i, lambda),
        })
        .collect();
    let round = evaluate(
        ctx,
        &taking,
        limits,
        lambda,
        specs,
        "bound at the curves' price",
    )?;
    let slack = round
        .slack
        .ok_or("a priced plan has no MIP gap (stopped before its bound), so no bound holds")?;
    Ok(round.value - slack)
}

/// The `prices` method for the parks taking part (`others[i]` None), with `limits` (`≤`
/// form, per quota) left for them.
pub fn allocate(
    ctx: &Context,
    survey: &Survey,
    totals: &[f64],
    others: &[Option<ParkFound>],
    limits: &[f64],
    settings: PriceSettings,
) -> (Found, PriceLoop) {
    let province = ctx.province;
    let n = province.parks.len();
    let m = province.quotas.len();
    let taking: Vec<usize> = (0..n).filter(|i| others[*i].is_none()).collect();
    let active: Vec<bool> = (0..m)
        .map(|j| {
            taking
                .iter()
                .any(|i| province.parks[*i].quotas.contains(&j))
        })
        .collect();
    let mut upper = price_box(province, survey, &taking);
    let mut lambda = vec![0.0; m];
    let mut cuts: Vec<Cut> = Vec::new();
    let mut seen: Vec<Vec<PointResult>> = vec![Vec::new(); n];
    let mut notes = Vec::new();
    // (value, prices, bound with the gaps taken off when every plan has one)
    let mut best: Option<(f64, Vec<f64>, Option<f64>)> = None;
    let mut history = PriceLoop {
        prices: Vec::new(),
        values: Vec::new(),
    };
    for iteration in 0..settings.max_iterations {
        let specs: Vec<PointSpec> = taking
            .iter()
            .map(|i| PointSpec {
                park: *i,
                terms: priced_terms(province, totals, *i, &lambda),
            })
            .collect();
        let round = match evaluate(
            ctx,
            &taking,
            limits,
            &lambda,
            specs,
            &format!("prices: round {}", iteration + 1),
        ) {
            Ok(round) => round,
            Err(note) => {
                notes.push(format!("{note}; the loop stops"));
                break;
            }
        };
        let (value, slack_value) = (round.value, round.slack);
        let mut slope = round.slope;
        for (i, r) in taking.iter().zip(round.plans) {
            seen[*i].push(r);
        }
        for j in 0..m {
            if !active[j] {
                slope[j] = 0.0;
            }
        }
        history.prices.push(lambda.clone());
        history.values.push(value);
        if best.as_ref().is_none_or(|(v, _, _)| value > *v) {
            best = Some((value, lambda.clone(), slack_value.map(|s| value - s)));
        }
        cuts.push(Cut {
            at: lambda.clone(),
            value,
            slope: slope.clone(),
        });
        if iteration == 0 && slope.iter().all(|g| *g <= 1e-9) {
            notes.push("prices: no quota binds (every park's own plan fits); prices 0".into());
            break;
        }
        let (f_low, centre) = best
            .as_ref()
            .map(|(v, l, _)| (*v, l.clone()))
            .unwrap_or((value, lambda.clone()));
        let scale = f_low.abs().max(1.0);
        let Some((argmax, mut f_up)) = model_max(&cuts, &upper, scale) else {
            notes.push("prices: the cutting-plane LP failed; the loop stops".into());
            break;
        };
        // The box was too small when the model's maximum sits on its upper face and the cut
        // there still rises: widen it.
        let mut widened = false;
        for j in 0..m {
            if active[j] && argmax[j] >= upper[j] * (1.0 - 1e-6) && slope[j] > 0.0 {
                upper[j] *= 2.0;
                widened = true;
            }
        }
        if widened {
            match model_max(&cuts, &upper, scale) {
                Some((_, f)) => f_up = f,
                None => break,
            }
        }
        if !widened && f_up - f_low <= settings.tolerance * scale {
            notes.push(format!(
                "prices: converged in {} rounds (model bound within {:.3} % of the best dual \
                 value)",
                iteration + 1,
                100.0 * (f_up - f_low).max(0.0) / scale
            ));
            break;
        }
        let level = f_up - LEVEL * (f_up - f_low);
        match project(&cuts, &upper, scale, &centre, level) {
            Some(next) => lambda = next.iter().map(|x| x + 0.0).collect(),
            None => {
                notes.push("prices: the projection LP failed; the loop stops".into());
                break;
            }
        }
        if iteration + 1 == settings.max_iterations {
            notes.push(format!(
                "prices: stopped after {} rounds, the model's bound {:.3} % above the best \
                 dual value",
                settings.max_iterations,
                100.0 * (f_up - f_low).max(0.0) / scale
            ));
        }
    }

    // Recovery: the knapsack over every plan seen (each its park's real plan), then each park
    // solved again with its share as a bound.
    for &i in &taking {
        seen[i].push(survey.free[i].clone());
        seen[i].extend(survey.least[i].iter().flatten().cloned());
    }
    let candidates: Vec<Vec<(Vec<f64>, &PointResult)>> = (0..n)
        .map(|i| {
            seen[i]
                .iter()
                .filter(|r| r.has_plan)
                .map(|r| {
                    let levels = province.parks[i]
                        .quotas
                        .iter()
                        .zip(&r.amounts)
                        .map(|(j, a)| {
                            let q = &province.quotas[*j];
                            ceil_to(q.sign() * a, q.resolution)
                        })
                        .collect();
                    (levels, r)
                })
                .collect()
        })
        .collect();
    let cannot: Vec<bool> = others.iter().map(Option::is_some).collect();
    let room: Vec<f64> = province
        .quotas
        .iter()
        .zip(limits)
        .map(|(q, l)| q.sign() * l)
        .collect();
    let mut recovered = match choose(province, &room, &candidates, &cannot, "prices", None) {
        Ok(f) => f,
        Err(e) => {
            notes.push(format!("prices: recovery failed: {e}"));
            return (
                Found {
                    method: "prices",
                    parks: others
                        .iter()
                        .map(|o| o.clone().unwrap_or(ParkFound::Cannot))
                        .collect(),
                    prices: vec![None; m],
                    brackets: vec![None; m],
                    lower_bound_rmb: None,
                    notes,
                },
                history,
            );
        }
    };
    let fixed: Vec<(usize, PointSpec)> = taking
        .iter()
        .filter_map(|i| match &recovered.parks[*i] {
            ParkFound::Allocated { share, .. } => Some((
                *i,
                PointSpec {
                    park: *i,
                    terms: province.parks[*i]
                        .quotas
                        .iter()
                        .zip(share)
                        .map(|(j, b)| {
                            let q = &province.quotas[*j];
                            share_term(q, q.sign() * b)
                        })
                        .collect(),
                },
            )),
            _ => None,
        })
        .collect();
    let specs: Vec<PointSpec> = fixed.iter().map(|(_, s)| s.clone()).collect();
    let again = ctx.run("prices: each park at its share", &specs);
    for ((i, _), r) in fixed.iter().zip(again) {
        if let ParkFound::Allocated { plan, .. } = &mut recovered.parks[*i] {
            if r.cost().is_some_and(|c| plan.cost().is_none_or(|p| c < p)) {
                **plan = r;
            }
        }
    }
    for (i, other) in others.iter().enumerate() {
        if let Some(o) = other {
            recovered.parks[i] = o.clone();
        }
    }
    // The merit-order fill, from every park's least quota and from the knapsack's shares.
    let least: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            if others[i].is_some() {
                return Vec::new();
            }
            province.parks[i]
                .quotas
                .iter()
                .enumerate()
                .map(|(k, j)| {
                    ceil_to(
                        survey.least_amount(province, i, k),
                        province.quotas[*j].resolution,
                    )
                })
                .collect()
        })
        .collect();
    let from_knapsack: Vec<(Vec<f64>, Option<PointResult>)> = (0..n)
        .map(|i| match &recovered.parks[i] {
            ParkFound::Allocated { share, plan } => (share.clone(), Some((**plan).clone())),
            _ => (least[i].clone(), None),
        })
        .collect();
    let from_least: Vec<(Vec<f64>, Option<PointResult>)> =
        least.into_iter().map(|s| (s, None)).collect();
    let fill = FillContext {
        ctx,
        survey,
        totals,
        taking: &taking,
        limits,
        history: &history,
        seen: &seen,
    };
    for (start, label) in [
        (from_least, "least quotas"),
        (from_knapsack, "knapsack's shares"),
    ] {
        let Some(parks) = fill.run(start) else {
            continue;
        };
        let cost = |p: &[ParkFound]| p.iter().filter_map(ParkFound::cost).sum::<f64>();
        let short = |p: &[ParkFound]| {
            p.iter()
                .filter(|f| matches!(f, ParkFound::Short { .. }))
                .count()
        };
        if (short(&parks), cost(&parks)) < (short(&recovered.parks), cost(&recovered.parks)) {
            notes.push(format!(
                "prices: recovered by the merit-order fill from the parks' {label}"
            ));
            for (i, p) in parks.into_iter().enumerate() {
                if others[i].is_none() {
                    recovered.parks[i] = p;
                }
            }
        }
    }
    if let Some((_, l, bound)) = best {
        recovered.prices = (0..m).map(|j| active[j].then_some(l[j])).collect();
        recovered.lower_bound_rmb = bound;
        if bound.is_none() {
            notes.push(
                "prices: no lower bound: a priced plan has no MIP gap (stopped before its \
                 bound)"
                    .into(),
            );
        }
    }
    recovered.notes.extend(notes);
    (recovered, history)
}

/// What the merit-order fill reads.
struct FillContext<'a> {
    ctx: &'a Context<'a>,
    survey: &'a Survey,
    totals: &'a [f64],
    taking: &'a [usize],
    limits: &'a [f64],
    history: &'a PriceLoop,
    seen: &'a [Vec<PointResult>],
}

impl FillContext<'_> {
    /// The merit-order fill from `start` (each park's share, `≤` form, and its plan there if
    /// known): what is left of each quota is handed out in the order of the highest price at
    /// which a park still took more than its start, each park given its own optimum when
    /// that fits, else planned with the rest as its bound. Parks with no plan at their share
    /// are planned there. None when the start is over a total, or a park has no plan at the
    /// share it is given.
    fn run(&self, start: Vec<(Vec<f64>, Option<PointResult>)>) -> Option<Vec<ParkFound>> {
        let (ctx, survey, totals) = (self.ctx, self.survey, self.totals);
        let province = ctx.province;
        let step = |j: usize| province.quotas[j].resolution;
        let (mut share, mut plans): (Vec<Vec<f64>>, Vec<Option<PointResult>>) =
            start.into_iter().unzip();
        let mut left: Vec<f64> = self.limits.to_vec();
        for &i in self.taking {
            for (k, j) in province.parks[i].quotas.iter().enumerate() {
                left[*j] -= share[i][k];
            }
        }
        if left.iter().any(|l| *l < -1e-9) {
            return None;
        }
        // A park's priority: the highest price at which it took more than its start.
        let priority = |i: usize| -> f64 {
            let rounds = self.history.prices.len().min(self.seen[i].len());
            (0..rounds)
                .filter(|r| {
                    let used = usage(province, i, &self.seen[i][*r]);
                    province.parks[i]
                        .quotas
                        .iter()
                        .enumerate()
                        .any(|(k, j)| used[*j] > share[i][k] + 0.5 * step(*j))
                })
                .map(|r| self.history.prices[r].iter().copied().fold(0.0, f64::max))
                .fold(-1.0, f64::max)
        };
        let mut order: Vec<(usize, f64)> = self.taking.iter().map(|i| (*i, priority(*i))).collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let bounded = |i: usize, caps: &[f64]| PointSpec {
            park: i,
            terms: province.parks[i]
                .quotas
                .iter()
                .zip(caps)
                .map(|(j, b)| {
                    let q = &province.quotas[*j];
                    share_term(q, q.sign() * b)
                })
                .collect(),
        };
        for (i, wants) in order {
            let shares_left = province.parks[i]
                .quotas
                .iter()
                .any(|j| left[*j] >= 0.5 * step(*j));
            if wants < 0.0 || !shares_left {
                continue;
            }
            let caps: Vec<f64> = province.parks[i]
                .quotas
                .iter()
                .enumerate()
                .map(|(k, j)| {
                    let (_, hi) = super::curves::share_bounds(province, totals, i, k);
                    (share[i][k] + left[*j]).min(hi)
                })
                .collect();
            let fits =
                (0..caps.len()).all(|k| survey.free_amount(province, i, k) <= caps[k] + 1e-9);
            let plan = if fits {
                survey.free[i].clone()
            } else {
                let found = ctx.run("prices: merit-order fill", &[bounded(i, &caps)]);
                match found.into_iter().next().filter(|r| r.has_plan) {
                    Some(r) => r,
                    None => continue,
                }
            };
            if plans[i]
                .as_ref()
                .and_then(PointResult::cost)
                .is_some_and(|before| plan.cost().is_none_or(|after| after >= before))
            {
                continue;
            }
            let used = usage(province, i, &plan);
            for (k, j) in province.parks[i].quotas.iter().enumerate() {
                let given = ceil_to(used[*j], step(*j)).max(share[i][k]).min(caps[k]);
                left[*j] -= given - share[i][k];
                share[i][k] = given;
            }
            plans[i] = Some(plan);
        }
        let rest: Vec<usize> = self
            .taking
            .iter()
            .copied()
            .filter(|i| plans[*i].is_none())
            .collect();
        let specs: Vec<PointSpec> = rest.iter().map(|i| bounded(*i, &share[*i])).collect();
        for (i, r) in rest
            .iter()
            .zip(ctx.run("prices: parks at their start", &specs))
        {
            if !r.has_plan {
                return None;
            }
            plans[*i] = Some(r);
        }
        Some(
            (0..province.parks.len())
                .map(|i| match plans[i].take() {
                    Some(plan) if self.taking.contains(&i) => ParkFound::Allocated {
                        share: share[i].clone(),
                        plan: Box::new(plan),
                    },
                    _ => ParkFound::Cannot,
                })
                .collect(),
        )
    }
}
