//! The scenario's `incentives:` resolved: what a province pays the park's project, as the
//! cash flows take it ([`Incentives`]), and the one incentive that enters the plan's
//! objective, the subsidy per tonne of CO2 cut, as an annual price on the plan's emissions
//! ([`AbatementWeight`]).

use super::finance::Technology;
use super::issues::Issues;
use super::spec::IncentivesSpec;
use serde::Serialize;
use std::collections::BTreeMap;

/// A one-off award (e.g. Jiangsu's 20 M RMB to a park that passes the national review).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Award {
    /// Year paid (1 = the first year of operation).
    pub year: u32,
    /// Amount, RMB.
    pub amount_rmb: f64,
    /// Whether it is taxable income (a government award is, unless it meets the conditions
    /// of non-taxable fiscal funds, 财税〔2011〕70号).
    pub taxable: bool,
}

/// A subsidy per tonne of CO2 cut against the baseline (e.g. Guangdong's 20 RMB/t).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AbatementSubsidy {
    /// RMB per tonne of CO2 cut.
    pub rmb_per_t: f64,
    /// First year paid (1 = the first year of operation).
    pub first_year: u32,
    /// Number of years paid.
    pub years: u32,
    /// Whether it is taxable income.
    pub taxable: bool,
}

/// Every incentive the project receives.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Incentives {
    /// One-off awards.
    pub awards: Vec<Award>,
    /// Subsidies per tonne of CO2 cut.
    pub abatement_subsidies: Vec<AbatementSubsidy>,
    /// Share of the first build's capex paid by a subsidy, by technology, 0..1: received in
    /// year 0, not taxable, and not depreciable (企业所得税法实施条例 第二十八条: the
    /// depreciation of assets bought with non-taxable income is not deducted).
    pub capex_subsidy_share: BTreeMap<Technology, f64>,
    /// Cut of the loan's interest rate (a green loan), 1/yr: 0.004 is 40 basis points.
    pub loan_rate_cut: f64,
    /// Cut of the NPV's discount rate (a green loan the user says cuts it too), 1/yr.
    pub discount_rate_cut: f64,
}

impl Incentives {
    /// The kinds present, by name: `award`, `abatement_subsidy`, `capex_subsidy`,
    /// `green_loan`.
    pub fn kinds(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.awards.is_empty() {
            out.push("award");
        }
        if !self.abatement_subsidies.is_empty() {
            out.push("abatement_subsidy");
        }
        if self.capex_subsidy_share.values().any(|s| *s > 0.0) {
            out.push("capex_subsidy");
        }
        if self.loan_rate_cut > 0.0 || self.discount_rate_cut > 0.0 {
            out.push("green_loan");
        }
        out
    }

    /// These incentives without the kind `kind` (a name of [`Incentives::kinds`]).
    pub fn without(&self, kind: &str) -> Incentives {
        let mut out = self.clone();
        match kind {
            "award" => out.awards.clear(),
            "abatement_subsidy" => out.abatement_subsidies.clear(),
            "capex_subsidy" => out.capex_subsidy_share.clear(),
            "green_loan" => {
                out.loan_rate_cut = 0.0;
                out.discount_rate_cut = 0.0;
            }
            _ => {}
        }
        out
    }
}

/// The subsidy per tonne cut as the plan's objective sees it: paying `s` RMB per tonne cut
/// for `N` years from year `y₀` is worth `s · Σ_{y=y₀}^{y₀+N−1} (1+r)^−y` per tonne cut
/// each year, spread over the analysis period `A` with `CRF(r, A)`; so the objective gets
/// `+ weight · EM` (the baseline's part is a constant), like a carbon price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AbatementWeight {
    /// `s · PVF(r, y₀, N) · CRF(r, A)`, RMB per t CO2 per year.
    pub rmb_per_t: f64,
    /// `r`, the discount rate the plan is annualised at (catalogue `finance.discount_rate`).
    pub discount_rate: f64,
    /// `A`, years: `finance.analysis_years`, or the longest life of the technologies the
    /// park may build.
    pub analysis_years: u32,
}

/// Every incentive of the scenario, resolved.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IncentivesData {
    /// As the cash flows take them.
    pub incentives: Incentives,
    /// The per-tonne subsidy in the objective, when there is one (set once the park's
    /// technologies are known, [`IncentivesData::weigh_abatement`]).
    pub abatement_weight: Option<AbatementWeight>,
    /// Where the incentives come from, as the scenario says.
    pub source: Option<String>,
}

impl IncentivesData {
    /// Sets [`IncentivesData::abatement_weight`] for a plan annualised at `discount_rate`
    /// over `analysis_years`. Only the years the cash flows pay count: those of the subsidy
    /// within the analysis period.
    pub fn weigh_abatement(&mut self, discount_rate: f64, analysis_years: u32) {
        self.abatement_weight = self.incentives.abatement_subsidies.first().map(|s| {
            let r = discount_rate;
            let pvf: f64 = (s.first_year..s.first_year + s.years)
                .filter(|y| *y <= analysis_years)
                .map(|y| (1.0 + r).powi(-(y as i32)))
                .sum();
            let a = f64::from(analysis_years.max(1));
            let crf = if r > 0.0 {
                r / (1.0 - (1.0 + r).powf(-a))
            } else {
                1.0 / a
            };
            AbatementWeight {
                rmb_per_t: s.rmb_per_t * pvf * crf,
                discount_rate,
                analysis_years,
            }
        });
    }
}

/// Resolves and checks `incentives:`; each problem is recorded with its field. `has_debt`:
/// whether `finance.debt` gives a loan (a green-loan cut needs one, or must cut the
/// discount rate).
pub fn resolve_incentives(
    spec: Option<&IncentivesSpec>,
    has_debt: bool,
    issues: &mut Issues,
) -> IncentivesData {
    let Some(spec) = spec else {
        return IncentivesData::default();
    };
    let mut data = IncentivesData {
        source: spec.source.clone(),
        ..IncentivesData::default()
    };
    let max_year = super::finance::MAX_YEARS;
    if let Some(a) = &spec.award {
        issues.check_range("incentives.award.amount_rmb", a.amount_rmb, 0.0, 1e12);
        if a.year > max_year {
            issues.push(
                "incentives.award.year",
                a.year,
                &format!("a year in [0, {max_year}]"),
            );
        }
        data.incentives.awards.push(Award {
            year: a.year,
            amount_rmb: a.amount_rmb,
            taxable: a.taxable,
        });
    }
    if let Some(s) = &spec.abatement_subsidy {
        issues.check_range(
            "incentives.abatement_subsidy.rmb_per_t",
            s.rmb_per_t,
            0.0,
            10_000.0,
        );
        if !(1..=max_year).contains(&s.years) {
            issues.push(
                "incentives.abatement_subsidy.years",
                s.years,
                &format!("a whole number of years in [1, {max_year}]"),
            );
        }
        if !(1..=max_year).contains(&s.first_year) {
            issues.push(
                "incentives.abatement_subsidy.first_year",
                s.first_year,
                &format!("a year in [1, {max_year}] (1 = the first year of operation)"),
            );
        }
        data.incentives.abatement_subsidies.push(AbatementSubsidy {
            rmb_per_t: s.rmb_per_t,
            first_year: s.first_year,
            years: s.years,
            taxable: s.taxable,
        });
    }
    for (name, share) in &spec.capex_subsidy_share {
        let field = format!("incentives.capex_subsidy_share.{name}");
        match Technology::from_name(name) {
            Some(tech) => {
                issues.check_range(&field, *share, 0.0, 1.0);
                data.incentives.capex_subsidy_share.insert(tech, *share);
            }
            None => {
                let names: Vec<&str> = Technology::ALL.iter().map(|t| t.name()).collect();
                issues.push(&field, name, &format!("one of {}", names.join(", ")));
            }
        }
    }
    if let Some(loan) = &spec.green_loan {
        issues.check_range("incentives.green_loan.rate_cut", loan.rate_cut, 0.0, 0.1);
        if !has_debt && !loan.cuts_discount_rate {
            issues.push(
                "incentives.green_loan.rate_cut",
                loan.rate_cut,
                "a loan to cut (finance.debt) or cuts_discount_rate: true; with neither the \
                 cut changes nothing",
            );
        }
        data.incentives.loan_rate_cut = loan.rate_cut;
        if loan.cuts_discount_rate {
            data.incentives.discount_rate_cut = loan.rate_cut;
        }
    }
    data
}

/// The longest economic life among `lifetimes_yr`, whole years (at least 1).
pub fn longest_life_years(lifetimes_yr: impl Iterator<Item = f64>) -> u32 {
    lifetimes_yr.fold(1.0_f64, f64::max).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subsidy(first_year: u32, years: u32) -> IncentivesData {
        IncentivesData {
            incentives: Incentives {
                abatement_subsidies: vec![AbatementSubsidy {
                    rmb_per_t: 200.0,
                    first_year,
                    years,
                    taxable: true,
                }],
                ..Incentives::default()
            },
            ..IncentivesData::default()
        }
    }

    /// At r = 0 the weight is s · (years paid within A) / A: 200 RMB/t for years 1–10 over
    /// 20 years is 100; for years 1–30, only 20 are paid: 200; for years 15–24, years 15–20:
    /// 200 · 6 / 20 = 60. At 10 % over A = 1, year 1 alone: 200 / 1.1 · 1.1 = 200.
    #[test]
    fn the_weight_counts_the_years_paid_within_the_analysis_period() {
        for (first, years, a, r, expected) in [
            (1, 10, 20, 0.0, 100.0),
            (1, 30, 20, 0.0, 200.0),
            (15, 10, 20, 0.0, 60.0),
            (1, 5, 1, 0.1, 200.0),
        ] {
            let mut data = subsidy(first, years);
            data.weigh_abatement(r, a);
            let w = data.abatement_weight.unwrap().rmb_per_t;
            assert!((w - expected).abs() < 1e-9, "{first} {years} {a}: {w}");
        }
    }
}
