//! The description of a profile CSV, written beside it as JSON: units, the weather file and
//! site, the clock, every model parameter, the full-load hours and any scaling.

use serde_json::{json, Map, Value};

use super::flh_scaling::{FlhScaling, ScaledQuantity};
use super::profile::Profile;

/// The description of the CSV `csv_name` holding `profiles` side by side:
///
/// ```json
/// { "csv": "cf.csv", "written_by": "zcpark 0.1.0", "rows": 8760,
///   "columns": { "hour": "hour of the year, 0 = 1 January 00:00-01:00 at UTC-5 …",
///                "pv_cf": { "title", "units", "weather": { "file", "format", "site",
///                           "latitude_deg", "longitude_deg", "elevation_m", "utc_offset_h" },
///                           "parameters": { name: value as text, … },
///                           "scaling": null | { "quantity", "factor", "target_h",
///                                               "unscaled_h", "achieved_h", "clipped_hours",
///                                               "text" },
///                           "full_load_hours_h", "mean_capacity_factor",
///                           "peak_capacity_factor", "monthly_full_load_hours_h": [12] } } }
/// ```
pub fn description(csv_name: &str, profiles: &[Profile]) -> Value {
    let rows = profiles
        .iter()
        .map(|p| p.capacity_factor.len())
        .min()
        .unwrap_or(0);
    let mut columns = Map::new();
    if let Some(first) = profiles.first() {
        columns.insert(
            "hour".into(),
            json!(format!(
                "hour of the year, 0 = 1 January 00:00-01:00 at UTC{:+} (the weather file's clock); 8760 hours, no 29 February",
                first.site.utc_offset_h
            )),
        );
    }
    for profile in profiles {
        columns.insert(profile.technology.column().into(), column(profile));
    }
    json!({
        "csv": csv_name,
        "written_by": format!("zcpark {}", env!("CARGO_PKG_VERSION")),
        "rows": rows,
        "columns": columns,
    })
}

/// One profile's column.
fn column(profile: &Profile) -> Value {
    let site = &profile.site;
    let summary = profile.summary();
    let parameters: Map<String, Value> = profile
        .parameters
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    json!({
        "title": format!("zcpark hourly {} capacity factors", profile.technology.column()),
        "units": format!(
            "capacity factor = MWh per MW per hour, 0..1, {}",
            profile.technology.capacity_basis()
        ),
        "weather": {
            "file": profile.weather_source.display().to_string(),
            "format": format!("{:?}", profile.weather_format),
            "site": site.name,
            "latitude_deg": site.latitude_deg,
            "longitude_deg": site.longitude_deg,
            "elevation_m": site.elevation_m,
            "utc_offset_h": site.utc_offset_h,
        },
        "parameters": parameters,
        "scaling": profile.scaling.as_ref().map(scaling),
        "full_load_hours_h": summary.annual_full_load_hours_h,
        "mean_capacity_factor": summary.mean_capacity_factor,
        "peak_capacity_factor": summary.peak_capacity_factor,
        "monthly_full_load_hours_h": summary.monthly_full_load_hours_h,
    })
}

/// A full-load-hour scaling record, with a sentence saying what was done.
fn scaling(s: &FlhScaling) -> Value {
    let (quantity, text) = match s.quantity {
        ScaledQuantity::PvOutput => (
            "pv_output",
            format!(
                "PV output multiplied by {:.6} to target {:.1} full-load hours (unscaled {:.1} h); capacity factors clipped at 1, {} hours newly clipped; achieved {:.1} h",
                s.factor, s.target_h, s.unscaled_h, s.clipped_hours, s.achieved_h
            ),
        ),
        ScaledQuantity::WindSpeed => (
            "wind_speed",
            format!(
                "hub-height wind speed multiplied by {:.6} ahead of the power curve to target {:.1} full-load hours (unscaled {:.1} h); achieved {:.1} h",
                s.factor, s.target_h, s.unscaled_h, s.achieved_h
            ),
        ),
    };
    json!({
        "quantity": quantity,
        "factor": s.factor,
        "target_h": s.target_h,
        "unscaled_h": s.unscaled_h,
        "achieved_h": s.achieved_h,
        "clipped_hours": s.clipped_hours,
        "text": text,
    })
}
