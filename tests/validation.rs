//! Validation: one test per rule. Each asserts that the message names the file, the field
//! path and the offending value, and that every problem is reported at once.

mod common;
use common::*;
use zcpark::scenario::{self, ScenarioError, ScenarioSource};

const VALID: &str = "name: valid
horizon: { start_hour: 0, hours: 24 }
loads:
  electricity_mw: { file: profile.csv, column: load }
resources:
  pv_cf: { file: profile.csv, column: pv }
grid:
  import_cap_mw: 200
  import_tariff: { flat_rmb_per_kwh: 0.5 }
  export: { cap_mw: 10, tariff: { flat_rmb_per_kwh: 0.3 } }
build:
  pv: { max_mw: 100 }
  battery: { max_mwh: 100 }
rules:
  grid_factor: north-china-2023
";

/// Loads `yaml` beside a valid profile (`load`, `pv` columns) and returns the messages.
fn problems(yaml: &str, load: f64, pv: f64) -> (String, Vec<String>) {
    let f = fixture(yaml, &[("load", vec![load; 24]), ("pv", vec![pv; 24])]);
    let path = f.scenario.display().to_string();
    match scenario::load(&ScenarioSource::Disk(f.scenario.clone())) {
        Ok(_) => (path, Vec::new()),
        Err(ScenarioError::Invalid(issues)) => {
            (path, issues.iter().map(|i| i.to_string()).collect())
        }
        Err(e) => (path, vec![e.to_string()]),
    }
}

/// Asserts one problem naming the scenario file (or `file_part`), `field` and `value`.
fn assert_names(yaml: &str, load: f64, pv: f64, file_part: &str, field: &str, value: &str) {
    let (path, messages) = problems(yaml, load, pv);
    let all = messages.join("\n");
    assert!(!messages.is_empty(), "expected a problem with {field}");
    let file = if file_part.is_empty() {
        path.as_str()
    } else {
        file_part
    };
    assert!(
        messages
            .iter()
            .any(|m| m.contains(file) && m.contains(field) && m.contains(value)),
        "no message names {file:?}, {field:?} and {value:?}:\n{all}"
    );
}

#[test]
fn the_valid_fixture_is_valid() {
    assert!(problems(VALID, 100.0, 0.5).1.is_empty());
}

#[test]
fn unknown_field_is_named_with_its_line() {
    let yaml = VALID.replace(
        "  import_cap_mw: 200",
        "  import_cap_mw: 200\n  import_capp: 3",
    );
    assert_names(&yaml, 100.0, 0.5, "", "line 9", "import_capp");
}

#[test]
fn empty_name() {
    assert_names(
        &VALID.replace("name: valid", "name: ''"),
        100.0,
        0.5,
        "",
        "name",
        "\"\"",
    );
}

#[test]
fn horizon_beyond_the_year() {
    let yaml = VALID.replace("start_hour: 0, hours: 24", "start_hour: 8750, hours: 24");
    assert_names(&yaml, 100.0, 0.5, "", "horizon", "start_hour 8750");
}

#[test]
fn missing_profile_file() {
    let yaml = VALID.replace(
        "{ file: profile.csv, column: load }",
        "{ file: nope.csv, column: load }",
    );
    assert_names(
        &yaml,
        100.0,
        0.5,
        "",
        "loads.electricity_mw.file",
        "nope.csv",
    );
}

#[test]
fn missing_column() {
    let yaml = VALID.replace("column: load }", "column: demand }");
    assert_names(
        &yaml,
        100.0,
        0.5,
        "profile.csv",
        "loads.electricity_mw.column",
        "demand",
    );
}

#[test]
fn text_in_a_number_field_names_line_and_column() {
    let f = fixture(VALID, &[("load", vec![100.0; 24]), ("pv", vec![0.5; 24])]);
    let csv = f.path().join("profile.csv");
    let text = std::fs::read_to_string(&csv)
        .unwrap()
        .replacen("\n5,100,0.5", "\n5,abc,0.5", 1);
    std::fs::write(&csv, text).unwrap();
    let err = scenario::load(&ScenarioSource::Disk(f.scenario.clone()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("profile.csv: line 7, column \"load\"") && err.contains("abc"),
        "{err}"
    );
}

#[test]
fn short_year() {
    let f = fixture(VALID, &[("load", vec![100.0; 24]), ("pv", vec![0.5; 24])]);
    let csv = f.path().join("profile.csv");
    let text: Vec<String> = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .take(101)
        .map(String::from)
        .collect();
    std::fs::write(&csv, text.join("\n")).unwrap();
    let err = scenario::load(&ScenarioSource::Disk(f.scenario.clone()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("profile.csv") && err.contains("100 rows") && err.contains("8760"),
        "{err}"
    );
}

#[test]
fn negative_load() {
    // Named in the profile, with the line (header on line 1, hour 0 on line 2) and column.
    assert_names(
        VALID,
        -5.0,
        0.5,
        "profile.csv: line 2, column \"load\"",
        "loads.electricity_mw",
        "-5 at hour 0",
    );
}

#[test]
fn capacity_factor_above_one() {
    assert_names(
        VALID,
        100.0,
        1.5,
        "profile.csv: line 2, column \"pv\"",
        "resources.pv_cf",
        "1.5 at hour 0",
    );
}

#[test]
fn negative_land_cap() {
    assert_names(
        &VALID.replace("max_mw: 100", "max_mw: -1"),
        100.0,
        0.5,
        "",
        "build.pv.max_mw",
        "-1",
    );
}

#[test]
fn pv_without_a_profile() {
    let yaml = VALID.replace("  pv_cf: { file: profile.csv, column: pv }\n", "");
    assert_names(&yaml, 100.0, 0.5, "", "resources.pv_cf", "(missing)");
}

#[test]
fn round_trip_efficiency_above_one() {
    let yaml = format!("{VALID}catalogue:\n  battery: {{ round_trip_eff: 1.3 }}\n");
    assert_names(
        &yaml,
        100.0,
        0.5,
        "",
        "catalogue.battery.round_trip_eff",
        "1.3",
    );
}

#[test]
fn duration_bounds_out_of_order() {
    let yaml =
        format!("{VALID}catalogue:\n  battery: {{ min_duration_h: 9, max_duration_h: 2 }}\n");
    assert_names(
        &yaml,
        100.0,
        0.5,
        "",
        "catalogue.battery.min_duration_h",
        "9",
    );
}

#[test]
fn catalogue_override_of_a_field_that_does_not_exist() {
    let yaml = format!("{VALID}catalogue:\n  pv: {{ capx_rmb_per_kw: 2600 }}\n");
    assert_names(
        &yaml,
        100.0,
        0.5,
        "",
        "catalogue.pv.capx_rmb_per_kw",
        "2600",
    );
}

#[test]
fn unknown_grid_factor_lists_the_known_ones() {
    let yaml = VALID.replace("grid_factor: north-china-2023", "grid_factor: mars-2023");
    assert_names(&yaml, 100.0, 0.5, "", "rules.grid_factor", "mars-2023");
    let (_, messages) = problems(&yaml, 100.0, 0.5);
    assert!(messages[0].contains("east-china-2023"));
}

#[test]
fn tariff_in_two_forms_at_once() {
    let yaml = VALID.replace(
        "import_tariff: { flat_rmb_per_kwh: 0.5 }",
        "import_tariff: { flat_rmb_per_kwh: 0.5, hourly: { file: profile.csv, column: load } }",
    );
    assert_names(
        &yaml,
        100.0,
        0.5,
        "",
        "grid.import_tariff",
        "flat_rmb_per_kwh, hourly",
    );
}

#[test]
fn tou_hours_left_unassigned() {
    let yaml = VALID.replace(
        "import_tariff: { flat_rmb_per_kwh: 0.5 }",
        "import_tariff: { tou: { prices_rmb_per_kwh: { valley: 0.2, peak: 0.8 }, seasons: [ { months: [1,2,3,4,5,6,7,8,9,10,11,12], hours: { valley: '0-7', peak: '9-23' } } ] } }",
    );
    assert_names(
        &yaml,
        100.0,
        0.5,
        "",
        "grid.import_tariff.tou.seasons[0].hours",
        "hours 8 unassigned",
    );
}

#[test]
fn export_share_above_one() {
    let yaml = VALID.replace(
        "tariff: { flat_rmb_per_kwh: 0.3 } }",
        "tariff: { flat_rmb_per_kwh: 0.3 }, max_share_of_output: 1.4 }",
    );
    assert_names(
        &yaml,
        100.0,
        0.5,
        "",
        "grid.export.max_share_of_output",
        "1.4",
    );
}

#[test]
fn demand_charge_in_both_forms() {
    let yaml = VALID.replace(
        "  import_cap_mw: 200\n",
        "  import_cap_mw: 200\n  demand_charge: { max_demand_rmb_per_kw_month: 20, contracted_rmb_per_kw_month: 15 }\n",
    );
    assert_names(
        &yaml,
        100.0,
        0.5,
        "",
        "grid.demand_charge",
        "max_demand Some(20.0)",
    );
}

#[test]
fn clean_share_target_above_one() {
    let yaml = format!("{}  clean_share: {{ target: 1.2 }}\n", VALID);
    assert_names(&yaml, 100.0, 0.5, "", "rules.clean_share.target", "1.2");
}

#[test]
fn every_problem_is_reported_at_once() {
    let yaml = VALID
        .replace("max_mw: 100", "max_mw: -1")
        .replace("grid_factor: north-china-2023", "grid_factor: mars")
        .replace("import_cap_mw: 200", "import_cap_mw: -3");
    let (_, messages) = problems(&yaml, -1.0, 0.5);
    let all = messages.join("\n");
    for field in [
        "build.pv.max_mw",
        "rules.grid_factor",
        "grid.import_cap_mw",
        "loads.electricity_mw",
    ] {
        assert!(all.contains(field), "{field} missing from:\n{all}");
    }
}

/// Malformed fields (text for a number, an unknown field, a list for a number, an unknown
/// option) in three sections are all listed, not only the first that serde stops at; the
/// first has its line, each names its field and what it holds.
#[test]
fn every_malformed_field_is_reported_at_once() {
    let yaml = VALID
        .replace(
            "import_cap_mw: 200",
            "import_cap_mw: lots\n  import_capp: 3",
        )
        .replace("pv: { max_mw: 100 }", "pv: { max_mw: [100] }")
        .replace(
            "horizon: { start_hour: 0, hours: 24 }",
            "horizon: { start_hour: 0, hours: 24, aggregation: { method: zz } }",
        );
    let (path, messages) = problems(&yaml, 100.0, 0.5);
    let all = messages.join("\n");
    let expected = [
        format!("{path} (line 2, column "),
        "horizon.aggregation.method: must be one of `hierarchical` or `kmedoids`, got `zz`".into(),
        format!("{path}: grid.import_cap_mw: must be a number, got string \"lots\""),
        format!("{path}: grid.import_capp: must be a known field"),
        format!("{path}: build.pv.max_mw: must be a number, got sequence"),
    ];
    for text in &expected {
        assert!(all.contains(text.as_str()), "{text} missing from:\n{all}");
    }
    assert_eq!(messages.len(), 4, "{all}");
}

/// A field left empty reads "got nothing (an empty value)" (serde's "unit value" was
/// shown); a catalogue file that cannot be read is named as the scenario's
/// `catalogue_file`, with the path tried (it was an error naming only that path).
#[test]
fn an_empty_value_and_a_missing_catalogue_file_are_said_in_words() {
    let yaml = VALID.replace("import_cap_mw: 200", "import_cap_mw:");
    let (path, messages) = problems(&yaml, 100.0, 0.5);
    let all = messages.join("\n");
    assert!(
        all.contains(&path)
            && all.contains("grid.import_cap_mw: must be a number, got nothing (an empty value)"),
        "{all}"
    );
    let yaml = format!("catalogue_file: nothere.yaml\n{VALID}");
    let (path, messages) = problems(&yaml, 100.0, 0.5);
    let all = messages.join("\n");
    assert!(
        all.contains(&format!(
            "{path}: catalogue_file: must be a readable catalogue YAML file, got \"nothere.yaml\""
        )),
        "{all}"
    );
    assert!(all.contains("nothere.yaml: No such file"), "{all}");
    // A number past every field's range is said once, by the field's own range (the check
    // every number gets, "within ±1e9", was said too).
    let yaml = VALID.replace(
        "grid_factor: north-china-2023",
        "grid_factor: north-china-2023\n  intensity_limit: 5000000000",
    );
    let (_, messages) = problems(&yaml, 100.0, 0.5);
    let about: Vec<&String> = messages
        .iter()
        .filter(|m| m.contains("rules.intensity_limit"))
        .collect();
    assert_eq!(about.len(), 1, "{messages:?}");
    assert!(about[0].contains("must be in [0, 10]"), "{messages:?}");
    // A number in quotes is said to be text (it read "must be a number …, got 0.5").
    let yaml = VALID.replace("grid_factor: north-china-2023", "grid_factor: \"0.5\"");
    let (_, messages) = problems(&yaml, 100.0, 0.5);
    let all = messages.join("\n");
    assert!(
        all.contains("rules.grid_factor: must be a number in t/MWh or one of:")
            && all.contains("got the text \"0.5\" (a number in quotes: write it without them)"),
        "{all}"
    );
}

/// With no `rules.grid_factor`, the grid factor is the 2023 national average, or the national
/// residual mix when the scenario buys green power or certificates, whose zero emissions are
/// claimed separately (formulation §4, "defaults": 0.5306 and 0.6096 t/MWh); a factor the
/// scenario names is kept either way.
#[test]
fn the_default_grid_factor_is_the_residual_mix_when_green_purchases_are_claimed() {
    let factor_of = |yaml: &str| {
        let f = fixture(yaml, &[("load", vec![100.0; 24]), ("pv", vec![0.5; 24])]);
        let loaded = scenario::load(&ScenarioSource::Disk(f.scenario.clone())).unwrap();
        let acc = &loaded.park.accounting;
        (acc.grid_factor_name.clone(), acc.grid_t_co2_per_mwh)
    };
    let plain = VALID.replace("  grid_factor: north-china-2023\n", "");
    assert_eq!(factor_of(&plain), ("national-2023".into(), 0.5306));
    // scenario.resolved.yaml states the factor in force, and plan.json where it came from.
    let f = fixture(&plain, &[("load", vec![100.0; 24]), ("pv", vec![0.5; 24])]);
    let loaded = scenario::load(&ScenarioSource::Disk(f.scenario.clone())).unwrap();
    let resolved = serde_yaml::to_string(&loaded.resolved.spec).unwrap();
    assert!(
        resolved.contains("grid_factor: national-2023"),
        "{resolved}"
    );
    assert_eq!(loaded.park.accounting.grid_factor_basis, "default");
    let certificates = plain.replace(
        "  export:",
        "  certificates: { price_rmb_per_mwh: 5, max_share_of_imports: 0.1 }\n  export:",
    );
    assert_eq!(
        factor_of(&certificates),
        ("national-residual-2023".into(), 0.6096)
    );
    let green = plain.replace(
        "  export:",
        "  green_power: { premium_rmb_per_kwh: 0.03, max_mwh_per_yr: 1000 }\n  export:",
    );
    assert_eq!(factor_of(&green).0, "national-residual-2023");
    let named = VALID.replace(
        "  export:",
        "  green_power: { premium_rmb_per_kwh: 0.03, max_mwh_per_yr: 1000 }\n  export:",
    );
    assert_eq!(factor_of(&named).0, "north-china-2023");
}
