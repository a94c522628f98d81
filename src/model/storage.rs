//! What every store shares (battery, hydrogen storage, thermal storage): its level over the
//! time axis, and — where a loss-making round trip could pay — the rule that it does not
//! charge and discharge in the same step.
//!
//! A store's component owns its flows and efficiencies; this module owns the levels, so that
//! the way levels are chained over time (formulation §1) is written once.

use super::frame::Frame;
use crate::scenario::park::TypicalDays;
use crate::scenario::spec::StorageLinking;
use good_lp::{variable, Expression, Variable};

/// Names of a store's variable and row families.
#[derive(Debug, Clone, Copy)]
pub struct StoreFamilies {
    /// Level columns, e.g. `battery-soc`.
    pub level: &'static str,
    /// `level ≤ capacity` rows, e.g. `battery-energy-cap`.
    pub capacity: &'static str,
}

/// Handles to a store's levels.
#[derive(Debug, Clone)]
pub struct StoreLevels {
    /// Level at the end of each step, in the store's unit (MWh, kg, MWh_th). On typical days
    /// with inter-day linking, the level of the typical day's own calendar day: its
    /// start-of-day level plus the intra-day change.
    pub level: Vec<Expression>,
    /// With inter-day linking, the level at the start of each day of the year.
    pub day_start: Option<Vec<Variable>>,
}

/// Adds the levels of a store of capacity `capacity` (an expression of its sizes, at most
/// `max_capacity`) and returns them with the level change of each step, `Δ_t`, which the
/// caller ties to the store's flows (a row, or a term of a balance). Formulation §1:
///
/// - chronological steps: `Δ_t = level_t − level_{t−1}`, cyclic over the horizon
///   (`level_{−1} = level_{last}`), `0 ≤ level_t ≤ capacity` (rows of family
///   `families.capacity`);
/// - typical days, `cyclic_per_day`: the same within each typical day (its last hour wraps
///   to its first), nothing carried between days;
/// - typical days, `inter_day` (Kotzur et al. 2018): an intra-day level `e_{k,h}` relative
///   to the start of typical day `k` (`e_{k,−1} = 0`, `Δ = e_{k,h} − e_{k,h−1}`), a
///   start-of-day level `S_d ≥ 0` for each of the 365 days, chained
///   `S_{d+1} = S_d + e_{k(d),23}` and cyclic over the year (family `{level}-inter-day`),
///   and the bounds `S_d + max_h e_{k(d),h} ≤ capacity`, `S_d + min_h e_{k(d),h} ≥ 0`
///   written with one `max`/`min` column per typical day (families `{level}-day-max`,
///   `{level}-day-min`, `{capacity}`).
pub fn add_levels(
    frame: &mut Frame,
    families: StoreFamilies,
    capacity: &Expression,
    max_capacity: f64,
) -> (StoreLevels, Vec<Expression>) {
    let steps = frame.steps();
    let typical = frame.time.typical_days.clone();
    match typical {
        Some(days) if days.linking == StorageLinking::InterDay => {
            inter_day_levels(frame, families, capacity, max_capacity, &days)
        }
        _ => {
            // Chronological, or cyclic within each typical day.
            let period = typical.as_ref().map_or(steps, |d| d.hours_per_day);
            let level = frame.hourly(families.level, variable().min(0.0).max(max_capacity));
            let mut change = Vec::with_capacity(steps);
            for t in 0..steps {
                let start = t - t % period;
                let previous = level[start + (t - start + period - 1) % period];
                change.push(Expression::from(level[t]) - previous);
                frame.constrain(
                    families.capacity,
                    Expression::from(level[t]).leq(capacity.clone()),
                );
            }
            (
                StoreLevels {
                    level: level.into_iter().map(Expression::from).collect(),
                    day_start: None,
                },
                change,
            )
        }
    }
}

/// Kotzur's inter-day linking (see [`add_levels`]).
fn inter_day_levels(
    frame: &mut Frame,
    families: StoreFamilies,
    capacity: &Expression,
    max_capacity: f64,
    days: &TypicalDays,
) -> (StoreLevels, Vec<Expression>) {
    let steps = frame.steps();
    let hours = days.hours_per_day;
    let periods = steps / hours;
    let bound = max_capacity.max(0.0);
    let intra = frame.hourly(families.level, variable().min(-bound).max(bound));
    let mut change = Vec::with_capacity(steps);
    for t in 0..steps {
        let e = Expression::from(intra[t]);
        change.push(if t % hours == 0 { e } else { e - intra[t - 1] });
    }
    let day_max: Vec<Variable> = (0..periods)
        .map(|k| frame.var_at(families.level, k * hours, variable().min(0.0).max(bound)))
        .collect();
    let day_min: Vec<Variable> = (0..periods)
        .map(|k| frame.var_at(families.level, k * hours, variable().min(-bound).max(0.0)))
        .collect();
    for (t, e) in intra.iter().enumerate() {
        let k = t / hours;
        frame.constrain("storage-day-max", Expression::from(day_max[k]).geq(*e));
        frame.constrain("storage-day-min", Expression::from(day_min[k]).leq(*e));
    }
    let day_count = days.day_to_period.len();
    let start: Vec<Variable> = (0..day_count)
        .map(|d| {
            let k = days.day_to_period[d];
            frame.var_at(families.level, k * hours, variable().min(0.0).max(bound))
        })
        .collect();
    for d in 0..day_count {
        let k = days.day_to_period[d];
        let next = start[(d + 1) % day_count];
        frame.constrain(
            "storage-inter-day",
            Expression::from(next).eq(Expression::from(start[d]) + intra[k * hours + hours - 1]),
        );
        frame.constrain(
            families.capacity,
            (Expression::from(start[d]) + day_max[k]).leq(capacity.clone()),
        );
        frame.constrain(
            "storage-day-nonnegative",
            (Expression::from(start[d]) + day_min[k]).geq(0.0),
        );
    }
    // Reported level of step t: that of the typical day's own calendar day.
    let own_day: Vec<usize> = (0..periods)
        .map(|k| {
            let rep = frame.time.hour_of_year[k * hours] / hours;
            if days.day_to_period.get(rep) == Some(&k) {
                rep
            } else {
                days.day_to_period.iter().position(|p| *p == k).unwrap_or(0)
            }
        })
        .collect();
    let level = (0..steps)
        .map(|t| Expression::from(start[own_day[t / hours]]) + intra[t])
        .collect();
    (
        StoreLevels {
            level,
            day_start: Some(start),
        },
        change,
    )
}

/// Forbids charging and discharging in the same step, in `steps` only: a binary `y_t`
/// (family `family`) with `charge_t ≤ P^max · y_t` and `discharge_t ≤ P^max · (1 − y_t)`,
/// where `P^max` is the largest power the store can have (rows `{family}`-charge/discharge
/// are named by `family`). Returns the binaries by step.
///
/// Where the marginal value of energy is not negative a simultaneous round trip only loses
/// energy, and the LP never uses it; where it is negative (an import price below zero, or an
/// annual total that more throughput loosens) the LP would burn energy through the store's
/// losses, which no real store does. The caller picks the steps (formulation §3, battery).
pub fn forbid_simultaneous(
    frame: &mut Frame,
    family: &'static str,
    charge: &[Variable],
    discharge: &[Variable],
    max_power: f64,
    steps: &[usize],
) -> Vec<(usize, Variable)> {
    let scale = 0.5 / max_power.max(1e-9);
    steps
        .iter()
        .map(|&t| {
            // Hint: y_t = 1 (charging) when the relaxed flows charge more than they discharge.
            let hint = (Expression::from(charge[t]) - discharge[t]) * scale + 0.5;
            let y = frame.operational_integer(family, t, 1.0, hint);
            frame.constrain(
                family,
                Expression::from(charge[t]).leq(Expression::from(y) * max_power),
            );
            frame.constrain(
                family,
                Expression::from(discharge[t]).leq((1.0 - Expression::from(y)) * max_power),
            );
            (t, y)
        })
        .collect()
}
