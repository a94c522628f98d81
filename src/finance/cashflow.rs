//! The cash-flow engine: plan, baseline and the project between them (plan − baseline), year
//! by year, with incentives, income tax and a loan. Plain numbers in, plain numbers out; no
//! solver, no scenario file.

use super::assets::{outlays, Asset, Outlay, OutlayKind};
use super::debt::{level_payment_rmb, schedule, LoanTerms};
use super::incentives::{IncentiveYear, Incentives};
use super::tax::{income_tax, TaxRules};
use crate::scenario::finance::{CostGroup, Technology, ESCALATE_ALL};
use std::collections::BTreeMap;

/// One side (the plan or the baseline) as the cash flows read it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Side {
    /// New assets built in year 0.
    pub assets: Vec<Asset>,
    /// Annual operating cost items at year-1 prices, RMB/yr (revenue negative), as in
    /// `plan.json` → `costs` less the annualised capital.
    pub operating_rmb_per_yr: BTreeMap<String, f64>,
    /// CO2 emitted, t/yr (for subsidies per tonne cut).
    pub emissions_t_per_yr: f64,
}

/// Everything the cash flows are made from.
#[derive(Debug, Clone, PartialEq)]
pub struct CashFlowInputs {
    /// Years of operation after the construction year 0.
    pub analysis_years: u32,
    /// Discount rate, 1/yr.
    pub discount_rate: f64,
    /// The plan.
    pub plan: Side,
    /// The do-nothing baseline.
    pub baseline: Side,
    /// Escalation, 1/yr, by cost item, group name or `all`; the most specific applies.
    pub escalation: BTreeMap<String, f64>,
    /// Income tax.
    pub tax: TaxRules,
    /// The loan, if any.
    pub debt: Option<LoanTerms>,
    /// What the project receives besides its savings.
    pub incentives: Incentives,
}

/// The money of one side in one year, RMB: positive received, negative paid.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SideYear {
    /// The first build.
    pub capex_rmb: f64,
    /// New assets and parts replacing worn-out ones.
    pub replacement_rmb: f64,
    /// Value of what is still in service at the end of the last year (that year only).
    pub residual_value_rmb: f64,
    /// Fixed O&M.
    pub fixed_om_rmb: f64,
    /// Variable O&M.
    pub variable_om_rmb: f64,
    /// Energy and fuel bills.
    pub energy_rmb: f64,
    /// Export, hydrogen and CO2 sales.
    pub revenue_rmb: f64,
    /// Carbon cost.
    pub carbon_rmb: f64,
    /// Demand charges.
    pub demand_charge_rmb: f64,
    /// Operating items of no known group.
    pub other_rmb: f64,
}

impl SideYear {
    /// The operating items together.
    pub fn operating_rmb(&self) -> f64 {
        self.fixed_om_rmb
            + self.variable_om_rmb
            + self.energy_rmb
            + self.revenue_rmb
            + self.carbon_rmb
            + self.demand_charge_rmb
            + self.other_rmb
    }

    /// Everything together.
    pub fn total_rmb(&self) -> f64 {
        self.capex_rmb + self.replacement_rmb + self.residual_value_rmb + self.operating_rmb()
    }

    /// Field by field `self − other`.
    fn minus(&self, other: &SideYear) -> SideYear {
        SideYear {
            capex_rmb: self.capex_rmb - other.capex_rmb,
            replacement_rmb: self.replacement_rmb - other.replacement_rmb,
            residual_value_rmb: self.residual_value_rmb - other.residual_value_rmb,
            fixed_om_rmb: self.fixed_om_rmb - other.fixed_om_rmb,
            variable_om_rmb: self.variable_om_rmb - other.variable_om_rmb,
            energy_rmb: self.energy_rmb - other.energy_rmb,
            revenue_rmb: self.revenue_rmb - other.revenue_rmb,
            carbon_rmb: self.carbon_rmb - other.carbon_rmb,
            demand_charge_rmb: self.demand_charge_rmb - other.demand_charge_rmb,
            other_rmb: self.other_rmb - other.other_rmb,
        }
    }

    /// The field of an operating group.
    fn group_mut(&mut self, group: CostGroup) -> &mut f64 {
        match group {
            CostGroup::FixedOm => &mut self.fixed_om_rmb,
            CostGroup::VariableOm => &mut self.variable_om_rmb,
            CostGroup::Energy => &mut self.energy_rmb,
            CostGroup::Revenue => &mut self.revenue_rmb,
            CostGroup::Carbon => &mut self.carbon_rmb,
            CostGroup::DemandCharge => &mut self.demand_charge_rmb,
            CostGroup::Capital | CostGroup::Other => &mut self.other_rmb,
        }
    }
}

/// One year of the cash flows. Money in RMB, positive received, negative paid; depreciation
/// and taxable income are tax figures, not cash.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct YearRow {
    /// Year: 0 construction, 1.. operation.
    pub year: u32,
    /// The plan's money.
    pub plan: SideYear,
    /// The baseline's money.
    pub baseline: SideYear,
    /// The project's: plan − baseline.
    pub project: SideYear,
    /// Incentives received.
    pub incentives: IncentiveYear,
    /// The project's cash flow before tax and financing: its money and its incentives.
    pub before_tax_rmb: f64,
    /// Tax depreciation of the project's outlays (write-offs included), RMB.
    pub depreciation_rmb: f64,
    /// Taxable income without interest (the project view): operating savings + taxable
    /// incentives + residual value − depreciation, RMB.
    pub taxable_income_rmb: f64,
    /// Income tax on that (negative: paid).
    pub income_tax_rmb: f64,
    /// Net cash flow to the project: before tax, less that tax.
    pub project_cash_flow_rmb: f64,
    /// Loan drawn (positive).
    pub debt_draw_rmb: f64,
    /// Interest paid (negative).
    pub debt_interest_rmb: f64,
    /// Principal repaid (negative).
    pub debt_principal_rmb: f64,
    /// Taxable income with interest deducted (the equity view), RMB.
    pub equity_taxable_income_rmb: f64,
    /// Income tax on that (negative: paid).
    pub equity_income_tax_rmb: f64,
    /// Net cash flow to equity: before tax, plus the loan's flows, less the equity's tax.
    pub equity_cash_flow_rmb: f64,
    /// `(1 + r)^−year`.
    pub discount_factor: f64,
    /// `project_cash_flow_rmb × discount_factor`.
    pub discounted_project_cash_flow_rmb: f64,
}

/// The cash flows, with what was derived on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct CashFlows {
    /// Years 0..=analysis_years.
    pub rows: Vec<YearRow>,
    /// The plan's outlays, each with the index of its asset in the plan's `assets`.
    pub plan_outlays: Vec<(usize, Outlay)>,
    /// The baseline's outlays, likewise.
    pub baseline_outlays: Vec<(usize, Outlay)>,
    /// Loan drawn in year 0, RMB.
    pub loan_principal_rmb: f64,
    /// Loan rate after any green-loan cut, 1/yr.
    pub loan_rate: f64,
    /// Level annual payment of the loan, RMB.
    pub loan_payment_rmb: f64,
}

/// The escalation rate of `item` of `group`: the item's own, else its group's, else `all`,
/// else 0.
pub fn escalation_rate(escalation: &BTreeMap<String, f64>, item: &str, group: CostGroup) -> f64 {
    escalation
        .get(item)
        .or_else(|| escalation.get(group.name()))
        .or_else(|| escalation.get(ESCALATE_ALL))
        .copied()
        .unwrap_or(0.0)
}

/// One side's outlays, each with the index of its asset.
fn side_outlays(side: &Side, years: u32, capital_escalation: f64) -> Vec<(usize, Outlay)> {
    side.assets
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            outlays(a, years, capital_escalation)
                .into_iter()
                .map(move |o| (i, o))
        })
        .collect()
}

/// One side's money in years 0..=`years`.
fn side_years(
    side: &Side,
    outlays: &[(usize, Outlay)],
    years: u32,
    escalation: &BTreeMap<String, f64>,
) -> Vec<SideYear> {
    let mut out = vec![SideYear::default(); years as usize + 1];
    for (_, o) in outlays {
        let y = &mut out[o.year as usize];
        match o.kind {
            OutlayKind::Build => y.capex_rmb -= o.amount_rmb,
            OutlayKind::Replacement | OutlayKind::PartReplacement => {
                y.replacement_rmb -= o.amount_rmb
            }
        }
        out[years as usize].residual_value_rmb += o.residual_value_rmb(years);
    }
    for (item, cost) in &side.operating_rmb_per_yr {
        let group = CostGroup::of_item(item);
        let growth = 1.0 + escalation_rate(escalation, item, group);
        for (year, y) in out.iter_mut().enumerate().skip(1) {
            *y.group_mut(group) -= cost * growth.powi(year as i32 - 1);
        }
    }
    out
}

/// One side's tax depreciation in years 0..=`years`; the first build's part paid by a capex
/// subsidy (`subsidy_share` by technology) is not depreciated.
fn side_depreciation(
    side: &Side,
    outlays: &[(usize, Outlay)],
    years: u32,
    subsidy_share: &BTreeMap<Technology, f64>,
) -> Vec<f64> {
    let mut out = vec![0.0; years as usize + 1];
    for (asset, o) in outlays {
        let tech = side.assets[*asset].technology;
        let share = match o.kind {
            OutlayKind::Build => subsidy_share.get(&tech).copied().unwrap_or(0.0),
            OutlayKind::Replacement | OutlayKind::PartReplacement => 0.0,
        };
        for (total, d) in out
            .iter_mut()
            .zip(o.depreciation_rmb(o.amount_rmb * (1.0 - share), years))
        {
            *total += d;
        }
    }
    out
}

/// The cash flows of `inputs` (rules in the module's items and README, "Cash flows").
pub fn cash_flows(inputs: &CashFlowInputs) -> CashFlows {
    let n = inputs.analysis_years;
    let capital = escalation_rate(&inputs.escalation, "capital", CostGroup::Capital);
    let plan_outlays = side_outlays(&inputs.plan, n, capital);
    let baseline_outlays = side_outlays(&inputs.baseline, n, capital);
    let plan = side_years(&inputs.plan, &plan_outlays, n, &inputs.escalation);
    let baseline = side_years(&inputs.baseline, &baseline_outlays, n, &inputs.escalation);
    let subsidies = &inputs.incentives.capex_subsidy_share;
    let plan_depreciation = side_depreciation(&inputs.plan, &plan_outlays, n, subsidies);
    let baseline_depreciation =
        side_depreciation(&inputs.baseline, &baseline_outlays, n, &BTreeMap::new());

    let mut build_capex: BTreeMap<Technology, f64> = BTreeMap::new();
    for (asset, o) in plan_outlays
        .iter()
        .filter(|(_, o)| o.kind == OutlayKind::Build)
    {
        *build_capex
            .entry(inputs.plan.assets[*asset].technology)
            .or_default() += o.amount_rmb;
    }
    let abated_t = inputs.baseline.emissions_t_per_yr - inputs.plan.emissions_t_per_yr;
    let incentives = inputs.incentives.by_year(n, abated_t, &build_capex);

    let investment_rmb =
        -(plan[0].capex_rmb - baseline[0].capex_rmb) - incentives[0].capex_subsidy_rmb;
    // The rate in force whether or not there is anything to borrow for (a plan with no
    // investment still reports the loan's terms).
    let loan_rate = inputs.debt.as_ref().map_or(0.0, |terms| {
        (terms.rate - inputs.incentives.loan_rate_cut).max(0.0)
    });
    let (loan_principal_rmb, tenor) = match &inputs.debt {
        Some(terms) if investment_rmb > 0.0 && terms.share > 0.0 => {
            (terms.share * investment_rmb, terms.tenor_years)
        }
        _ => (0.0, 0),
    };
    let loan = schedule(loan_principal_rmb, loan_rate, tenor, n);

    let mut rows: Vec<YearRow> = (0..=n as usize)
        .map(|y| {
            let project = plan[y].minus(&baseline[y]);
            let depreciation = plan_depreciation[y] - baseline_depreciation[y];
            let taxable =
                project.operating_rmb() + project.residual_value_rmb + incentives[y].taxable_rmb
                    - depreciation;
            let interest = if y == 0 {
                0.0
            } else {
                loan[y - 1].interest_rmb
            };
            let principal = if y == 0 {
                0.0
            } else {
                loan[y - 1].principal_rmb
            };
            YearRow {
                year: y as u32,
                plan: plan[y],
                baseline: baseline[y],
                project,
                incentives: incentives[y],
                before_tax_rmb: project.total_rmb()
                    + incentives[y].award_rmb
                    + incentives[y].abatement_subsidy_rmb
                    + incentives[y].capex_subsidy_rmb,
                depreciation_rmb: depreciation,
                taxable_income_rmb: taxable,
                debt_draw_rmb: if y == 0 { loan_principal_rmb } else { 0.0 },
                debt_interest_rmb: -interest,
                debt_principal_rmb: -principal,
                equity_taxable_income_rmb: taxable - interest,
                discount_factor: (1.0 + inputs.discount_rate).powi(-(y as i32)),
                ..YearRow::default()
            }
        })
        .collect();
    let taxable: Vec<f64> = rows.iter().map(|r| r.taxable_income_rmb).collect();
    let equity_taxable: Vec<f64> = rows.iter().map(|r| r.equity_taxable_income_rmb).collect();
    let tax = income_tax(&taxable, &inputs.tax);
    let equity_tax = income_tax(&equity_taxable, &inputs.tax);
    for ((row, tax), equity_tax) in rows.iter_mut().zip(tax).zip(equity_tax) {
        row.income_tax_rmb = -tax.tax_rmb;
        row.project_cash_flow_rmb = row.before_tax_rmb + row.income_tax_rmb;
        row.equity_income_tax_rmb = -equity_tax.tax_rmb;
        row.equity_cash_flow_rmb = row.before_tax_rmb
            + row.debt_draw_rmb
            + row.debt_interest_rmb
            + row.debt_principal_rmb
            + row.equity_income_tax_rmb;
        row.discounted_project_cash_flow_rmb = row.project_cash_flow_rmb * row.discount_factor;
    }
    CashFlows {
        rows,
        plan_outlays,
        baseline_outlays,
        loan_principal_rmb,
        loan_rate,
        loan_payment_rmb: level_payment_rmb(loan_principal_rmb, loan_rate, tenor),
    }
}
