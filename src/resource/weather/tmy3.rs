//! Reader for NREL TMY3 CSV files (Wilcox & Marion 2008, *Users Manual for
//! TMY3 Data Sets*, NREL/TP-581-43156).
//!
//! Line 1: `USAF,"name",state,utc_offset_h,latitude,longitude,elevation_m`.
//! Line 2: column header. Lines 3..: 8760 hourly rows, local standard time,
//! hour-ending (`01:00` describes 00:00–01:00, `24:00` the last hour of a day).

use std::path::Path;

use super::fields::{self, measured, MissingCodes, Observation, Quantity};
use super::{HourStamp, ResourceError, Site, TimeConvention, Weather, WeatherFormat};
use crate::csv_input::{CsvError, CsvText, Location, Record, Table};

const DATE: &str = "Date (MM/DD/YYYY)";
const TIME: &str = "Time (HH:MM)";
const GHI: &str = "GHI (W/m^2)";
const DNI: &str = "DNI (W/m^2)";
const DHI: &str = "DHI (W/m^2)";
const TEMP: &str = "Dry-bulb (C)";
const PRESSURE: &str = "Pressure (mbar)";
const WIND: &str = "Wspd (m/s)";

/// TMY3's missing-data code −9900 (Wilcox & Marion 2008, section 3), and −9999, which
/// converted files use.
const MISSING: MissingCodes = MissingCodes {
    format: "TMY3",
    codes: &[-9900.0, -9999.0],
};

/// Reads an NREL TMY3 CSV file. Pressure (mbar in the file) is returned in Pa;
/// wind speed is at 10 m.
///
/// # Errors
/// [`ResourceError`] naming the file, line and column for unreadable
/// metadata or site fields outside the Earth's ranges, a missing column, a row of the
/// wrong length, a non-numeric field, a value outside its physical range (the
/// missing-data code −9900 among them, in any field read), a bad date or time, a row out
/// of the hour-by-hour sequence from 1 January (an hour missing, repeated or out of
/// order), or a row count other than 8760 (29 February, if present, is dropped).
pub fn read_tmy3(path: &Path) -> Result<Weather, ResourceError> {
    parse_tmy3(path, &CsvText::read(path)?)
}

/// Parses the records of a TMY3 file read from `path`.
pub(super) fn parse_tmy3(path: &Path, csv: &CsvText) -> Result<Weather, ResourceError> {
    let mut records = csv.records().into_iter();
    let missing = |what: &str| {
        CsvError::invalid(
            Location::file(csv.file()),
            "a TMY3 file: a station line, a header line, then hourly rows",
            format!("no {what}"),
        )
    };
    let meta = records.next().ok_or_else(|| missing("station line"))?;
    let site = Site {
        name: meta.get(1).unwrap_or("").to_string(),
        utc_offset_h: measured(
            &meta,
            3,
            "station field 4: UTC offset, h",
            fields::UTC_OFFSET,
            MISSING,
        )?,
        latitude_deg: measured(
            &meta,
            4,
            "station field 5: latitude",
            fields::LATITUDE,
            MISSING,
        )?,
        longitude_deg: measured(
            &meta,
            5,
            "station field 6: longitude",
            fields::LONGITUDE,
            MISSING,
        )?,
        elevation_m: measured(
            &meta,
            6,
            "station field 7: elevation, m",
            fields::ELEVATION,
            MISSING,
        )?,
    };
    let header = records.next().ok_or_else(|| missing("header line"))?;
    let table = Table::new(header, records.collect())?;
    let (i_date, i_time) = (table.column(DATE)?, table.column(TIME)?);
    let (i_ghi, i_dni, i_dhi) = (table.column(GHI)?, table.column(DNI)?, table.column(DHI)?);
    let (i_temp, i_wind) = (table.column(TEMP)?, table.column(WIND)?);
    let i_pressure = table.column(PRESSURE).ok();

    let value = |row: &Record, i: usize, column: &str, quantity: Quantity| {
        measured(row, i, column, quantity, MISSING)
    };
    let mut obs = Vec::with_capacity(8784);
    for row in table.rows() {
        obs.push(Observation {
            line: row.line(),
            stamp: stamp(row, i_date, i_time)?,
            ghi: value(row, i_ghi, GHI, fields::IRRADIANCE)?,
            dni: value(row, i_dni, DNI, fields::IRRADIANCE)?,
            dhi: value(row, i_dhi, DHI, fields::IRRADIANCE)?,
            temp_c: value(row, i_temp, TEMP, fields::AIR_TEMPERATURE)?,
            wind_m_per_s: value(row, i_wind, WIND, fields::WIND_SPEED)?,
            pressure_pa: match i_pressure {
                Some(i) => Some(value(row, i, PRESSURE, fields::PRESSURE_MBAR)? * 100.0),
                None => None,
            },
        });
    }
    let year = fields::assemble_year(path, csv.file(), obs, 1)?;
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

fn stamp(row: &Record, i_date: usize, i_time: usize) -> Result<HourStamp, CsvError> {
    const DATE_FMT: &str = "a date MM/DD/YYYY";
    const TIME_FMT: &str = "an hour-ending time 01:00..24:00";
    let date = row.text(i_date, DATE)?;
    let parts: Vec<&str> = date.split('/').collect();
    if parts.len() != 3 {
        return Err(row.invalid(i_date, DATE, DATE_FMT, ""));
    }
    let month = fields::int_part(row, i_date, DATE, parts[0], DATE_FMT, 1..=12)?;
    let day = fields::int_part(row, i_date, DATE, parts[1], DATE_FMT, 1..=31)?;
    let year = fields::int_part(row, i_date, DATE, parts[2], DATE_FMT, 1..=9999)?;
    let time = row.text(i_time, TIME)?;
    let hour = match time.split_once(':') {
        Some((h, "00")) => fields::int_part(row, i_time, TIME, h, TIME_FMT, 1..=24)?,
        _ => return Err(row.invalid(i_time, TIME, TIME_FMT, "")),
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

    /// The fields of a data line of the shipped file (which quotes nothing after line 1).
    fn split(line: &str) -> Vec<String> {
        line.split(',').map(str::to_string).collect()
    }

    fn write(dir: &Path, lines: &[String]) -> std::path::PathBuf {
        let path = dir.join("broken.csv");
        std::fs::write(&path, lines.join("\n")).expect("write");
        path
    }

    /// The shipped file with field `index` of line `line` (1-based) set to `value`.
    fn with_field(dir: &Path, line: usize, index: usize, value: &str) -> std::path::PathBuf {
        let mut lines = shipped_lines();
        let mut f = split(&lines[line - 1]);
        f[index] = value.into();
        lines[line - 1] = f.join(",");
        write(dir, &lines)
    }

    #[test]
    fn text_in_number_field_names_file_line_column() {
        let dir = temp_dir("tmy3-text");
        // GHI is the 5th field.
        let err = read_tmy3(&with_field(dir.path(), 57, 4, "abc")).expect_err("must fail");
        let msg = err.to_string();
        assert!(
            msg.ends_with(
                "broken.csv: line 57, column \"GHI (W/m^2)\": must be a finite number, got \"abc\""
            ),
            "{msg}"
        );
    }

    #[test]
    fn missing_data_codes_are_refused_in_every_field_read() {
        let dir = temp_dir("tmy3-codes");
        // (field index, column, code, line) over every measured field the reader uses.
        for (index, column, code, line) in [
            (31, TEMP, "-9900", 3975),
            (4, GHI, "-9900", 3000),
            (7, DNI, "-9999", 4000),
            (10, DHI, "-9900", 5000),
            (46, WIND, "-9900", 100),
            (40, PRESSURE, "-9999", 8762),
        ] {
            let msg = read_tmy3(&with_field(dir.path(), line, index, code))
                .expect_err(column)
                .to_string();
            let expected =
                format!("broken.csv: line {line}, column \"{column}\": must be a value in [");
            assert!(msg.contains(&expected), "{msg}");
            assert!(
                msg.ends_with(&format!("got \"{code}\" (the TMY3 missing-data code)")),
                "{msg}"
            );
        }
        let msg = read_tmy3(&with_field(dir.path(), 10, 46, "250"))
            .expect_err("wind 250 m/s")
            .to_string();
        assert!(
            msg.contains("line 10, column \"Wspd (m/s)\": must be a value in [0, 100] m/s, got \"250\" (outside the physical range)"),
            "{msg}"
        );
    }

    #[test]
    fn missing_column_is_named() {
        let dir = temp_dir("tmy3-missing");
        let mut lines = shipped_lines();
        lines[1] = lines[1].replace("Wspd (m/s)", "Wind");
        let msg = read_tmy3(&write(dir.path(), &lines))
            .expect_err("must fail")
            .to_string();
        assert!(
            msg.contains("broken.csv: line 2: must be a header with the column \"Wspd (m/s)\", got the columns Date (MM/DD/YYYY), Time (HH:MM)"),
            "{msg}"
        );
    }

    #[test]
    fn short_year_is_rejected() {
        let dir = temp_dir("tmy3-short");
        let mut lines = shipped_lines();
        lines.truncate(2 + 8000);
        let msg = read_tmy3(&write(dir.path(), &lines))
            .expect_err("must fail")
            .to_string();
        assert!(
            msg.contains("broken.csv: expected 8760 hourly rows"),
            "{msg}"
        );
        assert!(msg.contains("found 8000"), "{msg}");
    }

    /// A row repeated, a row dropped, two rows swapped: each is refused at the first row
    /// out of sequence (all were read, and every later value sat an hour off).
    #[test]
    fn rows_out_of_sequence_are_refused_at_their_line() {
        let dir = temp_dir("tmy3-sequence");
        // Data rows start on line 3; line 103 is 01/05 05:00 (hour 101 of the year).
        let mut swapped = shipped_lines();
        swapped.swap(102, 103);
        let mut repeated = shipped_lines();
        repeated[103] = repeated[102].clone();
        let mut dropped = shipped_lines();
        dropped.remove(102);
        let dup = dropped[500].clone();
        dropped.insert(500, dup);
        for (lines, found, why) in [
            (swapped, "01-05 hour 6", "the hours before it are missing"),
            (repeated, "01-05 hour 5", "an hour already read"),
            (dropped, "01-05 hour 6", "the hours before it are missing"),
        ] {
            let msg = read_tmy3(&write(dir.path(), &lines))
                .expect_err("out of sequence")
                .to_string();
            let line = if why.starts_with("an hour") { 104 } else { 103 };
            assert!(
                msg.contains(&format!("broken.csv: line {line}: must be 01-05 hour")),
                "{msg}"
            );
            assert!(msg.contains(&format!("got {found} ({why}")), "{msg}");
        }
    }

    /// Site fields outside the Earth's ranges (a latitude of 95°, the −9999 code as an
    /// elevation) are refused: they gave a PV profile of 1,310 full-load hours instead of
    /// 1,652.
    #[test]
    fn impossible_site_fields_are_refused() {
        let dir = temp_dir("tmy3-site");
        for (index, value, column, expected) in [
            (
                4,
                "95.0",
                "station field 5: latitude",
                "a value in [-90, 90] ° north",
            ),
            (
                5,
                "-279.95",
                "station field 6: longitude",
                "a value in [-180, 180] ° east",
            ),
            (
                3,
                "30",
                "station field 4: UTC offset, h",
                "a value in [-12, 14] h from UTC",
            ),
            (
                6,
                "-9999",
                "station field 7: elevation, m",
                "a value in [-450, 8850] m",
            ),
        ] {
            let msg = read_tmy3(&with_field(dir.path(), 1, index, value))
                .expect_err("out of range")
                .to_string();
            assert!(
                msg.contains(&format!(
                    "line 1, column \"{column}\": must be {expected}, got \"{value}\""
                )),
                "{msg}"
            );
        }
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
                let mut f = split(&lines[pos]);
                f[0] = "02/29/1996".into();
                f[1] = format!("{h:02}:00");
                f[4] = "1999".into();
                f.join(",")
            })
            .collect();
        lines.splice(pos + 1..pos + 1, extra);
        let w = read_tmy3(&write(dir.path(), &lines)).expect("leap year accepted");
        assert_eq!(w.ghi_w_per_m2.len(), 8760);
        assert!(w.ghi_w_per_m2.iter().all(|&g| g < 1999.0));
        // The leap year with an hour of 1 March missing (8783 rows) is refused at that hour,
        // not at its first 29 February row.
        let march = lines
            .iter()
            .position(|l| l.starts_with("03/01/") && l.contains(",05:00,"))
            .expect("1 March 05:00 present");
        lines.remove(march);
        let msg = read_tmy3(&write(dir.path(), &lines))
            .expect_err("an hour missing")
            .to_string();
        assert!(
            msg.contains(&format!("line {}: must be 03-01 hour 5", march + 1)),
            "{msg}"
        );
    }

    #[test]
    fn bad_time_is_reported() {
        let dir = temp_dir("tmy3-time");
        let mut lines = shipped_lines();
        lines[10] = lines[10].replacen(",09:00,", ",9h,", 1);
        let msg = read_tmy3(&write(dir.path(), &lines))
            .expect_err("must fail")
            .to_string();
        assert!(
            msg.contains("line 11, column \"Time (HH:MM)\": must be an hour-ending time 01:00..24:00, got \"9h\""),
            "{msg}"
        );
    }

    #[test]
    fn a_spreadsheet_copy_reads_the_same_values() {
        // Saved again by a spreadsheet in a decimal-comma locale: BOM, CRLF, ';', "0,5".
        let dir = temp_dir("tmy3-excel");
        let lines: Vec<String> = shipped_lines()
            .iter()
            .enumerate()
            .map(|(k, line)| {
                if k == 0 {
                    return line.replace(',', ";").replace('.', ",");
                }
                split(line)
                    .iter()
                    .map(|f| f.replace('.', ","))
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .collect();
        let path = dir.path().join("excel.csv");
        std::fs::write(&path, format!("\u{feff}{}\r\n", lines.join("\r\n"))).expect("write");
        let excel = read_tmy3(&path).expect("read the spreadsheet copy");
        let plain = read_tmy3(&shipped_tmy3()).expect("read");
        assert_eq!(excel.site, plain.site);
        assert_eq!(excel.air_temp_c, plain.air_temp_c);
        assert_eq!(excel.ghi_w_per_m2, plain.ghi_w_per_m2);
        assert_eq!(excel.wind_speed_m_per_s, plain.wind_speed_m_per_s);
        assert_eq!(excel.pressure_pa, plain.pressure_pa);
    }
}
