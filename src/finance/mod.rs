//! The investor's view: a plan's cash flows year by year against its baseline, and what an
//! investment committee reads from them (NPV, project and equity IRR, paybacks).
//!
//! Reads a plan's results ([`crate::plan::PlanReport`]: capacities, annual cost items, KPIs,
//! the baseline's) and the park's cost data and `finance:` assumptions
//! ([`crate::scenario::Park`]); writes cash flows. [`cashflow`] is the engine, on plain
//! numbers, and takes incentives as input ([`incentives`]); [`from_plan`] reads its inputs
//! from a plan. Nothing here changes a plan. Money is RMB.

pub mod assets;
pub mod cashflow;
pub mod columns;
pub mod debt;
pub mod from_plan;
pub mod incentives;
pub mod metrics;
pub mod tax;

#[cfg(test)]
mod tests;

use crate::plan::{PlanReport, Warning};
use crate::scenario::catalogue::Cited;
use crate::scenario::finance::Technology;
use crate::scenario::spec::TaxHoliday;
use crate::scenario::Park;
use assets::{OutlayKind, Part};
use cashflow::{cash_flows, CashFlows};
use incentives::Incentives;
use metrics::{irr, npv, payback_years, Irr};
use serde::Serialize;
use std::collections::BTreeMap;

/// Why a plan's cash flows could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FinanceError {
    /// The plan has no solution.
    #[error("the plan has no solution (status {status}): no cash flows")]
    NoPlan {
        /// The plan's status.
        status: String,
    },
    /// The baseline has no solution to compare with.
    #[error("the baseline has no solution: no cash flows against it")]
    NoBaseline,
    /// Nothing is built, nothing may be, and no period is given.
    #[error(
        "the plan builds nothing, the park may build nothing, and finance.analysis_years is \
         not given: no analysis period"
    )]
    NoAnalysisPeriod,
    /// The assets' capex does not add up to the plan's (a technology the cash flows do not
    /// know).
    #[error(
        "the assets add up to {attributed_rmb:.0} RMB of capex but the plan reports \
         {reported_rmb:.0} RMB: a technology the cash flows do not know"
    )]
    CapexMismatch {
        /// Capex of the assets found, RMB.
        attributed_rmb: f64,
        /// The plan's `kpis.capex_rmb`.
        reported_rmb: f64,
    },
}

/// The rules the cash flows follow, as written into `plan.json` → `finance` → `assumptions`.
pub const RULES: &[&str] = &[
    "money in RMB; positive received, negative paid; the project is the plan less the baseline",
    "year 0 is construction: the first build's capex is paid and the loan drawn; years 1..N \
     are operation, each with the plan's and the baseline's annual operating items",
    "annual operating items are plan.json costs less the annualised capital (*_capital), at \
     year-1 prices; an item escalating at e costs (1 + e)^(y − 1) times that in year y",
    "an asset is bought again in the year its life ends and electrolyser stacks every stack \
     life within the plant's life, each at (1 + e_capital)^year times today's capex; nothing is \
     bought in year N or later; what is still in service at the end of year N is credited in \
     year N at its residual value, straight line over its service (an electrolyser's stacks \
     over their own life: stacks worn out and replaced are worth nothing)",
    "income tax is on the project's incremental profit: operating savings + taxable \
     incentives + residual value − tax depreciation; the project cash flow and project IRR \
     carry the tax without interest (调整所得税, 建设项目经济评价方法与参数 第三版), the \
     equity cash flow and equity IRR the tax with the loan's interest deducted",
    "a tax loss is carried forward and set against the next years' income, oldest first, for \
     at most the loss carry-forward years, then lost; a loss earns no refund (the project is \
     taxed on its own, not grouped with the owner's other income)",
    "depreciation is straight line, no salvage, over the depreciation years from the year after \
     each outlay; book value left when an outlay retires, or in year N, is deducted then",
    "三免三减半: no tax in years 1-3 and half the rate in years 4-6, counted from year 1, the \
     first year of operating income (企业所得税法实施条例 第八十七条 for public infrastructure, \
     第八十八条 for environmental-protection, energy- and water-saving projects)",
    "the loan is its share of the year-0 investment less capex subsidies, drawn in year 0 \
     with no interest during construction, repaid in level annual payments from year 1",
    "incentives (the scenario's incentives:): awards and per-tonne subsidies are income in the \
     year paid, taxable unless the scenario says taxable: false; the award is paid only when \
     the plan meets the rules; capex subsidies are received in year 0, not taxable, and \
     that part of the asset is not depreciated (企业所得税法实施条例 第二十八条)",
    "paybacks: the year the cumulative after-tax project cash flow (discounted, for the \
     discounted payback) turns non-negative and stays so, interpolated within the year; the \
     residual value credited at the end of the last year is left out (it is not earned by \
     operation, and a payback only it reaches is none); the tax that year keeps any tax on \
     it, which can only make the payback later",
];

/// [`RULES`] in Chinese, one for one, for the Chinese `plan.xlsx`.
pub const RULES_ZH: &[&str] = &[
    "金额以元计；正值为现金流入，负值为现金流出；项目现金流量为规划方案减去基准情景（增量法）",
    "第 0 年为建设期：支付首次建设投资并提取贷款；第 1 至 N 年为运营期，每年计入规划方案与基准\
     情景各自的年运营收支",
    "年运营收支为 plan.json 中的成本扣除年化资本成本（*_capital），按第 1 年价格计；按 e 逐年\
     上涨的项目，第 y 年金额为第 1 年的 (1 + e)^(y − 1) 倍",
    "资产在寿命期满当年重新购置，电解槽电堆在整机寿命内每满一个电堆寿命更换一次，价格均为当前\
     投资的 (1 + e_capital)^年份 倍；第 N 年及以后不再购置；第 N 年末仍在役的资产按其服役期直线\
     法计算的固定资产余值在第 N 年回收（电解槽电堆按其自身寿命计算：已耗尽并更换的电堆余值为\
     零）",
    "所得税按项目增量利润计：运营节省 + 应税激励 + 固定资产余值 − 税法折旧；项目投资现金流量与\
     项目投资内部收益率计入不扣利息的所得税（调整所得税，见《建设项目经济评价方法与参数》（第三\
     版）），资本金现金流量与资本金内部收益率计入扣除贷款利息后的所得税",
    "税务亏损向以后年度结转，按先发生先弥补的顺序抵减以后年度所得，最长不超过亏损结转年限，\
     逾期作废；亏损不产生退税（项目单独计税，不与业主的其他所得合并）",
    "折旧采用直线法，净残值为零，自每笔支出的次年起按折旧年限计提；资产退役时或第 N 年尚余的\
     账面价值于当年扣除",
    "三免三减半：第 1-3 年免税，第 4-6 年减半征收，自第 1 年（项目取得第一笔生产经营收入所属\
     纳税年度）起算（《企业所得税法实施条例》第八十七条、第八十八条）",
    "贷款额为第 0 年投资扣除投资补贴后按贷款比例计算的部分，于第 0 年提取，不计建设期利息，\
     自第 1 年起等额还本付息",
    "激励（情景的 incentives:）：奖励与减排量补贴计入发放当年的收入，除情景注明 taxable: false \
     外均应纳税；奖励仅在方案满足规则时发放；投资补贴于第 0 年收到，不征税，其对应的资产部分\
     不计提折旧（《企业所得税法实施条例》第二十八条）",
    "投资回收期：税后项目累计现金流（动态投资回收期按折现后计）转为非负且此后保持非负的年份，\
     在年内插值；最后一年末回收的固定资产余值不计入（它并非运营所得，仅计入余值才能回收的，视为\
     计算期内不能回收）；当年的所得税仍含余值部分的税，这只会使回收期推迟",
];

/// What the cash flows say, plan against baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinanceResults {
    /// NPV of the after-tax project cash flows (plan − baseline) at the discount rate, RMB.
    pub npv_rmb: f64,
    /// NPV of the project cash flows before tax, RMB.
    pub npv_before_tax_rmb: f64,
    /// IRR of the after-tax project cash flows.
    pub project_irr: Irr,
    /// IRR of the project cash flows before tax.
    pub project_irr_before_tax: Irr,
    /// IRR of the cash flows to equity (after the loan's flows and tax).
    pub equity_irr: Irr,
    /// Years until the discounted after-tax project cash flows pay back, if they do.
    pub discounted_payback_years: Option<f64>,
    /// Years until the undiscounted after-tax project cash flows pay back, if they do.
    pub simple_payback_years: Option<f64>,
    /// The project's investment in year 0 (capex less capex subsidies), RMB.
    pub investment_rmb: f64,
}

impl FinanceResults {
    /// The measures of `flows` at `discount_rate`.
    pub fn of(flows: &CashFlows, discount_rate: f64) -> Self {
        let column =
            |f: fn(&cashflow::YearRow) -> f64| -> Vec<f64> { flows.rows.iter().map(f).collect() };
        let project = column(|r| r.project_cash_flow_rmb);
        let before_tax = column(|r| r.before_tax_rmb);
        let equity = column(|r| r.equity_cash_flow_rmb);
        let discounted = column(|r| r.discounted_project_cash_flow_rmb);
        // Paybacks count what the project earns back by operating: without the residual
        // value credited at the end of year N (a project 634 M RMB short without that
        // credit read a payback of 24.3 years of 25).
        let residual = column(|r| r.project.residual_value_rmb);
        let earned: Vec<f64> = project.iter().zip(&residual).map(|(f, v)| f - v).collect();
        let earned_discounted: Vec<f64> = discounted
            .iter()
            .zip(&flows.rows)
            .map(|(f, r)| f - r.project.residual_value_rmb * r.discount_factor)
            .collect();
        let first = flows.rows.first();
        FinanceResults {
            npv_rmb: npv(discount_rate, &project),
            npv_before_tax_rmb: npv(discount_rate, &before_tax),
            project_irr: irr(&project),
            project_irr_before_tax: irr(&before_tax),
            equity_irr: irr(&equity),
            discounted_payback_years: payback_years(&earned_discounted),
            simple_payback_years: payback_years(&earned),
            investment_rmb: first.map_or(0.0, |r| {
                -r.project.capex_rmb - r.incentives.capex_subsidy_rmb
            }),
        }
    }
}

/// One outlay as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutlayReport {
    /// What it buys.
    pub kind: OutlayKind,
    /// Year paid.
    pub year: u32,
    /// Amount, RMB.
    pub amount_rmb: f64,
}

/// One asset of the plan as the cash flows take it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssetReport {
    /// What it is.
    pub technology: Technology,
    /// Capex of the first build, RMB.
    pub capex_rmb: f64,
    /// Economic life, years (catalogue `lifetime_yr`).
    pub life_years: u32,
    /// The part replaced within its life (electrolyser stacks).
    pub part_replacement: Option<Part>,
    /// Tax depreciation years.
    pub depreciation_years: u32,
    /// Where those come from.
    pub depreciation_basis: String,
    /// Its outlays over the analysis.
    pub outlays: Vec<OutlayReport>,
}

/// The loan as applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DebtReport {
    /// Share of the investment borrowed.
    pub share: Cited,
    /// Interest rate before any green-loan cut.
    pub rate: Cited,
    /// Rate applied, after any cut, 1/yr.
    pub rate_applied: f64,
    /// Repayment years.
    pub tenor_years: u32,
    /// Where those come from.
    pub tenor_source: String,
    /// Drawn in year 0, RMB.
    pub principal_rmb: f64,
    /// Level annual payment, RMB.
    pub annual_payment_rmb: f64,
}

/// Every assumption of the cash flows, with its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumptions {
    /// Years of operation analysed after year 0.
    pub analysis_years: u32,
    /// Where that comes from.
    pub analysis_years_basis: String,
    /// Discount rate, 1/yr.
    pub discount_rate: Cited,
    /// The discount rate the NPV is taken at, 1/yr: `discount_rate` less a green loan's cut
    /// (`cuts_discount_rate: true`), not below 0.
    pub discount_rate_applied: f64,
    /// Income tax rate.
    pub income_tax_rate: Cited,
    /// The tax holiday, if any.
    pub tax_holiday: Option<TaxHoliday>,
    /// Years a tax loss is carried forward.
    pub loss_carry_forward_years: u32,
    /// Where that comes from.
    pub loss_carry_forward_source: String,
    /// The loan; none: all equity.
    pub debt: Option<DebtReport>,
    /// Escalation rates given, 1/yr, by item, group or `all` (others: 0).
    pub escalation_per_yr: BTreeMap<String, f64>,
    /// The plan's assets.
    pub assets: Vec<AssetReport>,
    /// The incentives applied.
    pub incentives: Incentives,
    /// The rules followed.
    pub rules: &'static [&'static str],
    /// The same rules in Chinese.
    pub rules_zh: &'static [&'static str],
    /// Things a reader should know about this case.
    pub notes: Vec<String>,
    /// The same notes in Chinese, in the same order.
    pub notes_zh: Vec<String>,
}

impl Assumptions {
    /// Adds `note` to the notes, in both languages.
    pub fn note(&mut self, note: Warning) {
        self.notes.push(note.en);
        self.notes_zh.push(note.zh);
    }
}

/// The cash flows of a plan with what they say and everything assumed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinanceReport {
    /// What they say.
    #[serde(flatten)]
    pub results: FinanceResults,
    /// Everything assumed.
    pub assumptions: Assumptions,
    /// What each incentive adds to the NPV on this plan (NPV with all of them less NPV
    /// without that one), RMB, by kind (`award`, `abatement_subsidy`, `capex_subsidy`,
    /// `green_loan`). The green loan's is to the NPV of the cash flows to equity (its rate
    /// cut reaches equity only; a cut of the discount rate is counted too).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub incentive_worth_npv_rmb: BTreeMap<&'static str, f64>,
    /// The rows (written to `cashflow.csv`, not to `plan.json`).
    #[serde(skip)]
    pub cash_flows: CashFlows,
}

/// `plan.json` → `finance`: the report, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FinanceOutcome {
    /// The cash flows were made.
    Computed(Box<FinanceReport>),
    /// They could not be.
    NotComputed {
        /// Why.
        not_computed: String,
    },
}

impl FinanceOutcome {
    /// The report, when there is one.
    pub fn report(&self) -> Option<&FinanceReport> {
        match self {
            FinanceOutcome::Computed(report) => Some(report),
            FinanceOutcome::NotComputed { .. } => None,
        }
    }
}

/// The cash flows of `report`'s plan against its baseline with the park's `finance:`
/// assumptions and `incentives:` (the award only when the plan meets the rules it rewards),
/// with what each incentive is worth in NPV; or why there are none.
pub fn for_plan(report: &PlanReport, park: &Park) -> FinanceOutcome {
    let mut incentives = park.incentives.incentives.clone();
    let meets = report.status.has_plan() && report.infeasibility.is_empty();
    let mut withheld = None;
    if !meets && !incentives.awards.is_empty() {
        incentives.awards.clear();
        withheld = Some(Warning::new(
            "the award is not paid: the plan does not meet the rules",
            "方案未满足规则要求，不发放奖励",
        ));
    }
    match evaluate(report, park, &incentives) {
        Ok(mut finance) => {
            for kind in incentives.kinds() {
                if let Ok(without) = evaluate(report, park, &incentives.without(kind)) {
                    let worth = if kind == "green_loan" {
                        // A loan's rate cut reaches equity only (the project's flows do not
                        // see a loan): the equity NPV with the loan, at the rate it applies
                        // (less any cut of the discount rate), less that without it, at the
                        // scenario's. Without a loan, equity's flows are the project's.
                        equity_npv_rmb(
                            &finance.cash_flows,
                            finance.assumptions.discount_rate_applied,
                        ) - equity_npv_rmb(
                            &without.cash_flows,
                            without.assumptions.discount_rate_applied,
                        )
                    } else {
                        finance.results.npv_rmb - without.results.npv_rmb
                    };
                    finance.incentive_worth_npv_rmb.insert(kind, worth);
                }
            }
            if let Some(note) = withheld {
                finance.assumptions.note(note);
            }
            if let Some(w) = park
                .incentives
                .abatement_weight
                .as_ref()
                .filter(|w| w.rmb_per_t != 0.0)
            {
                let (rate, years, discount) =
                    (w.rmb_per_t, w.analysis_years, 100.0 * w.discount_rate);
                finance.assumptions.note(Warning::new(
                    format!(
                        "the subsidy per tonne cut entered the plan's objective as {rate:.2} \
                         RMB per t CO2 per year (its present value over its years, annualised \
                         over {years} years at {discount:.2} %), so it may change the sizes; its \
                         NPV worth here is on this plan"
                    ),
                    format!(
                        "减排量补贴按每年每 tCO2 {rate:.2} 元计入目标函数（补贴期各年补贴的现值，\
                         按 {discount:.2} % 在 {years} 年内年化），因此可能改变装机规模；此处其对\
                         净现值的贡献按本方案计算"
                    ),
                ));
            }
            FinanceOutcome::Computed(Box::new(finance))
        }
        Err(e) => FinanceOutcome::NotComputed {
            not_computed: e.to_string(),
        },
    }
}

/// NPV of the cash flows to equity at `rate`, RMB.
fn equity_npv_rmb(flows: &CashFlows, rate: f64) -> f64 {
    let equity: Vec<f64> = flows.rows.iter().map(|r| r.equity_cash_flow_rmb).collect();
    npv(rate, &equity)
}

/// The cash flows of `report`'s plan against its baseline, with `incentives`.
pub fn evaluate(
    report: &PlanReport,
    park: &Park,
    incentives: &Incentives,
) -> Result<FinanceReport, FinanceError> {
    let (inputs, basis) = from_plan::inputs_from_plan(report, park, incentives)?;
    let flows = cash_flows(&inputs);
    let f = &park.finance;
    let assets = inputs
        .plan
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| AssetReport {
            technology: a.technology,
            capex_rmb: a.capex_rmb,
            life_years: a.life_years,
            part_replacement: a.part,
            depreciation_years: a.depreciation_years,
            depreciation_basis: basis
                .depreciation
                .get(&a.technology)
                .cloned()
                .unwrap_or_default(),
            outlays: flows
                .plan_outlays
                .iter()
                .filter(|(asset, _)| *asset == i)
                .map(|(_, o)| OutlayReport {
                    kind: o.kind,
                    year: o.year,
                    amount_rmb: o.amount_rmb,
                })
                .collect(),
        })
        .collect();
    let debt = f.debt.as_ref().map(|d| DebtReport {
        share: d.share.clone(),
        rate: d.rate.clone(),
        rate_applied: flows.loan_rate,
        tenor_years: d.tenor_years,
        tenor_source: d.tenor_source.clone(),
        principal_rmb: flows.loan_principal_rmb,
        annual_payment_rmb: flows.loan_payment_rmb,
    });
    Ok(FinanceReport {
        results: FinanceResults::of(&flows, inputs.discount_rate),
        assumptions: Assumptions {
            analysis_years: inputs.analysis_years,
            analysis_years_basis: basis.analysis_years,
            discount_rate: f.discount_rate.clone(),
            discount_rate_applied: inputs.discount_rate,
            income_tax_rate: f.tax.income_tax_rate.clone(),
            tax_holiday: f.tax.holiday,
            loss_carry_forward_years: f.tax.loss_carry_forward_years,
            loss_carry_forward_source: f.tax.loss_carry_forward_source.clone(),
            debt,
            escalation_per_yr: f.escalation.clone(),
            assets,
            incentives: incentives.clone(),
            rules: RULES,
            rules_zh: RULES_ZH,
            notes_zh: basis.notes.iter().map(|n| n.zh.clone()).collect(),
            notes: basis.notes.into_iter().map(|n| n.en).collect(),
        },
        incentive_worth_npv_rmb: BTreeMap::new(),
        cash_flows: flows,
    })
}
