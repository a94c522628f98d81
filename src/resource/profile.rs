//! An hourly capacity-factor profile and its full-load-hour summary.

use std::path::PathBuf;

use super::flh_scaling::FlhScaling;
use super::weather::{Site, WeatherFormat};

/// Which technology a profile describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Technology {
    /// Photovoltaics; capacity factor per unit of inverter AC rating (MW_ac).
    Pv,
    /// Wind; capacity factor per unit of turbine nameplate power.
    Wind,
}

impl Technology {
    /// Column name in the profile CSV: `pv_cf` or `wind_cf`.
    pub fn column(self) -> &'static str {
        match self {
            Technology::Pv => "pv_cf",
            Technology::Wind => "wind_cf",
        }
    }

    /// What one unit of capacity means for this technology.
    pub fn capacity_basis(self) -> &'static str {
        match self {
            Technology::Pv => "per unit of inverter AC rating (MW_ac)",
            Technology::Wind => "per unit of turbine nameplate power (MW)",
        }
    }
}

/// Hourly capacity factors for one typical year (8760 values in 0..=1,
/// hour 0 = 1 January 00:00–01:00 in the weather file's clock) with the
/// description needed to reproduce them.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// PV or wind.
    pub technology: Technology,
    /// Capacity factor of each hour, MWh per MW of capacity, 0..=1.
    pub capacity_factor: Vec<f64>,
    /// Weather file the profile was computed from.
    pub weather_source: PathBuf,
    /// Layout of that file.
    pub weather_format: WeatherFormat,
    /// Site of the weather file.
    pub site: Site,
    /// Model name and parameter values, one `name = value` entry each.
    pub parameters: Vec<(String, String)>,
    /// Full-load-hour scaling applied, if any.
    pub scaling: Option<FlhScaling>,
}

/// Annual and monthly full-load hours of a profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProfileSummary {
    /// Σ capacity factor over the year, h.
    pub annual_full_load_hours_h: f64,
    /// Σ capacity factor over each calendar month, January first, h.
    pub monthly_full_load_hours_h: [f64; 12],
    /// Annual mean capacity factor, 0..=1.
    pub mean_capacity_factor: f64,
    /// Largest hourly capacity factor.
    pub peak_capacity_factor: f64,
}

impl Profile {
    /// Annual full-load hours: Σₜ CFₜ, h.
    pub fn full_load_hours(&self) -> f64 {
        self.capacity_factor.iter().sum()
    }

    /// Annual and monthly full-load hours, mean and peak capacity factor.
    /// Months follow the 365-day calendar of the weather year.
    pub fn summary(&self) -> ProfileSummary {
        let mut monthly = [0.0; 12];
        for (i, &cf) in self.capacity_factor.iter().enumerate() {
            let (month, _) = super::weather::month_day_of_hour(i);
            monthly[usize::from(month) - 1] += cf;
        }
        let annual = self.full_load_hours();
        ProfileSummary {
            annual_full_load_hours_h: annual,
            monthly_full_load_hours_h: monthly,
            mean_capacity_factor: annual / self.capacity_factor.len().max(1) as f64,
            peak_capacity_factor: self.capacity_factor.iter().copied().fold(0.0, f64::max),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_hours_add_up() {
        let p = Profile {
            technology: Technology::Pv,
            capacity_factor: vec![0.5; 8760],
            weather_source: PathBuf::from("x.csv"),
            weather_format: WeatherFormat::Tmy3,
            site: Site {
                name: String::new(),
                latitude_deg: 0.0,
                longitude_deg: 0.0,
                elevation_m: 0.0,
                utc_offset_h: 0.0,
            },
            parameters: vec![],
            scaling: None,
        };
        let s = p.summary();
        assert_eq!(s.annual_full_load_hours_h, 4380.0);
        assert_eq!(s.monthly_full_load_hours_h[0], 31.0 * 12.0);
        assert_eq!(s.monthly_full_load_hours_h[1], 28.0 * 12.0);
        assert!((s.monthly_full_load_hours_h.iter().sum::<f64>() - 4380.0).abs() < 1e-9);
        assert_eq!(s.peak_capacity_factor, 0.5);
    }
}
