//! The sheets of the plan's operation: `Monthly` (the monthly energy balance) and
//! `Dispatch` (every column of `dispatch.csv`, one row per modelled hour).

use super::cells::{header, header_row, number_format, put_number, widths};
use crate::aggregate::AggregationReport;
use crate::plan::dispatch::Dispatch;
use crate::plan::monthly::{
    is_on_typical_days, monthly_balance, Carrier, MonthlyBasis, Side, MONTHS,
};
use crate::report::lang::{self, pick, Lang};
use rust_xlsxwriter::{ColNum, Format, FormatAlign, Worksheet, XlsxError};

/// Month names, January first, in English and Chinese.
const MONTH_NAMES: [(&str, &str); MONTHS] = [
    ("Jan", "1月"),
    ("Feb", "2月"),
    ("Mar", "3月"),
    ("Apr", "4月"),
    ("May", "5月"),
    ("Jun", "6月"),
    ("Jul", "7月"),
    ("Aug", "8月"),
    ("Sep", "9月"),
    ("Oct", "10月"),
    ("Nov", "11月"),
    ("Dec", "12月"),
];

/// What an empty operation sheet says.
fn no_dispatch(lang: Lang) -> &'static str {
    pick(
        lang,
        "no dispatch: the run found no plan (see Summary)",
        "无运行结果：本次求解未得到方案（见“汇总”表）",
    )
}

/// Writes `Monthly`: a month per row (then the year), a flow per column under its name and
/// a group header spanning its group (`electricity supply, MWh`, …); with typical days, a note on how
/// their weights were shared among the months. Labels and notes in `lang`; the flows keep
/// their names (those of `plan.json` → `monthly`).
pub fn write_monthly(
    sheet: &mut Worksheet,
    dispatch: Option<&Dispatch>,
    aggregation: Option<&AggregationReport>,
    lang: Lang,
) -> Result<(), XlsxError> {
    sheet.set_name(pick(lang, "Monthly", "月度平衡"))?;
    let Some(dispatch) = dispatch else {
        sheet.write_string(0, 0, no_dispatch(lang))?;
        return Ok(());
    };
    let balance = monthly_balance(dispatch, aggregation);
    let bold = header();
    sheet.write_string_with_format(1, 0, pick(lang, "month", "月份"), &bold)?;
    sheet.set_column_width(0, 8.0)?;
    // Group headers (`electricity supply, MWh`, …) over the columns of their flows.
    let mut groups: Vec<(String, ColNum, ColNum)> = Vec::new();
    for (i, flow) in balance.flows.iter().enumerate() {
        let col = i as ColNum + 1;
        let carrier = match flow.carrier {
            Carrier::Electricity => pick(lang, "electricity", "电力"),
            Carrier::Hydrogen => pick(lang, "hydrogen", "氢"),
            Carrier::Heat => pick(lang, "heat", "热力"),
        };
        let side = match flow.side {
            Side::Supply => pick(lang, "supply", "供应"),
            Side::Use => pick(lang, "use", "使用"),
        };
        let unit = lang::unit(flow.carrier.unit(), lang);
        let group = match lang {
            Lang::En => format!("{carrier} {side}, {unit}"),
            Lang::Zh => format!("{carrier}{side}，{unit}"),
        };
        match groups.last_mut() {
            Some((label, _, last)) if *label == group => *last = col,
            _ => groups.push((group, col, col)),
        }
        sheet.write_string_with_format(1, col, flow.name, &bold)?;
        sheet.set_column_width(col, (flow.name.len() as f64 + 2.0).max(14.0))?;
        let format = Format::new().set_num_format(number_format(flow.name));
        for (month, amount) in flow.by_month.iter().enumerate() {
            put_number(sheet, month as u32 + 2, col, Some(*amount), &format)?;
        }
        put_number(
            sheet,
            MONTHS as u32 + 2,
            col,
            Some(flow.year()),
            &format.clone().set_bold(),
        )?;
    }
    let centred = header().set_align(FormatAlign::Center);
    for (label, first, last) in &groups {
        if first == last {
            sheet.write_string_with_format(0, *first, label, &centred)?;
        } else {
            sheet.merge_range(0, *first, 0, *last, label, &centred)?;
        }
    }
    for (month, (en, zh)) in MONTH_NAMES.iter().enumerate() {
        sheet.write_string(month as u32 + 2, 0, pick(lang, en, zh))?;
    }
    let total = match balance.basis {
        MonthlyBasis::Year => pick(lang, "year", "全年"),
        MonthlyBasis::ModelledHours => pick(lang, "modelled hours", "模拟时段"),
    };
    sheet.write_string_with_format(MONTHS as u32 + 2, 0, total, &bold)?;
    sheet.set_freeze_panes(2, 1)?;
    let hours = dispatch.hour.len();
    let mut notes = vec![match (balance.basis, lang) {
        (MonthlyBasis::Year, Lang::En) => "Σ over the hours of each month of weight_h × flow \
                                           (dispatch.csv); hydrogen and heat supply and use \
                                           differ by what their stores hold at the month's ends"
            .to_string(),
        (MonthlyBasis::Year, Lang::Zh) => "各月逐时 weight_h × 流量（dispatch.csv）之和；\
                                           氢与热的供应和使用之差为储氢、储热在月初月末的存量变化"
            .to_string(),
        (MonthlyBasis::ModelledHours, Lang::En) => format!(
            "a cut of {hours} h: Σ over the modelled hours of each month of the flow \
             (dispatch.csv), not weighted to a year (the annual figures elsewhere are the cut × \
             weight_h); hydrogen and heat supply and use differ by what their stores hold at \
             the ends"
        ),
        (MonthlyBasis::ModelledHours, Lang::Zh) => format!(
            "截取 {hours} 小时：各月模拟时段流量（dispatch.csv）之和，未折算到全年（其他各处\
             年度数据为截取时段 × weight_h）；氢与热的供应和使用之差为储氢、储热在首末的存量变化"
        ),
    }];
    if is_on_typical_days(dispatch, aggregation) {
        notes.push(
            pick(
                lang,
                "on typical days: each typical day's hours are shared among the months of the \
                 days it stands for (plan.json: aggregation.day_to_typical_day)",
                "典型日：每个典型日的逐时数据按其代表的各日分摊到所在月份\
                 （plan.json: aggregation.day_to_typical_day）",
            )
            .to_string(),
        );
    }
    for (i, note) in notes.iter().enumerate() {
        sheet.write_string(MONTHS as u32 + 4 + i as u32, 0, note)?;
    }
    Ok(())
}

/// Writes `Dispatch`: the columns of `dispatch.csv` ([`Dispatch::columns`]) with their
/// names (units in them) as a frozen bold header, one row per modelled hour, every value
/// as it is (the CSV rounds to 6 decimals). The sheet's name and its note without a
/// dispatch in `lang`.
pub fn write_dispatch(
    sheet: &mut Worksheet,
    dispatch: Option<&Dispatch>,
    lang: Lang,
) -> Result<(), XlsxError> {
    sheet.set_name(pick(lang, "Dispatch", "逐时运行"))?;
    let Some(dispatch) = dispatch else {
        sheet.write_string(0, 0, no_dispatch(lang))?;
        return Ok(());
    };
    let columns = dispatch.columns();
    let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
    header_row(sheet, 0, &names)?;
    sheet.set_freeze_panes(1, 1)?;
    let column_widths: Vec<f64> = names
        .iter()
        .map(|n| (n.len() as f64 + 2.0).max(10.0))
        .collect();
    widths(sheet, &column_widths)?;
    for (col, (name, values)) in columns.iter().enumerate() {
        let format = Format::new().set_num_format(number_format(name));
        for (row, value) in values.iter().enumerate() {
            put_number(sheet, row as u32 + 1, col as ColNum, Some(*value), &format)?;
        }
    }
    Ok(())
}
