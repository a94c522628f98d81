//! Reader for NREL TMY3 CSV files (Wilcox & Marion 2008, *Users Manual for
//! TMY3 Data Sets*, NREL/TP-581-43156).
//!
//! Line 1: `USAF,"name",state,utc_offset_h,latitude,longitude,elevation_m`.
//! Line 2: column header. Lines 3..: 8760 hourly rows, local standard time,
//! hour-ending (`01:00` describes 00:00–01:00, `24:00` the last hour of a day).

use std::path::Path;

use super::super::csv_fields::split_csv_line;
use super::fields::{self, Observation, Row};
use super::{HourStamp, ResourceError, Site, TimeConvention, Weather, WeatherFormat};

const DATE: &str = "Date (MM/DD/YYYY)";
const TIME: &str = "Time (HH:MM)";
const GHI: &str = "GHI (W/m^2)";
const DNI: &str = "DNI (W/m^2)";
const DHI: &str = "DHI (W/m^2)";
const TEMP: &str = "Dry-bulb (C)";
const PRESSURE: &str = "Pressure (mbar)";
const WIND: &str = "Wspd (m/s)";

/// Reads an NREL TMY3 CSV file. Pressure (mbar in the file) is returned in Pa;
/// wind speed is at 10 m.
///
/// # Errors
/// [`ResourceError`] naming the file, line and column for unreadable
/// metadata, a missing column, a non-numeric field, a bad date or time, or
/// a row count other than 8760 (8784 with 29 February is accepted).
pub fn read_tmy3(path: &Path) -> Result<Weather, ResourceError> {
    parse_tmy3(path, &fields::read_text(path)?)
}

/// Parses the text of a TMY3 file read from `path`.
pub(super) fn parse_tmy3(path: &Path, text: &str) -> Result<Weather, ResourceError> {
    let mut lines = text.lines();
    let meta = split_csv_line(lines.next().unwrap_or(""));
    let meta_number = |i: usize, what: &str| -> Result<f64, ResourceError> {
        meta.get(i)
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .ok_or_else(|| ResourceError::BadMetadata {
                path: path.to_path_buf(),
                line: 1,
                what: format!("station line: field {} ({what}) is not a number", i + 1),
            })
    };
    let site = Site {
        name: meta.get(1).cloned().unwrap_or_default(),
        utc_offset_h: meta_number(3, "UTC offset, h")?,
        latitude_deg: meta_number(4, "latitude")?,
        longitude_deg: meta_number(5, "longitude")?,
        elevation_m: meta_number(6, "elevation, m")?,
    };
    let header = split_csv_line(lines.next().unwrap_or(""));
    let col = |name: &str| fields::column_index(path, &header, 2, name);
    let (i_date, i_time) = (col(DATE)?, col(TIME)?);
    let (i_ghi, i_dni, i_dhi) = (col(GHI)?, col(DNI)?, col(DHI)?);
    let (i_temp, i_wind) = (col(TEMP)?, col(WIND)?);
    let i_pressure = col(PRESSURE).ok();

    let mut obs = Vec::with_capacity(8784);
    for (k, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row = Row {
            path,
            line: k + 3,
            fields: split_csv_line(line),
        };
        obs.push(Observation {
            stamp: stamp(&row, i_date, i_time)?,
            ghi: row.number(i_ghi, GHI)?,
            dni: row.number(i_dni, DNI)?,
            dhi: row.number(i_dhi, DHI)?,
            temp_c: row.number(i_temp, TEMP)?,
            wind_m_per_s: row.number(i_wind, WIND)?,
            pressure_pa: match i_pressure {
                Some(i) => Some(row.number(i, PRESSURE)? * 100.0),
                None => None,
            },
        });
    }
    let year = fields::assemble_year(path, obs)?;
    Ok(Weather {
        source: path.to_path_buf(),
        format: WeatherFormat::Tmy3,
        site,
        time_convention: TimeConvention::HourEnding,
        stamps: year.stamps,
        ghi_w_per_m2: year.ghi,
        dni_w_per_m2: year.dni,
        dhi_w_per_m2: year.dhi,
        air_temp_c: year.temp_c,
        wind_speed_m_per_s: year.wind,
        wind_height_m: 10.0,
        pressure_pa: year.pressure_pa,
    })
}

fn stamp(row: &Row, i_date: usize, i_time: usize) -> Result<HourStamp, ResourceError> {
    const DATE_FMT: &str = "a date MM/DD/YYYY";
    const TIME_FMT: &str = "an hour-ending time 01:00..24:00";
    let date = row.text(i_date, DATE)?;
    let parts: Vec<&str> = date.split('/').collect();
    if parts.len() != 3 {
        return Err(row.bad_time(i_date, DATE, DATE_FMT));
    }
    let month = fields::int_part(row, i_date, DATE, parts[0], DATE_FMT, 1..=12)?;
    let day = fields::int_part(row, i_date, DATE, parts[1], DATE_FMT, 1..=31)?;
    let year = fields::int_part(row, i_date, DATE, parts[2], DATE_FMT, 1..=9999)?;
    let time = row.text(i_time, TIME)?;
    let hour = match time.split_once(':') {
        Some((h, "00")) => fields::int_part(row, i_time, TIME, h, TIME_FMT, 1..=24)?,
        _ => return Err(row.bad_time(i_time, TIME, TIME_FMT)),
    };
    // Ranges were checked above, so the narrowing casts are exact.
    Ok(HourStamp {
        year,
        month: month as u8,
        day: day as u8,
        hour: hour as u8,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{shipped_tmy3, temp_dir};
    use super::*;

    #[test]
    fn reads_shipped_greensboro_file() {
        let w = read_tmy3(&shipped_tmy3()).expect("read shipped TMY3");
        assert_eq!(w.site.name, "GREENSBORO PIEDMONT TRIAD INT");
        assert_eq!(w.site.latitude_deg, 36.1);
        assert_eq!(w.site.longitude_deg, -79.95);
        assert_eq!(w.site.elevation_m, 273.0);
        assert_eq!(w.site.utc_offset_h, -5.0);
        assert_eq!(w.ghi_w_per_m2.len(), 8760);
        // First row: 01/01/1988,01:00, 10.0 C, 6.2 m/s, 993 mbar.
        assert_eq!(
            w.stamps[0],
            HourStamp {
                year: 1988,
                month: 1,
                day: 1,
                hour: 1
            }
        );
        assert_eq!(w.air_temp_c[0], 10.0);
        assert_eq!(w.wind_speed_m_per_s[0], 6.2);
        assert_eq!(w.pressure_pa.as_ref().map(|p| p[0]), Some(99_300.0));
        // Last row: 12/31/1980,24:00, 2.2 C.
        assert_eq!(w.stamps[8759].hour, 24);
        assert_eq!(w.air_temp_c[8759], 2.2);
        // A plausible annual GHI for North Carolina: 1.5-1.8 MWh/m².
        let ghi_kwh: f64 = w.ghi_w_per_m2.iter().sum::<f64>() / 1000.0;
        assert!((1500.0..1800.0).contains(&ghi_kwh), "{ghi_kwh}");
    }

    fn shipped_lines() -> Vec<String> {
        std::fs::read_to_string(shipped_tmy3())
            .expect("read")
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn write(dir: &Path, lines: &[String]) -> std::path::PathBuf {
        let path = dir.join("broken.csv");
        std::fs::write(&path, lines.join("\n")).expect("write");
        path
    }

    #[test]
    fn text_in_number_field_names_file_line_column() {
        let dir = temp_dir("tmy3-text");
        let mut lines = shipped_lines();
        // Line 57 of the file is index 56; GHI is the 5th field.
        let mut f = split_csv_line(&lines[56]);
        f[4] = "abc".into();
        lines[56] = f.join(",");
        let err = read_tmy3(&write(&dir, &lines)).expect_err("must fail");
        let msg = err.to_string();
        assert!(
            msg.contains(
                "broken.csv: line 57, column \"GHI (W/m^2)\": expected a number, got \"abc\""
            ),
            "{msg}"
        );
    }

    #[test]
    fn missing_column_is_named() {
        let dir = temp_dir("tmy3-missing");
        let mut lines = shipped_lines();
        lines[1] = lines[1].replace("Wspd (m/s)", "Wind");
        let msg = read_tmy3(&write(&dir, &lines))
            .expect_err("must fail")
            .to_string();
        assert!(
            msg.contains("broken.csv: line 2: missing column \"Wspd (m/s)\""),
            "{msg}"
        );
    }

    #[test]
    fn short_year_is_rejected() {
        let dir = temp_dir("tmy3-short");
        let mut lines = shipped_lines();
        lines.truncate(2 + 8000);
        let msg = read_tmy3(&write(&dir, &lines))
            .expect_err("must fail")
            .to_string();
        assert!(
            msg.contains("broken.csv: expected 8760 hourly rows"),
            "{msg}"
        );
        assert!(msg.contains("found 8000"), "{msg}");
    }

    #[test]
    fn leap_year_drops_february_29() {
        let dir = temp_dir("tmy3-leap");
        let mut lines = shipped_lines();
        // Insert a 29 February after 28 February 24:00 (1996 in this file).
        let pos = lines
            .iter()
            .position(|l| l.starts_with("02/28/1996,24:00"))
            .expect("28 Feb 24:00 present");
        let extra: Vec<String> = (1..=24)
            .map(|h| {
                let mut f = split_csv_line(&lines[pos]);
                f[0] = "02/29/1996".into();
                f[1] = format!("{h:02}:00");
                f[4] = "9999".into();
                f.join(",")
            })
            .collect();
        lines.splice(pos + 1..pos + 1, extra);
        let w = read_tmy3(&write(&dir, &lines)).expect("leap year accepted");
        assert_eq!(w.ghi_w_per_m2.len(), 8760);
        assert!(w.ghi_w_per_m2.iter().all(|&g| g < 9999.0));
    }

    #[test]
    fn bad_time_is_reported() {
        let dir = temp_dir("tmy3-time");
        let mut lines = shipped_lines();
        lines[10] = lines[10].replacen(",09:00,", ",9h,", 1);
        let msg = read_tmy3(&write(&dir, &lines))
            .expect_err("must fail")
            .to_string();
        assert!(msg.contains("line 11, column \"Time (HH:MM)\""), "{msg}");
    }
}
