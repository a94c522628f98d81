//! Excel workbooks: `plan.xlsx` (sheets Summary, Capacities, Costs, Indicators, Monthly,
//! Dispatch, Cash flows) from a plan, and a table as a workbook for a batch's `summary.xlsx`. Numbers are
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
use rust_xlsxwriter::{Workbook, XlsxError};

/// The workbook of a plan, as the bytes of an `.xlsx` file. Without a dispatch (no plan
/// found), the Monthly and Dispatch sheets say so; without cash flows, Cash flows says why.
pub fn plan_workbook(
    report: &PlanReport,
    dispatch: Option<&Dispatch>,
    finance: &FinanceOutcome,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    summary::write(workbook.add_worksheet(), report)?;
    capacities::write(workbook.add_worksheet(), report.capacities.as_ref())?;
    costs::write(workbook.add_worksheet(), report)?;
    indicators::write(workbook.add_worksheet(), report)?;
    hourly::write_monthly(
        workbook.add_worksheet(),
        dispatch,
        report.aggregation.as_ref(),
    )?;
    hourly::write_dispatch(workbook.add_worksheet(), dispatch)?;
    cashflows::write(workbook.add_worksheet(), finance)?;
    workbook.save_to_buffer()
}
