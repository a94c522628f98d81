//! Tiny scenarios written into a temporary directory, for tests with hand-worked optima.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::path::{Path, PathBuf};
use zcpark::plan::{self, PlanOutcome};
use zcpark::scenario::{self, ScenarioError, ScenarioSource};
use zcpark::solve::SolveOptions;

/// A scenario file and its profile CSV in a temporary directory.
pub struct Fixture {
    /// Keeps the directory alive.
    pub dir: tempfile::TempDir,
    /// The scenario YAML.
    pub scenario: PathBuf,
}

impl Fixture {
    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Writes `profile.csv` with the given columns (each `hours` long, repeated to fill 8760
/// rows) and `scenario.yaml` with `yaml` (which names `profile.csv` and a horizon of the
/// first `hours` hours).
pub fn fixture(yaml: &str, columns: &[(&str, Vec<f64>)]) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    write_profile(dir.path(), "profile.csv", columns);
    let scenario = dir.path().join("scenario.yaml");
    std::fs::write(&scenario, yaml).expect("write scenario");
    Fixture { dir, scenario }
}

/// Writes an 8760-row CSV whose columns repeat the given values cyclically.
pub fn write_profile(dir: &Path, name: &str, columns: &[(&str, Vec<f64>)]) {
    let mut text = String::from("hour");
    for (name, _) in columns {
        text.push(',');
        text.push_str(name);
    }
    text.push('\n');
    for h in 0..8760 {
        text.push_str(&h.to_string());
        for (_, values) in columns {
            text.push_str(&format!(",{}", values[h % values.len()]));
        }
        text.push('\n');
    }
    std::fs::write(dir.join(name), text).expect("write profile");
}

/// Solver options for tests: one thread, tight gap, a time limit.
pub fn options() -> SolveOptions {
    SolveOptions {
        time_limit_s: Some(120.0),
        mip_gap: 1e-6,
        threads: Some(1),
        ..SolveOptions::default()
    }
}

/// Loads and plans a fixture through the library.
pub fn plan(fixture: &Fixture) -> PlanOutcome {
    plan_with(fixture, &options())
}

/// Loads and plans a fixture with the given options.
pub fn plan_with(fixture: &Fixture, options: &SolveOptions) -> PlanOutcome {
    let loaded = scenario::load(&ScenarioSource::Disk(fixture.scenario.clone()))
        .unwrap_or_else(|e| panic!("fixture invalid: {e}"));
    plan::plan(&loaded, options, &mut |_: &str| {}).expect("solve")
}

/// A flat series.
pub fn flat(value: f64, hours: usize) -> Vec<f64> {
    vec![value; hours]
}

/// The common head of a fixture scenario: `hours` modelled hours, flat import tariff
/// `price_rmb_per_kwh`, a connection of `import_cap_mw`, a given λ and grid factor
/// 0.5 t/MWh. It ends inside `grid:`, so further grid keys may follow (indented by two).
pub fn head(hours: usize, price_rmb_per_kwh: f64, import_cap_mw: f64, limit: f64) -> String {
    format!(
        "name: fixture
horizon: {{ start_hour: 0, hours: {hours} }}
loads:
  electricity_mw: {{ file: profile.csv, column: load }}
rules:
  intensity_limit: {limit}
  grid_factor: 0.5
  electricity_tce_basis: equivalent
grid:
  import_cap_mw: {import_cap_mw}
  import_tariff: {{ flat_rmb_per_kwh: {price_rmb_per_kwh} }}
"
    )
}

/// Load 100 MW flat, wind cf 0.5 every hour, 6 MW turbines at 50,000 RMB/kW over 20 years
/// (no discount, no fixed O&M: 15,000 kRMB per turbine-year), grid 0.5 RMB/kWh, λ = 1.0
/// t/tce, on the first `hours` hours (24, or 8,760 for a full year). λ keeps imports ≤ 60 %
/// of load, so wind must give ≥ 40 MW: 14 whole turbines (tests/model_electricity.rs).
pub fn whole_turbines(hours: usize) -> Fixture {
    let yaml = head(hours, 0.5, 200.0, 1.0)
        + "resources:
  wind_cf: { file: profile.csv, column: wind }
build:
  wind: { max_turbines: 50 }
catalogue:
  finance: { discount_rate: 0.0 }
  wind: { capex_rmb_per_kw: 50000, lifetime_yr: 20, fixed_om_frac: 0.0, unit_mw: 6 }
";
    fixture(&yaml, &[("load", flat(100.0, 24)), ("wind", flat(0.5, 24))])
}

/// Relative closeness.
pub fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

/// Every problem `scenario::load` reports for the fixture; panics if it loads.
pub fn problems_of(fixture: &Fixture) -> Vec<String> {
    match scenario::load(&ScenarioSource::Disk(fixture.scenario.clone())) {
        Ok(_) => panic!(
            "expected problems in:\n{}",
            std::fs::read_to_string(&fixture.scenario).unwrap_or_default()
        ),
        Err(ScenarioError::Invalid(issues)) => issues.iter().map(|i| i.to_string()).collect(),
        Err(e) => panic!("unexpected error {e}"),
    }
}

/// Asserts that one message names the scenario file, `field` and `value`.
pub fn assert_named(messages: &[String], field: &str, value: &str) {
    assert!(
        messages.iter().any(|m| m.contains("scenario.yaml")
            && m.contains(&format!(" {field}:"))
            && m.contains(value)),
        "no message names {field} with {value}:\n{}",
        messages.join("\n")
    );
}
