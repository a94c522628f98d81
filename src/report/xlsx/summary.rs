//! The `Summary` sheet: the verdict and the headline figures, plan beside baseline; the
//! accounting switches in force; with typical days, the days and the full-year check; the
//! rules that cannot be met, the warnings and the versions.

use super::cells::{
    header, header_row, number_format, put_number, put_wrapped, top, top_aligned_columns, widths,
    PERCENT,
};
use crate::plan::kpi::Kpis;
use crate::plan::PlanReport;
use crate::report::lang::{self, pick, Lang, Term};
use crate::solve::SolveStatus;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};
use serde_json::Value;

/// Columns: label, plan, baseline, unit, note; in English and Chinese.
const COLUMNS: [(&str, &str); 5] = [
    ("item", "项目"),
    ("plan", "规划方案"),
    ("baseline", "基准情景"),
    ("unit", "单位"),
    ("note", "说明"),
];

/// Width of the note column, characters.
const NOTE_WIDTH: f64 = 80.0;

/// Writes the sheet's rows one after another.
struct Rows<'a> {
    sheet: &'a mut Worksheet,
    row: u32,
    lang: Lang,
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
            self.sheet
                .write_string(self.row, 3, lang::unit(unit, self.lang))?;
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

/// The status as `plan.json` writes it (`optimal`, `time_limit`, …) in English, in words
/// in Chinese.
fn status_word(status: SolveStatus, lang: Lang) -> String {
    let key = words(&serde_json::to_value(status).unwrap_or(Value::Null));
    match lang {
        Lang::En => key,
        Lang::Zh => lang::status(&key, lang).to_string(),
    }
}

/// The verdict on the core rule, with the figures behind it.
fn verdict(report: &PlanReport, lang: Lang) -> (String, String) {
    let limit = report.accounting.intensity_limit_used_t_per_tce;
    let fails = pick(lang, "does not meet the rule", "不满足单位能耗碳排放限值");
    match (&report.kpis, report.status) {
        (Some(k), status) if status.has_plan() => {
            let relation = if k.meets_intensity_limit() {
                "≤"
            } else {
                ">"
            };
            let verdict = if k.meets_intensity_limit() {
                pick(lang, "meets the rule", "满足单位能耗碳排放限值")
            } else {
                fails
            };
            let intensity = k.intensity_t_per_tce;
            (
                verdict.to_string(),
                match lang {
                    Lang::En => {
                        format!("intensity {intensity:.4} {relation} λ {limit:.4} t CO2/tce")
                    }
                    Lang::Zh => format!(
                        "单位能耗碳排放 {intensity:.4} {relation} 限值 λ {limit:.4} tCO2/tce"
                    ),
                },
            )
        }
        (_, SolveStatus::Infeasible) => (
            // No plan: what fails may be a balance or the clean share, not the intensity.
            pick(lang, "does not meet the rule", "无满足各项规则的方案").into(),
            match lang {
                Lang::En => format!(
                    "no plan meets the rules (λ {limit:.4} t CO2/tce). The plan column holds \
                     the diagnosis run (the rules priced, not enforced); what each rule can \
                     reach is under 'rules that cannot be met'"
                ),
                Lang::Zh => format!(
                    "没有满足各项规则的方案（限值 λ {limit:.4} tCO2/tce）。规划方案列为诊断运行\
                     （规则计价而非强制）；各规则可达水平见“无法满足的规则”"
                ),
            },
        ),
        (_, status) => (
            pick(lang, "no plan", "无方案").into(),
            match lang {
                Lang::En => format!("the solve ended {}", status_word(status, lang)),
                Lang::Zh => format!("求解结束：{}", status_word(status, lang)),
            },
        ),
    }
}

/// Writes the sheet in `lang` (labels, units, verdict and notes; the figures and the
/// `plan.json` keys are the same in both languages).
pub fn write(sheet: &mut Worksheet, report: &PlanReport, lang: Lang) -> Result<(), XlsxError> {
    sheet.set_name(pick(lang, "Summary", "汇总"))?;
    let mut columns: Vec<&str> = COLUMNS.iter().map(|(en, zh)| pick(lang, en, zh)).collect();
    // `zcpark evaluate`, `plan --fix`: the column holds the given design, not a plan.
    if report.design.is_some() {
        columns[1] = Term::Design.text(lang);
    }
    header_row(sheet, 0, &columns)?;
    widths(sheet, &[34.0, 22.0, 18.0, 12.0, NOTE_WIDTH])?;
    top_aligned_columns(sheet, COLUMNS.len() as u16)?;
    sheet.set_freeze_panes(1, 1)?;
    let mut rows = Rows {
        sheet,
        row: 1,
        lang,
    };
    headline(&mut rows, report)?;
    rows.section(pick(
        lang,
        "accounting switches in force (plan.json: accounting)",
        "现行核算口径（plan.json: accounting）",
    ))?;
    if let Ok(Value::Object(fields)) = serde_json::to_value(&report.accounting) {
        for (key, value) in &fields {
            rows.value(key, value)?;
        }
    }
    typical_days(&mut rows, report)?;
    if !report.infeasibility.is_empty() {
        rows.section(pick(lang, "rules that cannot be met", "无法满足的规则"))?;
        for i in &report.infeasibility {
            let note = match lang {
                Lang::En => format!("limit {}: {}", i.limit, i.message),
                Lang::Zh => serde_json::to_value(i)
                    .map(|item| lang::infeasibility_text(&item, lang))
                    .unwrap_or_else(|_| i.message.clone()),
            };
            rows.figures(
                &lang::rule_name(&i.rule, lang),
                &i.rule,
                (Some(i.reachable), None),
                "reachable",
                &note,
            )?;
        }
    }
    let warnings = lang::texts(&report.warnings, &report.warnings_zh, lang);
    if !warnings.is_empty() {
        rows.section(pick(lang, "warnings", "警告"))?;
        for warning in warnings {
            rows.text(pick(lang, "warning", "警告"), "", warning)?;
        }
    }
    rows.section(pick(lang, "versions", "版本"))?;
    rows.text("zcpark", report.provenance.zcpark_version, "")?;
    rows.text("HiGHS", &report.provenance.highs_version, "")?;
    Ok(())
}

/// Status, verdict and the headline figures.
fn headline(rows: &mut Rows, report: &PlanReport) -> Result<(), XlsxError> {
    let lang = rows.lang;
    let (verdict, why) = verdict(report, lang);
    rows.text(pick(lang, "scenario", "情景"), &report.scenario, "")?;
    let stop = match lang {
        Lang::En => report.stop_reason.clone(),
        Lang::Zh => serde_json::to_value(report)
            .map(|plan| lang::stop_reason(&plan, lang))
            .unwrap_or_else(|_| report.stop_reason.clone()),
    };
    rows.text(
        pick(lang, "status", "求解状态"),
        &status_word(report.status, lang),
        &stop,
    )?;
    if let Some(note) = serde_json::to_value(&report.horizon)
        .ok()
        .and_then(|h| lang::cut_note(&h, lang))
    {
        rows.text(
            pick(lang, "horizon", "模拟时段"),
            pick(lang, "cut", "截取时段"),
            &note,
        )?;
    }
    rows.text(pick(lang, "verdict", "结论"), &verdict, &why)?;
    let plan = report.kpis.as_ref();
    let base = report.baseline.kpis.as_ref();
    let both = |f: fn(&Kpis) -> Option<f64>| (plan.and_then(f), base.and_then(f));
    rows.figures(
        pick(
            lang,
            "carbon intensity (EM / EC)",
            "单位能耗碳排放 (EM / EC)",
        ),
        "intensity_t_per_tce",
        both(|k| Some(k.intensity_t_per_tce)),
        "t CO2/tce",
        "",
    )?;
    rows.figures(
        &format!("{} λ", Term::Limit.text(lang)),
        "intensity_limit_t_per_tce",
        (Some(report.accounting.intensity_limit_used_t_per_tce), None),
        "t CO2/tce",
        &lang::limit_basis(&report.accounting.intensity_limit_basis, lang),
    )?;
    let target = report
        .accounting
        .data
        .clean_share
        .map(|c| format!("{} {:.1} %", pick(lang, "target", "目标"), 100.0 * c.target))
        .unwrap_or_default();
    rows.figures(
        Term::CleanShare.text(lang),
        "clean_share",
        both(|k| Some(k.clean_share)),
        "%",
        &target,
    )?;
    rows.figures(
        pick(lang, "total annual cost", "年化总成本"),
        "objective_rmb_per_yr",
        (
            report.objective_rmb_per_yr,
            report.baseline.objective_rmb_per_yr,
        ),
        "RMB/yr",
        pick(
            lang,
            "annualised capital, O&M, energy and carbon, less revenue (sheet Costs)",
            "年化投资、运维、能源与碳成本，扣除收入（见“成本”表）",
        ),
    )?;
    rows.figures(
        pick(lang, "capex", "总投资"),
        "capex_rmb",
        both(|k| Some(k.capex_rmb)),
        "RMB",
        pick(
            lang,
            "overnight cost of the new capacity",
            "新增容量的静态投资",
        ),
    )?;
    rows.figures(
        pick(
            lang,
            "payback on the annual saving (capex ÷ saving, before tax)",
            "投资回收期（总投资 ÷ 年节省，税前）",
        ),
        "payback_years",
        both(|k| k.payback_years),
        "years",
        "",
    )?;
    rows.figures(
        Term::AbatementCost.text(lang),
        "abatement_cost_rmb_per_t",
        both(|k| k.abatement_cost_rmb_per_t),
        "RMB/t CO2",
        "",
    )?;
    for (label, key, f, unit) in [
        (
            pick(
                lang,
                "LCOE of new on-site PV and wind",
                "新建风光平准化度电成本 (LCOE)",
            ),
            "lcoe_rmb_per_mwh",
            (|k: &Kpis| k.lcoe_rmb_per_mwh) as fn(&Kpis) -> Option<f64>,
            "RMB/MWh",
        ),
        (
            pick(lang, "LCOH", "平准化制氢成本 (LCOH)"),
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
    rows.figures(
        pick(lang, "MIP gap", "最优性间隙 (MIP gap)"),
        "mip_gap",
        (report.mip_gap, None),
        "%",
        "",
    )?;
    rows.figures(
        pick(lang, "solve time", "求解时间"),
        "solve_seconds",
        (Some(report.solve_seconds), None),
        "s",
        "",
    )
}

/// With typical days: how they were made, the days, and the full-year check.
fn typical_days(rows: &mut Rows, report: &PlanReport) -> Result<(), XlsxError> {
    let lang = rows.lang;
    if let Some(aggregation) = &report.aggregation {
        rows.section(pick(
            lang,
            "typical days (plan.json: aggregation)",
            "典型日（plan.json: aggregation）",
        ))?;
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
            &[
                pick(lang, "typical day", "典型日"),
                pick(lang, "day_of_year", "年内第几天 (day_of_year)"),
                pick(lang, "weight_days", "代表天数 (weight_days)"),
                pick(lang, "extreme", "极端日 (extreme)"),
            ],
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
            let extreme = words(&serde_json::to_value(day.extreme).unwrap_or(Value::Null));
            let extreme = match (lang, extreme.is_empty()) {
                (Lang::Zh, false) => lang::switch(&extreme, lang),
                _ => extreme,
            };
            rows.sheet.write_string(rows.row, 3, extreme)?;
            rows.row += 1;
        }
    }
    if let Some(check) = &report.full_year_check {
        rows.section(pick(
            lang,
            "full-year check (plan.json: full_year_check)",
            "全年校核（plan.json: full_year_check）",
        ))?;
        let message = match lang {
            Lang::En => check.message.clone(),
            Lang::Zh => serde_json::to_value(check)
                .map(|c| lang::full_year_check_message(&c, lang))
                .unwrap_or_else(|_| check.message.clone()),
        };
        rows.text(
            pick(lang, "status", "求解状态"),
            &status_word(check.status, lang),
            &message,
        )?;
        rows.figures(
            pick(lang, "annual cost, full year", "全年核验年化成本"),
            "objective_rmb_per_yr",
            (check.objective_rmb_per_yr, None),
            "RMB/yr",
            "",
        )?;
        rows.figures(
            pick(lang, "typical-day estimate", "典型日估算年化成本"),
            "typical_day_estimate_rmb_per_yr",
            (check.typical_day_estimate_rmb_per_yr, None),
            "RMB/yr",
            "",
        )?;
        rows.figures(
            pick(lang, "gap to the estimate", "与典型日估算之差"),
            "gap_to_estimate",
            (check.gap_to_estimate, None),
            "%",
            pick(
                lang,
                "(full year − estimate) / full year",
                "（全年 − 估算）/ 全年",
            ),
        )?;
        rows.figures(
            pick(lang, "operation gap", "运行优化间隙"),
            "operation_gap",
            (check.operation_gap, None),
            "%",
            pick(
                lang,
                "full-year operation against its LP relaxation",
                "全年运行相对其线性松弛",
            ),
        )?;
        rows.figures(
            pick(lang, "typical-day MIP gap", "典型日规划最优性间隙"),
            "typical_day_mip_gap",
            (check.typical_day_mip_gap, None),
            "%",
            "",
        )?;
        rows.figures(
            pick(lang, "repair cost", "补强年化成本"),
            "repair_capacity_cost_rmb_per_yr",
            (check.repair_capacity_cost_rmb_per_yr, None),
            "RMB/yr",
            pick(
                lang,
                "annualised capital and fixed O&M the repair added",
                "补强新增容量的年化投资与固定运维",
            ),
        )?;
        for repair in &check.repairs {
            let (label, note) = match lang {
                Lang::En => (
                    format!("repaired: {}", repair.size),
                    format!(
                        "new capacity after the repair; {} on the typical days",
                        repair.typical_days
                    ),
                ),
                Lang::Zh => (
                    format!("补强：{}", repair.size),
                    format!("补强后的新增容量；典型日规划为 {}", repair.typical_days),
                ),
            };
            rows.figures(
                &label,
                &repair.size,
                (Some(repair.full_year), None),
                "",
                &note,
            )?;
        }
        rows.figures(
            pick(lang, "typical-day solve time", "典型日求解时间"),
            "typical_day_seconds",
            (Some(check.typical_day_seconds), None),
            "s",
            "",
        )?;
        rows.figures(
            pick(lang, "full-year solve time", "全年求解时间"),
            "full_year_seconds",
            (Some(check.full_year_seconds), None),
            "s",
            "",
        )?;
    }
    Ok(())
}
