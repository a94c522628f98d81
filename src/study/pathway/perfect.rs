//! A pathway with perfect foresight: every stage's park model (on its typical days when the
//! scenario has them) built into one MILP over shared variables, the sizes linked so that
//! capacity only grows from stage to stage, and one objective: the discounted sum over the
//! stages of each stage's operation plus the annuities of what was built up to it, each
//! build priced in the stage it is made (PyPSA's multi-period convention for annualised
//! investment; the myopic module's docs give the reading).
//!
//! A stage model's new sizes `n_{s,k}` count capacity beyond what the scenario says exists;
//! its objective prices all of them at that stage's annuity `a_{s,k}`. The pathway adds the
//! builds `b_{j,k} ≥ 0` of each stage, links each stage's sizes to the builds still in
//! service, `n_{s,k} = Σ_{j ≤ s, alive(j, s, k)} b_{j,k}` ([`super::vintage::in_service`]
//! with the life of size `k` in stage `j`'s catalogue), and replaces the stage's capital
//! term by the builds' own prices:
//! `Σ_s w_s · (obj_s − Σ_k a_{s,k} n_{s,k} + Σ_k Σ_{j ≤ s, alive(j, s, k)} a_{j,k} b_{j,k})`,
//! with `w_s` the stage's discount weight and `a_{s,k}` the coefficient of size `k` in stage
//! `s`'s objective (capital, fixed O&M and stack replacement per unit). Without retirements
//! `b_{s,k} = n_{s,k} − n_{s−1,k}`: capacity only grows. Builds of whole units are whole
//! without being declared integer: `b_{s,k}` is `n_{s,k}` less earlier whole builds.

use super::vintage::{self, in_service, Vintage};
use super::{discount_weight, stage_overrides, stage_years, StageRow};
use crate::model::frame::KRMB_PER_RMB;
use crate::model::{self, BuildOptions, PolicyRows};
use crate::plan::design::slots;
use crate::plan::dispatch::read_solution;
use crate::plan::kpi::{evaluate, total};
use crate::plan::typical::{checks_full_year, operate_full_year, planning_park};
use crate::scenario::pathway::PathwaySpec;
use crate::scenario::{LoadedScenario, Park};
use crate::solve::{self, MilpProblem, SolveOptions, SolveStatus};
use crate::study::{StudyBase, StudyError};
use good_lp::{variable, Expression, IntoAffineExpression, ProblemVariables, Variable};
use std::collections::{BTreeMap, HashMap};

/// One size of one stage in the joint model.
struct StageSize {
    /// The model's column name (`pv_new_mw`).
    name: String,
    /// New capacity in service in the stage, `n_{s,k}`.
    in_service: Variable,
    /// Built at the stage's start, `b_{s,k}`.
    built: Variable,
    /// Annuity (with fixed O&M) per unit built in this stage, kRMB/yr.
    annuity_krmb: f64,
    /// Economic life of what this stage builds, years.
    lifetime_yr: f64,
    /// Counted in whole units.
    whole: bool,
}

/// One stage built into the joint model.
struct BuiltStage {
    year: u32,
    park: Park,
    /// The stage's full-year park, when its plan is made on typical days and checked on the
    /// full year.
    full_year: Option<Park>,
    handles: model::Handles,
    limit: f64,
    sizes: Vec<StageSize>,
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
        let overrides = stage_overrides(written, file, &base.doc, spec, i, Vec::new())?;
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
        let lives = slots(&park);
        let MilpProblem {
            vars: mut v,
            objective: o,
            constraints: c,
            sizing_integers: si,
            operational_integers: op,
            column_labels: l,
            ..
        } = m.problem;
        column_labels.extend(l);
        let mut sizes = Vec::new();
        for size in m.handles.sizes(&park) {
            let lifetime_yr = lives
                .iter()
                .find(|slot| slot.column == size.name)
                .map(|slot| slot.lifetime_yr)
                .ok_or_else(|| {
                    StudyError::Unusable(format!(
                        "{file}: pathway.stages[{i}]: {} has no life in the catalogue",
                        size.name
                    ))
                })?;
            let built = v.add(variable().min(0.0));
            column_labels.push(solve::ColumnLabel {
                family: "pathway-build",
                step: None,
            });
            sizes.push(StageSize {
                annuity_krmb: coefficients.get(&size.var).copied().unwrap_or(0.0),
                name: size.name,
                in_service: size.var,
                built,
                lifetime_yr,
                whole: size.whole,
            });
        }
        vars = v;
        let w = discount_weight(rate, stage.year - first, stage_years(spec, i));
        objective += o * w;
        constraints.extend(c);
        sizing_integers.extend(si);
        operational_integers.extend(op);
        // Each size in service is the builds still alive; the stage's objective priced it at
        // a_s: the pathway prices each build alive in the stage at its own stage's annuity.
        for size in &sizes {
            let mut alive = Expression::from(size.built);
            objective += size.built * (w * size.annuity_krmb);
            for b in &built {
                let earlier = b
                    .sizes
                    .iter()
                    .find(|e| e.name == size.name)
                    .ok_or_else(|| {
                        StudyError::Invalid(vec![format!(
                            "{file}: pathway.stages[{i}]: {} is not a size of stage {} \
                             (every stage must have the same technologies)",
                            size.name, b.year
                        )])
                    })?;
                if in_service(b.year, stage.year, earlier.lifetime_yr) {
                    alive += earlier.built;
                    objective += earlier.built * (w * earlier.annuity_krmb);
                }
            }
            objective -= size.in_service * (w * size.annuity_krmb);
            constraints.push(("pathway-vintage", (size.in_service - alive).eq(0.0)));
        }
        weights.push(w);
        let check = checks_full_year(&loaded);
        built.push(BuiltStage {
            year: stage.year,
            full_year: check.then(|| loaded.park.clone()),
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
        size_start: None,
        operational_integers,
        column_labels,
        dual_rows: Vec::new(),
    };
    // Checked on each stage's full year, the joint typical-day plan is a sizing, as each
    // myopic stage's is: the same sizing gap.
    let joint_options = if built.iter().all(|b| b.full_year.is_some()) {
        crate::plan::typical::sizing(options)
    } else {
        options.clone()
    };
    let outcome = solve::solve(problem, &joint_options, &mut |_: &str| {}).map_err(|source| {
        StudyError::Solve {
            label: "pathway".into(),
            source,
        }
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
                retired: Default::default(),
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
    let mut vintages: Vec<Vintage> = Vec::new();
    let mut estimate_rmb = 0.0;
    let mut checked = 0;
    for (i, (stage, b)) in spec.stages.iter().zip(&built).enumerate() {
        let (caps, dispatch) = read_solution(&b.park, &b.handles, values, None);
        let (costs, kpis) = evaluate(&b.park, &caps, &dispatch, b.limit);
        // Whole sizes rounded; a solver's 1e-11 of a continuous size is none.
        let whole = |size: &StageSize, v: f64| {
            if size.whole {
                v.round()
            } else if v.abs() < 1e-6 {
                0.0
            } else {
                v.max(0.0)
            }
        };
        let amount = |size: &StageSize| whole(size, values.value(size.built));
        // The stage's capital term at its own price replaced by its builds' (as in the
        // objective); what earlier stages built and is still in service is carried.
        let mut in_service_krmb = 0.0;
        let mut builds_krmb = 0.0;
        let mut sizes = BTreeMap::new();
        for size in &b.sizes {
            let in_service = whole(size, values.value(size.in_service));
            in_service_krmb += size.annuity_krmb * in_service;
            builds_krmb += size.annuity_krmb * amount(size);
            sizes.insert(size.name.clone(), in_service + 0.0);
        }
        let carried_krmb: f64 = built[..i]
            .iter()
            .flat_map(|e| e.sizes.iter().map(move |size| (e.year, size)))
            .filter(|(year, size)| in_service(*year, stage.year, size.lifetime_yr))
            .map(|(_, size)| size.annuity_krmb * amount(size))
            .sum();
        let restate = |costs: &crate::plan::kpi::Costs| {
            total(costs) - rmb(in_service_krmb) + rmb(builds_krmb)
        };
        estimate_rmb += (restate(&costs) + rmb(carried_krmb)) * weights[i];
        // On typical days: the stage's sizes operated on its full year give its figures.
        let mut stage_status = status.clone();
        let (own, intensity, clean_share, shortfalls) = match &b.full_year {
            Some(full) => {
                checked += 1;
                let operation =
                    operate_full_year(full, sizes, b.limit, options).map_err(|source| {
                        StudyError::Solve {
                            label: format!("stage-{} full-year check", stage.year),
                            source,
                        }
                    })?;
                if !operation.shortfalls.is_empty() {
                    stage_status = match operation.status {
                        SolveStatus::TimeLimitNoSolution => "time_limit_on_full_year".into(),
                        _ => "short_on_full_year".into(),
                    };
                }
                (
                    operation.costs.as_ref().map(restate),
                    operation.kpis.as_ref().map(|k| k.intensity_t_per_tce),
                    operation.kpis.as_ref().map(|k| k.clean_share),
                    operation
                        .shortfalls
                        .iter()
                        .map(|s| format!("on the full year: {s}"))
                        .collect(),
                )
            }
            None => (
                Some(restate(&costs)),
                Some(kpis.intensity_t_per_tce),
                Some(kpis.clean_share),
                Vec::new(),
            ),
        };
        // Sizes as plan.json gives them, the `*_new_*` parts as built in this stage.
        let mut capacities = serde_json::to_value(&caps).unwrap_or(serde_json::Value::Null);
        if let Some(map) = capacities.as_object_mut() {
            for size in &b.sizes {
                if let Some(value) = map.get_mut(vintage::capacity_key(&size.name)) {
                    *value = serde_json::Value::from(0.0);
                }
            }
            for size in &b.sizes {
                if let Some(value) = map.get_mut(vintage::capacity_key(&size.name)) {
                    *value = serde_json::Value::from(value.as_f64().unwrap_or(0.0) + amount(size));
                }
            }
        }
        let retired = i
            .checked_sub(1)
            .map(|j| vintage::retired(&vintages, spec.stages[j].year, stage.year))
            .unwrap_or_default();
        vintages.push(Vintage {
            year: stage.year,
            built: b
                .sizes
                .iter()
                .map(|size| (size.name.clone(), amount(size), size.lifetime_yr))
                .collect(),
        });
        rows.push(StageRow {
            name: format!("stage-{}", stage.year),
            year: stage.year,
            years: stage_years(spec, i),
            status: stage_status,
            has_plan: true,
            intensity_limit_t_per_tce: b.limit,
            intensity_t_per_tce: intensity,
            clean_share,
            own_cost_rmb_per_yr: own,
            carried_rmb_per_yr: rmb(carried_krmb),
            discount_weight_yr: weights[i],
            capacities,
            shortfalls,
            retired,
        });
    }
    let note = if checked > 0 {
        format!(
            "{note}; present cost on typical days {:.2} M RMB; the figures below are each \
             stage's sizes operated on its full year ({checked} stage(s) checked)",
            estimate_rmb / 1e6
        )
    } else {
        note
    };
    Ok((rows, note))
}
