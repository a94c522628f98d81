//! Solving a MILP on HiGHS: options, the staged strategy, status and phase timings.
//!
//! Knows nothing of technologies: it sees variables, constraints, an objective and which
//! integers are sizes.

use good_lp::solvers::highs::highs;
use good_lp::{
    Constraint, Expression, IntoAffineExpression, ProblemVariables, Solution, SolutionStatus,
    SolverModel, Variable,
};
use highs::{HighsModelStatus, HighsSolutionStatus};
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
    /// Other integer variables (hourly binaries, commitment), each with a hint.
    pub operational_integers: Vec<OperationalInteger>,
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
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            time_limit_s: None,
            mip_gap: 1e-3,
            threads: None,
            verbose: false,
            strategy: Strategy::Staged,
            highs_options: Vec::new(),
            write_model: None,
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
    /// Stopped by the time limit before any feasible solution.
    TimeLimitNoSolution,
    /// No solution satisfies the constraints.
    Infeasible,
    /// The objective can decrease without bound (a modelling error).
    Unbounded,
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
}

struct Run {
    status: SolveStatus,
    objective_krmb: Option<f64>,
    mip_gap: Option<f64>,
    columns: Option<Vec<f64>>,
    /// Row duals, when HiGHS has a feasible dual solution (LPs only) and duals are wanted.
    row_duals: Option<Vec<f64>>,
}

/// A HiGHS model with the bookkeeping the strategies need.
struct Solver {
    model: Option<highs::Model>,
    integer_columns: Vec<highs_sys::HighsInt>,
    column_of: std::sync::Arc<ColumnIndex>,
    objective_constant_krmb: f64,
    started: Instant,
    time_limit_s: Option<f64>,
    phases: Vec<Phase>,
    want_duals: bool,
}

impl Solver {
    fn set<V: highs::HighsOptionValue>(
        &mut self,
        option: &str,
        value: V,
    ) -> Result<(), SolveError> {
        self.model
            .as_mut()
            .expect("model present between runs")
            .try_set_option(option, value)
            .map_err(|_| SolveError::Highs(format!("option {option} rejected")))
    }

    /// Sets an option given as text, as the type it parses to (bool, integer, float, text).
    fn set_text(&mut self, option: &str, value: &str) -> Result<(), SolveError> {
        if let Ok(b) = value.parse::<bool>() {
            self.set(option, b)
        } else if let Ok(i) = value.parse::<i32>() {
            self.set(option, i)
                .or_else(|_| self.set(option, f64::from(i)))
        } else if let Ok(f) = value.parse::<f64>() {
            self.set(option, f)
        } else {
            self.set(option, value)
        }
    }

    /// Writes the model to `path` (format from the extension: `.mps`, `.lp`).
    fn write_model(&mut self, path: &std::path::Path) -> Result<(), SolveError> {
        let name = std::ffi::CString::new(path.display().to_string())
            .map_err(|_| SolveError::Highs(format!("{}: not a file name", path.display())))?;
        let model = self.model.as_mut().expect("model present between runs");
        // SAFETY: the pointer is the live HiGHS instance owned by `model`; `name` is a
        // NUL-terminated string that outlives the call.
        let status = unsafe { highs_sys::Highs_writeModel(model.as_mut_ptr(), name.as_ptr()) };
        if status == highs_sys::kHighsStatusError {
            return Err(SolveError::Highs(format!(
                "{}: the model could not be written",
                path.display()
            )));
        }
        Ok(())
    }

    fn remaining_s(&self) -> Option<f64> {
        self.time_limit_s
            .map(|limit| (limit - self.started.elapsed().as_secs_f64()).max(0.01))
    }

    /// Marks every integer column continuous (`false`) or integer again (`true`). Changing
    /// integrality in place, rather than HiGHS's `solve_relaxation`, keeps the LP in this
    /// instance so that later LPs warm-start from its basis.
    fn set_integrality(&mut self, integer: bool) -> Result<(), SolveError> {
        let kind = if integer {
            highs_sys::kHighsVarTypeInteger
        } else {
            highs_sys::kHighsVarTypeContinuous
        };
        let kinds = vec![kind; self.integer_columns.len()];
        let count = highs_sys::HighsInt::try_from(self.integer_columns.len())
            .map_err(|_| SolveError::Highs("too many integer columns".into()))?;
        let model = self.model.as_mut().expect("model present between runs");
        // SAFETY: the pointer is the live HiGHS instance owned by `model`; both arrays have
        // `count` entries and the indices are columns of that instance.
        let status = unsafe {
            highs_sys::Highs_changeColsIntegralityBySet(
                model.as_mut_ptr(),
                count,
                self.integer_columns.as_ptr(),
                kinds.as_ptr(),
            )
        };
        if status == highs_sys::kHighsStatusError {
            return Err(SolveError::Highs("integrality change rejected".into()));
        }
        Ok(())
    }

    fn run(&mut self, phase: &str) -> Result<Run, SolveError> {
        self.run_within(phase, None)
    }

    /// Runs HiGHS for at most `cap_s` seconds (and what remains of the time limit).
    fn run_within(&mut self, phase: &str, cap_s: Option<f64>) -> Result<Run, SolveError> {
        let started = Instant::now();
        let limit = match (self.remaining_s(), cap_s) {
            (Some(remaining), Some(cap)) => Some(remaining.min(cap)),
            (remaining, cap) => remaining.or(cap),
        };
        // HiGHS compares `time_limit` with its run clock, which keeps counting across the
        // solves of one instance; zeroed here, so each run gets its own limit.
        let model = self.model.as_mut().expect("model present between runs");
        // SAFETY: the pointer is the live HiGHS instance owned by `model`.
        unsafe { highs_sys::Highs_zeroAllClocks(model.as_mut_ptr()) };
        self.set("time_limit", limit.unwrap_or(f64::INFINITY))?;
        let model = self.model.take().expect("model present between runs");
        let solved = model
            .try_solve()
            .map_err(|e| SolveError::Highs(format!("{phase}: {e:?}")))?;
        let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
        let status = match solved.status() {
            HighsModelStatus::Optimal => SolveStatus::Optimal,
            HighsModelStatus::Infeasible => SolveStatus::Infeasible,
            HighsModelStatus::Unbounded | HighsModelStatus::UnboundedOrInfeasible => {
                SolveStatus::Unbounded
            }
            HighsModelStatus::ReachedTimeLimit
            | HighsModelStatus::ReachedIterationLimit
            | HighsModelStatus::ReachedInterrupt
            | HighsModelStatus::ReachedSolutionLimit => {
                if has_solution {
                    SolveStatus::TimeLimit
                } else {
                    SolveStatus::TimeLimitNoSolution
                }
            }
            other => return Err(SolveError::Highs(format!("{phase}: status {other:?}"))),
        };
        let usable =
            has_solution && matches!(status, SolveStatus::Optimal | SolveStatus::TimeLimit);
        let objective_krmb =
            usable.then(|| solved.objective_value() + self.objective_constant_krmb);
        let gap = solved.mip_gap();
        // 2 = kSolutionStatusFeasible: a dual solution exists (LPs only).
        let has_duals = self.want_duals
            && usable
            && solved
                .int_info_value(c"dual_solution_status")
                .is_ok_and(|s| s == 2);
        let solution = usable.then(|| solved.get_solution());
        let run = Run {
            status,
            objective_krmb,
            mip_gap: (usable && gap.is_finite()).then_some(gap),
            columns: solution.as_ref().map(|s| s.columns().to_vec()),
            row_duals: solution
                .as_ref()
                .filter(|_| has_duals)
                .map(|s| s.dual_rows().to_vec()),
        };
        self.model = Some(solved.into());
        self.phases.push(Phase {
            name: phase.to_string(),
            seconds: started.elapsed().as_secs_f64(),
            objective_krmb,
        });
        Ok(run)
    }

    /// Sets the bounds of column `index` (the highs crate hides column handles of a model
    /// built through good_lp, so this goes through the C API).
    fn set_bounds(&mut self, index: usize, lower: f64, upper: f64) -> Result<(), SolveError> {
        let model = self.model.as_mut().expect("model present between runs");
        let column = highs_sys::HighsInt::try_from(index)
            .map_err(|_| SolveError::Highs(format!("column {index} out of range")))?;
        // SAFETY: the pointer is the live HiGHS instance owned by `model`, and `column` is a
        // column of that instance (good_lp numbers columns in variable order).
        let status =
            unsafe { highs_sys::Highs_changeColBounds(model.as_mut_ptr(), column, lower, upper) };
        if status == highs_sys::kHighsStatusError {
            return Err(SolveError::Highs(format!(
                "bounds of column {index} rejected"
            )));
        }
        Ok(())
    }

    fn fix(&mut self, sizes: &[SizingInteger], values: &[f64]) -> Result<(), SolveError> {
        for (size, value) in sizes.iter().zip(values) {
            self.set_bounds(self.column_of[&size.var], *value, *value)?;
        }
        Ok(())
    }

    /// Duals of a MIP solution: fixes every integer column at its (rounded) value, relaxes
    /// integrality and solves the LP that is left. Returns that LP's run (same objective up
    /// to the MIP tolerances; its columns are consistent with the duals). The LP gets at least
    /// 10 s, or a tenth of the time limit, even when the MIP used up the limit.
    fn fixed_integer_duals(
        &mut self,
        columns: &[f64],
        user_chose_solver: bool,
        warm: bool,
    ) -> Result<Run, SolveError> {
        let integer_columns = self.integer_columns.clone();
        for column in &integer_columns {
            let index = usize::try_from(*column).unwrap_or_default();
            let value = columns[index].round();
            self.set_bounds(index, value, value)?;
        }
        self.set_integrality(false)?;
        if let Some(limit) = self.time_limit_s {
            let elapsed = self.started.elapsed().as_secs_f64();
            let allowance = (limit - elapsed).max(10.0).max(0.1 * limit);
            self.time_limit_s = Some(elapsed + allowance);
        }
        // After the staged strategy the instance still holds the basis of its last LP, so
        // dual simplex starts warm; after a plain MILP the LP is cold: interior point with
        // crossover (a basis, so duals), as for the relaxation.
        if !user_chose_solver {
            self.set("solver", if warm { "simplex" } else { "ipm" })?;
        }
        self.run("fixed-integers lp (duals)")
    }

    fn release(&mut self, sizes: &[SizingInteger]) -> Result<(), SolveError> {
        for size in sizes {
            self.set_bounds(self.column_of[&size.var], size.min, size.max)?;
        }
        Ok(())
    }
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
    let objective_constant_krmb = problem.objective.constant();
    let column_of: std::sync::Arc<ColumnIndex> = std::sync::Arc::new(
        problem
            .vars
            .iter_variables_with_def()
            .enumerate()
            .map(|(column, (var, _))| (var, column))
            .collect(),
    );
    let integer_columns = problem
        .vars
        .iter_variables_with_def()
        .enumerate()
        .filter(|(_, (_, def))| def.is_integer())
        .filter_map(|(column, _)| highs_sys::HighsInt::try_from(column).ok())
        .collect();
    let mut highs_problem = problem.vars.minimise(problem.objective).using(highs);
    for (_, constraint) in problem.constraints {
        highs_problem.add_constraint(constraint);
    }
    let mut model = highs_problem
        .try_into_inner()
        .map_err(|e| SolveError::Highs(e.to_string()))?;
    if options.verbose {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    }
    let mut solver = Solver {
        model: Some(model),
        integer_columns,
        column_of: column_of.clone(),
        objective_constant_krmb,
        started,
        time_limit_s: options.time_limit_s,
        phases: Vec::new(),
        want_duals: !dual_rows.is_empty(),
    };
    solver.set("mip_rel_gap", options.mip_gap)?;
    if let Some(threads) = options.threads {
        solver.set("threads", threads as i32)?;
    }
    for (name, value) in &options.highs_options {
        solver.set_text(name, value)?;
    }
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
            Strategy::Staged => staged(&mut solver, &sizes, &hints, options, on_phase)?,
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
    Ok(SolveOutcome {
        status: run.status,
        objective_krmb: run.objective_krmb,
        mip_gap: if has_integers { run.mip_gap } else { Some(0.0) },
        values: run.columns.map(|columns| Values { columns, column_of }),
        phases: solver.phases,
        solve_seconds: started.elapsed().as_secs_f64(),
        row_duals,
    })
}

/// When no `time_limit_s` is given and a rounded solution already exists, the staged
/// strategy's MILP phase gets as long as the phases before it took, and at least this,
/// seconds.
pub const MIN_MILP_BUDGET_S: f64 = 60.0;

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

/// The warm dual simplex of the hourly-rounded LP runs for at most this many times the
/// relaxation's time before the interior point takes over.
const WARM_SIMPLEX_CAP: f64 = 3.0;

/// A size candidate after the first gets at most this many times the first one's time...
const CANDIDATE_CAP_FACTOR: f64 = 2.0;
/// ...and at least this many seconds.
const MIN_CANDIDATE_CAP_S: f64 = 10.0;

/// Most candidate roundings evaluated (all floor/ceil combinations of up to 4 sizes).
const MAX_CANDIDATES: usize = 16;

/// Distance from an integer below which a relaxed size counts as that integer.
const INTEGRALITY_TOLERANCE: f64 = 1e-6;

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

fn relative_gap(objective: f64, bound: f64) -> f64 {
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
/// (warm-started) gives a feasible solution. Returns the feasible run, if any.
fn evaluate_fixed_sizes(
    solver: &mut Solver,
    hints: &[OperationalInteger],
    label: &str,
) -> Result<Run, SolveError> {
    let relaxed = solver.run(&format!("{label} lp"))?;
    if hints.is_empty() {
        return Ok(relaxed);
    }
    let Some(columns) = relaxed.columns.as_ref() else {
        return Ok(relaxed);
    };
    let rounded = round_hints(columns, &solver.column_of, hints);
    let integer_columns: Vec<IntegerColumn> = hints.iter().map(|h| h.column).collect();
    solver.fix(&integer_columns, &rounded)?;
    let completed = solver.run(&format!("{label} rounded"));
    solver.release(&integer_columns)?;
    completed
}

/// A box of integer sizes with the LP bound over it and the sizes of that LP's solution
/// (`None` when its LP ran out of time: the box keeps its parent's bound and is not split).
struct SizeNode {
    box_bounds: Vec<(f64, f64)>,
    bound_krmb: f64,
    sizes: Option<Vec<f64>>,
}

/// The most fractional size of `node` (its index and value), if any is further than
/// [`INTEGRALITY_TOLERANCE`] from an integer.
fn most_fractional(node: &SizeNode) -> Option<(usize, f64)> {
    node.sizes
        .as_ref()?
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, v)| (v - v.round()).abs() > INTEGRALITY_TOLERANCE)
        .max_by(|a, b| {
            (a.1 - a.1.round())
                .abs()
                .total_cmp(&(b.1 - b.1.round()).abs())
        })
}

/// A lower bound on the MILP from branching on the integer sizes only, best bound first:
/// each box is split at its LP's most fractional size (`≤ floor`, `≥ ceil`), each side's
/// LP (every integer relaxed) bounds the plans in it, an infeasible side drops out, and the
/// least bound over the open boxes is a bound on the whole. Stops when that bound reaches
/// `proven_at`, when the least box has integral sizes (only the hourly integers are left to
/// branch on), or after `budget_s`. Each LP gets warm dual simplex for `simplex_cap_s`, then
/// the interior point. Integrality must be off.
fn size_branching_bound(
    solver: &mut Solver,
    sizes: &[SizingInteger],
    root: SizeNode,
    proven_at: f64,
    budget_s: f64,
    simplex_cap_s: Option<f64>,
) -> Result<f64, SolveError> {
    let started = Instant::now();
    let root_bound = root.bound_krmb;
    let mut open = vec![root];
    loop {
        let least = open
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.bound_krmb.total_cmp(&b.1.bound_krmb))
            .map(|(i, _)| i);
        let Some(least) = least else {
            // Every box infeasible although a plan exists: numerical trouble, so no claim.
            return Ok(root_bound);
        };
        let node = &open[least];
        let budget_left = budget_s - started.elapsed().as_secs_f64();
        let Some((branch_on, value)) = most_fractional(node) else {
            return Ok(node.bound_krmb);
        };
        if node.bound_krmb >= proven_at || budget_left <= 0.0 {
            return Ok(node.bound_krmb);
        }
        let node = open.swap_remove(least);
        let (lo, hi) = node.box_bounds[branch_on];
        for (child_lo, child_hi) in [(lo, value.floor()), (value.ceil(), hi)] {
            if child_lo > child_hi {
                continue;
            }
            let mut box_bounds = node.box_bounds.clone();
            box_bounds[branch_on] = (child_lo, child_hi);
            for (size, (l, h)) in sizes.iter().zip(&box_bounds) {
                solver.set_bounds(solver.column_of[&size.var], *l, *h)?;
            }
            let label = format!(
                "size-branch [{}]",
                box_bounds
                    .iter()
                    .map(|(l, h)| format!("{l:.0}-{h:.0}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let left = (budget_s - started.elapsed().as_secs_f64()).max(0.01);
            let mut run =
                solver.run_within(&label, Some(simplex_cap_s.map_or(left, |c| c.min(left))))?;
            let left = budget_s - started.elapsed().as_secs_f64();
            let stopped = matches!(
                run.status,
                SolveStatus::TimeLimit | SolveStatus::TimeLimitNoSolution
            );
            if simplex_cap_s.is_some() && stopped && left > 0.0 {
                // Far from the last basis: the interior point, as for the relaxation.
                solver.set("solver", "ipm")?;
                run = solver.run_within(&format!("{label} (interior point)"), Some(left))?;
                solver.set("solver", "simplex")?;
            }
            match (run.status, run.objective_krmb, run.columns.as_ref()) {
                (SolveStatus::Infeasible, _, _) => {}
                (SolveStatus::Optimal, Some(child_bound), Some(columns)) => open.push(SizeNode {
                    box_bounds,
                    bound_krmb: child_bound.max(node.bound_krmb),
                    sizes: Some(
                        sizes
                            .iter()
                            .map(|s| columns[solver.column_of[&s.var]])
                            .collect(),
                    ),
                }),
                _ => open.push(SizeNode {
                    box_bounds,
                    bound_krmb: node.bound_krmb,
                    sizes: None,
                }),
            }
        }
    }
}

fn staged(
    solver: &mut Solver,
    sizes: &[SizingInteger],
    hints: &[OperationalInteger],
    options: &SolveOptions,
    on_phase: &mut dyn FnMut(&str),
) -> Result<Run, SolveError> {
    on_phase("LP relaxation");
    solver.set_integrality(false)?;
    // The cold LP goes to the interior-point solver (with crossover, so a basis remains);
    // the warm re-solves after it to dual simplex. A `solver` given by the user wins.
    let user_chose_solver = options.highs_options.iter().any(|(k, _)| k == "solver");
    if !user_chose_solver {
        solver.set("solver", "ipm")?;
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
        let mut run = if user_chose_solver {
            solver.run("hourly-rounded lp")?
        } else {
            let cap = WARM_SIMPLEX_CAP * relaxation_s;
            solver.run_within("hourly-rounded lp (dual simplex)", Some(cap))?
        };
        if !user_chose_solver && run.status != SolveStatus::Optimal {
            solver.set("solver", "ipm")?;
            run = solver.run("hourly-rounded lp (interior point)")?;
            solver.set("solver", "simplex")?;
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
    // longer is far from the relaxation's plan, or infeasible, and is abandoned.
    let mut candidate_cap_s: Option<f64> = None;
    for (i, point) in candidates(sizes, &centre).iter().enumerate() {
        if solver.remaining_s().is_some_and(|r| r <= 0.01) {
            break;
        }
        on_phase(&format!("fixed sizes {}", i + 1));
        solver.fix(sizes, point)?;
        let label = format!(
            "fixed-sizes [{}]",
            point
                .iter()
                .map(|v| format!("{v:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let run = if hourly_fixed {
            let started = Instant::now();
            let run = solver.run_within(&label, candidate_cap_s)?;
            candidate_cap_s.get_or_insert(
                (CANDIDATE_CAP_FACTOR * started.elapsed().as_secs_f64()).max(MIN_CANDIDATE_CAP_S),
            );
            run
        } else {
            evaluate_fixed_sizes(solver, hints, &label)?
        };
        let better = match (
            &run.objective_krmb,
            best.as_ref().and_then(|b| b.objective_krmb),
        ) {
            (Some(new), Some(old)) => *new < old,
            (Some(_), None) => true,
            _ => false,
        };
        if better && run.status == SolveStatus::Optimal {
            best = Some(run);
        }
    }
    if hourly_fixed {
        solver.release(&hourly)?;
    }
    solver.release(sizes)?;

    // When rounding the sizes makes most of the gap, branching on them lifts the bound.
    let mut bound = bound;
    if let Some(objective) = best.as_ref().and_then(|b| b.objective_krmb) {
        let proven_at = objective - options.mip_gap * objective.abs();
        let from_sizes = objective - hourly_rounded_krmb;
        if bound < proven_at && from_sizes >= hourly_rounded_krmb - bound {
            let budget_s = match solver.remaining_s() {
                Some(remaining) => 0.5 * remaining,
                None => solver
                    .started
                    .elapsed()
                    .as_secs_f64()
                    .max(MIN_MILP_BUDGET_S),
            };
            on_phase("bound by branching on sizes");
            let root = SizeNode {
                box_bounds: sizes.iter().map(|s| (s.min, s.max)).collect(),
                bound_krmb: bound,
                sizes: Some(relaxed_sizes),
            };
            // Warm dual simplex for as long as the relaxation took, then the interior point
            // (unless the user chose the solver).
            let simplex_cap_s = (!user_chose_solver).then_some(relaxation_s);
            bound = size_branching_bound(solver, sizes, root, proven_at, budget_s, simplex_cap_s)?;
            solver.release(sizes)?;
        }
    }
    solver.set_integrality(true)?;

    if let Some(incumbent) = best.as_mut() {
        let objective = incumbent.objective_krmb.unwrap_or(f64::INFINITY);
        let gap = relative_gap(objective, bound);
        if gap <= options.mip_gap {
            incumbent.mip_gap = Some(gap);
            return Ok(best.expect("checked above"));
        }
    }

    on_phase("MILP from the best rounding");
    if solver.time_limit_s.is_none() && best.is_some() {
        // With a solution in hand and no limit given, the branch-and-bound gets a budget: on
        // a full year it seldom moves the relaxation's bound (see README, Solve strategy).
        let elapsed = solver.started.elapsed().as_secs_f64();
        solver.time_limit_s = Some(elapsed + elapsed.max(MIN_MILP_BUDGET_S));
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
    // When the MILP found nothing better than its start, the start (an LP with every integer
    // fixed) is the answer, and it already has its duals.
    if let (Some(objective), Some(incumbent)) = (finished.objective_krmb, best.as_ref()) {
        let start = incumbent.objective_krmb.unwrap_or(f64::INFINITY);
        if objective >= start - 1e-9 * start.abs().max(1.0) {
            let mut incumbent = best.expect("checked above");
            incumbent.status = finished.status;
            incumbent.mip_gap = finished.mip_gap;
            return Ok(incumbent);
        }
    }
    if finished.objective_krmb.is_none() {
        if let Some(mut incumbent) = best {
            incumbent.status = finished.status;
            incumbent.mip_gap = incumbent.objective_krmb.map(|o| relative_gap(o, bound));
            return Ok(incumbent);
        }
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
        // A size a hair from an integer is that integer.
        let points = candidates(&sizes, &[4.0 - 1e-9, 1e-9]);
        assert_eq!(points, vec![vec![4.0, 0.0]]);
        // ...and one a hair below zero is a positive zero.
        let points = candidates(&sizes, &[2.0, -1e-12]);
        assert!(points[0][1].is_sign_positive(), "{points:?}");
    }
}
