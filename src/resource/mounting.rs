//! Module orientation: fixed tilt, or a horizontal north–south single-axis
//! tracker with rotation limits and backtracking.

use serde::{Deserialize, Serialize};

use super::hourly_sun::HourSun;

/// Orientation of the module plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Surface {
    /// Tilt from horizontal, degrees (0 = flat).
    pub tilt_deg: f64,
    /// Azimuth the plane faces, degrees clockwise from north (180 = south).
    pub azimuth_deg: f64,
}

impl Surface {
    /// Cosine of the angle of incidence of the sun's rays on the plane:
    /// cos θ = cos z · cos β + sin z · sin β · cos(γₛ − γ), which may be
    /// negative when the sun is behind the plane (Duffie & Beckman,
    /// *Solar Engineering of Thermal Processes*, eq. 1.6.3).
    pub fn cos_aoi(&self, sun: &HourSun) -> f64 {
        let (z, b) = (sun.zenith_deg.to_radians(), self.tilt_deg.to_radians());
        let da = (sun.azimuth_deg - self.azimuth_deg).to_radians();
        z.cos() * b.cos() + z.sin() * b.sin() * da.cos()
    }
}

/// How the modules are mounted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tracking {
    /// Fixed tilt and azimuth.
    #[default]
    Fixed,
    /// Horizontal single axis running north–south, rotating east–west.
    SingleAxis,
}

/// Rotation of a horizontal N–S single-axis tracker, degrees, positive when
/// the modules face east.
///
/// The ideal angle puts the sun in the plane through the axis and the module
/// normal: R = atan2(sin z · sin γₛ, cos z) (Marion & Dobos, *Rotation angle
/// for the optimum tracking of one-axis trackers*, NREL/TP-6A20-58891, 2013,
/// eq. 7 for a horizontal axis). With backtracking, rows avoid shading each
/// other by turning back to R − sign(R)·acos(cos R / GCR) whenever
/// cos R < GCR (Lorenzo, Narvarte & Muñoz, *Tracking and back-tracking*,
/// Prog. Photovolt. 19 (2011) 747–753, for flat ground). The result is
/// limited to ±`max_angle_deg`.
pub fn single_axis_rotation_deg(
    sun: &HourSun,
    max_angle_deg: f64,
    backtrack: bool,
    gcr: f64,
) -> f64 {
    let z = sun.zenith_deg.to_radians();
    let x = z.sin() * sun.azimuth_deg.to_radians().sin();
    let ideal = x.atan2(z.cos().max(0.0));
    let mut r = ideal;
    if backtrack {
        let c = ideal.cos() / gcr;
        if c < 1.0 {
            r = ideal - ideal.signum() * c.clamp(-1.0, 1.0).acos();
        }
    }
    r.to_degrees().clamp(-max_angle_deg, max_angle_deg)
}

/// The plane of a horizontal N–S single-axis tracker at rotation `rotation_deg`.
pub fn tracker_surface(rotation_deg: f64) -> Surface {
    Surface {
        tilt_deg: rotation_deg.abs(),
        azimuth_deg: if rotation_deg >= 0.0 { 90.0 } else { 270.0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sun(zenith_deg: f64, azimuth_deg: f64) -> HourSun {
        HourSun {
            zenith_deg,
            azimuth_deg,
            earth_sun_distance_au: 1.0,
            sunlit_fraction: 1.0,
        }
    }

    #[test]
    fn aoi_of_plane_facing_the_sun_is_zero() {
        let s = Surface {
            tilt_deg: 40.0,
            azimuth_deg: 180.0,
        };
        assert!((s.cos_aoi(&sun(40.0, 180.0)) - 1.0).abs() < 1e-12);
        let flat = Surface {
            tilt_deg: 0.0,
            azimuth_deg: 180.0,
        };
        assert!((flat.cos_aoi(&sun(60.0, 97.0)) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn tracker_follows_sun_then_backtracks_and_limits() {
        // Morning sun due east at 30 degrees zenith: ideal rotation 30 deg east.
        let s = sun(30.0, 90.0);
        let r = single_axis_rotation_deg(&s, 60.0, false, 0.35);
        assert!((r - 30.0).abs() < 1e-9);
        assert!((tracker_surface(r).cos_aoi(&s) - 1.0).abs() < 1e-9);
        // Low sun due east at 80 degrees zenith: limited to 60 without backtracking.
        let low = sun(80.0, 90.0);
        assert_eq!(single_axis_rotation_deg(&low, 60.0, false, 0.35), 60.0);
        // With backtracking at GCR 0.35 the rows turn back towards flat:
        // acos(cos 80 / 0.35) = 60.3 deg, so R = 80 - 60.26 = 19.74 deg.
        let r = single_axis_rotation_deg(&low, 60.0, true, 0.35);
        assert!((r - 19.74).abs() < 0.02, "{r}");
        // Afternoon: negative (west-facing).
        assert!(single_axis_rotation_deg(&sun(30.0, 270.0), 60.0, true, 0.35) < 0.0);
        // Noon: flat.
        assert!(single_axis_rotation_deg(&sun(30.0, 180.0), 60.0, true, 0.35).abs() < 1e-9);
    }
}
