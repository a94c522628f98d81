//! Excel workbooks: `plan.xlsx` (sheets Summary, Capacities, Costs, Indicators, Monthly,
//! Dispatch, Cash flows; in Chinese 汇总, 装机容量, 成本, 指标, 月度平衡, 逐时运行, 现金流) from a plan, and a table as a workbook for a batch's `summary.xlsx`. Numbers are
//! written as numbers, exactly as `plan.json` holds them, with number formats for reading.

pub mod capacities;
pub mod cashflows;
pub mod cells;
pub mod costs;
pub mod hourly;
pub mod indicators;
pub mod summary;
pub mod table;

use crate::finance::FinanceOutcome;
use crate::plan::dispatch::Dispatch;
use crate::plan::PlanReport;
use crate::report::lang::Lang;
use rust_xlsxwriter::{Workbook, XlsxError};

/// The workbook of a plan in `lang` (`report.lang`: the sheets' names, labels, units and
/// notes; every figure, its place and the `plan.json` and `dispatch.csv` names are the same
/// in both languages), as the bytes of an `.xlsx` file. Without a dispatch (no plan
/// found), the Monthly and Dispatch sheets say so; without cash flows, Cash flows says why.
pub fn plan_workbook(
    report: &PlanReport,
    dispatch: Option<&Dispatch>,
    finance: &FinanceOutcome,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    summary::write(workbook.add_worksheet(), report, lang)?;
    capacities::write(workbook.add_worksheet(), report.capacities.as_ref(), lang)?;
    costs::write(workbook.add_worksheet(), report, lang)?;
    indicators::write(workbook.add_worksheet(), report, lang)?;
    hourly::write_monthly(
        workbook.add_worksheet(),
        dispatch,
        report.aggregation.as_ref(),
        lang,
    )?;
    hourly::write_dispatch(workbook.add_worksheet(), dispatch, lang)?;
    cashflows::write(workbook.add_worksheet(), finance, lang)?;
    workbook.save_to_buffer()
}
