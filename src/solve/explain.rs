//! Why a model has no optimum, in the model's own terms: the families (and steps) of the
//! columns along which an unbounded LP improves without end, or of the rows and bounds of an
//! irreducible infeasible subsystem (IIS) of the LP relaxation. Used when the plan's own
//! diagnosis (priced slack on the policy rows and the balances) cannot say.

use super::highs_model::Solver;
use super::{MilpProblem, SolveError, SolveOptions, SolveStatus};
use good_lp::IntoAffineExpression;
use serde::Serialize;
use std::collections::BTreeMap;

/// Steps listed per family at most (the rest are counted).
const MAX_STEPS_LISTED: usize = 12;

/// A family of columns or rows taking part in an explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyPart {
    /// Family name (a column family like `hydrogen-purchase`, or a row family like
    /// `battery-duration-max`).
    pub family: String,
    /// `column` or `row`.
    pub kind: &'static str,
    /// How many of the family's columns or rows take part.
    pub count: usize,
    /// Steps they belong to (at most 12 listed), empty for annual or size quantities.
    pub steps: Vec<usize>,
}

/// What HiGHS found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// `unbounded` or `infeasible`.
    pub kind: &'static str,
    /// The families taking part, largest first.
    pub parts: Vec<FamilyPart>,
}

impl FamilyPart {
    /// Its steps after `lead` (`1, 2, …` when more take part than are listed); empty when
    /// it has none.
    fn steps_listed(&self, lead: &str) -> String {
        if self.steps.is_empty() {
            return String::new();
        }
        let listed: Vec<String> = self.steps.iter().map(|s| s.to_string()).collect();
        let more = if self.count > self.steps.len() {
            ", …"
        } else {
            ""
        };
        format!("{lead}{}{more}", listed.join(", "))
    }
}

impl Explanation {
    /// The families, as `a (n), b (m)` with their first steps.
    pub fn describe(&self) -> String {
        self.parts
            .iter()
            .map(|p| {
                let steps = p.steps_listed(" at steps ");
                format!("{} {} ({}{})", p.kind, p.family, p.count, steps)
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// [`Explanation::describe`] in Chinese: `变量 a（n，时段 …）；约束 b（m）`, the families
    /// named as the model names them.
    pub fn describe_zh(&self) -> String {
        self.parts
            .iter()
            .map(|p| {
                let kind = if p.kind == "row" { "约束" } else { "变量" };
                let steps = p.steps_listed("，时段 ");
                format!("{kind} {}（{}{steps}）", p.family, p.count)
            })
            .collect::<Vec<_>>()
            .join("；")
    }
}

fn group(items: impl Iterator<Item = (String, &'static str, Option<usize>)>) -> Vec<FamilyPart> {
    let mut by_family: BTreeMap<(String, &'static str), FamilyPart> = BTreeMap::new();
    for (family, kind, step) in items {
        let part = by_family
            .entry((family.clone(), kind))
            .or_insert_with(|| FamilyPart {
                family,
                kind,
                count: 0,
                steps: Vec::new(),
            });
        part.count += 1;
        if let Some(step) = step {
            if part.steps.len() < MAX_STEPS_LISTED {
                part.steps.push(step);
            }
        }
    }
    let mut parts: Vec<FamilyPart> = by_family.into_values().collect();
    parts.sort_by(|a, b| b.count.cmp(&a.count).then(a.family.cmp(&b.family)));
    parts
}

/// The families of the columns along which the LP relaxation of `problem` improves without
/// end (HiGHS's primal ray, from the simplex method without presolve). `Ok(None)` when the
/// relaxation is not unbounded or HiGHS has no ray.
///
/// # Errors
/// [`SolveError::Highs`] when HiGHS refuses the model or an option.
pub fn unbounded_ray(
    problem: MilpProblem,
    options: &SolveOptions,
) -> Result<Option<Explanation>, SolveError> {
    let labels = problem.column_labels.clone();
    let mut solver = Solver::new(
        problem.vars,
        problem.objective,
        problem.constraints,
        options,
        false,
    )?;
    solver.set_integrality(false)?;
    solver.set("presolve", "off")?;
    solver.set("solver", "simplex")?;
    solver.set("simplex_strategy", 4)?; // primal simplex: it ends on the ray
    let run = solver.run("unbounded ray")?;
    if run.status != SolveStatus::Unbounded {
        return Ok(None);
    }
    let columns = labels.len();
    let mut ray = vec![0.0; columns];
    let mut has_ray: highs_sys::HighsInt = 0;
    let model = solver.model.as_mut().expect("model present between runs");
    // SAFETY: the pointer is the live HiGHS instance owned by `model`; `ray` has one entry
    // per column of that instance.
    let status = unsafe {
        highs_sys::Highs_getPrimalRay(model.as_mut_ptr(), &mut has_ray, ray.as_mut_ptr())
    };
    if status == highs_sys::kHighsStatusError || has_ray == 0 {
        return Ok(None);
    }
    let largest = ray.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let parts = group(
        ray.iter()
            .zip(&labels)
            .filter(|(v, _)| v.abs() > 1e-9 * largest.max(1e-300))
            .map(|(_, l)| (l.family.to_string(), "column", l.step)),
    );
    Ok(Some(Explanation {
        kind: "unbounded",
        parts,
    }))
}

/// An irreducible infeasible subsystem of the LP relaxation of `problem`: the row families
/// (each row's step is that of its columns, when they share one) and the column families
/// whose bounds take part. `Ok(None)` when HiGHS finds none (the relaxation is feasible, or
/// the IIS search ended without one).
///
/// # Errors
/// [`SolveError::Highs`] when HiGHS refuses the model or an option.
pub fn infeasible_subsystem(
    problem: MilpProblem,
    options: &SolveOptions,
) -> Result<Option<Explanation>, SolveError> {
    let labels = problem.column_labels.clone();
    let column_of: std::collections::HashMap<good_lp::Variable, usize> = problem
        .vars
        .iter_variables_with_def()
        .enumerate()
        .map(|(column, (var, _))| (var, column))
        .collect();
    let rows: Vec<(&'static str, Option<usize>)> = problem
        .constraints
        .iter()
        .map(|(family, constraint)| {
            let mut steps = constraint
                .expression()
                .linear_coefficients()
                .filter_map(|(var, _)| labels[column_of[&var]].step);
            let first = steps.next();
            let shared = first.filter(|f| steps.all(|s| s == *f));
            (*family, shared)
        })
        .collect();
    let mut solver = Solver::new(
        problem.vars,
        problem.objective,
        problem.constraints,
        options,
        false,
    )?;
    solver.set_integrality(false)?;
    // From the LP, irreducible, rows preferred (HiGHS's kIisStrategyFromLpRowPriority).
    solver.set(
        "iis_strategy",
        highs_sys::kHighsIisStrategyFromLpRowPriority,
    )?;
    let run = solver.run("infeasibility: LP relaxation")?;
    if run.status != SolveStatus::Infeasible {
        return Ok(None);
    }
    let mut col_index = vec![0 as highs_sys::HighsInt; labels.len()];
    let mut row_index = vec![0 as highs_sys::HighsInt; rows.len()];
    let mut col_bound = vec![0 as highs_sys::HighsInt; labels.len()];
    let mut row_bound = vec![0 as highs_sys::HighsInt; rows.len()];
    let (mut num_col, mut num_row): (highs_sys::HighsInt, highs_sys::HighsInt) = (0, 0);
    let model = solver.model.as_mut().expect("model present between runs");
    // SAFETY: the pointer is the live HiGHS instance owned by `model`; each index and bound
    // array has room for every column or row of that instance (an IIS has no more), and the
    // status arrays are not asked for (null).
    let status = unsafe {
        highs_sys::Highs_getIis(
            model.as_mut_ptr(),
            &mut num_col,
            &mut num_row,
            col_index.as_mut_ptr(),
            row_index.as_mut_ptr(),
            col_bound.as_mut_ptr(),
            row_bound.as_mut_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    if status == highs_sys::kHighsStatusError || num_col + num_row == 0 {
        return Ok(None);
    }
    let row_parts = row_index[..usize::try_from(num_row).unwrap_or(0)]
        .iter()
        .filter_map(|r| usize::try_from(*r).ok())
        .map(|r| (rows[r].0.to_string(), "row", rows[r].1));
    let column_parts = col_index[..usize::try_from(num_col).unwrap_or(0)]
        .iter()
        .filter_map(|c| usize::try_from(*c).ok())
        .map(|c| (labels[c].family.to_string(), "column bound", labels[c].step));
    Ok(Some(Explanation {
        kind: "infeasible",
        parts: group(row_parts.chain(column_parts)),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::ColumnLabel;
    use good_lp::{variable, Expression, ProblemVariables};

    fn problem(
        vars: ProblemVariables,
        labels: Vec<ColumnLabel>,
        objective: Expression,
        constraints: Vec<(&'static str, good_lp::Constraint)>,
    ) -> MilpProblem {
        MilpProblem {
            vars,
            objective,
            constraints,
            sizing_integers: Vec::new(),
            size_start: None,
            operational_integers: Vec::new(),
            column_labels: labels,
            dual_rows: Vec::new(),
        }
    }

    #[test]
    fn names_the_columns_of_a_buy_and_resell_loop() {
        // buy_t ≥ 0 at 25, sell_t ≥ 0 at −30, sell_t ≤ buy_t + 1 (a balance with a little
        // own supply): cost 25 b − 30 s falls without end along b = s.
        let mut vars = ProblemVariables::new();
        let buy = vars.add_vector(variable().min(0.0), 2);
        let sell = vars.add_vector(variable().min(0.0), 2);
        let mut labels = Vec::new();
        for family in ["hydrogen-purchase", "hydrogen-sale"] {
            for t in 0..2 {
                labels.push(ColumnLabel {
                    family,
                    step: Some(t),
                });
            }
        }
        let objective: Expression = buy.iter().map(|b| 25.0 * *b).sum::<Expression>()
            - sell.iter().map(|s| 30.0 * *s).sum::<Expression>();
        let constraints = (0..2)
            .map(|t| {
                (
                    "hydrogen-balance",
                    Expression::from(sell[t]).leq(Expression::from(buy[t]) + 1.0),
                )
            })
            .collect();
        let p = problem(vars, labels, objective, constraints);
        let found = unbounded_ray(p, &SolveOptions::default())
            .unwrap()
            .expect("a ray");
        let families: Vec<&str> = found.parts.iter().map(|p| p.family.as_str()).collect();
        assert!(families.contains(&"hydrogen-purchase"), "{found:?}");
        assert!(families.contains(&"hydrogen-sale"), "{found:?}");
    }

    #[test]
    fn names_the_rows_of_contradicting_limits() {
        // x ≥ 0; row a: x ≥ 5 (step 3); row b: x ≤ 2 (step 3); row c: y ≤ 1 (not involved).
        let mut vars = ProblemVariables::new();
        let x = vars.add(variable().min(0.0));
        let y = vars.add(variable().min(0.0));
        let labels = vec![
            ColumnLabel {
                family: "battery-soc",
                step: Some(3),
            },
            ColumnLabel {
                family: "pv-new",
                step: None,
            },
        ];
        let constraints = vec![
            ("must-hold", Expression::from(x).geq(5.0)),
            ("may-hold", Expression::from(x).leq(2.0)),
            ("free", Expression::from(y).leq(1.0)),
        ];
        let p = problem(vars, labels, Expression::from(x) + y, constraints);
        let found = infeasible_subsystem(p, &SolveOptions::default())
            .unwrap()
            .expect("an IIS");
        let rows: Vec<(&str, &[usize])> = found
            .parts
            .iter()
            .filter(|p| p.kind == "row")
            .map(|p| (p.family.as_str(), p.steps.as_slice()))
            .collect();
        assert!(rows.contains(&("must-hold", &[3][..])), "{found:?}");
        assert!(rows.contains(&("may-hold", &[3][..])), "{found:?}");
        assert!(!rows.iter().any(|(f, _)| *f == "free"), "{found:?}");
    }
}
