//! The one error type of the resource module.

use std::path::PathBuf;

use crate::csv_input::CsvError;

/// Everything that can go wrong while reading weather files or turbine data,
/// computing profiles or writing them. Messages name the file, the line
/// (1-based, as an editor shows it), the column and the value wherever they apply.
#[derive(Debug, thiserror::Error)]
pub enum ResourceError {
    /// An output file could not be written.
    #[error("{}: {source}", path.display())]
    Io {
        /// File that failed.
        path: PathBuf,
        /// Underlying operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// An input file (weather, turbine data, power curve) could not be read, or a line or
    /// cell of it is wrong: a missing column, a row of the wrong length, a value that is not
    /// a finite number or outside its physical range (a missing-data code), a bad date.
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// The file does not hold one year of hourly data.
    #[error("{}: expected 8760 hourly rows (29 February, if present, not counted), found {rows}", path.display())]
    WrongRowCount {
        /// File being read.
        path: PathBuf,
        /// Number of data rows found, 29 February's not counted.
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
