//! `zcpark pathway` (myopic foresight) through the real binary on a fixture worked out by
//! hand.
//!
//! The fixture (the one of tests/incentives.rs and tests/design.rs): load 100 MW flat over
//! one day standing for the year, wind cf 0.5 every hour, 6 MW turbines (3 MW on average)
//! at 50,000 RMB/kW over 20 years, discount rate 0, no fixed O&M: 15 M RMB per turbine-year;
//! grid 0.5 RMB/kWh (4.38 M RMB per MW-year), grid factor 0.5 t/MWh, k_e 0.3 tce/MWh,
//! λ = 1 t/tce, so imports ≤ 0.6 × load. At most 30 turbines.
//!
//! - 2025, as written: wind ≥ 40 MW, 14 turbines (13⅓ are not whole), 58 MW imported:
//!   14 · 15 M + 58 · 4.38 M = 464.04 M RMB/yr. (A 15th turbine costs 15 M and saves 13.14 M.)
//! - 2027, load × 1.5 and wind capex × 0.5: a new turbine costs 7.5 M RMB/yr and saves
//!   13.14 M of grid energy, so every turbine allowed is built: 16 more (30 in all), 90 MW of
//!   wind, 60 MW imported (λ needs ≤ 90): own cost 16 · 7.5 M + 60 · 4.38 M = 382.8 M RMB/yr;
//!   the 14 turbines of 2025 carry on at 15 M each: 210 M; in all 592.8 M RMB/yr.
//! - At discount rate 0 the present cost is 2 · 464.04 M (2025 stands for 2025–2026) +
//!   3 · 592.8 M (the last stage for last_stage_years = 3) = 2,706.48 M RMB.

mod common;
use assert_cmd::Command;
use common::*;
use std::collections::HashMap;

const DAY: usize = 24;

fn wind_park(pathway: &str) -> Fixture {
    wind_park_with(30, pathway)
}

fn wind_park_with(max_turbines: u32, pathway: &str) -> Fixture {
    let yaml = head(DAY, 0.5, 200.0, 1.0)
        + &format!(
            "resources:
  wind_cf: {{ file: profile.csv, column: wind }}
build:
  wind: {{ max_turbines: {max_turbines} }}
"
        )
        + "catalogue:
  finance: { discount_rate: 0.0 }
  wind: { capex_rmb_per_kw: 50000, lifetime_yr: 20, fixed_om_frac: 0.0, unit_mw: 6 }
" + pathway;
    fixture(
        &yaml,
        &[("load", flat(100.0, DAY)), ("wind", flat(0.5, DAY))],
    )
}

fn zcpark() -> Command {
    Command::cargo_bin("zcpark").unwrap()
}

/// `pathway.csv` as one map of column to cell per row.
fn read_rows(path: &std::path::Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

fn number(row: &HashMap<String, String>, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column}: {:?}", row[column]))
}

#[test]
fn two_myopic_stages_build_what_the_hand_worked_costs_say() {
    let f = wind_park(
        "pathway:
  foresight: myopic
  last_stage_years: 3
  stages:
    - { year: 2025 }
    - { year: 2027, electricity_load_scale: 1.5, capex_factor: { wind: 0.5 } }
",
    );
    let out = f.path().join("out");
    let run = zcpark()
        .arg("pathway")
        .arg(&f.scenario)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("present cost 2706.48 M RMB at 0.0 % to 2025"),
        "{stdout}"
    );
    let rows = read_rows(&out.join("pathway.csv"));
    assert_eq!(rows.len(), 2);
    let (a, b) = (&rows[0], &rows[1]);
    assert_eq!(a["wind_turbines"], "14");
    assert_eq!(a["wind_turbines_built"], "14");
    assert!(close(number(a, "own_cost_rmb_per_yr"), 464.04e6, 1e-9));
    assert_eq!(number(a, "carried_cost_rmb_per_yr"), 0.0);
    assert_eq!(number(a, "years"), 2.0);
    assert_eq!(b["wind_turbines"], "30");
    assert_eq!(b["wind_turbines_built"], "16");
    assert!(close(number(b, "own_cost_rmb_per_yr"), 382.8e6, 1e-9));
    assert!(close(number(b, "carried_cost_rmb_per_yr"), 210e6, 1e-9));
    assert!(close(number(b, "annual_cost_rmb_per_yr"), 592.8e6, 1e-9));
    assert!(close(number(b, "present_cost_rmb"), 3.0 * 592.8e6, 1e-9));
    for row in &rows {
        // Each stage meets its own limit.
        assert!(
            number(row, "intensity_t_per_tce") <= number(row, "intensity_limit_t_per_tce") + 1e-9
        );
    }
    // The second stage's plan sees the 14 turbines of the first as existing ones.
    let resolved =
        std::fs::read_to_string(out.join("runs/stage-2027/scenario.resolved.yaml")).unwrap();
    assert!(resolved.contains("existing_turbines: 14"), "{resolved}");
    for file in ["pathway-capacity.svg", "pathway-intensity.svg"] {
        assert!(std::fs::read_to_string(out.join(file))
            .unwrap()
            .contains("<svg"));
    }
    // report.html holds the table and both charts (and `zcpark report` rebuilds it).
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Investment pathway"), "{html}");
    assert!(
        html.matches("<svg").count() >= 3,
        "two charts and the annual cost"
    );
    assert!(html.contains("stage-2027"));
    zcpark()
        .arg("report")
        .arg(&out)
        .args(["--lang", "zh"])
        .assert()
        .code(0);
    let zh = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(zh.contains("分阶段投资路径"));
}

/// One stage plans the scenario as written: the same capacities and cost as `plan`, with
/// either foresight.
#[test]
fn one_stage_is_the_plan() {
    for foresight in ["myopic", "perfect"] {
        one_stage_is_the_plan_with(foresight);
    }
}

fn one_stage_is_the_plan_with(foresight: &str) {
    let f = wind_park(&format!(
        "pathway: {{ foresight: {foresight}, last_stage_years: 1, stages: [{{ year: 2025 }}] }}\n"
    ));
    let out = f.path().join("one");
    zcpark()
        .arg("pathway")
        .arg(&f.scenario)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0);
    let rows = read_rows(&out.join("pathway.csv"));
    let plan_dir = f.path().join("plan");
    zcpark()
        .args(["plan", "--out"])
        .arg(&plan_dir)
        .arg(&f.scenario)
        .assert()
        .code(0);
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(plan_dir.join("plan.json")).unwrap())
            .unwrap();
    assert_eq!(
        number(&rows[0], "own_cost_rmb_per_yr"),
        plan["objective_rmb_per_yr"].as_f64().unwrap()
    );
    assert_eq!(
        number(&rows[0], "wind_turbines"),
        plan["capacities"]["wind_turbines"].as_f64().unwrap()
    );
}

/// A stage whose rule the room left cannot meet stops the pathway there: exit 3, the rule
/// named. With at most 15 turbines over the pathway, 2025 builds 14 and 2027's load of
/// 150 MW needs 20 (imports ≤ 90 MW), where one more may be built.
#[test]
fn a_stage_that_cannot_meet_its_rule_stops_the_pathway() {
    let f = wind_park_with(
        15,
        "pathway:
  foresight: myopic
  stages:
    - { year: 2025 }
    - { year: 2027, electricity_load_scale: 1.5 }
",
    );
    let run = zcpark().arg("pathway").arg(&f.scenario).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("stage 2027 has no plan"), "{stdout}");
    assert!(stdout.contains("carbon-intensity"), "{stdout}");
}

/// Bad pathways are refused naming file, field and value.
#[test]
fn bad_pathways_are_named() {
    let cases = [
        (
            "pathway: { foresight: myopic, stages: [{ year: 2027 }, { year: 2025 }] }\n",
            "pathway.stages[1].year",
        ),
        (
            "pathway: { foresight: myopic, stages: [{ year: 2025, capex_factor: { nuclear: 0.5 } }] }\n",
            "pathway.stages[0].capex_factor.nuclear",
        ),
        (
            "pathway: { foresight: myopic, last_stage_years: 10, stages: [{ year: 2025 }, { year: 2040 }] }\n",
            "shortest life",
        ),
        (
            "pathway: { foresight: myopic, stages: [{ year: 2025, electricity_load_scale: -1 }] }\n",
            "pathway.stages[0].electricity_load_scale",
        ),
    ];
    for (pathway, named) in cases {
        let f = wind_park(pathway);
        let run = zcpark().arg("pathway").arg(&f.scenario).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{pathway}: {stderr}");
        assert!(stderr.contains(named), "{pathway}: {stderr}");
        assert!(stderr.contains("scenario.yaml"), "{pathway}: {stderr}");
    }
}

/// Perfect foresight against myopia, worked by hand. 2025 has a loose limit (10 t/tce: no
/// turbine is needed, and one costs 15 M RMB/yr against 13.14 M of grid energy it saves);
/// 2027 has λ = 1, which needs 14 turbines, whose capex is then × f. At r = 0 with 2025
/// standing for 2 years and 2027 for 3:
/// - built in 2025: 2 · 464.04 M + 3 · (254.04 M operation + 210 M carried) = 2,320.2 M;
/// - built in 2027: 2 · 438 M + 3 · (14 · 15 f M + 254.04 M).
///
/// Early wins when 15 · 14 · 3 · f > 2,320.2 − 876 − 762.12 = 682.08, i.e. f > 1.0827.
/// At f = 1.2 perfect foresight builds in 2025 (2,320.2 M) where the myopic planner waits
/// and pays 876 + 3 · 506.04 = 2,394.12 M; at f = 1.05 both wait: 2,299.62 M.
#[test]
fn perfect_foresight_builds_early_when_costs_rise_enough_and_never_costs_more() {
    let pathway = |foresight: &str, factor: f64| {
        format!(
            "pathway:
  foresight: {foresight}
  last_stage_years: 3
  stages:
    - {{ year: 2025, intensity_limit: 10 }}
    - {{ year: 2027, intensity_limit: 1.0, capex_factor: {{ wind: {factor} }} }}
"
        )
    };
    let run = |foresight: &str, factor: f64| {
        let f = wind_park(&pathway(foresight, factor));
        let out = f.path().join("out");
        let result = zcpark()
            .arg("pathway")
            .arg(&f.scenario)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&result.stdout).into_owned();
        assert_eq!(result.status.code(), Some(0), "{stdout}");
        let rows = read_rows(&out.join("pathway.csv"));
        let present: f64 = rows.iter().map(|r| number(r, "present_cost_rmb")).sum();
        (rows, present, stdout)
    };

    let (rows, present, stdout) = run("perfect", 1.2);
    assert!(stdout.contains("perfect foresight"), "{stdout}");
    assert_eq!(rows[0]["wind_turbines"], "14");
    assert_eq!(rows[0]["wind_turbines_built"], "14");
    assert_eq!(rows[1]["wind_turbines"], "14");
    assert_eq!(rows[1]["wind_turbines_built"], "0");
    assert!(close(
        number(&rows[0], "own_cost_rmb_per_yr"),
        464.04e6,
        1e-9
    ));
    assert!(close(
        number(&rows[1], "own_cost_rmb_per_yr"),
        254.04e6,
        1e-9
    ));
    assert!(close(
        number(&rows[1], "carried_cost_rmb_per_yr"),
        210e6,
        1e-9
    ));
    assert!(close(present, 2_320.2e6, 1e-9), "{present}");
    for row in &rows {
        assert!(
            number(row, "intensity_t_per_tce") <= number(row, "intensity_limit_t_per_tce") + 1e-9
        );
    }
    // Capacities never shrink from stage to stage.
    for key in ["wind_turbines", "pv_mw", "battery_mwh"] {
        let totals: Vec<f64> = rows.iter().map(|r| r[key].parse().unwrap_or(0.0)).collect();
        assert!(totals.windows(2).all(|w| w[1] >= w[0]), "{key}: {totals:?}");
    }

    let (myopic_rows, myopic, _) = run("myopic", 1.2);
    assert_eq!(myopic_rows[0]["wind_turbines"], "0");
    assert_eq!(myopic_rows[1]["wind_turbines_built"], "14");
    assert!(close(myopic, 2_394.12e6, 1e-9), "{myopic}");
    assert!(present < myopic);

    let (late, late_present, _) = run("perfect", 1.05);
    assert_eq!(late[0]["wind_turbines"], "0");
    assert_eq!(late[1]["wind_turbines_built"], "14");
    assert!(close(late_present, 2_299.62e6, 1e-9), "{late_present}");
    let (_, late_myopic, _) = run("myopic", 1.05);
    assert!(close(late_myopic, late_present, 1e-9));
}
