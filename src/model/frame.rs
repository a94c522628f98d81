//! The shared frame every component adds to: variables, constraint families and the shared
//! expressions (hourly electricity balance, annual emissions, energy, non-clean energy, cost).
//!
//! Internal units: power MW, energy MWh, CO2 t, energy consumption tce, money **kRMB**
//! (thousand RMB). With kRMB, catalogue prices in RMB/kW and RMB/kWh carry over unchanged
//! (1 RMB/kW = 1 kRMB/MW), hourly prices sit near 0.2–1.5 and annual capacity costs near
//! 50–3,000 per MW, so objective coefficients stay within about six orders of magnitude.

use crate::scenario::park::TimeAxis;
use crate::solve::{ColumnLabel, IntegerColumn, OperationalInteger, SizingInteger};
use good_lp::{Constraint, Expression, ProblemVariables, Variable, VariableDefinition};

/// Money conversion into the model's objective unit (kRMB).
pub const KRMB_PER_RMB: f64 = 1e-3;

/// Capacity factors below this are taken as zero, so that matrix coefficients (10⁻³ up to
/// the 400-MW big-M of the direction binaries) stay within six orders of magnitude. Such
/// hours are dawn and dusk slivers: at most 8.76 full-load hours a year, in practice far less.
pub const MIN_CAPACITY_FACTOR: f64 = 1e-3;

/// Where the balance rows are among the constraints (their duals are the marginal values of
/// electricity, hydrogen and heat in each step).
#[derive(Debug, Clone, Default)]
pub struct BalanceRows {
    /// `electricity-balance` row of each step.
    pub electricity: Vec<usize>,
    /// `hydrogen-balance` row of each step (empty without hydrogen).
    pub hydrogen: Vec<usize>,
    /// `heat-balance` row of each step (empty without heat).
    pub heat: Vec<usize>,
}

/// The model under construction.
pub struct Frame {
    /// All variables.
    pub vars: ProblemVariables,
    /// Constraints with the name of the family each belongs to.
    pub constraints: Vec<(&'static str, Constraint)>,
    /// The time axis (weights, months).
    pub time: TimeAxis,
    /// Electricity balance of each step: supply − use, MW; each must equal zero.
    pub electricity_balance: Vec<Expression>,
    /// Hydrogen balance of each step: inflow − outflow (incl. storage level change), kg;
    /// each must equal zero (formulation §3). Closed only when [`Frame::has_hydrogen`].
    pub hydrogen_balance: Vec<Expression>,
    /// Heat balance of each step: supply − use, MW_th; each must equal zero (formulation
    /// §3). Closed only when [`Frame::has_heat`].
    pub heat_balance: Vec<Expression>,
    /// True once a component has joined the hydrogen balance.
    pub has_hydrogen: bool,
    /// True once a component has joined the heat balance.
    pub has_heat: bool,
    /// Row index (position in `constraints`) of each balance row, once closed.
    pub balance_rows: BalanceRows,
    /// The annual quantities the accounting reads (formulation §4); EM, EC and the energy
    /// that is not clean are built from them under each reading of the rule.
    pub terms: super::accounting::AccountingTerms,
    /// Annual PV and wind output actually dispatched, MWh (for the export-share cap).
    pub renewable_output_mwh: Expression,
    /// Annual PV and wind output available (capacity × capacity factors), MWh.
    pub renewable_available_mwh: Expression,
    /// Annual export to the grid, MWh.
    pub export_mwh: Expression,
    /// The objective: annualised cost, kRMB per year.
    pub cost_krmb: Expression,
    /// Integer sizing decisions (turbines, stacks, modules).
    pub sizing_integers: Vec<SizingInteger>,
    /// Integer variables that are not sizes (hourly binaries, commitment), with hints.
    pub operational_integers: Vec<OperationalInteger>,
    /// Family and step of each column, in column order (for naming the columns of an
    /// unbounded ray or an irreducible infeasible subsystem).
    pub column_labels: Vec<ColumnLabel>,
}

impl Frame {
    /// An empty frame over `time`.
    pub fn new(time: &TimeAxis) -> Self {
        Self::with_vars(time, ProblemVariables::new())
    }

    /// A frame over `time` whose variables are added after `vars` (another park's, in a
    /// model of several parks); no rows, no cost, no column labels yet.
    pub fn with_vars(time: &TimeAxis, vars: ProblemVariables) -> Self {
        let steps = time.len();
        Self {
            vars,
            constraints: Vec::with_capacity(steps * 8),
            time: time.clone(),
            electricity_balance: (0..steps).map(|_| Expression::with_capacity(8)).collect(),
            hydrogen_balance: (0..steps).map(|_| Expression::default()).collect(),
            heat_balance: (0..steps).map(|_| Expression::default()).collect(),
            has_hydrogen: false,
            has_heat: false,
            balance_rows: BalanceRows::default(),
            terms: super::accounting::AccountingTerms::default(),
            renewable_output_mwh: Expression::with_capacity(2 * steps),
            renewable_available_mwh: Expression::default(),
            export_mwh: Expression::default(),
            cost_krmb: Expression::with_capacity(8 * steps),
            sizing_integers: Vec::new(),
            operational_integers: Vec::new(),
            column_labels: Vec::new(),
        }
    }

    /// Number of time steps.
    pub fn steps(&self) -> usize {
        self.time.len()
    }

    /// Adds a variable of family `family` that belongs to no step (a size, an annual total).
    pub fn var(&mut self, family: &'static str, definition: VariableDefinition) -> Variable {
        self.column_labels.push(ColumnLabel { family, step: None });
        self.vars.add(definition)
    }

    /// Adds a variable of family `family` belonging to step `t`.
    pub fn var_at(
        &mut self,
        family: &'static str,
        t: usize,
        definition: VariableDefinition,
    ) -> Variable {
        self.column_labels.push(ColumnLabel {
            family,
            step: Some(t),
        });
        self.vars.add(definition)
    }

    /// Adds one variable per step with the same definition, family `family`.
    pub fn hourly(
        &mut self,
        family: &'static str,
        definition: VariableDefinition,
    ) -> Vec<Variable> {
        (0..self.steps())
            .map(|t| self.var_at(family, t, definition.clone()))
            .collect()
    }

    /// Adds an integer sizing variable in `[0, max]`.
    pub fn sizing_integer(&mut self, family: &'static str, max: f64) -> Variable {
        let var = self.var(family, good_lp::variable().integer().min(0.0).max(max));
        self.sizing_integers
            .push(SizingInteger { var, min: 0.0, max });
        var
    }

    /// Adds an operational integer of step `t` in `[0, max]` with its rounding hint.
    pub fn operational_integer(
        &mut self,
        family: &'static str,
        t: usize,
        max: f64,
        hint: Expression,
    ) -> Variable {
        let var = self.var_at(family, t, good_lp::variable().integer().min(0.0).max(max));
        self.operational_integers.push(OperationalInteger {
            column: IntegerColumn { var, min: 0.0, max },
            hint,
        });
        var
    }

    /// A variable equal to `expression` (family `family`), so that an annual sum used in
    /// several rows is written out once: each further row then holds one coefficient
    /// instead of one per hour, which keeps the simplex basis sparse.
    pub fn aggregate(&mut self, family: &'static str, expression: Expression) -> Variable {
        let total = self.var(family, good_lp::variable());
        self.constrain(family, Expression::from(total).eq(expression));
        total
    }

    /// Adds a constraint of family `family`.
    pub fn constrain(&mut self, family: &'static str, constraint: Constraint) {
        self.constraints.push((family, constraint));
    }

    /// Adds `rmb · x` to the objective (converted to kRMB).
    pub fn add_cost_rmb(&mut self, rmb: f64, x: Variable) {
        if rmb != 0.0 {
            self.cost_krmb.add_mul(rmb * KRMB_PER_RMB, x);
        }
    }

    /// Adds `Σ_t w_t · rmb_t · x_t` to the objective.
    pub fn add_hourly_cost_rmb(&mut self, rmb_per_unit: impl Fn(usize) -> f64, x: &[Variable]) {
        for (t, var) in x.iter().enumerate() {
            let coefficient = self.time.weight_h[t] * rmb_per_unit(t) * KRMB_PER_RMB;
            if coefficient != 0.0 {
                self.cost_krmb.add_mul(coefficient, *var);
            }
        }
    }

    /// `Σ_t w_t · x_t` as an expression.
    pub fn annual(&self, x: &[Variable]) -> Expression {
        let mut sum = Expression::with_capacity(x.len());
        for (t, var) in x.iter().enumerate() {
            sum.add_mul(self.time.weight_h[t], *var);
        }
        sum
    }
}
