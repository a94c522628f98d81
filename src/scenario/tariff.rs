//! Tariffs: flat, time-of-use periods by season, or an hourly column, turned into 8760 prices.

use super::issues::Issues;
use super::park::HOURS_PER_YEAR;
use super::spec::{TouHours, TouPrices, TouSpec};

/// Days in each month of a non-leap year.
pub const DAYS_IN_MONTH: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Month (0–11) of each hour of a non-leap year.
pub fn month_of_hour() -> Vec<usize> {
    DAYS_IN_MONTH
        .iter()
        .enumerate()
        .flat_map(|(month, days)| std::iter::repeat_n(month, days * 24))
        .collect()
}

/// The TOU periods, cheapest first.
const PERIODS: [&str; 5] = ["deep_valley", "valley", "flat", "peak", "critical_peak"];

fn period_prices(prices: &TouPrices) -> [Option<f64>; 5] {
    [
        prices.deep_valley,
        prices.valley,
        prices.flat,
        prices.peak,
        prices.critical_peak,
    ]
}

fn period_hours(hours: &TouHours) -> [Option<&String>; 5] {
    [
        hours.deep_valley.as_ref(),
        hours.valley.as_ref(),
        hours.flat.as_ref(),
        hours.peak.as_ref(),
        hours.critical_peak.as_ref(),
    ]
}

/// Parses `"0-6,23"` into the clock hours it names (each `a-b` inclusive).
fn parse_hour_ranges(text: &str) -> Result<Vec<usize>, String> {
    let mut hours = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (lo, hi) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let lo: usize = lo.parse().map_err(|_| format!("bad hour {lo:?}"))?;
        let hi: usize = hi.parse().map_err(|_| format!("bad hour {hi:?}"))?;
        if lo > hi || hi > 23 {
            return Err(format!("range {part:?} is not within 0-23"));
        }
        hours.extend(lo..=hi);
    }
    Ok(hours)
}

/// Expands a TOU tariff into 8760 prices in RMB/MWh, recording every problem in `issues`
/// under the field path `field`.
pub fn expand_tou(spec: &TouSpec, field: &str, issues: &mut Issues) -> Option<Vec<f64>> {
    let prices = period_prices(&spec.prices_rmb_per_kwh);
    for (name, price) in PERIODS.iter().zip(prices) {
        if let Some(p) = price {
            issues.check_range(&format!("{field}.prices_rmb_per_kwh.{name}"), p, -1.0, 10.0);
        }
    }
    // month → hour of day → price (RMB/kWh)
    let mut table: [Option<[f64; 24]>; 12] = [None; 12];
    let before = issues.count();
    for (s, season) in spec.seasons.iter().enumerate() {
        let season_field = format!("{field}.seasons[{s}]");
        let mut day = [None::<f64>; 24];
        for (p, hours_text) in period_hours(&season.hours).into_iter().enumerate() {
            let Some(hours_text) = hours_text else {
                continue;
            };
            let hours_field = format!("{season_field}.hours.{}", PERIODS[p]);
            let Some(price) = prices[p] else {
                issues.push(
                    &hours_field,
                    hours_text,
                    &format!("a period with a price in prices_rmb_per_kwh.{}", PERIODS[p]),
                );
                continue;
            };
            match parse_hour_ranges(hours_text) {
                Ok(hours) => {
                    for h in hours {
                        if day[h].is_some() {
                            issues.push(
                                &hours_field,
                                hours_text,
                                &format!("hours not already given to another period (hour {h})"),
                            );
                        }
                        day[h] = Some(price);
                    }
                }
                Err(why) => issues.push(
                    &hours_field,
                    hours_text,
                    &format!("comma-separated hour ranges like \"0-6,23\" ({why})"),
                ),
            }
        }
        let missing: Vec<String> = (0..24)
            .filter(|h| day[*h].is_none())
            .map(|h| h.to_string())
            .collect();
        if !missing.is_empty() {
            issues.push(
                &format!("{season_field}.hours"),
                format!("hours {} unassigned", missing.join(",")),
                "every clock hour 0-23 given to one period",
            );
        }
        for &month in &season.months {
            if !(1..=12).contains(&month) {
                issues.push(&format!("{season_field}.months"), month, "months 1-12");
                continue;
            }
            let slot = &mut table[month as usize - 1];
            if slot.is_some() {
                issues.push(
                    &format!("{season_field}.months"),
                    month,
                    "a month not already in another season",
                );
            }
            *slot = Some(day.map(|p| p.unwrap_or(0.0)));
        }
    }
    let uncovered: Vec<String> = (0..12)
        .filter(|m| table[*m].is_none())
        .map(|m| (m + 1).to_string())
        .collect();
    if !uncovered.is_empty() {
        issues.push(
            &format!("{field}.seasons"),
            format!("months {} in no season", uncovered.join(",")),
            "seasons that together cover months 1-12",
        );
    }
    if issues.count() > before {
        return None;
    }
    let months = month_of_hour();
    Some(
        (0..HOURS_PER_YEAR)
            .map(|h| table[months[h]].map_or(0.0, |day| day[h % 24] * 1000.0))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tou(yaml: &str) -> (Option<Vec<f64>>, Vec<String>) {
        let spec: TouSpec = serde_yaml::from_str(yaml).unwrap();
        let mut issues = Issues::for_file("s.yaml");
        let prices = expand_tou(&spec, "grid.import_tariff.tou", &mut issues);
        (
            prices,
            issues.into_vec().iter().map(|i| i.to_string()).collect(),
        )
    }

    #[test]
    fn seasonal_tou_expands_by_month_and_hour() {
        let (prices, problems) = tou(
            "prices_rmb_per_kwh: {valley: 0.2, flat: 0.4, peak: 0.6, critical_peak: 0.8}
seasons:
  - months: [1,2,3,4,5,6,9,10,11,12]
    hours: {valley: '0-7', flat: '8-16,22-23', peak: '17-21'}
  - months: [7,8]
    hours: {valley: '0-7', flat: '8-16,22-23', peak: '17-19', critical_peak: '20-21'}",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let prices = prices.unwrap();
        assert_eq!(prices.len(), 8760);
        assert_eq!(prices[3], 200.0); // 1 Jan 03:00, valley
        assert_eq!(prices[18], 600.0); // 1 Jan 18:00, peak
        let july_first_20h = (31 + 28 + 31 + 30 + 31 + 30) * 24 + 20;
        assert_eq!(prices[july_first_20h], 800.0);
    }

    #[test]
    fn gaps_overlaps_and_unpriced_periods_are_all_reported() {
        let (prices, problems) = tou("prices_rmb_per_kwh: {valley: 0.2, flat: 0.4}
seasons:
  - months: [1,2,3,4,5,6,7,8,9,10,11,13]
    hours: {valley: '0-7', flat: '7-20', peak: '21-23'}");
        assert!(prices.is_none());
        let all = problems.join("\n");
        assert!(
            all.contains("hours.flat") && all.contains("hour 7"),
            "{all}"
        );
        assert!(all.contains("hours.peak"), "{all}");
        assert!(all.contains("months") && all.contains("13"), "{all}");
        assert!(all.contains("months 12 in no season"), "{all}");
    }
}
