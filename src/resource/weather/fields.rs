//! Shared helpers of the weather readers: reading the file, finding columns,
//! parsing numbers with file/line/column context, and assembling the year.

use std::path::{Path, PathBuf};

use super::calendar::HOURS_PER_YEAR;
use super::{HourStamp, ResourceError};

/// Reads a whole text file, naming it in the error.
pub fn read_text(path: &Path) -> Result<String, ResourceError> {
    std::fs::read_to_string(path).map_err(|source| ResourceError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Index of the column called `name` in a header, or a
/// [`ResourceError::MissingColumn`] naming the header line.
pub fn column_index(
    path: &Path,
    header: &[String],
    header_line: usize,
    name: &str,
) -> Result<usize, ResourceError> {
    header
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| ResourceError::MissingColumn {
            path: path.to_path_buf(),
            line: header_line,
            column: name.to_string(),
        })
}

/// One data row being read: its fields plus the context for error messages.
pub struct Row<'a> {
    /// File being read.
    pub path: &'a Path,
    /// 1-based line number.
    pub line: usize,
    /// The row's fields.
    pub fields: Vec<String>,
}

impl Row<'_> {
    /// Text of field `index`, or [`ResourceError::MissingColumn`] when the
    /// row is too short.
    pub fn text(&self, index: usize, column: &str) -> Result<&str, ResourceError> {
        self.fields
            .get(index)
            .map(String::as_str)
            .ok_or_else(|| ResourceError::MissingColumn {
                path: self.path.to_path_buf(),
                line: self.line,
                column: column.to_string(),
            })
    }

    /// Field `index` parsed as a finite number.
    pub fn number(&self, index: usize, column: &str) -> Result<f64, ResourceError> {
        let text = self.text(index, column)?;
        text.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| ResourceError::BadNumber {
                path: self.path.to_path_buf(),
                line: self.line,
                column: column.to_string(),
                value: text.to_string(),
            })
    }

    /// Field `index` as a number, rejecting the value `missing_code` (and
    /// anything at or above it) as a missing-value marker.
    pub fn number_not_missing(
        &self,
        index: usize,
        column: &str,
        missing_code: f64,
    ) -> Result<f64, ResourceError> {
        let v = self.number(index, column)?;
        if v >= missing_code {
            return Err(ResourceError::MissingValue {
                path: self.path.to_path_buf(),
                line: self.line,
                column: column.to_string(),
                value: self.fields[index].clone(),
            });
        }
        Ok(v)
    }

    /// A timestamp error for field `index`.
    pub fn bad_time(&self, index: usize, column: &str, expected: &'static str) -> ResourceError {
        ResourceError::BadTimestamp {
            path: self.path.to_path_buf(),
            line: self.line,
            column: column.to_string(),
            expected,
            value: self.fields.get(index).cloned().unwrap_or_default(),
        }
    }
}

/// Parses an integer date/time part, reporting `expected` on failure.
pub fn int_part(
    row: &Row,
    index: usize,
    column: &str,
    text: &str,
    expected: &'static str,
    range: std::ops::RangeInclusive<i32>,
) -> Result<i32, ResourceError> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|v| range.contains(v))
        .ok_or_else(|| row.bad_time(index, column, expected))
}

/// One hourly observation as read from a file.
#[derive(Debug, Clone, Copy)]
pub struct Observation {
    /// Calendar label.
    pub stamp: HourStamp,
    /// GHI, W/m².
    pub ghi: f64,
    /// DNI, W/m².
    pub dni: f64,
    /// DHI, W/m².
    pub dhi: f64,
    /// Air temperature, °C.
    pub temp_c: f64,
    /// Wind speed, m/s.
    pub wind_m_per_s: f64,
    /// Pressure, Pa, if given.
    pub pressure_pa: Option<f64>,
}

/// The hourly columns of a year, before the metadata is attached.
pub struct Year {
    /// Calendar labels.
    pub stamps: Vec<HourStamp>,
    /// GHI, W/m².
    pub ghi: Vec<f64>,
    /// DNI, W/m².
    pub dni: Vec<f64>,
    /// DHI, W/m².
    pub dhi: Vec<f64>,
    /// Air temperature, °C.
    pub temp_c: Vec<f64>,
    /// Wind speed, m/s.
    pub wind: Vec<f64>,
    /// Pressure, Pa, when every hour has one.
    pub pressure_pa: Option<Vec<f64>>,
}

/// Assembles the observations into a year: drops 29 February when the file
/// has 8784 rows, checks that 8760 remain, and keeps pressure only if every
/// hour has it. Negative irradiance (sensor night offsets) is set to 0.
pub fn assemble_year(path: &Path, obs: Vec<Observation>) -> Result<Year, ResourceError> {
    let rows = obs.len();
    let obs: Vec<Observation> = if rows == HOURS_PER_YEAR + 24 {
        obs.into_iter()
            .filter(|o| !(o.stamp.month == 2 && o.stamp.day == 29))
            .collect()
    } else {
        obs
    };
    if obs.len() != HOURS_PER_YEAR {
        return Err(ResourceError::WrongRowCount {
            path: PathBuf::from(path),
            rows,
        });
    }
    let col = |f: fn(&Observation) -> f64| obs.iter().map(f).collect::<Vec<f64>>();
    Ok(Year {
        stamps: obs.iter().map(|o| o.stamp).collect(),
        ghi: col(|o| o.ghi.max(0.0)),
        dni: col(|o| o.dni.max(0.0)),
        dhi: col(|o| o.dhi.max(0.0)),
        temp_c: col(|o| o.temp_c),
        wind: col(|o| o.wind_m_per_s.max(0.0)),
        pressure_pa: obs.iter().map(|o| o.pressure_pa).collect(),
    })
}
