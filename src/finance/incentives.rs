//! Incentives as cash flows: what a province pays the project and when. The scenario's
//! `incentives:` ([`crate::scenario::incentives`]) gives them; the per-tonne subsidy also
//! enters the plan's objective there.

use crate::scenario::finance::Technology;
pub use crate::scenario::incentives::{AbatementSubsidy, Award, Incentives};
use std::collections::BTreeMap;

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
