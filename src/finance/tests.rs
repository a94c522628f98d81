//! The cash-flow engine on hand-worked cases: every figure below is worked out in the
//! comments (RMB; r the discount rate).

use super::assets::{Asset, Part};
use super::cashflow::{cash_flows, escalation_rate, CashFlowInputs, CashFlows, Side};
use super::debt::LoanTerms;
use super::incentives::{AbatementSubsidy, Award, Incentives};
use super::metrics::{npv, Irr};
use super::tax::TaxRules;
use super::FinanceResults;
use crate::scenario::finance::{CostGroup, Technology};
use crate::scenario::spec::TaxHoliday;
use std::collections::BTreeMap;

fn items(list: &[(&str, f64)]) -> BTreeMap<String, f64> {
    list.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// The two-asset case. PV: capex 1000, life 4, depreciated over 4; battery: capex 400, life
/// 2, depreciated over 2. The plan pays 400 a year for grid energy and 50 of PV fixed O&M;
/// the baseline 1100 for grid energy: savings 1100 − 450 = 650 a year. Four years at 10 %,
/// tax 25 %, no loan.
fn two_assets() -> CashFlowInputs {
    CashFlowInputs {
        analysis_years: 4,
        discount_rate: 0.10,
        plan: Side {
            assets: vec![
                Asset {
                    technology: Technology::Pv,
                    capex_rmb: 1000.0,
                    life_years: 4,
                    part: None,
                    depreciation_years: 4,
                },
                Asset {
                    technology: Technology::Battery,
                    capex_rmb: 400.0,
                    life_years: 2,
                    part: None,
                    depreciation_years: 2,
                },
            ],
            operating_rmb_per_yr: items(&[("grid_energy", 400.0), ("pv_fixed_om", 50.0)]),
            emissions_t_per_yr: 10.0,
        },
        baseline: Side {
            assets: Vec::new(),
            operating_rmb_per_yr: items(&[("grid_energy", 1100.0)]),
            emissions_t_per_yr: 15.0,
        },
        escalation: BTreeMap::new(),
        tax: TaxRules {
            rate: 0.25,
            loss_carry_forward_years: 5,
            holiday: None,
        },
        debt: None,
        incentives: Incentives::default(),
    }
}

fn column(flows: &CashFlows, f: fn(&super::cashflow::YearRow) -> f64) -> Vec<f64> {
    flows.rows.iter().map(f).collect()
}

fn assert_close(got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() <= tol, "{got:?} vs {want:?}");
    }
}

#[test]
fn two_asset_case_npv_and_irr_worked_by_hand() {
    // Capex 1400 in year 0; the battery is bought again in year 2 (its life ends), 400.
    // Depreciation: PV 1000/4 = 250 a year; battery 400/2 = 200 in years 1-2 and the second
    // one's 200 in years 3-4: 450 a year. Taxable income 650 − 450 = 200, tax 50 a year.
    // Before tax: −1400, 650, 650 − 400 = 250, 650, 650.
    // After tax:  −1400, 600, 200, 600, 600.
    // NPV at 10 %: −1400 + 600/1.1 + 200/1.21 + 600/1.331 + 600/1.4641
    //            = −1400 + 545.455 + 165.289 + 450.789 + 409.808 = 171.341.
    // Before tax: −1400 + 590.909 + 206.612 + 488.355 + 443.959 = 329.834.
    // IRR: the rate where the NPV is 0, 15.3605 % (NPV at 15 %: +9.04, at 16 %: −15.70);
    // before tax 20.1803 %.
    // Simple payback: cumulative −1400, −800, −600, 0: paid back at the end of year 3.
    // Discounted: −1400, −854.545, −689.256, −238.467, +171.341: 3 + 238.467/409.808
    // = 3.582 years.
    let inputs = two_assets();
    let flows = cash_flows(&inputs);
    assert_close(
        &column(&flows, |r| r.plan.replacement_rmb),
        &[0.0, 0.0, -400.0, 0.0, 0.0],
        1e-12,
    );
    assert_close(
        &column(&flows, |r| r.depreciation_rmb),
        &[0.0, 450.0, 450.0, 450.0, 450.0],
        1e-9,
    );
    assert_close(
        &column(&flows, |r| r.income_tax_rmb),
        &[0.0, -50.0, -50.0, -50.0, -50.0],
        1e-9,
    );
    assert_close(
        &column(&flows, |r| r.before_tax_rmb),
        &[-1400.0, 650.0, 250.0, 650.0, 650.0],
        1e-9,
    );
    let project = column(&flows, |r| r.project_cash_flow_rmb);
    assert_close(&project, &[-1400.0, 600.0, 200.0, 600.0, 600.0], 1e-9);
    // Without a loan the equity's cash flow is the project's.
    assert_close(&column(&flows, |r| r.equity_cash_flow_rmb), &project, 1e-9);
    // The project's savings are the baseline's bill less the plan's, item group by group.
    assert_close(
        &column(&flows, |r| r.project.energy_rmb),
        &[0.0, 700.0, 700.0, 700.0, 700.0],
        1e-9,
    );
    assert_close(
        &column(&flows, |r| r.project.fixed_om_rmb),
        &[0.0, -50.0, -50.0, -50.0, -50.0],
        1e-9,
    );

    let results = FinanceResults::of(&flows, inputs.discount_rate);
    assert!(
        (results.npv_rmb - 171.341).abs() < 1e-3,
        "{}",
        results.npv_rmb
    );
    assert!((results.npv_before_tax_rmb - 329.834).abs() < 1e-3);
    let irr = results.project_irr.rate().unwrap();
    assert!((irr - 0.153_605).abs() < 1e-6, "{irr}");
    assert!(npv(irr, &project).abs() < 1e-8);
    let before = results.project_irr_before_tax.rate().unwrap();
    assert!((before - 0.201_803).abs() < 1e-6, "{before}");
    assert_eq!(results.project_irr, results.equity_irr);
    assert!((results.simple_payback_years.unwrap() - 3.0).abs() < 1e-12);
    let discounted = results.discounted_payback_years.unwrap();
    assert!(
        (discounted - (3.0 + 238.467 / 409.808)).abs() < 1e-5,
        "{discounted}"
    );
    assert_eq!(results.investment_rmb, 1400.0);
}

#[test]
fn residual_value_at_the_end_is_taxed_only_above_its_book_value() {
    // The two-asset case over 3 years. At the end of year 3 the PV has 1 of its 4 years
    // left: residual 1000 × 1/4 = 250; the battery bought in year 2 has 1 of 2 left: 400 ×
    // 1/2 = 200. Their book values are the same (depreciated over their lives), written off
    // in year 3: depreciation 450 + 250 + 200 = 900. Taxable: 650 + 450 − 900 = 200, tax
    // 50 as in every other year; cash flow 650 + 450 − 50 = 1050.
    let inputs = CashFlowInputs {
        analysis_years: 3,
        ..two_assets()
    };
    let flows = cash_flows(&inputs);
    let last = flows.rows[3];
    assert!((last.plan.residual_value_rmb - 450.0).abs() < 1e-9);
    assert!((last.depreciation_rmb - 900.0).abs() < 1e-9);
    assert!((last.income_tax_rmb + 50.0).abs() < 1e-9);
    assert!((last.project_cash_flow_rmb - 1050.0).abs() < 1e-9);
    // Paybacks leave the residual credit out. Discounted at 10 %: −1400, +545.45, +165.29,
    // then (1050 − 450) / 1.331 = +450.79 ends at −238.47: no payback (with the 450
    // credited, +338.09 more, it would have read 2 + 689.26 / 788.88 = 2.874 years).
    // Simple: −1400, −800, −600, then +600 reaches 0 at the end of year 3 (2.571 with it).
    let results = FinanceResults::of(&flows, inputs.discount_rate);
    assert_eq!(results.discounted_payback_years, None);
    let simple = results.simple_payback_years.unwrap();
    assert!((simple - 3.0).abs() < 1e-9, "{simple}");
}

#[test]
fn the_tax_holiday_frees_years_1_to_3_and_halves_4_to_6() {
    // The two-asset case over 8 years with 三免三减半: the PV is bought again in year 4,
    // the battery in years 2, 4 and 6; depreciation stays 450 a year, taxable income 200 a
    // year, so the tax is 0 in years 1-3, 200 × 25 % × ½ = 25 in years 4-6, 50 in 7-8.
    let inputs = CashFlowInputs {
        analysis_years: 8,
        tax: TaxRules {
            holiday: Some(TaxHoliday::ThreeFreeThreeHalf),
            ..two_assets().tax
        },
        ..two_assets()
    };
    let flows = cash_flows(&inputs);
    assert_close(
        &column(&flows, |r| r.plan.replacement_rmb),
        &[0.0, 0.0, -400.0, 0.0, -1400.0, 0.0, -400.0, 0.0, 0.0],
        1e-9,
    );
    assert_close(
        &column(&flows, |r| r.taxable_income_rmb)[1..],
        &[200.0; 8],
        1e-9,
    );
    assert_close(
        &column(&flows, |r| r.income_tax_rmb),
        &[0.0, 0.0, 0.0, 0.0, -25.0, -25.0, -25.0, -50.0, -50.0],
        1e-9,
    );
}

#[test]
fn a_loan_shifts_cash_to_equity_and_its_interest_lowers_the_tax() {
    // Half of the 1400 borrowed at 5 % over 2 years: 700, drawn in year 0. Level payment
    // 700 × 0.05 / (1 − 1.05⁻²) = 376.463. Year 1: interest 35, principal 341.463;
    // year 2: interest 358.537 × 5 % = 17.927, principal 358.537. Principal repaid 700,
    // interest 52.927 = 2 × 376.463 − 700.
    // Equity tax: (200 − 35) × 25 % = 41.25, then (200 − 17.927) × 25 % = 45.518.
    // Equity cash flow: −1400 + 700 = −700; 650 − 376.463 − 41.25 = 232.287;
    // 250 − 376.463 − 45.518 = −171.982; 600; 600. Its IRR: 20.6037 %. The project's cash
    // flow (tax without interest) is unchanged.
    let inputs = CashFlowInputs {
        debt: Some(LoanTerms {
            share: 0.5,
            rate: 0.05,
            tenor_years: 2,
        }),
        ..two_assets()
    };
    let flows = cash_flows(&inputs);
    assert!((flows.loan_principal_rmb - 700.0).abs() < 1e-9);
    assert!((flows.loan_payment_rmb - 376.463_414_6).abs() < 1e-6);
    let interest = column(&flows, |r| r.debt_interest_rmb);
    let principal = column(&flows, |r| r.debt_principal_rmb);
    assert_close(&interest, &[0.0, -35.0, -17.926_829, 0.0, 0.0], 1e-6);
    assert!((principal.iter().sum::<f64>() + 700.0).abs() < 1e-9);
    assert!((interest.iter().sum::<f64>() + 2.0 * flows.loan_payment_rmb - 700.0).abs() < 1e-9);
    assert_close(
        &column(&flows, |r| r.equity_income_tax_rmb),
        &[0.0, -41.25, -45.518_293, -50.0, -50.0],
        1e-6,
    );
    let equity = column(&flows, |r| r.equity_cash_flow_rmb);
    assert_close(
        &equity,
        &[-700.0, 232.286_585, -171.981_707, 600.0, 600.0],
        1e-6,
    );
    assert_close(
        &column(&flows, |r| r.project_cash_flow_rmb),
        &[-1400.0, 600.0, 200.0, 600.0, 600.0],
        1e-9,
    );
    let results = FinanceResults::of(&flows, inputs.discount_rate);
    let equity_irr = results.equity_irr.rate().unwrap();
    assert!((equity_irr - 0.206_037).abs() < 1e-6, "{equity_irr}");
}

#[test]
fn incentives_arrive_in_their_years_with_their_tax() {
    // On the two-asset case: an award of 100 in year 1 (taxable); 20 RMB per tonne cut for
    // 2 years from year 1, on 15 − 10 = 5 t/yr: 100 in years 1 and 2 (taxable); half the
    // PV's capex, 500, in year 0 (not taxable, and that half not depreciated: 125 a year
    // instead of 250); a green-loan cut of 1 point on a 5 % loan of half the investment
    // (1400 − 500 = 900: 450 at 4 %, over 2 years).
    // Project tax: year 1 (650 + 100 + 100 − 325) × 25 % = 131.25; year 2 (650 + 100 −
    // 325) × 25 % = 106.25; years 3-4 (650 − 325) × 25 % = 81.25.
    // Project cash flow: −1400 + 500 = −900; 650 + 200 − 131.25 = 718.75;
    // 250 + 100 − 106.25 = 243.75; 568.75; 568.75.
    let inputs = CashFlowInputs {
        incentives: Incentives {
            awards: vec![Award {
                year: 1,
                amount_rmb: 100.0,
                taxable: true,
            }],
            abatement_subsidies: vec![AbatementSubsidy {
                rmb_per_t: 20.0,
                first_year: 1,
                years: 2,
                taxable: true,
            }],
            capex_subsidy_share: BTreeMap::from([(Technology::Pv, 0.5)]),
            loan_rate_cut: 0.01,
            discount_rate_cut: 0.0,
        },
        debt: Some(LoanTerms {
            share: 0.5,
            rate: 0.05,
            tenor_years: 2,
        }),
        ..two_assets()
    };
    let flows = cash_flows(&inputs);
    assert_close(
        &column(&flows, |r| r.incentives.award_rmb),
        &[0.0, 100.0, 0.0, 0.0, 0.0],
        0.0,
    );
    assert_close(
        &column(&flows, |r| r.incentives.abatement_subsidy_rmb),
        &[0.0, 100.0, 100.0, 0.0, 0.0],
        0.0,
    );
    assert_close(
        &column(&flows, |r| r.incentives.capex_subsidy_rmb),
        &[500.0, 0.0, 0.0, 0.0, 0.0],
        0.0,
    );
    assert_close(
        &column(&flows, |r| r.income_tax_rmb),
        &[0.0, -131.25, -106.25, -81.25, -81.25],
        1e-9,
    );
    assert_close(
        &column(&flows, |r| r.project_cash_flow_rmb),
        &[-900.0, 718.75, 243.75, 568.75, 568.75],
        1e-9,
    );
    assert!((flows.loan_principal_rmb - 450.0).abs() < 1e-9);
    assert!((flows.loan_rate - 0.04).abs() < 1e-12);
    // Year 1's interest at the cut rate: 450 × 4 % = 18.
    assert!((flows.rows[1].debt_interest_rmb + 18.0).abs() < 1e-9);
    let results = FinanceResults::of(&flows, inputs.discount_rate);
    assert_eq!(results.investment_rmb, 900.0);
}

#[test]
fn a_subsidy_per_tonne_is_paid_for_its_years_only() {
    // 30 RMB/t on 5 t/yr from year 2 for 2 years: 150 in years 2 and 3, none in 1 and 4.
    let inputs = CashFlowInputs {
        incentives: Incentives {
            abatement_subsidies: vec![AbatementSubsidy {
                rmb_per_t: 30.0,
                first_year: 2,
                years: 2,
                taxable: false,
            }],
            ..Incentives::default()
        },
        ..two_assets()
    };
    let flows = cash_flows(&inputs);
    assert_close(
        &column(&flows, |r| r.incentives.abatement_subsidy_rmb),
        &[0.0, 0.0, 150.0, 150.0, 0.0],
        1e-9,
    );
    // Not taxable: the tax stays 50 a year; the cash flow gains the 150.
    assert_close(
        &column(&flows, |r| r.project_cash_flow_rmb),
        &[-1400.0, 600.0, 350.0, 750.0, 600.0],
        1e-9,
    );
}

#[test]
fn electrolyser_stacks_are_paid_in_their_years() {
    // A 20-year electrolyser plant of 1000 with 10-year stacks at 40 %, over 20 years: the
    // stacks again in year 10 (400), nothing left at the end.
    let mut inputs = CashFlowInputs {
        analysis_years: 20,
        ..two_assets()
    };
    inputs.plan.assets = vec![Asset {
        technology: Technology::Electrolyser,
        capex_rmb: 1000.0,
        life_years: 20,
        part: Some(Part {
            share_of_capex_frac: 0.4,
            life_years: 10,
        }),
        depreciation_years: 20,
    }];
    let flows = cash_flows(&inputs);
    let replacements: Vec<(u32, f64)> = flows
        .rows
        .iter()
        .filter(|r| r.plan.replacement_rmb != 0.0)
        .map(|r| (r.year, r.plan.replacement_rmb))
        .collect();
    assert_eq!(replacements, [(10, -400.0)]);
    assert_eq!(flows.rows[20].plan.residual_value_rmb, 0.0);
}

#[test]
fn escalation_takes_the_item_then_its_group_then_all() {
    let escalation = items(&[("energy", 0.1), ("pv_fixed_om", 0.05), ("all", 0.02)]);
    assert_eq!(
        escalation_rate(&escalation, "grid_energy", CostGroup::Energy),
        0.1
    );
    assert_eq!(
        escalation_rate(&escalation, "pv_fixed_om", CostGroup::FixedOm),
        0.05
    );
    assert_eq!(
        escalation_rate(&escalation, "carbon_cost", CostGroup::Carbon),
        0.02
    );
    assert_eq!(
        escalation_rate(&BTreeMap::new(), "carbon_cost", CostGroup::Carbon),
        0.0
    );
    // Energy +10 %/yr, PV O&M +5 %/yr, capital +2 %/yr ("all"). Year 2: baseline grid
    // 1100 × 1.1 = 1210, plan 400 × 1.1 = 440; PV O&M 50 × 1.05 = 52.5; the battery bought
    // again in year 2 costs 400 × 1.02² = 416.16.
    let inputs = CashFlowInputs {
        escalation,
        ..two_assets()
    };
    let flows = cash_flows(&inputs);
    let y2 = flows.rows[2];
    assert!((y2.baseline.energy_rmb + 1210.0).abs() < 1e-9);
    assert!((y2.plan.energy_rmb + 440.0).abs() < 1e-9);
    assert!((y2.plan.fixed_om_rmb + 52.5).abs() < 1e-9);
    assert!((y2.plan.replacement_rmb + 416.16).abs() < 1e-9);
    // Year 1 is at the report's prices.
    assert!((flows.rows[1].baseline.energy_rmb + 1100.0).abs() < 1e-9);
}

#[test]
fn a_plan_that_never_pays_back_says_so() {
    // Savings of 100 a year on capex 1400 over 4 years: the IRR is negative, there is no
    // payback.
    let mut inputs = two_assets();
    inputs.baseline.operating_rmb_per_yr = items(&[("grid_energy", 550.0)]);
    let flows = cash_flows(&inputs);
    let results = FinanceResults::of(&flows, inputs.discount_rate);
    assert!(results.npv_rmb < 0.0);
    assert_eq!(results.simple_payback_years, None);
    assert_eq!(results.discounted_payback_years, None);
    assert!(matches!(results.project_irr, Irr::Unique { rate } if rate < 0.0));
}
