//! Writing profiles as CSV (through the `csv` crate), with their description in a sidecar
//! JSON file beside it; both written atomically.

use std::path::{Path, PathBuf};

use super::error::ResourceError;
use super::profile::Profile;
use super::profile_json;
use crate::report::atomic::write_atomic;

/// Writes `profile` to `path` as CSV: the header `hour,pv_cf` (or `hour,wind_cf`) on the
/// first line, then one row per hour, `hour` = 0..=8759, capacity factors with six decimals.
/// The description (units, the weather file, the model parameters, the full-load hours and
/// any scaling) goes to [`sidecar_path`]`(path)` (see [`profile_json::description`]). Each
/// file is written under a temporary name in the same directory and renamed into place, the
/// description first, so readers never see a half-written file.
///
/// # Errors
/// [`ResourceError::Io`] naming the file when it cannot be written.
pub fn write_profile_csv(path: &Path, profile: &Profile) -> Result<(), ResourceError> {
    write_profiles_csv(path, std::slice::from_ref(profile))
}

/// Writes several profiles of the same weather side by side (`hour,pv_cf,wind_cf`), with
/// one sidecar describing every column; atomic as [`write_profile_csv`].
///
/// # Errors
/// [`ResourceError::Io`] naming the file when it cannot be written.
pub fn write_profiles_csv(path: &Path, profiles: &[Profile]) -> Result<(), ResourceError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ResourceError::Io { path, source }
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sidecar = sidecar_path(path);
    let mut json = serde_json::to_string_pretty(&profile_json::description(&file_name, profiles))
        .map_err(|e| io_err(&sidecar)(e.into()))?;
    json.push('\n');
    write_atomic(&sidecar, json.as_bytes()).map_err(io_err(&sidecar))?;
    write_atomic(path, &csv_bytes(profiles).map_err(io_err(path))?).map_err(io_err(path))
}

/// The sidecar of a profile CSV: its file name with `.json` appended (`cf.csv.json`).
pub fn sidecar_path(csv: &Path) -> PathBuf {
    let mut name = csv.file_name().unwrap_or_default().to_os_string();
    name.push(".json");
    csv.with_file_name(name)
}

/// The CSV text: header line, then one row per hour.
fn csv_bytes(profiles: &[Profile]) -> std::io::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::with_capacity(8760 * 10 * (profiles.len() + 1)));
    let header = std::iter::once("hour").chain(profiles.iter().map(|p| p.technology.column()));
    writer.write_record(header)?;
    let hours = profiles
        .iter()
        .map(|p| p.capacity_factor.len())
        .min()
        .unwrap_or(0);
    for hour in 0..hours {
        let row = std::iter::once(hour.to_string()).chain(
            profiles
                .iter()
                .map(|p| format!("{:.6}", p.capacity_factor[hour])),
        );
        writer.write_record(row)?;
    }
    writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::super::profile::Technology;
    use super::super::weather::{test_support::temp_dir, Site, WeatherFormat};
    use super::*;

    fn profile() -> Profile {
        Profile {
            technology: Technology::Wind,
            capacity_factor: (0..8760).map(|i| (i % 10) as f64 / 10.0).collect(),
            weather_source: "data/weather/x.csv".into(),
            weather_format: WeatherFormat::Tmy3,
            site: Site {
                name: "X".into(),
                latitude_deg: 39.6,
                longitude_deg: 109.8,
                elevation_m: 1300.0,
                utc_offset_h: 8.0,
            },
            parameters: vec![("hub_height_m".into(), "100".into())],
            scaling: None,
        }
    }

    #[test]
    fn writes_header_first_and_8760_rows_and_the_sidecar_atomically() {
        let dir = temp_dir("csv-out");
        let path = dir.path().join("wind.csv");
        write_profile_csv(&path, &profile()).expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows[0], "hour,wind_cf");
        assert_eq!(rows.len(), 8761);
        assert_eq!(rows[1], "0,0.000000");
        assert_eq!(rows[8760], "8759,0.900000");
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("wind.csv.json")).unwrap(),
        )
        .expect("sidecar is JSON");
        assert_eq!(json["csv"], "wind.csv");
        let wind = &json["columns"]["wind_cf"];
        assert_eq!(wind["weather"]["file"], "data/weather/x.csv");
        assert_eq!(wind["parameters"]["hub_height_m"], "100");
        assert_eq!(wind["scaling"], serde_json::Value::Null);
        assert!(json["columns"]["hour"].as_str().unwrap().contains("UTC+8"));
        // No temporary file is left behind.
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["wind.csv", "wind.csv.json"]);
    }

    #[test]
    fn unwritable_path_names_the_file() {
        let dir = temp_dir("csv-out-bad");
        let path = dir.path().join("no/such/dir/pv.csv");
        let msg = write_profile_csv(&path, &profile())
            .expect_err("must fail")
            .to_string();
        assert!(msg.contains("no/such/dir/pv.csv"), "{msg}");
    }
}
