//! Which weeks of the year the report's dispatch charts show: by default the week around the
//! hour of peak grid import and the seven days with the most curtailment; or weeks the user
//! names (`--weeks 3,27`: weeks of the year, 1–52, each starting on day `7 · (w − 1)`).

/// Hours of a week.
pub const WEEK_H: usize = 168;

/// A stretch of seven days to show, by its first hour of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    /// First hour (of the year, 0-based) — a day boundary.
    pub start_hour: usize,
}

impl Week {
    /// Week `number` (1–52) of the year.
    pub fn numbered(number: usize) -> Option<Self> {
        (1..=52).contains(&number).then(|| Week {
            start_hour: 7 * 24 * (number - 1),
        })
    }

    /// Its hours.
    pub fn hours(self) -> std::ops::Range<usize> {
        self.start_hour..self.start_hour + WEEK_H
    }
}

/// The rows of a dispatch that week `week` covers, from the hour of the year of each row
/// (`hours`, as `dispatch.csv`'s `hour`): None when the modelled hours do not hold the whole
/// week in order (a cut of the year elsewhere, typical days).
pub fn rows_of(week: Week, hours: &[f64]) -> Option<std::ops::Range<usize>> {
    let first = hours
        .iter()
        .position(|h| (*h - week.start_hour as f64).abs() < 0.5)?;
    let rows = first..first + WEEK_H;
    let whole = rows.end <= hours.len()
        && hours[rows.clone()]
            .iter()
            .zip(week.hours())
            .all(|(h, want)| (*h - want as f64).abs() < 0.5);
    whole.then_some(rows)
}

/// The seven days centred (by whole days) on the hour where `series` (hourly over a full
/// year) is largest (the first such hour, to 10⁻⁶), kept inside the year. None for a series shorter than a week or all zero.
pub fn week_of_peak(series: &[f64]) -> Option<Week> {
    if series.len() < WEEK_H {
        return None;
    }
    // The first hour within 10⁻⁶ of the largest value: ties (an import at its cap in many
    // hours) go to the earliest, whatever the rounding of the values.
    let value = series.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if value <= 0.0 {
        return None;
    }
    let peak = series.iter().position(|v| *v >= value - 1e-6 * value)?;
    let days = series.len() / 24;
    let first_day = (peak / 24).saturating_sub(3).min(days - 7);
    Some(Week {
        start_hour: first_day * 24,
    })
}

/// The seven whole days with the largest sum of `series`. None for a series shorter than a
/// week or all zero.
pub fn week_of_most(series: &[f64]) -> Option<Week> {
    if series.len() < WEEK_H {
        return None;
    }
    let daily: Vec<f64> = series.chunks(24).map(|d| d.iter().sum()).collect();
    let sums: Vec<f64> = (0..=daily.len() - 7)
        .map(|d| daily[d..d + 7].iter().sum::<f64>())
        .collect();
    let total = sums.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if total <= 0.0 {
        return None;
    }
    // The first window within 10⁻⁶ of the largest sum (ties to the earliest).
    let first_day = sums.iter().position(|s| *s >= total - 1e-6 * total)?;
    Some(Week {
        start_hour: first_day * 24,
    })
}

/// Parses `--weeks 3,27` into weeks, naming the first value that is not a week number.
///
/// # Errors
/// The text that is not a week of 1–52.
pub fn parse_weeks(text: &str) -> Result<Vec<Week>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<usize>()
                .ok()
                .and_then(Week::numbered)
                .ok_or_else(|| {
                    format!("--weeks: must be week numbers 1-52 separated by commas, got {s:?}")
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_week_is_centred_on_its_hour_and_kept_in_the_year() {
        let mut s = vec![1.0; 8760];
        s[100 * 24 + 5] = 9.0; // day 100: the week starts on day 97
        assert_eq!(
            week_of_peak(&s),
            Some(Week {
                start_hour: 97 * 24
            })
        );
        let mut s = vec![1.0; 8760];
        s[2 * 24] = 9.0; // day 2: cannot start before day 0
        assert_eq!(week_of_peak(&s), Some(Week { start_hour: 0 }));
        let mut s = vec![1.0; 8760];
        s[8759] = 9.0; // day 364: the last seven days are 358-364
        assert_eq!(
            week_of_peak(&s),
            Some(Week {
                start_hour: 358 * 24
            })
        );
        assert_eq!(week_of_peak(&[0.0; 8760]), None);
    }

    #[test]
    fn the_week_of_most_is_the_largest_seven_day_sum() {
        let mut s = vec![0.0; 8760];
        for d in 200..205 {
            s[d * 24 + 12] = 10.0; // days 200-204
        }
        s[210 * 24] = 30.0; // day 210: 198-204 holds 50, 204-210 holds 40
        let w = week_of_most(&s).unwrap();
        assert_eq!(w.start_hour, 198 * 24);
        assert_eq!(week_of_most(&vec![0.0; 8760]), None);
    }

    /// On a cut of the year from hour 4032 (week 25), week 25 is its first 168 rows and
    /// week 5 is not there.
    #[test]
    fn a_week_is_found_by_its_hours_of_the_year() {
        let hours: Vec<f64> = (4032..4032 + 336).map(|h| h as f64).collect();
        assert_eq!(rows_of(Week::numbered(25).unwrap(), &hours), Some(0..168));
        assert_eq!(rows_of(Week::numbered(26).unwrap(), &hours), Some(168..336));
        assert_eq!(rows_of(Week::numbered(5).unwrap(), &hours), None);
        assert_eq!(rows_of(Week::numbered(27).unwrap(), &hours), None);
        let year: Vec<f64> = (0..8760).map(|h| h as f64).collect();
        assert_eq!(rows_of(Week::numbered(5).unwrap(), &year), Some(672..840));
    }

    #[test]
    fn numbered_weeks() {
        assert_eq!(
            parse_weeks("1, 27").unwrap(),
            vec![
                Week { start_hour: 0 },
                Week {
                    start_hour: 26 * 168
                }
            ]
        );
        assert!(parse_weeks("0").unwrap_err().contains("\"0\""));
        assert!(parse_weeks("53").is_err());
        assert!(parse_weeks("x").is_err());
    }
}
