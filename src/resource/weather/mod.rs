//! Hourly site weather for one typical year, read from NREL TMY3, EnergyPlus
//! EPW or PVGIS TMY CSV files into one common [`Weather`] struct.

mod calendar;
mod epw;
mod fields;
mod pvgis;
mod tmy3;

use std::path::{Path, PathBuf};

use super::error::ResourceError;
use crate::csv_input::memo::ContentMemo;
use crate::csv_input::{read_bytes, CsvText};

pub use calendar::{month_day_of_hour, HOURS_PER_YEAR};
pub use epw::read_epw;
pub use pvgis::read_pvgis;
pub use tmy3::read_tmy3;

/// Which file layout a [`Weather`] was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeatherFormat {
    /// NREL TMY3 CSV (station metadata line, header line, 8760 rows).
    Tmy3,
    /// EnergyPlus weather file (8 header lines, 8760 rows without header).
    Epw,
    /// PVGIS TMY CSV (metadata lines, header, 8760 rows in UTC, text notes).
    Pvgis,
}

/// How a row's time stamp relates to the hour its values describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeConvention {
    /// The stamp marks the end of the hour: `01:00` describes 00:00–01:00
    /// (TMY3 and EPW, hours labelled 1..24).
    HourEnding,
    /// The stamp's hour marks the start of the hour: `00:10` describes
    /// 00:00–01:00 (PVGIS, whose minutes give the satellite scan time).
    HourBeginning,
}

/// Calendar label of one hourly row, in the file's clock
/// ([`Site::utc_offset_h`] hours ahead of UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HourStamp {
    /// Calendar year of the row (TMY files mix years month by month).
    pub year: i32,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of month, 1..=31.
    pub day: u8,
    /// Hour label as written: 1..=24 for [`TimeConvention::HourEnding`],
    /// 0..=23 for [`TimeConvention::HourBeginning`].
    pub hour: u8,
}

/// Where the weather was measured or modelled.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Station or place name (may be empty).
    pub name: String,
    /// Latitude, degrees north.
    pub latitude_deg: f64,
    /// Longitude, degrees east.
    pub longitude_deg: f64,
    /// Elevation above sea level, m.
    pub elevation_m: f64,
    /// Offset of the file's clock from UTC, hours (local standard time
    /// for TMY3 and EPW, 0 for PVGIS).
    pub utc_offset_h: f64,
}

/// One typical year of hourly weather: 8760 rows, 1 January 00:00 first, in
/// the clock of [`Site::utc_offset_h`]. A 29 February present in the file is
/// dropped so every year has 8760 hours.
#[derive(Debug, Clone, PartialEq)]
pub struct Weather {
    /// File the data came from.
    pub source: PathBuf,
    /// Layout of that file.
    pub format: WeatherFormat,
    /// Site metadata read from the file.
    pub site: Site,
    /// How `stamps` relate to the hour each row describes.
    pub time_convention: TimeConvention,
    /// Calendar label of each row.
    pub stamps: Vec<HourStamp>,
    /// Global horizontal irradiance, W/m² (hourly mean).
    pub ghi_w_per_m2: Vec<f64>,
    /// Direct normal irradiance, W/m² (hourly mean).
    pub dni_w_per_m2: Vec<f64>,
    /// Diffuse horizontal irradiance, W/m² (hourly mean).
    pub dhi_w_per_m2: Vec<f64>,
    /// Dry-bulb air temperature near the ground (about 2 m), °C.
    pub air_temp_c: Vec<f64>,
    /// Wind speed at [`Weather::wind_height_m`], m/s.
    pub wind_speed_m_per_s: Vec<f64>,
    /// Height above ground of the wind measurement, m (10 m in all three formats).
    pub wind_height_m: f64,
    /// Station air pressure, Pa, when the file gives it for every hour.
    pub pressure_pa: Option<Vec<f64>>,
}

impl Weather {
    /// Checks that every hourly vector holds exactly 8760 values, as the
    /// readers guarantee; profiles call this before indexing.
    ///
    /// # Errors
    /// [`ResourceError::WrongRowCount`] with the first offending length.
    pub fn check_consistent(&self) -> Result<(), ResourceError> {
        let lengths = [
            self.stamps.len(),
            self.ghi_w_per_m2.len(),
            self.dni_w_per_m2.len(),
            self.dhi_w_per_m2.len(),
            self.air_temp_c.len(),
            self.wind_speed_m_per_s.len(),
            self.pressure_pa.as_ref().map_or(HOURS_PER_YEAR, Vec::len),
        ];
        match lengths.into_iter().find(|&n| n != HOURS_PER_YEAR) {
            None => Ok(()),
            Some(rows) => Err(ResourceError::WrongRowCount {
                path: self.source.clone(),
                rows,
            }),
        }
    }

    /// Julian day (UT) of the start of row `i`'s hour, for solar geometry.
    pub fn interval_start_julian_day(&self, i: usize) -> f64 {
        let s = self.stamps[i];
        let start_hour = match self.time_convention {
            TimeConvention::HourEnding => f64::from(s.hour) - 1.0,
            TimeConvention::HourBeginning => f64::from(s.hour),
        };
        super::solar_position::julian_day(
            s.year,
            s.month,
            f64::from(s.day) + (start_hour - self.site.utc_offset_h) / 24.0,
        )
    }

    /// Re-expresses the year in another clock (e.g. a PVGIS file in UTC moved
    /// to China Standard Time with `utc_offset_h = 8`). The rows are rotated
    /// by whole hours and wrap around the year-end, as is usual for typical
    /// years; stamps are relabelled in the new clock.
    ///
    /// # Errors
    /// [`ResourceError::InvalidParameter`] when the file's offset or the new
    /// one is not a whole number of hours between −12 and +14.
    pub fn with_utc_offset(self, utc_offset_h: f64) -> Result<Weather, ResourceError> {
        let whole = |v: f64| v.fract() == 0.0 && (-12.0..=14.0).contains(&v);
        if !whole(utc_offset_h) {
            return Err(ResourceError::InvalidParameter {
                name: "utc_offset_h",
                value: utc_offset_h,
                reason: "must be a whole number of hours between -12 and 14",
            });
        }
        if !whole(self.site.utc_offset_h) {
            return Err(ResourceError::InvalidParameter {
                name: "site.utc_offset_h",
                value: self.site.utc_offset_h,
                reason: "rotation needs a whole-hour offset in the source file",
            });
        }
        let n = self.stamps.len() as i64;
        // Both offsets are whole hours within [-12, 14], so this is exact.
        let shift = (utc_offset_h - self.site.utc_offset_h) as i64;
        let source_row = |new_row: usize| (new_row as i64 - shift).rem_euclid(n) as usize;
        let rotate = |v: &[f64]| (0..v.len()).map(|i| v[source_row(i)]).collect::<Vec<f64>>();
        let first_hour = match self.time_convention {
            TimeConvention::HourEnding => 1,
            TimeConvention::HourBeginning => 0,
        };
        let stamps = (0..self.stamps.len())
            .map(|i| {
                let (month, day) = calendar::month_day_of_hour(i);
                HourStamp {
                    year: self.stamps[source_row(i)].year,
                    month,
                    day,
                    hour: (i % 24) as u8 + first_hour,
                }
            })
            .collect();
        Ok(Weather {
            ghi_w_per_m2: rotate(&self.ghi_w_per_m2),
            dni_w_per_m2: rotate(&self.dni_w_per_m2),
            dhi_w_per_m2: rotate(&self.dhi_w_per_m2),
            air_temp_c: rotate(&self.air_temp_c),
            wind_speed_m_per_s: rotate(&self.wind_speed_m_per_s),
            pressure_pa: self.pressure_pa.as_deref().map(rotate),
            stamps,
            site: Site {
                utc_offset_h,
                ..self.site
            },
            ..self
        })
    }
}

/// Reads a weather file of any supported layout (through [`crate::csv_input`], so also as a
/// spreadsheet saves it), recognised from its first records: `LOCATION` opens an EPW file, a
/// `Date (MM/DD/YYYY)` header on the second record marks TMY3, and
/// `Latitude (decimal degrees):` or a `time(UTC)` header marks PVGIS. A file already read
/// in this process with the same contents is not parsed again.
///
/// # Errors
/// [`ResourceError::UnknownFormat`] when no layout matches, or any error of
/// the matching reader.
pub fn read_weather(path: &Path) -> Result<Weather, ResourceError> {
    let bytes = read_bytes(path)?;
    let name = path.display().to_string();
    WEATHER.get_or_try(&name, &bytes, || {
        parse_weather(path, &CsvText::from_bytes(&name, &bytes)?)
    })
}

/// Weather files read in this process, by path and contents (a province's parks and a
/// batch's runs read the same few files).
static WEATHER: ContentMemo<Weather> = ContentMemo::new(8);

fn parse_weather(path: &Path, csv: &CsvText) -> Result<Weather, ResourceError> {
    let records = csv.records();
    let first_field = |i: usize| records.get(i).and_then(|r| r.get(0)).unwrap_or("");
    if first_field(0) == "LOCATION" {
        epw::parse_epw(path, csv)
    } else if first_field(1) == "Date (MM/DD/YYYY)" {
        tmy3::parse_tmy3(path, csv)
    } else if first_field(0).starts_with("Latitude")
        || records.iter().any(|r| r.get(0) == Some("time(UTC)"))
    {
        pvgis::parse_pvgis(path, csv)
    } else {
        Err(ResourceError::UnknownFormat {
            path: path.to_path_buf(),
        })
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Access to the shipped weather file and a scratch directory for tests.
    use std::path::PathBuf;

    /// The shipped Greensboro TMY3 file.
    pub fn shipped_tmy3() -> PathBuf {
        PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/weather/723170TYA.CSV"
        ))
    }

    /// A fresh, empty directory for one test's files, removed when the value is dropped.
    pub fn temp_dir(test: &str) -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix(&format!("zcpark-resource-{test}-"))
            .tempdir()
            .expect("create temp dir")
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{shipped_tmy3, temp_dir};
    use super::*;

    #[test]
    fn autodetects_tmy3() {
        let w = read_weather(&shipped_tmy3()).expect("read");
        assert_eq!(w.format, WeatherFormat::Tmy3);
        assert_eq!(w.ghi_w_per_m2.len(), HOURS_PER_YEAR);
    }

    #[test]
    fn unknown_format_is_reported() {
        let dir = temp_dir("unknown");
        let path = dir.path().join("x.txt");
        std::fs::write(&path, "hello\nworld\n").expect("write");
        let err = read_weather(&path).expect_err("must fail");
        assert!(err.to_string().contains("x.txt"), "{err}");
    }

    #[test]
    fn utc_rotation_moves_rows_and_relabels() {
        let w = read_tmy3(&shipped_tmy3()).expect("read");
        let utc = w.clone().with_utc_offset(0.0).expect("rotate");
        // Local (UTC-5) row 0 covers 00:00-01:00 local = 05:00-06:00 UTC = UTC row 5.
        assert_eq!(utc.air_temp_c[5], w.air_temp_c[0]);
        assert_eq!(utc.stamps[0].hour, 1);
        assert_eq!((utc.stamps[8759].month, utc.stamps[8759].day), (12, 31));
        // The instant of each row is unchanged by the relabelling.
        let jd_local = w.interval_start_julian_day(100);
        let jd_utc = utc.interval_start_julian_day(105);
        assert!((jd_local - jd_utc).abs() < 1e-9);
        assert!(w.with_utc_offset(5.5).is_err());
    }
}
