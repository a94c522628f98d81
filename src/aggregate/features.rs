//! What days are compared by: each day a vector of its hourly series, every series scaled to
//! [0, 1] over the year (tsam's min-max normalisation), and the extreme days kept whole.

use crate::scenario::park::{Park, SeriesKind};
use crate::scenario::spec::ExtremeDay;

/// Hours of a day.
pub const HOURS_PER_DAY: usize = 24;
/// Days of the (non-leap) year.
pub const DAYS_PER_YEAR: usize = 365;

/// The feature vector of each day of the year: the named series, each min-max normalised
/// over the year (a constant series contributes zeros), 24 values per series per day.
pub fn day_vectors(park: &Park, features: &[String]) -> Vec<Vec<f64>> {
    let series: Vec<Vec<f64>> = park
        .series()
        .into_iter()
        .filter(|(name, _, _)| features.contains(name))
        .map(|(_, _, values)| normalised(values))
        .collect();
    (0..DAYS_PER_YEAR)
        .map(|d| {
            series
                .iter()
                .flat_map(|s| {
                    s[d * HOURS_PER_DAY..(d + 1) * HOURS_PER_DAY]
                        .iter()
                        .copied()
                })
                .collect()
        })
        .collect()
}

fn normalised(values: &[f64]) -> Vec<f64> {
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    if hi > lo {
        values.iter().map(|v| (v - lo) / (hi - lo)).collect()
    } else {
        vec![0.0; values.len()]
    }
}

/// The renewable resource of each hour relative to its yearly mean: the mean over PV and wind
/// of `cf_t / mean(cf)` (1 on an average hour), or None without PV and wind.
fn relative_renewables(park: &Park) -> Option<Vec<f64>> {
    let series: Vec<&[f64]> = park
        .series()
        .into_iter()
        .filter(|(_, kind, _)| *kind == SeriesKind::CapacityFactor)
        .map(|(_, _, v)| v)
        .collect();
    if series.is_empty() {
        return None;
    }
    let hours = park.time.len();
    let mut relative = vec![0.0; hours];
    for cf in &series {
        let mean = cf.iter().sum::<f64>() / hours as f64;
        if mean > 0.0 {
            for (r, c) in relative.iter_mut().zip(cf.iter()) {
                *r += c / mean / series.len() as f64;
            }
        }
    }
    Some(relative)
}

/// The day (0-based) of the year that `extreme` picks, or None when the park has nothing it
/// reads (no PV or wind for `min_renewable`, no heat for `peak_heat`).
///
/// - `peak_net_load`: the hour of highest `L_t − mean(L) · r_t`, the load less a PV and wind
///   fleet that makes the mean load on average (`r_t` from the capacity factors);
/// - `min_renewable`: the day of least `Σ_h r_t`;
/// - `peak_load`, `peak_heat`: the hour of highest electricity load or heat demand.
pub fn extreme_day(park: &Park, extreme: ExtremeDay) -> Option<usize> {
    let argmax = |values: &[f64]| -> usize {
        values
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
            .map_or(0, |(t, _)| t)
    };
    let load = &park.electric_load_mw;
    match extreme {
        ExtremeDay::PeakLoad => Some(argmax(load) / HOURS_PER_DAY),
        ExtremeDay::PeakHeat => {
            let heat = &park.heat.as_ref()?.demand_mw_th;
            heat.iter()
                .any(|h| *h > 0.0)
                .then(|| argmax(heat) / HOURS_PER_DAY)
        }
        ExtremeDay::PeakNetLoad => {
            let mean = load.iter().sum::<f64>() / load.len() as f64;
            let net: Vec<f64> = match relative_renewables(park) {
                Some(r) => load.iter().zip(&r).map(|(l, r)| l - mean * r).collect(),
                None => load.clone(),
            };
            Some(argmax(&net) / HOURS_PER_DAY)
        }
        ExtremeDay::MinRenewable => {
            let r = relative_renewables(park)?;
            let daily: Vec<f64> = r
                .chunks(HOURS_PER_DAY)
                .map(|d| -d.iter().sum::<f64>())
                .collect();
            Some(argmax(&daily))
        }
    }
}
