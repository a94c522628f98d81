//! Solving a MILP on HiGHS: options, the staged strategy, status and phase timings.
//!
//! Knows nothing of technologies: it sees variables, constraints, an objective and which
//! integers are sizes. [`highs_model`] wraps one HiGHS instance, [`staged`] holds the staged
//! strategy and [`size_branching`] its bound from branching on the sizes.

pub mod explain;
mod highs_model;
mod size_branching;
mod staged;
pub mod stop;

pub use highs_model::check_highs_option;
use highs_model::Solver;
use staged::staged;
pub use stop::StopReason;

use good_lp::{
    Constraint, Expression, IntoAffineExpression, ProblemVariables, Solution, SolutionStatus,
    Variable,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

/// An integer column with its bounds.
#[derive(Debug, Clone, Copy)]
pub struct IntegerColumn {
    /// The variable.
    pub var: Variable,
    /// Lower bound.
    pub min: f64,
    /// Upper bound.
    pub max: f64,
}

/// What a column is: the family of variables it belongs to and, for hourly variables, its
/// step. Used to name the columns of an unbounded ray or an infeasible subsystem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ColumnLabel {
    /// Family, e.g. `battery-charge`, `hydrogen-purchase`.
    pub family: &'static str,
    /// Step (index on the model's time axis), for hourly variables.
    pub step: Option<usize>,
}

/// An integer sizing decision (turbines, stacks, modules).
pub type SizingInteger = IntegerColumn;

/// An integer of the hourly operation (a direction binary, a count of running units) with a
/// hint: on a relaxed solution, `round(hint)` is a good value consistent with the flows.
#[derive(Debug, Clone)]
pub struct OperationalInteger {
    /// The variable and its bounds.
    pub column: IntegerColumn,
    /// The hint expression.
    pub hint: Expression,
}

/// A mixed-integer linear problem as the components built it.
pub struct MilpProblem {
    /// All variables with their bounds and integrality.
    pub vars: ProblemVariables,
    /// Minimised.
    pub objective: Expression,
    /// Rows, each with its family name.
    pub constraints: Vec<(&'static str, Constraint)>,
    /// Integer sizes, for the staged strategy.
    pub sizing_integers: Vec<SizingInteger>,
    /// Values of `sizing_integers` (same order, whole, within bounds) to start from, e.g. a
    /// typical-day plan's: the staged strategy evaluates them as its first size candidate
    /// (see [`Strategy::Staged`]). Ignored by the other strategies.
    pub size_start: Option<Vec<f64>>,
    /// Other integer variables (hourly binaries, commitment), each with a hint.
    pub operational_integers: Vec<OperationalInteger>,
    /// Family and step of each column, in column order.
    pub column_labels: Vec<ColumnLabel>,
    /// Rows (indices into `constraints`) whose duals are wanted. When not empty, the solve
    /// reports their duals from an LP with every integer fixed: the final LP of the staged
    /// strategy, or, after a MIP, an extra LP with the integers fixed at the solution.
    pub dual_rows: Vec<usize>,
}

/// How the MILP is solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// LP relaxation, then nearby integer sizes evaluated with the integers fixed, the bound
    /// lifted by branching on sizes where they make the gap, then the best as a MIP start for
    /// HiGHS (skipped when the gap is already proven).
    Staged,
    /// The MILP straight to HiGHS.
    Plain,
    /// For a design whose sizes are fixed (the full-year check of a typical-day plan): the LP
    /// relaxation, the hourly integers rounded once on it and fixed, one LP. The operation is
    /// feasible and usually within a fraction of a percent of the best for that design; the
    /// gap reported is against the relaxation. Not offered on the command line.
    #[value(skip)]
    RoundOnce,
}

/// Solver settings.
#[derive(Debug, Clone, Serialize)]
pub struct SolveOptions {
    /// Wall-clock limit for the whole solve, seconds.
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap at which to stop.
    pub mip_gap: f64,
    /// HiGHS threads (None: HiGHS decides).
    pub threads: Option<u32>,
    /// Print the HiGHS log and the coefficient ranges.
    pub verbose: bool,
    /// The strategy.
    pub strategy: Strategy,
    /// Further HiGHS options as `(name, value)`, passed through (e.g. `solver`, `ipm`).
    pub highs_options: Vec<(String, String)>,
    /// Write the model as HiGHS holds it, before solving, to this file (`.mps` or `.lp`).
    pub write_model: Option<std::path::PathBuf>,
    /// In [`Strategy::RoundOnce`] without hourly integers, the cold LP goes to dual simplex
    /// at any size: set for the operation of a park of electricity alone (no hydrogen, heat
    /// or CO2), where it is 2–3× faster than the interior point (see `staged`). Not offered
    /// on the command line.
    #[serde(skip)]
    pub operation_by_simplex: bool,
    /// In [`Strategy::Staged`] without a time limit, a plan within this relative gap of its
    /// bound after the size candidates and the branching on sizes is not handed to
    /// branch-and-bound: set for a typical-day sizing that a full-year solve follows (the
    /// full-year check, the warm start; [`TYPICAL_DAY_SIZING_GAP`]), whose error against
    /// the full year is larger. None: only `mip_gap` stops the search. Not offered on the
    /// command line.
    #[serde(skip)]
    pub sizing_gap: Option<f64>,
}

/// The gap at which a typical-day sizing that a full-year check follows is not handed to
/// branch-and-bound, 1 %: the accuracy asked of the checked plan. The typical-day estimate
/// errs by −5 % to +2 % against the full year (docs/typical-days.md), and the 5 s of
/// branch-and-bound after the candidates left the plan unchanged on Ordos at N = 12 and 24
/// (0.28 % and 0.22 % from its bound) and on Yancheng at N = 12 (0.51 %).
pub const TYPICAL_DAY_SIZING_GAP: f64 = 1e-2;

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            time_limit_s: None,
            mip_gap: 1e-4,
            threads: None,
            verbose: false,
            strategy: Strategy::Staged,
            highs_options: Vec::new(),
            write_model: None,
            operation_by_simplex: false,
            sizing_gap: None,
        }
    }
}

/// How a solve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolveStatus {
    /// Optimal within the requested gap.
    Optimal,
    /// Stopped by the time limit with a feasible solution (its gap is reported).
    TimeLimit,
    /// A plan proven within `mip_gap` of the optimum, above the gap asked for: the rest of
    /// the gap lies in a bound that branch-and-bound does not lift (the hourly integers' LP
    /// bound; without `--time-limit`), branch-and-bound ran its budget (as long as the
    /// search before it took, at least 1-5 s), a typical-day sizing that a full-year solve
    /// follows came within its sizing gap ([`SolveOptions::sizing_gap`]), or the hourly
    /// integers of a fixed design were rounded once; the outcome's `stop_reason` says which.
    NearOptimal,
    /// Stopped by the time limit before any feasible solution.
    TimeLimitNoSolution,
    /// No solution satisfies the constraints.
    Infeasible,
    /// The objective can decrease without bound (a modelling error).
    Unbounded,
}

impl SolveStatus {
    /// True when the solve has a plan (optimal, near optimal, or stopped with one).
    pub fn has_plan(self) -> bool {
        matches!(self, Self::Optimal | Self::TimeLimit | Self::NearOptimal)
    }
}

/// One phase of a solve.
#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    /// What was solved.
    pub name: String,
    /// Wall time, seconds.
    pub seconds: f64,
    /// Objective reached, kRMB/yr (None if no solution).
    pub objective_krmb: Option<f64>,
}

/// Smallest and largest absolute nonzero coefficients.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct Range {
    /// Smallest |value| > 0.
    pub min: f64,
    /// Largest |value|.
    pub max: f64,
}

impl Range {
    fn include(&mut self, value: f64) {
        let a = value.abs();
        if a == 0.0 || !a.is_finite() {
            return;
        }
        if self.min == 0.0 || a < self.min {
            self.min = a;
        }
        self.max = self.max.max(a);
    }

    /// Orders of magnitude spanned, `log10(max / min)`.
    pub fn orders(&self) -> f64 {
        if self.min > 0.0 {
            (self.max / self.min).log10()
        } else {
            0.0
        }
    }
}

/// Size and coefficient ranges of a problem, for `--verbose` and the plan.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ProblemStats {
    /// Columns.
    pub variables: usize,
    /// Integer columns.
    pub integers: usize,
    /// Rows.
    pub constraints: usize,
    /// Rows per family.
    pub families: BTreeMap<&'static str, usize>,
    /// Matrix coefficients.
    pub matrix: Range,
    /// Objective coefficients.
    pub objective: Range,
    /// Right-hand sides.
    pub rhs: Range,
    /// Finite variable bounds.
    pub bounds: Range,
}

impl MilpProblem {
    /// Counts rows and measures coefficient ranges.
    pub fn stats(&self) -> ProblemStats {
        let mut stats = ProblemStats {
            variables: self.vars.len(),
            constraints: self.constraints.len(),
            ..Default::default()
        };
        for (_, def) in self.vars.iter_variables_with_def() {
            stats.integers += usize::from(def.is_integer());
            stats.bounds.include(def.get_min());
            stats.bounds.include(def.get_max());
        }
        for (family, constraint) in &self.constraints {
            *stats.families.entry(family).or_default() += 1;
            let expression = constraint.expression();
            stats.rhs.include(expression.constant());
            for (_, coefficient) in expression.linear_coefficients() {
                stats.matrix.include(coefficient);
            }
        }
        for (_, coefficient) in (&self.objective).linear_coefficients() {
            stats.objective.include(coefficient);
        }
        stats
    }
}

/// Column of each variable: good_lp numbers columns in the order variables were added, but
/// keeps the number private, so it is recorded here from that order.
type ColumnIndex = HashMap<Variable, usize>;

/// Column values of a solution, readable through good_lp's [`Solution`] trait.
#[derive(Debug, Clone)]
pub struct Values {
    columns: Vec<f64>,
    column_of: std::sync::Arc<ColumnIndex>,
}

impl Solution for Values {
    fn status(&self) -> SolutionStatus {
        SolutionStatus::Optimal
    }
    fn value(&self, variable: Variable) -> f64 {
        self.columns[self.column_of[&variable]]
    }
}

/// The outcome of a solve: status is data, not an error.
#[derive(Debug, Clone)]
pub struct SolveOutcome {
    /// How it ended.
    pub status: SolveStatus,
    /// Objective, kRMB/yr, when a solution exists.
    pub objective_krmb: Option<f64>,
    /// Relative gap between the solution and the best bound.
    pub mip_gap: Option<f64>,
    /// The solution, when one exists.
    pub values: Option<Values>,
    /// Phases with their times.
    pub phases: Vec<Phase>,
    /// Total solve time, seconds.
    pub solve_seconds: f64,
    /// Why the solve stopped (`optimal within 0.010 %`, the source of a gap left).
    pub stop_reason: StopReason,
    /// Duals of the rows asked for in [`MilpProblem::dual_rows`], in that order: the change
    /// of the objective (kRMB) per unit increase of the row's right-hand side, in the LP with
    /// every integer fixed at the solution. None when not asked for or not available.
    pub row_duals: Option<Vec<f64>>,
}

/// Errors from HiGHS itself (not infeasibility, which is a status).
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// HiGHS refused the model or an option.
    #[error("HiGHS: {0}")]
    Highs(String),
    /// The input cannot be planned as asked (validation should have said so first).
    #[error("{0}")]
    Input(String),
}

/// Solves `problem` with `options`; `on_phase` is told when each phase starts.
pub fn solve(
    problem: MilpProblem,
    options: &SolveOptions,
    on_phase: &mut dyn FnMut(&str),
) -> Result<SolveOutcome, SolveError> {
    let started = Instant::now();
    let sizes = problem.sizing_integers.clone();
    let hints = problem.operational_integers;
    let has_integers = !sizes.is_empty() || !hints.is_empty();
    let dual_rows = problem.dual_rows;
    let mut solver = Solver::new(
        problem.vars,
        problem.objective,
        problem.constraints,
        options,
        !dual_rows.is_empty(),
    )?;
    let column_of = solver.column_of.clone();
    if let Some(path) = &options.write_model {
        solver.write_model(path)?;
    }

    let mut run = if !has_integers {
        on_phase("LP");
        solver.run("lp")?
    } else {
        match options.strategy {
            Strategy::Plain => {
                on_phase("MILP");
                solver.run("milp")?
            }
            Strategy::Staged | Strategy::RoundOnce => {
                let start = problem.size_start.filter(|s| {
                    options.strategy == Strategy::Staged
                        && !sizes.is_empty()
                        && s.len() == sizes.len()
                });
                staged(&mut solver, &sizes, &hints, start, options, on_phase)?
            }
        }
    };
    if solver.want_duals && run.row_duals.is_none() {
        if let Some(columns) = run.columns.clone() {
            on_phase("LP with the integers fixed (duals)");
            let user_chose_solver = options.highs_options.iter().any(|(k, _)| k == "solver");
            let warm = options.strategy == Strategy::Staged;
            let lp = solver.fixed_integer_duals(&columns, user_chose_solver, warm)?;
            if let (Some(duals), Some(lp_columns), Some(lp_objective)) =
                (lp.row_duals, lp.columns, lp.objective_krmb)
            {
                // Keep the MIP's status and gap; take the LP's flows, which match the duals
                // and cost no more than the MIP's (its solution is feasible in this LP).
                run.row_duals = Some(duals);
                run.columns = Some(lp_columns);
                run.objective_krmb =
                    Some(lp_objective.min(run.objective_krmb.unwrap_or(f64::INFINITY)));
            }
        }
    }
    let row_duals = run
        .row_duals
        .as_ref()
        .filter(|_| !dual_rows.is_empty())
        .map(|all| dual_rows.iter().map(|r| all[*r]).collect());
    let mip_gap = if has_integers { run.mip_gap } else { Some(0.0) };
    let stop_reason = run
        .stop_reason
        .clone()
        .unwrap_or_else(|| default_stop_reason(run.status, mip_gap, options));
    Ok(SolveOutcome {
        status: run.status,
        stop_reason,
        objective_krmb: run.objective_krmb,
        mip_gap,
        values: run.columns.map(|columns| Values { columns, column_of }),
        phases: solver.phases,
        solve_seconds: started.elapsed().as_secs_f64(),
        row_duals,
    })
}

/// Why a solve stopped, when the strategy did not say: from its status and gap.
fn default_stop_reason(
    status: SolveStatus,
    gap: Option<f64>,
    options: &SolveOptions,
) -> StopReason {
    match status {
        SolveStatus::Optimal => StopReason::Optimal { gap, asked: None },
        SolveStatus::NearOptimal => StopReason::WithinBound { gap },
        SolveStatus::TimeLimit => StopReason::TimeLimit {
            limit_s: options.time_limit_s,
            gap,
        },
        SolveStatus::TimeLimitNoSolution => StopReason::TimeLimitNoPlan,
        SolveStatus::Infeasible => StopReason::Infeasible,
        SolveStatus::Unbounded => StopReason::Unbounded,
    }
}

/// HiGHS's version as the linked library reports it (`1.16.0`).
pub fn highs_version() -> String {
    // SAFETY: HiGHS returns a pointer to a static NUL-terminated string.
    let text = unsafe { std::ffi::CStr::from_ptr(highs_sys::Highs_version()) };
    text.to_string_lossy().into_owned()
}

/// With a rounded solution in hand, the staged strategy's MILP phase gets as long as the
/// phases before it took, and at least this, seconds (within any time limit).
pub const MIN_MILP_BUDGET_S: f64 = 5.0;
