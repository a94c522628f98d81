//! A plain table of text cells, written as CSV or printed aligned; and the numbers of a plan
//! report flattened into named cells.

use std::fmt::Write as _;

/// A header and rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Column names, units in the names.
    pub header: Vec<String>,
    /// Rows, each as long as the header.
    pub rows: Vec<Vec<String>>,
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break.
pub fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A number as a cell: the shortest text that reads back to the same value; empty for
/// none or a non-finite value.
pub fn number_cell(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{v}"),
        _ => String::new(),
    }
}

/// A number rounded for reading (6 significant digits).
pub fn short_number(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => {
            if v == 0.0 {
                "0".into()
            } else if v.abs() >= 1e6 || v.abs() < 1e-3 {
                format!("{v:.4e}")
            } else {
                let digits = (5 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
                format!("{v:.digits$}")
            }
        }
        _ => "-".into(),
    }
}

impl Table {
    /// A table with these column names and no rows.
    pub fn new(header: Vec<String>) -> Self {
        Self {
            header,
            rows: Vec::new(),
        }
    }

    /// The table as CSV, one line per row, `\n` line ends.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        for line in std::iter::once(&self.header).chain(&self.rows) {
            let cells: Vec<String> = line.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }

    /// A copy with every numeric cell rounded for reading ([`short_number`]).
    pub fn rounded(&self) -> Table {
        let round = |cell: &String| match cell.parse::<f64>() {
            Ok(v) if !cell.is_empty() => short_number(Some(v)),
            _ => cell.clone(),
        };
        Table {
            header: self.header.clone(),
            rows: self
                .rows
                .iter()
                .map(|row| row.iter().map(round).collect())
                .collect(),
        }
    }

    /// The chosen columns printed with aligned widths (numbers right-aligned).
    pub fn to_text(&self, columns: &[&str]) -> String {
        let picked: Vec<usize> = columns
            .iter()
            .filter_map(|c| self.header.iter().position(|h| h == c))
            .collect();
        let cell = |row: &Vec<String>, i: usize| row.get(i).cloned().unwrap_or_default();
        let widths: Vec<usize> = picked
            .iter()
            .map(|&i| {
                self.rows
                    .iter()
                    .map(|r| cell(r, i).chars().count())
                    .chain(std::iter::once(self.header[i].chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        let write_line = |out: &mut String, cells: Vec<String>| {
            let mut line = String::new();
            for (k, (text, width)) in cells.iter().zip(&widths).enumerate() {
                if k > 0 {
                    line.push_str("  ");
                }
                if text.parse::<f64>().is_ok() || text == "-" {
                    let _ = write!(line, "{text:>width$}");
                } else {
                    let _ = write!(line, "{text:<width$}");
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        };
        write_line(
            &mut out,
            picked.iter().map(|&i| self.header[i].clone()).collect(),
        );
        for row in &self.rows {
            write_line(&mut out, picked.iter().map(|&i| cell(row, i)).collect());
        }
        out
    }
}

/// The numeric fields of a JSON object (such as a plan's `capacities`), by name.
pub fn numbers_of(object: Option<&serde_json::Value>) -> Vec<(String, f64)> {
    object
        .and_then(|v| v.as_object())
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| v.as_f64().map(|x| (k.clone(), x)))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_it() {
        let mut t = Table::new(vec!["a".into(), "b,c".into()]);
        t.rows.push(vec!["x \"y\"".into(), "1".into()]);
        assert_eq!(t.to_csv(), "a,\"b,c\"\n\"x \"\"y\"\"\",1\n");
    }

    #[test]
    fn text_aligns_numbers_right() {
        let mut t = Table::new(vec!["name".into(), "cost".into()]);
        t.rows.push(vec!["a".into(), "1.5".into()]);
        t.rows.push(vec!["long".into(), "100".into()]);
        assert_eq!(
            t.to_text(&["name", "cost"]),
            "name  cost\na      1.5\nlong   100\n"
        );
        assert_eq!(short_number(Some(1234.5678)), "1234.57");
        assert_eq!(short_number(Some(293824638.7)), "2.9382e8");
        assert_eq!(short_number(None), "-");
    }
}
