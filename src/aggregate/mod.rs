//! Typical days (time-series aggregation, formulation §1): the 365 days of a full-year park
//! are clustered into a few representative days, each weighted by the days it stands for,
//! and the park is rewritten on that shorter axis ([`TimeAxis`] with [`TypicalDays`]), which
//! every model component reads as it reads any axis. Stores are linked across the year by the
//! model (Kotzur et al. 2018, "Time series aggregation for energy system design: modeling
//! seasonal storage", Applied Energy 213).
//!
//! Sits between `scenario` (it reads and writes a [`Park`]) and `model`.

pub mod cluster;
pub mod features;

use crate::scenario::park::{
    DeliveryWindowData, HydrogenDemand, Park, SeriesKind, TimeAxis, TypicalDays, HOURS_PER_YEAR,
};
use crate::scenario::spec::{
    AggregationSpec, ClusterMethod, ExtremeDay, Representation, StorageLinking,
};
use crate::scenario::tariff::month_of_hour;
use features::{day_vectors, extreme_day, DAYS_PER_YEAR, HOURS_PER_DAY};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Instant;

/// Why a park cannot be aggregated.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AggregateError {
    /// Typical days stand for a full year; a cut cannot be clustered.
    #[error("typical days need the full year (horizon 0 + 8760 h), got {hours} h")]
    NotFullYear {
        /// Hours of the park's axis.
        hours: usize,
    },
    /// The number of days is out of range.
    #[error("horizon.typical_days: must be in 1..=365 and above the {extremes} extreme days, got {days}")]
    Days {
        /// Days asked for.
        days: usize,
        /// Distinct extreme days.
        extremes: usize,
    },
    /// A feature names no series of the park.
    #[error("horizon.aggregation.features: must be series of this park ({known}), got {name}")]
    UnknownFeature {
        /// The name given.
        name: String,
        /// The names known.
        known: String,
    },
}

/// One typical day.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TypicalDayReport {
    /// The calendar day it is (its medoid), 0-based day of the year.
    pub day_of_year: usize,
    /// That day as `MM-DD`.
    pub date: String,
    /// Days of the year it stands for (its weight).
    pub weight_days: usize,
    /// Which extreme it was kept for, when it is an extreme day (weight 1).
    pub extreme: Option<ExtremeDay>,
}

/// How the typical days were made (`plan.json` → `aggregation`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AggregationReport {
    /// Clustering method.
    pub method: ClusterMethod,
    /// Number of typical days.
    pub typical_days: usize,
    /// Storage linking across days.
    pub storage_linking: StorageLinking,
    /// How the typical days' values are made.
    pub representation: Representation,
    /// Series clustered.
    pub features: Vec<String>,
    /// The typical days, in calendar order.
    pub days: Vec<TypicalDayReport>,
    /// The typical day (index into `days`) standing for each day of the year.
    pub day_to_typical_day: Vec<usize>,
    /// Factor applied to each amount and capacity factor series on the clustered (not
    /// extreme) days so that the year's total is kept.
    pub rescaling: BTreeMap<String, f64>,
    /// Wall time of the clustering and rewriting, seconds.
    pub clustering_seconds: f64,
}

/// The names of the park's hourly series, which `features` may name.
pub fn feature_names(park: &Park) -> Vec<String> {
    park.series().into_iter().map(|(name, _, _)| name).collect()
}

/// `MM-DD` of day `day` (0-based) of a non-leap year.
pub fn date_of_day(day: usize) -> String {
    let months = month_of_hour();
    let month = months[(day * HOURS_PER_DAY).min(HOURS_PER_YEAR - 1)];
    let first = (0..day)
        .filter(|d| months[d * HOURS_PER_DAY] == month)
        .count();
    format!("{:02}-{:02}", month + 1, first + 1)
}

/// Clusters the days of `park` (a full year) into `days` typical days as `spec` says and
/// returns the park on typical days with the report.
///
/// # Errors
/// [`AggregateError`] when the park is not a full year, `days` is out of range, or a feature
/// names no series.
pub fn aggregate(
    park: &Park,
    days: usize,
    spec: &AggregationSpec,
) -> Result<(Park, AggregationReport), AggregateError> {
    let started = Instant::now();
    if park.time.len() != HOURS_PER_YEAR || park.time.hour_of_year[0] != 0 {
        return Err(AggregateError::NotFullYear {
            hours: park.time.len(),
        });
    }
    let known = feature_names(park);
    let features = match &spec.features {
        Some(list) => {
            if let Some(name) = list.iter().find(|n| !known.contains(n)) {
                return Err(AggregateError::UnknownFeature {
                    name: name.clone(),
                    known: known.join(", "),
                });
            }
            list.clone()
        }
        None => known,
    };

    // Extreme days, each kept once, in the order asked.
    let mut extremes: Vec<(usize, ExtremeDay)> = Vec::new();
    for extreme in &spec.extreme_days() {
        if let Some(day) = extreme_day(park, *extreme) {
            if !extremes.iter().any(|(d, _)| *d == day) {
                extremes.push((day, *extreme));
            }
        }
    }
    if days == 0 || days > DAYS_PER_YEAR || days <= extremes.len() {
        return Err(AggregateError::Days {
            days,
            extremes: extremes.len(),
        });
    }

    // Cluster the other days.
    let vectors = day_vectors(park, &features);
    let ordinary: Vec<usize> = (0..DAYS_PER_YEAR)
        .filter(|d| !extremes.iter().any(|(e, _)| e == d))
        .collect();
    let points: Vec<Vec<f64>> = ordinary.iter().map(|d| vectors[*d].clone()).collect();
    let k = days - extremes.len();
    let clusters = match spec.method {
        ClusterMethod::Hierarchical => cluster::hierarchical(&points, k),
        ClusterMethod::Kmedoids => cluster::kmedoids(&points, k),
    };

    // Periods: (representative day, member days, extreme), in calendar order.
    let mut periods: Vec<(usize, Vec<usize>, Option<ExtremeDay>)> = extremes
        .iter()
        .map(|(d, e)| (*d, vec![*d], Some(*e)))
        .collect();
    for (c, medoid) in clusters.medoids.iter().enumerate() {
        let members = ordinary
            .iter()
            .zip(&clusters.assignment)
            .filter(|(_, a)| **a == c)
            .map(|(d, _)| *d)
            .collect();
        periods.push((ordinary[*medoid], members, None));
    }
    periods.sort_by_key(|(rep, _, _)| *rep);
    let mut day_to_period = vec![0; DAYS_PER_YEAR];
    for (k, (_, members, _)) in periods.iter().enumerate() {
        for d in members {
            day_to_period[*d] = k;
        }
    }

    let (aggregated, rescaling) = rewrite(park, &periods, day_to_period.clone(), spec);
    let report = AggregationReport {
        method: spec.method,
        typical_days: periods.len(),
        storage_linking: spec.storage_linking,
        representation: spec.representation,
        features,
        days: periods
            .iter()
            .map(|(rep, members, extreme)| TypicalDayReport {
                day_of_year: *rep,
                date: date_of_day(*rep),
                weight_days: members.len(),
                extreme: *extreme,
            })
            .collect(),
        day_to_typical_day: day_to_period,
        rescaling,
        clustering_seconds: started.elapsed().as_secs_f64(),
    };
    Ok((aggregated, report))
}

/// The park on the typical days `periods` (representative day, members, extreme): each step
/// of typical day `k` is the hour of its representative day, weighted by its member count;
/// amounts and capacity factors on the clustered days scaled so the year's totals are kept
/// (capacity factors clipped at 1, as tsam does); daily hydrogen windows rebuilt per typical
/// day with the mean of their members' amounts. Returns the park and the scaling factors.
fn rewrite(
    park: &Park,
    periods: &[(usize, Vec<usize>, Option<ExtremeDay>)],
    day_to_period: Vec<usize>,
    spec: &AggregationSpec,
) -> (Park, BTreeMap<String, f64>) {
    let linking = spec.storage_linking;
    let months = month_of_hour();
    let mut hour_of_year = Vec::with_capacity(periods.len() * HOURS_PER_DAY);
    let mut weight_h = Vec::with_capacity(periods.len() * HOURS_PER_DAY);
    for (rep, members, _) in periods {
        for h in 0..HOURS_PER_DAY {
            hour_of_year.push(rep * HOURS_PER_DAY + h);
            weight_h.push(members.len() as f64);
        }
    }
    let time = TimeAxis {
        month: hour_of_year.iter().map(|h| months[*h]).collect(),
        hour_of_year: hour_of_year.clone(),
        weight_h: weight_h.clone(),
        // Every month is billed once; its peak covers the typical days of its days.
        month_weight: [1.0; 12],
        typical_days: Some(TypicalDays {
            hours_per_day: HOURS_PER_DAY,
            day_to_period,
            linking,
        }),
    };
    let clustered: Vec<bool> = periods
        .iter()
        .flat_map(|(_, _, e)| std::iter::repeat_n(e.is_none(), HOURS_PER_DAY))
        .collect();
    let mut rescaling = BTreeMap::new();
    let mut out = park.clone();
    out.map_series(time, |name, kind, series| {
        let mut values: Vec<f64> = hour_of_year.iter().map(|h| series[*h]).collect();
        if kind != SeriesKind::Intensive && spec.representation == Representation::Distribution {
            for (k, (rep, members, extreme)) in periods.iter().enumerate() {
                if extreme.is_none() {
                    let day = distribution_day(series, *rep, members);
                    values[k * HOURS_PER_DAY..(k + 1) * HOURS_PER_DAY].copy_from_slice(&day);
                }
            }
        }
        if kind != SeriesKind::Intensive {
            let factor = rescale(
                &mut values,
                series.iter().sum(),
                &weight_h,
                &clustered,
                kind,
            );
            rescaling.insert(name.to_string(), factor);
        }
        values
    });
    if let Some(HydrogenDemand::Windows { windows }) =
        out.hydrogen.as_mut().and_then(|h| h.demand.as_mut())
    {
        let daily = windows.iter().all(|w| !w.weighted);
        *windows = if daily {
            // One window per day of the year (first = day · 24): each typical day delivers
            // the mean of its days' amounts.
            periods
                .iter()
                .enumerate()
                .map(|(k, (_, members, _))| DeliveryWindowData {
                    first: k * HOURS_PER_DAY,
                    len: HOURS_PER_DAY,
                    kg: members.iter().map(|d| windows[*d].kg).sum::<f64>() / members.len() as f64,
                    weighted: false,
                })
                .collect()
        } else {
            windows
                .iter()
                .map(|w| DeliveryWindowData {
                    first: 0,
                    len: periods.len() * HOURS_PER_DAY,
                    ..w.clone()
                })
                .collect()
        };
    }
    (out, rescaling)
}

/// The duration curve of the days `members` of `series` in the order of day `rep`: the
/// members' hourly values sorted, cut into 24 blocks of `members.len()`, each block's mean
/// given to the hour of `rep` of the same rank (tsam's `distributionPeriodWise`). The 24
/// values times the member count sum to the members' total.
fn distribution_day(series: &[f64], rep: usize, members: &[usize]) -> [f64; HOURS_PER_DAY] {
    let mut pooled: Vec<f64> = members
        .iter()
        .flat_map(|d| {
            series[d * HOURS_PER_DAY..(d + 1) * HOURS_PER_DAY]
                .iter()
                .copied()
        })
        .collect();
    pooled.sort_by(f64::total_cmp);
    let own = &series[rep * HOURS_PER_DAY..(rep + 1) * HOURS_PER_DAY];
    let mut order: Vec<usize> = (0..HOURS_PER_DAY).collect();
    order.sort_by(|a, b| own[*a].total_cmp(&own[*b]).then(a.cmp(b)));
    let block = members.len();
    let mut day = [0.0; HOURS_PER_DAY];
    for (rank, hour) in order.into_iter().enumerate() {
        let values = &pooled[rank * block..(rank + 1) * block];
        day[hour] = values.iter().sum::<f64>() / block as f64;
    }
    day
}

/// Scales the clustered steps of `values` by one factor so that `Σ_t w_t · values_t` equals
/// `annual`, clipping capacity factors at 1 (repeated until the clipped total settles, as
/// tsam does, at most 100 rounds); returns the factor applied in the end (1 when nothing needs it).
fn rescale(
    values: &mut [f64],
    annual: f64,
    weight_h: &[f64],
    clustered: &[bool],
    kind: SeriesKind,
) -> f64 {
    let original = values.to_vec();
    let fixed: f64 = (0..values.len())
        .filter(|t| !clustered[*t])
        .map(|t| weight_h[t] * values[t])
        .sum();
    let mut factor = 1.0;
    for _ in 0..100 {
        let scaled: f64 = (0..values.len())
            .filter(|t| clustered[*t])
            .map(|t| weight_h[t] * values[t])
            .sum();
        let target = annual - fixed;
        if scaled <= 0.0 || target <= 0.0 || (scaled - target).abs() <= 1e-9 * annual.abs() {
            break;
        }
        factor *= target / scaled;
        for t in 0..values.len() {
            if clustered[t] {
                values[t] = original[t] * factor;
                if kind == SeriesKind::CapacityFactor {
                    values[t] = values[t].min(1.0);
                }
            }
        }
    }
    factor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_distribution_day_keeps_the_members_total_in_the_representatives_order() {
        // Two days: day 0 rises through the day, day 1 falls. With day 0 as representative the
        // typical day rises, and its hours are the means of sorted pairs.
        let mut series: Vec<f64> = (0..24).map(f64::from).collect();
        series.extend((0..24).map(|h| f64::from(100 - h)));
        let day = distribution_day(&series, 0, &[0, 1]);
        let total: f64 = day.iter().sum::<f64>() * 2.0;
        assert!((total - series.iter().sum::<f64>()).abs() < 1e-9);
        assert!(day.windows(2).all(|w| w[0] <= w[1]), "{day:?}");
        // The lowest hour takes the mean of the two lowest values (0 and 1).
        assert_eq!(day[0], 0.5);
        assert_eq!(day[23], 99.5);
    }

    #[test]
    fn dates_of_days() {
        assert_eq!(date_of_day(0), "01-01");
        assert_eq!(date_of_day(31), "02-01");
        assert_eq!(date_of_day(58), "02-28");
        assert_eq!(date_of_day(59), "03-01");
        assert_eq!(date_of_day(364), "12-31");
    }

    #[test]
    fn rescaling_keeps_the_annual_total_and_clips_capacity_factors() {
        // Two typical days of 2 steps: an extreme day (weight 1) and a clustered one
        // (weight 3). Target total 10: the extreme gives 1·(1 + 1) = 2, so the clustered
        // steps must give 8 = 3 · (a + b).
        let weight = [1.0, 1.0, 3.0, 3.0];
        let clustered = [false, false, true, true];
        let mut v = vec![1.0, 1.0, 0.5, 1.0];
        let f = rescale(&mut v, 10.0, &weight, &clustered, SeriesKind::Amount);
        assert!((f - 8.0 / 4.5).abs() < 1e-12, "{f}");
        let total: f64 = v.iter().zip(&weight).map(|(x, w)| x * w).sum();
        assert!((total - 10.0).abs() < 1e-9);
        // As capacity factors the last step clips at 1; the other takes up the rest.
        // Target 7: the clustered steps must give 5 = 3 · (a + 1), so a = 2/3.
        let mut cf = vec![1.0, 1.0, 0.5, 1.0];
        rescale(
            &mut cf,
            7.0,
            &weight,
            &clustered,
            SeriesKind::CapacityFactor,
        );
        assert_eq!(cf[3], 1.0);
        assert!((cf[2] - 2.0 / 3.0).abs() < 1e-8, "{}", cf[2]);
    }
}
