//! The `Cash flows` sheet: the investor's measures (NPV, IRRs, paybacks, each after and
//! before tax), the terms they rest on and the notes, then the yearly cash flows as
//! `cashflow.csv` holds them (a year per row), every number as it is.

use super::cells::{header, header_row, number_format, put_number, put_wrapped, widths, PERCENT};
use crate::finance::metrics::Irr;
use crate::finance::{FinanceOutcome, FinanceReport};
use crate::report::lang::{self, pick, Lang, Term};
use rust_xlsxwriter::{ColNum, Format, Worksheet, XlsxError};

/// Width of the note column, characters.
const NOTE_WIDTH: f64 = 90.0;

/// Writes `Cash flows` for `finance` in `lang` (the rules' and notes' texts stay as
/// `plan.json` gives them); without cash flows (no plan, or none asked), the reason.
pub fn write(sheet: &mut Worksheet, finance: &FinanceOutcome, lang: Lang) -> Result<(), XlsxError> {
    sheet.set_name(pick(lang, "Cash flows", "现金流"))?;
    let report = match finance {
        FinanceOutcome::Computed(report) => report,
        FinanceOutcome::NotComputed { not_computed } => {
            let text = match lang {
                Lang::En => format!("no cash flows: {not_computed}"),
                Lang::Zh => lang::not_computed(not_computed, lang),
            };
            sheet.write_string(0, 0, text)?;
            return Ok(());
        }
    };
    header_row(
        sheet,
        0,
        &[
            pick(lang, "measure", "指标"),
            Term::AfterTax.text(lang),
            Term::BeforeTax.text(lang),
            pick(lang, "unit", "单位"),
            pick(lang, "note", "说明"),
        ],
    )?;
    widths(sheet, &[30.0, 18.0, 18.0, 8.0, NOTE_WIDTH])?;
    let mut row = measures(sheet, report, lang)?;
    row += 1;
    sheet.write_string_with_format(row, 0, pick(lang, "notes", "说明"), &header())?;
    row += 1;
    let a = &report.assumptions;
    let rules = match lang {
        Lang::Zh => a.rules_zh,
        Lang::En => a.rules,
    };
    let notes = lang::texts(&a.notes, &a.notes_zh, lang);
    for note in rules
        .iter()
        .map(|r| r.to_string())
        .chain(notes.iter().cloned())
    {
        put_wrapped(sheet, row, 4, &note, NOTE_WIDTH)?;
        row += 1;
    }
    row += 1;
    yearly(sheet, row, report)
}

/// The measures, one per row from row 1; returns the next free row.
fn measures(sheet: &mut Worksheet, report: &FinanceReport, lang: Lang) -> Result<u32, XlsxError> {
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
        sheet.write_string(row, 3, lang::unit(unit, lang))?;
        if !note.is_empty() {
            put_wrapped(sheet, row, 4, note, NOTE_WIDTH)?;
        }
        row += 1;
        Ok(())
    };
    let (rate, years_of) = (100.0 * a.discount_rate_applied, a.analysis_years);
    put(
        pick(
            lang,
            "NPV (plan against baseline)",
            "净现值（规划方案相对基准情景）",
        ),
        (Some(r.npv_rmb), Some(r.npv_before_tax_rmb)),
        &money,
        "RMB",
        &match lang {
            Lang::En => format!(
                "at {rate:.2} % over {years_of} years ({})",
                a.discount_rate.source
            ),
            Lang::Zh => format!(
                "折现率 {rate:.2} %，计算期 {years_of} 年（{}）",
                a.discount_rate.source
            ),
        },
    )?;
    put(
        Term::ProjectIrr.text(lang),
        (r.project_irr.rate(), r.project_irr_before_tax.rate()),
        &percent,
        "1/yr",
        &irr_note(&r.project_irr, lang),
    )?;
    put(
        Term::EquityIrr.text(lang),
        (r.equity_irr.rate(), None),
        &percent,
        "1/yr",
        &irr_note(&r.equity_irr, lang),
    )?;
    put(
        pick(lang, "simple payback, after tax", "静态投资回收期（税后）"),
        (r.simple_payback_years, None),
        &years,
        "years",
        pick(
            lang,
            "without the residual value credited in the last year",
            "不计末年回收的固定资产余值",
        ),
    )?;
    put(
        pick(
            lang,
            "discounted payback, after tax",
            "动态投资回收期（税后）",
        ),
        (r.discounted_payback_years, None),
        &years,
        "years",
        "",
    )?;
    put(
        pick(lang, "investment in year 0", "第 0 年投资"),
        (Some(r.investment_rmb), None),
        &money,
        "RMB",
        pick(lang, "capex less capex subsidies", "总投资扣除投资补贴"),
    )?;
    put(
        pick(lang, "income tax rate", "所得税税率"),
        (Some(a.income_tax_rate.value), None),
        &percent,
        "",
        &a.income_tax_rate.source,
    )?;
    if let Some(d) = &a.debt {
        let (rate, tenor) = (100.0 * d.rate_applied, d.tenor_years);
        put(
            pick(lang, "debt share of the investment", "贷款占投资比例"),
            (Some(d.share.value), None),
            &percent,
            "",
            &match lang {
                Lang::En => format!("at {rate:.2} % over {tenor} years"),
                Lang::Zh => format!("利率 {rate:.2} %，期限 {tenor} 年"),
            },
        )?;
    }
    for (kind, worth) in &report.incentive_worth_npv_rmb {
        let label = match lang {
            Lang::En => format!("NPV added by {kind}"),
            Lang::Zh => format!(
                "{}：{}",
                Term::IncentiveWorth.text(lang),
                lang::switch(kind, lang)
            ),
        };
        put(&label, (Some(*worth), None), &money, "RMB", "")?;
    }
    Ok(row)
}

/// Why an IRR has no single rate, or nothing; in `lang` (the reason of none as
/// `plan.json` gives it).
fn irr_note(irr: &Irr, lang: Lang) -> String {
    match irr {
        Irr::Unique { .. } => String::new(),
        Irr::Multiple { rates } => {
            let rates = rates
                .iter()
                .map(|r| format!("{:.2} %", 100.0 * r))
                .collect::<Vec<_>>()
                .join(", ");
            match lang {
                Lang::En => format!("several rates make the NPV zero ({rates}): judge by the NPV"),
                Lang::Zh => format!("多个折现率使净现值为零（{rates}）：应以净现值判断"),
            }
        }
        Irr::None { reason } => match lang {
            Lang::En => format!("none: {reason}"),
            Lang::Zh => format!("无：{reason}"),
        },
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
