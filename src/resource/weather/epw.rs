//! Reader for EnergyPlus weather (EPW) files (*Auxiliary Programs*, EnergyPlus
//! documentation, chapter "Weather Converter Program", EPW data dictionary).
//!
//! Eight header lines; the first is
//! `LOCATION,city,state,country,source,WMO,latitude,longitude,utc_offset_h,elevation_m`.
//! Then one row per hour without a header: year, month, day, hour (1..24,
//! hour-ending, local standard time), minute, flags, dry-bulb °C, …,
//! station pressure Pa (field 10), …, GHI/DNI/DHI Wh/m² (fields 14–16), …,
//! wind speed m/s at 10 m (field 22).

use std::path::Path;

use super::fields::{self, measured, MissingCodes, Observation, Quantity};
use super::{HourStamp, ResourceError, Site, TimeConvention, Weather, WeatherFormat};
use crate::csv_input::{quoted, CsvError, CsvText, Location, Record};

/// 0-based field positions and names (EPW data dictionary, fields N1..N22).
const YEAR: (usize, &str) = (0, "Year");
const MONTH: (usize, &str) = (1, "Month");
const DAY: (usize, &str) = (2, "Day");
const HOUR: (usize, &str) = (3, "Hour");
const TEMP: (usize, &str) = (6, "Dry Bulb Temperature");
const PRESSURE: (usize, &str) = (9, "Atmospheric Station Pressure");
const GHI: (usize, &str) = (13, "Global Horizontal Radiation");
const DNI: (usize, &str) = (14, "Direct Normal Radiation");
const DHI: (usize, &str) = (15, "Diffuse Horizontal Radiation");
const WIND: (usize, &str) = (21, "Wind Speed");

/// The EPW data dictionary's missing-value codes of the fields read: 99.9 °C, 999999 Pa,
/// 9999 Wh/m², 999 m/s.
const MISSING: MissingCodes = MissingCodes {
    format: "EPW",
    codes: &[99.9, 999_999.0, 9999.0, 999.0],
};
/// Pressure at or above this is EPW's "missing" code.
const MISSING_PRESSURE_PA: f64 = 999_999.0;

/// Number of header lines before the first data row.
const HEADER_LINES: usize = 8;

/// Reads an EnergyPlus EPW weather file. Irradiation (Wh/m² per hour) is
/// returned as mean irradiance in W/m². Pressure is kept only when no hour
/// carries the missing-value code 999999.
///
/// # Errors
/// [`ResourceError`] naming the file, line and field for an unreadable
/// `LOCATION` line or site fields outside the Earth's ranges, a short row, a non-numeric
/// field, a value outside its physical range (among them the EPW missing-value codes in
/// irradiance (9999), temperature (99.9) or wind (999)), a row out of the hour-by-hour
/// sequence from 1 January, or a row count other than 8760 (29 February, if present, is
/// dropped).
pub fn read_epw(path: &Path) -> Result<Weather, ResourceError> {
    parse_epw(path, &CsvText::read(path)?)
}

/// Parses the records of an EPW file read from `path`.
pub(super) fn parse_epw(path: &Path, csv: &CsvText) -> Result<Weather, ResourceError> {
    let records = csv.records();
    let location = match records.first() {
        Some(first) if first.get(0) == Some("LOCATION") => first,
        other => {
            return Err(CsvError::invalid(
                Location::line(csv.file(), other.map_or(1, Record::line)),
                "the EPW LOCATION line",
                quoted(other.and_then(|r| r.get(0)).unwrap_or("")),
            )
            .into())
        }
    };
    let site = Site {
        name: location.get(1).unwrap_or("").to_string(),
        latitude_deg: measured(
            location,
            6,
            "LOCATION field 7: latitude",
            fields::LATITUDE,
            MISSING,
        )?,
        longitude_deg: measured(
            location,
            7,
            "LOCATION field 8: longitude",
            fields::LONGITUDE,
            MISSING,
        )?,
        utc_offset_h: measured(
            location,
            8,
            "LOCATION field 9: time zone, h from UTC",
            fields::UTC_OFFSET,
            MISSING,
        )?,
        elevation_m: measured(
            location,
            9,
            "LOCATION field 10: elevation, m",
            fields::ELEVATION,
            MISSING,
        )?,
    };
    let value = |row: &Record, (i, column): (usize, &str), quantity: Quantity| {
        measured(row, i, column, quantity, MISSING)
    };
    let mut obs = Vec::with_capacity(8784);
    for row in records.iter().skip(HEADER_LINES) {
        let pressure_pa = if row.number(PRESSURE.0, PRESSURE.1)? >= MISSING_PRESSURE_PA {
            None
        } else {
            Some(value(row, PRESSURE, fields::PRESSURE_PA)?)
        };
        obs.push(Observation {
            line: row.line(),
            stamp: stamp(row)?,
            ghi: value(row, GHI, fields::IRRADIANCE)?,
            dni: value(row, DNI, fields::IRRADIANCE)?,
            dhi: value(row, DHI, fields::IRRADIANCE)?,
            temp_c: value(row, TEMP, fields::AIR_TEMPERATURE)?,
            wind_m_per_s: value(row, WIND, fields::WIND_SPEED)?,
            pressure_pa,
        });
    }
    let year = fields::assemble_year(path, csv.file(), obs, 1)?;
    Ok(Weather {
        source: path.to_path_buf(),
        format: WeatherFormat::Epw,
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

fn stamp(row: &Record) -> Result<HourStamp, CsvError> {
    let part = |(i, name): (usize, &str), range| {
        let text = row.text(i, name)?;
        fields::int_part(row, i, name, text, "an integer date/time field", range)
    };
    // Ranges are checked by `part`, so the narrowing casts are exact.
    Ok(HourStamp {
        year: part(YEAR, 1..=9999)?,
        month: part(MONTH, 1..=12)? as u8,
        day: part(DAY, 1..=31)? as u8,
        hour: part(HOUR, 1..=24)? as u8,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::test_support::{shipped_tmy3, temp_dir};
    use super::super::{read_tmy3, read_weather};
    use super::*;

    /// Writes `w` (local-time, hour-ending data) in EPW layout.
    pub fn write_epw_fixture(w: &Weather, path: &Path) {
        let mut out = format!(
            "LOCATION,{},NC,USA,TMY3,723170,{:.3},{:.3},{:.1},{:.1}\n",
            w.site.name,
            w.site.latitude_deg,
            w.site.longitude_deg,
            w.site.utc_offset_h,
            w.site.elevation_m
        );
        for h in [
            "DESIGN CONDITIONS,0",
            "TYPICAL/EXTREME PERIODS,0",
            "GROUND TEMPERATURES,0",
            "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
            "COMMENTS 1,converted from TMY3 for a test",
            "COMMENTS 2,",
            "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
        ] {
            out.push_str(h);
            out.push('\n');
        }
        let pressure = w.pressure_pa.as_ref().expect("fixture has pressure");
        for (i, s) in w.stamps.iter().enumerate() {
            out.push_str(&format!(
                "{},{},{},{},60,?9?9?9?9E0?9?9?9?9?9?9?9?9?9?9?9?9?9?9?9*9*9?9?9?9,{:.1},0.0,50,{:.0},0,0,300,{:.0},{:.0},{:.0},0,0,0,0,180,{:.1},10,10,16.1,77777,9,999999999,10,0.1,0,88,0.2,0,0\n",
                s.year, s.month, s.day, s.hour,
                w.air_temp_c[i], pressure[i], w.ghi_w_per_m2[i], w.dni_w_per_m2[i], w.dhi_w_per_m2[i], w.wind_speed_m_per_s[i]
            ));
        }
        std::fs::write(path, out).expect("write EPW fixture");
    }

    #[test]
    fn epw_fixture_round_trips_tmy3_values() {
        let tmy = read_tmy3(&shipped_tmy3()).expect("read TMY3");
        let dir = temp_dir("epw-roundtrip");
        let path = dir.path().join("greensboro.epw");
        write_epw_fixture(&tmy, &path);
        let epw = read_weather(&path).expect("read EPW");
        assert_eq!(epw.format, WeatherFormat::Epw);
        assert_eq!(epw.site.latitude_deg, 36.1);
        assert_eq!(epw.site.longitude_deg, -79.95);
        assert_eq!(epw.site.utc_offset_h, -5.0);
        assert_eq!(epw.site.elevation_m, 273.0);
        assert_eq!(epw.stamps, tmy.stamps);
        assert_eq!(epw.ghi_w_per_m2, tmy.ghi_w_per_m2);
        assert_eq!(epw.dni_w_per_m2, tmy.dni_w_per_m2);
        assert_eq!(epw.dhi_w_per_m2, tmy.dhi_w_per_m2);
        assert_eq!(epw.air_temp_c, tmy.air_temp_c);
        assert_eq!(epw.wind_speed_m_per_s, tmy.wind_speed_m_per_s);
        assert_eq!(epw.pressure_pa, tmy.pressure_pa);
    }

    #[test]
    fn epw_errors_name_line_and_field() {
        let tmy = read_tmy3(&shipped_tmy3()).expect("read TMY3");
        let dir = temp_dir("epw-broken");
        let path = dir.path().join("broken.epw");
        write_epw_fixture(&tmy, &path);
        let text = std::fs::read_to_string(&path).expect("read");
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let good = lines.clone();

        let split = |line: &str| line.split(',').map(str::to_string).collect::<Vec<_>>();
        let mut f = split(&lines[20]);
        f[14] = "n/a".into();
        lines[20] = f.join(",");
        std::fs::write(&path, lines.join("\n")).expect("write");
        let msg = read_epw(&path).expect_err("text").to_string();
        assert!(msg.ends_with("broken.epw: line 21, column \"Direct Normal Radiation\": must be a finite number, got \"n/a\""), "{msg}");

        let mut lines = good.clone();
        lines[30] = split(&lines[30])[..10].join(",");
        std::fs::write(&path, lines.join("\n")).expect("write");
        let msg = read_epw(&path).expect_err("short row").to_string();
        assert!(
            msg.contains("line 31, column \"Global Horizontal Radiation\": must be a row with at least 14 fields, got 10 fields"),
            "{msg}"
        );

        let mut lines = good.clone();
        lines.truncate(8 + 24 * 300);
        std::fs::write(&path, lines.join("\n")).expect("write");
        let msg = read_epw(&path).expect_err("short year").to_string();
        assert!(msg.contains("found 7200"), "{msg}");

        let mut lines = good;
        let mut f = split(&lines[40]);
        f[13] = "9999".into();
        lines[40] = f.join(",");
        std::fs::write(&path, lines.join("\n")).expect("write");
        let msg = read_epw(&path).expect_err("missing code").to_string();
        assert!(
            msg.contains("line 41, column \"Global Horizontal Radiation\": must be a value in [-100, 2000] W/m², got \"9999\" (the EPW missing-data code)"),
            "{msg}"
        );
    }
}
