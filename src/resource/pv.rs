//! Hourly PV capacity factors from site weather.
//!
//! Chain per hour: sun position (NREL SPA at the mid-point of the sunlit part
//! of the hour) → module orientation (fixed, or horizontal N–S single-axis
//! tracking with backtracking) → plane-of-array irradiance (beam, Perez 1990
//! sky diffuse, albedo ground reflection) → Martin–Ruiz angle-of-incidence
//! loss → Faiman cell temperature → PVWatts v5 DC power with temperature
//! coefficient → system losses → PVWatts v5 inverter with clipping at the
//! AC rating.

use serde::{Deserialize, Serialize};

use super::error::{check_parameters, ResourceError};
use super::flh_scaling::scale_output_to_flh;
use super::hourly_sun::hourly_sun;
use super::iam::{beam_iam, diffuse_iam, DEFAULT_A_R};
use super::irradiance::poa_irradiance;
use super::mounting::{single_axis_rotation_deg, tracker_surface, Surface, Tracking};
use super::profile::{Profile, Technology};
use super::pv_power::{faiman_cell_temp_c, pvwatts_dc_per_unit, pvwatts_inverter_ac_per_unit};
use super::weather::Weather;

/// PV system parameters. Every field has a default, so a scenario only
/// names what differs; unknown field names are rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PvParams {
    /// Fixed or single-axis tracking. Default: fixed.
    pub tracking: Tracking,
    /// Tilt of fixed modules from horizontal, degrees. Default 35°, near the
    /// annual-yield optimum at about 40° N (Ordos 39.6° N). Ignored when tracking.
    pub tilt_deg: f64,
    /// Azimuth fixed modules face, degrees clockwise from north (180 = south).
    /// Ignored when tracking.
    pub azimuth_deg: f64,
    /// Tracker rotation limit, degrees either side of flat. Default 60°.
    pub max_angle_deg: f64,
    /// Whether trackers backtrack to avoid row-to-row shading. Default true.
    pub backtrack: bool,
    /// Ground coverage ratio of tracker rows (module width / row pitch). Default 0.35.
    pub gcr: f64,
    /// Ground reflectance. Default 0.2 (grass, soil).
    pub albedo: f64,
    /// DC (STC) rating per unit of inverter AC rating. Default 1.2.
    pub dc_ac_ratio: f64,
    /// PVWatts system losses (soiling, mismatch, wiring, availability, …)
    /// as a fraction of DC output. Default 0.14.
    pub system_loss_frac: f64,
    /// Power temperature coefficient, per °C, relative to 25 °C. Default −0.0037.
    pub temp_coeff_per_c: f64,
    /// Nominal inverter efficiency. Default 0.96.
    pub inverter_efficiency: f64,
    /// Faiman constant heat-loss coefficient U₀, W/(m²·K). Default 25.
    pub faiman_u0_w_per_m2_k: f64,
    /// Faiman wind heat-loss coefficient U₁, W·s/(m³·K), applied to the
    /// weather file's 10 m wind speed. Default 6.84.
    pub faiman_u1_w_s_per_m3_k: f64,
    /// Martin–Ruiz angular-loss coefficient aᵣ. Default 0.16.
    pub iam_a_r: f64,
    /// If set, scale output so the year has this many full-load hours (h).
    pub target_full_load_hours: Option<f64>,
}

impl Default for PvParams {
    fn default() -> Self {
        PvParams {
            tracking: Tracking::Fixed,
            tilt_deg: 35.0,
            azimuth_deg: 180.0,
            max_angle_deg: 60.0,
            backtrack: true,
            gcr: 0.35,
            albedo: 0.2,
            dc_ac_ratio: 1.2,
            system_loss_frac: 0.14,
            temp_coeff_per_c: -0.0037,
            inverter_efficiency: 0.96,
            faiman_u0_w_per_m2_k: 25.0,
            faiman_u1_w_s_per_m3_k: 6.84,
            iam_a_r: DEFAULT_A_R,
            target_full_load_hours: None,
        }
    }
}

impl PvParams {
    /// Checks every parameter against its physical range.
    ///
    /// # Errors
    /// [`ResourceError::InvalidParameter`] naming the first bad parameter.
    pub fn validate(&self) -> Result<(), ResourceError> {
        let checks: [(&'static str, f64, bool, &'static str); 11] = [
            (
                "tilt_deg",
                self.tilt_deg,
                (0.0..=90.0).contains(&self.tilt_deg),
                "must lie in 0..=90",
            ),
            (
                "azimuth_deg",
                self.azimuth_deg,
                (0.0..=360.0).contains(&self.azimuth_deg),
                "must lie in 0..=360",
            ),
            (
                "max_angle_deg",
                self.max_angle_deg,
                (0.0..=90.0).contains(&self.max_angle_deg),
                "must lie in 0..=90",
            ),
            (
                "gcr",
                self.gcr,
                self.gcr > 0.0 && self.gcr < 1.0,
                "must lie in (0, 1)",
            ),
            (
                "albedo",
                self.albedo,
                (0.0..=1.0).contains(&self.albedo),
                "must lie in 0..=1",
            ),
            (
                "dc_ac_ratio",
                self.dc_ac_ratio,
                self.dc_ac_ratio > 0.0 && self.dc_ac_ratio <= 5.0,
                "must lie in (0, 5]",
            ),
            (
                "system_loss_frac",
                self.system_loss_frac,
                (0.0..1.0).contains(&self.system_loss_frac),
                "must lie in [0, 1)",
            ),
            (
                "temp_coeff_per_c",
                self.temp_coeff_per_c,
                (-0.02..=0.0).contains(&self.temp_coeff_per_c),
                "must lie in -0.02..=0 (per degC, not %)",
            ),
            (
                "inverter_efficiency",
                self.inverter_efficiency,
                self.inverter_efficiency > 0.5 && self.inverter_efficiency <= 1.0,
                "must lie in (0.5, 1]",
            ),
            (
                "faiman_u0_w_per_m2_k",
                self.faiman_u0_w_per_m2_k,
                self.faiman_u0_w_per_m2_k > 0.0 && self.faiman_u1_w_s_per_m3_k >= 0.0,
                "U0 must be > 0 and U1 >= 0",
            ),
            (
                "iam_a_r",
                self.iam_a_r,
                self.iam_a_r > 0.0 && self.iam_a_r <= 1.0,
                "must lie in (0, 1]",
            ),
        ];
        check_parameters(&checks)
    }

    /// The parameters as `name = value` pairs for a profile header.
    pub fn describe(&self) -> Vec<(String, String)> {
        let mut out = vec![
            (
                "model".to_string(),
                "NREL SPA sun, Perez 1990 transposition, Martin-Ruiz IAM, Faiman cell temperature, PVWatts v5 DC and inverter".to_string(),
            ),
            ("tracking".into(), format!("{:?}", self.tracking).to_lowercase()),
        ];
        match self.tracking {
            Tracking::Fixed => {
                out.push(("tilt_deg".into(), self.tilt_deg.to_string()));
                out.push(("azimuth_deg".into(), self.azimuth_deg.to_string()));
            }
            Tracking::SingleAxis => {
                out.push(("max_angle_deg".into(), self.max_angle_deg.to_string()));
                out.push(("backtrack".into(), self.backtrack.to_string()));
                out.push(("gcr".into(), self.gcr.to_string()));
            }
        }
        for (k, v) in [
            ("albedo", self.albedo),
            ("dc_ac_ratio", self.dc_ac_ratio),
            ("system_loss_frac", self.system_loss_frac),
            ("temp_coeff_per_c", self.temp_coeff_per_c),
            ("inverter_efficiency", self.inverter_efficiency),
            ("faiman_u0_w_per_m2_k", self.faiman_u0_w_per_m2_k),
            ("faiman_u1_w_s_per_m3_k", self.faiman_u1_w_s_per_m3_k),
            ("iam_a_r", self.iam_a_r),
        ] {
            out.push((k.into(), v.to_string()));
        }
        if let Some(t) = self.target_full_load_hours {
            out.push(("target_full_load_hours".into(), t.to_string()));
        }
        out
    }
}

/// Hourly PV capacity factors (per unit of AC rating, 0..=1) for the year in
/// `weather`, scaled to `params.target_full_load_hours` when that is set.
///
/// # Errors
/// [`ResourceError::InvalidParameter`] for out-of-range parameters;
/// [`ResourceError::WrongRowCount`] if `weather` does not hold 8760 hours;
/// [`ResourceError::TargetUnreachable`] when the full-load-hour target
/// cannot be met.
pub fn pv_profile(weather: &Weather, params: &PvParams) -> Result<Profile, ResourceError> {
    params.validate()?;
    weather.check_consistent()?;
    let cf = unscaled_capacity_factors(weather, params);
    let (capacity_factor, scaling) = match params.target_full_load_hours {
        Some(target) => {
            let (scaled, record) = scale_output_to_flh(&cf, target)?;
            (scaled, Some(record))
        }
        None => (cf, None),
    };
    Ok(Profile {
        technology: Technology::Pv,
        capacity_factor,
        weather_source: weather.source.clone(),
        weather_format: weather.format,
        site: weather.site.clone(),
        parameters: params.describe(),
        scaling,
    })
}

fn unscaled_capacity_factors(weather: &Weather, params: &PvParams) -> Vec<f64> {
    let fixed = Surface {
        tilt_deg: params.tilt_deg,
        azimuth_deg: params.azimuth_deg,
    };
    let fixed_diffuse_iam = diffuse_iam(params.tilt_deg, params.iam_a_r);
    hourly_sun(weather)
        .iter()
        .enumerate()
        .map(|(i, sun)| {
            let (surface, (iam_sky, iam_ground)) = match params.tracking {
                Tracking::Fixed => (fixed, fixed_diffuse_iam),
                Tracking::SingleAxis => {
                    let rotation = if sun.is_up() {
                        single_axis_rotation_deg(
                            sun,
                            params.max_angle_deg,
                            params.backtrack,
                            params.gcr,
                        )
                    } else {
                        0.0
                    };
                    let s = tracker_surface(rotation);
                    (s, diffuse_iam(s.tilt_deg, params.iam_a_r))
                }
            };
            let poa = poa_irradiance(
                &surface,
                sun,
                weather.ghi_w_per_m2[i],
                weather.dni_w_per_m2[i],
                weather.dhi_w_per_m2[i],
                params.albedo,
            );
            let effective = poa.beam_w_per_m2 * beam_iam(surface.cos_aoi(sun), params.iam_a_r)
                + poa.sky_diffuse_w_per_m2 * iam_sky
                + poa.ground_diffuse_w_per_m2 * iam_ground;
            let cell_c = faiman_cell_temp_c(
                poa.total_w_per_m2(),
                weather.air_temp_c[i],
                weather.wind_speed_m_per_s[i],
                params.faiman_u0_w_per_m2_k,
                params.faiman_u1_w_s_per_m3_k,
            );
            let dc_per_unit_dc = pvwatts_dc_per_unit(effective, cell_c, params.temp_coeff_per_c)
                * (1.0 - params.system_loss_frac);
            pvwatts_inverter_ac_per_unit(
                dc_per_unit_dc * params.dc_ac_ratio,
                params.inverter_efficiency,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::weather::{read_tmy3, test_support::shipped_tmy3};
    use super::*;

    fn greensboro() -> Weather {
        read_tmy3(&shipped_tmy3()).expect("read shipped TMY3")
    }

    #[test]
    fn fixed_tilt_profile_is_plausible() {
        let w = greensboro();
        let p = pv_profile(&w, &PvParams::default()).expect("profile");
        assert_eq!(p.capacity_factor.len(), 8760);
        assert!(p.capacity_factor.iter().all(|&c| (0.0..=1.0).contains(&c)));
        // Night (and any hour without irradiance) gives exactly zero.
        for i in 0..8760 {
            if w.ghi_w_per_m2[i] == 0.0 && w.dni_w_per_m2[i] == 0.0 && w.dhi_w_per_m2[i] == 0.0 {
                assert_eq!(p.capacity_factor[i], 0.0, "hour {i}");
            }
        }
        // PVWatts gives about 1,450-1,500 kWh/kWp_dc in Greensboro at latitude
        // tilt; per kW_ac with DC/AC 1.2 that is about 1,650-1,850 h.
        let flh = p.full_load_hours();
        assert!((1550.0..1900.0).contains(&flh), "{flh}");
        let s = p.summary();
        assert!(s.monthly_full_load_hours_h[5] > s.monthly_full_load_hours_h[11]);
    }

    #[test]
    fn tracking_beats_fixed() {
        let w = greensboro();
        let fixed = pv_profile(&w, &PvParams::default())
            .expect("fixed")
            .full_load_hours();
        let tracked = PvParams {
            tracking: Tracking::SingleAxis,
            ..PvParams::default()
        };
        let tracked = pv_profile(&w, &tracked).expect("tracked").full_load_hours();
        assert!(
            tracked > 1.08 * fixed && tracked < 1.35 * fixed,
            "{tracked} vs {fixed}"
        );
    }

    #[test]
    fn clipping_hits_exactly_one() {
        let mut w = greensboro();
        // A clear, cold, sunny year: 1000 W/m2-class irradiance at midday.
        for i in 0..8760 {
            w.dni_w_per_m2[i] = 900.0;
            w.dhi_w_per_m2[i] = 100.0;
            w.ghi_w_per_m2[i] = 1000.0;
            w.air_temp_c[i] = 0.0;
        }
        let params = PvParams {
            dc_ac_ratio: 1.5,
            ..PvParams::default()
        };
        let p = pv_profile(&w, &params).expect("profile");
        assert!(p.capacity_factor.iter().all(|&c| c <= 1.0));
        let at_one = p.capacity_factor.iter().filter(|&&c| c == 1.0).count();
        assert!(at_one > 1000, "{at_one} hours at exactly 1");
    }

    #[test]
    fn flh_scaling_hits_target() {
        let w = greensboro();
        let params = PvParams {
            target_full_load_hours: Some(1600.0),
            ..PvParams::default()
        };
        let p = pv_profile(&w, &params).expect("profile");
        let s = p.scaling.expect("scaled");
        assert!((p.full_load_hours() - 1600.0).abs() < 0.005 * 1600.0);
        assert!((s.achieved_h - p.full_load_hours()).abs() < 1e-6);
        assert!(
            s.factor < 1.0,
            "Greensboro fixed tilt exceeds 1600 h, so the factor is below 1"
        );
    }

    #[test]
    fn bad_parameters_are_rejected() {
        let w = greensboro();
        let bad = PvParams {
            temp_coeff_per_c: -0.37,
            ..PvParams::default()
        };
        let msg = pv_profile(&w, &bad)
            .expect_err("percent given as fraction")
            .to_string();
        assert!(msg.contains("temp_coeff_per_c"), "{msg}");
    }

    #[test]
    fn params_deserialize_with_defaults_and_reject_unknown_fields() {
        use serde::de::value::{Error, MapDeserializer};
        let numbers = MapDeserializer::<_, Error>::new(
            vec![("tilt_deg", 20.0), ("dc_ac_ratio", 1.3)].into_iter(),
        );
        let p = PvParams::deserialize(numbers).expect("numbers");
        assert_eq!((p.tilt_deg, p.dc_ac_ratio, p.gcr), (20.0, 1.3, 0.35));
        let words = MapDeserializer::<_, Error>::new(vec![("tracking", "single_axis")].into_iter());
        assert_eq!(
            PvParams::deserialize(words).expect("enum").tracking,
            Tracking::SingleAxis
        );
        let typo = MapDeserializer::<_, Error>::new(vec![("tilt", 20.0)].into_iter());
        let msg = PvParams::deserialize(typo)
            .expect_err("unknown field")
            .to_string();
        assert!(msg.contains("tilt"), "{msg}");
    }
}
