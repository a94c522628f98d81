//! The sun position that represents each hour of a weather year.
//!
//! Weather values are means over an hour, so the sun is evaluated at the
//! mid-point of the hour (hour-ending stamp `hh:00` → `hh−0.5 h`). In the
//! hours of sunrise and sunset only part of the hour is sunlit: the sun is
//! then evaluated at the mid-point of the sunlit part, found by bisection on
//! the apparent elevation, as the System Advisor Model does (Gilman et al.,
//! *SAM Photovoltaic Model Technical Reference Update*, NREL/TP-6A20-67399,
//! 2018, §"Sun position").

use super::solar_position::{delta_t_s, sun_position, Observer, SunPosition};
use super::weather::Weather;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// What an hourly sun series depends on: the observer (latitude, longitude, elevation,
/// pressure, temperature) and each hour's start (Julian day) with its ΔT, as bits.
type SunKey = ([u64; 5], Vec<(u64, u64)>);

/// Series computed in this process, by what they depend on. Parks of one province or the
/// runs of one batch read the same weather file: the sun positions (two thirds of the time
/// of turning weather into a PV profile) are computed once.
static SERIES: OnceLock<Mutex<HashMap<SunKey, Arc<Vec<HourSun>>>>> = OnceLock::new();

/// Most series kept (a few weather files at a time).
const MAX_SERIES: usize = 16;

/// Sun position representing one hour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourSun {
    /// Apparent zenith angle at the representative instant, degrees.
    pub zenith_deg: f64,
    /// Azimuth at the representative instant, degrees clockwise from north.
    pub azimuth_deg: f64,
    /// Earth–sun distance, AU.
    pub earth_sun_distance_au: f64,
    /// Fraction of the hour with the sun's centre above the apparent horizon, 0..=1.
    pub sunlit_fraction: f64,
}

impl HourSun {
    /// Whether the sun is above the horizon for any part of the hour.
    pub fn is_up(&self) -> bool {
        self.sunlit_fraction > 0.0
    }
}

/// Standard sea-level pressure, Pa.
pub const SEA_LEVEL_PRESSURE_PA: f64 = 101_325.0;

/// Station pressure at `elevation_m` in the standard atmosphere (ICAO):
/// p = 101 325 Pa · (1 − 2.25577·10⁻⁵ · z)^5.25588.
pub fn barometric_pressure_pa(elevation_m: f64) -> f64 {
    SEA_LEVEL_PRESSURE_PA * (1.0 - 2.25577e-5 * elevation_m).powf(5.25588)
}

/// Representative sun position for every hour of `weather`, one per hour. Refraction uses
/// the site's annual mean temperature and pressure (pressure from the file, else from
/// elevation by [`barometric_pressure_pa`]). Computed once per process for the same site
/// and hours.
pub fn hourly_sun(weather: &Weather) -> Arc<Vec<HourSun>> {
    let n = weather.air_temp_c.len();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let pressure_pa = weather
        .pressure_pa
        .as_deref()
        .map(mean)
        .unwrap_or_else(|| barometric_pressure_pa(weather.site.elevation_m));
    let observer = Observer {
        latitude_deg: weather.site.latitude_deg,
        longitude_deg: weather.site.longitude_deg,
        elevation_m: weather.site.elevation_m,
        pressure_mbar: pressure_pa / 100.0,
        temp_c: mean(&weather.air_temp_c),
    };
    let hours: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let s = weather.stamps[i];
            let dt = delta_t_s(f64::from(s.year) + (f64::from(s.month) - 0.5) / 12.0);
            (weather.interval_start_julian_day(i), dt)
        })
        .collect();
    let key: SunKey = (
        [
            observer.latitude_deg.to_bits(),
            observer.longitude_deg.to_bits(),
            observer.elevation_m.to_bits(),
            observer.pressure_mbar.to_bits(),
            observer.temp_c.to_bits(),
        ],
        hours
            .iter()
            .map(|(jd, dt)| (jd.to_bits(), dt.to_bits()))
            .collect(),
    );
    let cache = SERIES.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return found;
    }
    let series = Arc::new(
        hours
            .iter()
            .map(|(start, dt)| hour_sun(*start, *dt, &observer))
            .collect::<Vec<_>>(),
    );
    if let Ok(mut c) = cache.lock() {
        if c.len() >= MAX_SERIES {
            c.clear();
        }
        c.insert(key, series.clone());
    }
    series
}

/// Sun for the hour starting at Julian day `start` (UT).
fn hour_sun(start: f64, delta_t: f64, obs: &Observer) -> HourSun {
    const HOUR_D: f64 = 1.0 / 24.0;
    let at = |jd: f64| sun_position(jd, delta_t, obs);
    let (p0, p1) = (at(start), at(start + HOUR_D));
    let (up0, up1) = (p0.elevation_deg > 0.0, p1.elevation_deg > 0.0);
    let (from, to) = match (up0, up1) {
        (true, true) => return from_position(&at(start + 0.5 * HOUR_D), 1.0),
        (false, true) => (crossing(start, start + HOUR_D, &at), start + HOUR_D),
        (true, false) => (start, crossing(start, start + HOUR_D, &at)),
        (false, false) => {
            let mid = at(start + 0.5 * HOUR_D);
            // Polar edge case: up only in the middle of the hour.
            let fraction = if mid.elevation_deg > 0.0 { 0.5 } else { 0.0 };
            return from_position(&mid, fraction);
        }
    };
    from_position(&at(0.5 * (from + to)), (to - from) / HOUR_D)
}

fn from_position(p: &SunPosition, sunlit_fraction: f64) -> HourSun {
    HourSun {
        zenith_deg: p.zenith_deg,
        azimuth_deg: p.azimuth_deg,
        earth_sun_distance_au: p.earth_sun_distance_au,
        sunlit_fraction,
    }
}

/// Instant in [a, b] where the apparent elevation changes sign, to ~4 s.
fn crossing(a: f64, b: f64, at: &impl Fn(f64) -> SunPosition) -> f64 {
    let up_at_a = at(a).elevation_deg > 0.0;
    let (mut lo, mut hi) = (a, b);
    for _ in 0..10 {
        let mid = 0.5 * (lo + hi);
        if (at(mid).elevation_deg > 0.0) == up_at_a {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::super::weather::{read_tmy3, test_support::shipped_tmy3};
    use super::*;

    #[test]
    fn greensboro_hours_make_sense() {
        let w = read_tmy3(&shipped_tmy3()).expect("read");
        let sun = hourly_sun(&w);
        // 1 Jan: hour ending 03:00 is night, hour ending 13:00 is near noon.
        assert!(!sun[2].is_up());
        assert!(
            sun[12].is_up() && sun[12].sunlit_fraction == 1.0,
            "{:?}",
            sun[12]
        );
        // Winter noon at 36.1 N: zenith ≈ 36.1 + 23.0 = 59 degrees, sun to the south.
        assert!(
            (sun[12].zenith_deg - 59.2).abs() < 1.5,
            "{}",
            sun[12].zenith_deg
        );
        assert!((sun[12].azimuth_deg - 180.0).abs() < 15.0);
        // Sunrise on 1 Jan in Greensboro is about 07:30 EST: the hour
        // 07:00-08:00 (stamp 08:00, index 7) is partly sunlit.
        assert!(
            sun[7].sunlit_fraction > 0.2 && sun[7].sunlit_fraction < 0.8,
            "{:?}",
            sun[7]
        );
        assert!(sun[7].zenith_deg < 90.0);
        // Hours with sun match hours with measured daylight almost everywhere.
        let disagree = (0..8760)
            .filter(|&i| (w.ghi_w_per_m2[i] > 20.0) != sun[i].is_up())
            .filter(|&i| w.ghi_w_per_m2[i] > 20.0)
            .count();
        assert_eq!(disagree, 0, "hours with GHI > 20 W/m² but no sun");
        let sunlit_hours: f64 = sun.iter().map(|s| s.sunlit_fraction).sum();
        assert!((sunlit_hours - 4400.0).abs() < 80.0, "{sunlit_hours}");
    }

    #[test]
    fn barometric_formula() {
        assert_eq!(barometric_pressure_pa(0.0), SEA_LEVEL_PRESSURE_PA);
        assert!((barometric_pressure_pa(1500.0) - 84_556.0).abs() < 50.0);
    }
}
