//! One HiGHS instance with the bookkeeping the strategies need: options, time limits,
//! bounds and integrality changed in place, phases.

use super::{ColumnIndex, Phase, SizingInteger, SolveError, SolveOptions, SolveStatus};
use highs::{HighsModelStatus, HighsSolutionStatus};
use std::time::Instant;

pub(super) struct Run {
    pub(super) status: SolveStatus,
    pub(super) objective_krmb: Option<f64>,
    pub(super) mip_gap: Option<f64>,
    pub(super) columns: Option<Vec<f64>>,
    /// Row duals, when HiGHS has a feasible dual solution (LPs only) and duals are wanted.
    pub(super) row_duals: Option<Vec<f64>>,
    /// Why the strategy stopped, when it says so.
    pub(super) stop_reason: Option<super::StopReason>,
}

/// The interior point hands over to crossover once its point meets this tolerance (HiGHS's
/// default is 1e-8); see [`Solver::new`].
const START_CROSSOVER_TOLERANCE: f64 = 1e-9;

/// The suffix of a phase solved again from scratch after HiGHS ended it without a verdict.
const COLD_RETRY: &str = " (again, cold)";
/// The suffix of a phase solved by the interior point after the cold retry also ended
/// without a verdict (a value-curve point of the 100-park benchmark province did).
const IPM_RETRY: &str = " (again, interior point)";

/// The `solver` option of `model` (`choose` when it cannot be read).
fn solver_option(model: &highs::Model) -> String {
    let mut buffer = vec![0 as std::os::raw::c_char; 512];
    // SAFETY: the pointer is the live HiGHS instance owned by `model`; HiGHS writes a
    // NUL-terminated option value shorter than its 512-byte limit into `buffer`.
    let status = unsafe {
        highs_sys::Highs_getStringOptionValue(
            model.as_ptr(),
            c"solver".as_ptr(),
            buffer.as_mut_ptr(),
        )
    };
    if status == highs_sys::kHighsStatusError {
        return "choose".into();
    }
    // SAFETY: `buffer` holds a NUL-terminated string (zeroed beyond it).
    unsafe { std::ffi::CStr::from_ptr(buffer.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// Sets HiGHS option `option` from text, as the type it parses to (bool, integer, float,
/// text; an integer HiGHS refuses is tried as a float).
fn set_text(
    model: &mut highs::Model,
    option: &str,
    value: &str,
) -> Result<(), highs::TrySetOptionError> {
    if let Ok(b) = value.parse::<bool>() {
        model.try_set_option(option, b)
    } else if let Ok(i) = value.parse::<i32>() {
        model
            .try_set_option(option, i)
            .or_else(|_| model.try_set_option(option, f64::from(i)))
    } else if let Ok(f) = value.parse::<f64>() {
        model.try_set_option(option, f)
    } else {
        model.try_set_option(option, value)
    }
}

/// Checks, on an empty HiGHS instance, that HiGHS takes option `option` with `value` (read
/// as [`Solver`] will read it), so a mistake is refused before any model is built.
///
/// # Errors
/// A message naming the option and the value when HiGHS has no such option or refuses the
/// value (wrong type, out of range).
pub fn check_highs_option(option: &str, value: &str) -> Result<(), String> {
    let mut model = highs::Model::new(highs::ColProblem::default());
    set_text(&mut model, option, value).map_err(|_| {
        format!(
            "HiGHS refuses {option}={value}: no such option, or a value of the wrong type or \
             out of range (the options: https://ergo-code.github.io/HiGHS/stable/options/definitions/)"
        )
    })
}

/// A HiGHS model with the bookkeeping the strategies need.
pub(super) struct Solver {
    pub(super) model: Option<highs::Model>,
    pub(super) integer_columns: Vec<highs_sys::HighsInt>,
    pub(super) column_of: std::sync::Arc<ColumnIndex>,
    pub(super) objective_constant_krmb: f64,
    pub(super) started: Instant,
    pub(super) time_limit_s: Option<f64>,
    pub(super) phases: Vec<Phase>,
    pub(super) want_duals: bool,
    /// True while [`Solver::set_cutoff`] has a cutoff in force: an LP that passes it ends
    /// `Infeasible` (no plan in it beats the cutoff) rather than in an error.
    cutoff_in_force: bool,
    /// The thread count HiGHS is asked for (`threads`), if any.
    threads: Option<i32>,
}

thread_local! {
    /// The thread count this thread's HiGHS scheduler was last set up for by a [`Solver`].
    static SCHEDULER_THREADS: std::cell::Cell<Option<i32>> = const { std::cell::Cell::new(None) };
}

/// Makes this thread's HiGHS scheduler one of `threads` threads. HiGHS keeps one scheduler
/// per thread, made by the first run on it, and refuses a later run that asks for another
/// count ("Option 'threads' is set to 1 but the scheduler has already been initialized to
/// use 2 threads"): `allocate --method all` failed so, its price loop's small LPs (HiGHS's
/// default count) having run before the joint model on the same thread. So a scheduler that
/// this thread did not set up for `threads` is shut down, and the run makes a new one.
fn scheduler_for(threads: i32) {
    SCHEDULER_THREADS.with(|made| {
        if made.get() != Some(threads) {
            // SAFETY: no HiGHS run is in progress on this thread (runs are synchronous),
            // and the call joins the old scheduler's workers before it returns (blocking).
            unsafe { highs_sys::Highs_resetThreadScheduler(1) };
            made.set(Some(threads));
        }
    });
}

impl Solver {
    /// A HiGHS instance holding the problem, with the options of `options` set (gap,
    /// threads, pass-through options, the log when verbose). The clock starts now.
    pub(super) fn new(
        vars: good_lp::ProblemVariables,
        objective: good_lp::Expression,
        constraints: Vec<(&'static str, good_lp::Constraint)>,
        options: &SolveOptions,
        want_duals: bool,
    ) -> Result<Self, SolveError> {
        use good_lp::solvers::highs::highs;
        use good_lp::{IntoAffineExpression, SolverModel};
        let started = Instant::now();
        let objective_constant_krmb = objective.constant();
        let column_of: std::sync::Arc<ColumnIndex> = std::sync::Arc::new(
            vars.iter_variables_with_def()
                .enumerate()
                .map(|(column, (var, _))| (var, column))
                .collect(),
        );
        let integer_columns = vars
            .iter_variables_with_def()
            .enumerate()
            .filter(|(_, (_, def))| def.is_integer())
            .filter_map(|(column, _)| highs_sys::HighsInt::try_from(column).ok())
            .collect();
        let mut highs_problem = vars.minimise(objective).using(highs);
        for (_, constraint) in constraints {
            highs_problem.add_constraint(constraint);
        }
        let mut model = highs_problem
            .try_into_inner()
            .map_err(|e| SolveError::Highs(e.to_string()))?;
        if options.verbose {
            model.set_option("output_flag", true);
            model.set_option("log_to_console", true);
        }
        // The thread count HiGHS will be asked for: `--highs-option threads=N` wins.
        let threads = options
            .highs_options
            .iter()
            .rev()
            .find(|(k, _)| k == "threads")
            .and_then(|(_, v)| v.parse::<i32>().ok())
            .or(options.threads.and_then(|t| i32::try_from(t).ok()));
        let mut solver = Self {
            model: Some(model),
            threads,
            integer_columns,
            column_of,
            objective_constant_krmb,
            started,
            time_limit_s: options.time_limit_s,
            phases: Vec::new(),
            want_duals,
            cutoff_in_force: false,
        };
        solver.set("mip_rel_gap", options.mip_gap)?;
        // HiPO's last point must also pass IPX's own test before crossover; when it misses by
        // a hair, IPX runs interior-point iterations of its own (about 14 s each on a
        // full-year park: 76 s instead of 46 s for the Yancheng relaxation with 44 PV factors
        // moved to the 1e-3 floor). At 1e-9 HiPO goes on until both agree, at 0-2 more of its
        // cheap iterations. A value given by the user wins.
        if !options
            .highs_options
            .iter()
            .any(|(k, _)| k == "start_crossover_tolerance")
        {
            solver.set("start_crossover_tolerance", START_CROSSOVER_TOLERANCE)?;
        }
        if let Some(threads) = options.threads {
            solver.set("threads", threads as i32)?;
        }
        for (name, value) in &options.highs_options {
            solver.set_text(name, value)?;
        }
        Ok(solver)
    }

    pub(super) fn set<V: highs::HighsOptionValue>(
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
    pub(super) fn set_text(&mut self, option: &str, value: &str) -> Result<(), SolveError> {
        let model = self.model.as_mut().expect("model present between runs");
        set_text(model, option, value)
            .map_err(|_| SolveError::Highs(format!("option {option} rejected")))
    }

    /// Writes the model to `path` (format from the extension: `.mps`, `.lp`).
    pub(super) fn write_model(&mut self, path: &std::path::Path) -> Result<(), SolveError> {
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

    pub(super) fn remaining_s(&self) -> Option<f64> {
        self.time_limit_s
            .map(|limit| (limit - self.started.elapsed().as_secs_f64()).max(0.01))
    }

    /// Marks every integer column continuous (`false`) or integer again (`true`). Changing
    /// integrality in place, rather than HiGHS's `solve_relaxation`, keeps the LP in this
    /// instance so that later LPs warm-start from its basis.
    pub(super) fn set_integrality(&mut self, integer: bool) -> Result<(), SolveError> {
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

    pub(super) fn run(&mut self, phase: &str) -> Result<Run, SolveError> {
        self.run_within(phase, None)
    }

    /// Runs HiGHS for at most `cap_s` seconds (and what remains of the time limit).
    pub(super) fn run_within(
        &mut self,
        phase: &str,
        cap_s: Option<f64>,
    ) -> Result<Run, SolveError> {
        let started = Instant::now();
        let limit = match (self.remaining_s(), cap_s) {
            (Some(remaining), Some(cap)) => Some(remaining.min(cap)),
            (remaining, cap) => remaining.or(cap),
        };
        if let Some(threads) = self.threads.filter(|t| *t > 0) {
            scheduler_for(threads);
        }
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
            // Dual simplex passed the cutoff of `set_cutoff`: no plan here beats it.
            HighsModelStatus::ObjectiveBound if self.cutoff_in_force => SolveStatus::Infeasible,
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
            HighsModelStatus::Unknown if phase.ends_with(COLD_RETRY) => {
                // Dual simplex from scratch ended without a verdict too: the interior point,
                // once, then the solver chosen before.
                let mut model: highs::Model = solved.into();
                let before = solver_option(&model);
                // SAFETY: the pointer is the live HiGHS instance owned by `model`.
                unsafe { highs_sys::Highs_clearSolver(model.as_mut_ptr()) };
                self.model = Some(model);
                self.set("solver", "ipm")?;
                let run = self.run_within(&format!("{phase}{IPM_RETRY}"), cap_s);
                self.set("solver", before.as_str())?;
                return run;
            }
            HighsModelStatus::Unknown if !phase.ends_with(IPM_RETRY) => {
                // A warm re-solve that ends without a verdict (HiGHS's cleanup after dual
                // simplex failing numerically) is solved again from scratch, once.
                let mut model: highs::Model = solved.into();
                // SAFETY: the pointer is the live HiGHS instance owned by `model`.
                let cleared = unsafe { highs_sys::Highs_clearSolver(model.as_mut_ptr()) };
                if cleared == highs_sys::kHighsStatusError {
                    return Err(SolveError::Highs(format!(
                        "{phase}: status Unknown, and the solver could not be cleared to \
                         solve it again"
                    )));
                }
                self.model = Some(model);
                self.phases.push(Phase {
                    name: format!("{phase}: no verdict"),
                    seconds: started.elapsed().as_secs_f64(),
                    objective_krmb: None,
                });
                return self.run_within(&format!("{phase}{COLD_RETRY}"), cap_s);
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
            stop_reason: None,
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
    pub(super) fn set_bounds(
        &mut self,
        index: usize,
        lower: f64,
        upper: f64,
    ) -> Result<(), SolveError> {
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

    pub(super) fn fix(
        &mut self,
        sizes: &[SizingInteger],
        values: &[f64],
    ) -> Result<(), SolveError> {
        for (size, value) in sizes.iter().zip(values) {
            self.set_bounds(self.column_of[&size.var], *value, *value)?;
        }
        Ok(())
    }

    /// Duals of a MIP solution: fixes every integer column at its (rounded) value, relaxes
    /// integrality and solves the LP that is left. Returns that LP's run (same objective up
    /// to the MIP tolerances; its columns are consistent with the duals). The LP gets at least
    /// 10 s, or a tenth of the time limit, even when the MIP used up the limit.
    pub(super) fn fixed_integer_duals(
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

    /// Sets HiGHS's `objective_bound` to `cutoff_krmb` (in the plan's objective, with its
    /// constant), or takes it away with `None`: dual simplex stops once its objective passes
    /// the cutoff, and the run ends `Infeasible`. HiGHS applies it to warm re-solves without
    /// presolve only (a presolved LP runs to its end).
    pub(super) fn set_cutoff(&mut self, cutoff_krmb: Option<f64>) -> Result<(), SolveError> {
        let value = cutoff_krmb.map_or(f64::INFINITY, |c| c - self.objective_constant_krmb);
        self.set("objective_bound", value)?;
        self.cutoff_in_force = cutoff_krmb.is_some();
        Ok(())
    }

    pub(super) fn release(&mut self, sizes: &[SizingInteger]) -> Result<(), SolveError> {
        for size in sizes {
            self.set_bounds(self.column_of[&size.var], size.min, size.max)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{solve, MilpProblem, SolveOptions, SolveStatus};
    use good_lp::{variable, Expression, ProblemVariables};

    /// min −x, x whole in [0, 10], x ≤ 3.5: x = 3, cost −3.
    fn tiny() -> MilpProblem {
        let mut vars = ProblemVariables::new();
        let x = vars.add(variable().integer().min(0.0).max(10.0));
        MilpProblem {
            vars,
            objective: -Expression::from(x),
            constraints: vec![("cap", Expression::from(x).leq(3.5))],
            sizing_integers: Vec::new(),
            size_start: None,
            operational_integers: Vec::new(),
            column_labels: Vec::new(),
            dual_rows: Vec::new(),
        }
    }

    /// HiGHS keeps one scheduler per thread and refused a run asking for another thread
    /// count than the first run on that thread (`allocate --method all` failed so). Runs on
    /// one thread with 1, 2, then 1 threads, and one with HiGHS's default before them, all
    /// solve.
    #[test]
    fn runs_on_one_thread_may_ask_for_different_thread_counts() {
        std::thread::spawn(|| {
            for threads in [None, Some(1), Some(2), Some(1)] {
                let options = SolveOptions {
                    threads,
                    ..SolveOptions::default()
                };
                let outcome = solve(tiny(), &options, &mut |_: &str| {})
                    .unwrap_or_else(|e| panic!("threads {threads:?}: {e}"));
                assert_eq!(outcome.status, SolveStatus::Optimal, "threads {threads:?}");
                assert!((outcome.objective_krmb.unwrap() + 3.0).abs() < 1e-9);
            }
        })
        .join()
        .unwrap();
    }
}
