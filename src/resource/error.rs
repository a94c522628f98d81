//! The one error type of the resource module.

use std::path::PathBuf;

/// Everything that can go wrong while reading weather files or turbine data,
/// computing profiles or writing them. Messages name the file, the line
/// (1-based, as an editor shows it) and the column wherever one applies.
#[derive(Debug, thiserror::Error)]
pub enum ResourceError {
    /// The file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// File that failed.
        path: PathBuf,
        /// Underlying operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// A column the reader needs is absent from the header (or a data row is
    /// too short to reach it).
    #[error("{}: line {line}: missing column \"{column}\"", path.display())]
    MissingColumn {
        /// File being read.
        path: PathBuf,
        /// 1-based line number of the header or short row.
        line: usize,
        /// Name of the missing column.
        column: String,
    },
    /// A field that must hold a number holds something else.
    #[error("{}: line {line}, column \"{column}\": expected a number, got \"{value}\"", path.display())]
    BadNumber {
        /// File being read.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// Column name.
        column: String,
        /// The offending text.
        value: String,
    },
    /// A field holds a recognised "missing value" code (e.g. EPW 9999).
    #[error("{}: line {line}, column \"{column}\": missing value \"{value}\"", path.display())]
    MissingValue {
        /// File being read.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// Column name.
        column: String,
        /// The missing-value code found.
        value: String,
    },
    /// A date or time field could not be understood.
    #[error("{}: line {line}, column \"{column}\": expected {expected}, got \"{value}\"", path.display())]
    BadTimestamp {
        /// File being read.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// Column name.
        column: String,
        /// Description of the expected format.
        expected: &'static str,
        /// The offending text.
        value: String,
    },
    /// Site metadata (latitude, longitude, elevation, time zone) is missing or unreadable.
    #[error("{}: line {line}: {what}", path.display())]
    BadMetadata {
        /// File being read.
        path: PathBuf,
        /// 1-based line number (0 when the item was never found).
        line: usize,
        /// What is wrong.
        what: String,
    },
    /// The file does not hold one year of hourly data.
    #[error("{}: expected 8760 hourly rows (8784 in a leap year), found {rows}", path.display())]
    WrongRowCount {
        /// File being read.
        path: PathBuf,
        /// Number of data rows found.
        rows: usize,
    },
    /// The weather file's format could not be recognised.
    #[error("{}: not a TMY3 CSV, EPW or PVGIS TMY CSV file", path.display())]
    UnknownFormat {
        /// File being read.
        path: PathBuf,
    },
    /// A turbine type name is not in the library.
    #[error(
        "turbine type \"{name}\" is not in the turbine library{}",
        suggestion_text(suggestions)
    )]
    UnknownTurbine {
        /// Name asked for.
        name: String,
        /// Close names found in the library.
        suggestions: Vec<String>,
    },
    /// The turbine exists but the library has no power curve for it.
    #[error("turbine type \"{name}\" has no power curve in the library")]
    NoPowerCurve {
        /// Turbine type name.
        name: String,
    },
    /// A power curve is unusable (too few points, speeds not increasing, negative power).
    #[error("{source_name}: invalid power curve: {reason}")]
    BadPowerCurve {
        /// File or turbine type the curve came from.
        source_name: String,
        /// What is wrong.
        reason: String,
    },
    /// A model parameter is out of its valid range.
    #[error("parameter {name} = {value}: {reason}")]
    InvalidParameter {
        /// Parameter name as in the parameter struct.
        name: &'static str,
        /// Value given.
        value: f64,
        /// Valid range or reason.
        reason: &'static str,
    },
    /// Full-load-hour scaling cannot reach the requested target.
    #[error("cannot reach {target_h:.0} full-load hours: at most {best_h:.0} h are reachable ({reason})")]
    TargetUnreachable {
        /// Requested annual full-load hours.
        target_h: f64,
        /// Largest value reachable.
        best_h: f64,
        /// Why.
        reason: &'static str,
    },
}

fn suggestion_text(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

/// Returns the first failed check as [`ResourceError::InvalidParameter`]; each check is
/// `(parameter name, value, whether it is allowed, the rule)`, and non-finite values fail.
pub fn check_parameters(
    checks: &[(&'static str, f64, bool, &'static str)],
) -> Result<(), ResourceError> {
    for &(name, value, ok, reason) in checks {
        if !ok || !value.is_finite() {
            return Err(ResourceError::InvalidParameter {
                name,
                value,
                reason,
            });
        }
    }
    Ok(())
}
