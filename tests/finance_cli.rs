//! The cash flows through the real binary: `plan --out` writes `cashflow.csv` (header first)
//! and `plan.json` → `finance`, whose NPV, IRRs and paybacks are recomputed here from the CSV.

mod common;
use assert_cmd::Command;
use common::*;

/// Load 100 MW flat, PV cf 0.5 from 06:00 to 17:00, grid 0.5 RMB/kWh, λ 1.0 t/tce (tests/
/// model_electricity.rs); PV at 3,000 RMB/kW is far cheaper than the grid by day, so the plan
/// builds about 200 MW of it. A 70 % loan at 4 % over 10 years, 20 years of analysis at 8 %,
/// 三免三减半, grid energy escalating 2 %/yr.
fn park() -> Fixture {
    let pv: Vec<f64> = (0..24)
        .map(|h| if (6..18).contains(&h) { 0.5 } else { 0.0 })
        .collect();
    let yaml = head(24, 0.5, 200.0, 1.0)
        + "resources:
  pv_cf: { file: profile.csv, column: pv }
build:
  pv: { max_mw: 1000 }
  battery: { max_mwh: 100 }
finance:
  analysis_years: 20
  discount_rate: 0.08
  debt: { share: 0.7, rate: 0.04, tenor_years: 10 }
  tax: { holiday: three_free_three_half }
  escalation: { grid_energy: 0.02 }
";
    fixture(&yaml, &[("load", flat(100.0, 24)), ("pv", pv)])
}

/// A CSV read back: its header and its rows of numbers.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<f64>>,
}

impl Csv {
    fn column(&self, name: &str) -> Vec<f64> {
        let i = self
            .header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header));
        self.rows.iter().map(|r| r[i]).collect()
    }
}

fn npv(rate: f64, flows: &[f64]) -> f64 {
    flows
        .iter()
        .enumerate()
        .map(|(y, f)| f / (1.0 + rate).powi(y as i32))
        .sum()
}

/// The year the cumulative sum turns non-negative for good, interpolated within the year.
fn payback(flows: &[f64]) -> Option<f64> {
    let mut cumulative = Vec::new();
    let mut sum = 0.0;
    for f in flows {
        sum += f;
        cumulative.push(sum);
    }
    let last = cumulative.iter().rposition(|c| *c < 0.0)?;
    flows
        .get(last + 1)
        .map(|f| last as f64 + -cumulative[last] / f)
}

#[test]
fn plan_out_writes_cashflow_csv_consistent_with_plan_json() {
    let f = park();
    let out = f.path().join("out");
    let output = Command::cargo_bin("zcpark")
        .unwrap()
        .args([
            "plan",
            f.scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--threads",
            "1",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("cash flows (plan against baseline)") && stdout.contains("equity IRR"),
        "{stdout}"
    );

    let text = std::fs::read_to_string(out.join("cashflow.csv")).unwrap();
    assert!(!text.lines().any(|l| l.starts_with('#')));
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    assert_eq!(header[0], "year");
    // Units in the column names: every column but the year and the discount factor is RMB.
    for name in &header[1..] {
        assert!(
            name.ends_with("_rmb") || name == "discount_factor",
            "{name}"
        );
    }
    let csv = Csv {
        header,
        rows: lines
            .map(|l| l.split(',').map(|c| c.parse::<f64>().unwrap()).collect())
            .collect(),
    };
    // Year 0 and 20 years of operation.
    assert_eq!(
        csv.column("year"),
        (0..=20).map(f64::from).collect::<Vec<_>>()
    );

    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    let finance = &plan["finance"];
    let number = |v: &serde_json::Value| v.as_f64().unwrap_or_else(|| panic!("{v}"));
    let a = &finance["assumptions"];
    assert_eq!(number(&a["analysis_years"]), 20.0);
    assert_eq!(number(&a["discount_rate"]["value"]), 0.08);
    assert_eq!(
        a["discount_rate"]["source"],
        "scenario finance.discount_rate"
    );
    assert_eq!(number(&a["income_tax_rate"]["value"]), 0.25);
    assert!(a["income_tax_rate"]["source"]
        .as_str()
        .unwrap()
        .contains("企业所得税法"));
    assert_eq!(a["tax_holiday"], "three_free_three_half");
    assert!(plan["files"]["cashflow.csv"]
        .as_str()
        .unwrap()
        .contains("RMB"));

    // The NPV is the CSV's project cash flows discounted at 8 %, and the CSV's own
    // discounted column adds up to it.
    let project = csv.column("project_cash_flow_rmb");
    let npv_json = number(&finance["npv_rmb"]);
    let tolerance = 1e-6 * npv_json.abs().max(1e6);
    assert!((npv(0.08, &project) - npv_json).abs() < tolerance);
    let discounted = csv.column("project_discounted_cash_flow_rmb");
    assert!((discounted.iter().sum::<f64>() - npv_json).abs() < tolerance);
    let before_tax = csv.column("project_before_tax_rmb");
    assert!((npv(0.08, &before_tax) - number(&finance["npv_before_tax_rmb"])).abs() < tolerance);

    // The IRRs make the NPV of their columns zero.
    assert_eq!(finance["project_irr"]["status"], "unique");
    let irr = number(&finance["project_irr"]["rate"]);
    assert!(npv(irr, &project).abs() < 1e-6 * project[0].abs(), "{irr}");
    assert!(irr > 0.08, "PV far cheaper than the grid pays: {irr}");
    let equity = csv.column("equity_cash_flow_rmb");
    let equity_irr = number(&finance["equity_irr"]["rate"]);
    assert!(npv(equity_irr, &equity).abs() < 1e-6 * equity[0].abs());

    // The paybacks are where the CSV's cumulative cash flows, without the residual value
    // credited in the last year, turn positive for good.
    let residual = csv.column("project_residual_value_rmb");
    let earned: Vec<f64> = project.iter().zip(&residual).map(|(p, r)| p - r).collect();
    let earned_discounted: Vec<f64> = (0..earned.len())
        .map(|y| discounted[y] - residual[y] / 1.08f64.powi(y as i32))
        .collect();
    assert!(
        residual.last().unwrap().abs() > 0.0,
        "a residual to leave out"
    );
    let simple = number(&finance["simple_payback_years"]);
    assert!((payback(&earned).unwrap() - simple).abs() < 1e-9);
    let discounted_payback = number(&finance["discounted_payback_years"]);
    assert!((payback(&earned_discounted).unwrap() - discounted_payback).abs() < 1e-9);

    // Year 0: the capex, 70 % of it borrowed; the loan repaid (principal) over 10 years.
    let capex = -csv.column("project_capex_rmb")[0];
    assert!((capex - number(&plan["kpis"]["capex_rmb"])).abs() < 1e-6 * capex);
    assert!((csv.column("debt_draw_rmb")[0] - 0.7 * capex).abs() < 1e-6 * capex);
    let principal: f64 = csv.column("debt_principal_rmb").iter().sum();
    assert!((principal + 0.7 * capex).abs() < 1e-6 * capex);
    assert!(csv.column("debt_principal_rmb")[11..]
        .iter()
        .all(|p| *p == 0.0));
    // The holiday: no tax in years 1-3.
    let tax = csv.column("project_income_tax_rmb");
    assert!(tax[1..=3].iter().all(|t| *t == 0.0));
    assert!(tax[7] < 0.0);
    // Grid energy escalates 2 %/yr on both sides: the baseline's bill in year 2 is 1.02
    // times year 1's.
    let energy = csv.column("baseline_energy_rmb");
    assert!((energy[2] / energy[1] - 1.02).abs() < 1e-9);
}

#[test]
fn a_bad_finance_section_is_named_by_file_and_field() {
    let f = fixture(
        &(head(24, 0.5, 200.0, 1.0)
            + "finance:
  discount_rate: 2
  tax: { depreciation_years: { solar: 20 } }
  escalation: { grid: 0.02 }
"),
        &[("load", flat(100.0, 24))],
    );
    let problems = problems_of(&f);
    assert_named(&problems, "finance.discount_rate", "2");
    assert_named(&problems, "finance.tax.depreciation_years.solar", "solar");
    assert_named(&problems, "finance.escalation.grid", "grid");
}

#[test]
fn cash_flows_agree_with_the_annualised_cost_when_the_lives_match_the_analysis() {
    // Only PV (life 25 years) is built, analysed over its 25 years at the catalogue's 6 %,
    // untaxed, nothing escalating: the capex C in year 0 is worth CRF · C a year over 25
    // years, so the NPV of the cash flows is the annual saving of the plan's objective over
    // the baseline's times the annuity factor (1 − 1.06⁻²⁵) / 0.06 = 12.7834.
    let pv: Vec<f64> = (0..24)
        .map(|h| if (6..18).contains(&h) { 0.5 } else { 0.0 })
        .collect();
    let yaml = head(24, 0.5, 200.0, 1.0)
        + "resources:
  pv_cf: { file: profile.csv, column: pv }
build:
  pv: { max_mw: 1000 }
finance:
  tax: { income_tax_rate: 0 }
";
    let f = fixture(&yaml, &[("load", flat(100.0, 24)), ("pv", pv)]);
    let loaded =
        zcpark::scenario::load(&zcpark::scenario::ScenarioSource::Disk(f.scenario.clone()))
            .unwrap();
    let out = zcpark::plan::plan(&loaded, &options(), &mut |_: &str| {}).unwrap();
    let r = &out.report;
    let saving = r.baseline.objective_rmb_per_yr.unwrap() - r.objective_rmb_per_yr.unwrap();
    let annuity = (1.0 - 1.06f64.powi(-25)) / 0.06;
    assert!((annuity - 12.7834).abs() < 1e-4);
    let finance = zcpark::finance::evaluate(
        r,
        &loaded.park,
        &zcpark::finance::incentives::Incentives::default(),
    )
    .unwrap();
    assert_eq!(finance.assumptions.analysis_years, 25);
    assert!(saving > 0.0);
    let expected = saving * annuity;
    assert!(
        close(finance.results.npv_before_tax_rmb, expected, 1e-9),
        "{} vs {expected}",
        finance.results.npv_before_tax_rmb
    );
    assert!(close(finance.results.npv_rmb, expected, 1e-9));
}

#[test]
fn a_plan_that_cannot_meet_the_rules_has_no_cash_flows_and_says_why() {
    // Grid only under λ = 0.2: the rule cannot be met (exit 3, tests/cli.rs).
    let f = fixture(&head(24, 0.5, 200.0, 0.2), &[("load", flat(100.0, 24))]);
    let out = f.path().join("out");
    let output = Command::cargo_bin("zcpark")
        .unwrap()
        .args([
            "plan",
            f.scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("cash flows (plan against baseline): - (")
    );
    assert!(!out.join("cashflow.csv").exists());
    // A cashflow.csv left in the directory by an earlier run is removed.
    std::fs::write(out.join("cashflow.csv"), "stale").unwrap();
    let again = Command::cargo_bin("zcpark")
        .unwrap()
        .args([
            "plan",
            f.scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(3));
    assert!(!out.join("cashflow.csv").exists());
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    let why = plan["finance"]["not_computed"].as_str().unwrap();
    assert!(why.contains("no solution (status infeasible)"), "{why}");
    // `files` lists what was written: no cash flows, no dispatch (it listed both).
    let files = plan["files"].as_object().unwrap();
    assert!(!files.contains_key("cashflow.csv"), "{files:?}");
    assert_eq!(
        files.contains_key("dispatch.csv"),
        out.join("dispatch.csv").exists()
    );
    assert!(files.contains_key("plan.json") && files.contains_key("report.html"));
}
