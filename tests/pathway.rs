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
    wind_park_living(max_turbines, 20, pathway)
}

fn wind_park_living(max_turbines: u32, lifetime_yr: u32, pathway: &str) -> Fixture {
    let yaml = head(DAY, 0.5, 200.0, 1.0)
        + &format!(
            "resources:
  wind_cf: {{ file: profile.csv, column: wind }}
build:
  wind: {{ max_turbines: {max_turbines} }}
"
        )
        + &format!(
            "catalogue:
  finance: {{ discount_rate: 0.0 }}
  wind: {{ capex_rmb_per_kw: 50000, lifetime_yr: {lifetime_yr}, fixed_om_frac: 0.0, unit_mw: 6 }}
"
        )
        + pathway;
    fixture(
        &yaml,
        &[("load", flat(100.0, DAY)), ("wind", flat(0.5, DAY))],
    )
}

fn zcpark() -> Command {
    Command::cargo_bin("zcpark").unwrap()
}

/// `zcpark pathway SCENARIO --out OUT` through the real binary.
fn pathway_into(scenario: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    zcpark()
        .arg("pathway")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// `zcpark plan SCENARIO --out DIR` (exit 0), and its `plan.json`.
fn plan_json(scenario: &std::path::Path, dir: &std::path::Path) -> serde_json::Value {
    zcpark()
        .args(["plan", "--out"])
        .arg(dir)
        .arg(scenario)
        .assert()
        .code(0);
    serde_json::from_str(&std::fs::read_to_string(dir.join("plan.json")).unwrap()).unwrap()
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
    let run = pathway_into(&f.scenario, &out);
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
    let plan = plan_json(&f.scenario, &f.path().join("plan"));
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
    // With perfect foresight the one model over both stages has no plan: no stage is blamed
    // by itself (it read "stage 2025 has no plan", a stage that can meet its rule alone).
    let yaml = std::fs::read_to_string(&f.scenario)
        .unwrap()
        .replace("foresight: myopic", "foresight: perfect");
    std::fs::write(&f.scenario, yaml).unwrap();
    let run = zcpark().arg("pathway").arg(&f.scenario).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(3), "{stdout}");
    assert!(
        stdout.contains("no plan over all 2 stages together (one model)"),
        "{stdout}"
    );
    assert!(!stdout.contains("stage 2025 has no plan"), "{stdout}");
    assert!(
        stdout.contains("foresight: myopic to see the first stage"),
        "{stdout}"
    );
    // pathway.json blames no stage either, and no chart draws stages with nothing in
    // service.
    let out = f.path().join("perfect");
    let run = pathway_into(&f.scenario, &out);
    assert_eq!(run.status.code(), Some(3));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("pathway.json")).unwrap()).unwrap();
    let shortfalls = json["shortfalls"].as_array().unwrap();
    assert!(!shortfalls.is_empty());
    for s in shortfalls {
        assert!(!s.as_str().unwrap().starts_with("stage "), "{s}");
    }
    assert!(!out.join("pathway-capacity.svg").exists());
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
            "pathway: { foresight: myopic, stages: [{ year: 2025, electricity_load_scale: -1 }] }\n",
            "pathway.stages[0].electricity_load_scale",
        ),
        (
            "pathway: { foresight: myopic, capex_decline_per_yr: { wind: 1.5 }, stages: [{ year: 2025 }] }\n",
            "pathway.capex_decline_per_yr.wind",
        ),
        (
            "pathway: { foresight: myopic, capex_decline_per_yr: { fusion: 0.1 }, stages: [{ year: 2025 }] }\n",
            "pathway.capex_decline_per_yr.fusion",
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

/// Bad values in two stages (a grid factor no catalogue has, a negative import cap in a
/// stage's `set`) are all listed before any stage is solved, each named by the stage field
/// that sets it, by `validate` as by `pathway` (exit 2, nothing written): they were found
/// only when their stage came to be solved, after the earlier ones.
#[test]
fn every_stage_is_checked_before_any_is_solved() {
    let f = wind_park(
        "pathway:
  foresight: myopic
  stages:
    - { year: 2025 }
    - { year: 2027, grid_factor: nowhere-2023 }
    - { year: 2030, set: { grid.import_cap_mw: -5 } }
",
    );
    let out = f.path().join("out");
    for run in [
        zcpark().arg("validate").arg(&f.scenario).output().unwrap(),
        pathway_into(&f.scenario, &out),
    ] {
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("stage-2027: "), "{stderr}");
        assert!(
            stderr.contains(
                "(set by pathway.stages[1].grid_factor): rules.grid_factor: must be a number in \
                 t/MWh or one of"
            ),
            "{stderr}"
        );
        assert!(
            stderr.contains(
                "(set by pathway.stages[2].set.grid.import_cap_mw): grid.import_cap_mw: must be \
                 >= 0, got -5"
            ),
            "{stderr}"
        );
        assert!(stderr.contains("stage-2030: "), "{stderr}");
    }
    assert!(!out.exists(), "nothing written");
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
        let result = pathway_into(&f.scenario, &out);
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

/// Retirement inside the horizon, worked by hand. Turbines live 4 years, so one costs
/// 300 M RMB / 4 = 75 M RMB/yr (r = 0, no fixed O&M); stages 2025 (4 years) and 2029 (3),
/// λ = 1 in both, which needs 14 turbines (a 15th costs more than the 13.14 M of grid energy
/// it saves, at either price). The 14 built in 2025 retire at 2029 (2029 − 2025 = 4 is not
/// within a 4-year life) and are built again at 2029's halved capex (37.5 M/yr each); at most
/// 20 turbines may be added, so the rebuild fits only because retired turbines free their
/// room.
/// - 2025: 14 · 75 M + 58 MW · 4.38 M = 1,304.04 M RMB/yr;
/// - 2029: 14 · 37.5 M + 254.04 M = 779.04 M RMB/yr, nothing carried;
/// - present cost 4 · 1,304.04 M + 3 · 779.04 M = 7,553.28 M RMB (with the 2025 turbines
///   kept on instead it would be 7 · 1,304.04 M = 9,128.28 M).
///
/// Both foresights must find it: no build can serve both stages. The halving is given once
/// as the 2029 stage's `capex_factor` and once as a yearly decline d with (1 − d)⁴ = ½.
#[test]
fn what_reaches_the_end_of_its_life_retires_and_is_built_again() {
    let decline = 1.0 - 0.5_f64.powf(0.25);
    let halvings = [
        "  stages:\n    - { year: 2025 }\n    - { year: 2029, capex_factor: { wind: 0.5 } }\n"
            .to_string(),
        format!(
            "  capex_decline_per_yr: {{ wind: {decline} }}\n  stages:\n    - {{ year: 2025 }}\n    \
             - {{ year: 2029 }}\n"
        ),
    ];
    for (foresight, halving) in ["myopic", "perfect"]
        .into_iter()
        .flat_map(|f| halvings.iter().map(move |h| (f, h)))
    {
        let f = wind_park_living(
            20,
            4,
            &format!("pathway:\n  foresight: {foresight}\n  last_stage_years: 3\n{halving}"),
        );
        let out = f.path().join("out");
        let run = pathway_into(&f.scenario, &out);
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert_eq!(run.status.code(), Some(0), "{foresight}: {stdout}");
        assert!(
            stdout.contains(
                "stage 2029: retired at its start (end of economic life): wind turbines 14.0"
            ),
            "{foresight}: {stdout}"
        );
        let rows = read_rows(&out.join("pathway.csv"));
        let (a, b) = (&rows[0], &rows[1]);
        assert_eq!(a["wind_turbines_built"], "14", "{foresight}");
        assert_eq!(number(a, "wind_turbines_retired"), 0.0, "{foresight}");
        assert!(close(number(a, "own_cost_rmb_per_yr"), 1_304.04e6, 1e-9));
        assert_eq!(b["wind_turbines"], "14", "{foresight}");
        assert_eq!(b["wind_turbines_built"], "14", "{foresight}");
        assert_eq!(number(b, "wind_turbines_retired"), 14.0, "{foresight}");
        assert!(
            close(number(b, "own_cost_rmb_per_yr"), 779.04e6, 1e-9),
            "{foresight}: {}",
            b["own_cost_rmb_per_yr"]
        );
        assert_eq!(number(b, "carried_cost_rmb_per_yr"), 0.0, "{foresight}");
        // In service = before + built − retired.
        assert_eq!(
            number(b, "wind_turbines"),
            number(a, "wind_turbines") + number(b, "wind_turbines_built")
                - number(b, "wind_turbines_retired")
        );
        let present: f64 = rows.iter().map(|r| number(r, "present_cost_rmb")).sum();
        assert!(close(present, 7_553.28e6, 1e-9), "{foresight}: {present}");
    }
}

/// A full year (8,760 h) where one typical day hides the peak: load 10 MW flat except 30 MW
/// from 18 to 21 h on day 100, grid connection 20 MW, a lossless battery that may be built
/// (the case of tests/typical_days.rs, `sizes_that_fall_short_on_the_full_year_are_repaired`).
fn peaky_year(days: usize, aggregation: &str, pathway: &str) -> Fixture {
    let mut load = vec![10.0; 8760];
    for h in 18..22 {
        load[100 * 24 + h] = 30.0;
    }
    let yaml = head(8760, 0.5, 20.0, 10.0).replace(
        "horizon: { start_hour: 0, hours: 8760 }",
        &format!("horizon: {{ start_hour: 0, hours: 8760, typical_days: {days}, aggregation: {aggregation} }}"),
    ) + "build:
  battery: { max_mwh: 200 }
catalogue:
  finance: { discount_rate: 0.0 }
  battery: { capex_energy_rmb_per_kwh: 600, capex_power_rmb_per_kw: 200, lifetime_yr: 10,
             fixed_om_frac: 0.0, round_trip_eff: 1.0 }
" + pathway;
    fixture(&yaml, &[("load", load)])
}

/// Perfect foresight on typical days is checked on each stage's full year. With the peak
/// day averaged away (no extreme days) the typical-day plan builds no battery and the full
/// year cannot serve the four 30 MW hours through a 20 MW connection: the stage is marked
/// short on the full year with the rule named, exit 3, not a cost that looks right. With
/// the peak day kept whole (two typical days, one the peak-load day) the stage's figures are the full-year
/// operation of its sizes: the same cost and intensity as `plan` gives on those typical days
/// after its own full-year check.
#[test]
fn perfect_foresight_stages_are_checked_on_the_full_year() {
    let pathway =
        "pathway: { foresight: perfect, last_stage_years: 1, stages: [{ year: 2025 }] }\n";
    let f = peaky_year(1, "{ extreme_days: [] }", pathway);
    let out = f.path().join("short");
    let run = pathway_into(&f.scenario, &out);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("stage 2025 falls short"), "{stdout}");
    assert!(stdout.contains("on the full year"), "{stdout}");
    let rows = read_rows(&out.join("pathway.csv"));
    assert_eq!(rows[0]["status"], "short_on_full_year");
    assert_eq!(number(&rows[0], "battery_mwh"), 0.0);

    let f = peaky_year(2, "{ extreme_days: [peak_net_load] }", pathway);
    let out = f.path().join("kept");
    let run = pathway_into(&f.scenario, &out);
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("operated on its full year"), "{stdout}");
    let rows = read_rows(&out.join("pathway.csv"));
    let plan = plan_json(&f.scenario, &f.path().join("plan"));
    assert!(plan["full_year_check"]["repairs"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(close(
        number(&rows[0], "own_cost_rmb_per_yr"),
        plan["objective_rmb_per_yr"].as_f64().unwrap(),
        1e-6
    ));
    assert!(close(
        number(&rows[0], "intensity_t_per_tce"),
        plan["kpis"]["intensity_t_per_tce"].as_f64().unwrap(),
        1e-6
    ));
    assert!(number(&rows[0], "battery_mwh") >= 40.0 - 1e-6);
}

/// A pathway's report follows `--lang zh` with either foresight, and `zcpark report DIR`
/// keeps it: a perfect-foresight pathway writes no stage plans, and its page read the
/// language from them (English, beside its Chinese charts).
#[test]
fn a_pathway_report_is_written_in_the_language_asked() {
    for foresight in ["myopic", "perfect"] {
        let f = wind_park(&format!(
            "pathway: {{ foresight: {foresight}, last_stage_years: 1, stages: [{{ year: 2025 }}] }}\n"
        ));
        let out = f.path().join("zh");
        zcpark()
            .arg("pathway")
            .arg(&f.scenario)
            .args(["--lang", "zh", "--out"])
            .arg(&out)
            .assert()
            .code(0);
        let page = || std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(page().contains("lang=\"zh-CN\""), "{foresight}");
        assert!(page().contains("分阶段投资路径"), "{foresight}");
        zcpark().arg("report").arg(&out).assert().code(0);
        assert!(page().contains("lang=\"zh-CN\""), "{foresight}: report DIR");
    }
}
