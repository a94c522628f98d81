//! Hourly wind capacity factors from site weather and a turbine power curve.
//!
//! Per hour: wind speed at the measurement height (10 m) → hub height by a
//! power or log law → air density at hub height from temperature and
//! pressure → density-equivalent speed by IEC 61400-12-1:2017 §9.1.5,
//! v_n = v · (ρ/ρ₀)^(1/3), ρ₀ = 1.225 kg/m³ → power curve → wake and
//! availability factors → per unit of nameplate power.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::error::{check_parameters, ResourceError};
use super::flh_scaling::{solve_wind_speed_factor, wind_factor_scan};
use super::hourly_sun::barometric_pressure_pa;
use super::profile::{Profile, Technology};
use super::turbines::{PowerCurve, TurbineLibrary, DEFAULT_TURBINE};
use super::weather::Weather;
use crate::csv_input::memo::ContentMemo;

/// Standard air density of power curves, kg/m³ (IEC 61400-12-1).
pub const STANDARD_AIR_DENSITY_KG_PER_M3: f64 = 1.225;
/// Specific gas constant of dry air, J/(kg·K).
const R_DRY_AIR_J_PER_KG_K: f64 = 287.058;
/// Temperature lapse rate of the standard atmosphere, K/m.
const LAPSE_RATE_K_PER_M: f64 = 0.0065;
/// Standard gravity, m/s².
const G_M_PER_S2: f64 = 9.80665;
/// Height of the air-temperature measurement in weather files, m.
const TEMP_HEIGHT_M: f64 = 2.0;

/// Vertical wind profile used to carry the measured speed to hub height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShearModel {
    /// v_hub = v_ref · (h_hub / h_ref)^α, α = `shear_exponent`.
    #[default]
    PowerLaw,
    /// v_hub = v_ref · ln(h_hub / z₀) / ln(h_ref / z₀), z₀ = `roughness_length_m`
    /// (neutral surface layer).
    LogLaw,
}

/// Wind farm parameters. Every field has a default, so a scenario only
/// names what differs; unknown field names are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WindParams {
    /// Turbine type in the turbine library. Default `S126/6150` (6.15 MW).
    pub turbine: String,
    /// A user power curve CSV to use instead of the library turbine
    /// (columns `wind_speed_m_per_s` and `power_kw`, see
    /// [`PowerCurve::from_csv`]).
    pub power_curve_csv: Option<PathBuf>,
    /// Hub height, m. Default 100.
    pub hub_height_m: f64,
    /// Vertical extrapolation model. Default power law.
    pub shear_model: ShearModel,
    /// Power-law shear exponent α. Default 1/7, the classic neutral-
    /// stability value for open terrain.
    pub shear_exponent: f64,
    /// Log-law roughness length z₀, m. Default 0.03 (open farmland,
    /// Davenport–Wieringa class "open").
    pub roughness_length_m: f64,
    /// Whether to correct for air density (IEC 61400-12-1). Default true.
    pub density_correction: bool,
    /// Array wake loss, fraction of output. Default 0.07: published
    /// estimates for onshore farms mostly lie between about 5 % and 10 %.
    pub wake_loss_frac: f64,
    /// Time-based availability. Default 0.97, the figure typically
    /// guaranteed in turbine service contracts and reached by modern
    /// onshore fleets.
    pub availability_frac: f64,
    /// If set, scale the wind speed so the year has this many full-load hours (h).
    pub target_full_load_hours: Option<f64>,
}

impl Default for WindParams {
    fn default() -> Self {
        WindParams {
            turbine: DEFAULT_TURBINE.to_string(),
            power_curve_csv: None,
            hub_height_m: 100.0,
            shear_model: ShearModel::PowerLaw,
            shear_exponent: 1.0 / 7.0,
            roughness_length_m: 0.03,
            density_correction: true,
            wake_loss_frac: 0.07,
            availability_frac: 0.97,
            target_full_load_hours: None,
        }
    }
}

impl WindParams {
    /// Checks every parameter against its physical range.
    ///
    /// # Errors
    /// [`ResourceError::InvalidParameter`] naming the first bad parameter.
    pub fn validate(&self) -> Result<(), ResourceError> {
        let checks: [(&'static str, f64, bool, &'static str); 5] = [
            (
                "hub_height_m",
                self.hub_height_m,
                self.hub_height_m > 0.0 && self.hub_height_m <= 300.0,
                "must lie in (0, 300]",
            ),
            (
                "shear_exponent",
                self.shear_exponent,
                (0.0..=1.0).contains(&self.shear_exponent),
                "must lie in 0..=1",
            ),
            (
                "roughness_length_m",
                self.roughness_length_m,
                self.roughness_length_m > 0.0 && self.roughness_length_m < 5.0,
                "must lie in (0, 5) m",
            ),
            (
                "wake_loss_frac",
                self.wake_loss_frac,
                (0.0..1.0).contains(&self.wake_loss_frac),
                "must lie in [0, 1)",
            ),
            (
                "availability_frac",
                self.availability_frac,
                self.availability_frac > 0.0 && self.availability_frac <= 1.0,
                "must lie in (0, 1]",
            ),
        ];
        check_parameters(&checks)
    }

    /// The power curve these parameters ask for: the user CSV if
    /// `power_curve_csv` is set, else `turbine` from `library`.
    ///
    /// # Errors
    /// Those of [`PowerCurve::from_csv`] or [`TurbineLibrary::power_curve`].
    pub fn power_curve(&self, library: &TurbineLibrary) -> Result<PowerCurve, ResourceError> {
        match &self.power_curve_csv {
            Some(path) => PowerCurve::from_csv(path),
            None => library.power_curve(&self.turbine),
        }
    }

    /// The parameters as `name = value` pairs for a profile header.
    pub fn describe(&self, curve: &PowerCurve) -> Vec<(String, String)> {
        let mut out = vec![
            (
                "model".to_string(),
                "shear extrapolation, IEC 61400-12-1 density correction v*(rho/1.225)^(1/3), power curve, wake and availability factors".to_string(),
            ),
            ("power_curve".into(), format!("{} (rated {} kW)", curve.name(), curve.rated_power_w() / 1000.0)),
            ("power_curve_beyond_last_point".into(), curve.beyond_last_point()),
            ("hub_height_m".into(), self.hub_height_m.to_string()),
            ("shear_model".into(), format!("{:?}", self.shear_model)),
        ];
        match self.shear_model {
            ShearModel::PowerLaw => out.push((
                "shear_exponent".into(),
                format!("{:.4}", self.shear_exponent),
            )),
            ShearModel::LogLaw => out.push((
                "roughness_length_m".into(),
                self.roughness_length_m.to_string(),
            )),
        }
        for (k, v) in [
            ("density_correction", self.density_correction.to_string()),
            ("wake_loss_frac", self.wake_loss_frac.to_string()),
            ("availability_frac", self.availability_frac.to_string()),
        ] {
            out.push((k.into(), v));
        }
        if let Some(t) = self.target_full_load_hours {
            out.push(("target_full_load_hours".into(), t.to_string()));
        }
        out
    }
}

/// Wind speed at `hub_height_m` from a measurement at `ref_height_m`.
pub fn hub_height_speed_m_per_s(v_ref_m_per_s: f64, ref_height_m: f64, params: &WindParams) -> f64 {
    let h = params.hub_height_m;
    match params.shear_model {
        ShearModel::PowerLaw => v_ref_m_per_s * (h / ref_height_m).powf(params.shear_exponent),
        ShearModel::LogLaw => {
            let z0 = params.roughness_length_m;
            v_ref_m_per_s * (h / z0).ln() / (ref_height_m / z0).ln()
        }
    }
}

/// Air density at `hub_height_m`, kg/m³: ρ = p / (R_d · T), with the
/// temperature measured at 2 m carried up at the standard lapse rate
/// 6.5 K/km and the pressure by the hydrostatic standard-atmosphere
/// relation p_hub = p · (T_hub / T)^(g / (R_d · 0.0065)).
pub fn air_density_kg_per_m3(air_temp_c: f64, pressure_pa: f64, hub_height_m: f64) -> f64 {
    let t = air_temp_c + 273.15;
    let t_hub = t - LAPSE_RATE_K_PER_M * (hub_height_m - TEMP_HEIGHT_M);
    let p_hub =
        pressure_pa * (t_hub / t).powf(G_M_PER_S2 / (R_DRY_AIR_J_PER_KG_K * LAPSE_RATE_K_PER_M));
    p_hub / (R_DRY_AIR_J_PER_KG_K * t_hub)
}

/// Scans of full-load hours over wind-speed factors kept in this process, by turbine curve,
/// losses and hourly hub-height speeds.
static SCANS: ContentMemo<Vec<f64>> = ContentMemo::new(16);

/// Hourly wind capacity factors (per unit of nameplate power, 0..=1) for
/// the year in `weather` with turbine `curve`; when
/// `params.target_full_load_hours` is set, every hub-height speed is
/// multiplied by the factor that meets it. Above the curve's last speed the
/// output is 0 ([`PowerCurve::power_at_w`]); the profile's parameters state
/// this (`power_curve_beyond_last_point`) and how many hours of the year it
/// applies to (`hours_above_last_curve_speed`).
///
/// # Errors
/// [`ResourceError::InvalidParameter`] for out-of-range parameters;
/// [`ResourceError::WrongRowCount`] if `weather` does not hold 8760 hours;
/// [`ResourceError::TargetUnreachable`] when the target cannot be met.
pub fn wind_profile(
    weather: &Weather,
    params: &WindParams,
    curve: &PowerCurve,
) -> Result<Profile, ResourceError> {
    params.validate()?;
    weather.check_consistent()?;
    let v_eq = density_equivalent_speeds(weather, params);
    let losses = (1.0 - params.wake_loss_frac) * params.availability_frac;
    let cf = |v: f64| (curve.power_at_w(v) / curve.rated_power_w() * losses).clamp(0.0, 1.0);
    let cf_at = |factor: f64| -> Vec<f64> { v_eq.iter().map(|&v| cf(v * factor)).collect() };
    // The search for the factor sums the year at each trial factor without keeping it.
    let flh_at = |factor: f64| -> f64 { v_eq.iter().map(|&v| cf(v * factor)).sum() };
    let scaling = match params.target_full_load_hours {
        Some(target) => {
            // The scan over factors is the same for every target at this site, turbine and
            // losses (the parks of a province differ by their targets): computed once.
            let mut speeds = Vec::with_capacity(8 * v_eq.len());
            for v in &v_eq {
                speeds.extend_from_slice(&v.to_le_bytes());
            }
            let scan = SCANS.get_or_compute(&format!("{curve:?} {losses:?}"), &speeds, || {
                wind_factor_scan(flh_at)
            });
            Some(solve_wind_speed_factor(target, &scan, flh_at)?)
        }
        None => None,
    };
    let factor = scaling.map_or(1.0, |s| s.factor);
    let beyond_last_point = v_eq
        .iter()
        .filter(|&&v| v * factor > curve.cut_out_m_per_s())
        .count();
    let mut parameters = params.describe(curve);
    parameters.push((
        "hours_above_last_curve_speed".into(),
        beyond_last_point.to_string(),
    ));
    Ok(Profile {
        technology: Technology::Wind,
        capacity_factor: cf_at(factor),
        weather_source: weather.source.clone(),
        weather_format: weather.format,
        site: weather.site.clone(),
        parameters,
        scaling,
    })
}

/// Hub-height speeds, density-corrected when asked: v · (ρ/ρ₀)^(1/3).
fn density_equivalent_speeds(weather: &Weather, params: &WindParams) -> Vec<f64> {
    let site_pressure_pa = barometric_pressure_pa(weather.site.elevation_m);
    (0..weather.wind_speed_m_per_s.len())
        .map(|i| {
            let v = hub_height_speed_m_per_s(
                weather.wind_speed_m_per_s[i],
                weather.wind_height_m,
                params,
            );
            if !params.density_correction {
                return v;
            }
            let p = weather
                .pressure_pa
                .as_ref()
                .map_or(site_pressure_pa, |p| p[i]);
            let rho = air_density_kg_per_m3(weather.air_temp_c[i], p, params.hub_height_m);
            v * (rho / STANDARD_AIR_DENSITY_KG_PER_M3).cbrt()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::weather::{read_tmy3, test_support::shipped_tmy3};
    use super::*;
    use std::path::Path;

    fn library() -> TurbineLibrary {
        TurbineLibrary::load_dir(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/turbines"
        )))
        .expect("library")
    }

    fn greensboro() -> Weather {
        read_tmy3(&shipped_tmy3()).expect("read shipped TMY3")
    }

    #[test]
    fn shear_laws() {
        let p = WindParams::default();
        assert!(
            (hub_height_speed_m_per_s(5.0, 10.0, &p) - 5.0 * 10f64.powf(1.0 / 7.0)).abs() < 1e-12
        );
        let log = WindParams {
            shear_model: ShearModel::LogLaw,
            ..WindParams::default()
        };
        // ln(100/0.03)/ln(10/0.03) = 8.1117/5.8091 = 1.3964.
        assert!((hub_height_speed_m_per_s(5.0, 10.0, &log) / 5.0 - 1.3964).abs() < 1e-4);
    }

    #[test]
    fn density_values_and_direction() {
        // Standard atmosphere at sea level, 15 C, measured at 2 m: about 1.225 at hub height 2 m.
        assert!((air_density_kg_per_m3(15.0, 101_325.0, 2.0) - 1.225).abs() < 0.001);
        // Colder air is denser.
        assert!(
            air_density_kg_per_m3(-20.0, 101_325.0, 100.0)
                > air_density_kg_per_m3(30.0, 101_325.0, 100.0)
        );
        // Colder, denser air gives more output below rated speed.
        let curve = library().power_curve(DEFAULT_TURBINE).expect("curve");
        let mut w = greensboro();
        w.wind_speed_m_per_s.iter_mut().for_each(|v| *v = 5.0);
        w.air_temp_c.iter_mut().for_each(|t| *t = 30.0);
        let warm = wind_profile(&w, &WindParams::default(), &curve)
            .expect("warm")
            .full_load_hours();
        w.air_temp_c.iter_mut().for_each(|t| *t = -20.0);
        let cold = wind_profile(&w, &WindParams::default(), &curve)
            .expect("cold")
            .full_load_hours();
        assert!(cold > 1.1 * warm, "cold {cold} vs warm {warm}");
        // Without pressure in the file, elevation gives it: higher site, thinner air, less output.
        w.pressure_pa = None;
        let low = wind_profile(&w, &WindParams::default(), &curve)
            .expect("low")
            .full_load_hours();
        w.site.elevation_m = 1500.0;
        let high = wind_profile(&w, &WindParams::default(), &curve)
            .expect("high")
            .full_load_hours();
        assert!(high < low, "{high} vs {low}");
    }

    #[test]
    fn cut_in_and_cut_out_in_profile() {
        let curve = library().power_curve(DEFAULT_TURBINE).expect("curve");
        let params = WindParams {
            density_correction: false,
            ..WindParams::default()
        };
        let mut w = greensboro();
        let factor = 10f64.powf(1.0 / 7.0);
        // 3.0 m/s at hub height: below the 3.5 m/s cut-in.
        w.wind_speed_m_per_s
            .iter_mut()
            .for_each(|v| *v = 3.0 / factor);
        assert_eq!(
            wind_profile(&w, &params, &curve)
                .expect("p")
                .full_load_hours(),
            0.0
        );
        // 15 m/s: rated; CF = (1 - 0.07) * 0.97 every hour.
        w.wind_speed_m_per_s
            .iter_mut()
            .for_each(|v| *v = 15.0 / factor);
        let p = wind_profile(&w, &params, &curve).expect("p");
        assert!(p
            .capacity_factor
            .iter()
            .all(|&c| (c - 0.93 * 0.97).abs() < 1e-12));
        let hours_beyond = |p: &Profile| {
            p.parameters
                .iter()
                .find(|(k, _)| k == "hours_above_last_curve_speed")
                .map(|(_, v)| v.clone())
        };
        assert_eq!(hours_beyond(&p).as_deref(), Some("0"));
        // 31 m/s: above the curve's last point (30 m/s, rated power), taken as the cut-out.
        w.wind_speed_m_per_s
            .iter_mut()
            .for_each(|v| *v = 31.0 / factor);
        let p = wind_profile(&w, &params, &curve).expect("p");
        assert_eq!(p.full_load_hours(), 0.0);
        assert_eq!(hours_beyond(&p).as_deref(), Some("8760"));
        assert!(p.parameters.iter().any(
            |(k, v)| k == "power_curve_beyond_last_point" && v.starts_with("0 kW above 30 m/s")
        ));
    }

    #[test]
    fn greensboro_profile_and_scaling() {
        let curve = library().power_curve(DEFAULT_TURBINE).expect("curve");
        let w = greensboro();
        let p = wind_profile(&w, &WindParams::default(), &curve).expect("profile");
        assert!(p.capacity_factor.iter().all(|&c| (0.0..=1.0).contains(&c)));
        let flh = p.full_load_hours();
        // A low-wind inland airport (mean 10 m speed about 3 m/s): few full-load hours.
        assert!((200.0..2000.0).contains(&flh), "{flh}");
        let scaled = WindParams {
            target_full_load_hours: Some(2800.0),
            ..WindParams::default()
        };
        let q = wind_profile(&w, &scaled, &curve).expect("scaled");
        let s = q.scaling.expect("record");
        assert!(
            (q.full_load_hours() - 2800.0).abs() < 0.005 * 2800.0,
            "{}",
            q.full_load_hours()
        );
        assert!(s.factor > 1.0);
        assert!((s.unscaled_h - flh).abs() < 1e-9);
        assert!(q.capacity_factor.iter().all(|&c| c <= 0.93 * 0.97 + 1e-12));
    }

    #[test]
    fn params_deserialize_with_defaults_and_reject_unknown_fields() {
        use serde::de::value::{Error, MapDeserializer};
        let words = MapDeserializer::<_, Error>::new(
            vec![("shear_model", "log_law"), ("turbine", "E-126/7500")].into_iter(),
        );
        let p = WindParams::deserialize(words).expect("words");
        assert_eq!(p.shear_model, ShearModel::LogLaw);
        assert_eq!(p.turbine, "E-126/7500");
        assert_eq!(p.hub_height_m, 100.0);
        let typo = MapDeserializer::<_, Error>::new(vec![("hub_height", 120.0)].into_iter());
        assert!(WindParams::deserialize(typo).is_err());
    }

    #[test]
    fn written_profile_reads_back() {
        let curve = library().power_curve(DEFAULT_TURBINE).expect("curve");
        let p = wind_profile(&greensboro(), &WindParams::default(), &curve).expect("profile");
        let dir = super::super::weather::test_support::temp_dir("wind-csv");
        let path = dir.path().join("wind.csv");
        super::super::csv_out::write_profile_csv(&path, &p).expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("hour,wind_cf"));
        let values: Vec<f64> = lines
            .map(|l| {
                l.split(',')
                    .nth(1)
                    .and_then(|v| v.parse().ok())
                    .expect("number")
            })
            .collect();
        assert_eq!(values.len(), 8760);
        let sum: f64 = values.iter().sum();
        assert!((sum - p.full_load_hours()).abs() < 0.01, "{sum}");
        let sidecar = std::fs::read_to_string(dir.path().join("wind.csv.json")).expect("sidecar");
        let json: serde_json::Value = serde_json::from_str(&sidecar).expect("JSON");
        let parameters = &json["columns"]["wind_cf"]["parameters"];
        assert_eq!(parameters["power_curve"], "S126/6150 (rated 6150 kW)");
        assert!(parameters["power_curve_beyond_last_point"]
            .as_str()
            .is_some_and(|t| t.starts_with("0 kW above 30 m/s")));
    }
}
