//! Hourly series read from a column of a CSV file.
//!
//! The files are plain CSV: lines starting with `#` are comments (units, provenance), the first
//! other line is the header, then one row per hour of the year.

use super::issues::Issue;
use super::park::HOURS_PER_YEAR;

/// Reads column `column` of CSV text `text` (shown as `file`) as 8760 numbers.
///
/// `field` is the scenario field that named the file, for messages.
pub fn read_column(file: &str, text: &str, column: &str, field: &str) -> Result<Vec<f64>, Issue> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with('#') && !line.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(Issue::new(
            file,
            field,
            "(empty file)",
            "a CSV header and 8760 rows",
        ));
    };
    let headers: Vec<&str> = header.split(',').map(str::trim).collect();
    let Some(index) = headers.iter().position(|h| *h == column) else {
        return Err(Issue::new(
            file,
            &format!("{field}.column"),
            column,
            &format!("one of the file's columns: {}", headers.join(", ")),
        ));
    };
    let mut values = Vec::with_capacity(HOURS_PER_YEAR);
    for (line_index, line) in lines {
        let cell = line.split(',').nth(index).map(str::trim).unwrap_or("");
        match cell.parse::<f64>() {
            Ok(v) if v.is_finite() => values.push(v),
            _ => {
                return Err(Issue::new(
                    &format!("{file}: line {}, column \"{column}\"", line_index + 1),
                    field,
                    cell,
                    "a finite number",
                ))
            }
        }
    }
    if values.len() != HOURS_PER_YEAR {
        return Err(Issue::new(
            file,
            field,
            &format!("{} rows", values.len()),
            &format!("{HOURS_PER_YEAR} hourly rows"),
        ));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(column: &str, value: &str) -> String {
        let mut text = format!("# comment\nhour,{column}\n");
        for h in 0..HOURS_PER_YEAR {
            text.push_str(&format!("{h},{value}\n"));
        }
        text
    }

    #[test]
    fn reads_a_full_year() {
        let v = read_column("f.csv", &year("cf", "0.5"), "cf", "resources.pv_cf").unwrap();
        assert_eq!(v.len(), HOURS_PER_YEAR);
        assert_eq!(v[100], 0.5);
    }

    #[test]
    fn names_the_missing_column_and_bad_cell() {
        let err = read_column("f.csv", &year("cf", "0.5"), "load", "loads.electricity_mw")
            .unwrap_err()
            .to_string();
        assert!(err.contains("f.csv") && err.contains("loads.electricity_mw.column"));
        assert!(err.contains("load"), "{err}");
        let err = read_column("f.csv", &year("cf", "abc"), "cf", "x")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3") && err.contains("abc"), "{err}");
        let short: String = year("cf", "1")
            .lines()
            .take(100)
            .collect::<Vec<_>>()
            .join("\n");
        let err = read_column("f.csv", &short, "cf", "x")
            .unwrap_err()
            .to_string();
        assert!(err.contains("98 rows"), "{err}");
    }
}
