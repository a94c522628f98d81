//! The cell styles of zcpark's workbooks, number formats chosen from the unit at the end of
//! a name (`_mw`, `_rmb_per_yr`, `_share`, …), and writing an optional number.

use rust_xlsxwriter::{ColNum, Format, FormatAlign, RowNum, Worksheet, XlsxError};

/// Bold header cells.
pub fn header() -> Format {
    Format::new().set_bold()
}

/// Text that wraps within its column (definitions, messages), from the top.
fn wrapped() -> Format {
    top().set_text_wrap()
}

/// Cells aligned to the top, for sheets whose rows grow with wrapped text.
pub fn top() -> Format {
    Format::new().set_align(FormatAlign::Top)
}

/// Aligns the cells of columns `0..count` written without a format to the top.
pub fn top_aligned_columns(sheet: &mut Worksheet, count: ColNum) -> Result<(), XlsxError> {
    let top = top();
    for col in 0..count {
        sheet.set_column_format(col, &top)?;
    }
    Ok(())
}

/// Whole numbers with thousands separators.
pub const WHOLE: &str = "#,##0";
/// Shares, 0..1 shown as percentages.
pub const PERCENT: &str = "0.00%";

/// The Excel number format for a quantity named `name`, its unit last (as in `plan.json`
/// and `dispatch.csv`): hourly powers to the kW (3 decimals), energies and masses to one
/// decimal, money to the yuan (prices to the fen), shares as percentages, counts whole,
/// conversion factors as they are.
pub fn number_format(name: &str) -> &'static str {
    let ends = |suffixes: &[&str]| suffixes.iter().any(|s| name.ends_with(s));
    if ends(&["share", "self_consumption", "gap", "gap_to_estimate"]) {
        PERCENT
    } else if name == "hour" || ends(&["turbines", "stacks", "modules", "_days", "nm3"]) {
        WHOLE
    } else if ends(&["_per_tce"]) {
        "0.0000"
    } else if ends(&[
        "_rmb_per_mwh",
        "_rmb_per_mwh_th",
        "_rmb_per_kg",
        "_rmb_per_t",
    ]) {
        "#,##0.00"
    } else if ends(&["_rmb", "_rmb_per_yr"]) {
        WHOLE
    } else if ends(&["_mw", "_mw_th", "_t_per_h", "stacks_on"]) {
        "#,##0.000"
    } else if ends(&["cop", "_years", "_seconds", "weight_h"]) {
        "#,##0.00"
    } else if ends(&["_kg_per_h"]) {
        "#,##0.0"
    } else if name.contains("_per_") {
        // A factor (`hydrogen_tce_per_kg`, `grid_t_co2_per_mwh`): every digit it has.
        "General"
    } else if ends(&["_mwh", "_mwh_th", "_kg", "_t", "_tce", "_hours", "_h"]) {
        "#,##0.0"
    } else {
        "General"
    }
}

/// A number cell in `format`, or nothing when there is no finite value (Excel has no NaN).
pub fn put_number(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    value: Option<f64>,
    format: &Format,
) -> Result<(), XlsxError> {
    if let Some(v) = value.filter(|v| v.is_finite()) {
        // `+ 0.0` turns −0 into 0 (Excel shows "-0" otherwise).
        sheet.write_number_with_format(row, col, v + 0.0, format)?;
    }
    Ok(())
}

/// Writes `names` in bold along row `row` from column 0.
pub fn header_row(sheet: &mut Worksheet, row: RowNum, names: &[&str]) -> Result<(), XlsxError> {
    let bold = header();
    for (col, name) in names.iter().enumerate() {
        sheet.write_string_with_format(row, col as ColNum, *name, &bold)?;
    }
    Ok(())
}

/// Height of a row of one line, points (Excel's default).
const LINE_HEIGHT_PT: f64 = 15.0;

/// Writes `text` wrapped in a column `width` characters wide and makes the row tall enough
/// for its lines (spreadsheets do not all fit a row to wrapped text on opening).
pub fn put_wrapped(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    text: &str,
    width: f64,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, col, text, &wrapped())?;
    let lines = (text.chars().count() as f64 / width).ceil().max(1.0);
    if lines > 1.0 {
        sheet.set_row_height(row, LINE_HEIGHT_PT * lines)?;
    }
    Ok(())
}

/// Sets the widths of columns 0, 1, … in characters.
pub fn widths(sheet: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as ColNum, *width)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_unit_in_the_name() {
        assert_eq!(number_format("pv_mw"), "#,##0.000");
        assert_eq!(number_format("battery_soc_mwh"), "#,##0.0");
        assert_eq!(number_format("clean_share"), PERCENT);
        assert_eq!(number_format("renewable_self_consumption"), PERCENT);
        assert_eq!(number_format("objective_rmb_per_yr"), WHOLE);
        assert_eq!(number_format("capex_rmb"), WHOLE);
        assert_eq!(number_format("import_price_rmb_per_mwh"), "#,##0.00");
        assert_eq!(number_format("intensity_t_per_tce"), "0.0000");
        assert_eq!(number_format("wind_turbines"), WHOLE);
        assert_eq!(number_format("co2_kiln_captured_t_per_h"), "#,##0.000");
        assert_eq!(number_format("emissions_t"), "#,##0.0");
        assert_eq!(number_format("hour"), WHOLE);
        assert_eq!(number_format("weight_h"), "#,##0.00");
        assert_eq!(number_format("heat_pump_cop"), "#,##0.00");
        assert_eq!(number_format("run"), "General");
        assert_eq!(number_format("hydrogen_tce_per_kg"), "General");
        assert_eq!(number_format("electricity_tce_per_mwh"), "General");
        assert_eq!(number_format("h2_demand_kg_per_h"), "#,##0.0");
    }
}
