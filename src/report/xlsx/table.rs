//! A table of text cells (as a CSV holds it) as a one-sheet workbook, numbers as numbers:
//! `summary.xlsx` beside a batch's `summary.csv`.

use super::cells::{header_row, number_format, widths};
use rust_xlsxwriter::{ColNum, Format, Workbook, XlsxError};

/// The number a cell holds, when it is one: a finite decimal written with digits, a point,
/// a sign or an exponent only (so `inf`, `NaN` and names such as `run-1` stay text), and
/// not a code with a leading zero (`007`), which a spreadsheet would turn into 7.
pub fn cell_number(cell: &str) -> Option<f64> {
    let digits = cell.trim_start_matches(['-', '+']);
    let leading_zero =
        digits.len() > 1 && digits.starts_with('0') && digits.as_bytes()[1].is_ascii_digit();
    let numeric = !cell.is_empty()
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if !numeric || leading_zero {
        return None;
    }
    cell.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The workbook of one sheet named `sheet`: `header` in bold (frozen, with the first
/// column), then `rows`; a cell that is a number ([`cell_number`]) is written as one,
/// formatted for its column's unit, any other non-empty cell as text.
pub fn table_workbook(
    sheet: &str,
    header: &[String],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet)?;
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    header_row(worksheet, 0, &names)?;
    worksheet.set_freeze_panes(1, 1)?;
    let formats: Vec<Format> = names
        .iter()
        .map(|name| Format::new().set_num_format(number_format(name)))
        .collect();
    let mut column_widths: Vec<f64> = names.iter().map(|n| n.chars().count() as f64).collect();
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as ColNum;
            match (cell_number(cell), formats.get(c)) {
                // `+ 0.0` turns −0 into 0 (Excel shows "-0" otherwise).
                (Some(v), Some(format)) => {
                    worksheet.write_number_with_format(r, col, v + 0.0, format)?;
                }
                (Some(v), None) => {
                    worksheet.write_number(r, col, v + 0.0)?;
                }
                (None, _) if !cell.is_empty() => {
                    worksheet.write_string(r, col, cell)?;
                }
                (None, _) => {}
            }
            if let Some(width) = column_widths.get_mut(c) {
                *width = width.max(cell.chars().count().min(60) as f64);
            }
        }
    }
    let column_widths: Vec<f64> = column_widths.iter().map(|w| w + 2.0).collect();
    widths(worksheet, &column_widths)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_numbers_and_names_stay_text() {
        assert_eq!(cell_number("1234.5"), Some(1234.5));
        assert_eq!(cell_number("-0.25"), Some(-0.25));
        assert_eq!(cell_number("2.9e8"), Some(2.9e8));
        assert_eq!(cell_number("0"), Some(0.0));
        assert_eq!(cell_number("0.5"), Some(0.5));
        for text in ["", "inf", "NaN", "true", "run-1", "007", "1,5", "e", "a=1"] {
            assert_eq!(cell_number(text), None, "{text}");
        }
    }
}
