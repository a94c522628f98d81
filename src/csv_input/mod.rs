//! The one reader of CSV input files: scenario profile columns, weather files (TMY3, EPW,
//! PVGIS), the turbine library and user power curves all read through it.
//!
//! Reading takes the files as spreadsheets write them, or refuses them saying exactly what is
//! wrong, never giving a silent wrong value:
//!
//! - at most [`MAX_FILE_BYTES`], checked before the file is read into memory;
//! - text in UTF-8 (a byte-order mark is dropped), UTF-16 with a byte-order mark, or else
//!   GB18030/GBK when the bytes decode cleanly as it (see [`TextEncoding`]);
//! - LF, CRLF or CR line ends; fields in double quotes (with `""` for a quote);
//! - the separator `,`, `;` or tab, detected from the first line that is neither blank nor a
//!   comment ([`Separator::detect`]); in a `;` or tab-separated file decimal commas are read
//!   (`0,5` = 0.5), in a `,`-separated file a `,` inside a number is refused, and a mark that
//!   may be a thousands separator is refused (see [`separator::decimal_mark`]);
//! - lines starting with `#` before the first record are comments, blank lines are skipped;
//!   surrounding spaces of fields are trimmed;
//! - numbers must be finite: empty cells, text, NaN and ±infinity are refused.
//!
//! Errors ([`CsvError`]) read `FILE: line N, column "X": must be …, got VALUE`.
//!
//! The module depends on nothing else in the crate.

mod decode;
mod error;
pub mod memo;
mod number;
mod record;
pub mod separator;

use std::io::Read;
use std::path::Path;

use csv::StringRecord;

pub use decode::TextEncoding;
pub use error::{quoted, CsvError, Location};
pub use number::shown;
pub use record::{Record, Table};
pub use separator::{DecimalMark, Separator};

/// Largest CSV input read, bytes (64 MiB; an hourly year of profiles is under 1 MB, a TMY3
/// weather file under 2 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file of at most [`MAX_FILE_BYTES`]: the size is checked before reading, and no
/// more than the bound (plus one byte) is ever read, so a file that is larger, or grows, or
/// has no size (a device) is refused with bounded memory.
///
/// # Errors
/// [`CsvError::Io`] when the file cannot be read, [`CsvError::Invalid`] when it is too large.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, CsvError> {
    let file_name = path.display().to_string();
    let io = |source| CsvError::Io {
        file: file_name.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(too_large(&file_name, size));
    }
    // `size` is at most MAX_FILE_BYTES here, so it fits in usize.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    let read = bytes.len() as u64;
    if read > MAX_FILE_BYTES {
        return Err(too_large(&file_name, read));
    }
    Ok(bytes)
}

fn too_large(file: &str, size: u64) -> CsvError {
    CsvError::invalid(
        Location::file(file),
        format!(
            "a CSV file of at most {} MiB (an hourly year is under 1 MB); it was not read",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
        if size > MAX_FILE_BYTES {
            format!("{:.1} MiB", size as f64 / (1024.0 * 1024.0))
        } else {
            "more bytes than its size said".to_string()
        },
    )
}

/// A CSV file decoded and split into records.
#[derive(Debug, Clone)]
pub struct CsvText {
    file: String,
    encoding: TextEncoding,
    separator: Separator,
    decimal_mark: Option<DecimalMark>,
    /// Each record with the 1-based line it starts on.
    records: Vec<(usize, StringRecord)>,
}

impl CsvText {
    /// Reads and decodes the file at `path` (named in messages as the path is written).
    ///
    /// # Errors
    /// Those of [`read_bytes`] and [`CsvText::from_bytes`].
    pub fn read(path: &Path) -> Result<CsvText, CsvError> {
        CsvText::from_bytes(&path.display().to_string(), &read_bytes(path)?)
    }

    /// Decodes `bytes` (the contents of `file`, named in messages) and splits them into
    /// records: leading `#` comment lines and blank lines are skipped, the separator is
    /// detected from the first remaining line, fields are unquoted and trimmed.
    ///
    /// # Errors
    /// [`CsvError::Invalid`] for more than [`MAX_FILE_BYTES`], or text that does not decode
    /// (naming the line of the first bad byte).
    pub fn from_bytes(file: &str, bytes: &[u8]) -> Result<CsvText, CsvError> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(file, bytes.len() as u64));
        }
        let (mut text, encoding) = decode::decode(file, bytes)?;
        if text.contains('\r') {
            // CRLF (Windows) and CR alone (old Mac spreadsheets) become LF, so that every line
            // end counts once in the line numbers of messages.
            text = text.replace("\r\n", "\n").replace('\r', "\n");
        }
        let (start, skipped_lines) = leading_comments(&text);
        let body = &text[start..];
        let separator = Separator::detect(body.lines().next().unwrap_or(""));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator.byte())
            .trim(csv::Trim::All)
            .from_reader(body.as_bytes());
        let mut records = Vec::new();
        for result in reader.records() {
            let record = result.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize) + skipped_lines;
                CsvError::invalid(Location::line(file, line), "CSV text", e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize) + skipped_lines;
            let blank = record.len() == 1 && record.get(0) == Some("");
            if !blank {
                records.push((line, record));
            }
        }
        let decimal_mark = separator::decimal_mark(
            separator,
            records.iter().flat_map(|(_, record)| record.iter()),
        );
        Ok(CsvText {
            file: file.to_string(),
            encoding,
            separator,
            decimal_mark,
            records,
        })
    }

    /// The file as named in messages.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The encoding the text was read in.
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// The field separator.
    pub fn separator(&self) -> Separator {
        self.separator
    }

    /// The decimal mark numbers are read with (`None`: the file gives no evidence, and a mark
    /// that may be a thousands separator is refused).
    pub fn decimal_mark(&self) -> Option<DecimalMark> {
        self.decimal_mark
    }

    /// The records in order (blank lines and leading comments skipped).
    pub fn records(&self) -> Vec<Record<'_>> {
        self.records
            .iter()
            .map(|(line, fields)| Record {
                file: self,
                line: *line,
                fields,
            })
            .collect()
    }

    /// The file as a table: the first record is the header, every other a row.
    ///
    /// # Errors
    /// [`CsvError::Invalid`] for a file without records, or as [`Table::new`].
    pub fn table(&self) -> Result<Table<'_>, CsvError> {
        let mut records = self.records().into_iter();
        let header = records.next().ok_or_else(|| {
            CsvError::invalid(
                Location::file(&self.file),
                "a CSV file with a header line",
                "no line that is not blank or a # comment",
            )
        })?;
        Table::new(header, records.collect())
    }

    /// ` (the file was read as …)` when it was not UTF-8, for messages about names in it.
    fn encoding_note(&self) -> String {
        match self.encoding {
            TextEncoding::Utf8 | TextEncoding::Utf8WithBom => String::new(),
            other => format!(" (the file was read as {} text)", other.name()),
        }
    }
}

/// Byte offset of the first line that is neither blank nor a `#` comment, and the number of
/// lines before it.
fn leading_comments(text: &str) -> (usize, usize) {
    let mut offset = 0;
    let mut lines = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim();
        if !(content.is_empty() || content.starts_with('#')) {
            break;
        }
        offset += line.len();
        lines += 1;
    }
    (offset, lines)
}

#[cfg(test)]
mod tests;
