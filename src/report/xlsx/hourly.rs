//! The sheets of the plan's operation: `Monthly` (the monthly energy balance) and
//! `Dispatch` (every column of `dispatch.csv`, one row per modelled hour).

use super::cells::{header, header_row, number_format, put_number, widths};
use crate::aggregate::AggregationReport;
use crate::plan::dispatch::Dispatch;
use crate::plan::monthly::{
    is_on_typical_days, monthly_balance, Carrier, MonthlyBasis, Side, MONTHS,
};
use rust_xlsxwriter::{ColNum, Format, FormatAlign, Worksheet, XlsxError};

/// Month names, January first.
const MONTH_NAMES: [&str; MONTHS] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// What an empty operation sheet says.
const NO_DISPATCH: &str = "no dispatch: the run found no plan (see Summary)";

/// Writes `Monthly`: a month per row (then the year), a flow per column under its name and
/// a group header spanning its group (`electricity supply, MWh`, …); with typical days, a note on how
/// their weights were shared among the months.
pub fn write_monthly(
    sheet: &mut Worksheet,
    dispatch: Option<&Dispatch>,
    aggregation: Option<&AggregationReport>,
) -> Result<(), XlsxError> {
    sheet.set_name("Monthly")?;
    let Some(dispatch) = dispatch else {
        sheet.write_string(0, 0, NO_DISPATCH)?;
        return Ok(());
    };
    let balance = monthly_balance(dispatch, aggregation);
    let bold = header();
    sheet.write_string_with_format(1, 0, "month", &bold)?;
    sheet.set_column_width(0, 8.0)?;
    // Group headers (`electricity supply, MWh`, …) over the columns of their flows.
    let mut groups: Vec<(String, ColNum, ColNum)> = Vec::new();
    for (i, flow) in balance.flows.iter().enumerate() {
        let col = i as ColNum + 1;
        let carrier = match flow.carrier {
            Carrier::Electricity => "electricity",
            Carrier::Hydrogen => "hydrogen",
            Carrier::Heat => "heat",
        };
        let side = match flow.side {
            Side::Supply => "supply",
            Side::Use => "use",
        };
        let group = format!("{carrier} {side}, {}", flow.carrier.unit());
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
    for (month, name) in MONTH_NAMES.iter().enumerate() {
        sheet.write_string(month as u32 + 2, 0, *name)?;
    }
    let total = match balance.basis {
        MonthlyBasis::Year => "year",
        MonthlyBasis::ModelledHours => "modelled hours",
    };
    sheet.write_string_with_format(MONTHS as u32 + 2, 0, total, &bold)?;
    sheet.set_freeze_panes(2, 1)?;
    let mut notes = vec![match balance.basis {
        MonthlyBasis::Year => "Σ over the hours of each month of weight_h × flow (dispatch.csv); \
                               hydrogen and heat supply and use differ by what their stores \
                               hold at the month's ends"
            .to_string(),
        MonthlyBasis::ModelledHours => format!(
            "a cut of {} h: Σ over the modelled hours of each month of the flow (dispatch.csv), \
             not weighted to a year (the annual figures elsewhere are the cut × weight_h); \
             hydrogen and heat supply and use differ by what their stores hold at the ends",
            dispatch.hour.len()
        ),
    }];
    if is_on_typical_days(dispatch, aggregation) {
        notes.push(
            "on typical days: each typical day's hours are shared among the months of the days \
             it stands for (plan.json: aggregation.day_to_typical_day)"
                .into(),
        );
    }
    for (i, note) in notes.iter().enumerate() {
        sheet.write_string(MONTHS as u32 + 4 + i as u32, 0, note)?;
    }
    Ok(())
}

/// Writes `Dispatch`: the columns of `dispatch.csv` ([`Dispatch::columns`]) with their
/// names (units in them) as a frozen bold header, one row per modelled hour, every value
/// as it is (the CSV rounds to 6 decimals).
pub fn write_dispatch(sheet: &mut Worksheet, dispatch: Option<&Dispatch>) -> Result<(), XlsxError> {
    sheet.set_name("Dispatch")?;
    let Some(dispatch) = dispatch else {
        sheet.write_string(0, 0, NO_DISPATCH)?;
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
