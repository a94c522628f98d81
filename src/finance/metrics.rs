//! Measures of a series of yearly cash flows (index = year, year 0 undiscounted): NPV, IRR
//! with an honest account of where it has none or several, simple and discounted payback.
//!
//! The IRR is this crate's own: the one IRR crate found, `financial` (MIT or Apache-2.0, last
//! release 2023, depends on chrono), copies Excel's IRR, Newton's method from a guess that
//! returns one root and says nothing of others or of failing to converge.

use serde::Serialize;

/// `Σ_y flow_y / (1 + rate)^y`.
pub fn npv(rate: f64, flows: &[f64]) -> f64 {
    let factor = 1.0 / (1.0 + rate);
    let mut discount = 1.0;
    let mut total = 0.0;
    for flow in flows {
        total += flow * discount;
        discount *= factor;
    }
    total
}

/// The internal rate of return of a series, or why there is no single one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Irr {
    /// Exactly one rate in the range searched makes the NPV zero.
    Unique {
        /// The rate, 1/yr.
        rate: f64,
    },
    /// Several rates make the NPV zero (the flows change sign more than once): none of them
    /// is "the" IRR; judge the project by its NPV.
    Multiple {
        /// The rates found, 1/yr, ascending.
        rates: Vec<f64>,
    },
    /// No rate in the range searched makes the NPV zero.
    None {
        /// Why, in words.
        reason: String,
    },
}

impl Irr {
    /// The rate, when there is exactly one.
    pub fn rate(&self) -> Option<f64> {
        match self {
            Irr::Unique { rate } => Some(*rate),
            _ => None,
        }
    }
}

/// Lowest rate searched, 1/yr (−99 %).
pub const IRR_MIN: f64 = -0.99;
/// Highest rate searched, 1/yr (1,000 %).
pub const IRR_MAX: f64 = 10.0;
/// Grid points of the scan for sign changes of the NPV.
const IRR_GRID: usize = 4000;

/// The IRR of `flows`: the NPV is scanned on a grid of rates from −99 % to 1,000 % (even in
/// `ln(1 + r)`), each interval where it changes sign is narrowed by bisection to 1e-12 in
/// `ln(1 + r)`, and every root found is reported: one, several, or none with the reason. (Two
/// roots closer than the grid's step, about 0.1 % of `1 + r`, or a root where the NPV only
/// touches zero, can be missed; the count of sign changes of the flows bounds the roots.)
pub fn irr(flows: &[f64]) -> Irr {
    let signs: Vec<f64> = flows
        .iter()
        .filter(|f| f.abs() > 0.0)
        .map(|f| f.signum())
        .collect();
    if signs.is_empty() {
        return Irr::None {
            reason: "every cash flow is zero".into(),
        };
    }
    let changes = signs.windows(2).filter(|w| w[0] != w[1]).count();
    if changes == 0 {
        return Irr::None {
            reason: format!(
                "the cash flows are all {}: no rate makes the NPV zero",
                if signs[0] > 0.0 {
                    "positive"
                } else {
                    "negative"
                }
            ),
        };
    }
    let at = |x: f64| npv(x.exp() - 1.0, flows);
    let (lo, hi) = ((1.0 + IRR_MIN).ln(), (1.0 + IRR_MAX).ln());
    let step = (hi - lo) / IRR_GRID as f64;
    let mut roots: Vec<f64> = Vec::new();
    let mut x0 = lo;
    let mut f0 = at(x0);
    for i in 1..=IRR_GRID {
        let x1 = lo + step * i as f64;
        let f1 = at(x1);
        if f0 == 0.0 {
            roots.push(x0);
        } else if f0.signum() != f1.signum() && f1 != 0.0 {
            roots.push(bisect(&at, x0, x1, f0));
        }
        (x0, f0) = (x1, f1);
    }
    if f0 == 0.0 {
        roots.push(x0);
    }
    let mut rates: Vec<f64> = roots.into_iter().map(|x| x.exp() - 1.0).collect();
    rates.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    match rates.len() {
        0 => Irr::None {
            reason: format!(
                "the NPV does not reach zero for any rate from {:.0} % to {:.0} %",
                100.0 * IRR_MIN,
                100.0 * IRR_MAX
            ),
        },
        1 => Irr::Unique { rate: rates[0] },
        _ => Irr::Multiple { rates },
    }
}

/// A root of `f` in `[a, b]` where `f(a) = fa` and `f(b)` differ in sign, to 1e-12.
fn bisect(f: &dyn Fn(f64) -> f64, mut a: f64, mut b: f64, mut fa: f64) -> f64 {
    while b - a > 1e-12 {
        let m = 0.5 * (a + b);
        let fm = f(m);
        if fm == 0.0 {
            return m;
        }
        if fm.signum() == fa.signum() {
            (a, fa) = (m, fm);
        } else {
            b = m;
        }
    }
    0.5 * (a + b)
}

/// Years until the cumulative sum of `flows` (index = year) turns non-negative and stays so
/// to the end, interpolated linearly within that year; `None` when it ends negative, or never
/// was negative (nothing to pay back).
pub fn payback_years(flows: &[f64]) -> Option<f64> {
    let mut cumulative = Vec::with_capacity(flows.len());
    let mut sum = 0.0;
    for f in flows {
        sum += f;
        cumulative.push(sum);
    }
    if cumulative.iter().all(|c| *c >= 0.0) {
        return None;
    }
    let last_negative = cumulative.iter().rposition(|c| *c < 0.0)?;
    let year = last_negative + 1;
    let flow = *flows.get(year)?;
    Some(last_negative as f64 + (-cumulative[last_negative]) / flow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn irr_of_known_series() {
        // −100 then 110: 110 / (1 + r) = 100 → r = 10 %.
        assert!((irr(&[-100.0, 110.0]).rate().unwrap() - 0.10).abs() < 1e-10);
        // −1000 then 300 for five years: 300 · (1 − (1 + r)⁻⁵) / r = 1000, annuity factor
        // 3.3333 → r = 15.2382 % (annuity tables: 15 % gives 3.3522, 16 % gives 3.2743).
        let flows = [-1000.0, 300.0, 300.0, 300.0, 300.0, 300.0];
        let r = irr(&flows).rate().unwrap();
        assert!((r - 0.152_382).abs() < 1e-6, "{r}");
        assert!(npv(r, &flows).abs() < 1e-7);
        // Losing money: −100 then 50, r = −50 %.
        assert!((irr(&[-100.0, 50.0]).rate().unwrap() + 0.5).abs() < 1e-10);
    }

    #[test]
    fn irr_says_when_there_is_none_or_several() {
        assert!(matches!(irr(&[0.0, 0.0]), Irr::None { .. }));
        match irr(&[-100.0, -10.0]) {
            Irr::None { reason } => assert!(reason.contains("all negative"), "{reason}"),
            other => panic!("{other:?}"),
        }
        // −100, 5: would need r below −99 %.
        assert!(matches!(irr(&[-100.0, 0.5]), Irr::None { .. }));
        // −100, 230, −132: NPV = 0 at 1 + r = 1.1 and 1.2 (100x² − 230x + 132 = 0 with
        // x = 1 + r: (10x − 11)(10x − 12) = 0), so 10 % and 20 %.
        match irr(&[-100.0, 230.0, -132.0]) {
            Irr::Multiple { rates } => {
                assert_eq!(rates.len(), 2);
                assert!((rates[0] - 0.10).abs() < 1e-9 && (rates[1] - 0.20).abs() < 1e-9);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn paybacks_interpolate_within_the_year_and_ignore_a_passing_crossing() {
        // −1000, 300 a year: cumulative −700, −400, −100, +200 → 3 + 100/300 = 3.33 years.
        let p = payback_years(&[-1000.0, 300.0, 300.0, 300.0, 300.0]).unwrap();
        assert!((p - (3.0 + 1.0 / 3.0)).abs() < 1e-12);
        // A replacement in year 3 makes the cumulative negative again: −100, +100, +100,
        // −50, +50: paid back for good in year 4, at 3 + 50/100 = 3.5.
        let p = payback_years(&[-100.0, 200.0, 0.0, -150.0, 100.0]).unwrap();
        assert!((p - 3.5).abs() < 1e-12);
        assert_eq!(payback_years(&[-100.0, 50.0]), None);
        assert_eq!(payback_years(&[0.0, 50.0]), None);
    }
}
