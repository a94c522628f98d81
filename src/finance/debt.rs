//! A loan repaid in level annual payments (an annuity): what it costs year by year.

use serde::Serialize;

/// The terms of a loan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LoanTerms {
    /// Share of the project's net year-0 investment (capex less capex subsidies) borrowed,
    /// 0..1.
    pub share: f64,
    /// Interest rate, 1/yr, before any green-loan cut.
    pub rate: f64,
    /// Years of repayment, from year 1.
    pub tenor_years: u32,
}

/// One year of a loan's service.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DebtYear {
    /// Interest paid, RMB (positive).
    pub interest_rmb: f64,
    /// Principal repaid, RMB (positive).
    pub principal_rmb: f64,
    /// Balance owed at the end of the year, RMB.
    pub balance_rmb: f64,
}

/// The level annual payment that repays `principal_rmb` with interest at `rate` over
/// `tenor_years`: `P · r / (1 − (1 + r)^−T)`, or `P / T` at `r = 0`.
pub fn level_payment_rmb(principal_rmb: f64, rate: f64, tenor_years: u32) -> f64 {
    if tenor_years == 0 {
        return principal_rmb;
    }
    let t = f64::from(tenor_years);
    if rate.abs() < 1e-12 {
        principal_rmb / t
    } else {
        principal_rmb * rate / (1.0 - (1.0 + rate).powf(-t))
    }
}

/// The service of a loan of `principal_rmb` drawn in year 0, for years 1..=`years`: interest
/// on the balance at the start of the year, the rest of the level payment repays principal,
/// nothing after the tenor. A balance still owed in year `years` (a tenor longer than the
/// analysis) is repaid in full then. Index 0 is year 1.
pub fn schedule(principal_rmb: f64, rate: f64, tenor_years: u32, years: u32) -> Vec<DebtYear> {
    let payment = level_payment_rmb(principal_rmb, rate, tenor_years);
    let mut balance = principal_rmb;
    (1..=years)
        .map(|year| {
            if year > tenor_years || balance <= 0.0 {
                return DebtYear::default();
            }
            let interest = balance * rate;
            // The last payment clears the balance exactly (no rounding left over).
            let principal = if year == tenor_years || year == years {
                balance
            } else {
                payment - interest
            };
            balance -= principal;
            DebtYear {
                interest_rmb: interest,
                principal_rmb: principal,
                balance_rmb: balance,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_payment_matches_the_annuity_formula_and_sums_to_principal_plus_interest() {
        // 1,000,000 RMB at 5 % over 3 years: A = 1e6 · 0.05 / (1 − 1.05⁻³)
        // = 50,000 / (1 − 0.863838) = 50,000 / 0.136162 = 367,208.56 RMB a year.
        let a = level_payment_rmb(1e6, 0.05, 3);
        assert!((a - 367_208.56).abs() < 0.01, "{a}");
        // Year 1: interest 50,000.00, principal 317,208.56, balance 682,791.44;
        // year 2: interest 34,139.57, principal 333,068.99, balance 349,722.45;
        // year 3: interest 17,486.12, principal 349,722.45, balance 0.
        let s = schedule(1e6, 0.05, 3, 5);
        let close = |x: f64, y: f64| (x - y).abs() < 0.01;
        assert!(close(s[0].interest_rmb, 50_000.0) && close(s[0].principal_rmb, 317_208.56));
        assert!(close(s[1].interest_rmb, 34_139.57) && close(s[1].principal_rmb, 333_068.99));
        assert!(close(s[2].interest_rmb, 17_486.12) && close(s[2].principal_rmb, 349_722.45));
        assert_eq!(s[3], DebtYear::default());
        assert_eq!(s[4], DebtYear::default());
        // Every payment is the same, and they sum to principal plus interest:
        // 3 × 367,208.565 = 1,101,625.69 = 1,000,000 + 101,625.69 of interest.
        for year in &s[..3] {
            assert!(close(year.interest_rmb + year.principal_rmb, a));
        }
        let principal: f64 = s.iter().map(|y| y.principal_rmb).sum();
        let interest: f64 = s.iter().map(|y| y.interest_rmb).sum();
        assert!((principal - 1e6).abs() < 1e-6);
        assert!(close(principal + interest, 3.0 * a));
        assert!(close(interest, 101_625.69));
        assert!(s[2].balance_rmb.abs() < 1e-6);
    }

    #[test]
    fn a_balance_left_at_the_end_of_the_analysis_is_repaid_then() {
        // 1,000,000 at 5 % over 3 years, analysed over 2: year 2 pays its interest 34,139.57
        // and the whole balance left, 682,791.44.
        let s = schedule(1e6, 0.05, 3, 2);
        assert!((s[1].principal_rmb - 682_791.44).abs() < 0.01);
        assert!(s[1].balance_rmb.abs() < 1e-6);
    }

    #[test]
    fn interest_free_loans_repay_in_equal_parts() {
        // 900 at 0 % over 3 years: 300 a year, no interest.
        let s = schedule(900.0, 0.0, 3, 3);
        assert!(s
            .iter()
            .all(|y| y.interest_rmb == 0.0 && y.principal_rmb == 300.0));
    }
}
