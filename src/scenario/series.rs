//! Hourly series read from a column of a CSV file, through [`crate::csv_input`].
//!
//! The files are CSV as spreadsheets write them (UTF-8 with or without a byte-order mark,
//! GBK, UTF-16; `,`, `;` or tab separators; see [`crate::csv_input`]): lines starting with `#`
//! before the header are comments (units, provenance; profile files of earlier zcpark
//! versions open with them), the first other line is the header, then one row per hour of
//! the year.

use super::issues::Issue;
use super::park::HOURS_PER_YEAR;
use crate::csv_input::memo::ContentMemo;
use crate::csv_input::{CsvError, CsvText};

/// Reads column `column` of the CSV file `file` (shown as given), whose contents are `bytes`,
/// as 8760 finite numbers.
///
/// `field` is the scenario field that named the file, for messages.
///
/// # Errors
/// An [`Issue`] naming the file (and line and column where they apply), `field` and the bad
/// value: text that does not decode, rows of the wrong length, a missing column, a cell that
/// is not a finite number (or whose `,`/`.` may be a thousands separator), or a row count
/// other than 8760.
pub fn read_column(file: &str, bytes: &[u8], column: &str, field: &str) -> Result<Vec<f64>, Issue> {
    read_column_with_lines(file, bytes, column, field).map(|(values, _)| values)
}

/// The values a series may take and its unit, for messages.
#[derive(Debug, Clone, Copy)]
pub struct ValueRange {
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// Unit, e.g. `MW`.
    pub unit: &'static str,
}

impl ValueRange {
    /// `[min, max]` in `unit`.
    pub const fn new(min: f64, max: f64, unit: &'static str) -> Self {
        Self { min, max, unit }
    }

    /// The first value outside the range (`values[i] · scale`), as an issue naming the file,
    /// its line and column, `field`, the value and the hour.
    pub fn check(
        &self,
        (file, column, field): (&str, &str, &str),
        values: &[f64],
        lines: &[usize],
        scale: f64,
    ) -> Result<(), Issue> {
        let Some((h, v)) = values
            .iter()
            .enumerate()
            .find(|(_, v)| !(self.min..=self.max).contains(&(*v * scale)))
        else {
            return Ok(());
        };
        let shown = if scale == 1.0 {
            format!("{v}")
        } else {
            format!("{v} (× scale {scale} = {})", v * scale)
        };
        Err(Issue::new(
            &format!("{file}: line {}, column \"{column}\"", lines[h]),
            field,
            &format!("{shown} at hour {h}"),
            &format!(
                "a value in [{}, {}] {} in every hour",
                self.min, self.max, self.unit
            ),
        ))
    }
}

/// Columns read in this process, by file, column and contents (a province's parks read one
/// table of load profiles, a column each, many times over).
static COLUMNS: ContentMemo<(Vec<f64>, Vec<usize>)> = ContentMemo::new(64);

/// [`read_column`], with the file line of each value. A column already read from the same
/// contents in this process is not read again.
///
/// # Errors
/// As [`read_column`].
pub fn read_column_with_lines(
    file: &str,
    bytes: &[u8],
    column: &str,
    field: &str,
) -> Result<(Vec<f64>, Vec<usize>), Issue> {
    COLUMNS.get_or_try(&format!("{file}\n{column}"), bytes, || {
        parse_column(file, bytes, column, field)
    })
}

fn parse_column(
    file: &str,
    bytes: &[u8],
    column: &str,
    field: &str,
) -> Result<(Vec<f64>, Vec<usize>), Issue> {
    let csv = CsvText::from_bytes(file, bytes).map_err(|e| issue(e, field))?;
    let table = csv.table().map_err(|e| issue(e, field))?;
    let index = match table.column(column) {
        Ok(index) => index,
        Err(e) if table.header().fields().any(|h| h == column) => {
            return Err(issue(e, &format!("{field}.column")))
        }
        Err(_) => {
            return Err(Issue::new(
                &format!("{file}: line {}", table.header().line()),
                &format!("{field}.column"),
                column,
                &format!("one of the file's columns: {}", table.columns_shown()),
            ))
        }
    };
    let values = table
        .rows()
        .iter()
        .map(|row| row.number(index, column))
        .collect::<Result<Vec<f64>, _>>()
        .map_err(|e| issue(e, field))?;
    if values.len() != HOURS_PER_YEAR {
        return Err(Issue::new(
            file,
            field,
            &format!("{} rows", values.len()),
            &format!("{HOURS_PER_YEAR} hourly rows"),
        ));
    }
    let lines: Vec<usize> = table.rows().iter().map(|row| row.line()).collect();
    check_hours(file, &table, field, &lines)?;
    Ok((values, lines))
}

/// When the file has a numeric `hour` column, its hours must run 0-8759 (or 1-8760) one by
/// one: rows are read by position, so a missing or swapped hour would shift every later
/// value silently.
fn check_hours(
    file: &str,
    table: &crate::csv_input::Table,
    field: &str,
    lines: &[usize],
) -> Result<(), Issue> {
    let Some(index) = table
        .header()
        .fields()
        .position(|h| h.trim().eq_ignore_ascii_case("hour"))
    else {
        return Ok(());
    };
    let Ok(hours) = table
        .rows()
        .iter()
        .map(|row| row.number(index, "hour"))
        .collect::<Result<Vec<f64>, _>>()
    else {
        return Ok(()); // not numbers (timestamps): not checked
    };
    let first = hours.first().copied().unwrap_or(0.0);
    if first != 0.0 && first != 1.0 {
        return Err(Issue::new(
            &format!("{file}: line {}, column \"hour\"", lines[0]),
            field,
            &crate::csv_input::shown(first),
            "a first hour of 0 or 1",
        ));
    }
    // Hours of the year (0-8759, 1-8760), or hours of the day beside a date column
    // (0-23, 1-24, starting again each day).
    let daily = hours.get(24) == Some(&first);
    let expected = |i: usize| first + if daily { (i % 24) as f64 } else { i as f64 };
    match (1..hours.len()).find(|i| hours[*i] != expected(*i)) {
        None => Ok(()),
        Some(i) => Err(Issue::new(
            &format!("{file}: line {}, column \"hour\"", lines[i]),
            field,
            &format!(
                "{} after {}",
                crate::csv_input::shown(hours[i]),
                crate::csv_input::shown(hours[i - 1])
            ),
            &format!(
                "hour {} (the hours one by one: rows are read in order, so a missing or \
                 swapped hour would shift every later value)",
                crate::csv_input::shown(expected(i))
            ),
        )),
    }
}

/// The problem `error` as an issue of scenario field `field`.
fn issue(error: CsvError, field: &str) -> Issue {
    match error {
        CsvError::Io { file, source } => Issue::new(
            &file,
            &format!("{field}.file"),
            &source.to_string(),
            "a readable CSV file",
        ),
        CsvError::Invalid {
            at,
            expected,
            value,
        } => Issue::new(&at.to_string(), field, &value, &expected),
    }
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

    fn read(text: &str, column: &str, field: &str) -> Result<Vec<f64>, Issue> {
        read_column("f.csv", text.as_bytes(), column, field)
    }

    /// Rows are read by position: a skipped or swapped hour would shift every later value,
    /// so an `hour` column that does not run one by one is refused; 1-8760 and a file
    /// without an `hour` column are read.
    #[test]
    fn hours_must_run_one_by_one() {
        let skipped = year("cf", "0.5")
            .replace("\n100,0.5\n", "\n")
            .replace("\n8759,0.5\n", "\n8759,0.5\n8760,0.5\n");
        let err = read(&skipped, "cf", "x").unwrap_err().to_string();
        assert!(
            err.starts_with("f.csv: line 103, column \"hour\": x: must be hour 100"),
            "{err}"
        );
        assert!(err.ends_with("got 101 after 99"), "{err}");
        let swapped = year("cf", "0.5")
            .replace("\n10,0.5\n", "\nTEN\n")
            .replace("\n20,0.5\n", "\n10,0.5\n")
            .replace("\nTEN\n", "\n20,0.5\n");
        assert!(read(&swapped, "cf", "x").is_err());
        let from_one: String = year("cf", "0.5")
            .lines()
            .map(|l| match l.split_once(',') {
                Some((h, v)) if h.parse::<usize>().is_ok() => {
                    format!("{},{v}\n", h.parse::<usize>().unwrap() + 1)
                }
                _ => format!("{l}\n"),
            })
            .collect();
        assert_eq!(read(&from_one, "cf", "x").unwrap().len(), HOURS_PER_YEAR);
        let no_hours = year("cf", "0.5").replace("hour,cf", "h,cf");
        assert_eq!(read(&no_hours, "cf", "x").unwrap().len(), HOURS_PER_YEAR);
        // Hours of the day beside a date, 0-23 each day, in a column named `Hour`.
        let mut daily = String::from("date,Hour,cf\n");
        for h in 0..HOURS_PER_YEAR {
            daily.push_str(&format!("d{},{},0.5\n", h / 24, h % 24));
        }
        assert_eq!(read(&daily, "cf", "x").unwrap().len(), HOURS_PER_YEAR);
        let broken = daily.replace("d3,5,0.5\n", "d3,6,0.5\n");
        let err = read(&broken, "cf", "x").unwrap_err().to_string();
        assert!(err.contains("must be hour 5"), "{err}");
    }

    #[test]
    fn reads_a_full_year() {
        let v = read(&year("cf", "0.5"), "cf", "resources.pv_cf").unwrap();
        assert_eq!(v.len(), HOURS_PER_YEAR);
        assert_eq!(v[100], 0.5);
    }

    #[test]
    fn names_the_missing_column_and_bad_cell() {
        let err = read(&year("cf", "0.5"), "load", "loads.electricity_mw")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "f.csv: line 2: loads.electricity_mw.column: must be one of the file's columns: hour, cf, got load"
        );
        let err = read(&year("cf", "abc"), "cf", "x").unwrap_err().to_string();
        assert_eq!(
            err,
            "f.csv: line 3, column \"cf\": x: must be a finite number, got \"abc\""
        );
        let short: String = year("cf", "1")
            .lines()
            .take(100)
            .collect::<Vec<_>>()
            .join("\n");
        let err = read(&short, "cf", "x").unwrap_err().to_string();
        assert!(err.contains("98 rows"), "{err}");
    }

    #[test]
    fn spreadsheet_files_read_as_the_plain_one() {
        let plain = read(&year("cf", "0.25"), "cf", "x").unwrap();
        let excel = format!(
            "\u{feff}{}",
            year("\"cf\"", "\"0.25\"").replace('\n', "\r\n")
        );
        assert_eq!(read(&excel, "cf", "x").unwrap(), plain);
        let mut semicolons = String::from("hour;cf\n");
        for h in 0..HOURS_PER_YEAR {
            semicolons.push_str(&format!("{h};0,25\n"));
        }
        assert_eq!(read(&semicolons, "cf", "x").unwrap(), plain);
    }

    #[test]
    fn names_the_field_for_file_level_problems() {
        let err = read_column("f.csv", b"hour,cf\n0,\xFF\n", "cf", "resources.pv_cf")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("f.csv: line 2: resources.pv_cf: must be UTF-8 or GBK"),
            "{err}"
        );
        let err = read("hour,cf,cf\n0,1,2\n", "cf", "resources.pv_cf")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("resources.pv_cf.column") && err.contains("columns 2 and 3"),
            "{err}"
        );
    }
}
