//! Writing a profile as CSV, atomically.

use std::io::Write;
use std::path::Path;

use super::error::ResourceError;
use super::flh_scaling::ScaledQuantity;
use super::profile::Profile;

/// Writes `profile` to `path` as CSV: comment lines beginning with `#` that
/// state units, the weather file, the model parameters, the full-load hours
/// and any scaling, then the header `hour,pv_cf` (or `hour,wind_cf`) and one
/// row per hour, `hour` = 0..=8759. The file is written under a temporary
/// name in the same directory and renamed into place, so readers never see
/// a half-written file.
///
/// # Errors
/// [`ResourceError::Io`] naming the file when it cannot be written.
pub fn write_profile_csv(path: &Path, profile: &Profile) -> Result<(), ResourceError> {
    write_profiles_csv(path, std::slice::from_ref(profile))
}

/// Writes several profiles of the same weather side by side (`hour,pv_cf,wind_cf`), each
/// one's comment lines prefixed with its column name; atomic as [`write_profile_csv`].
///
/// # Errors
/// [`ResourceError::Io`] naming the file when it cannot be written.
pub fn write_profiles_csv(path: &Path, profiles: &[Profile]) -> Result<(), ResourceError> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    let io_err = |source| ResourceError::Io {
        path: path.to_path_buf(),
        source,
    };
    let result = write_to(&tmp, profiles).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        // Best effort: the temporary file may not exist.
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io_err)
}

fn write_to(tmp: &Path, profiles: &[Profile]) -> std::io::Result<()> {
    let mut out = String::with_capacity(8760 * 16 * profiles.len() + 2048);
    let several = profiles.len() > 1;
    for profile in profiles {
        for line in header_lines(profile) {
            out.push_str("# ");
            if several {
                out.push_str(profile.technology.column());
                out.push_str(": ");
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push_str("hour");
    for profile in profiles {
        out.push(',');
        out.push_str(profile.technology.column());
    }
    out.push('\n');
    let hours = profiles
        .iter()
        .map(|p| p.capacity_factor.len())
        .min()
        .unwrap_or(0);
    for hour in 0..hours {
        out.push_str(&hour.to_string());
        for profile in profiles {
            out.push_str(&format!(",{:.6}", profile.capacity_factor[hour]));
        }
        out.push('\n');
    }
    let mut file = std::fs::File::create(tmp)?;
    file.write_all(out.as_bytes())?;
    file.sync_all()
}

/// The comment lines (without `# `) that head a profile CSV.
pub fn header_lines(profile: &Profile) -> Vec<String> {
    let site = &profile.site;
    let summary = profile.summary();
    let monthly: Vec<String> = summary
        .monthly_full_load_hours_h
        .iter()
        .map(|h| format!("{h:.1}"))
        .collect();
    let mut lines = vec![
        format!("zcpark hourly {} capacity factors", profile.technology.column()),
        format!(
            "units: capacity factor = MWh per MW per hour, 0..1, {}",
            profile.technology.capacity_basis()
        ),
        format!(
            "weather: {} ({:?}; {}; {:.3} N, {:.3} E, {:.0} m)",
            profile.weather_source.display(),
            profile.weather_format,
            if site.name.is_empty() { "unnamed site" } else { &site.name },
            site.latitude_deg,
            site.longitude_deg,
            site.elevation_m
        ),
        format!(
            "hour 0 = 1 January 00:00-01:00 at UTC{:+} (the weather file's clock); 8760 hours, no 29 February",
            site.utc_offset_h
        ),
    ];
    lines.extend(profile.parameters.iter().map(|(k, v)| format!("{k} = {v}")));
    lines.push(match &profile.scaling {
        None => "scaling: none".into(),
        Some(s) => match s.quantity {
            ScaledQuantity::PvOutput => format!(
                "scaling: PV output multiplied by {:.6} to target {:.1} full-load hours (unscaled {:.1} h); capacity factors clipped at 1, {} hours newly clipped; achieved {:.1} h",
                s.factor, s.target_h, s.unscaled_h, s.clipped_hours, s.achieved_h
            ),
            ScaledQuantity::WindSpeed => format!(
                "scaling: hub-height wind speed multiplied by {:.6} ahead of the power curve to target {:.1} full-load hours (unscaled {:.1} h); achieved {:.1} h",
                s.factor, s.target_h, s.unscaled_h, s.achieved_h
            ),
        },
    });
    lines.push(format!(
        "full-load hours: {:.1} h/yr (mean CF {:.4}); monthly Jan..Dec: {}",
        summary.annual_full_load_hours_h,
        summary.mean_capacity_factor,
        monthly.join(" ")
    ));
    lines
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
    fn writes_header_and_8760_rows_atomically() {
        let dir = temp_dir("csv-out");
        let path = dir.join("wind.csv");
        write_profile_csv(&path, &profile()).expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        let comments: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
        assert!(comments.iter().any(|l| l.contains("data/weather/x.csv")));
        assert!(comments.iter().any(|l| l.contains("hub_height_m = 100")));
        assert!(comments.iter().any(|l| l.contains("UTC+8")));
        assert!(comments.iter().any(|l| l.contains("scaling: none")));
        let rows: Vec<&str> = text.lines().skip(comments.len()).collect();
        assert_eq!(rows[0], "hour,wind_cf");
        assert_eq!(rows.len(), 8761);
        assert_eq!(rows[1], "0,0.000000");
        assert_eq!(rows[8760], "8759,0.900000");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(&dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn unwritable_path_names_the_file() {
        let dir = temp_dir("csv-out-bad");
        let path = dir.join("no/such/dir/pv.csv");
        let msg = write_profile_csv(&path, &profile())
            .expect_err("must fail")
            .to_string();
        assert!(msg.contains("no/such/dir/pv.csv"), "{msg}");
    }
}
