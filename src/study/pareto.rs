//! `zcpark pareto`: the least-cost plan for a series of intensity limits λ, from the
//! baseline's intensity down to the lowest the park can reach (the ε-constraint method), with
//! the marginal abatement cost between neighbouring points.
//!
//! The ends come from two probe solves: λ = [`LIMIT_UNBOUND`] (the rule cannot bind; its
//! baseline gives the top, the baseline's intensity) and λ = 0 (infeasible unless the park
//! can reach zero; the planner's diagnosis reports the lowest reachable intensity for rule
//! `carbon-intensity`, and the last point is a hair above it, × (1 + [`ABOVE_REACHABLE`])).
//! The first point is the baseline's intensity, where the rule cannot bind: the
//! unconstrained plan. The others are evenly spaced from the unconstrained plan's own
//! intensity (where the rule starts to bind; the baseline's when the unconstrained plan does
//! not lower it) down to the last, and the national limits ([`MARKED_LIMITS`]) that lie in
//! between are added, so the curve is planned where it bends and where the rule sits (spaced
//! from the baseline, seven of the shipped example's eight points were the unconstrained
//! plan). A point whose limit the unconstrained plan already meets takes that plan, so it is
//! not solved again.

use super::{
    printed_capacities, set_number, write_study, Point, Solver, StudyArgs, StudyBase, StudyError,
};
use crate::batch::table::{number_cell, Table};
use crate::report::chart::LineChart;
use crate::report::lang::{pick, Lang};
use crate::scenario::overrides::Override;
use crate::solve::{SolveOptions, SolveStatus};

/// The path of the intensity limit in a scenario.
pub const LIMIT_PATH: &str = "rules.intensity_limit";
/// A λ that never binds: the largest the scenario format accepts, t/tce.
pub const LIMIT_UNBOUND: f64 = 10.0;
/// How far above the lowest reachable intensity the last point lies (relative).
pub const ABOVE_REACHABLE: f64 = 1e-4;
/// Limits of the national rule marked on the chart, t/tce.
pub const MARKED_LIMITS: [f64; 2] = [0.2, 0.3];

/// One point of the curve.
#[derive(Debug, Clone)]
pub struct ParetoPoint {
    /// The limit λ, t CO2/tce.
    pub limit_t_per_tce: f64,
    /// The plan.
    pub point: Point,
    /// Set when the plan was taken from another solve (the rule does not bind).
    pub note: String,
}

/// The curve and its ends.
#[derive(Debug, Clone)]
pub struct Pareto {
    /// Intensity of the baseline (no new investment), t/tce: the first limit.
    pub baseline_intensity_t_per_tce: f64,
    /// Lowest intensity the park can reach, t/tce.
    pub lowest_reachable_t_per_tce: f64,
    /// The points, limit falling.
    pub points: Vec<ParetoPoint>,
}

fn limit_override(limit: f64) -> Override {
    set_number(LIMIT_PATH, limit)
}

fn point_name(index: usize, limit: f64) -> String {
    format!("p{index:02}_limit={limit:.6}")
}

fn intensity(point: &Point) -> Option<f64> {
    point
        .outcome
        .report
        .kpis
        .as_ref()
        .map(|k| k.intensity_t_per_tce)
}

/// Traces the curve with `count` points (at least 2).
pub fn trace(base: &StudyBase, count: usize, options: &SolveOptions) -> Result<Pareto, StudyError> {
    if count < 2 {
        return Err(StudyError::Invalid(vec![format!(
            "--points: must be >= 2 (the two ends), got {count}"
        )]));
    }
    let mut solver = Solver::new(base, options);
    let result = trace_with(&mut solver, count);
    solver.finish();
    result
}

fn trace_with(solver: &mut Solver, count: usize) -> Result<Pareto, StudyError> {
    let free = solver.solve("unconstrained", &[limit_override(LIMIT_UNBOUND)])?;
    let report = &free.outcome.report;
    if !free.ok() {
        return Err(StudyError::Unusable(format!(
            "the scenario has no plan even with the intensity limit at {LIMIT_UNBOUND} t/tce \
             (status {}): {}",
            free.status(),
            report
                .infeasibility
                .iter()
                .map(|i| i.message.clone())
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    let top = report
        .baseline
        .kpis
        .as_ref()
        .map(|k| k.intensity_t_per_tce)
        .ok_or_else(|| {
            StudyError::Unusable("the baseline has no solution, so its intensity is unknown".into())
        })?;

    let zero = solver.solve("lowest", &[limit_override(0.0)])?;
    let (lowest, last_limit, zero_point) = match zero.outcome.report.status {
        SolveStatus::Optimal | SolveStatus::TimeLimit | SolveStatus::NearOptimal => {
            (0.0, 0.0, Some(zero))
        }
        SolveStatus::Infeasible => {
            let reachable = zero
                .outcome
                .report
                .infeasibility
                .iter()
                .find(|i| i.rule == "carbon-intensity")
                .map(|i| i.reachable)
                .ok_or_else(|| {
                    StudyError::Unusable(format!(
                        "with the intensity limit at 0 the plan is infeasible for another \
                         reason: {}",
                        zero.outcome
                            .report
                            .infeasibility
                            .iter()
                            .map(|i| i.message.clone())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ))
                })?;
            (reachable, reachable * (1.0 + ABOVE_REACHABLE), None)
        }
        _ => {
            return Err(StudyError::Unusable(format!(
                "the solve with the intensity limit at 0 ended with status {} (raise \
                 --time-limit?)",
                zero.status()
            )))
        }
    };
    if last_limit >= top {
        return Err(StudyError::Unusable(format!(
            "nothing to trace: the lowest reachable intensity ({lowest:.6} t/tce) is not \
             below the baseline's ({top:.6} t/tce)"
        )));
    }

    let free_intensity = intensity(&free).unwrap_or(f64::INFINITY);
    // The note is written in the study's language, as its charts are.
    let lang = free.loaded.resolved.spec.report.lang.unwrap_or_default();
    let not_binding = match lang {
        Lang::En => {
            format!("limit not binding: the unconstrained plan ({free_intensity:.4} t/tce)")
        }
        Lang::Zh => format!("限值不起约束作用：即不受此限的方案（{free_intensity:.4} tCO2/tce）"),
    };
    let mut points = Vec::with_capacity(count);
    for (i, limit) in limits(top, free_intensity, last_limit, count)
        .into_iter()
        .enumerate()
    {
        let name = point_name(i, limit);
        let (point, note) = if free_intensity <= limit {
            let mut p = free.clone();
            p.name = name;
            (p, not_binding.clone())
        } else if let (Some(p), true) = (&zero_point, limit == last_limit) {
            let mut p = p.clone();
            p.name = name;
            (p, String::new())
        } else {
            (
                solver.solve(&name, &[limit_override(limit)])?,
                String::new(),
            )
        };
        points.push(ParetoPoint {
            limit_t_per_tce: limit,
            point,
            note,
        });
    }
    Ok(Pareto {
        baseline_intensity_t_per_tce: top,
        lowest_reachable_t_per_tce: lowest,
        points,
    })
}

/// The limits of the curve, falling and distinct, t/tce: the baseline's intensity `top`,
/// then `count − 1` evenly spaced from the unconstrained plan's intensity `free` down to
/// `last`, the first a step below it, the last `last` (from `top` where `free` is not
/// between `last` and `top`: nothing binds below an unconstrained plan already at the
/// lowest); and each of [`MARKED_LIMITS`] strictly between that start and `last` that is
/// not already one of them.
fn limits(top: f64, free: f64, last: f64, count: usize) -> Vec<f64> {
    // Where the unconstrained plan is already at (or a hair above) the last limit, nothing
    // binds below it: spaced from the baseline's, as there is no other range.
    let start = if free > last * (1.0 + 1e-6) && free < top {
        free
    } else {
        top
    };
    let mut limits: Vec<f64> = (0..count)
        .map(|i| match i {
            0 => top,
            i if i + 1 == count => last,
            i => start + (last - start) * i as f64 / (count - 1) as f64,
        })
        .collect();
    for marked in MARKED_LIMITS {
        let taken = limits
            .iter()
            .any(|l| (l - marked).abs() <= 1e-9 * marked.max(1.0));
        if marked < start && marked > last && !taken {
            limits.push(marked);
        }
    }
    limits.sort_by(|a, b| b.total_cmp(a));
    limits.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * b.abs().max(1.0));
    limits
}

/// Marginal abatement cost from point `i − 1` to `i`: Δcost / Δemissions, RMB/t.
pub fn marginal_abatement_cost(previous: &Point, next: &Point) -> Option<f64> {
    let em = |p: &Point| p.outcome.report.kpis.as_ref().map(|k| k.emissions_t);
    let (c0, c1) = (previous.objective()?, next.objective()?);
    let (e0, e1) = (em(previous)?, em(next)?);
    let abated = e0 - e1;
    (abated.abs() > 1e-9 * e0.abs().max(1.0)).then(|| (c1 - c0) / abated)
}

/// The curve as a table, one row per point.
pub fn table(pareto: &Pareto) -> Table {
    let all: Vec<&Point> = pareto.points.iter().map(|p| &p.point).collect();
    let capacity_names: Vec<String> = {
        let mut names = Vec::new();
        for p in &all {
            for (name, _) in p.capacities() {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    };
    let mut header: Vec<String> = [
        "point",
        "limit_t_per_tce",
        "status",
        "objective_rmb_per_yr",
        "intensity_t_per_tce",
        "emissions_t",
        "clean_share",
        "marginal_abatement_cost_rmb_per_t",
    ]
    .map(String::from)
    .to_vec();
    header.extend(capacity_names.iter().cloned());
    header.push("note".into());
    let mut t = Table::new(header);
    for (i, p) in pareto.points.iter().enumerate() {
        let kpis = p
            .point
            .outcome
            .report
            .kpis
            .as_ref()
            .filter(|_| p.point.ok());
        let mut row = vec![
            p.point.name.clone(),
            number_cell(Some(p.limit_t_per_tce)),
            p.point.status(),
            number_cell(p.point.objective()),
            number_cell(kpis.map(|k| k.intensity_t_per_tce)),
            number_cell(kpis.map(|k| k.emissions_t)),
            number_cell(kpis.map(|k| k.clean_share)),
            number_cell(
                i.checked_sub(1)
                    .and_then(|j| marginal_abatement_cost(&pareto.points[j].point, &p.point)),
            ),
        ];
        let caps = p.point.capacities();
        for name in &capacity_names {
            let v = caps.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
            row.push(number_cell(v.filter(|_| p.point.ok())));
        }
        row.push(p.note.clone());
        t.rows.push(row);
    }
    t
}

/// The Pareto chart: annual cost against intensity, the national limits marked.
pub fn chart(pareto: &Pareto, scenario: &str, lang: Lang) -> LineChart {
    // Costs in M RMB/yr, in Chinese in 亿元/年.
    let (unit, rmb_per_unit) = crate::report::units::chart_money_per_yr(lang);
    let y_label = format!("{}{unit}", pick(lang, "annual cost, ", "年化成本，"));
    LineChart {
        title: match lang {
            Lang::En => format!("{scenario}: least annual cost against carbon intensity"),
            Lang::Zh => format!("{scenario}：最低年化成本与单位能耗碳排放"),
        },
        x_label: pick(
            lang,
            "carbon intensity of energy use, t CO2/tce",
            "单位能耗碳排放，tCO2/tce",
        )
        .into(),
        y_label,
        points: pareto
            .points
            .iter()
            .filter_map(|p| Some((intensity(&p.point)?, p.point.objective()? / rmb_per_unit)))
            .collect(),
        markers: MARKED_LIMITS
            .iter()
            .map(|l| (*l, format!("{l} {}", pick(lang, "t/tce", "tCO2/tce"))))
            .collect(),
    }
}

/// `zcpark pareto`: prints the table and writes `pareto.csv`, `pareto.svg` and the points'
/// plans under `out`; 0 when every point found a plan, 1 otherwise, 2 on bad input.
pub fn command(args: &StudyArgs, count: usize) -> i32 {
    if let Some(code) = args.refuse_out() {
        return code;
    }
    let options = args.solve_options();
    let result = StudyBase::read(args.source(), &args.overrides())
        .and_then(|base| trace(&base, count, &options));
    let pareto = match result {
        Ok(p) => p,
        Err(e) => {
            e.print();
            return e.exit_code();
        }
    };
    let scenario = pareto
        .points
        .first()
        .map(|p| p.point.outcome.report.scenario.clone())
        .unwrap_or_default();
    crate::outln!(
        "zcpark pareto: {scenario}: baseline intensity {:.4} t/tce, lowest reachable {:.4} t/tce",
        pareto.baseline_intensity_t_per_tce,
        pareto.lowest_reachable_t_per_tce
    );
    let t = table(&pareto);
    let points: Vec<&Point> = pareto.points.iter().map(|p| &p.point).collect();
    let mut columns: Vec<String> = [
        "point",
        "limit_t_per_tce",
        "status",
        "objective_rmb_per_yr",
        "intensity_t_per_tce",
        "marginal_abatement_cost_rmb_per_t",
    ]
    .map(String::from)
    .to_vec();
    columns.extend(printed_capacities(&points));
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    crate::out!("{}", t.rounded().to_text(&columns));
    if let Some(dir) = &args.out {
        let lang = pareto
            .points
            .first()
            .and_then(|p| p.point.loaded.resolved.spec.report.lang)
            .unwrap_or_default();
        let written = chart(&pareto, &scenario, lang)
            .to_svg()
            .map_err(StudyError::from)
            .and_then(|svg| write_study(dir, "pareto", &t, &svg, &points));
        match written {
            Ok(files) => {
                for f in files {
                    crate::outln!("written: {}", f.display());
                }
            }
            Err(e) => {
                e.print();
                return e.exit_code();
            }
        }
    }
    if points.iter().all(|p| p.ok()) {
        0
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_limits(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len(), "{got:?} against {want:?}");
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{got:?} against {want:?}");
        }
    }

    /// Spaced from the unconstrained plan's intensity, not the baseline's: the shipped
    /// example's baseline is 2.25 t/tce, its unconstrained plan 0.212, its lowest 0; 0.2 lies
    /// between and is added.
    #[test]
    fn limits_are_spaced_below_the_unconstrained_plan_with_the_national_limits() {
        assert_limits(
            &limits(2.25, 0.212, 0.0, 5),
            &[2.25, 0.2, 0.159, 0.106, 0.053, 0.0],
        );
        // 0.3 is already a point; 0.2 is added.
        assert_limits(&limits(2.0, 0.5, 0.1, 3), &[2.0, 0.3, 0.2, 0.1]);
        // Where the unconstrained plan does not lower the intensity, the points are spaced
        // from the baseline's, as before.
        assert_limits(&limits(1.5, 1.5, 1.0, 3), &[1.5, 1.25, 1.0]);
        // Where it is already at the lowest (or below the last limit, a hair above the
        // lowest), no range is left below it: spaced from the baseline's, all distinct.
        assert_limits(&limits(2.0, 0.0, 0.0, 3), &[2.0, 1.0, 0.3, 0.2, 0.0]);
        assert_limits(&limits(2.0, 0.09995, 0.1, 3), &[2.0, 1.05, 0.3, 0.2, 0.1]);
    }
}
