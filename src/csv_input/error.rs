//! What can be wrong with a CSV input, and where.

use std::fmt;

/// Where in a CSV file a problem is: the file, and the line and column where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as shown in messages (a path, or a name for embedded data).
    pub file: String,
    /// 1-based line number as an editor shows it (the line a record starts on).
    pub line: Option<usize>,
    /// Column name from the header (or a description of the field where there is no header).
    pub column: Option<String>,
}

impl Location {
    /// The whole file.
    pub fn file(file: &str) -> Self {
        Location {
            file: file.to_string(),
            line: None,
            column: None,
        }
    }

    /// One line of the file.
    pub fn line(file: &str, line: usize) -> Self {
        Location {
            line: Some(line),
            ..Location::file(file)
        }
    }

    /// One cell: a line and a column.
    pub fn cell(file: &str, line: usize, column: &str) -> Self {
        Location {
            column: Some(column.to_string()),
            ..Location::line(file, line)
        }
    }
}

/// `FILE`, `FILE: line N` or `FILE: line N, column "X"`.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ": line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column \"{column}\"")?;
        }
        Ok(())
    }
}

/// A CSV input that could not be read, or that holds something other than what is needed.
///
/// Every message names the file, and the line and column where they apply, in the form
/// `FILE: line N, column "X": must be …, got VALUE`.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// The file could not be opened or read.
    #[error("{file}: {source}")]
    Io {
        /// The file as shown in messages.
        file: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The file, a line or a cell is not what it must be (too large, not UTF-8 or GBK text,
    /// a row with the wrong number of fields, a missing column, a cell that is not a
    /// finite number, …).
    #[error("{at}: must be {expected}, got {value}")]
    Invalid {
        /// Where.
        at: Location,
        /// What is allowed there.
        expected: String,
        /// What was found, as written (cells in double quotes).
        value: String,
    },
}

impl CsvError {
    /// An [`CsvError::Invalid`] at `at`.
    pub fn invalid(at: Location, expected: impl Into<String>, value: impl Into<String>) -> Self {
        CsvError::Invalid {
            at,
            expected: expected.into(),
            value: value.into(),
        }
    }
}

/// A cell's text as shown in messages: in double quotes, so that an empty cell or one with
/// spaces or separators is visible.
pub fn quoted(text: &str) -> String {
    format!("\"{text}\"")
}
