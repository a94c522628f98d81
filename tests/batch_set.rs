//! `zcpark plan --set` and `zcpark validate --set`.

mod batch_fixtures;

use batch_fixtures::*;

#[test]
fn plan_applies_set_overrides() {
    let park = Park::new(0.5);
    let out = zcpark(park.dir.path())
        .args([
            "plan",
            "park.yaml",
            "--format",
            "json",
            "--threads",
            "1",
            "--time-limit",
            "30",
        ])
        .args(["--set", "grid.import_tariff.flat_rmb_per_kwh=0.4"])
        .args(["--set", "loads.electricity_mw.scale=2"])
        .assert()
        .success();
    let plan: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_close(
        plan["objective_rmb_per_yr"].as_f64().unwrap(),
        2.0 * LOAD_MW * HOURS * 400.0,
        1e-6,
        "cost",
    );
}

#[test]
fn validate_names_the_bad_path_and_value() {
    let park = Park::new(0.5);
    let out = zcpark(park.dir.path())
        .args(["validate", "park.yaml", "--set", "grid.import_cap_mw.x=1"])
        .args(["--set", "horizon.hours=0"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("--set: grid.import_cap_mw.x: must be a path through mappings"),
        "{stderr}"
    );
    assert!(stderr.contains("got 1"), "{stderr}");
    let out = zcpark(park.dir.path())
        .args(["validate", "park.yaml", "--set", "horizon.hours=0"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("horizon"), "{stderr}");
    zcpark(park.dir.path())
        .args(["validate", "park.yaml", "--set", "no-equals-sign"])
        .assert()
        .code(2);
    // A value of the wrong type, or an unknown key, is named by its field path; a value the
    // override set is the override's.
    let out = zcpark(park.dir.path())
        .args(["validate", "park.yaml", "--set", "grid.import_cap_mw=abc"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains(
            "park.yaml (set by --set grid.import_cap_mw=abc): grid.import_cap_mw: must be \
             a number, got string \"abc\""
        ),
        "{stderr}"
    );
    let out = zcpark(park.dir.path())
        .args(["validate", "park.yaml", "--set", "grid.foo=1"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("park.yaml (set by --set grid.foo=1): grid.foo: must be a known field (one of `import_cap_mw`"), "{stderr}");
    assert!(stderr.contains("got unknown field `foo`"), "{stderr}");
}

/// `batch --typical-days N` is N added to the spec's `set`: aggregation options in `set` are
/// valid with it (they were refused, "must be absent unless horizon.typical_days is set",
/// because the days were added after `set` was checked), and every run carries N once.
#[test]
fn batch_typical_days_join_the_spec_set() {
    let park = Park::new(0.5);
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/models/ordos.yaml");
    park.write(
        "b.yaml",
        &format!(
            "base: {base}\n\
             set: {{horizon.aggregation.full_year_check: false}}\n\
             variants: [{{name: a}}, {{name: b, set: {{horizon.aggregation.storage_linking: cyclic_per_day}}}}]\n"
        ),
    );
    let out = zcpark(park.dir.path())
        .args([
            "batch",
            "b.yaml",
            "--typical-days",
            "12",
            "--out",
            "o",
            "--dry-run",
        ])
        .assert()
        .success();
    let listed = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let runs: Vec<&str> = listed.lines().skip(1).collect();
    assert_eq!(runs.len(), 2, "{listed}");
    for run in runs {
        assert_eq!(
            run.matches("horizon.typical_days=12").count(),
            1,
            "{listed}"
        );
    }
}
