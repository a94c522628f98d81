//! Scaling a profile to a target number of annual full-load hours.
//!
//! PV output is scaled directly (with capacity factors clipped at 1); wind is
//! scaled through the wind speed ahead of the power curve, never by
//! multiplying output, so the profile keeps the shape of a real turbine's
//! response (flat at rated power, zero below cut-in).

use super::error::ResourceError;

/// What was multiplied to reach the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaledQuantity {
    /// Hourly PV output (capacity factors clipped at 1).
    PvOutput,
    /// Hourly hub-height wind speed, ahead of the power curve.
    WindSpeed,
}

impl ScaledQuantity {
    /// What was multiplied, in words: `PV output`, `hub-height wind speed`.
    pub fn words(self) -> &'static str {
        match self {
            ScaledQuantity::PvOutput => "PV output",
            ScaledQuantity::WindSpeed => "hub-height wind speed",
        }
    }
}

/// Record of a full-load-hour scaling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlhScaling {
    /// What was multiplied.
    pub quantity: ScaledQuantity,
    /// Requested annual full-load hours, h.
    pub target_h: f64,
    /// Multiplier found.
    pub factor: f64,
    /// Annual full-load hours before scaling, h.
    pub unscaled_h: f64,
    /// Annual full-load hours reached, h.
    pub achieved_h: f64,
    /// Hours whose capacity factor was clipped at 1 by the scaling (PV only).
    pub clipped_hours: usize,
}

/// Relative tolerance of the solvers on the full-load hours.
const REL_TOL: f64 = 1e-6;

fn check_target(target_h: f64) -> Result<(), ResourceError> {
    if target_h.is_finite() && target_h > 0.0 && target_h < 8760.0 {
        Ok(())
    } else {
        Err(ResourceError::InvalidParameter {
            name: "target_full_load_hours",
            value: target_h,
            reason: "must lie between 0 and 8760 h",
        })
    }
}

/// Scales hourly capacity factors `cf` by the factor s that makes
/// Σ min(1, s·cfₜ) equal `target_h` (found by bisection; the sum is
/// monotone in s). Returns the scaled profile and the record.
///
/// # Errors
/// [`ResourceError::InvalidParameter`] for a target outside (0, 8760) h;
/// [`ResourceError::TargetUnreachable`] when the target is not below the
/// number of hours with any output (the most that clipping at 1 allows).
pub fn scale_output_to_flh(
    cf: &[f64],
    target_h: f64,
) -> Result<(Vec<f64>, FlhScaling), ResourceError> {
    check_target(target_h)?;
    let flh = |s: f64| cf.iter().map(|&c| (s * c).min(1.0)).sum::<f64>();
    let unscaled_h = flh(1.0);
    let productive_hours = cf.iter().filter(|&&c| c > 0.0).count() as f64;
    if target_h >= productive_hours {
        return Err(ResourceError::TargetUnreachable {
            target_h,
            best_h: productive_hours,
            reason: "every hour with output would have to run at full load",
        });
    }
    let mut hi = 1.0;
    while flh(hi) < target_h {
        hi *= 2.0;
    }
    let factor = bisect(0.0, hi, target_h, flh);
    let scaled: Vec<f64> = cf.iter().map(|&c| (factor * c).min(1.0)).collect();
    let clipped_hours = cf.iter().filter(|&&c| c < 1.0 && factor * c >= 1.0).count();
    let achieved_h = scaled.iter().sum();
    Ok((
        scaled,
        FlhScaling {
            quantity: ScaledQuantity::PvOutput,
            target_h,
            factor,
            unscaled_h,
            achieved_h,
            clipped_hours,
        },
    ))
}

/// Largest wind-speed factor tried.
const MAX_WIND_FACTOR: f64 = 5.0;
/// Step of the bracketing scan over wind-speed factors.
const WIND_FACTOR_STEP: f64 = 0.05;

/// The full-load hours at every step of the scan of [`solve_wind_speed_factor`]: element
/// `s − 1` is `flh_at(s · 0.05)` for s = 1..=100 (factors 0.05 to 5). It depends on the
/// site, the turbine and the losses, not on the target: parks that share them share it.
pub fn wind_factor_scan(flh_at: impl Fn(f64) -> f64) -> Vec<f64> {
    let steps = (MAX_WIND_FACTOR / WIND_FACTOR_STEP).round() as usize;
    (1..=steps)
        .map(|step| flh_at(step as f64 * WIND_FACTOR_STEP))
        .collect()
}

/// Finds the wind-speed factor k at which `flh_at(k)` (annual full-load
/// hours with every hub-height speed multiplied by k) reaches `target_h`.
/// Full-load hours rise with k until cut-out starts to bite, so the smallest
/// bracketing step is found by a scan in steps of 0.05 and refined by
/// bisection. `scan` is [`wind_factor_scan`] of the same `flh_at` (it does not depend on
/// the target, so parks that share a site and a turbine share it).
///
/// # Errors
/// [`ResourceError::InvalidParameter`] for a target outside (0, 8760) h;
/// [`ResourceError::TargetUnreachable`] when no k ≤ 5 reaches the target.
pub fn solve_wind_speed_factor(
    target_h: f64,
    scan: &[f64],
    flh_at: impl Fn(f64) -> f64,
) -> Result<FlhScaling, ResourceError> {
    check_target(target_h)?;
    let Some(step) = scan.iter().position(|h| *h >= target_h) else {
        return Err(ResourceError::TargetUnreachable {
            target_h,
            best_h: scan.iter().copied().fold(0.0, f64::max),
            reason: "wind speeds up to 5 times the file's do not get there",
        });
    };
    let k = (step + 1) as f64 * WIND_FACTOR_STEP;
    let factor = bisect(k - WIND_FACTOR_STEP, k, target_h, &flh_at);
    Ok(FlhScaling {
        quantity: ScaledQuantity::WindSpeed,
        target_h,
        factor,
        unscaled_h: flh_at(1.0),
        achieved_h: flh_at(factor),
        clipped_hours: 0,
    })
}

/// Bisection for f(x) = target on [lo, hi] with f non-decreasing,
/// f(lo) < target ≤ f(hi).
fn bisect(mut lo: f64, mut hi: f64, target: f64, f: impl Fn(f64) -> f64) -> f64 {
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        let v = f(mid);
        if (v - target).abs() <= REL_TOL * target {
            return mid;
        }
        if v < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_scaling_hits_target_and_clips() {
        let cf: Vec<f64> = (0..8760)
            .map(|i| {
                if i % 24 < 12 {
                    0.1 + 0.5 * ((i % 24) as f64 / 12.0)
                } else {
                    0.0
                }
            })
            .collect();
        let (scaled, rec) = scale_output_to_flh(&cf, 3000.0).expect("reachable");
        assert!((rec.achieved_h - 3000.0).abs() < 0.005 * 3000.0);
        assert!(scaled.iter().all(|&c| (0.0..=1.0).contains(&c)));
        assert!(rec.clipped_hours > 0 && rec.factor > 1.0);
        assert!(scale_output_to_flh(&cf, 5000.0).is_err());
        assert!(scale_output_to_flh(&cf, -1.0).is_err());
    }

    #[test]
    fn wind_factor_is_found_on_monotone_function() {
        // Toy turbine: full-load hours grow with k then fall past cut-out.
        let flh = |k: f64| {
            if k < 3.0 {
                1000.0 * k
            } else {
                3000.0 - 500.0 * (k - 3.0)
            }
        };
        let scan = wind_factor_scan(flh);
        let rec = solve_wind_speed_factor(2800.0, &scan, flh).expect("reachable");
        assert!((rec.factor - 2.8).abs() < 1e-3, "{}", rec.factor);
        assert!((rec.achieved_h - 2800.0).abs() < 0.005 * 2800.0);
        let err = solve_wind_speed_factor(3500.0, &scan, flh).expect_err("unreachable");
        assert!(err.to_string().contains("at most 3000"), "{err}");
    }
}
