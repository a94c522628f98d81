//! The 365-day calendar of a typical meteorological year.

/// Hours in a typical (non-leap) year.
pub const HOURS_PER_YEAR: usize = 8760;

/// Days in each month of a non-leap year.
pub const DAYS_IN_MONTH: [u8; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Month (1..=12) and day (1..=31) of hour `i` (0-based) of a non-leap year.
pub fn month_day_of_hour(i: usize) -> (u8, u8) {
    let mut day_of_year = (i / 24) % 365;
    for (m, &days) in DAYS_IN_MONTH.iter().enumerate() {
        let days = usize::from(days);
        if day_of_year < days {
            return (m as u8 + 1, day_of_year as u8 + 1);
        }
        day_of_year -= days;
    }
    (12, 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_boundaries() {
        assert_eq!(month_day_of_hour(0), (1, 1));
        assert_eq!(month_day_of_hour(31 * 24 - 1), (1, 31));
        assert_eq!(month_day_of_hour(31 * 24), (2, 1));
        assert_eq!(month_day_of_hour(HOURS_PER_YEAR - 1), (12, 31));
        assert_eq!(
            DAYS_IN_MONTH.iter().map(|&d| usize::from(d)).sum::<usize>(),
            365
        );
    }
}
