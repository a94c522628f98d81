//! Incentives as cash flows: what a province pays the project and when. The cash-flow engine
//! takes them as input; none enters the plan's optimum here.

use crate::scenario::finance::Technology;
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
}

/// The incentives paid in one year, RMB.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct IncentiveYear {
    /// Awards.
    pub award_rmb: f64,
    /// Subsidies per tonne cut.
    pub abatement_subsidy_rmb: f64,
    /// Capex subsidies.
    pub capex_subsidy_rmb: f64,
    /// The part of these that is taxable income.
    pub taxable_rmb: f64,
}

impl Incentives {
    /// The awards and per-tonne subsidies of years 0..=`end`, for a cut of `abated_t_per_yr`
    /// tonnes of CO2 a year (the baseline's emissions less the plan's; nothing is paid on a
    /// rise), and the capex subsidy of `build_capex_rmb` (the first build by technology) in
    /// year 0.
    pub fn by_year(
        &self,
        end: u32,
        abated_t_per_yr: f64,
        build_capex_rmb: &BTreeMap<Technology, f64>,
    ) -> Vec<IncentiveYear> {
        let mut out = vec![IncentiveYear::default(); end as usize + 1];
        for award in &self.awards {
            if let Some(y) = out.get_mut(award.year as usize) {
                y.award_rmb += award.amount_rmb;
                if award.taxable {
                    y.taxable_rmb += award.amount_rmb;
                }
            }
        }
        for subsidy in &self.abatement_subsidies {
            let years = subsidy.first_year..subsidy.first_year.saturating_add(subsidy.years);
            for year in years.filter(|y| *y <= end) {
                let paid = subsidy.rmb_per_t * abated_t_per_yr.max(0.0);
                let y = &mut out[year as usize];
                y.abatement_subsidy_rmb += paid;
                if subsidy.taxable {
                    y.taxable_rmb += paid;
                }
            }
        }
        out[0].capex_subsidy_rmb = self.capex_subsidy_rmb(build_capex_rmb);
        out
    }

    /// The capex subsidy on the first build, RMB.
    pub fn capex_subsidy_rmb(&self, build_capex_rmb: &BTreeMap<Technology, f64>) -> f64 {
        build_capex_rmb
            .iter()
            .map(|(tech, capex)| capex * self.capex_subsidy_share.get(tech).copied().unwrap_or(0.0))
            .sum()
    }
}
