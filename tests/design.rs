//! A given design checked (issue 14): `zcpark evaluate --design` and `plan --fix`, through
//! the library and the real binary, on a fixture whose optimum is worked out by hand.
//!
//! The fixture (the one of tests/incentives.rs): load 100 MW flat over one day standing for
//! the year, wind cf 0.5 every hour, 6 MW turbines (3 MW on average) at 50,000 RMB/kW over
//! 20 years, discount rate 0, no fixed O&M: 15 M RMB per turbine-year; grid 0.5 RMB/kWh,
//! grid factor 0.5 t/MWh, k_e 0.3 tce/MWh, λ = 1 t/tce, so imports ≤ 60 MW and wind ≥ 40 MW.
//! - The least-cost plan: 14 turbines (13⅓ are not whole), 58 MW imported:
//!   14 · 15 M + 58 · 8,760 · 500 = 464.04 M RMB/yr.
//! - 15 turbines: 15 · 15 M + 55 · 8,760 · 500 = 465.9 M RMB/yr, 1.86 M more.
//! - 13 turbines: 61 MW imported, EM / EC = 61 · 0.5 / (100 · 0.3) = 1.01667 > 1: misses.

mod common;
use assert_cmd::Command;
use common::*;
use serde_json::Value;
use zcpark::plan::design::Design;
use zcpark::plan::PlanOutcome;
use zcpark::scenario::{self, ScenarioSource};
use zcpark::solve::SolveStatus;

const DAY: usize = 24;

fn wind_park() -> Fixture {
    let yaml = head(DAY, 0.5, 200.0, 1.0)
        + "resources:
  wind_cf: { file: profile.csv, column: wind }
build:
  wind: { max_turbines: 15 }
catalogue:
  finance: { discount_rate: 0.0 }
  wind: { capex_rmb_per_kw: 50000, lifetime_yr: 20, fixed_om_frac: 0.0, unit_mw: 6 }
";
    fixture(
        &yaml,
        &[("load", flat(100.0, DAY)), ("wind", flat(0.5, DAY))],
    )
}

fn evaluate(f: &Fixture, design: &Design) -> PlanOutcome {
    let loaded = scenario::load(&ScenarioSource::Disk(f.scenario.clone()))
        .unwrap_or_else(|e| panic!("fixture invalid: {e}"));
    zcpark::plan::design::evaluate(&loaded, design, &options(), &mut |_: &str| {}).expect("solve")
}

fn zcpark() -> Command {
    Command::cargo_bin("zcpark").unwrap()
}

/// `zcpark evaluate` of `f`'s scenario with the design file `design`, outputs to `out`.
fn evaluate_cli(
    f: &Fixture,
    design: &std::path::Path,
    out: Option<&std::path::Path>,
) -> std::process::Output {
    let mut command = zcpark();
    command
        .arg("evaluate")
        .arg(&f.scenario)
        .arg("--design")
        .arg(design);
    if let Some(out) = out {
        command.arg("--out").arg(out);
    }
    command.output().unwrap()
}

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The least-cost plan's own capacities, copied as they are from its plan.json into a design
/// file, reproduce its cost: 464.04 M RMB/yr, a saving of 0.
#[test]
fn evaluate_of_the_least_cost_plan_s_capacities_reproduces_its_cost() {
    let f = wind_park();
    let out = f.path().join("least");
    zcpark()
        .args(["plan", "--out"])
        .arg(&out)
        .arg(&f.scenario)
        .assert()
        .code(0);
    let plan = read_json(&out.join("plan.json"));
    assert_eq!(plan["capacities"]["wind_turbines"], 14);
    let design_path = f.path().join("design.yaml");
    std::fs::write(
        &design_path,
        serde_yaml::to_string(&plan["capacities"]).unwrap(),
    )
    .unwrap();

    let design = Design::from_yaml(
        "design.yaml",
        &std::fs::read_to_string(&design_path).unwrap(),
    )
    .unwrap();
    let checked = evaluate(&f, &design);
    assert_eq!(checked.report.status, SolveStatus::Optimal);
    let report = checked.report.design.as_ref().unwrap();
    assert!(report.meets_rules);
    let total = zcpark::plan::kpi::total(checked.report.costs.as_ref().unwrap());
    assert!(close(total, 464.04e6, 1e-9), "{total}");
    assert!(close(report.least_cost_rmb_per_yr.unwrap(), 464.04e6, 1e-9));
    assert!(report.saving_of_least_cost_rmb_per_yr.unwrap().abs() < 1.0);

    // The same through the binary: exit 0, the design in plan.json and in the summary.
    let eval_out = f.path().join("evaluated");
    let run = evaluate_cli(&f, &design_path, Some(&eval_out));
    assert_eq!(run.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("design checked"), "{stdout}");
    assert!(stdout.contains("meets the rules"), "{stdout}");
    let json = read_json(&eval_out.join("plan.json"));
    assert_eq!(json["design"]["meets_rules"], true);
    assert_eq!(json["capacities"]["wind_turbines"], 14);
    assert!(eval_out.join("report.html").exists());
}

/// `plan --fix wind_turbines=15`: one more turbine than the optimum, 465.9 M RMB/yr; the
/// least-cost plan saves 1.86 M RMB/yr over it.
#[test]
fn a_fixed_size_costs_what_it_should_and_the_saving_is_shown() {
    let f = wind_park();
    let out = f.path().join("fixed");
    zcpark()
        .args(["plan", "--fix", "wind_turbines=15", "--out"])
        .arg(&out)
        .arg(&f.scenario)
        .assert()
        .code(0);
    let json = read_json(&out.join("plan.json"));
    assert_eq!(json["capacities"]["wind_turbines"], 15);
    let d = &json["design"];
    assert_eq!(d["design"]["origin"], "--fix");
    assert!(close(
        d["least_cost_rmb_per_yr"].as_f64().unwrap(),
        464.04e6,
        1e-9
    ));
    assert!(close(
        d["saving_of_least_cost_rmb_per_yr"].as_f64().unwrap(),
        1.86e6,
        1e-6
    ));
    assert_eq!(d["least_cost_capacities"]["wind_turbines"], 14);
}

/// 13 turbines miss λ: exit 3, the design reported as missing the rules, and the carbon
/// intensity rule's shortfall: the best the design reaches is 61 · 0.5 / 30 = 1.01667 t/tce
/// against 1; the least-cost plan's cost is given (the saving is against the cost of the
/// design's operation closest to the rules, from the diagnosis run).
#[test]
fn a_design_that_misses_the_rule_exits_3_with_its_shortfall() {
    let f = wind_park();
    let design = f.path().join("short.yaml");
    std::fs::write(&design, "wind_turbines: 13\n").unwrap();
    let out = f.path().join("short");
    let run = evaluate_cli(&f, &design, Some(&out));
    assert_eq!(run.status.code(), Some(3));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("misses the rules"), "{stdout}");
    let json = read_json(&out.join("plan.json"));
    assert_eq!(json["design"]["meets_rules"], false);
    assert!(close(
        json["design"]["least_cost_rmb_per_yr"].as_f64().unwrap(),
        464.04e6,
        1e-9
    ));
    // The operation shown is the one closest to the rules, not a least-cost one: no cost
    // comparison, abatement cost or payback is drawn from it.
    assert!(json["design"]["saving_of_least_cost_rmb_per_yr"].is_null());
    assert!(json["kpis"]["abatement_cost_rmb_per_t"].is_null());
    assert!(json["kpis"]["payback_years"].is_null());
    assert!(stdout.contains("no cost comparison"), "{stdout}");
    let rule = json["infeasibility"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["rule"] == "carbon-intensity")
        .unwrap_or_else(|| panic!("no carbon-intensity shortfall: {}", json["infeasibility"]));
    assert!(close(rule["limit"].as_f64().unwrap(), 1.0, 1e-9));
    assert!(close(
        rule["reachable"].as_f64().unwrap(),
        61.0 * 0.5 / 30.0,
        1e-6
    ));
}

/// A design that does not fit the scenario is refused before anything is solved, naming the
/// file (or --fix), the key and the value; nothing is written.
#[test]
fn bad_designs_are_named_and_nothing_is_written() {
    let f = wind_park();
    let cases: [(&str, &str, &str); 5] = [
        ("pv_mw: 100\n", "pv_mw", "a size of this scenario"),
        ("wind_turbines: 13.5\n", "wind_turbines", "whole turbines"),
        (
            "wind_turbines: 16\n",
            "wind_turbines",
            "build.wind.max_turbines",
        ),
        ("wind_capacity: 90\n", "wind_capacity", "a key among"),
        ("wind_mw: 90\n", "wind_mw", "it follows from wind_turbines"),
    ];
    for (text, key, expected) in cases {
        let design = f.path().join("bad.yaml");
        std::fs::write(&design, text).unwrap();
        let out = f.path().join("bad-out");
        let run = evaluate_cli(&f, &design, Some(&out));
        assert_eq!(run.status.code(), Some(2), "{text}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains("bad.yaml"), "{stderr}");
        assert!(stderr.contains(key), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!out.exists(), "{text}: outputs written");
    }
    // Every problem at once (only the first was said).
    let design = f.path().join("bad.yaml");
    std::fs::write(
        &design,
        "pv_mw: 100\nwind_turbines: 13.5\nheat_pump_mw: 5\n",
    )
    .unwrap();
    let run = evaluate_cli(&f, &design, None);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("3 problems in the design"), "{stderr}");
    for key in ["pv_mw: 100", "wind_turbines: 13.5", "heat_pump_mw: 5"] {
        assert!(
            stderr.contains(&format!("bad.yaml: {key} is not valid")),
            "{stderr}"
        );
    }
    // A key that does not read and a size that does not fit, in the same round.
    std::fs::write(&design, "wind_capacity: 90\nwind_turbines: 13.5\n").unwrap();
    let run = evaluate_cli(&f, &design, None);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("2 problems in the design"), "{stderr}");
    assert!(
        stderr.contains("bad.yaml: wind_capacity: 90 is not valid"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.yaml: wind_turbines: 13.5 is not valid"),
        "{stderr}"
    );
    let run = zcpark()
        .args(["plan", "--fix", "wind_turbines=lots"])
        .arg(&f.scenario)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("--fix: wind_turbines: lots"), "{stderr}");
}

/// A battery whose energy and power are both fixed must have the catalogue's 1-8 h of
/// storage: a design giving 800 MWh and no power (the power stays at the 0 MW that exist),
/// or 100 MWh over 1 MW (100 h), is refused before any solve, naming battery_mw.
#[test]
fn a_battery_outside_the_catalogue_s_durations_is_refused() {
    let yaml = head(DAY, 0.5, 200.0, 1.0)
        + "resources:
  wind_cf: { file: profile.csv, column: wind }
build:
  wind: { max_turbines: 15 }
  battery: { max_mwh: 1000 }
";
    let f = fixture(
        &yaml,
        &[("load", flat(100.0, DAY)), ("wind", flat(0.5, DAY))],
    );
    let design = f.path().join("battery.yaml");
    std::fs::write(&design, "wind_turbines: 14\nbattery_mwh: 800\n").unwrap();
    let run = evaluate_cli(&f, &design, None);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("battery.yaml: battery_mw: 0"), "{stderr}");
    assert!(stderr.contains("1-8 h"), "{stderr}");
    let run = zcpark()
        .args(["plan", "--fix", "battery_mwh=100", "--fix", "battery_mw=1"])
        .arg(&f.scenario)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--fix: battery_mw: 1"), "{stderr}");
}
