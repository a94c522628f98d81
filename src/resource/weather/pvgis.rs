//! Reader for PVGIS typical-meteorological-year CSV files (European
//! Commission JRC, PVGIS 5 "TMY" tool, CSV output).
//!
//! Metadata lines `Latitude (decimal degrees):`, `Longitude (decimal
//! degrees):` and `Elevation (m):` come first, then (in some versions) the
//! months selected, then the header
//! `time(UTC),T2m,RH,G(h),Gb(n),Gd(h),IR(h),WS10m,WD10m,SP`, 8760 rows whose
//! time is `YYYYMMDD:HHMM` in UTC, and a few lines of notes.
//!
//! The minutes of a PVGIS time stamp give the satellite scan time within the
//! hour; each row is taken to describe the hour that begins at `HH:00` UTC.

use std::path::Path;

use super::fields::{self, measured, MissingCodes, Observation, Quantity};
use super::{HourStamp, ResourceError, Site, TimeConvention, Weather, WeatherFormat};
use crate::csv_input::{CsvError, CsvText, Location, Record, Table};

const TIME: &str = "time(UTC)";
const TEMP: &str = "T2m";
const GHI: &str = "G(h)";
const DNI: &str = "Gb(n)";
const DHI: &str = "Gd(h)";
const WIND: &str = "WS10m";
const PRESSURE: &str = "SP";

/// PVGIS documents no missing-data code (its years are complete); a value outside the
/// physical range is refused all the same.
const MISSING: MissingCodes = MissingCodes {
    format: "PVGIS",
    codes: &[],
};

/// Reads a PVGIS TMY CSV file. Times stay in UTC
/// ([`Site::utc_offset_h`] = 0); use [`Weather::with_utc_offset`] to move
/// the year to local time. Pressure `SP` is in Pa, wind `WS10m` at 10 m.
///
/// # Errors
/// [`ResourceError`] naming the file, line and column for missing
/// latitude/longitude/elevation lines or values outside the Earth's ranges, a missing
/// header or column, a row of the wrong length, a non-numeric field, a value outside its
/// physical range, a malformed time, a row out of the hour-by-hour sequence from 1 January
/// 00:00 UTC, or a row count other than 8760 (29 February, if present, is dropped).
pub fn read_pvgis(path: &Path) -> Result<Weather, ResourceError> {
    parse_pvgis(path, &CsvText::read(path)?)
}

/// Parses the records of a PVGIS TMY CSV file read from `path`.
pub(super) fn parse_pvgis(path: &Path, csv: &CsvText) -> Result<Weather, ResourceError> {
    let records = csv.records();
    let header_at = records
        .iter()
        .position(|r| r.get(0) == Some(TIME))
        .ok_or_else(|| {
            CsvError::invalid(
                Location::file(csv.file()),
                format!("a PVGIS TMY file with a header line starting {TIME}"),
                "no such line",
            )
        })?;
    let meta = |key: &str, quantity: Quantity| -> Result<f64, CsvError> {
        let line = records[..header_at]
            .iter()
            .find(|r| r.get(0).is_some_and(|f| f.starts_with(key)))
            .ok_or_else(|| {
                CsvError::invalid(
                    Location::file(csv.file()),
                    format!("a PVGIS TMY file with a \"{key}\" line before the header"),
                    "no such line",
                )
            })?;
        // `Latitude (decimal degrees):,36.1` or `Latitude (decimal degrees): 36.1`.
        let rest = line.get(0).unwrap_or("")[key.len()..].trim();
        if rest.is_empty() {
            measured(line, 1, key, quantity, MISSING)
        } else {
            let value = line.parse(rest, key)?;
            if (quantity.min..=quantity.max).contains(&value) {
                Ok(value)
            } else {
                Err(CsvError::invalid(
                    Location::cell(csv.file(), line.line(), key),
                    format!(
                        "a value in [{}, {}] {}",
                        quantity.min, quantity.max, quantity.unit
                    ),
                    format!("\"{rest}\" (outside the physical range)"),
                ))
            }
        }
    };
    let latitude_deg = meta("Latitude (decimal degrees):", fields::LATITUDE)?;
    let longitude_deg = meta("Longitude (decimal degrees):", fields::LONGITUDE)?;
    let elevation_m = meta("Elevation (m):", fields::ELEVATION)?;

    // Data end where the notes begin: the first record not opening with a digit.
    let rows: Vec<Record> = records[header_at + 1..]
        .iter()
        .take_while(|r| {
            r.get(0)
                .is_some_and(|f| f.starts_with(|c: char| c.is_ascii_digit()))
        })
        .copied()
        .collect();
    let table = Table::new(records[header_at], rows)?;
    let (i_time, i_temp, i_ghi) = (table.column(TIME)?, table.column(TEMP)?, table.column(GHI)?);
    let (i_dni, i_dhi) = (table.column(DNI)?, table.column(DHI)?);
    let (i_wind, i_pressure) = (table.column(WIND)?, table.column(PRESSURE)?);

    let value = |row: &Record, i: usize, column: &str, quantity: Quantity| {
        measured(row, i, column, quantity, MISSING)
    };
    let mut obs = Vec::with_capacity(8784);
    for row in table.rows() {
        obs.push(Observation {
            line: row.line(),
            stamp: stamp(row, i_time)?,
            ghi: value(row, i_ghi, GHI, fields::IRRADIANCE)?,
            dni: value(row, i_dni, DNI, fields::IRRADIANCE)?,
            dhi: value(row, i_dhi, DHI, fields::IRRADIANCE)?,
            temp_c: value(row, i_temp, TEMP, fields::AIR_TEMPERATURE)?,
            wind_m_per_s: value(row, i_wind, WIND, fields::WIND_SPEED)?,
            pressure_pa: Some(value(row, i_pressure, PRESSURE, fields::PRESSURE_PA)?),
        });
    }
    let year = fields::assemble_year(path, csv.file(), obs, 0)?;
    Ok(Weather {
        source: path.to_path_buf(),
        format: WeatherFormat::Pvgis,
        site: Site {
            name: String::new(),
            latitude_deg,
            longitude_deg,
            elevation_m,
            utc_offset_h: 0.0,
        },
        time_convention: TimeConvention::HourBeginning,
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

/// Parses `YYYYMMDD:HHMM`.
fn stamp(row: &Record, i_time: usize) -> Result<HourStamp, CsvError> {
    const FMT: &str = "a UTC time YYYYMMDD:HHMM";
    let text = row.text(i_time, TIME)?;
    let bad = || row.invalid(i_time, TIME, FMT, "");
    let (date, time) = text.split_once(':').ok_or_else(bad)?;
    if date.len() != 8 || time.len() != 4 || !date.is_ascii() || !time.is_ascii() {
        return Err(bad());
    }
    let part = |s: &str, range| fields::int_part(row, i_time, TIME, s, FMT, range);
    part(&time[2..], 0..=59)?;
    // Ranges are checked by `part`, so the narrowing casts are exact.
    Ok(HourStamp {
        year: part(&date[..4], 1..=9999)?,
        month: part(&date[4..6], 1..=12)? as u8,
        day: part(&date[6..], 1..=31)? as u8,
        hour: part(&time[..2], 0..=23)? as u8,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{shipped_tmy3, temp_dir};
    use super::super::{read_tmy3, read_weather};
    use super::*;

    /// Writes `w` (local standard time, hour-ending) in PVGIS TMY layout, in
    /// UTC with hour-beginning stamps, wrapping the year as PVGIS does.
    fn write_pvgis_fixture(w: &Weather, path: &Path) {
        let mut out = format!(
            "Latitude (decimal degrees):,{}\nLongitude (decimal degrees):,{}\nElevation (m):,{}\n",
            w.site.latitude_deg, w.site.longitude_deg, w.site.elevation_m
        );
        out.push_str("month,year\n");
        for m in 1..=12 {
            out.push_str(&format!("{m},2010\n"));
        }
        out.push_str("time(UTC),T2m,RH,G(h),Gb(n),Gd(h),IR(h),WS10m,WD10m,SP\n");
        let utc = w.clone().with_utc_offset(0.0).expect("rotate to UTC");
        let pressure = utc.pressure_pa.as_ref().expect("fixture has pressure");
        for (i, s) in utc.stamps.iter().enumerate() {
            out.push_str(&format!(
                "{:04}{:02}{:02}:{:02}10,{},70.0,{},{},{},300.0,{},180.0,{}\n",
                s.year,
                s.month,
                s.day,
                s.hour - 1,
                utc.air_temp_c[i],
                utc.ghi_w_per_m2[i],
                utc.dni_w_per_m2[i],
                utc.dhi_w_per_m2[i],
                utc.wind_speed_m_per_s[i],
                pressure[i]
            ));
        }
        out.push_str("T2m: 2-m air temperature (degree Celsius)\nG(h): Global irradiance on the horizontal plane (W/m2)\n\nPVGIS (c) European Union, 2001-2024\n");
        std::fs::write(path, out).expect("write PVGIS fixture");
    }

    #[test]
    fn pvgis_fixture_round_trips_tmy3_values() {
        let tmy = read_tmy3(&shipped_tmy3()).expect("read TMY3");
        let dir = temp_dir("pvgis-roundtrip");
        let path = dir.path().join("tmy_36.100_-79.950.csv");
        write_pvgis_fixture(&tmy, &path);
        let pv = read_weather(&path).expect("read PVGIS");
        assert_eq!(pv.format, WeatherFormat::Pvgis);
        assert_eq!(pv.time_convention, TimeConvention::HourBeginning);
        assert_eq!(pv.site.latitude_deg, 36.1);
        assert_eq!(pv.site.longitude_deg, -79.95);
        assert_eq!(pv.site.elevation_m, 273.0);
        assert_eq!(pv.site.utc_offset_h, 0.0);
        // Same instants: UTC row 5 is local (UTC-5) row 0.
        assert_eq!(pv.ghi_w_per_m2[5 + 12], tmy.ghi_w_per_m2[12]);
        assert!(
            (pv.interval_start_julian_day(17) - tmy.interval_start_julian_day(12)).abs() < 1e-9
        );
        let local = pv.with_utc_offset(-5.0).expect("rotate");
        assert_eq!(local.ghi_w_per_m2, tmy.ghi_w_per_m2);
        assert_eq!(local.dni_w_per_m2, tmy.dni_w_per_m2);
        assert_eq!(local.dhi_w_per_m2, tmy.dhi_w_per_m2);
        assert_eq!(local.air_temp_c, tmy.air_temp_c);
        assert_eq!(local.wind_speed_m_per_s, tmy.wind_speed_m_per_s);
        assert_eq!(local.pressure_pa, tmy.pressure_pa);
        for i in [0, 4000, 8759] {
            assert!(
                (local.interval_start_julian_day(i) - tmy.interval_start_julian_day(i)).abs()
                    < 1e-9
            );
        }
    }

    #[test]
    fn pvgis_errors_name_line_and_column() {
        let tmy = read_tmy3(&shipped_tmy3()).expect("read TMY3");
        let dir = temp_dir("pvgis-broken");
        let path = dir.path().join("broken.csv");
        write_pvgis_fixture(&tmy, &path);
        let good: Vec<String> = std::fs::read_to_string(&path)
            .expect("read")
            .lines()
            .map(str::to_string)
            .collect();
        let header = good
            .iter()
            .position(|l| l.starts_with("time(UTC)"))
            .expect("header");
        let write = |lines: &[String]| std::fs::write(&path, lines.join("\n")).expect("write");

        let mut lines = good.clone();
        let mut f: Vec<String> = lines[header + 100].split(',').map(str::to_string).collect();
        f[1] = "warm".into();
        lines[header + 100] = f.join(",");
        write(&lines);
        let msg = read_pvgis(&path).expect_err("text").to_string();
        let expected = format!(
            "broken.csv: line {}, column \"T2m\": must be a finite number, got \"warm\"",
            header + 101
        );
        assert!(msg.contains(&expected), "{msg}");

        let mut lines = good.clone();
        lines[header] = lines[header].replace("Gd(h)", "Gd");
        write(&lines);
        let msg = read_pvgis(&path).expect_err("column").to_string();
        assert!(
            msg.contains(&format!(
                "line {}: must be a header with the column \"Gd(h)\"",
                header + 1
            )),
            "{msg}"
        );

        // A day missing at the start: named at the first row out of sequence.
        let mut lines = good.clone();
        lines.drain(header + 1..header + 25);
        write(&lines);
        let msg = read_pvgis(&path).expect_err("short").to_string();
        assert!(
            msg.contains(&format!(
                "line {}: must be 01-01 hour 0 (hour 1 of the year)",
                header + 2
            )),
            "{msg}"
        );
        assert!(
            msg.contains("got 01-02 hour 0 (the hours before it are missing, or out of order)"),
            "{msg}"
        );
        // A day missing at the end: the year is short.
        let mut lines = good.clone();
        lines.drain(header + 1 + 8736..header + 1 + 8760);
        write(&lines);
        let msg = read_pvgis(&path).expect_err("short").to_string();
        assert!(msg.contains("found 8736"), "{msg}");

        let mut lines = good.clone();
        lines[header + 3] = lines[header + 3].replacen(":02", ":2x", 1);
        write(&lines);
        let msg = read_pvgis(&path).expect_err("time").to_string();
        assert!(
            msg.contains(
                "column \"time(UTC)\": must be a UTC time YYYYMMDD:HHMM, got \"19800101:2x10\""
            ),
            "{msg}"
        );

        let mut lines = good.clone();
        let mut f: Vec<String> = lines[header + 200].split(',').map(str::to_string).collect();
        f[3] = "-9999".into();
        lines[header + 200] = f.join(",");
        write(&lines);
        let msg = read_pvgis(&path).expect_err("code").to_string();
        let expected = format!(
            "broken.csv: line {}, column \"G(h)\": must be a value in [-100, 2000] W/m², got \"-9999\" (outside the physical range)",
            header + 201
        );
        assert!(msg.ends_with(&expected), "{msg}");

        let lines: Vec<String> = good
            .into_iter()
            .filter(|l| !l.starts_with("Elevation"))
            .collect();
        write(&lines);
        let msg = read_pvgis(&path).expect_err("metadata").to_string();
        assert!(msg.contains("Elevation (m):"), "{msg}");
    }
}
