//! Scenarios that point at a weather file instead of profile CSVs: the profiles are the ones
//! `zcpark profiles` writes, the resolved scenario reproduces the run, and bad weather inputs
//! are reported naming the file, the field and the value.

mod common;
use assert_cmd::Command;
use common::{assert_named, fixture, flat, problems_of};
use std::path::{Path, PathBuf};
use zcpark::resource::{pv_profile, read_weather, PvParams};
use zcpark::scenario::{self, LoadedScenario, ScenarioError, ScenarioSource};

fn shipped_weather() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/weather/723170TYA.CSV")
}

/// A park with PV and wind from the shipped weather; `resources` replaces the resource lines.
fn scenario_yaml(hours: usize, resources: &str) -> String {
    format!(
        "name: weather
horizon: {{ start_hour: 0, hours: {hours} }}
loads:
  electricity_mw: {{ file: profile.csv, column: load }}
resources:
{resources}
grid:
  import_cap_mw: 100
  import_tariff: {{ flat_rmb_per_kwh: 0.5 }}
build:
  pv: {{ max_mw: 200 }}
  wind: {{ max_turbines: 20 }}
rules:
  intensity_limit: 0.2
  grid_factor: 0.5
  electricity_tce_basis: equivalent
"
    )
}

fn weather_line() -> String {
    format!("  weather: {{ file: {} }}", shipped_weather().display())
}

fn load(yaml: &str) -> (common::Fixture, Result<LoadedScenario, ScenarioError>) {
    let f = fixture(yaml, &[("load", flat(20.0, 24))]);
    let loaded = scenario::load(&ScenarioSource::Disk(f.scenario.clone()));
    (f, loaded)
}

fn problems(yaml: &str) -> Vec<String> {
    problems_of(&fixture(yaml, &[("load", flat(20.0, 24))]))
}

/// Reads one column of a CSV written by `zcpark profiles` (comment lines start with `#`).
fn csv_column(path: &Path, column: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(path).expect("read profiles CSV");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let i = header
        .iter()
        .position(|h| *h == column)
        .unwrap_or_else(|| panic!("no column {column} in {header:?}"));
    lines
        .map(|l| l.split(',').nth(i).expect("field").parse().expect("number"))
        .collect()
}

#[test]
fn profiles_from_weather_are_the_ones_zcpark_profiles_writes() {
    let resources = format!(
        "{}\n  pv_from_weather: {{ tilt_deg: 30, azimuth_deg: 170 }}\n  wind_from_weather: {{ hub_height_m: 120, shear_exponent: 0.2 }}",
        weather_line()
    );
    let (f, loaded) = load(&scenario_yaml(8760, &resources));
    let park = loaded.expect("valid").park;

    let out = f.path().join("profiles.csv");
    Command::cargo_bin("zcpark")
        .unwrap()
        .args(["profiles"])
        .arg(shipped_weather())
        .args([
            "--pv",
            "tilt_deg=30,azimuth_deg=170",
            "--wind",
            "hub_height_m=120,shear_exponent=0.2",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    for (column, cf) in [
        ("pv_cf", &park.pv.as_ref().unwrap().cf),
        ("wind_cf", &park.wind.as_ref().unwrap().cf),
    ] {
        let written = csv_column(&out, column);
        assert_eq!(written.len(), 8760);
        let worst = written
            .iter()
            .zip(cf.iter())
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        // The CSV carries six decimals.
        assert!(worst <= 5e-7, "{column}: largest difference {worst}");
        assert!(cf.iter().sum::<f64>() > 100.0, "{column} is not empty");
    }
    let pv_origin = &park.pv.as_ref().unwrap().profile;
    assert!(pv_origin.description.contains("723170TYA.CSV"));
    assert!(
        (pv_origin.full_load_hours_h - park.pv.as_ref().unwrap().cf.iter().sum::<f64>()).abs()
            < 1e-9
    );
}

#[test]
fn a_full_load_hours_target_is_met_and_a_cut_takes_the_same_hours() {
    let resources = format!(
        "{}\n  pv_from_weather: {{ tracking: single_axis, target_full_load_hours: 1700 }}\n  wind_from_weather: {{ target_full_load_hours: 2500 }}",
        weather_line()
    );
    let full = load(&scenario_yaml(8760, &resources))
        .1
        .expect("valid")
        .park;
    let pv = &full.pv.as_ref().unwrap();
    let wind = &full.wind.as_ref().unwrap();
    // The scaling bisects to 1e-6 of the target.
    assert!((pv.cf.iter().sum::<f64>() - 1700.0).abs() <= 1700.0 * 1e-6);
    assert!((wind.cf.iter().sum::<f64>() - 2500.0).abs() <= 2500.0 * 1e-6);
    assert!(pv.profile.description.contains("scaled"));

    // Scaling multiplies the library's own profile by one factor, clipped at 1.
    let weather = read_weather(&shipped_weather()).unwrap();
    let params = PvParams {
        tracking: zcpark::resource::Tracking::SingleAxis,
        ..PvParams::default()
    };
    let unscaled = pv_profile(&weather, &params).unwrap().capacity_factor;
    let (h_ref, _) = pv
        .cf
        .iter()
        .enumerate()
        .find(|(_, c)| **c > 0.1 && **c < 0.9)
        .expect("a part-load hour");
    let factor = pv.cf[h_ref] / unscaled[h_ref];
    assert!(factor > 0.5 && factor < 2.0, "{factor}");
    for (h, (scaled, raw)) in pv.cf.iter().zip(&unscaled).enumerate() {
        assert!((scaled - (factor * raw).min(1.0)).abs() < 1e-9, "hour {h}");
    }

    let cut_yaml = scenario_yaml(8760, &resources)
        .replace("start_hour: 0, hours: 8760", "start_hour: 4000, hours: 48");
    let cut = load(&cut_yaml).1.expect("valid").park;
    assert_eq!(cut.pv.as_ref().unwrap().cf[..], pv.cf[4000..4048]);
    assert_eq!(cut.wind.as_ref().unwrap().cf[..], wind.cf[4000..4048]);
}

#[test]
fn the_resolved_scenario_reproduces_the_run_from_another_directory() {
    let resources = "  weather: { file: weather/site.csv }
  pv_from_weather: { tilt_deg: 25 }
  wind_from_weather: { power_curve_csv: curve.csv, target_full_load_hours: 2200 }";
    // A loose limit: the first day of January cannot reach 0.2 t/tce with these bounds.
    let yaml = scenario_yaml(24, resources).replace("intensity_limit: 0.2", "intensity_limit: 1.0");
    let f = fixture(&yaml, &[("load", flat(20.0, 24))]);
    std::fs::create_dir(f.path().join("weather")).unwrap();
    std::fs::copy(shipped_weather(), f.path().join("weather/site.csv")).unwrap();
    std::fs::write(
        f.path().join("curve.csv"),
        "wind_speed_m_per_s,power_kw\n3,0\n6,800\n9,2600\n12,3000\n25,3000\n25.01,0\n",
    )
    .unwrap();
    let first = f.path().join("first");
    Command::cargo_bin("zcpark")
        .unwrap()
        .arg("plan")
        .arg(&f.scenario)
        .arg("--out")
        .arg(&first)
        .assert()
        .success();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::copy(
        first.join("scenario.resolved.yaml"),
        elsewhere.path().join("again.yaml"),
    )
    .unwrap();
    let second = elsewhere.path().join("second");
    Command::cargo_bin("zcpark")
        .unwrap()
        .current_dir(elsewhere.path())
        .args(["plan", "again.yaml", "--out"])
        .arg(&second)
        .assert()
        .success();
    let read = |dir: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join("plan.json")).unwrap()).unwrap()
    };
    let (a, b) = (read(&first), read(&second));
    assert_eq!(a["resource_profiles"], b["resource_profiles"]);
    assert_eq!(a["capacities"], b["capacities"]);
    let objective = |v: &serde_json::Value| v["objective_rmb_per_yr"].as_f64().unwrap();
    assert!(common::close(objective(&a), objective(&b), 1e-9));
    let wind_flh = a["resource_profiles"]["wind"]["full_load_hours_h"]
        .as_f64()
        .unwrap();
    assert!((wind_flh - 2200.0).abs() <= 2200.0 * 1e-6, "{wind_flh}");
    // The scaling says what it multiplied in words (it showed the Rust name `WindSpeed`).
    let origin = a["resource_profiles"]["wind"]["description"]
        .as_str()
        .unwrap();
    assert!(
        origin.contains("scaled (hub-height wind speed × "),
        "{origin}"
    );
}

#[test]
fn weather_inputs_are_validated_naming_field_and_value() {
    let w = weather_line();
    let m = problems(&scenario_yaml(
        24,
        &format!("{w}\n  pv_from_weather: {{ tilt_deg: 120 }}\n  wind_from_weather: {{ turbine: XYZ-999 }}"),
    ));
    assert_named(&m, "resources.pv_from_weather.tilt_deg", "120");
    // Said once: it read "must be must lie in 0..=90".
    assert!(
        m.iter()
            .any(|x| x.contains("tilt_deg: must be in 0..=90, got 120")),
        "{m:?}"
    );
    assert_named(&m, "resources.wind_from_weather", "XYZ-999");

    let m = problems(&scenario_yaml(
        24,
        "  pv_from_weather: {}\n  wind_cf: { file: profile.csv, column: load }",
    ));
    assert_named(&m, "resources.weather", "(missing)");

    let m = problems(&scenario_yaml(
        24,
        &format!("{w}\n  pv_cf: {{ file: profile.csv, column: load }}\n  pv_from_weather: {{}}\n  wind_from_weather: {{}}"),
    ));
    assert_named(&m, "resources.pv_cf", "both pv_cf and pv_from_weather");

    let m = problems(&scenario_yaml(
        24,
        "  weather: { file: nowhere.csv }\n  pv_from_weather: {}\n  wind_from_weather: {}",
    ));
    assert_named(&m, "resources.weather.file", "nowhere.csv");

    let m = problems(&scenario_yaml(
        24,
        &format!("{w}\n  wind_from_weather: {{}}"),
    ));
    assert_named(&m, "resources.pv_cf", "(missing)");

    let m = problems(&scenario_yaml(
        24,
        &format!("{w}\n  pv_from_weather: {{ tilt: 30 }}\n  wind_from_weather: {{}}"),
    ));
    assert!(
        m.iter().any(|l| l.contains("unknown field `tilt`")),
        "{}",
        m.join("\n")
    );
}

#[test]
fn a_broken_weather_file_fails_validate_with_its_line_and_column() {
    let f = fixture(
        &scenario_yaml(
            24,
            "  weather: { file: broken.csv }\n  pv_from_weather: {}\n  wind_from_weather: {}",
        ),
        &[("load", flat(20.0, 24))],
    );
    let text = std::fs::read_to_string(shipped_weather()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut fields: Vec<String> = lines[100].split(',').map(str::to_string).collect();
    fields[4] = "bright".into(); // GHI of hour 98
    lines[100] = fields.join(",");
    std::fs::write(f.path().join("broken.csv"), lines.join("\n")).unwrap();
    let output = Command::cargo_bin("zcpark")
        .unwrap()
        .arg("validate")
        .arg(&f.scenario)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("resources.weather.file")
            && stderr.contains("broken.csv")
            && stderr.contains("line 101")
            && stderr.contains("bright"),
        "{stderr}"
    );
}
