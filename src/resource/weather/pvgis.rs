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

use super::super::csv_fields::split_csv_line;
use super::fields::{self, Observation, Row};
use super::{HourStamp, ResourceError, Site, TimeConvention, Weather, WeatherFormat};

const TIME: &str = "time(UTC)";
const TEMP: &str = "T2m";
const GHI: &str = "G(h)";
const DNI: &str = "Gb(n)";
const DHI: &str = "Gd(h)";
const WIND: &str = "WS10m";
const PRESSURE: &str = "SP";

/// Reads a PVGIS TMY CSV file. Times stay in UTC
/// ([`Site::utc_offset_h`] = 0); use [`Weather::with_utc_offset`] to move
/// the year to local time. Pressure `SP` is in Pa, wind `WS10m` at 10 m.
///
/// # Errors
/// [`ResourceError`] naming the file, line and column for missing
/// latitude/longitude/elevation lines, a missing header or column, a
/// non-numeric field, a malformed time, or a row count other than 8760.
pub fn read_pvgis(path: &Path) -> Result<Weather, ResourceError> {
    parse_pvgis(path, &fields::read_text(path)?)
}

/// Parses the text of a PVGIS TMY CSV file read from `path`.
pub(super) fn parse_pvgis(path: &Path, text: &str) -> Result<Weather, ResourceError> {
    let lines: Vec<&str> = text.lines().collect();
    let header_at = lines
        .iter()
        .position(|l| l.starts_with(TIME))
        .ok_or_else(|| ResourceError::MissingColumn {
            path: path.to_path_buf(),
            line: 0,
            column: TIME.into(),
        })?;
    let meta = |key: &str| -> Result<f64, ResourceError> {
        let (k, line) = lines[..header_at]
            .iter()
            .enumerate()
            .find(|(_, l)| l.starts_with(key))
            .ok_or_else(|| ResourceError::BadMetadata {
                path: path.to_path_buf(),
                line: 0,
                what: format!("no \"{key}\" line before the header"),
            })?;
        let value = line[key.len()..]
            .trim_start_matches([',', ' ', '\t'])
            .trim();
        value
            .split(',')
            .next()
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .ok_or_else(|| ResourceError::BadMetadata {
                path: path.to_path_buf(),
                line: k + 1,
                what: format!("\"{key}\" is followed by \"{value}\", not a number"),
            })
    };
    let latitude_deg = meta("Latitude (decimal degrees):")?;
    let longitude_deg = meta("Longitude (decimal degrees):")?;
    let elevation_m = meta("Elevation (m):")?;

    let header = split_csv_line(lines[header_at]);
    let header_line = header_at + 1;
    let col = |name: &str| fields::column_index(path, &header, header_line, name);
    let (i_time, i_temp, i_ghi, i_dni) = (col(TIME)?, col(TEMP)?, col(GHI)?, col(DNI)?);
    let (i_dhi, i_wind, i_pressure) = (col(DHI)?, col(WIND)?, col(PRESSURE)?);

    let mut obs = Vec::with_capacity(8784);
    for (k, line) in lines.iter().enumerate().skip(header_at + 1) {
        // Data end where the notes begin: the first line not opening with a digit.
        if !line.starts_with(|c: char| c.is_ascii_digit()) {
            break;
        }
        let row = Row {
            path,
            line: k + 1,
            fields: split_csv_line(line),
        };
        obs.push(Observation {
            stamp: stamp(&row, i_time)?,
            ghi: row.number(i_ghi, GHI)?,
            dni: row.number(i_dni, DNI)?,
            dhi: row.number(i_dhi, DHI)?,
            temp_c: row.number(i_temp, TEMP)?,
            wind_m_per_s: row.number(i_wind, WIND)?,
            pressure_pa: Some(row.number(i_pressure, PRESSURE)?),
        });
    }
    let year = fields::assemble_year(path, obs)?;
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
fn stamp(row: &Row, i_time: usize) -> Result<HourStamp, ResourceError> {
    const FMT: &str = "a UTC time YYYYMMDD:HHMM";
    let text = row.text(i_time, TIME)?;
    let bad = || row.bad_time(i_time, TIME, FMT);
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
        let path = dir.join("tmy_36.100_-79.950.csv");
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
        let path = dir.join("broken.csv");
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
        let mut f = split_csv_line(&lines[header + 100]);
        f[1] = "warm".into();
        lines[header + 100] = f.join(",");
        write(&lines);
        let msg = read_pvgis(&path).expect_err("text").to_string();
        let expected = format!(
            "broken.csv: line {}, column \"T2m\": expected a number, got \"warm\"",
            header + 101
        );
        assert!(msg.contains(&expected), "{msg}");

        let mut lines = good.clone();
        lines[header] = lines[header].replace("Gd(h)", "Gd");
        write(&lines);
        let msg = read_pvgis(&path).expect_err("column").to_string();
        assert!(
            msg.contains(&format!("line {}: missing column \"Gd(h)\"", header + 1)),
            "{msg}"
        );

        let mut lines = good.clone();
        lines.drain(header + 1..header + 25);
        write(&lines);
        let msg = read_pvgis(&path).expect_err("short").to_string();
        assert!(msg.contains("found 8736"), "{msg}");

        let mut lines = good.clone();
        lines[header + 3] = lines[header + 3].replacen(":02", ":2x", 1);
        write(&lines);
        let msg = read_pvgis(&path).expect_err("time").to_string();
        assert!(
            msg.contains("column \"time(UTC)\": expected a UTC time"),
            "{msg}"
        );

        let lines: Vec<String> = good
            .into_iter()
            .filter(|l| !l.starts_with("Elevation"))
            .collect();
        write(&lines);
        let msg = read_pvgis(&path).expect_err("metadata").to_string();
        assert!(msg.contains("Elevation (m):"), "{msg}");
    }
}
