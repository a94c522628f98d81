//! The PV and wind capacity factors a scenario names: a CSV column, or a profile computed
//! from a site weather file with the models of `zcpark profiles` (crate::resource).

use std::path::Path;

use serde::Serialize;

use super::files::ScenarioSource;
use super::issues::Issues;
use super::resolve::series;
use super::series::ValueRange;
use super::spec::{ResourcesSpec, SeriesSpec, WeatherSpec};
use crate::resource::{
    pv_profile, read_weather, wind_profile, PowerCurve, Profile, ResourceError, TurbineLibrary,
    Weather,
};

/// Where a capacity-factor profile came from, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileOrigin {
    /// `column FILE:COLUMN` or `computed from FILE (FORMAT)` with the model's key figures.
    pub description: String,
    /// Annual full-load hours of the profile as used (before the horizon cut), h.
    pub full_load_hours_h: f64,
}

/// A capacity-factor profile for the whole year with its origin.
pub(super) struct ResourceProfile {
    /// Capacity factor of each hour of the year, 0..=1.
    pub cf: Vec<f64>,
    /// Where it came from.
    pub origin: ProfileOrigin,
}

/// Reads or computes the PV and wind profiles the scenario needs (`need_pv`, `need_wind`:
/// PV or wind may be built or exists), recording every problem in `issues`.
pub(super) fn resource_profiles(
    source: &ScenarioSource,
    resources: &ResourcesSpec,
    need_pv: bool,
    need_wind: bool,
    issues: &mut Issues,
) -> (Option<ResourceProfile>, Option<ResourceProfile>) {
    let wants_weather =
        resources.pv_from_weather.is_some() || resources.wind_from_weather.is_some();
    let weather = match (&resources.weather, wants_weather) {
        (Some(spec), true) => read_scenario_weather(source, spec, issues),
        (None, true) => {
            issues.push(
                "resources.weather",
                "(missing)",
                "a weather file when resources.pv_from_weather or resources.wind_from_weather is set",
            );
            None
        }
        (Some(spec), false) => {
            issues.push(
                "resources.weather",
                &spec.file,
                "resources.pv_from_weather and/or resources.wind_from_weather to use it",
            );
            None
        }
        (None, false) => None,
    };

    let pv = need_pv
        .then(|| {
            let computed = |weather: &Weather, issues: &mut Issues| {
                let params = resources.pv_from_weather.as_ref()?;
                computed_profile(
                    pv_profile(weather, params),
                    "resources.pv_from_weather",
                    issues,
                )
            };
            one_profile(
                source,
                resources.pv_cf.as_ref(),
                resources.pv_from_weather.is_some(),
                weather.as_ref(),
                computed,
                ("pv", "build.pv"),
                issues,
            )
        })
        .flatten();

    let wind = need_wind
        .then(|| {
            let computed = |weather: &Weather, issues: &mut Issues| {
                let params = resources.wind_from_weather.as_ref()?;
                let curve = match &params.power_curve_csv {
                    Some(csv) => {
                        PowerCurve::from_csv(Path::new(&source.resolve(&csv.to_string_lossy())))
                    }
                    None => {
                        TurbineLibrary::shipped().and_then(|lib| lib.power_curve(&params.turbine))
                    }
                };
                let profile = curve.and_then(|curve| wind_profile(weather, params, &curve));
                computed_profile(profile, "resources.wind_from_weather", issues)
            };
            one_profile(
                source,
                resources.wind_cf.as_ref(),
                resources.wind_from_weather.is_some(),
                weather.as_ref(),
                computed,
                ("wind", "build.wind"),
                issues,
            )
        })
        .flatten();
    (pv, wind)
}

/// One technology's profile: exactly one of the column `{tech}_cf` and `{tech}_from_weather`.
fn one_profile(
    source: &ScenarioSource,
    column: Option<&SeriesSpec>,
    from_weather: bool,
    weather: Option<&Weather>,
    computed: impl FnOnce(&Weather, &mut Issues) -> Option<ResourceProfile>,
    (tech, build_field): (&str, &str),
    issues: &mut Issues,
) -> Option<ResourceProfile> {
    let column_field = format!("resources.{tech}_cf");
    match (column, from_weather) {
        (Some(spec), false) => {
            let cf = series(
                source,
                spec,
                &column_field,
                ValueRange::new(0.0, 1.0, "(capacity factor)"),
                issues,
            )?;
            Some(ResourceProfile {
                origin: ProfileOrigin {
                    description: format!("column {}:{}", source.resolve(&spec.file), spec.column),
                    full_load_hours_h: cf.iter().sum(),
                },
                cf,
            })
        }
        (None, true) => computed(weather?, issues),
        (Some(_), true) => {
            issues.push(
                &column_field,
                format!("both {tech}_cf and {tech}_from_weather"),
                &format!("exactly one of resources.{tech}_cf, resources.{tech}_from_weather"),
            );
            None
        }
        (None, false) => {
            issues.push(
                &column_field,
                "(missing)",
                &format!(
                    "a {} profile (resources.{tech}_cf or resources.{tech}_from_weather) when {build_field} is set",
                    if tech == "pv" { "PV" } else { "wind" }
                ),
            );
            None
        }
    }
}

fn read_scenario_weather(
    source: &ScenarioSource,
    spec: &WeatherSpec,
    issues: &mut Issues,
) -> Option<Weather> {
    if let ScenarioSource::Embedded = source {
        issues.push(
            "resources.weather.file",
            &spec.file,
            "a file on disk (the embedded example carries no weather file)",
        );
        return None;
    }
    let path = source.resolve(&spec.file);
    let weather = read_weather(Path::new(&path)).and_then(|w| match spec.utc_offset_h {
        Some(offset) => w.with_utc_offset(offset),
        None => Ok(w),
    });
    match weather {
        Ok(w) => Some(w),
        Err(e) => {
            issues.push(
                "resources.weather.file",
                &spec.file,
                &format!("a readable TMY3, EPW or PVGIS TMY CSV weather file ({e})"),
            );
            None
        }
    }
}

/// The profile computed from weather, or the reason it could not be, under `field`.
fn computed_profile(
    profile: Result<Profile, ResourceError>,
    field: &str,
    issues: &mut Issues,
) -> Option<ResourceProfile> {
    match profile {
        Ok(profile) => {
            let full_load_hours_h = profile.full_load_hours();
            let mut description = format!(
                "computed from {} ({:?}; {:.3} N, {:.3} E)",
                profile.weather_source.display(),
                profile.weather_format,
                profile.site.latitude_deg,
                profile.site.longitude_deg
            );
            if let Some(s) = &profile.scaling {
                description.push_str(&format!(
                    ", {:.1} full-load h scaled ({} × {:.4}) to {:.1} h",
                    s.unscaled_h,
                    s.quantity.words(),
                    s.factor,
                    s.target_h
                ));
            }
            Some(ResourceProfile {
                cf: profile.capacity_factor,
                origin: ProfileOrigin {
                    description,
                    full_load_hours_h,
                },
            })
        }
        Err(ResourceError::InvalidParameter {
            name,
            value,
            reason,
        }) => {
            // The resource checks say "must lie in 0..=90"; the issue says "must be …".
            let expected = reason.strip_prefix("must lie ").unwrap_or(reason);
            issues.push(&format!("{field}.{name}"), value, expected);
            None
        }
        Err(e) => {
            issues.push(
                field,
                "(as given)",
                &format!("parameters that give a profile ({e})"),
            );
            None
        }
    }
}
