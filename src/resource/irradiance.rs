//! Irradiance on the plane of array: beam, Perez 1990 sky diffuse and
//! ground-reflected components.

use super::hourly_sun::HourSun;
use super::mounting::Surface;

/// Solar constant, W/m² (Kopp & Lean, *Geophys. Res. Lett.* 38 (2011) L01706).
pub const SOLAR_CONSTANT_W_PER_M2: f64 = 1361.0;

/// Extraterrestrial irradiance normal to the sun's rays: E₀ = S / r²,
/// with r the earth–sun distance in AU.
pub fn extraterrestrial_normal_w_per_m2(earth_sun_distance_au: f64) -> f64 {
    SOLAR_CONSTANT_W_PER_M2 / (earth_sun_distance_au * earth_sun_distance_au)
}

/// Relative optical air mass by Kasten & Young (*Applied Optics* 28 (1989)
/// 4735): m = 1 / (cos z + 0.50572 (96.07995° − z)^−1.6364), z in degrees.
pub fn relative_air_mass(zenith_deg: f64) -> f64 {
    let z = zenith_deg.min(90.0);
    1.0 / (z.to_radians().cos() + 0.50572 * (96.07995 - z).powf(-1.6364))
}

/// Plane-of-array irradiance components, W/m².
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PoaIrradiance {
    /// Direct beam on the plane: DNI · max(0, cos θ).
    pub beam_w_per_m2: f64,
    /// Diffuse from the sky dome.
    pub sky_diffuse_w_per_m2: f64,
    /// Reflected from the ground.
    pub ground_diffuse_w_per_m2: f64,
}

impl PoaIrradiance {
    /// Sum of the three components, W/m².
    pub fn total_w_per_m2(&self) -> f64 {
        self.beam_w_per_m2 + self.sky_diffuse_w_per_m2 + self.ground_diffuse_w_per_m2
    }
}

/// Perez 1990 "all sites composite" coefficients, one row per sky-clearness
/// bin: f11, f12, f13, f21, f22, f23 (Perez, Ineichen, Seals, Michalsky &
/// Stewart, *Modeling daylight availability and irradiance components from
/// direct and global irradiance*, Solar Energy 44 (1990) 271–289, Table 6).
const PEREZ_1990: [[f64; 6]; 8] = [
    [-0.008, 0.588, -0.062, -0.060, 0.072, -0.022],
    [0.130, 0.683, -0.151, -0.019, 0.066, -0.029],
    [0.330, 0.487, -0.221, 0.055, -0.064, -0.026],
    [0.568, 0.187, -0.295, 0.109, -0.152, -0.014],
    [0.873, -0.392, -0.362, 0.226, -0.462, 0.001],
    [1.132, -1.237, -0.412, 0.288, -0.823, 0.056],
    [1.060, -1.600, -0.359, 0.264, -1.127, 0.131],
    [0.678, -0.327, -0.250, 0.156, -1.377, 0.251],
];

/// Upper bounds of the sky-clearness bins 1..7 (bin 8 is open-ended).
const CLEARNESS_BIN_UPPER: [f64; 7] = [1.065, 1.230, 1.500, 1.950, 2.800, 4.500, 6.200];

/// Sky diffuse irradiance on a tilted plane by the Perez 1990 model:
///
/// I_d = DHI · [(1 − F₁)(1 + cos β)/2 + F₁ a/b + F₂ sin β],
/// a = max(0, cos θ), b = max(cos 85°, cos z),
/// F₁ = max(0, f₁₁ + f₁₂Δ + f₁₃z), F₂ = f₂₁ + f₂₂Δ + f₂₃z,
/// ε = ((DHI + DNI)/DHI + κz³)/(1 + κz³), κ = 1.041, Δ = DHI·m/E₀,
///
/// with z the zenith in radians, β the tilt, θ the angle of incidence, m the
/// relative air mass and fᵢⱼ from the ε bin (Perez et al. 1990, eqs. 1–9).
/// Without sun (z ≥ 90°) the sky is taken as isotropic.
pub fn perez_sky_diffuse_w_per_m2(
    surface: &Surface,
    sun: &HourSun,
    dni_w_per_m2: f64,
    dhi_w_per_m2: f64,
) -> f64 {
    let beta = surface.tilt_deg.to_radians();
    let isotropic = dhi_w_per_m2 * (1.0 + beta.cos()) / 2.0;
    if dhi_w_per_m2 <= 0.0 || !sun.is_up() || sun.zenith_deg >= 90.0 {
        return isotropic.max(0.0);
    }
    let z = sun.zenith_deg.to_radians();
    let kz3 = 1.041 * z.powi(3);
    let epsilon = ((dhi_w_per_m2 + dni_w_per_m2) / dhi_w_per_m2 + kz3) / (1.0 + kz3);
    let bin = CLEARNESS_BIN_UPPER
        .iter()
        .position(|&upper| epsilon < upper)
        .unwrap_or(CLEARNESS_BIN_UPPER.len());
    let [f11, f12, f13, f21, f22, f23] = PEREZ_1990[bin];
    let delta = dhi_w_per_m2 * relative_air_mass(sun.zenith_deg)
        / extraterrestrial_normal_w_per_m2(sun.earth_sun_distance_au);
    let f1 = (f11 + f12 * delta + f13 * z).max(0.0);
    let f2 = f21 + f22 * delta + f23 * z;
    let a = surface.cos_aoi(sun).max(0.0);
    let b = z.cos().max(85f64.to_radians().cos());
    (dhi_w_per_m2 * ((1.0 - f1) * (1.0 + beta.cos()) / 2.0 + f1 * a / b + f2 * beta.sin())).max(0.0)
}

/// Ground-reflected irradiance from an isotropic ground of reflectance
/// `albedo`: GHI · ρ · (1 − cos β)/2 (Liu & Jordan 1963).
pub fn ground_reflected_w_per_m2(surface: &Surface, ghi_w_per_m2: f64, albedo: f64) -> f64 {
    ghi_w_per_m2 * albedo * (1.0 - surface.tilt_deg.to_radians().cos()) / 2.0
}

/// All plane-of-array components for one hour.
pub fn poa_irradiance(
    surface: &Surface,
    sun: &HourSun,
    ghi_w_per_m2: f64,
    dni_w_per_m2: f64,
    dhi_w_per_m2: f64,
    albedo: f64,
) -> PoaIrradiance {
    let beam = if sun.is_up() {
        dni_w_per_m2 * surface.cos_aoi(sun).max(0.0)
    } else {
        0.0
    };
    PoaIrradiance {
        beam_w_per_m2: beam,
        sky_diffuse_w_per_m2: perez_sky_diffuse_w_per_m2(surface, sun, dni_w_per_m2, dhi_w_per_m2),
        ground_diffuse_w_per_m2: ground_reflected_w_per_m2(surface, ghi_w_per_m2, albedo),
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

    const FLAT: Surface = Surface {
        tilt_deg: 0.0,
        azimuth_deg: 180.0,
    };

    #[test]
    fn horizontal_plane_receives_ghi() {
        // Consistent inputs: GHI = DNI cos z + DHI.
        for (z, dni, dhi) in [
            (30.0, 850.0, 90.0),
            (60.0, 400.0, 150.0),
            (80.0, 100.0, 40.0),
            (20.0, 0.0, 300.0),
        ] {
            let s = sun(z, 150.0);
            let ghi = dni * f64::cos(f64::to_radians(z)) + dhi;
            let poa = poa_irradiance(&FLAT, &s, ghi, dni, dhi, 0.2);
            assert!(
                (poa.total_w_per_m2() - ghi).abs() < 1e-9,
                "z={z}: {poa:?} vs {ghi}"
            );
            assert!((perez_sky_diffuse_w_per_m2(&FLAT, &s, dni, dhi) - dhi).abs() < 1e-9);
        }
    }

    #[test]
    fn night_gives_nothing() {
        let night = HourSun {
            sunlit_fraction: 0.0,
            zenith_deg: 110.0,
            ..sun(110.0, 0.0)
        };
        let s = Surface {
            tilt_deg: 35.0,
            azimuth_deg: 180.0,
        };
        assert_eq!(
            poa_irradiance(&s, &night, 0.0, 0.0, 0.0, 0.2).total_w_per_m2(),
            0.0
        );
    }

    #[test]
    fn tilted_south_plane_gains_in_winter_clear_sky() {
        // Winter noon, clear: 35 deg south tilt sees more than the horizontal.
        let s = sun(60.0, 180.0);
        let (dni, dhi) = (800.0, 80.0);
        let ghi = dni * 0.5 + dhi;
        let tilted = Surface {
            tilt_deg: 35.0,
            azimuth_deg: 180.0,
        };
        let poa = poa_irradiance(&tilted, &s, ghi, dni, dhi, 0.2);
        assert!(poa.total_w_per_m2() > 1.4 * ghi, "{poa:?}");
        // Circumsolar brightening: Perez gives more sky diffuse than isotropic here.
        let iso = dhi * (1.0 + 35f64.to_radians().cos()) / 2.0;
        assert!(poa.sky_diffuse_w_per_m2 > iso);
        // A vertical plane gets half the ground-reflected GHI·albedo.
        let wall = Surface {
            tilt_deg: 90.0,
            azimuth_deg: 180.0,
        };
        assert!((ground_reflected_w_per_m2(&wall, 500.0, 0.2) - 50.0).abs() < 1e-9);
    }

    #[test]
    fn air_mass_values() {
        assert!((relative_air_mass(0.0) - 1.0).abs() < 0.001);
        assert!((relative_air_mass(60.0) - 1.995).abs() < 0.01);
        assert!((relative_air_mass(90.0) - 37.9).abs() < 0.5);
    }
}
