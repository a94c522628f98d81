//! Incentives (issue 14): the per-tonne subsidy enters the objective and can change the plan;
//! the award only enters the cash flows. Real HiGHS solves on fixtures worked out by hand.
//!
//! The fixture: load 100 MW flat over one day standing for the year, wind cf 0.5 every hour,
//! 6 MW turbines (3 MW on average) at 50,000 RMB/kW over 20 years with discount rate 0 and
//! no fixed O&M: 15 M RMB per turbine-year; grid 0.5 RMB/kWh, grid factor 0.5 t/MWh, k_e 0.3
//! tce/MWh, λ = 1 t/tce, so imports ≤ 60 MW and wind ≥ 40 MW: 14 turbines (13⅓ are not
//! whole). At most 15 turbines may be built; the analysis period is 20 years.
//!
//! The 15th turbine costs 15 M RMB/yr and saves 3 MW · 8,760 h · 500 RMB/MWh = 13.14 M RMB/yr
//! of grid energy: it is 1.86 M RMB/yr short, and it cuts 3 · 8,760 · 0.5 = 13,140 t CO2/yr.
//! A subsidy worth w RMB per tonne cut per year tips it when w · 13,140 > 1.86 M, i.e.
//! w > 141.55 RMB/t. At r = 0, paying s RMB/t for N of the 20 years is worth w = s · N / 20.

mod common;
use common::*;
use zcpark::finance::{self, FinanceOutcome};
use zcpark::plan::PlanOutcome;
use zcpark::scenario::{self, LoadedScenario, ScenarioSource};
use zcpark::solve::SolveStatus;

const DAY: usize = 24;

fn wind_fixture(incentives: &str, finance_yaml: &str) -> Fixture {
    let yaml = head(DAY, 0.5, 200.0, 1.0)
        + "resources:
  wind_cf: { file: profile.csv, column: wind }
build:
  wind: { max_turbines: 15 }
catalogue:
  finance: { discount_rate: 0.0 }
  wind: { capex_rmb_per_kw: 50000, lifetime_yr: 20, fixed_om_frac: 0.0, unit_mw: 6 }
" + finance_yaml
        + incentives;
    fixture(
        &yaml,
        &[("load", flat(100.0, DAY)), ("wind", flat(0.5, DAY))],
    )
}

fn run(f: &Fixture) -> (LoadedScenario, PlanOutcome) {
    let loaded = scenario::load(&ScenarioSource::Disk(f.scenario.clone()))
        .unwrap_or_else(|e| panic!("fixture invalid: {e}"));
    let out = zcpark::plan::plan(&loaded, &options(), &mut |_: &str| {}).expect("solve");
    assert_eq!(out.report.status, SolveStatus::Optimal);
    (loaded, out)
}

fn turbines(out: &PlanOutcome) -> u32 {
    out.report.capacities.as_ref().unwrap().wind_turbines
}

const FINANCE: &str = "finance: { analysis_years: 20 }\n";

/// Without a subsidy: 14 turbines. 200 RMB/t for all 20 years (w = 200 > 141.55): the 15th
/// is built; its system cost is then 15 · 15 M + 55 · 8,760 · 500 = 465.9 M RMB/yr (the
/// subsidy is not a system cost). 200 RMB/t for 10 years (w = 100) and 100 RMB/t for 20
/// years (w = 100): not worth it, 14 turbines, 14 · 15 M + 58 · 8,760 · 500 = 464.04 M.
#[test]
fn a_per_tonne_subsidy_tips_one_more_turbine() {
    let (_, none) = run(&wind_fixture("", FINANCE));
    assert_eq!(turbines(&none), 14);
    assert!(close(
        none.report.objective_rmb_per_yr.unwrap(),
        464.04e6,
        1e-9
    ));

    let subsidy = |rmb_per_t: f64, years: u32| {
        format!("incentives:\n  abatement_subsidy: {{ rmb_per_t: {rmb_per_t}, years: {years} }}\n")
    };
    let (tipped_park, tipped) = run(&wind_fixture(&subsidy(200.0, 20), FINANCE));
    let weight = tipped_park
        .park
        .incentives
        .abatement_weight
        .as_ref()
        .unwrap();
    assert!(close(weight.rmb_per_t, 200.0, 1e-12));
    assert_eq!(turbines(&tipped), 15);
    assert!(close(
        tipped.report.objective_rmb_per_yr.unwrap(),
        465.9e6,
        1e-9
    ));

    for (rmb_per_t, years) in [(200.0, 10), (100.0, 20)] {
        let (loaded, out) = run(&wind_fixture(&subsidy(rmb_per_t, years), FINANCE));
        assert!(close(
            loaded
                .park
                .incentives
                .abatement_weight
                .as_ref()
                .unwrap()
                .rmb_per_t,
            100.0,
            1e-12
        ));
        assert_eq!(turbines(&out), 14, "{rmb_per_t} RMB/t for {years} years");
    }

    // The cash flows pay 200 RMB per tonne cut in years 1..=20: the cut is (100 − 55) MW ·
    // 8,760 h · 0.5 t/MWh = 197,100 t/yr, so 39.42 M RMB a year.
    let FinanceOutcome::Computed(f) = finance::for_plan(&tipped.report, &tipped_park.park) else {
        panic!("no finance");
    };
    for row in &f.cash_flows.rows {
        let expected = if (1..=20).contains(&row.year) {
            39.42e6
        } else {
            0.0
        };
        assert!(
            close(row.incentives.abatement_subsidy_rmb, expected, 1e-9),
            "year {}: {}",
            row.year,
            row.incentives.abatement_subsidy_rmb
        );
    }
    assert!(f.incentive_worth_npv_rmb["abatement_subsidy"] > 0.0);
}

/// A one-off award of 20 M RMB in year 1, not taxable, does not change the plan (the same 14
/// turbines and cost); it is in the cash flows in year 1 only, and at a 5 % discount rate it
/// adds 20 M / 1.05 = 19.0476 M RMB to the NPV.
#[test]
fn the_award_is_cash_not_a_change_of_plan() {
    let finance_yaml = "finance: { analysis_years: 20, discount_rate: 0.05 }\n";
    let (_, plain) = run(&wind_fixture("", finance_yaml));
    let award = "incentives:\n  award: { amount_rmb: 20.0e6, year: 1, taxable: false }\n";
    let (loaded, with_award) = run(&wind_fixture(award, finance_yaml));
    assert_eq!(turbines(&plain), turbines(&with_award));
    assert_eq!(
        plain.report.objective_rmb_per_yr,
        with_award.report.objective_rmb_per_yr
    );
    let FinanceOutcome::Computed(f) = finance::for_plan(&with_award.report, &loaded.park) else {
        panic!("no finance");
    };
    for row in &f.cash_flows.rows {
        let expected = if row.year == 1 { 20.0e6 } else { 0.0 };
        assert_eq!(row.incentives.award_rmb, expected, "year {}", row.year);
    }
    let worth = f.incentive_worth_npv_rmb["award"];
    assert!(close(worth, 20.0e6 / 1.05, 1e-9), "{worth}");
}

/// A green loan cutting a 4 % loan to 3 %: the plan (14 turbines, 4,200 M RMB at 50,000
/// RMB/kW) is half borrowed, 2,100 M over 10 years; with no income tax, the equity saves the
/// difference of the two level payments, P·r / (1 − (1 + r)^−10), in each of years 1-10,
/// worth that difference times the 10-year annuity factor at the 5 % discount rate. (The
/// project's own flows do not see a loan's rate: measured on them this worth was 0.) An award
/// in year 30 of a 20-year analysis, and a rate cut past the loan's rate, are said in the
/// notes. A green loan that cuts the discount rate, with no loan, is worth the NPV at the cut
/// rate less the NPV of the same plan without it at the scenario's.
#[test]
fn a_green_loan_is_worth_the_interest_it_saves_equity() {
    let finance_yaml = "finance: { analysis_years: 20, discount_rate: 0.05, debt: { share: 0.5, \
                        rate: 0.04, tenor_years: 10 }, tax: { income_tax_rate: 0.0 } }\n";
    let loan = "incentives:\n  green_loan: { rate_cut: 0.01 }\n";
    let (loaded, out) = run(&wind_fixture(loan, finance_yaml));
    assert_eq!(turbines(&out), 14);
    let FinanceOutcome::Computed(f) = finance::for_plan(&out.report, &loaded.park) else {
        panic!("no finance");
    };
    let principal = 0.5 * 14.0 * 6_000.0 * 50_000.0;
    let payment = |r: f64| principal * r / (1.0 - (1.0 + r).powi(-10));
    let annuity = (1.0 - 1.05_f64.powi(-10)) / 0.05;
    let want = (payment(0.04) - payment(0.03)) * annuity;
    let worth = f.incentive_worth_npv_rmb["green_loan"];
    assert!(close(worth, want, 1e-9), "{worth} against {want}");
    assert!(f.assumptions.notes.is_empty(), "{:?}", f.assumptions.notes);

    let odd = "incentives:\n  green_loan: { rate_cut: 0.05 }\n  award: { amount_rmb: 1.0e6, \
               year: 30 }\n";
    let (loaded, out) = run(&wind_fixture(odd, finance_yaml));
    let FinanceOutcome::Computed(f) = finance::for_plan(&out.report, &loaded.park) else {
        panic!("no finance");
    };
    let notes = f.assumptions.notes.join("\n");
    assert!(
        notes.contains(
            "the award of 1000000 RMB in year 30 falls after the analysis ends \
                        (year 20): not counted"
        ),
        "{notes}"
    );
    assert!(
        notes.contains(
            "the green loan's rate cut (5.00 %) is more than the loan's rate \
                        (4.00 %)"
        ),
        "{notes}"
    );
    assert_eq!(f.assumptions.debt.as_ref().unwrap().rate_applied, 0.0);
    // The same notes in Chinese, one for one, with the same figures.
    assert_eq!(f.assumptions.notes_zh.len(), f.assumptions.notes.len());
    let notes_zh = f.assumptions.notes_zh.join("\n");
    for said in [
        "第 30 年的奖励 1000000 元在计算期结束（第 20 年）之后，不计入",
        "绿色贷款利率下调 5.00 个百分点，超过贷款利率 4.00 %",
    ] {
        assert!(notes_zh.contains(said), "{notes_zh}");
    }

    let no_debt = "finance: { analysis_years: 20, discount_rate: 0.05, tax: { income_tax_rate: \
                   0.0 } }\n";
    let cut = "incentives:\n  green_loan: { rate_cut: 0.01, cuts_discount_rate: true }\n";
    let (loaded, out) = run(&wind_fixture(cut, no_debt));
    let FinanceOutcome::Computed(with) = finance::for_plan(&out.report, &loaded.park) else {
        panic!("no finance");
    };
    let (plain_park, plain) = run(&wind_fixture("", no_debt));
    let FinanceOutcome::Computed(without) = finance::for_plan(&plain.report, &plain_park.park)
    else {
        panic!("no finance");
    };
    assert!(close(with.assumptions.discount_rate_applied, 0.04, 1e-12));
    let worth = with.incentive_worth_npv_rmb["green_loan"];
    let want = with.results.npv_rmb - without.results.npv_rmb;
    assert!(want.abs() > 1e6, "{want}");
    assert!(close(worth, want, 1e-9), "{worth} against {want}");
    assert!(
        with.assumptions
            .notes
            .iter()
            .any(|n| n.starts_with("the NPV is taken at 4.00 %")),
        "{:?}",
        with.assumptions.notes
    );
}

/// Incentives that make no sense are refused with their field.
#[test]
fn bad_incentives_are_named() {
    let f = wind_fixture(
        "incentives:\n  capex_subsidy_share: { solar: 0.3, wind: 1.5 }\n  green_loan: { rate_cut: 0.004 }\n",
        FINANCE,
    );
    let problems = problems_of(&f);
    assert_named(&problems, "incentives.capex_subsidy_share.solar", "solar");
    assert_named(&problems, "incentives.capex_subsidy_share.wind", "1.5");
    assert_named(&problems, "incentives.green_loan.rate_cut", "0.004");
}
