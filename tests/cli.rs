//! The real binary: plan, validate, catalogue, profiles; output files; exit codes.

mod common;
use assert_cmd::Command;
use common::*;

fn zcpark() -> Command {
    Command::cargo_bin("zcpark").unwrap()
}

/// Grid plus PV for 24 h under a binding λ (see tests/model_electricity.rs for the arithmetic).
fn small_park(limit: f64) -> Fixture {
    let pv: Vec<f64> = (0..24)
        .map(|h| if (6..18).contains(&h) { 0.5 } else { 0.0 })
        .collect();
    let yaml = head(24, 0.5, 200.0, limit)
        + "resources:
  pv_cf: { file: profile.csv, column: pv }
build:
  pv: { max_mw: 1000 }
";
    fixture(&yaml, &[("load", flat(100.0, 24)), ("pv", pv)])
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn plan_writes_its_files_and_no_temporaries() {
    let f = small_park(1.0);
    let out = f.path().join("out");
    let output = zcpark()
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
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    // The verdict first, then the tables, with words for the status and the items.
    let first = text.lines().next().unwrap();
    assert!(first.contains("MEETS THE RULE") && first.contains("CO2 per unit of energy consumed"));
    assert!(
        text.contains("capacities") && text.contains("baseline") && text.contains("PV capital")
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "cashflow.csv",
            "dispatch.csv",
            "plan.json",
            "plan.xlsx",
            "report.html",
            "scenario.resolved.yaml"
        ]
    );
    let csv = std::fs::read_to_string(out.join("dispatch.csv")).unwrap();
    // The header is the first line (spreadsheets and pandas read a `#` line as data); what
    // the file holds is said in plan.json.
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with("hour,") && header.contains("import_mw"));
    assert!(header.contains("battery_soc_mwh"));
    assert_eq!(csv.lines().count(), 25);
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    assert!(plan["files"]["dispatch.csv"]
        .as_str()
        .unwrap()
        .contains("weight_h"));
}

#[test]
fn json_output_keeps_the_contract_keys() {
    let f = small_park(1.0);
    let output = zcpark()
        .args([
            "plan",
            f.scenario.to_str().unwrap(),
            "--format",
            "json",
            "--threads",
            "1",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let plan: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    for key in [
        "scenario",
        "status",
        "mip_gap",
        "objective_rmb_per_yr",
        "solve_seconds",
        "build_seconds",
        "capacities",
        "kpis",
        "costs",
        "accounting",
        "baseline",
        "finance",
    ] {
        assert!(plan.get(key).is_some(), "plan.json lacks {key}");
    }
    for key in [
        "pv_mw",
        "wind_turbines",
        "wind_mw",
        "battery_mwh",
        "battery_mw",
    ] {
        assert!(
            plan["capacities"].get(key).is_some(),
            "capacities lack {key}"
        );
    }
    for key in [
        "emissions_t",
        "energy_tce",
        "intensity_t_per_tce",
        "intensity_limit_t_per_tce",
        "clean_share",
        "grid_import_mwh",
        "grid_export_mwh",
        "green_purchase_mwh",
        "curtailment_mwh",
        "capex_rmb",
        "lcoe_rmb_per_mwh",
        "abatement_cost_rmb_per_t",
        "payback_years",
    ] {
        assert!(plan["kpis"].get(key).is_some(), "kpis lack {key}");
    }
    assert!(plan["baseline"]["objective_rmb_per_yr"].as_f64().unwrap() > 0.0);
    assert!(plan["baseline"]["kpis"]["emissions_t"].as_f64().unwrap() > 0.0);
    assert_eq!(plan["status"], "optimal");
}

#[test]
fn resolved_scenario_reproduces_the_run_from_another_directory() {
    let f = small_park(1.0);
    let first = f.path().join("first");
    zcpark()
        .args([
            "plan",
            f.scenario.to_str().unwrap(),
            "--out",
            first.to_str().unwrap(),
            "--threads",
            "1",
        ])
        .assert()
        .success();
    let elsewhere = tempfile::tempdir().unwrap();
    let second = elsewhere.path().join("second");
    zcpark()
        .current_dir(elsewhere.path())
        .args([
            "plan",
            first.join("scenario.resolved.yaml").to_str().unwrap(),
        ])
        .args(["--out", second.to_str().unwrap(), "--threads", "1"])
        .assert()
        .success();
    let objective = |dir: &std::path::Path| -> f64 {
        let plan: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("plan.json")).unwrap()).unwrap();
        plan["objective_rmb_per_yr"].as_f64().unwrap()
    };
    assert!(close(objective(&first), objective(&second), 1e-9));
}

#[test]
fn infeasible_rules_exit_3_and_say_which_rule() {
    let f = fixture(&head(24, 0.5, 200.0, 0.2), &[("load", flat(100.0, 24))]);
    let output = zcpark()
        .args(["plan", f.scenario.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let text = stdout(&output);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("DOES NOT MEET THE RULE"),
        "{text}"
    );
    assert!(text.contains("carbon-intensity: "), "{text}");
    assert!(
        text.contains("intensity 1.667 t/tce is the lowest reachable; limit 0.200"),
        "{text}"
    );
    // Only the clean share fails (grid only, nothing clean): the headline names it, not the
    // intensity, which meets its limit of 5.
    let output = zcpark()
        .args(["plan", f.scenario.to_str().unwrap()])
        .args(["--set", "rules.intensity_limit=5"])
        .args(["--set", "rules.clean_share.target=0.5"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let text = stdout(&output);
    let headline = text.lines().next().unwrap();
    assert!(
        headline.contains(
            "DOES NOT MEET THE RULE — clean share 0.0 % is the highest reachable; target 50.0 %"
        ),
        "{text}"
    );
    assert!(!headline.contains("CO2 per unit"), "{text}");
    // In Chinese the rule and its reach read in Chinese (they were in English under a
    // Chinese headline); the diagnosis run's duals are penalties, so dispatch.csv has no
    // marginal-cost column (a bad design read an LCOH of 12,236 RMB/kg from them).
    let out = f.path().join("zh");
    let output = zcpark()
        .args([
            "plan",
            f.scenario.to_str().unwrap(),
            "--lang",
            "zh",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let text = stdout(&output);
    assert!(
        text.contains("单位能耗碳排放: 单位能耗碳排放最低可达 1.667 tCO2/tce，限值 0.200 tCO2/tce"),
        "{text}"
    );
    assert!(!text.contains("carbon-intensity"), "{text}");
    let header = std::fs::read_to_string(out.join("dispatch.csv")).unwrap();
    let header = header.lines().next().unwrap();
    assert!(header.contains("import_mw"), "{header}");
    assert!(!header.contains("marginal"), "{header}");
}

#[test]
fn validate_accepts_a_good_scenario_in_one_line() {
    let f = small_park(1.0);
    let output = zcpark()
        .args(["validate", f.scenario.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("valid") && text.contains("24 hours"));
    // A park of the grid alone says so (the line ended "technologies: ").
    let f = fixture(&head(24, 0.5, 200.0, 1.0), &[("load", flat(100.0, 24))]);
    let output = zcpark()
        .args(["validate", f.scenario.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        stdout(&output).contains("technologies: none (grid only)"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn validate_lists_every_problem_and_exits_2() {
    let f = small_park(1.0);
    let yaml = std::fs::read_to_string(&f.scenario)
        .unwrap()
        .replace("max_mw: 1000", "max_mw: -4")
        .replace("import_cap_mw: 200", "import_cap_mw: -1")
        .replace("intensity_limit: 1", "intensity_limit: 11");
    std::fs::write(&f.scenario, yaml).unwrap();
    let output = zcpark()
        .args(["validate", f.scenario.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("3 problem(s)"), "{text}");
    for needle in [
        "build.pv.max_mw",
        "-4",
        "grid.import_cap_mw",
        "rules.intensity_limit",
        "11",
    ] {
        assert!(text.contains(needle), "{needle} missing: {text}");
    }
    assert!(text.contains(&f.scenario.display().to_string()));
}

#[test]
fn a_missing_scenario_file_is_named_and_exits_2() {
    let output = zcpark()
        .args(["plan", "/nonexistent/park.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/nonexistent/park.yaml"));
}

#[test]
fn the_embedded_example_validates_from_anywhere() {
    let elsewhere = tempfile::tempdir().unwrap();
    let output = zcpark()
        .current_dir(elsewhere.path())
        .arg("validate")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("models/ordos.yaml (embedded): valid"));

    // Its scenario.resolved.yaml names copies of its series under DIR/inputs, and validates
    // from another directory (it named ../data/profiles/…, which no directory holds).
    let output = zcpark()
        .current_dir(elsewhere.path())
        .args(["plan", "--threads", "1", "--out", "out"])
        .args([
            "--set",
            "horizon.start_hour=4032",
            "--set",
            "horizon.hours=168",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    // The summary says the annual figures are the cut's, scaled: 8,760 / 168 = 52.14.
    assert!(
        stdout(&output).contains(
            "horizon: a cut of 168 h (hours 4032-4199 of the year) weighted ×52.14 to a year"
        ),
        "{}",
        stdout(&output)
    );
    let resolved = elsewhere.path().join("out/scenario.resolved.yaml");
    let text = std::fs::read_to_string(&resolved).unwrap();
    let inputs = std::fs::canonicalize(elsewhere.path().join("out/inputs")).unwrap();
    assert!(
        text.contains(&format!("file: {}/ordos-load.csv", inputs.display())),
        "{text}"
    );
    let again = tempfile::tempdir().unwrap();
    let output = zcpark()
        .current_dir(again.path())
        .arg("validate")
        .arg(&resolved)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn catalogue_prints_values_with_sources() {
    let output = zcpark().arg("catalogue").output().unwrap();
    assert!(output.status.success());
    let text = stdout(&output);
    let line = text
        .lines()
        .find(|l| l.contains("pv.capex_rmb_per_kw"))
        .unwrap();
    assert!(
        line.contains("3000") && line.contains("china-rules.md") && line.contains("[estimate]")
    );
}

#[test]
fn profiles_from_the_shipped_weather_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cf.csv");
    let root = env!("CARGO_MANIFEST_DIR");
    let output = zcpark()
        .current_dir(root)
        .args([
            "profiles",
            "data/weather/723170TYA.CSV",
            "--pv",
            "--wind",
            "hub_height_m=100",
        ])
        .args(["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("full-load hours"));
    let csv = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "hour,pv_cf,wind_cf");
    assert_eq!(rows.len(), 8761);
}

#[test]
fn profiles_of_a_broken_weather_file_name_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("data/weather/723170TYA.CSV")).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[9].split(',').map(String::from).collect();
    cells[4] = "abc".into(); // GHI of the eighth hour
    lines[9] = cells.join(",");
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, lines.join("\n")).unwrap();
    let output = zcpark()
        .args(["profiles", broken.to_str().unwrap(), "--pv", "--out"])
        .arg(dir.path().join("x.csv"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("broken.csv")
            && err.contains("line 10")
            && err.contains("GHI")
            && err.contains("abc"),
        "{err}"
    );
    assert!(!dir.path().join("x.csv").exists());
}

/// A HiGHS option HiGHS does not have, or a value it refuses, is bad input: exit 2 before any
/// model is built, naming the option and the value; an option HiGHS takes is passed on.
#[test]
fn highs_options_are_checked_before_solving() {
    for bad in ["objective_boundx=1", "solver=abc", "mip_rel_gap=-1"] {
        let output = zcpark()
            .args(["plan", "--set", "horizon.hours=24", "--highs-option", bad])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&output).contains(&format!("HiGHS refuses {bad}")),
            "{bad}"
        );
    }
    let output = zcpark()
        .args([
            "plan",
            "--set",
            "horizon.hours=24",
            "--highs-option",
            "mip_rel_gap=0.001",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

/// `--out` naming a file is bad input, refused before the solve (exit 2; it failed after the
/// solve with "File exists", minutes late on a full year), and the file is left as it was.
#[test]
fn an_out_path_that_is_a_file_is_refused_before_solving() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("taken");
    std::fs::write(&file, "mine").unwrap();
    let output = zcpark()
        .args(["plan", "--set", "horizon.hours=24", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("must be a directory"),
        "{}",
        stderr(&output)
    );
    assert!(
        !stdout(&output).contains("annual cost"),
        "{}",
        stdout(&output)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    // A directory in which no file can be made (/proc takes none) is refused before the
    // solve too (it failed after it with "cannot write outputs", exit 1).
    let output = zcpark()
        .args([
            "plan",
            "--set",
            "horizon.hours=24",
            "--out",
            "/proc/zcpark-out",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("must be a directory zcpark can write in"),
        "{}",
        stderr(&output)
    );
    // A directory under the file, and the studies, which wrote only after their solves.
    for args in [
        vec!["plan", "--set", "horizon.hours=24"],
        vec!["pareto", "--set", "horizon.hours=24", "--points", "2"],
        vec![
            "sensitivity",
            "--set",
            "horizon.hours=24",
            "--vary",
            "catalogue.pv.capex_rmb_per_kw=±20%",
        ],
        vec!["pathway", "--set", "horizon.hours=24"],
    ] {
        let output = zcpark()
            .args(&args)
            .arg("--out")
            .arg(file.join("sub"))
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("is a file"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

/// A refused `--typical-days N` is named as such (it read "(set by --set
/// horizon.typical_days=2)", a flag the user never gave), with the field and the value.
/// `--set horizon.typical_days=2` is named as itself.
#[test]
fn a_refused_typical_day_count_names_the_flag() {
    let output = zcpark()
        .args(["plan", "--typical-days", "2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("(set by --typical-days 2)"), "{err}");
    assert!(err.contains("horizon.typical_days: must be"), "{err}");
    assert!(err.contains("got 2"), "{err}");
    let output = zcpark()
        .args(["plan", "--set", "horizon.typical_days=2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("(set by --set horizon.typical_days=2)"),
        "{err}"
    );
}

/// With no `rules.grid_factor` and certificates offered, the residual mix applies (formulation
/// §4, "defaults": 0.6096 t/MWh); certificates at 1,000 RMB/MWh are never bought, so the plan
/// claims nothing and is warned that the national average is then the reading to use.
#[test]
fn a_residual_mix_default_with_nothing_claimed_is_warned() {
    let f = small_park(10.0);
    let yaml = std::fs::read_to_string(&f.scenario)
        .unwrap()
        .replace("  grid_factor: 0.5\n", "")
        .replace(
            "  import_cap_mw: 200\n",
            "  import_cap_mw: 200\n  certificates: { price_rmb_per_mwh: 1000, max_share_of_imports: 0.1 }\n",
        );
    std::fs::write(&f.scenario, yaml).unwrap();
    let out = f.path().join("out");
    let output = zcpark()
        .arg("plan")
        .arg(&f.scenario)
        .args(["--threads", "1", "--format", "json", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    assert_eq!(
        plan["accounting"]["grid_factor_name"],
        "national-residual-2023"
    );
    assert_eq!(
        plan["accounting"]["grid_factor_basis"],
        "default_residual_mix"
    );
    assert_eq!(plan["kpis"]["certificates_mwh"].as_f64(), Some(0.0));
    let warnings = plan["warnings"].to_string();
    assert!(warnings.contains("the plan buys neither"), "{warnings}");
}

/// A study whose standard output is closed early (`zcpark pareto … | head -1`) goes on and
/// writes its files: `println!` panicked on the broken pipe (exit 101), before the output
/// directory was made. The reading end is closed as soon as the process starts, so every
/// line it prints meets a closed pipe.
#[test]
fn studies_write_their_files_when_standard_output_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let binary = assert_cmd::cargo::cargo_bin("zcpark");
    for (args, file) in [
        (
            vec!["pareto", "--set", "horizon.hours=24", "--points", "2"],
            "pareto.csv",
        ),
        (
            vec![
                "sensitivity",
                "--set",
                "horizon.hours=24",
                "--vary",
                "catalogue.pv.capex_rmb_per_kw=±20%",
            ],
            "sensitivity.csv",
        ),
        (vec!["pathway", "--set", "horizon.hours=24"], "pathway.csv"),
    ] {
        let out = dir.path().join(args[0]);
        let mut child = std::process::Command::new(&binary)
            .args(&args)
            .args(["--threads", "1", "--out"])
            .arg(&out)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert_ne!(
            output.status.code(),
            Some(101),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(out.join(file).exists(), "{args:?}: no {file}");
    }
}

/// A study's report follows `--lang zh` (or `--set report.lang=zh`), as its plans' do, and
/// `zcpark report DIR` without --lang keeps it: the study's page was written in English
/// whatever the scenario said.
#[test]
fn a_study_report_is_written_in_the_language_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pareto");
    let output = zcpark()
        .args(["pareto", "--set", "horizon.hours=24", "--points", "2"])
        .args(["--threads", "1", "--lang", "zh", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = |path: &std::path::Path| std::fs::read_to_string(path).unwrap();
    assert!(page(&out.join("report.html")).contains("lang=\"zh-CN\""));
    // The study's own chart too (it was drawn in English whatever the language).
    let chart = page(&out.join("pareto.svg"));
    assert!(chart.contains("最低年化成本与单位能耗碳排放"), "{chart}");
    assert!(
        chart.contains("亿元/年") && !chart.contains("M RMB"),
        "{chart}"
    );
    let runs: Vec<_> = std::fs::read_dir(out.join("runs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!runs.is_empty());
    for run in &runs {
        assert!(page(&run.join("report.html")).contains("lang=\"zh-CN\""));
    }
    let output = zcpark().arg("report").arg(&out).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(page(&out.join("report.html")).contains("lang=\"zh-CN\""));
}

/// A Chinese report gives its warnings in Chinese, in the summary, report.html and
/// plan.xlsx; an English one in English. The park's 50 MW load, taken over the year
/// (24 hours × 365), is 438,000 MWh at 0.3 tce/MWh: 131,400 tce/yr, below the 200,000 tce/yr
/// of the official tiers, so `auto` applies 0.2 t/tce with a warning (china-rules.md §1).
#[test]
fn warnings_are_given_in_the_report_language() {
    use calamine::{open_workbook, Reader, Xlsx};
    let pv: Vec<f64> = (0..24)
        .map(|h| if (6..18).contains(&h) { 0.5 } else { 0.0 })
        .collect();
    let yaml = head(24, 0.5, 200.0, 1.0).replace("intensity_limit: 1", "intensity_limit: auto")
        + "resources:
  pv_cf: { file: profile.csv, column: pv }
build:
  pv: { max_mw: 1000 }
";
    let f = fixture(&yaml, &[("load", flat(50.0, 24)), ("pv", pv)]);
    let run = |lang: &str| {
        let out = f.path().join(lang);
        let output = zcpark()
            .args([
                "plan",
                f.scenario.to_str().unwrap(),
                "--lang",
                lang,
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap();
        let plan: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        let mut book: Xlsx<_> = open_workbook(out.join("plan.xlsx")).unwrap();
        let first = book.sheet_names()[0].clone();
        let cells: Vec<String> = book
            .worksheet_range(&first)
            .unwrap()
            .cells()
            .map(|(_, _, c)| c.to_string())
            .collect();
        (stdout(&output), plan, html, cells)
    };
    let en_text = "baseline consumption 131400 tce/yr is below the 200,000 tce/yr of the \
                   official tiers; 0.2 t/tce applied";
    let zh_text = "基准情景综合能源消费量 13.14 万tce/年，低于官方分档下限 20 万tce/年；按 0.2 \
                   tCO2/tce 执行";
    let (text, plan, html, cells) = run("zh");
    assert_eq!(plan["warnings"][0], en_text, "{plan}");
    assert_eq!(plan["warnings_zh"][0], zh_text, "{plan}");
    assert_eq!(
        plan["warnings"].as_array().map(Vec::len),
        plan["warnings_zh"].as_array().map(Vec::len)
    );
    assert!(text.contains(&format!("提示: {zh_text}")), "{text}");
    assert!(html.contains(zh_text), "report.html");
    assert!(cells.iter().any(|c| c == zh_text), "{cells:?}");
    for page in [&text, &html] {
        assert!(!page.contains("official tiers"));
    }
    assert!(!cells.iter().any(|c| c.contains("official tiers")));
    let (text, _, html, cells) = run("en");
    assert!(text.contains(en_text), "{text}");
    assert!(html.contains(en_text), "report.html");
    assert!(cells.iter().any(|c| c == en_text), "{cells:?}");
}
