//! `zcpark profiles`: site weather in, hourly PV and wind capacity factors out.

use crate::resource::{
    pv_profile, read_weather, sidecar_path, wind_profile, write_profiles_csv, Profile, PvParams,
    ResourceError, TurbineLibrary, WindParams,
};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What `zcpark profiles` was asked for.
#[derive(Debug, Clone)]
pub struct ProfilesRequest {
    /// The weather file (TMY3, EPW or PVGIS TMY CSV).
    pub weather: PathBuf,
    /// PV parameters as `key=value,…` (empty for defaults), or None for no PV column.
    pub pv: Option<String>,
    /// Wind parameters as `key=value,…`, or None for no wind column.
    pub wind: Option<String>,
    /// Shift the file's clock to this UTC offset (hours), e.g. 8 for a PVGIS file in China.
    pub utc_offset_h: Option<f64>,
    /// The turbine library directory (`turbine_data.csv`, `power_curves.csv`), or None for
    /// the shipped library.
    pub turbines: Option<PathBuf>,
    /// The CSV to write (its description goes beside it, see [`sidecar_path`]).
    pub out: PathBuf,
}

/// Why profiles could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ProfilesError {
    /// A `key=value` list that does not parse into the parameters.
    #[error("--{option}: {message}")]
    BadParameters {
        /// `pv` or `wind`.
        option: &'static str,
        /// What is wrong, naming the key and value.
        message: String,
    },
    /// Neither --pv nor --wind.
    #[error("nothing to do: give --pv and/or --wind")]
    NothingRequested,
    /// A weather, turbine or output file problem.
    #[error(transparent)]
    Resource(#[from] ResourceError),
}

/// Parses `tilt_deg=35,tracking=single_axis` (values read as YAML scalars) into `T`.
pub fn parse_parameters<T: DeserializeOwned>(
    option: &'static str,
    text: &str,
) -> Result<T, ProfilesError> {
    let mut map = serde_yaml::Mapping::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| ProfilesError::BadParameters {
                option,
                message: format!("expected key=value, got {pair:?}"),
            })?;
        let value: serde_yaml::Value =
            serde_yaml::from_str(value.trim()).map_err(|e| ProfilesError::BadParameters {
                option,
                message: format!("{key}: cannot read value {value:?}: {e}"),
            })?;
        map.insert(key.trim().into(), value);
    }
    serde_yaml::from_value(serde_yaml::Value::Mapping(map)).map_err(|e| {
        ProfilesError::BadParameters {
            option,
            message: format!("{e} (in {text:?})"),
        }
    })
}

/// Computes the requested profiles and writes them; returns them with the elapsed seconds.
pub fn make_profiles(request: &ProfilesRequest) -> Result<(Vec<Profile>, f64), ProfilesError> {
    let started = Instant::now();
    if request.pv.is_none() && request.wind.is_none() {
        return Err(ProfilesError::NothingRequested);
    }
    let mut weather = read_weather(&request.weather)?;
    if let Some(offset) = request.utc_offset_h {
        weather = weather.with_utc_offset(offset)?;
    }
    let mut profiles = Vec::new();
    if let Some(text) = &request.pv {
        let params: PvParams = parse_parameters("pv", text)?;
        profiles.push(pv_profile(&weather, &params)?);
    }
    if let Some(text) = &request.wind {
        let params: WindParams = parse_parameters("wind", text)?;
        let library = match &request.turbines {
            Some(dir) => TurbineLibrary::load_dir(dir)?,
            None => TurbineLibrary::shipped()?,
        };
        let curve = params.power_curve(&library)?;
        profiles.push(wind_profile(&weather, &params, &curve)?);
    }
    write_profiles_csv(&request.out, &profiles)?;
    Ok((profiles, started.elapsed().as_secs_f64()))
}

/// The printed summary: full-load hours, scaling, monthly profile.
pub fn describe(profiles: &[Profile], out: &Path, seconds: f64) -> String {
    let mut text = String::new();
    for profile in profiles {
        let summary = profile.summary();
        text.push_str(&format!(
            "{}: {:.1} full-load hours/yr (mean CF {:.3}, peak {:.3})",
            profile.technology.column(),
            summary.annual_full_load_hours_h,
            summary.mean_capacity_factor,
            summary.peak_capacity_factor
        ));
        if let Some(s) = &profile.scaling {
            text.push_str(&format!(
                "; {} multiplied by {:.4} from {:.1} h to target {:.1} h",
                s.quantity.words(),
                s.factor,
                s.unscaled_h,
                s.target_h
            ));
        }
        text.push('\n');
        let months = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let monthly: Vec<String> = months
            .iter()
            .zip(summary.monthly_full_load_hours_h)
            .map(|(m, h)| format!("{m} {h:.0}"))
            .collect();
        text.push_str(&format!(
            "  monthly full-load hours: {}\n",
            monthly.join("  ")
        ));
    }
    text.push_str(&format!(
        "written to {} (described in {}) in {:.3} s\n",
        out.display(),
        sidecar_path(out).display(),
        seconds
    ));
    text
}
