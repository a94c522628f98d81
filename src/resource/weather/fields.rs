//! Shared helpers of the weather readers: measured values checked against their physical
//! range (which catches missing-data codes such as TMY3's −9900), date/time parts, and
//! assembling the year.

use std::path::{Path, PathBuf};

use super::calendar::{month_day_of_hour, HOURS_PER_YEAR};
use super::{HourStamp, ResourceError};
use crate::csv_input::{CsvError, Location, Record};

/// A measured quantity and the range a real measurement of it lies in.
#[derive(Debug, Clone, Copy)]
pub struct Quantity {
    /// Unit as written in messages.
    pub unit: &'static str,
    /// Smallest plausible value.
    pub min: f64,
    /// Largest plausible value.
    pub max: f64,
}

/// Hourly irradiance (or irradiation per hour), W/m²: small negative night-time sensor
/// offsets are allowed (and set to 0 later); nothing on Earth reaches 2000 W/m².
pub const IRRADIANCE: Quantity = Quantity {
    unit: "W/m²",
    min: -100.0,
    max: 2000.0,
};
/// Air temperature, °C (the records are −89.2 and 56.7 °C).
pub const AIR_TEMPERATURE: Quantity = Quantity {
    unit: "°C",
    min: -90.0,
    max: 70.0,
};
/// Hourly mean wind speed at 10 m, m/s.
pub const WIND_SPEED: Quantity = Quantity {
    unit: "m/s",
    min: 0.0,
    max: 100.0,
};
/// Station air pressure, Pa (about 9 km of altitude to the highest sea-level pressure).
pub const PRESSURE_PA: Quantity = Quantity {
    unit: "Pa",
    min: 30_000.0,
    max: 110_000.0,
};
/// Station air pressure, mbar (hPa), as in TMY3 files.
pub const PRESSURE_MBAR: Quantity = Quantity {
    unit: "mbar",
    min: 300.0,
    max: 1100.0,
};

/// Latitude of the site, degrees north.
pub const LATITUDE: Quantity = Quantity {
    unit: "° north",
    min: -90.0,
    max: 90.0,
};
/// Longitude of the site, degrees east.
pub const LONGITUDE: Quantity = Quantity {
    unit: "° east",
    min: -180.0,
    max: 180.0,
};
/// Offset of the file's clock from UTC, hours (UTC−12 to UTC+14 are the world's zones).
pub const UTC_OFFSET: Quantity = Quantity {
    unit: "h from UTC",
    min: -12.0,
    max: 14.0,
};
/// Elevation of the site above sea level, m (the Dead Sea shore, −430 m, to Everest).
pub const ELEVATION: Quantity = Quantity {
    unit: "m",
    min: -450.0,
    max: 8850.0,
};

/// The missing-data codes of a file format, named in messages.
#[derive(Debug, Clone, Copy)]
pub struct MissingCodes {
    /// Format name, e.g. `TMY3`.
    pub format: &'static str,
    /// The codes.
    pub codes: &'static [f64],
}

/// Field `index` of `row` (called `column`) as a number within `quantity`'s range.
///
/// # Errors
/// [`CsvError::Invalid`] naming file, line, column and the value: not a finite number, or
/// outside the range, said to be `codes`' missing-data code when it is one.
pub fn measured(
    row: &Record,
    index: usize,
    column: &str,
    quantity: Quantity,
    codes: MissingCodes,
) -> Result<f64, CsvError> {
    let v = row.number(index, column)?;
    if (quantity.min..=quantity.max).contains(&v) {
        return Ok(v);
    }
    let note = if codes.codes.contains(&v) {
        format!("the {} missing-data code", codes.format)
    } else {
        "outside the physical range".to_string()
    };
    Err(row.invalid(
        index,
        column,
        &format!(
            "a value in [{}, {}] {}",
            quantity.min, quantity.max, quantity.unit
        ),
        &note,
    ))
}

/// Parses an integer date/time part `text` of field `index`, reporting `expected` on failure.
pub fn int_part(
    row: &Record,
    index: usize,
    column: &str,
    text: &str,
    expected: &str,
    range: std::ops::RangeInclusive<i32>,
) -> Result<i32, CsvError> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|v| range.contains(v))
        .ok_or_else(|| row.invalid(index, column, expected, ""))
}

/// One hourly observation as read from a file.
#[derive(Debug, Clone, Copy)]
pub struct Observation {
    /// Line of the file the row is on (1-based).
    pub line: usize,
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

/// Assembles the observations of `file` (at `path`) into a year: drops 29 February (a leap
/// year's file keeps 8760 hours), checks that the rows run hour by hour from 1 January (the first
/// hour of a day labelled `first_hour`: 1 for hour-ending files, 0 for hour-beginning)
/// and that 8760 remain, and keeps pressure only if every hour has it. Negative irradiance
/// (sensor night offsets) is set to 0; the readers have checked every value against its
/// [`Quantity`] range.
///
/// # Errors
/// [`CsvError::Invalid`] naming the line of the first row out of sequence (an hour missing,
/// repeated or out of order: every later value would sit at the wrong hour), and
/// [`ResourceError::WrongRowCount`] for a year cut short or run on.
pub fn assemble_year(
    path: &Path,
    file: &str,
    obs: Vec<Observation>,
    first_hour: u8,
) -> Result<Year, ResourceError> {
    // Dropped whatever the count, so that a leap year's file with an hour missing or
    // repeated is refused at that hour, not at its first 29 February row.
    let obs: Vec<Observation> = obs
        .into_iter()
        .filter(|o| !(o.stamp.month == 2 && o.stamp.day == 29))
        .collect();
    let rows = obs.len();
    for (i, o) in obs.iter().enumerate().take(HOURS_PER_YEAR) {
        let (month, day) = month_day_of_hour(i);
        let hour = first_hour + (i % 24) as u8;
        let found = (o.stamp.month, o.stamp.day, o.stamp.hour);
        if found != (month, day, hour) {
            let why = if found < (month, day, hour) {
                "an hour already read, or out of order"
            } else {
                "the hours before it are missing, or out of order"
            };
            return Err(CsvError::invalid(
                Location::line(file, o.line),
                format!(
                    "{month:02}-{day:02} hour {hour} (hour {} of the year): the rows must run \
                     hour by hour from 1 January, or every later value sits at the wrong hour",
                    i + 1
                ),
                format!(
                    "{:02}-{:02} hour {} ({why})",
                    o.stamp.month, o.stamp.day, o.stamp.hour
                ),
            )
            .into());
        }
    }
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
        wind: col(|o| o.wind_m_per_s),
        pressure_pa: obs.iter().map(|o| o.pressure_pa).collect(),
    })
}
