//! The cash-flow inputs read from a plan report and its park: the assets the plan builds
//! (sizes × the catalogue's capex, lives, stack replacement), the annual operating items of
//! plan and baseline, and the `finance:` assumptions.

use super::assets::{Asset, Part};
use super::cashflow::{CashFlowInputs, Side};
use super::debt::LoanTerms;
use super::incentives::Incentives;
use super::tax::TaxRules;
use super::FinanceError;
use crate::plan::dispatch::Capacities;
use crate::plan::kpi::{Costs, CAPITAL_SUFFIX};
use crate::plan::PlanReport;
use crate::plan::Warning;
use crate::scenario::finance::Technology;
use crate::scenario::park::InvestmentCost;
use crate::scenario::Park;
use std::collections::BTreeMap;

/// How an input was chosen, for the assumptions written out.
#[derive(Debug, Clone, PartialEq)]
pub struct Basis {
    /// Where the analysis period comes from.
    pub analysis_years: String,
    /// Where each technology's depreciation years come from.
    pub depreciation: BTreeMap<Technology, String>,
    /// Things a reader should know (rounded lives, short depreciation), in both languages.
    pub notes: Vec<Warning>,
}

/// Whole years of a catalogue life (rounded, at least 1), with a note when it was not whole.
fn whole_years(tech: Technology, life_yr: f64, notes: &mut Vec<Warning>) -> u32 {
    let years = life_yr.round().max(1.0);
    if years != life_yr {
        notes.push(Warning::new(
            format!(
                "{}: life {life_yr} years taken as {years} whole years",
                tech.name()
            ),
            format!("{}：寿命 {life_yr} 年按 {years} 个整年计", tech.name_zh()),
        ));
    }
    years as u32
}

/// One technology's new capacity: its cost per unit and the units built.
struct Built<'a> {
    technology: Technology,
    units: Vec<(&'a InvestmentCost, f64)>,
}

/// Every technology the park may build, with the plan's new units of each (zero when it
/// builds none).
fn built<'a>(park: &'a Park, caps: &Capacities) -> Vec<Built<'a>> {
    let mut out = Vec::new();
    let mut push =
        |technology, units: Vec<(&'a InvestmentCost, f64)>| out.push(Built { technology, units });
    if let Some(pv) = &park.pv {
        push(Technology::Pv, vec![(&pv.cost_per_mw, caps.pv_new_mw)]);
    }
    if let Some(wind) = &park.wind {
        let turbines = f64::from(caps.wind_new_turbines);
        push(Technology::Wind, vec![(&wind.cost_per_turbine, turbines)]);
    }
    if let Some(b) = &park.battery {
        push(
            Technology::Battery,
            vec![
                (&b.cost_per_mwh, caps.battery_new_mwh),
                (&b.cost_per_mw, caps.battery_new_mw),
            ],
        );
    }
    if let Some(h) = &park.hydrogen {
        if let Some(e) = &h.electrolyser {
            let stacks = f64::from(caps.electrolyser_new_stacks);
            push(Technology::Electrolyser, vec![(&e.cost_per_stack, stacks)]);
        }
        if let Some(s) = &h.storage {
            push(
                Technology::H2Storage,
                vec![(&s.cost_per_kg, caps.h2_storage_new_kg)],
            );
        }
    }
    if let Some(h) = &park.heat {
        if let Some((unit, _)) = &h.electric_boiler {
            push(
                Technology::ElectricBoiler,
                vec![(&unit.cost_per_mw_th, caps.electric_boiler_new_mw)],
            );
        }
        if let Some((unit, _)) = &h.heat_pump {
            push(
                Technology::HeatPump,
                vec![(&unit.cost_per_mw_th, caps.heat_pump_new_mw)],
            );
        }
        if let Some(store) = &h.thermal_storage {
            push(
                Technology::ThermalStorage,
                vec![(&store.cost_per_mwh_th, caps.thermal_storage_new_mwh)],
            );
        }
    }
    if let Some(co2) = &park.co2 {
        // One asset per capture plant: plants of different technologies differ in life.
        for capture in &co2.captures {
            let name = &co2.sources[capture.source].name;
            let total = caps.ccus_modules_by_source.get(name).copied().unwrap_or(0);
            let new = total.saturating_sub(capture.existing_modules);
            push(
                Technology::Ccus,
                vec![(&capture.cost_per_module, f64::from(new))],
            );
        }
    }
    out
}

/// The operating items of `costs`: every item but the annualised capital.
fn operating(costs: &Costs) -> BTreeMap<String, f64> {
    costs
        .iter()
        .filter(|(item, _)| !item.ends_with(CAPITAL_SUFFIX))
        .map(|(item, v)| (item.to_string(), *v))
        .collect()
}

/// Relative difference allowed between the capex the assets add up to and the plan's.
const CAPEX_TOLERANCE: f64 = 1e-9;

/// The cash-flow inputs of a plan against its baseline, with how each was chosen.
pub fn inputs_from_plan(
    report: &PlanReport,
    park: &Park,
    incentives: &Incentives,
) -> Result<(CashFlowInputs, Basis), FinanceError> {
    let no_plan = || FinanceError::NoPlan {
        status: serde_json::to_value(report.status)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
    };
    if !report.status.has_plan() {
        return Err(no_plan());
    }
    let (Some(caps), Some(costs), Some(kpis)) = (&report.capacities, &report.costs, &report.kpis)
    else {
        return Err(no_plan());
    };
    let (Some(base_costs), Some(base_kpis)) = (&report.baseline.costs, &report.baseline.kpis)
    else {
        return Err(FinanceError::NoBaseline);
    };
    let f = &park.finance;
    let mut notes = Vec::new();
    let mut depreciation_basis = BTreeMap::new();
    let mut assets = Vec::new();
    let mut longest_buildable = 0;
    for b in built(park, caps) {
        let Some((first, _)) = b.units.first() else {
            continue;
        };
        let life = whole_years(b.technology, first.lifetime_yr, &mut notes);
        longest_buildable = longest_buildable.max(life);
        let capex: f64 = b
            .units
            .iter()
            .map(|(cost, n)| cost.capex_rmb_per_unit * n)
            .sum();
        if capex <= 0.0 {
            continue;
        }
        let (depreciation_years, basis) = match f.tax.depreciation_years.get(&b.technology) {
            Some(years) => (
                *years,
                "scenario finance.tax.depreciation_years".to_string(),
            ),
            None => (
                life,
                format!(
                    "the asset's life (catalogue {}.lifetime_yr)",
                    b.technology.name()
                ),
            ),
        };
        depreciation_basis.insert(b.technology, basis);
        let part = first.part_replacement.map(|p| Part {
            share_of_capex_frac: p.share_of_capex_frac,
            life_years: whole_years(b.technology, p.life_yr, &mut notes),
        });
        assets.push(Asset {
            technology: b.technology,
            capex_rmb: capex,
            life_years: life,
            part,
            depreciation_years,
        });
    }
    let attributed: f64 = assets.iter().map(|a| a.capex_rmb).sum();
    if (attributed - kpis.capex_rmb).abs() > CAPEX_TOLERANCE * kpis.capex_rmb.abs().max(1.0) {
        return Err(FinanceError::CapexMismatch {
            attributed_rmb: attributed,
            reported_rmb: kpis.capex_rmb,
        });
    }
    for asset in &assets {
        if asset.depreciation_years < MACHINERY_MIN_DEPRECIATION_YEARS {
            let years = asset.depreciation_years;
            notes.push(Warning::new(
                format!(
                    "{}: depreciated over {years} years, under the \
                     {MACHINERY_MIN_DEPRECIATION_YEARS} years 企业所得税法实施条例 第六十条 sets \
                     for machinery and equipment (shorter only under accelerated depreciation, \
                     第九十八条: at least 60 % of it)",
                    asset.technology.name()
                ),
                format!(
                    "{}：按 {years} 年折旧，短于企业所得税法实施条例第六十条对机器设备规定的 \
                     {MACHINERY_MIN_DEPRECIATION_YEARS} 年（仅加速折旧可缩短，第九十八条：不低于\
                     规定年限的 60 %）",
                    asset.technology.name_zh()
                ),
            ));
        }
    }
    let longest_built = assets.iter().map(|a| a.life_years).max();
    let (analysis_years, analysis_basis) = match (f.analysis_years, longest_built) {
        (Some(years), _) => (years, "scenario finance.analysis_years".to_string()),
        (None, Some(years)) => (
            years,
            "the longest economic life of the assets the plan builds".to_string(),
        ),
        (None, None) if longest_buildable > 0 => (
            longest_buildable,
            "the plan builds nothing: the longest economic life of the technologies the park \
             may build"
                .to_string(),
        ),
        (None, None) => return Err(FinanceError::NoAnalysisPeriod),
    };
    let debt = f.debt.as_ref().map(|d| LoanTerms {
        share: d.share.value,
        rate: d.rate.value,
        tenor_years: d.tenor_years,
    });
    notes.extend(incentive_notes(incentives, debt.as_ref(), analysis_years));
    if incentives.discount_rate_cut > 0.0 {
        let applied = 100.0 * (f.discount_rate.value - incentives.discount_rate_cut).max(0.0);
        let rate = 100.0 * f.discount_rate.value;
        notes.push(Warning::new(
            format!(
                "the NPV is taken at {applied:.2} %: the discount rate ({rate:.2} %) less the \
                 green loan's cut (cuts_discount_rate), not below 0"
            ),
            format!(
                "净现值按 {applied:.2} % 折现率计算：折现率 {rate:.2} % 减去绿色贷款利率下调的 \
                 {cut:.2} 个百分点（cuts_discount_rate），不低于 0",
                cut = 100.0 * incentives.discount_rate_cut
            ),
        ));
    }
    if let Some(d) = &debt {
        if d.tenor_years > analysis_years {
            let tenor = d.tenor_years;
            notes.push(Warning::new(
                format!(
                    "the loan's tenor ({tenor} years) is longer than the analysis \
                     ({analysis_years} years): the balance left is repaid in year \
                     {analysis_years}"
                ),
                format!(
                    "贷款期限（{tenor} 年）长于计算期（{analysis_years} 年）：余额在第 \
                     {analysis_years} 年还清"
                ),
            ));
        }
    }
    let inputs = CashFlowInputs {
        analysis_years,
        discount_rate: (f.discount_rate.value - incentives.discount_rate_cut).max(0.0),
        plan: Side {
            assets,
            operating_rmb_per_yr: operating(costs),
            emissions_t_per_yr: kpis.emissions_t,
        },
        baseline: Side {
            assets: Vec::new(),
            operating_rmb_per_yr: operating(base_costs),
            emissions_t_per_yr: base_kpis.emissions_t,
        },
        escalation: f.escalation.clone(),
        tax: TaxRules {
            rate: f.tax.income_tax_rate.value,
            loss_carry_forward_years: f.tax.loss_carry_forward_years,
            holiday: f.tax.holiday,
        },
        debt,
        incentives: incentives.clone(),
    };
    Ok((
        inputs,
        Basis {
            analysis_years: analysis_basis,
            depreciation: depreciation_basis,
            notes,
        },
    ))
}

/// What of `incentives` the cash flows cannot count as given: an award or years of a
/// subsidy per tonne after the analysis's last year `analysis_years`, a green loan's rate
/// cut larger than the loan's rate (the rate stops at 0).
fn incentive_notes(
    incentives: &Incentives,
    debt: Option<&LoanTerms>,
    analysis_years: u32,
) -> Vec<Warning> {
    let mut notes = Vec::new();
    for award in incentives.awards.iter().filter(|a| a.year > analysis_years) {
        let (amount, year) = (award.amount_rmb, award.year);
        notes.push(Warning::new(
            format!(
                "the award of {amount:.0} RMB in year {year} falls after the analysis ends \
                 (year {analysis_years}): not counted"
            ),
            format!(
                "第 {year} 年的奖励 {amount:.0} 元在计算期结束（第 {analysis_years} 年）之后，\
                 不计入"
            ),
        ));
    }
    for subsidy in &incentives.abatement_subsidies {
        let last = subsidy
            .first_year
            .saturating_add(subsidy.years)
            .saturating_sub(1);
        if subsidy.years > 0 && last > analysis_years {
            let counted = (analysis_years + 1).saturating_sub(subsidy.first_year);
            let (rate, first, years) = (subsidy.rmb_per_t, subsidy.first_year, subsidy.years);
            let left_out = years - counted.min(years);
            notes.push(Warning::new(
                format!(
                    "the subsidy of {rate} RMB per t CO2 cut runs in years {first}-{last}, past \
                     the analysis's end (year {analysis_years}): {left_out} of its {years} years \
                     not counted"
                ),
                format!(
                    "减排量补贴每 tCO2 {rate} 元，补贴期为第 {first}-{last} 年，超出计算期末\
                     （第 {analysis_years} 年）：其 {years} 年中有 {left_out} 年不计入"
                ),
            ));
        }
    }
    if let Some(d) = debt.filter(|d| d.share > 0.0 && incentives.loan_rate_cut > d.rate) {
        let (cut, rate) = (100.0 * incentives.loan_rate_cut, 100.0 * d.rate);
        notes.push(Warning::new(
            format!(
                "the green loan's rate cut ({cut:.2} %) is more than the loan's rate ({rate:.2} \
                 %): the loan is counted interest-free (a rate cannot fall below 0)"
            ),
            format!(
                "绿色贷款利率下调 {cut:.2} 个百分点，超过贷款利率 {rate:.2} %：贷款按无息计\
                 （利率不能低于 0）"
            ),
        ));
    }
    notes
}

/// Fewest depreciation years for machinery and production equipment (企业所得税法实施条例
/// 第六十条).
pub const MACHINERY_MIN_DEPRECIATION_YEARS: u32 = 10;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finance::incentives::AbatementSubsidy;

    /// A subsidy for years 18-27 of a 20-year analysis: 3 of its 10 years are counted, 7 not.
    #[test]
    fn a_subsidy_past_the_analysis_is_said_with_the_years_left_out() {
        let incentives = Incentives {
            abatement_subsidies: vec![AbatementSubsidy {
                rmb_per_t: 50.0,
                first_year: 18,
                years: 10,
                taxable: false,
            }],
            ..Incentives::default()
        };
        assert_eq!(
            incentive_notes(&incentives, None, 20),
            vec![Warning::new(
                "the subsidy of 50 RMB per t CO2 cut runs in years 18-27, past the analysis's \
                 end (year 20): 7 of its 10 years not counted",
                "减排量补贴每 tCO2 50 元，补贴期为第 18-27 年，超出计算期末（第 20 年）：其 10 \
                 年中有 7 年不计入"
            )]
        );
        assert!(incentive_notes(&incentives, None, 27).is_empty());
    }
}
