//! The staged strategy: LP relaxation, hourly integers rounded, size candidates, the bound
//! lifted by branching on sizes, then HiGHS's branch-and-bound from the best point.

use super::highs_model::{Run, Solver};
use super::size_branching::{size_branching_bound, SizeBranching, SizeNode};
use super::{
    ColumnIndex, IntegerColumn, OperationalInteger, SizingInteger, SolveError, SolveOptions,
    SolveStatus, StopReason, Strategy, Values, MIN_MILP_BUDGET_S,
};
use good_lp::Solution;
use std::time::Instant;

/// HiGHS's option for the dual simplex pricing rule.
const EDGE_WEIGHT_OPTION: &str = "simplex_dual_edge_weight_strategy";
/// Devex pricing. After an interior-point solve with crossover HiGHS has no steepest-edge
/// weights and computes them from scratch, one solve per row, before its first iteration:
/// 155 s without a single iteration on the 202,000-row Yancheng LP. Devex starts at once;
/// the warm re-solves of the staged strategy use it (Yancheng's first size candidate took
/// 39–41 s instead of 168 s; the Ordos example reaches its first plan 1–8 s later).
const DEVEX: i32 = 1;
/// HiGHS's default choice of pricing, for the branch-and-bound.
const CHOOSE: i32 = -1;

/// Up to this many columns the cold LP relaxation goes to dual simplex, above it to the
/// interior point. Measured on 12 typical days of the province example's parks (2,700–5,100
/// columns): 0.11 s against 0.31 s (aluminium), 0.27 against 1.08 (hydrogen), 0.27 against
/// 0.39 (chemicals); on the Ordos example 1.35 s against 2.12 at 24 typical days (8,000
/// columns), 5.4 against 10.0 at 48 (15,200), but 20.2 against 10.9 at 96 (29,600).
/// The operation of fixed sizes without hourly integers goes to dual simplex at any size when
/// [`SolveOptions::operation_by_simplex`] says so (a park of electricity alone): on the full
/// year of the province example's parks with PV, wind and batteries (70,000 columns) 1.0–1.3
/// s against 2.7–3.0 s alone, and 1.3–4.1 s against 3.2–5.6 s on average over the 100-park
/// province's final plans; the parks with hydrogen or process CO2 stay with the interior
/// point (hydrogen: 25 s on average against 16 s by dual simplex, 70 s at worst).
const SIMPLEX_COLD_COLUMNS: usize = 20_000;

/// The warm dual simplex of the hourly-rounded LP runs for at most this many times the
/// relaxation's time before the interior point takes over.
const WARM_SIMPLEX_CAP: f64 = 3.0;

/// In [`Strategy::RoundOnce`], when the relaxation went to dual simplex (a small model), the
/// warm dual simplex of the hourly-rounded LP runs for at most this many times the
/// relaxation's time before the interior point takes over.
const ROUND_ONCE_SIMPLEX_CAP: f64 = 0.5;

/// A size candidate after the first gets at most this many times the first one's time...
const CANDIDATE_CAP_FACTOR: f64 = 2.0;
/// ...and at least this many seconds.
const MIN_CANDIDATE_CAP_S: f64 = 10.0;

/// From this many hourly integers up, a gap that lies in their LP bound is not handed to
/// branch-and-bound when no time limit is given (full-year models have 3,000 and more).
const MANY_HOURLY_INTEGERS: usize = 1000;

/// A plan found in a fraction of a second (a typical-day model) gives branch-and-bound this
/// many times its time, not the full MIN_MILP_BUDGET_S: on a park of the province benchmark
/// the plan took 0.12 s and the 5 s of branch-and-bound after it left the plan unchanged
/// (gap 0.054 % → 0.029 %, all of it the hourly integers' bound), in each of its 25 plans.
const SMALL_MILP_BUDGET_FACTOR: f64 = 10.0;
/// ...and at least this many seconds.
const MIN_SMALL_MILP_BUDGET_S: f64 = 1.0;

/// A gap from the sizes at least this large (relative) is worth more branching on them...
const LARGE_GAP: f64 = 0.01;
/// ...this many times the budget. On a trial park (720 h, a capture module whose rounding
/// makes a 4.2 % gap) the default budget ran out with boxes left and the plan was reported
/// 3.5 % from its bound, although it was optimal (`--time-limit 120` proved it in 14.5 s);
/// the shipped examples' gaps (0.2 %) stay on the default budget.
const LARGE_GAP_BUDGET_FACTOR: f64 = 4.0;

/// The gap, as a multiple of the gap asked for, up to which a plan whose remaining gap is the
/// hourly integers' bound at its own sizes is not handed to branch-and-bound.
const HOURLY_GAP_AT_BEST_SIZES_FACTOR: f64 = 10.0;

/// Most candidate roundings evaluated (all floor/ceil combinations of up to 4 sizes), besides
/// a start.
const MAX_CANDIDATES: usize = 16;

/// Distance from an integer below which a relaxed size counts as that integer.
pub(super) const INTEGRALITY_TOLERANCE: f64 = 1e-6;

/// The integer points around a relaxed solution: every floor/ceil combination; first the one
/// with every size rounded up (more turbines, stacks or capture modules never make a plan
/// infeasible, so one feasible point comes first even when time runs short), then the others
/// nearest first. Sizes within [`INTEGRALITY_TOLERANCE`] of an integer are not rounded away.
fn candidates(sizes: &[SizingInteger], relaxed: &[f64]) -> Vec<Vec<f64>> {
    let mut points: Vec<Vec<f64>> = vec![Vec::new()];
    let mut all_up = Vec::with_capacity(sizes.len());
    for (size, value) in sizes.iter().zip(relaxed) {
        let value = if (value - value.round()).abs() <= INTEGRALITY_TOLERANCE {
            // `+ 0.0` turns the −0 that rounds a −1e-12 into 0 (no "-0" modules in reports).
            value.round() + 0.0
        } else {
            *value
        };
        let lo = value.floor().clamp(size.min, size.max);
        let hi = value.ceil().clamp(size.min, size.max);
        all_up.push(hi);
        let choices: Vec<f64> = if lo == hi { vec![lo] } else { vec![lo, hi] };
        points = points
            .into_iter()
            .flat_map(|p| {
                choices.iter().map(move |c| {
                    let mut q = p.clone();
                    q.push(*c);
                    q
                })
            })
            .collect();
    }
    let distance =
        |p: &Vec<f64>| -> f64 { p.iter().zip(relaxed).map(|(a, b)| (a - b).abs()).sum() };
    points.sort_by(|a, b| {
        (*b == all_up)
            .cmp(&(*a == all_up))
            .then(distance(a).total_cmp(&distance(b)))
    });
    points.truncate(MAX_CANDIDATES);
    points
}

/// Puts `start` first among the candidate `points`, no point twice.
fn place_start(points: &mut Vec<Vec<f64>>, start: Vec<f64>) {
    points.retain(|p| *p != start);
    points.insert(0, start);
}

/// Makes `run` the best plan when it is optimal (for its fixed sizes) and cheaper than the
/// best so far.
fn keep_if_better(best: &mut Option<Run>, run: Run) {
    let better = match (
        run.objective_krmb,
        best.as_ref().and_then(|b| b.objective_krmb),
    ) {
        (Some(new), Some(old)) => new < old,
        (Some(_), None) => true,
        _ => false,
    };
    if better && run.status == SolveStatus::Optimal {
        *best = Some(run);
    }
}

pub(super) fn relative_gap(objective: f64, bound: f64) -> f64 {
    ((objective - bound) / objective.abs().max(1e-9)).max(0.0)
}

/// Rounds each operational integer's hint on a relaxed solution, within its bounds.
fn round_hints(
    columns: &[f64],
    column_of: &std::sync::Arc<ColumnIndex>,
    hints: &[OperationalInteger],
) -> Vec<f64> {
    let relaxed = Values {
        columns: columns.to_vec(),
        column_of: column_of.clone(),
    };
    hints
        .iter()
        .map(|h| {
            relaxed
                .eval(&h.hint)
                .round()
                .clamp(h.column.min, h.column.max)
        })
        .collect()
}

/// Evaluates the sizes currently fixed: the LP with every integer relaxed gives a lower
/// bound; then the hourly integers are rounded from their hints and fixed, and a second LP
/// (warm-started) gives a feasible solution. Each LP gets at most `cap_s`. Returns the
/// feasible run, if any.
fn evaluate_fixed_sizes(
    solver: &mut Solver,
    hints: &[OperationalInteger],
    label: &str,
    cap_s: Option<f64>,
) -> Result<Run, SolveError> {
    let relaxed = solver.run_within(&format!("{label} lp"), cap_s)?;
    if hints.is_empty() {
        return Ok(relaxed);
    }
    let Some(columns) = relaxed.columns.as_ref() else {
        return Ok(relaxed);
    };
    let rounded = round_hints(columns, &solver.column_of, hints);
    let integer_columns: Vec<IntegerColumn> = hints.iter().map(|h| h.column).collect();
    solver.fix(&integer_columns, &rounded)?;
    let completed = solver.run_within(&format!("{label} rounded"), cap_s);
    solver.release(&integer_columns)?;
    completed
}

/// Whether the gap of a plan costing `objective` comes mostly from rounding the sizes (the
/// plan lies further above the LP with the hourly integers rounded, `hourly_rounded_krmb`,
/// than that LP lies above the bound) and is not yet proven: then branching on the sizes
/// lifts the bound.
fn sizes_make_the_gap(objective: f64, hourly_rounded_krmb: f64, bound: f64, mip_gap: f64) -> bool {
    let proven_at = objective - mip_gap * objective.abs();
    bound < proven_at && objective - hourly_rounded_krmb >= hourly_rounded_krmb - bound
}

/// Branches on the sizes from the relaxation (`bound`, `relaxed_sizes`, solved in
/// `relaxation_s`) until the bound proves a plan costing `objective`, for half the time
/// left or, without a time limit, as long as the solve has taken (at least
/// [`MIN_MILP_BUDGET_S`]) and `spared_s` more (what the candidates it may spare would take).
/// Each box's LP gets warm dual simplex for as long as the
/// relaxation took, then the interior point (unless the user chose the solver). The sizes
/// are left free.
#[allow(clippy::too_many_arguments)]
fn branch_on_sizes(
    solver: &mut Solver,
    sizes: &[SizingInteger],
    relaxed_sizes: &[f64],
    bound: f64,
    objective: f64,
    options: &SolveOptions,
    relaxation_s: f64,
    spared_s: f64,
    user_chose_solver: bool,
    on_phase: &mut dyn FnMut(&str),
) -> Result<SizeBranching, SolveError> {
    let proven_at = objective - options.mip_gap * objective.abs();
    let large_gap = relative_gap(objective, bound) >= LARGE_GAP;
    let budget_s = match solver.remaining_s() {
        Some(remaining) => 0.5 * remaining,
        None => {
            let own = solver
                .started
                .elapsed()
                .as_secs_f64()
                .max(MIN_MILP_BUDGET_S);
            if large_gap {
                LARGE_GAP_BUDGET_FACTOR * own + spared_s
            } else {
                own + spared_s
            }
        }
    };
    on_phase("bound by branching on sizes");
    let root = SizeNode {
        box_bounds: sizes.iter().map(|s| (s.min, s.max)).collect(),
        bound_krmb: bound,
        sizes: Some(relaxed_sizes.to_vec()),
    };
    let simplex_cap_s = (!user_chose_solver).then_some(relaxation_s);
    let branched = size_branching_bound(solver, sizes, root, proven_at, budget_s, simplex_cap_s)?;
    solver.release(sizes)?;
    Ok(branched)
}

/// The staged strategy (README, Solve strategy): the LP relaxation, the hourly integers
/// rounded once on it, size candidates around it, the bound lifted by branching on sizes,
/// and branch-and-bound from the best plan when that can still pay. `start` (whole sizes,
/// e.g. a typical-day plan's) is the first candidate, with a cap of its own: when it is the
/// better plan, its cost cuts off the candidates that cannot beat it, and, while it stays
/// the best, it is the MIP start.
pub(super) fn staged(
    solver: &mut Solver,
    sizes: &[SizingInteger],
    hints: &[OperationalInteger],
    start: Option<Vec<f64>>,
    options: &SolveOptions,
    on_phase: &mut dyn FnMut(&str),
) -> Result<Run, SolveError> {
    on_phase("LP relaxation");
    solver.set_integrality(false)?;
    // The cold LP goes to the interior-point solver (with crossover, so a basis remains), or
    // on a small model or the operation of a park of electricity alone to dual simplex; the
    // warm re-solves after it to dual simplex. A `solver` given by the user wins.
    let user_chose_solver = options.highs_options.iter().any(|(k, _)| k == "solver");
    let user_chose_cutoff = options
        .highs_options
        .iter()
        .any(|(k, _)| k == "objective_bound");
    let simplex_operation =
        options.strategy == Strategy::RoundOnce && hints.is_empty() && options.operation_by_simplex;
    let relaxation_by_ipm =
        !user_chose_solver && solver.column_of.len() > SIMPLEX_COLD_COLUMNS && !simplex_operation;
    if !user_chose_solver {
        solver.set("solver", if relaxation_by_ipm { "ipm" } else { "simplex" })?;
    }
    // HiGHS copies its simplex options once per LP, so the pricing rule of the warm
    // re-solves is set before the first solve.
    let user_chose_edge_weights = options
        .highs_options
        .iter()
        .any(|(k, _)| k == EDGE_WEIGHT_OPTION);
    if !user_chose_edge_weights {
        solver.set(EDGE_WEIGHT_OPTION, DEVEX)?;
    }
    let relaxation_started = Instant::now();
    let relaxed = solver.run("lp-relaxation")?;
    let relaxation_s = relaxation_started.elapsed().as_secs_f64();
    if !user_chose_solver {
        solver.set("solver", "simplex")?;
    }
    let (Some(bound), Some(columns)) = (relaxed.objective_krmb, relaxed.columns.as_ref()) else {
        // Infeasible or out of time: the relaxation's status is the answer.
        solver.set_integrality(true)?;
        return Ok(relaxed);
    };
    if options.strategy == Strategy::RoundOnce && hints.is_empty() {
        // No hourly integers: the relaxation of a fixed design is its operation.
        solver.set_integrality(true)?;
        let mut run = relaxed;
        run.mip_gap = Some(0.0);
        return Ok(run);
    }
    let relaxed_sizes: Vec<f64> = sizes
        .iter()
        .map(|s| columns[solver.column_of[&s.var]])
        .collect();

    // Round the hourly integers once on the relaxed flows and fix them: every rounding keeps
    // the relaxed flows feasible up to a netting of import against export (a direction
    // binary) or a raised minimum load, so one LP re-optimises the sizes around them. The
    // size candidates are then small changes to that LP.
    let hourly: Vec<IntegerColumn> = hints.iter().map(|h| h.column).collect();
    let mut centre = relaxed_sizes.clone();
    let mut hourly_fixed = false;
    // What the plan costs with the hourly integers rounded and the sizes still free: the part
    // of the gap above it comes from rounding the sizes.
    let mut hourly_rounded_krmb = bound;
    if !hints.is_empty() {
        on_phase("hourly integers rounded");
        let rounded = round_hints(columns, &solver.column_of, hints);
        solver.fix(&hourly, &rounded)?;
        // Thousands of bounds change at once. Dual simplex from the relaxation's basis takes
        // 25–29 s on the Ordos example, where the interior point takes 72 s; on the Yancheng
        // example the interior point stalls and hands over to IPX (258 s). So dual simplex
        // gets WARM_SIMPLEX_CAP times what the relaxation took, then the interior point.
        // For a fixed design (the full-year check) whose relaxation took the interior point,
        // the interior point goes first: on both shipped examples at N = 12 the dual simplex
        // ran into its cap of half the relaxation's time with no verdict (Ordos: 8.6 s
        // relaxation, 4.3 s of dual simplex, 5.3 s of interior point, 4.7–5.6 s when first;
        // Yancheng: 11.0, 5.6 and 8.8 s, but 11.9–12.4 s when first, so no gain there); a
        // small fixed design keeps the dual simplex.
        let cap_factor = if options.strategy == Strategy::RoundOnce {
            ROUND_ONCE_SIMPLEX_CAP
        } else {
            WARM_SIMPLEX_CAP
        };
        let ipm_first =
            !user_chose_solver && options.strategy == Strategy::RoundOnce && relaxation_by_ipm;
        let mut run = if user_chose_solver {
            solver.run("hourly-rounded lp")?
        } else if ipm_first {
            solver.set("solver", "ipm")?;
            let run = solver.run("hourly-rounded lp (interior point)")?;
            solver.set("solver", "simplex")?;
            run
        } else {
            let cap = cap_factor * relaxation_s;
            solver.run_within("hourly-rounded lp (dual simplex)", Some(cap))?
        };
        if !user_chose_solver && !ipm_first && run.status != SolveStatus::Optimal {
            solver.set("solver", "ipm")?;
            run = solver.run("hourly-rounded lp (interior point)")?;
            solver.set("solver", "simplex")?;
        }
        if options.strategy == Strategy::RoundOnce {
            solver.set_integrality(true)?;
            run.mip_gap = run.objective_krmb.map(|o| relative_gap(o, bound));
            // The operation with its hourly integers rounded once is a plan, optimal only
            // when it is within the gap asked for of the relaxation.
            if let Some(gap) = run
                .mip_gap
                .filter(|g| run.status == SolveStatus::Optimal && *g > options.mip_gap)
            {
                run.status = SolveStatus::NearOptimal;
                run.stop_reason = Some(StopReason::RoundedOnce {
                    gap,
                    hourly_integers: hints.len(),
                });
            }
            return Ok(run);
        }
        match run.columns.as_ref() {
            Some(at) if run.status == SolveStatus::Optimal => {
                centre = sizes.iter().map(|s| at[solver.column_of[&s.var]]).collect();
                hourly_fixed = true;
                hourly_rounded_krmb = run.objective_krmb.unwrap_or(bound);
            }
            // Rare (a raised minimum load with nowhere to put the hydrogen): round per
            // candidate instead.
            _ => solver.release(&hourly)?,
        }
    }

    // Evaluate integer points near the relaxation with the sizes fixed (LPs only).
    let mut best: Option<Run> = None;
    // The first candidate (all sizes rounded up) sets the pace; a later one that takes far
    // longer is far from the relaxation's plan, or infeasible: its warm dual simplex is cut
    // at that cap and the interior point, which shows infeasibility in a few iterations,
    // gets the same time again; then it is abandoned. Once the interior point has shown one
    // such candidate infeasible, the later ones go to it at once (on the Yancheng example two
    // roundings with too few capture modules each ran 46 s of dual simplex to no verdict; the
    // interior point showed them infeasible in 8 and 4.5 s).
    let mut candidate_cap_s: Option<f64> = None;
    let mut interior_point_first = false;
    let mut evaluated: Vec<Vec<f64>> = Vec::new();
    // A start goes first, with a cap of its own (as the hourly-rounded LP's: it may lie far
    // from the relaxation, or be infeasible on these hours), and sets the pace unless it
    // ran into that cap. (Second, after the all-up rounding, it ran into that rounding's cap on
    // the Ordos example: 68 s for the plan against 45 s first.)
    let mut points = candidates(sizes, &centre);
    let has_start = start.is_some();
    if let Some(start) = start {
        place_start(&mut points, start);
    }
    // Without hourly integers fixed, the sizes are branched on as soon as a plan is in hand
    // and they make its gap: the boxes it leaves tell which candidates can still win (on the
    // full year of the province benchmark's chemicals park, three of the four roundings took
    // 61 s to lose to the first, while branching proved the first optimal in 43 s).
    let mut branched: Option<SizeBranching> = None;
    let mut lifted_bound = bound;
    let mut first_candidate_s: Option<f64> = None;
    for (i, point) in points.iter().enumerate() {
        if solver.remaining_s().is_some_and(|r| r <= 0.01) {
            break;
        }
        if let Some(objective) = best.as_ref().and_then(|b| b.objective_krmb) {
            if branched.is_none()
                && !hourly_fixed
                && sizes_make_the_gap(objective, hourly_rounded_krmb, bound, options.mip_gap)
            {
                if !user_chose_cutoff {
                    solver.set_cutoff(None)?;
                }
                solver.release(sizes)?;
                let spared_s =
                    (points.len() - i) as f64 * first_candidate_s.unwrap_or(relaxation_s);
                let early = branch_on_sizes(
                    solver,
                    sizes,
                    &relaxed_sizes,
                    bound,
                    objective,
                    options,
                    relaxation_s,
                    spared_s,
                    user_chose_solver,
                    on_phase,
                )?;
                lifted_bound = early.bound_krmb;
                branched = Some(early);
            }
            if relative_gap(objective, lifted_bound) <= options.mip_gap {
                break; // proven: no other rounding can be worth more than the gap
            }
            let proven_at = objective - options.mip_gap * objective.abs();
            if branched
                .as_ref()
                .is_some_and(|b| !b.may_beat(point, proven_at))
            {
                continue; // in a box that is infeasible or bounded above the plan in hand
            }
        }
        on_phase(&format!("fixed sizes {}", i + 1));
        // A candidate only counts if it beats the plan in hand: dual simplex stops once its
        // bound passes that plan's cost (on a chemicals park of the province benchmark, a
        // rounding down with too few capture modules ran 2.1 s to no verdict, then was shown
        // infeasible again from scratch). A cutoff the user set stays as it is.
        if !user_chose_cutoff {
            solver.set_cutoff(best.as_ref().and_then(|b| b.objective_krmb))?;
        }
        solver.fix(sizes, point)?;
        let label = format!(
            "fixed-sizes{} [{}]",
            if has_start && i == 0 { " (start)" } else { "" },
            point
                .iter()
                .map(|v| format!("{v:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let started = Instant::now();
        let is_start = has_start && i == 0;
        let cap_s = if is_start {
            Some(WARM_SIMPLEX_CAP * relaxation_s)
        } else {
            candidate_cap_s
        };
        // The interior point, when the solver is ours and the candidate one LP (with the
        // hourly integers not fixed it would solve their relaxation, not a plan).
        let interior_point_cap_s =
            cap_s.filter(|_| !user_chose_solver && (hourly_fixed || hints.is_empty()));
        let by_interior_point = |solver: &mut Solver, cap: f64| -> Result<Run, SolveError> {
            solver.set("solver", "ipm")?;
            let run = solver.run_within(&format!("{label} (interior point)"), Some(cap));
            solver.set("solver", "simplex")?;
            run
        };
        let run = match interior_point_cap_s {
            Some(cap) if interior_point_first => by_interior_point(solver, cap)?,
            _ => {
                let run = if hourly_fixed {
                    solver.run_within(&label, cap_s)?
                } else {
                    evaluate_fixed_sizes(solver, hints, &label, cap_s)?
                };
                let stopped = matches!(
                    run.status,
                    SolveStatus::TimeLimit | SolveStatus::TimeLimitNoSolution
                );
                match interior_point_cap_s {
                    Some(cap) if stopped => {
                        let by_ipm = by_interior_point(solver, cap)?;
                        interior_point_first |=
                            !is_start && by_ipm.status == SolveStatus::Infeasible;
                        by_ipm
                    }
                    // Stopped without the interior point to hand it to: abandoned.
                    _ => run,
                }
            }
        };
        let verdict = matches!(run.status, SolveStatus::Optimal | SolveStatus::Infeasible);
        if verdict {
            evaluated.push(point.clone());
        }
        // A start cut at its own cap does not set the pace (on the Yancheng example a pace
        // set by the next candidate instead, 45 s, let a hopeless one run 91 s).
        if !is_start || verdict {
            let took_s = started.elapsed().as_secs_f64();
            first_candidate_s.get_or_insert(took_s);
            candidate_cap_s.get_or_insert((CANDIDATE_CAP_FACTOR * took_s).max(MIN_CANDIDATE_CAP_S));
        }
        keep_if_better(&mut best, run);
    }
    if !user_chose_cutoff {
        solver.set_cutoff(None)?;
    }
    if hourly_fixed {
        solver.release(&hourly)?;
    }
    solver.release(sizes)?;

    // When rounding the sizes makes most of the gap, branching on them lifts the bound.
    let relaxation_bound = bound;
    let mut bound = bound;
    // True when branching on the sizes ended on the best plan's sizes with the hourly
    // integers relaxed: the least bound over all sizes lies at the plan's own sizes.
    let mut hourly_gap_at_best_sizes = false;
    if let Some(objective) = best.as_ref().and_then(|b| b.objective_krmb) {
        let branched = match branched {
            Some(early) => Some(early),
            None if sizes_make_the_gap(objective, hourly_rounded_krmb, bound, options.mip_gap) => {
                Some(branch_on_sizes(
                    solver,
                    sizes,
                    &relaxed_sizes,
                    bound,
                    objective,
                    options,
                    relaxation_s,
                    0.0,
                    user_chose_solver,
                    on_phase,
                )?)
            }
            None => None,
        };
        if let Some(branched) = branched {
            bound = branched.bound_krmb;
            // Without hourly integers the least box's LP with integral sizes is the best plan:
            // evaluate those sizes (on the wuhai chemicals park of the province benchmark on
            // 12 typical days, 0.4 s where HiGHS's branch-and-bound took 2.5 s to find the
            // same plan, 0.12 % below the best rounding).
            let best_sizes: Option<Vec<f64>> = best.as_ref().and_then(|b| {
                let at = b.columns.as_ref()?;
                Some(
                    sizes
                        .iter()
                        .map(|s| at[solver.column_of[&s.var]].round() + 0.0)
                        .collect(),
                )
            });
            hourly_gap_at_best_sizes =
                !hints.is_empty() && best_sizes.is_some() && branched.integral_sizes == best_sizes;
            if let Some(point) = branched.integral_sizes.filter(|_| hints.is_empty()) {
                if !evaluated.contains(&point) {
                    on_phase("sizes from branching");
                    solver.fix(sizes, &point)?;
                    let run = solver.run("fixed-sizes from branching")?;
                    solver.release(sizes)?;
                    keep_if_better(&mut best, run);
                }
            }
        }
    }
    solver.set_integrality(true)?;

    if let Some(incumbent) = best.as_mut() {
        let objective = incumbent.objective_krmb.unwrap_or(f64::INFINITY);
        let gap = relative_gap(objective, bound);
        incumbent.mip_gap = Some(gap);
        if gap <= options.mip_gap {
            incumbent.stop_reason = Some(StopReason::Optimal {
                gap: Some(gap),
                asked: Some(options.mip_gap),
            });
            return Ok(best.expect("checked above"));
        }
        // Where most of the gap is the LP bound of thousands of hourly integers, HiGHS's
        // branch-and-bound does not lift it in any time worth spending (README, Solve
        // strategy: 2,639 root cuts in 290 s left the full-year Ordos bound unchanged).
        let from_hourly = hourly_rounded_krmb - relaxation_bound;
        if solver.time_limit_s.is_none()
            && hints.len() >= MANY_HOURLY_INTEGERS
            && from_hourly >= 0.5 * (objective - bound)
        {
            incumbent.status = SolveStatus::NearOptimal;
            incumbent.stop_reason = Some(StopReason::HourlyIntegerBound {
                gap,
                hourly_integers: hints.len(),
            });
            return Ok(best.expect("checked above"));
        }
        // Branching on the sizes ended on the plan's own sizes: the least bound over all
        // sizes lies there, with the hourly integers relaxed. A gap that small and that
        // shaped HiGHS's branch-and-bound did not close in any of the value-curve points of
        // the province benchmark's equipment parks (60-80 battery direction binaries on 12
        // typical days: 1.5 s in each of 5 storage rounds left the plan and HiGHS's own
        // bound, 0.18 % below it, unchanged; the staged bound is 0.08 % below the plan).
        if solver.time_limit_s.is_none()
            && hourly_gap_at_best_sizes
            && gap <= HOURLY_GAP_AT_BEST_SIZES_FACTOR * options.mip_gap
        {
            incumbent.status = SolveStatus::NearOptimal;
            incumbent.stop_reason = Some(StopReason::LeastBoundAtTheseSizes {
                gap,
                hourly_integers: hints.len(),
            });
            return Ok(best.expect("checked above"));
        }
        if let Some(sizing_gap) = options
            .sizing_gap
            .filter(|g| solver.time_limit_s.is_none() && gap <= *g)
        {
            incumbent.status = SolveStatus::NearOptimal;
            incumbent.stop_reason = Some(StopReason::SizingGap { gap, sizing_gap });
            return Ok(best.expect("checked above"));
        }
    }

    on_phase("MILP from the best rounding");
    // A time limit is a ceiling, not a budget to spend: with a plan in hand the
    // branch-and-bound gets as long as the plan took, at least SMALL_MILP_BUDGET_FACTOR times
    // that within [MIN_SMALL_MILP_BUDGET_S, MIN_MILP_BUDGET_S], within what is left of any
    // limit.
    let mut budget_is_ours = false;
    if best.is_some() {
        let elapsed = solver.started.elapsed().as_secs_f64();
        let floor =
            (SMALL_MILP_BUDGET_FACTOR * elapsed).clamp(MIN_SMALL_MILP_BUDGET_S, MIN_MILP_BUDGET_S);
        let budget = elapsed.max(floor);
        let ours = elapsed + budget;
        if solver.time_limit_s.is_none_or(|limit| ours < limit) {
            solver.time_limit_s = Some(ours);
            budget_is_ours = true;
        }
    }
    if !user_chose_edge_weights {
        solver.set(EDGE_WEIGHT_OPTION, CHOOSE)?;
    }
    if !user_chose_solver {
        solver.set("solver", "choose")?;
        // The MILP's root LP starts without a basis: interior point (HiPO when built in)
        // rather than dual simplex from scratch.
        solver.set("mip_lp_solver", "ipm")?;
    }
    if let Some(start) = best.as_ref().and_then(|b| b.columns.as_ref()) {
        let model = solver.model.as_mut().expect("model present between runs");
        model
            .try_set_solution(Some(start), None, None, None)
            .map_err(|e| SolveError::Highs(format!("MIP start rejected: {e:?}")))?;
    }
    let mut finished = solver.run("milp")?;
    // The relaxation bound still holds; keep the better of the two proofs (HiGHS reports no
    // finite gap when stopped before its own bound).
    if let Some(objective) = finished.objective_krmb {
        let from_relaxation = relative_gap(objective, bound);
        finished.mip_gap = Some(
            finished
                .mip_gap
                .map_or(from_relaxation, |g| g.min(from_relaxation)),
        );
    }
    // A gap HiGHS could not bound is None (written `unknown`), never a non-finite number.
    let reason = |run: &Run| -> (SolveStatus, StopReason) {
        let gap = run.mip_gap.filter(|g| g.is_finite());
        match run.status {
            SolveStatus::Optimal => (
                SolveStatus::Optimal,
                StopReason::Optimal {
                    gap,
                    asked: Some(options.mip_gap),
                },
            ),
            SolveStatus::TimeLimit if budget_is_ours => (
                SolveStatus::NearOptimal,
                StopReason::BranchAndBoundBudget { gap },
            ),
            status => (
                status,
                StopReason::TimeLimit {
                    limit_s: options.time_limit_s,
                    gap,
                },
            ),
        }
    };
    // When the MILP found nothing better than its start, the start (an LP with every integer
    // fixed) is the answer, and it already has its duals.
    if let (Some(objective), Some(incumbent)) = (finished.objective_krmb, best.as_ref()) {
        let start = incumbent.objective_krmb.unwrap_or(f64::INFINITY);
        if objective >= start - 1e-9 * start.abs().max(1.0) {
            let mut incumbent = best.expect("checked above");
            incumbent.status = finished.status;
            incumbent.mip_gap = finished.mip_gap;
            let (status, why) = reason(&incumbent);
            incumbent.status = status;
            incumbent.stop_reason = Some(why);
            return Ok(incumbent);
        }
    }
    if finished.objective_krmb.is_none() {
        if let Some(mut incumbent) = best {
            incumbent.status = finished.status;
            incumbent.mip_gap = incumbent.objective_krmb.map(|o| relative_gap(o, bound));
            if incumbent.status == SolveStatus::TimeLimitNoSolution {
                incumbent.status = SolveStatus::TimeLimit;
            }
            let (status, why) = reason(&incumbent);
            incumbent.status = status;
            incumbent.stop_reason = Some(why);
            return Ok(incumbent);
        }
    }
    if finished.objective_krmb.is_some() {
        let (status, why) = reason(&finished);
        finished.status = status;
        finished.stop_reason = Some(why);
    }
    Ok(finished)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_floor_ceil_combinations_all_up_then_nearest() {
        let v = good_lp::ProblemVariables::new().add_vector(good_lp::variable(), 2);
        let sizes = [
            SizingInteger {
                var: v[0],
                min: 0.0,
                max: 10.0,
            },
            SizingInteger {
                var: v[1],
                min: 0.0,
                max: 3.0,
            },
        ];
        // All rounded up first, then nearest first.
        let points = candidates(&sizes, &[2.2, 3.0]);
        assert_eq!(points, vec![vec![3.0, 3.0], vec![2.0, 3.0]]);
        let points = candidates(&sizes, &[2.6, 0.4]);
        assert_eq!(
            points,
            vec![
                vec![3.0, 1.0],
                vec![3.0, 0.0],
                vec![2.0, 0.0],
                vec![2.0, 1.0]
            ]
        );
        // A start goes first, never twice.
        let mut points = candidates(&sizes, &[2.6, 0.4]);
        place_start(&mut points, vec![2.0, 0.0]);
        assert_eq!(
            points,
            vec![
                vec![2.0, 0.0],
                vec![3.0, 1.0],
                vec![3.0, 0.0],
                vec![2.0, 1.0]
            ]
        );
        let mut points = candidates(&sizes, &[2.6, 0.4]);
        place_start(&mut points, vec![9.0, 3.0]);
        assert_eq!(points.len(), 5);
        assert_eq!(points[0], vec![9.0, 3.0]);
        // A size a hair from an integer is that integer.
        let points = candidates(&sizes, &[4.0 - 1e-9, 1e-9]);
        assert_eq!(points, vec![vec![4.0, 0.0]]);
        // ...and one a hair below zero is a positive zero.
        let points = candidates(&sizes, &[2.0, -1e-12]);
        assert!(points[0][1].is_sign_positive(), "{points:?}");
    }
}
