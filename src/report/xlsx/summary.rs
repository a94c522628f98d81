//! The `Summary` sheet: the verdict and the headline figures, plan beside baseline; the
//! accounting switches in force; with typical days, the days and the full-year check; the
//! rules that cannot be met, the warnings and the versions.

use super::cells::{
    header, header_row, number_format, put_number, put_wrapped, top, top_aligned_columns, widths,
    PERCENT,
};
use crate::plan::kpi::Kpis;
use crate::plan::PlanReport;
use crate::solve::SolveStatus;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};
use serde_json::Value;

/// Columns: label, plan, baseline, unit, note.
const COLUMNS: [&str; 5] = ["item", "plan", "baseline", "unit", "note"];

/// Width of the note column, characters.
const NOTE_WIDTH: f64 = 80.0;

/// Writes the sheet's rows one after another.
struct Rows<'a> {
    sheet: &'a mut Worksheet,
    row: u32,
}

impl Rows<'_> {
    /// A bold section title after an empty row.
    fn section(&mut self, title: &str) -> Result<(), XlsxError> {
        self.row += 1;
        self.sheet
            .write_string_with_format(self.row, 0, title, &header())?;
        self.row += 1;
        Ok(())
    }

    /// A label with a text in the plan column (running on over the empty cells to its
    /// right) and a note.
    fn text(&mut self, label: &str, text: &str, note: &str) -> Result<(), XlsxError> {
        self.sheet.write_string(self.row, 0, label)?;
        if !text.is_empty() {
            self.sheet.write_string(self.row, 1, text)?;
        }
        self.note(note)?;
        self.row += 1;
        Ok(())
    }

    /// A note, wrapped in its column, on the current row.
    fn note(&mut self, note: &str) -> Result<(), XlsxError> {
        if note.is_empty() {
            return Ok(());
        }
        put_wrapped(self.sheet, self.row, 4, note, NOTE_WIDTH)
    }

    /// A label with the plan's and the baseline's figure, formatted for `key` (the
    /// `plan.json` name, its unit last; the clean-share target as a percentage), the unit
    /// and a note.
    fn figures(
        &mut self,
        label: &str,
        key: &str,
        (plan, base): (Option<f64>, Option<f64>),
        unit: &str,
        note: &str,
    ) -> Result<(), XlsxError> {
        let format = if key.starts_with("clean_share") {
            PERCENT
        } else {
            number_format(key)
        };
        let format = top().set_num_format(format);
        self.sheet.write_string(self.row, 0, label)?;
        put_number(self.sheet, self.row, 1, plan, &format)?;
        put_number(self.sheet, self.row, 2, base, &format)?;
        if !unit.is_empty() {
            self.sheet.write_string(self.row, 3, unit)?;
        }
        self.note(note)?;
        self.row += 1;
        Ok(())
    }

    /// A JSON value (`plan.json`'s own words and numbers): objects one row per field, their
    /// keys joined with dots; arrays joined with commas.
    fn value(&mut self, key: &str, value: &Value) -> Result<(), XlsxError> {
        match value {
            Value::Object(fields) => {
                for (field, inner) in fields {
                    self.value(&format!("{key}.{field}"), inner)?;
                }
                Ok(())
            }
            Value::Number(n) => self.figures(key, key, (n.as_f64(), None), "", ""),
            other => self.text(key, &words(other), ""),
        }
    }
}

/// A JSON value as words: strings bare, arrays joined with commas, nothing for null.
fn words(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(words).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The status as `plan.json` writes it (`optimal`, `time_limit`, …).
fn status_word(status: SolveStatus) -> String {
    words(&serde_json::to_value(status).unwrap_or(Value::Null))
}

/// The verdict on the core rule, with the figures behind it.
fn verdict(report: &PlanReport) -> (String, String) {
    let limit = report.accounting.intensity_limit_used_t_per_tce;
    match (&report.kpis, report.status) {
        (Some(k), status) if status.has_plan() => {
            let relation = if k.meets_intensity_limit() {
                "≤"
            } else {
                ">"
            };
            let verdict = if k.meets_intensity_limit() {
                "meets the rule"
            } else {
                "does not meet the rule"
            };
            (
                verdict.to_string(),
                format!(
                    "intensity {:.4} {relation} λ {limit:.4} t CO2/tce",
                    k.intensity_t_per_tce
                ),
            )
        }
        (_, SolveStatus::Infeasible) => (
            "does not meet the rule".into(),
            format!(
                "no plan meets the rules (λ {limit:.4} t CO2/tce). The plan column holds the \
                 diagnosis run (the rules priced, not enforced); what each rule can reach is \
                 under 'rules that cannot be met'"
            ),
        ),
        (_, status) => (
            "no plan".into(),
            format!("the solve ended {}", status_word(status)),
        ),
    }
}

/// Writes the sheet.
pub fn write(sheet: &mut Worksheet, report: &PlanReport) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    header_row(sheet, 0, &COLUMNS)?;
    widths(sheet, &[34.0, 22.0, 18.0, 12.0, NOTE_WIDTH])?;
    top_aligned_columns(sheet, COLUMNS.len() as u16)?;
    sheet.set_freeze_panes(1, 1)?;
    let mut rows = Rows { sheet, row: 1 };
    headline(&mut rows, report)?;
    rows.section("accounting switches in force (plan.json: accounting)")?;
    if let Ok(Value::Object(fields)) = serde_json::to_value(&report.accounting) {
        for (key, value) in &fields {
            rows.value(key, value)?;
        }
    }
    typical_days(&mut rows, report)?;
    if !report.infeasibility.is_empty() {
        rows.section("rules that cannot be met")?;
        for i in &report.infeasibility {
            rows.figures(
                &i.rule,
                &i.rule,
                (Some(i.reachable), None),
                "reachable",
                &format!("limit {}: {}", i.limit, i.message),
            )?;
        }
    }
    if !report.warnings.is_empty() {
        rows.section("warnings")?;
        for warning in &report.warnings {
            rows.text("warning", "", warning)?;
        }
    }
    rows.section("versions")?;
    rows.text("zcpark", report.provenance.zcpark_version, "")?;
    rows.text("HiGHS", &report.provenance.highs_version, "")?;
    Ok(())
}

/// Status, verdict and the headline figures.
fn headline(rows: &mut Rows, report: &PlanReport) -> Result<(), XlsxError> {
    let (verdict, why) = verdict(report);
    rows.text("scenario", &report.scenario, "")?;
    rows.text("status", &status_word(report.status), &report.stop_reason)?;
    if let Some(note) = serde_json::to_value(&report.horizon)
        .ok()
        .and_then(|h| crate::report::lang::cut_note(&h, crate::report::lang::Lang::En))
    {
        rows.text("horizon", "cut", &note)?;
    }
    rows.text("verdict", &verdict, &why)?;
    let plan = report.kpis.as_ref();
    let base = report.baseline.kpis.as_ref();
    let both = |f: fn(&Kpis) -> Option<f64>| (plan.and_then(f), base.and_then(f));
    rows.figures(
        "carbon intensity (EM / EC)",
        "intensity_t_per_tce",
        both(|k| Some(k.intensity_t_per_tce)),
        "t CO2/tce",
        "",
    )?;
    rows.figures(
        "limit λ",
        "intensity_limit_t_per_tce",
        (Some(report.accounting.intensity_limit_used_t_per_tce), None),
        "t CO2/tce",
        &report.accounting.intensity_limit_basis,
    )?;
    let target = report
        .accounting
        .data
        .clean_share
        .map(|c| format!("target {:.1} %", 100.0 * c.target))
        .unwrap_or_default();
    rows.figures(
        "clean-energy share",
        "clean_share",
        both(|k| Some(k.clean_share)),
        "%",
        &target,
    )?;
    rows.figures(
        "total annual cost",
        "objective_rmb_per_yr",
        (
            report.objective_rmb_per_yr,
            report.baseline.objective_rmb_per_yr,
        ),
        "RMB/yr",
        "annualised capital, O&M, energy and carbon, less revenue (sheet Costs)",
    )?;
    rows.figures(
        "capex",
        "capex_rmb",
        both(|k| Some(k.capex_rmb)),
        "RMB",
        "overnight cost of the new capacity",
    )?;
    rows.figures(
        "payback on the annual saving (capex ÷ saving, before tax)",
        "payback_years",
        both(|k| k.payback_years),
        "years",
        "",
    )?;
    rows.figures(
        "abatement cost",
        "abatement_cost_rmb_per_t",
        both(|k| k.abatement_cost_rmb_per_t),
        "RMB/t CO2",
        "",
    )?;
    for (label, key, f, unit) in [
        (
            "LCOE of new on-site PV and wind",
            "lcoe_rmb_per_mwh",
            (|k: &Kpis| k.lcoe_rmb_per_mwh) as fn(&Kpis) -> Option<f64>,
            "RMB/MWh",
        ),
        (
            "LCOH",
            "lcoh_rmb_per_kg",
            |k: &Kpis| k.lcoh_rmb_per_kg,
            "RMB/kg",
        ),
    ] {
        let figures = both(f);
        if figures.0.is_some() || figures.1.is_some() {
            rows.figures(label, key, figures, unit, "")?;
        }
    }
    rows.figures("MIP gap", "mip_gap", (report.mip_gap, None), "%", "")?;
    rows.figures(
        "solve time",
        "solve_seconds",
        (Some(report.solve_seconds), None),
        "s",
        "",
    )
}

/// With typical days: how they were made, the days, and the full-year check.
fn typical_days(rows: &mut Rows, report: &PlanReport) -> Result<(), XlsxError> {
    if let Some(aggregation) = &report.aggregation {
        rows.section("typical days (plan.json: aggregation)")?;
        if let Ok(Value::Object(fields)) = serde_json::to_value(aggregation) {
            for (key, value) in &fields {
                if !matches!(key.as_str(), "days" | "day_to_typical_day") {
                    rows.value(key, value)?;
                }
            }
        }
        rows.row += 1;
        header_row(
            rows.sheet,
            rows.row,
            &["typical day", "day_of_year", "weight_days", "extreme"],
        )?;
        rows.row += 1;
        let whole = Format::new().set_num_format(number_format("weight_days"));
        for day in &aggregation.days {
            rows.sheet.write_string(rows.row, 0, &day.date)?;
            put_number(
                rows.sheet,
                rows.row,
                1,
                Some(day.day_of_year as f64),
                &whole,
            )?;
            put_number(
                rows.sheet,
                rows.row,
                2,
                Some(day.weight_days as f64),
                &whole,
            )?;
            let extreme = serde_json::to_value(day.extreme).unwrap_or(Value::Null);
            rows.sheet.write_string(rows.row, 3, words(&extreme))?;
            rows.row += 1;
        }
    }
    if let Some(check) = &report.full_year_check {
        rows.section("full-year check (plan.json: full_year_check)")?;
        rows.text("status", &status_word(check.status), &check.message)?;
        rows.figures(
            "annual cost, full year",
            "objective_rmb_per_yr",
            (check.objective_rmb_per_yr, None),
            "RMB/yr",
            "",
        )?;
        rows.figures(
            "typical-day estimate",
            "typical_day_estimate_rmb_per_yr",
            (check.typical_day_estimate_rmb_per_yr, None),
            "RMB/yr",
            "",
        )?;
        rows.figures(
            "gap to the estimate",
            "gap_to_estimate",
            (check.gap_to_estimate, None),
            "%",
            "(full year − estimate) / full year",
        )?;
        rows.figures(
            "operation gap",
            "operation_gap",
            (check.operation_gap, None),
            "%",
            "full-year operation against its LP relaxation",
        )?;
        rows.figures(
            "typical-day MIP gap",
            "typical_day_mip_gap",
            (check.typical_day_mip_gap, None),
            "%",
            "",
        )?;
        rows.figures(
            "repair cost",
            "repair_capacity_cost_rmb_per_yr",
            (check.repair_capacity_cost_rmb_per_yr, None),
            "RMB/yr",
            "annualised capital and fixed O&M the repair added",
        )?;
        for repair in &check.repairs {
            rows.figures(
                &format!("repaired: {}", repair.size),
                &repair.size,
                (Some(repair.full_year), None),
                "",
                &format!(
                    "new capacity after the repair; {} on the typical days",
                    repair.typical_days
                ),
            )?;
        }
        rows.figures(
            "typical-day solve time",
            "typical_day_seconds",
            (Some(check.typical_day_seconds), None),
            "s",
            "",
        )?;
        rows.figures(
            "full-year solve time",
            "full_year_seconds",
            (Some(check.full_year_seconds), None),
            "s",
            "",
        )?;
    }
    Ok(())
}
