//! The cash flows as named columns, units in the names, for `cashflow.csv`.

use super::cashflow::{CashFlows, SideYear, YearRow};

/// The cells of one side, `(suffix, value)`.
fn side_cells(side: &SideYear) -> [(&'static str, f64); 11] {
    [
        ("capex_rmb", side.capex_rmb),
        ("replacement_rmb", side.replacement_rmb),
        ("residual_value_rmb", side.residual_value_rmb),
        ("fixed_om_rmb", side.fixed_om_rmb),
        ("variable_om_rmb", side.variable_om_rmb),
        ("energy_rmb", side.energy_rmb),
        ("revenue_rmb", side.revenue_rmb),
        ("carbon_rmb", side.carbon_rmb),
        ("demand_charge_rmb", side.demand_charge_rmb),
        ("other_rmb", side.other_rmb),
        ("total_rmb", side.total_rmb()),
    ]
}

/// The cells of one year, `(column name, value)`.
fn row_cells(row: &YearRow) -> Vec<(String, f64)> {
    let mut cells = vec![("year".to_string(), f64::from(row.year))];
    for (prefix, side) in [
        ("plan", &row.plan),
        ("baseline", &row.baseline),
        ("project", &row.project),
    ] {
        for (suffix, value) in side_cells(side) {
            cells.push((format!("{prefix}_{suffix}"), value));
        }
    }
    let rest = [
        ("incentive_award_rmb", row.incentives.award_rmb),
        (
            "incentive_abatement_subsidy_rmb",
            row.incentives.abatement_subsidy_rmb,
        ),
        (
            "incentive_capex_subsidy_rmb",
            row.incentives.capex_subsidy_rmb,
        ),
        ("project_before_tax_rmb", row.before_tax_rmb),
        ("depreciation_rmb", row.depreciation_rmb),
        ("project_taxable_income_rmb", row.taxable_income_rmb),
        ("project_income_tax_rmb", row.income_tax_rmb),
        ("project_cash_flow_rmb", row.project_cash_flow_rmb),
        ("debt_draw_rmb", row.debt_draw_rmb),
        ("debt_interest_rmb", row.debt_interest_rmb),
        ("debt_principal_rmb", row.debt_principal_rmb),
        ("equity_taxable_income_rmb", row.equity_taxable_income_rmb),
        ("equity_income_tax_rmb", row.equity_income_tax_rmb),
        ("equity_cash_flow_rmb", row.equity_cash_flow_rmb),
        ("discount_factor", row.discount_factor),
        (
            "project_discounted_cash_flow_rmb",
            row.discounted_project_cash_flow_rmb,
        ),
    ];
    cells.extend(rest.into_iter().map(|(name, v)| (name.to_string(), v)));
    cells
}

impl CashFlows {
    /// Every column by name, one value per year (0..=analysis years): `year`; then for each
    /// of `plan_`, `baseline_` and `project_` (plan − baseline) the capex, replacements,
    /// residual value, fixed and variable O&M, energy and fuel, revenue, carbon, demand
    /// charges, other items and their total; the incentives; the project's cash flow before
    /// tax, depreciation, taxable income, income tax and cash flow; the loan's draw, interest
    /// and principal; the equity's taxable income, income tax and cash flow; the discount
    /// factor and the discounted project cash flow. Money in RMB, positive received, negative
    /// paid (depreciation and taxable income are tax figures, not cash).
    pub fn columns(&self) -> Vec<(String, Vec<f64>)> {
        let rows: Vec<Vec<(String, f64)>> = self.rows.iter().map(row_cells).collect();
        let Some(first) = rows.first() else {
            return Vec::new();
        };
        first
            .iter()
            .enumerate()
            .map(|(c, (name, _))| (name.clone(), rows.iter().map(|r| r[c].1).collect()))
            .collect()
    }
}
