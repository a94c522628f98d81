//! Angle-of-incidence (reflection) losses by the Martin–Ruiz model.
//!
//! N. Martín and J. M. Ruiz, *Calculation of the PV modules angular losses
//! under field conditions by means of an analytical model*, Solar Energy
//! Materials & Solar Cells 70 (2001) 25–38, with the corrigendum in vol. 110
//! (2013) 154; the diffuse coefficient c₂ = 0.5·aᵣ − 0.154 is from
//! IEC 61853-3:2018 §7.2. aᵣ = 0.16 is typical of glass-covered c-Si modules.

use std::f64::consts::PI;

/// Typical angular-loss coefficient aᵣ of glass-fronted crystalline modules.
pub const DEFAULT_A_R: f64 = 0.16;

/// Beam incidence-angle modifier:
/// IAM(θ) = (1 − exp(−cos θ / aᵣ)) / (1 − exp(−1 / aᵣ)), 0 for θ ≥ 90°.
pub fn beam_iam(cos_aoi: f64, a_r: f64) -> f64 {
    if cos_aoi <= 0.0 {
        return 0.0;
    }
    (1.0 - (-cos_aoi / a_r).exp()) / (1.0 - (-1.0 / a_r).exp())
}

/// Incidence-angle modifiers of isotropic sky and ground diffuse light on a
/// plane tilted `tilt_deg`:
/// IAM = 1 − exp(−(c₁ + c₂·t)·t / aᵣ), c₁ = 4/(3π), c₂ = 0.5aᵣ − 0.154, with
/// t_sky = sin β + (π − β − sin β)/(1 + cos β) and
/// t_ground = sin β + (β − sin β)/(1 − cos β).
/// Returns (sky, ground).
pub fn diffuse_iam(tilt_deg: f64, a_r: f64) -> (f64, f64) {
    // The ground term is 0/0 at β = 0 (its limit is 0); nudge as pvlib does.
    let beta = tilt_deg.clamp(1e-6, 180.0 - 1e-6).to_radians();
    let (s, c) = (beta.sin(), beta.cos());
    let c1 = 4.0 / (3.0 * PI);
    let c2 = 0.5 * a_r - 0.154;
    let iam = |t: f64| 1.0 - (-(c1 + c2 * t) * t / a_r).exp();
    (
        iam(s + (PI - beta - s) / (1.0 + c)),
        iam(s + (beta - s) / (1.0 - c)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beam_iam_shape() {
        assert!((beam_iam(1.0, DEFAULT_A_R) - 1.0).abs() < 1e-12);
        // At 60 degrees: (1 - e^-3.125) / (1 - e^-6.25) = 0.95791.
        let at60 = beam_iam(60f64.to_radians().cos(), DEFAULT_A_R);
        assert!((at60 - 0.95791).abs() < 1e-5, "{at60}");
        let at80 = beam_iam(80f64.to_radians().cos(), DEFAULT_A_R);
        assert!(at80 < 0.7, "{at80}");
        assert_eq!(beam_iam(-0.1, DEFAULT_A_R), 0.0);
    }

    #[test]
    fn diffuse_iam_values() {
        // Horizontal: sky about 0.95, ground 0.
        let (sky, ground) = diffuse_iam(0.0, DEFAULT_A_R);
        assert!((sky - 0.951).abs() < 0.002, "{sky}");
        assert!(ground < 1e-3);
        // Vertical: sky and ground see the same half space.
        let (sky, ground) = diffuse_iam(90.0, DEFAULT_A_R);
        assert!((sky - ground).abs() < 1e-9);
    }
}
