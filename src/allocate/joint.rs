//! The `joint` method (formulation §7): every park's model in one MILP, with the province's
//! quota rows
//!
//! ```text
//! min Σ_p cost_p   s.t. each park's own rows,   Σ_p sign_q · amount_{p,q} ≤ sign_q · Q_q  ∀q
//! ```
//!
//! (family `province-quota`; with `min_share`, a granted share `g_{p,q} ≥ amount_{p,q}`,
//! `g_{p,q} ≥ min_share · Q_q` takes the amount's place, family `province-share`). Each park
//! keeps its own λ (read from its plan on its own) and is built on the same typical days as
//! its value curve. The quota rows' duals, from the LP with every integer fixed at the
//! solution, are the quotas' marginal values.

use super::curves::Survey;
use super::found::{Found, ParkFound};
use super::point::{measured, new_capacities, share_term, Context, PointResult};
use crate::model::frame::KRMB_PER_RMB;
use crate::model::quota::QuotaTerm;
use crate::model::{self, BuildOptions, PolicyRows};
use crate::plan::dispatch::read_solution;
use crate::plan::kpi::{evaluate, total};
use crate::plan::typical::planning_park;
use crate::solve::{self, MilpProblem, SolveError, SolveOptions};
use good_lp::{variable, Expression, ProblemVariables};

/// Why the joint model could not be made or solved.
#[derive(Debug, thiserror::Error)]
pub enum JointError {
    /// HiGHS failed, or a park's typical days could not be made.
    #[error("joint model: {0}")]
    Solve(#[from] SolveError),
}

/// Solves the joint model of the parks `taking` (those that can meet their rules and are
/// given a share), with the budgets `limits` left for them (`≤` form, per quota). Parks not
/// taking part keep `others[i]` (cannot, or short).
///
/// # Errors
/// [`JointError`] when HiGHS fails.
pub fn allocate(
    ctx: &Context,
    survey: &Survey,
    totals: &[f64],
    others: &[Option<ParkFound>],
    limits: &[f64],
) -> Result<Found, JointError> {
    let province = ctx.province;
    let taking: Vec<usize> = (0..province.parks.len())
        .filter(|i| others[*i].is_none())
        .collect();
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::default();
    let mut constraints = Vec::new();
    let mut sizing_integers = Vec::new();
    let mut operational_integers = Vec::new();
    let mut column_labels = Vec::new();
    let mut built = Vec::new();
    for &i in &taking {
        let park = planning_park(&ctx.scenarios[i])?;
        let limit = survey.free[i].intensity_limit_t_per_tce.unwrap_or(0.2);
        let terms: Vec<QuotaTerm> = province.parks[i]
            .quotas
            .iter()
            .enumerate()
            .map(|(k, j)| {
                let q = &province.quotas[*j];
                let (_, hi) = super::curves::share_bounds(province, totals, i, k);
                if hi.is_finite() {
                    share_term(q, q.sign() * hi)
                } else {
                    QuotaTerm::exposed(q.measure)
                }
            })
            .collect();
        let options = BuildOptions {
            quota: terms,
            ..BuildOptions::new(
                true,
                PolicyRows::Enforce {
                    intensity_limit: limit,
                },
            )
        };
        let m = model::build_into(vars, &park, options);
        let MilpProblem {
            vars: v,
            objective: o,
            constraints: c,
            sizing_integers: s,
            operational_integers: op,
            column_labels: l,
            ..
        } = m.problem;
        vars = v;
        objective += o;
        constraints.extend(c);
        sizing_integers.extend(s);
        operational_integers.extend(op);
        column_labels.extend(l);
        built.push((i, park, m.handles, m.quota_amounts, limit));
    }
    let mut dual_rows = Vec::new();
    for (j, q) in province.quotas.iter().enumerate() {
        let mut row = Expression::default();
        let mut any = false;
        for (i, _, _, amounts, _) in &built {
            let Some(k) = province.parks[*i].quotas.iter().position(|x| *x == j) else {
                continue;
            };
            any = true;
            let amount = amounts[k].clone() * q.sign();
            match q.min_share.get(i) {
                Some(share) => {
                    let granted = vars.add(variable().min(share * totals[j]));
                    column_labels.push(solve::ColumnLabel {
                        family: "province-share",
                        step: None,
                    });
                    constraints.push(("province-share", amount.leq(granted)));
                    row += granted;
                }
                None => row += amount,
            }
        }
        if any {
            dual_rows.push(constraints.len());
            constraints.push(("province-quota", row.leq(limits[j])));
        }
    }
    let problem = MilpProblem {
        vars,
        objective,
        constraints,
        sizing_integers,
        size_start: None,
        operational_integers,
        column_labels,
        dual_rows: dual_rows.clone(),
    };
    let options = SolveOptions {
        threads: Some(ctx.jobs as u32 * ctx.options.threads.unwrap_or(1)),
        ..ctx.options.clone()
    };
    let outcome = solve::solve(problem, &options, &mut |_: &str| {})?;
    let mut parks: Vec<ParkFound> = others
        .iter()
        .map(|o| o.clone().unwrap_or(ParkFound::Cannot))
        .collect();
    let mut notes = Vec::new();
    let Some(values) = outcome.values.as_ref() else {
        notes.push(format!(
            "the joint model has no solution ({})",
            outcome.stop_reason
        ));
        for i in taking {
            parks[i] = ParkFound::Short {
                granted: vec![0.0; province.parks[i].quotas.len()],
            };
        }
        return Ok(Found {
            method: "joint",
            parks,
            prices: vec![None; province.quotas.len()],
            brackets: vec![None; province.quotas.len()],
            lower_bound_rmb: None,
            notes,
        });
    };
    for (i, park, handles, _, limit) in &built {
        let (caps, dispatch) = read_solution(park, handles, values, None);
        let (costs, kpis) = evaluate(park, &caps, &dispatch, *limit);
        let amounts: Vec<f64> = province.parks[*i]
            .quotas
            .iter()
            .map(|j| {
                let measure = province.quotas[*j].measure;
                measured(park, measure, &caps, &kpis, Some(&dispatch))
            })
            .collect();
        let share: Vec<f64> = province.parks[*i]
            .quotas
            .iter()
            .zip(&amounts)
            .map(|(j, a)| {
                let q = &province.quotas[*j];
                let granted = q
                    .min_share
                    .get(i)
                    .map_or(f64::NEG_INFINITY, |s| s * totals[*j]);
                (q.sign() * a).max(granted)
            })
            .collect();
        let plan = PointResult {
            identity: serde_json::Value::Null,
            status: serde_json::to_value(outcome.status)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            has_plan: true,
            cost_rmb_per_yr: Some(total(&costs)),
            mip_gap: outcome.mip_gap,
            amounts,
            new_capacities: new_capacities(Some(&caps)),
            intensity_t_per_tce: Some(kpis.intensity_t_per_tce),
            intensity_limit_t_per_tce: Some(*limit),
            clean_share: Some(kpis.clean_share),
            shortfalls: Vec::new(),
            error: None,
            seconds: outcome.solve_seconds,
        };
        parks[*i] = ParkFound::Allocated {
            share,
            plan: Box::new(plan),
        };
    }
    // Duals: kRMB per unit of the row's right-hand side; a `≤` row's dual is ≤ 0 when more
    // room lowers the cost, so the marginal value is −dual, in RMB.
    let mut prices = vec![None; province.quotas.len()];
    if let Some(duals) = &outcome.row_duals {
        let mut d = duals.iter();
        for (j, price) in prices.iter_mut().enumerate() {
            let shared = built
                .iter()
                .any(|(i, ..)| province.parks[*i].quotas.contains(&j));
            if shared {
                *price = d.next().map(|v| -v / KRMB_PER_RMB + 0.0);
            }
        }
    }
    let lower_bound_rmb = outcome
        .objective_krmb
        .zip(outcome.mip_gap)
        .map(|(o, g)| o * (1.0 - g) / KRMB_PER_RMB);
    notes.push(format!("joint model: {}", outcome.stop_reason));
    Ok(Found {
        method: "joint",
        parks,
        prices,
        brackets: vec![None; province.quotas.len()],
        lower_bound_rmb,
        notes,
    })
}
