//! Corporate income tax on the project's incremental profit, year by year: losses carried
//! forward, an optional holiday, no refunds.

use crate::scenario::spec::TaxHoliday;
use serde::Serialize;

/// The tax rules applied.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TaxRules {
    /// Tax rate on taxable income (0.25: 企业所得税法 第四条).
    pub rate: f64,
    /// Years a loss may be carried forward (5: 企业所得税法 第十八条); 0: losses are lost.
    pub loss_carry_forward_years: u32,
    /// A holiday, when the project qualifies for one.
    pub holiday: Option<TaxHoliday>,
}

impl TaxRules {
    /// The share of the rate charged in operating year `year` (year 1 is the first year of
    /// operating income): 三免三减半 charges 0 in years 1–3 and ½ in years 4–6
    /// (企业所得税法实施条例 第八十七条 and 第八十八条 count from the tax year of the first operating
    /// income).
    pub fn holiday_factor(&self, year: u32) -> f64 {
        match self.holiday {
            None => 1.0,
            Some(TaxHoliday::ThreeFreeThreeHalf) => match year {
                1..=3 => 0.0,
                4..=6 => 0.5,
                _ => 1.0,
            },
        }
    }
}

/// The tax of one year.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TaxYear {
    /// Earlier losses set against this year's income, RMB.
    pub loss_used_rmb: f64,
    /// Income taxed after those losses, RMB.
    pub taxed_income_rmb: f64,
    /// Tax paid, RMB (positive; never negative: a loss earns no refund).
    pub tax_rmb: f64,
}

/// The tax of each year from the taxable income of each year (index 0 is year 0, the
/// construction year). A loss (negative income) is carried forward and set against the income
/// of the next `loss_carry_forward_years` years, oldest first, before the rate (and the
/// holiday's factor) applies; what is left after that is lost. Losses are set off in holiday
/// years too, as the income of those years is still income.
pub fn income_tax(taxable_income_rmb: &[f64], rules: &TaxRules) -> Vec<TaxYear> {
    // (year of the loss, amount still to set off)
    let mut losses: Vec<(usize, f64)> = Vec::new();
    let carry = rules.loss_carry_forward_years as usize;
    taxable_income_rmb
        .iter()
        .enumerate()
        .map(|(year, &income)| {
            losses.retain(|(from, left)| year - from <= carry && *left > 0.0);
            if income <= 0.0 {
                if income < 0.0 && carry > 0 {
                    losses.push((year, -income));
                }
                return TaxYear::default();
            }
            let mut left = income;
            let mut used = 0.0;
            for (_, loss) in losses.iter_mut() {
                let take = loss.min(left);
                *loss -= take;
                left -= take;
                used += take;
                if left <= 0.0 {
                    break;
                }
            }
            let factor = rules.holiday_factor(year as u32);
            TaxYear {
                loss_used_rmb: used,
                taxed_income_rmb: left,
                tax_rmb: left * rules.rate * factor,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(holiday: Option<TaxHoliday>, carry: u32) -> TaxRules {
        TaxRules {
            rate: 0.25,
            loss_carry_forward_years: carry,
            holiday,
        }
    }

    fn taxes(income: &[f64], rules: &TaxRules) -> Vec<f64> {
        income_tax(income, rules)
            .iter()
            .map(|t| t.tax_rmb)
            .collect()
    }

    #[test]
    fn three_free_three_half_charges_nothing_in_years_1_to_3_and_half_in_4_to_6() {
        // 100 of taxable income in each of years 1..=8 at 25 %: 0, 0, 0 in years 1-3;
        // 100 × 25 % × ½ = 12.5 in years 4-6; 25 in years 7 and 8.
        let income = [0.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0];
        let with = taxes(&income, &rules(Some(TaxHoliday::ThreeFreeThreeHalf), 5));
        assert_eq!(with, [0.0, 0.0, 0.0, 0.0, 12.5, 12.5, 12.5, 25.0, 25.0]);
        let without = taxes(&income, &rules(None, 5));
        assert_eq!(
            without,
            [0.0, 25.0, 25.0, 25.0, 25.0, 25.0, 25.0, 25.0, 25.0]
        );
    }

    #[test]
    fn losses_are_carried_forward_five_years_oldest_first_then_lost() {
        // Year 1 loses 150 and year 2 loses 50; year 3 earns 100: the oldest loss takes it
        // all (150 → 50 left), no tax. Year 4 earns 80: 50 of year 1 and 30 of year 2, no
        // tax; year 2 has 20 left. Year 5 earns 10: 10 of year 2, no tax (10 left).
        // Year 8 earns 40: year 2's loss is 6 years old, past the 5 allowed, so lost:
        // 40 × 25 % = 10.
        let income = [0.0, -150.0, -50.0, 100.0, 80.0, 10.0, 0.0, 0.0, 40.0];
        let t = income_tax(&income, &rules(None, 5));
        assert_eq!(
            t.iter().map(|y| y.tax_rmb).collect::<Vec<_>>(),
            [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.0]
        );
        assert_eq!(t[3].loss_used_rmb, 100.0);
        assert_eq!(t[4].loss_used_rmb, 80.0);
        assert_eq!(t[5].loss_used_rmb, 10.0);
        assert_eq!(t[8].loss_used_rmb, 0.0);
        // The same in year 7 (5 years after year 2): 10 of loss left, 30 taxed, 7.5.
        let mut income7 = income;
        income7.swap(7, 8);
        assert_eq!(taxes(&income7, &rules(None, 5))[7], 7.5);
        // Without carry-forward every profitable year pays in full: 25, 20, 2.5, 10.
        assert_eq!(
            taxes(&income, &rules(None, 0)),
            [0.0, 0.0, 0.0, 25.0, 20.0, 2.5, 0.0, 0.0, 10.0]
        );
    }

    #[test]
    fn losses_set_off_in_a_holiday_year_are_used_up() {
        // A loss of 100 in year 1, 100 earned in year 2 (a free year): the loss is set off
        // there and cannot lower year 7's tax: 100 × 25 % = 25.
        let income = [0.0, -100.0, 100.0, 0.0, 0.0, 0.0, 0.0, 100.0];
        let t = income_tax(&income, &rules(Some(TaxHoliday::ThreeFreeThreeHalf), 5));
        assert_eq!(t[2].loss_used_rmb, 100.0);
        assert_eq!(t[7].tax_rmb, 25.0);
    }
}
