//! The `Costs` sheet: every cost item of the plan beside the baseline's, RMB/yr.

use super::cells::{header_row, put_number, widths, WHOLE};
use crate::plan::kpi::{total, Costs};
use crate::plan::PlanReport;
use crate::report::lang::{cost_item, pick, Lang};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};
use std::collections::BTreeSet;

/// Writes the sheet in `lang`: one row per item of the plan or the baseline (`plan.json` →
/// `costs`, `baseline.costs`) in words, in `plan.json`'s order, with its key in the last
/// column, then the total (the annual cost); revenue is negative.
pub fn write(sheet: &mut Worksheet, report: &PlanReport, lang: Lang) -> Result<(), XlsxError> {
    sheet.set_name(pick(lang, "Costs", "成本"))?;
    header_row(
        sheet,
        0,
        &[
            pick(lang, "item", "项目"),
            if report.design.is_some() {
                pick(lang, "design_rmb_per_yr", "设计方案 (元/年)")
            } else {
                pick(lang, "plan_rmb_per_yr", "规划方案 (元/年)")
            },
            pick(lang, "baseline_rmb_per_yr", "基准情景 (元/年)"),
            pick(lang, "plan_minus_baseline_rmb_per_yr", "差额 (元/年)"),
            pick(lang, "plan.json key", "plan.json 键"),
        ],
    )?;
    widths(sheet, &[40.0, 18.0, 20.0, 30.0, 40.0])?;
    sheet.set_freeze_panes(1, 0)?;
    let money = Format::new().set_num_format(WHOLE);
    let plan = report.costs.as_ref();
    let base = report.baseline.costs.as_ref();
    let items: BTreeSet<&str> = plan
        .into_iter()
        .chain(base)
        .flat_map(|costs| costs.keys().copied())
        .collect();
    let value = |costs: Option<&Costs>, item: &str| costs.and_then(|c| c.get(item).copied());
    let mut row = 1;
    for item in &items {
        let (p, b) = (value(plan, item), value(base, item));
        sheet.write_string(row, 0, cost_item(item, lang))?;
        put_number(sheet, row, 1, p, &money)?;
        put_number(sheet, row, 2, b, &money)?;
        let difference = plan.zip(base).map(|_| p.unwrap_or(0.0) - b.unwrap_or(0.0));
        put_number(sheet, row, 3, difference, &money)?;
        sheet.write_string(row, 4, *item)?;
        row += 1;
    }
    let bold_money = Format::new().set_num_format(WHOLE).set_bold();
    let (p, b) = (plan.map(total), base.map(total));
    sheet.write_string_with_format(
        row,
        0,
        pick(lang, "total", "合计"),
        &Format::new().set_bold(),
    )?;
    put_number(sheet, row, 1, p, &bold_money)?;
    put_number(sheet, row, 2, b, &bold_money)?;
    put_number(sheet, row, 3, p.zip(b).map(|(p, b)| p - b), &bold_money)?;
    Ok(())
}
