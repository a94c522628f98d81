//! A pathway with perfect foresight: every stage's park model (on its typical days when the
//! scenario has them) built into one MILP over shared variables, the sizes linked so that
//! capacity only grows from stage to stage, and one objective: the discounted sum over the
//! stages of each stage's operation plus the annuities of what was built up to it, each
//! build priced in the stage it is made (PyPSA's multi-period convention for annualised
//! investment; the myopic module's docs give the reading).
//!
//! A stage model's new sizes count capacity beyond what the scenario says exists; its
//! objective prices all of them at that stage's annuity `a_s`. The pathway's objective
//! replaces that term by the builds' own prices:
//! `Σ_s w_s · (obj_s − Σ_k a_{s,k} n_{s,k} + Σ_{j≤s} Σ_k a_{j,k} (n_{j,k} − n_{j−1,k}))`,
//! with `n_{s,k} ≥ n_{s−1,k}` (no retirement inside the horizon), `w_s` the stage's discount
//! weight and `a_{s,k}` the coefficient of size `k` in stage `s`'s objective (capital, fixed
//! O&M and stack replacement per unit).

use super::{discount_weight, stage_overrides, stage_years, StageRow};
use crate::model::frame::KRMB_PER_RMB;
use crate::model::{self, BuildOptions, PolicyRows};
use crate::plan::dispatch::read_solution;
use crate::plan::kpi::{evaluate, total};
use crate::plan::typical::planning_park;
use crate::scenario::pathway::PathwaySpec;
use crate::scenario::{LoadedScenario, Park};
use crate::solve::{self, MilpProblem, SolveOptions};
use crate::study::{StudyBase, StudyError};
use good_lp::{Expression, IntoAffineExpression, ProblemVariables, Variable};
use std::collections::HashMap;

/// One stage built into the joint model.
struct BuiltStage {
    park: Park,
    handles: model::Handles,
    limit: f64,
    /// Each size's name, column and annuity per unit in this stage, kRMB/yr.
    sizes: Vec<(String, Variable, f64)>,
}

/// Plans the pathway `spec` of `base` with perfect foresight: the stages' rows for
/// `pathway.csv` and a note on how the solve ended.
///
/// # Errors
/// [`StudyError`] for a stage's bad input, stages whose sizes differ, or HiGHS failing.
pub fn plan(
    base: &StudyBase,
    written: &LoadedScenario,
    file: &str,
    spec: &PathwaySpec,
    rate: f64,
    options: &SolveOptions,
) -> Result<(Vec<StageRow>, String), StudyError> {
    let first = spec.stages[0].year;
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::default();
    let mut constraints = Vec::new();
    let mut sizing_integers = Vec::new();
    let mut operational_integers = Vec::new();
    let mut column_labels = Vec::new();
    let mut built: Vec<BuiltStage> = Vec::new();
    let mut weights = Vec::new();
    for (i, stage) in spec.stages.iter().enumerate() {
        let label = format!("stage-{}", stage.year);
        let overrides = stage_overrides(written, file, &base.doc, i, stage, None)?;
        let loaded = base.load(&label, &overrides)?;
        let park = planning_park(&loaded).map_err(|source| StudyError::Solve {
            label: label.clone(),
            source,
        })?;
        let solve_error = |source| StudyError::Solve {
            label: label.clone(),
            source,
        };
        let limit = crate::plan::baseline_stage(&park, options, &mut |_: &str| {})
            .map_err(solve_error)?
            .limit;
        let m = model::build_into(
            vars,
            &park,
            BuildOptions::new(
                true,
                PolicyRows::Enforce {
                    intensity_limit: limit,
                },
            ),
        );
        let coefficients: HashMap<Variable, f64> =
            (&m.problem.objective).linear_coefficients().collect();
        let sizes: Vec<(String, Variable, f64)> = m
            .handles
            .sizes(&park)
            .into_iter()
            .map(|s| {
                let a = coefficients.get(&s.var).copied().unwrap_or(0.0);
                (s.name, s.var, a)
            })
            .collect();
        let w = discount_weight(rate, stage.year - first, stage_years(spec, i));
        let MilpProblem {
            vars: v,
            objective: o,
            constraints: c,
            sizing_integers: si,
            operational_integers: op,
            column_labels: l,
            ..
        } = m.problem;
        vars = v;
        objective += o * w;
        constraints.extend(c);
        sizing_integers.extend(si);
        operational_integers.extend(op);
        column_labels.extend(l);
        // The stage's objective prices all its new sizes n_s at a_s; the pathway prices each
        // build at the stage it is made: + w·(Σ_{j<s} a_j·(n_j − n_{j−1}) − a_s·n_{s−1}).
        for (name, var, a) in &sizes {
            let earlier: Vec<(Variable, f64)> = built
                .iter()
                .enumerate()
                .map(|(j, b)| {
                    b.sizes
                        .iter()
                        .find(|(n, _, _)| n == name)
                        .map(|(_, v, a)| (*v, *a))
                        .ok_or_else(|| {
                            StudyError::Invalid(vec![format!(
                                "{file}: pathway.stages[{i}]: {name} is not a size of stage {} \
                                 (every stage must have the same technologies)",
                                spec.stages[j].year
                            )])
                        })
                })
                .collect::<Result<_, _>>()?;
            for (j, (var_j, a_j)) in earlier.iter().enumerate() {
                objective += *var_j * (w * a_j);
                if let Some((var_before, _)) = j.checked_sub(1).map(|k| earlier[k]) {
                    objective -= var_before * (w * a_j);
                }
            }
            if let Some((var_before, _)) = earlier.last() {
                objective -= *var_before * (w * a);
                constraints.push(("pathway-growth", (*var - *var_before).geq(0.0)));
            }
        }
        weights.push(w);
        built.push(BuiltStage {
            park,
            handles: m.handles,
            limit,
            sizes,
        });
    }
    let problem = MilpProblem {
        vars,
        objective,
        constraints,
        sizing_integers,
        operational_integers,
        column_labels,
        dual_rows: Vec::new(),
    };
    let outcome =
        solve::solve(problem, options, &mut |_: &str| {}).map_err(|source| StudyError::Solve {
            label: "pathway".into(),
            source,
        })?;
    let note = format!("one model over all stages: {}", outcome.stop_reason);
    let status = serde_json::to_value(outcome.status)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let Some(values) = outcome
        .values
        .as_ref()
        .filter(|_| outcome.status.has_plan())
    else {
        let rows = spec
            .stages
            .iter()
            .enumerate()
            .map(|(i, stage)| StageRow {
                name: format!("stage-{}", stage.year),
                year: stage.year,
                years: stage_years(spec, i),
                status: status.clone(),
                has_plan: false,
                intensity_limit_t_per_tce: built[i].limit,
                intensity_t_per_tce: None,
                clean_share: None,
                own_cost_rmb_per_yr: None,
                carried_rmb_per_yr: 0.0,
                discount_weight_yr: weights[i],
                capacities: serde_json::Value::Null,
                shortfalls: vec![format!(
                    "no plan meets every stage's rules ({}); plan with foresight: myopic to \
                     see the first stage that cannot",
                    outcome.stop_reason
                )],
            })
            .collect();
        return Ok((rows, note));
    };
    use good_lp::Solution;
    let rmb = |krmb: f64| krmb / KRMB_PER_RMB;
    let mut rows = Vec::new();
    let mut carried_krmb = 0.0;
    let mut previous: Option<serde_json::Value> = None;
    for (i, (stage, b)) in spec.stages.iter().zip(&built).enumerate() {
        let (caps, dispatch) = read_solution(&b.park, &b.handles, values, None);
        let (costs, kpis) = evaluate(&b.park, &caps, &dispatch, b.limit);
        // Annuities of the stage's new sizes at its own price, and of its builds.
        let mut all_new_krmb = 0.0;
        let mut builds_krmb = 0.0;
        for (name, var, a) in &b.sizes {
            let now = values.value(*var);
            let before = i
                .checked_sub(1)
                .and_then(|k| built[k].sizes.iter().find(|(n, _, _)| n == name))
                .map_or(0.0, |(_, v, _)| values.value(*v));
            all_new_krmb += a * now;
            builds_krmb += a * (now - before);
        }
        let own = total(&costs) - rmb(all_new_krmb) + rmb(builds_krmb);
        // Sizes as plan.json gives them, the `*_new_*` parts as built in this stage.
        let mut capacities = serde_json::to_value(&caps).unwrap_or(serde_json::Value::Null);
        let cumulative = capacities.clone();
        if let (Some(map), Some(before)) = (capacities.as_object_mut(), previous.as_ref()) {
            for (key, value) in map.iter_mut() {
                if key.contains("_new_") {
                    if let (Some(now), Some(was)) = (value.as_f64(), before[key].as_f64()) {
                        *value = serde_json::Value::from(now - was);
                    }
                }
            }
        }
        previous = Some(cumulative);
        rows.push(StageRow {
            name: format!("stage-{}", stage.year),
            year: stage.year,
            years: stage_years(spec, i),
            status: status.clone(),
            has_plan: true,
            intensity_limit_t_per_tce: b.limit,
            intensity_t_per_tce: Some(kpis.intensity_t_per_tce),
            clean_share: Some(kpis.clean_share),
            own_cost_rmb_per_yr: Some(own),
            carried_rmb_per_yr: rmb(carried_krmb),
            discount_weight_yr: weights[i],
            capacities,
            shortfalls: Vec::new(),
        });
        carried_krmb += builds_krmb;
    }
    Ok((rows, note))
}
