//! The `Cash flows` sheet: the investor's measures (NPV, IRRs, paybacks, each after and
//! before tax), the terms they rest on and the notes, then the yearly cash flows as
//! `cashflow.csv` holds them (a year per row), every number as it is.

use super::cells::{header, header_row, number_format, put_number, put_wrapped, widths, PERCENT};
use crate::finance::metrics::Irr;
use crate::finance::{FinanceOutcome, FinanceReport};
use rust_xlsxwriter::{ColNum, Format, Worksheet, XlsxError};

/// Width of the note column, characters.
const NOTE_WIDTH: f64 = 90.0;

/// Writes `Cash flows` for `finance`; without cash flows (no plan, or none asked), the
/// reason.
pub fn write(sheet: &mut Worksheet, finance: &FinanceOutcome) -> Result<(), XlsxError> {
    sheet.set_name("Cash flows")?;
    let report = match finance {
        FinanceOutcome::Computed(report) => report,
        FinanceOutcome::NotComputed { not_computed } => {
            sheet.write_string(0, 0, format!("no cash flows: {not_computed}"))?;
            return Ok(());
        }
    };
    header_row(
        sheet,
        0,
        &["measure", "after tax", "before tax", "unit", "note"],
    )?;
    widths(sheet, &[30.0, 18.0, 18.0, 8.0, NOTE_WIDTH])?;
    let mut row = measures(sheet, report)?;
    row += 1;
    sheet.write_string_with_format(row, 0, "notes", &header())?;
    row += 1;
    let a = &report.assumptions;
    for note in a.rules.iter().map(|r| r.to_string()).chain(a.notes.clone()) {
        put_wrapped(sheet, row, 4, &note, NOTE_WIDTH)?;
        row += 1;
    }
    row += 1;
    yearly(sheet, row, report)
}

/// The measures, one per row from row 1; returns the next free row.
fn measures(sheet: &mut Worksheet, report: &FinanceReport) -> Result<u32, XlsxError> {
    let (r, a) = (&report.results, &report.assumptions);
    let money = Format::new().set_num_format(number_format("_rmb"));
    let percent = Format::new().set_num_format(PERCENT);
    let years = Format::new().set_num_format(number_format("_years"));
    let mut row = 1;
    let mut put = |label: &str,
                   values: (Option<f64>, Option<f64>),
                   format: &Format,
                   unit: &str,
                   note: &str|
     -> Result<(), XlsxError> {
        sheet.write_string(row, 0, label)?;
        put_number(sheet, row, 1, values.0, format)?;
        put_number(sheet, row, 2, values.1, format)?;
        sheet.write_string(row, 3, unit)?;
        if !note.is_empty() {
            put_wrapped(sheet, row, 4, note, NOTE_WIDTH)?;
        }
        row += 1;
        Ok(())
    };
    put(
        "NPV (plan against baseline)",
        (Some(r.npv_rmb), Some(r.npv_before_tax_rmb)),
        &money,
        "RMB",
        &format!(
            "at {:.2} % over {} years ({})",
            100.0 * a.discount_rate_applied,
            a.analysis_years,
            a.discount_rate.source
        ),
    )?;
    put(
        "project IRR",
        (r.project_irr.rate(), r.project_irr_before_tax.rate()),
        &percent,
        "1/yr",
        &irr_note(&r.project_irr),
    )?;
    put(
        "equity IRR",
        (r.equity_irr.rate(), None),
        &percent,
        "1/yr",
        &irr_note(&r.equity_irr),
    )?;
    put(
        "simple payback, after tax",
        (r.simple_payback_years, None),
        &years,
        "years",
        "without the residual value credited in the last year",
    )?;
    put(
        "discounted payback, after tax",
        (r.discounted_payback_years, None),
        &years,
        "years",
        "",
    )?;
    put(
        "investment in year 0",
        (Some(r.investment_rmb), None),
        &money,
        "RMB",
        "capex less capex subsidies",
    )?;
    put(
        "income tax rate",
        (Some(a.income_tax_rate.value), None),
        &percent,
        "",
        &a.income_tax_rate.source,
    )?;
    if let Some(d) = &a.debt {
        put(
            "debt share of the investment",
            (Some(d.share.value), None),
            &percent,
            "",
            &format!(
                "at {:.2} % over {} years",
                100.0 * d.rate_applied,
                d.tenor_years
            ),
        )?;
    }
    for (kind, worth) in &report.incentive_worth_npv_rmb {
        put(
            &format!("NPV added by {kind}"),
            (Some(*worth), None),
            &money,
            "RMB",
            "",
        )?;
    }
    Ok(row)
}

/// Why an IRR has no single rate, or nothing.
fn irr_note(irr: &Irr) -> String {
    match irr {
        Irr::Unique { .. } => String::new(),
        Irr::Multiple { rates } => format!(
            "several rates make the NPV zero ({}): judge by the NPV",
            rates
                .iter()
                .map(|r| format!("{:.2} %", 100.0 * r))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Irr::None { reason } => format!("none: {reason}"),
    }
}

/// The yearly cash flows from row `first`: their names (units in them) as a bold header, a
/// year per row, as `cashflow.csv` holds them.
fn yearly(sheet: &mut Worksheet, first: u32, report: &FinanceReport) -> Result<(), XlsxError> {
    let columns = report.cash_flows.columns();
    let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
    header_row(sheet, first, &names)?;
    for (col, (name, values)) in columns.iter().enumerate() {
        let format = Format::new().set_num_format(number_format(name));
        for (r, value) in values.iter().enumerate() {
            put_number(
                sheet,
                first + 1 + r as u32,
                col as ColNum,
                Some(*value),
                &format,
            )?;
        }
    }
    Ok(())
}
