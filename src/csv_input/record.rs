//! One record (line) of a CSV file, and a table: a header record and rows of the same length.

use csv::StringRecord;

use super::error::{quoted, CsvError, Location};
use super::number::parse_number;
use super::separator::Separator;
use super::CsvText;

/// Longest row text quoted in a message, in characters.
const SHOWN_ROW_CHARS: usize = 120;
/// Most header names listed in a message.
const SHOWN_COLUMNS: usize = 12;

/// One record of a [`CsvText`]: its fields (trimmed of surrounding spaces, quotes removed)
/// and the line it starts on.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub(super) file: &'a CsvText,
    pub(super) line: usize,
    pub(super) fields: &'a StringRecord,
}

impl<'a> Record<'a> {
    /// 1-based line the record starts on.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Number of fields (at least 1).
    pub fn field_count(&self) -> usize {
        self.fields.len()
    }

    /// Field `index`, if the record has it.
    pub fn get(&self, index: usize) -> Option<&'a str> {
        self.fields.get(index)
    }

    /// The fields in order.
    pub fn fields(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.fields.iter()
    }

    /// Field `index`, called `column` in messages.
    ///
    /// # Errors
    /// [`CsvError::Invalid`] naming file, line and column when the record is too short.
    pub fn text(&self, index: usize, column: &str) -> Result<&'a str, CsvError> {
        self.get(index).ok_or_else(|| {
            CsvError::invalid(
                self.at(column),
                format!("a row with at least {} fields", index + 1),
                format!("{} fields: {}", self.field_count(), self.shown()),
            )
        })
    }

    /// Field `index` as a finite number, read with the file's decimal mark.
    ///
    /// # Errors
    /// [`CsvError::Invalid`] naming file, line, column and the cell for a missing field, an
    /// empty cell, text, NaN, ±infinity, or a `,`/`.` that may be a thousands separator.
    pub fn number(&self, index: usize, column: &str) -> Result<f64, CsvError> {
        self.parse(self.text(index, column)?, column)
    }

    /// `text` (a field of this record, or part of one) as a finite number read with the
    /// file's decimal mark; errors name this record's line and `column`.
    ///
    /// # Errors
    /// As [`Record::number`].
    pub fn parse(&self, text: &str, column: &str) -> Result<f64, CsvError> {
        parse_number(text.trim(), self.file.separator, self.file.decimal_mark)
            .map_err(|expected| CsvError::invalid(self.at(column), expected, quoted(text)))
    }

    /// Field `index` as a finite number, or `None` when the cell is empty (or absent).
    ///
    /// # Errors
    /// As [`Record::number`] for a cell that is not empty.
    pub fn optional_number(&self, index: usize, column: &str) -> Result<Option<f64>, CsvError> {
        match self.get(index) {
            None | Some("") => Ok(None),
            Some(_) => self.number(index, column).map(Some),
        }
    }

    /// An error for field `index` (called `column`): it must be `expected`; the cell is shown
    /// as written, followed by `note` when given.
    pub fn invalid(&self, index: usize, column: &str, expected: &str, note: &str) -> CsvError {
        let mut value = quoted(self.get(index).unwrap_or(""));
        if !note.is_empty() {
            value.push_str(&format!(" ({note})"));
        }
        CsvError::invalid(self.at(column), expected, value)
    }

    /// The location of this record's cell in `column`.
    pub fn at(&self, column: &str) -> Location {
        Location::cell(&self.file.file, self.line, column)
    }

    /// The record as written (fields joined by the separator), shortened for messages.
    fn shown(&self) -> String {
        let separator = char::from(self.file.separator.byte());
        let joined = self
            .fields()
            .collect::<Vec<_>>()
            .join(&separator.to_string());
        let mut shown: String = joined.chars().take(SHOWN_ROW_CHARS).collect();
        if shown.len() < joined.len() {
            shown.push('…');
        }
        quoted(&shown)
    }
}

/// A header record and the rows under it, every row as long as the header.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    header: Record<'a>,
    rows: Vec<Record<'a>>,
}

impl<'a> Table<'a> {
    /// A table of `rows` under `header`.
    ///
    /// # Errors
    /// [`CsvError::Invalid`] naming the first row whose number of fields differs from the
    /// header's; in a `,`-separated file with more fields the message says that an unquoted
    /// decimal comma or thousands separator splits a number in two.
    pub fn new(header: Record<'a>, rows: Vec<Record<'a>>) -> Result<Table<'a>, CsvError> {
        if let Some(row) = rows
            .iter()
            .find(|r| r.field_count() != header.field_count())
        {
            let mut expected = format!(
                "{} fields, like the header on line {}",
                header.field_count(),
                header.line
            );
            if row.field_count() > header.field_count() && header.file.separator == Separator::Comma
            {
                expected.push_str(
                    " (in a file separated by ',' a decimal comma or a thousands separator, as in \
                     1,5 or 1,500, splits a number into two fields: write 1.5 or 1500)",
                );
            }
            return Err(CsvError::invalid(
                Location::line(&header.file.file, row.line),
                expected,
                format!("{} fields: {}", row.field_count(), row.shown()),
            ));
        }
        Ok(Table { header, rows })
    }

    /// The header record.
    pub fn header(&self) -> &Record<'a> {
        &self.header
    }

    /// The rows under the header.
    pub fn rows(&self) -> &[Record<'a>] {
        &self.rows
    }

    /// The header's column names, `a, b, c`, shortened after a dozen.
    pub fn columns_shown(&self) -> String {
        let names: Vec<&str> = self.header.fields().take(SHOWN_COLUMNS).collect();
        let mut shown = names.join(", ");
        if self.header.field_count() > SHOWN_COLUMNS {
            shown.push_str(&format!(", … ({} columns)", self.header.field_count()));
        }
        shown
    }

    /// Index of the column called `name` (exact match after trimming spaces), if the header
    /// names it once.
    ///
    /// # Errors
    /// [`CsvError::Invalid`] at the header line listing the columns when `name` is absent,
    /// or naming both positions when it appears twice.
    pub fn column(&self, name: &str) -> Result<usize, CsvError> {
        let mut found = self.header.fields().enumerate().filter(|(_, h)| *h == name);
        let at = || Location::line(&self.header.file.file, self.header.line);
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Ok(i),
            (Some((i, _)), Some((j, _))) => Err(CsvError::invalid(
                at(),
                format!("a header naming the column \"{name}\" once"),
                format!("it in columns {} and {}", i + 1, j + 1),
            )),
            (None, _) => Err(CsvError::invalid(
                at(),
                format!(
                    "a header with the column \"{name}\"{}",
                    self.header.file.encoding_note()
                ),
                format!("the columns {}", self.columns_shown()),
            )),
        }
    }
}
