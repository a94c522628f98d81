//! The plan's assets as capital outlays in time: the first build in year 0, a new asset
//! when one wears out, parts (electrolyser stacks) when theirs do, the residual value of what
//! is still in service when the analysis ends, and the tax depreciation of each outlay.

use crate::scenario::finance::Technology;
use serde::Serialize;

/// A part replaced within an asset's life, in whole years.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Part {
    /// Cost of one replacement as a share of the asset's capex.
    pub share_of_capex_frac: f64,
    /// Years between replacements.
    pub life_years: u32,
}

/// One asset the plan invests in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Asset {
    /// What it is.
    pub technology: Technology,
    /// Overnight capex at today's prices, RMB.
    pub capex_rmb: f64,
    /// Economic life, whole years.
    pub life_years: u32,
    /// A part replaced within the life, if any.
    pub part: Option<Part>,
    /// Straight-line tax depreciation years.
    pub depreciation_years: u32,
}

/// What an outlay buys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutlayKind {
    /// The first build, in year 0.
    Build,
    /// A new asset when the previous one reaches the end of its life.
    Replacement,
    /// A part (electrolyser stacks) when the previous one wears out.
    PartReplacement,
}

/// One capital outlay.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Outlay {
    /// What it buys.
    pub kind: OutlayKind,
    /// Year paid.
    pub year: u32,
    /// Amount paid, RMB (escalated for a replacement).
    pub amount_rmb: f64,
    /// Years it serves: `year + 1 ..= year + service_years`.
    pub service_years: u32,
    /// Years it is depreciated over (a part: at most its service).
    pub depreciation_years: u32,
    /// A part inside what it buys (an electrolyser's stacks) that wears out before the rest
    /// and is bought again as a [`OutlayKind::PartReplacement`] of its own.
    pub part: Option<Part>,
}

impl Outlay {
    /// Its value at the end of year `end`, straight line over its service: `amount · (year +
    /// service − end) / service` while in service, else 0. With a part, the part's share of
    /// the amount is valued over the part's own life instead (worn out and replaced, it is
    /// worth nothing here: its replacement is valued as an outlay of its own).
    pub fn residual_value_rmb(&self, end: u32) -> f64 {
        let left = |amount: f64, service: u32| {
            let last = self.year + service;
            if last > end && end >= self.year && service > 0 {
                amount * f64::from(last - end) / f64::from(service)
            } else {
                0.0
            }
        };
        match self.part {
            Some(part) => {
                let part_rmb = self.amount_rmb * part.share_of_capex_frac;
                left(self.amount_rmb - part_rmb, self.service_years)
                    + left(part_rmb, part.life_years.min(self.service_years))
            }
            None => left(self.amount_rmb, self.service_years),
        }
    }

    /// Tax deductions of `depreciable_rmb` (the amount less any part that may not be
    /// depreciated) in years 0..=`end`: straight line over the depreciation years from the
    /// year after the outlay; the book value left when the outlay retires (end of its
    /// service) or in year `end` is deducted in that year.
    pub fn depreciation_rmb(&self, depreciable_rmb: f64, end: u32) -> Vec<f64> {
        let mut out = vec![0.0; end as usize + 1];
        if self.year > end || self.depreciation_years == 0 {
            return out;
        }
        let annual = depreciable_rmb / f64::from(self.depreciation_years);
        let stop = (self.year + self.service_years).min(end);
        let mut booked = 0.0;
        for year in self.year + 1..=stop {
            let charge = if year - self.year <= self.depreciation_years {
                annual
            } else {
                0.0
            };
            out[year as usize] += charge;
            booked += charge;
        }
        if stop > self.year {
            out[stop as usize] += (depreciable_rmb - booked).max(0.0);
        }
        out
    }
}

/// The outlays of `asset` over an analysis of `years` years of operation: the build in year
/// 0; a new asset every `life_years` while that year is before `years` (a replacement due in
/// the last year or later is not made: its value would be credited back at once); within each
/// asset's life its part every `part.life_years` (again only before the asset's end and before
/// `years`). A replacement paid in year `t` costs `(1 + capital_escalation)^t` times today's
/// price.
pub fn outlays(asset: &Asset, years: u32, capital_escalation: f64) -> Vec<Outlay> {
    let mut out = Vec::new();
    if asset.capex_rmb == 0.0 || asset.life_years == 0 {
        return out;
    }
    let price = |year: u32| (1.0 + capital_escalation).powi(year as i32);
    let mut start = 0;
    while start == 0 || start < years {
        out.push(Outlay {
            kind: if start == 0 {
                OutlayKind::Build
            } else {
                OutlayKind::Replacement
            },
            year: start,
            amount_rmb: asset.capex_rmb * price(start),
            service_years: asset.life_years,
            depreciation_years: asset.depreciation_years,
            part: asset.part.filter(|p| p.life_years > 0),
        });
        if let Some(part) = asset.part.filter(|p| p.life_years > 0) {
            let mut age = part.life_years;
            while age < asset.life_years && start + age < years {
                let service = part.life_years.min(asset.life_years - age);
                out.push(Outlay {
                    kind: OutlayKind::PartReplacement,
                    year: start + age,
                    amount_rmb: asset.capex_rmb * part.share_of_capex_frac * price(start + age),
                    service_years: service,
                    depreciation_years: asset.depreciation_years.min(service),
                    part: None,
                });
                age += part.life_years;
            }
        }
        start += asset.life_years;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(life: u32, part: Option<Part>) -> Asset {
        Asset {
            technology: Technology::Battery,
            capex_rmb: 1000.0,
            life_years: life,
            part,
            depreciation_years: life,
        }
    }

    #[test]
    fn a_battery_is_replaced_at_its_life_and_credited_at_the_end() {
        // A 15-year battery over 25 years: bought in year 0, again in year 15 (serving years
        // 16-30); at the end of year 25 the second has 5 of 15 years left: 1000 × 5/15.
        let o = outlays(&asset(15, None), 25, 0.0);
        assert_eq!(
            o.iter().map(|o| (o.kind, o.year)).collect::<Vec<_>>(),
            [(OutlayKind::Build, 0), (OutlayKind::Replacement, 15)]
        );
        let residual: f64 = o.iter().map(|o| o.residual_value_rmb(25)).sum();
        assert!((residual - 1000.0 * 5.0 / 15.0).abs() < 1e-9);
        // Over exactly 30 years the replacement due in year 30 is not made, and nothing is
        // left at the end.
        let o = outlays(&asset(15, None), 30, 0.0);
        assert_eq!(o.len(), 2);
        assert_eq!(o.iter().map(|o| o.residual_value_rmb(30)).sum::<f64>(), 0.0);
        // Replacement prices escalate from today: 1000 × 1.02^15 = 1345.87 in year 15.
        let o = outlays(&asset(15, None), 25, 0.02);
        assert!((o[1].amount_rmb - 1345.868).abs() < 1e-3);
    }

    #[test]
    fn electrolyser_stacks_are_replaced_at_their_life_within_the_plant_s() {
        // A 20-year plant with 10-year stacks at 40 % of capex, over 25 years: build in year
        // 0, stacks in year 10 (400), a new plant in year 20; its stacks would be due in
        // year 30, after the analysis. Residual at 25: the new plant's body 600 × 15/20 =
        // 450 and its stacks 400 × 5/10 = 200, 650.
        let stacks = Some(Part {
            share_of_capex_frac: 0.4,
            life_years: 10,
        });
        let o = outlays(&asset(20, stacks), 25, 0.0);
        assert_eq!(
            o.iter()
                .map(|o| (o.kind, o.year, o.amount_rmb))
                .collect::<Vec<_>>(),
            [
                (OutlayKind::Build, 0, 1000.0),
                (OutlayKind::PartReplacement, 10, 400.0),
                (OutlayKind::Replacement, 20, 1000.0),
            ]
        );
        let residual: f64 = o.iter().map(|o| o.residual_value_rmb(25)).sum();
        assert!((residual - 650.0).abs() < 1e-9, "{residual}");
        // Over 12 years: the first stacks, worn out in year 10, are worth nothing; the body
        // 600 × 8/20 = 240 and the year-10 stacks 400 × 8/10 = 320: 560 (the whole plant
        // valued over 20 years, 1000 × 8/20 + 320 = 720, counted the first stacks twice).
        let o = outlays(&asset(20, stacks), 12, 0.0);
        let residual: f64 = o.iter().map(|o| o.residual_value_rmb(12)).sum();
        assert!((residual - 560.0).abs() < 1e-9, "{residual}");
        // 8-year stacks in a 20-year plant: years 8 and 16, the second serving only the 4
        // years the plant has left.
        let stacks = Some(Part {
            share_of_capex_frac: 0.5,
            life_years: 8,
        });
        let o = outlays(&asset(20, stacks), 20, 0.0);
        assert_eq!(
            o.iter()
                .map(|o| (o.year, o.service_years))
                .collect::<Vec<_>>(),
            [(0, 20), (8, 8), (16, 4)]
        );
    }

    #[test]
    fn depreciation_is_straight_line_and_writes_off_what_is_left() {
        let o = Outlay {
            kind: OutlayKind::Build,
            year: 0,
            amount_rmb: 1000.0,
            service_years: 10,
            depreciation_years: 4,
            part: None,
        };
        // 250 in years 1-4, nothing after.
        assert_eq!(
            o.depreciation_rmb(1000.0, 6),
            [0.0, 250.0, 250.0, 250.0, 250.0, 0.0, 0.0]
        );
        // Over 10 years but the analysis ends at 3: 100, 100, then 100 + the 700 left.
        let o = Outlay {
            depreciation_years: 10,
            ..o
        };
        assert_eq!(o.depreciation_rmb(1000.0, 3), [0.0, 100.0, 100.0, 800.0]);
        // Depreciated over 10 but retired after 5 years of service: 100 × 4, then 100 + 500.
        let o = Outlay {
            service_years: 5,
            ..o
        };
        assert_eq!(
            o.depreciation_rmb(800.0, 6),
            [0.0, 80.0, 80.0, 80.0, 80.0, 480.0, 0.0]
        );
    }
}
