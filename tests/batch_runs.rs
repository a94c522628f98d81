//! `zcpark batch` on tiny parks with hand-worked optima: summary rows, a variant rejected
//! before anything runs, and an infeasible variant recorded while the batch goes on.

mod batch_fixtures;

use batch_fixtures::*;

const SOLVE: [&str; 4] = ["--threads", "1", "--time-limit", "30"];

#[test]
fn summary_rows_match_hand_worked_costs_and_capacities() {
    // PV on a flat profile (cf 0.5): when it is cheaper than the grid, 20 MW of it serves the
    // 10 MW load in every hour; otherwise nothing is built and the grid serves it all.
    let park = Park::with_pv(0.5, "flat", 1000.0);
    park.write(
        "b.yaml",
        "base: park.yaml\n\
         variants:\n  - name: grid\n  - name: cheaper\n    set: {grid.import_tariff.flat_rmb_per_kwh: 0.4}\n\
         sweep:\n  catalogue.pv.capex_rmb_per_kw: [1000, 200000]\n",
    );
    let out = zcpark(park.dir.path())
        .args(["batch", "b.yaml", "--out", "out", "--jobs", "2"])
        .args(SOLVE)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout.contains("4 runs (0 done before), 4 ok, 0 failed"),
        "{stdout}"
    );

    let csv = Csv::read(&park.path("out/summary.csv"));
    assert_eq!(csv.rows.len(), 4);
    let runs: Vec<&str> = csv.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        runs,
        [
            "grid__capex_rmb_per_kw=1000",
            "grid__capex_rmb_per_kw=200000",
            "cheaper__capex_rmb_per_kw=1000",
            "cheaper__capex_rmb_per_kw=200000"
        ]
    );
    for (variant, price) in [("grid", 0.5), ("cheaper", 0.4)] {
        let cheap = csv.row_where("run", &format!("{variant}__capex_rmb_per_kw=1000"));
        assert_eq!(csv.cell(cheap, "variant"), variant);
        assert_eq!(csv.cell(cheap, "catalogue.pv.capex_rmb_per_kw"), "1000");
        assert_eq!(csv.cell(cheap, "status"), "optimal");
        assert_eq!(csv.cell(cheap, "ok"), "true");
        assert_close(csv.number(cheap, "pv_mw"), 20.0, 1e-6, "PV built");
        assert_close(
            csv.number(cheap, "objective_rmb_per_yr"),
            20.0 * pv_annual_rmb_per_mw(1000.0),
            1e-6,
            "cost with PV",
        );
        assert_close(
            csv.number(cheap, "emissions_t"),
            0.0,
            1e-6,
            "emissions with PV",
        );

        let dear = csv.row_where("run", &format!("{variant}__capex_rmb_per_kw=200000"));
        let grid_mwh = LOAD_MW * HOURS;
        assert_close(csv.number(dear, "pv_mw"), 0.0, 1e-9, "no PV");
        assert_close(
            csv.number(dear, "objective_rmb_per_yr"),
            grid_mwh * price * 1000.0,
            1e-6,
            "grid-only cost",
        );
        assert_close(
            csv.number(dear, "emissions_t"),
            grid_mwh * GRID_T_PER_MWH,
            1e-6,
            "grid-only emissions",
        );
        assert_close(
            csv.number(dear, "intensity_t_per_tce"),
            GRID_T_PER_MWH / TCE_PER_MWH,
            1e-6,
            "intensity",
        );
        assert_close(
            csv.number(dear, "baseline_objective_rmb_per_yr"),
            grid_mwh * price * 1000.0,
            1e-6,
            "baseline cost",
        );
        for timing in ["solve_seconds", "wall_seconds"] {
            assert!(csv.number(dear, timing) >= 0.0);
        }
        assert!(csv
            .cell(dear, "overrides")
            .contains("catalogue.pv.capex_rmb_per_kw=200000"));
    }
    for run in runs {
        let dir = park.path(&format!("out/runs/{run}"));
        for file in [
            "plan.json",
            "run.json",
            "outcome.json",
            "dispatch.csv",
            "scenario.resolved.yaml",
        ] {
            assert!(dir.join(file).exists(), "{run}/{file}");
        }
    }
}

#[test]
fn bad_overrides_are_all_reported_before_anything_runs() {
    let park = Park::new(0.5);
    park.write(
        "b.yaml",
        "base: park.yaml\n\
         variants:\n\
         \x20 - name: fine\n\
         \x20 - name: typo\n    set: {rules.electricty_tce_basis: calorific}\n\
         \x20 - name: through-a-number\n    set: {grid.import_cap_mw.limit: 5}\n\
         \x20 - name: bad-basis\n    set: {rules.electricity_tce_basis: calorifc}\n\
         sweep:\n  horizon.hours: [24, 99999]\n",
    );
    let out = zcpark(park.dir.path())
        .args(["batch", "b.yaml", "--out", "out"])
        .args(SOLVE)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    for needle in [
        // spec file, variant, path and value in each message
        "b.yaml: variant 'typo' (with rules.electricty_tce_basis=calorific)",
        "electricty_tce_basis",
        "b.yaml: variant 'through-a-number': grid.import_cap_mw.limit: must be a path through \
         mappings, but the part before `limit` holds 50, got 5",
        "b.yaml: variant 'bad-basis' (with rules.electricity_tce_basis=calorifc)",
        "calorifc",
        "b.yaml: sweep (with horizon.hours=99999)",
        "start_hour 0 + hours 99999",
    ] {
        assert!(stderr.contains(needle), "{needle:?} not in:\n{stderr}");
    }
    assert!(!stderr.contains("variant 'fine'"), "{stderr}");
    assert!(!park.path("out").exists(), "nothing may run or be written");

    // A bad value in the common `set` is said once, and the variants' own problems are
    // listed with it (they were held back until the common set was clean), as is a problem
    // of the spec itself (a sweep with no values; it held back everything else).
    park.write(
        "c.yaml",
        "base: park.yaml\n\
         set: {horizon.hourz: 24}\n\
         variants:\n\
         \x20 - name: fine\n\
         \x20 - name: typo\n    set: {rules.electricty_tce_basis: calorific}\n\
         sweep:\n  grid.import_cap_mw: []\n",
    );
    let out = zcpark(park.dir.path())
        .args(["batch", "c.yaml", "--out", "out"])
        .args(SOLVE)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert_eq!(
        stderr.lines().filter(|l| l.contains("hourz")).count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("c.yaml: set"), "{stderr}");
    assert!(
        stderr.contains("c.yaml: sweep: grid.import_cap_mw: must be a non-empty list of values"),
        "{stderr}"
    );
    assert!(
        stderr.contains("c.yaml: variant 'typo' (with rules.electricty_tce_basis=calorific)"),
        "{stderr}"
    );
    assert!(!stderr.contains("variant 'fine'"), "{stderr}");
    assert!(!park.path("out").exists(), "nothing may run or be written");

    // A common `set` entry whose key is not a path is a problem, not a crash (the runs
    // leave it out, and the layers were counted from the spec's own length: exit 101).
    park.write(
        "d.yaml",
        "base: park.yaml\n\
         set: {1: 2, horizon.hours: 24}\n\
         variants:\n\
         \x20 - name: a\n    set: {rules.grid_factor: 0.6}\n\
         \x20 - name: b\n",
    );
    let out = zcpark(park.dir.path())
        .args(["batch", "d.yaml", "--out", "out"])
        .args(SOLVE)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("d.yaml: set: 1: must be a dotted path written as text, got 2"),
        "{stderr}"
    );
}

#[test]
fn an_infeasible_variant_is_recorded_and_the_batch_goes_on() {
    let park = Park::new(0.5);
    park.write(
        "b.yaml",
        "base: park.yaml\n\
         variants:\n  - name: strict\n    set: {rules.intensity_limit: 0}\n  - name: ok\n",
    );
    let out = zcpark(park.dir.path())
        .args(["batch", "b.yaml", "--out", "out", "--jobs", "1"])
        .args(SOLVE)
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("1 ok, 1 failed"), "{stdout}");
    assert!(
        stdout.contains("failed: strict: infeasible: carbon-intensity"),
        "{stdout}"
    );

    let csv = Csv::read(&park.path("out/summary.csv"));
    assert_eq!(csv.rows.len(), 2);
    let strict = csv.row_where("run", "strict");
    assert_eq!(csv.cell(strict, "status"), "infeasible");
    assert_eq!(csv.cell(strict, "ok"), "false");
    assert_eq!(csv.cell(strict, "objective_rmb_per_yr"), "");
    assert!(csv
        .cell(strict, "reason")
        .contains("1.667 t/tce is the lowest reachable"));
    let ok = csv.row_where("run", "ok");
    assert_eq!(csv.cell(ok, "status"), "optimal");
    assert_close(
        csv.number(ok, "objective_rmb_per_yr"),
        LOAD_MW * HOURS * 500.0,
        1e-6,
        "grid-only cost",
    );
}

/// Variants whose names make the same directory name are said once, with how many runs and
/// which variants (it said "got 'a_b' twice" twice for three).
#[test]
fn runs_that_share_a_directory_name_are_named_once() {
    let park = Park::new(0.5);
    park.write(
        "b.yaml",
        "base: park.yaml\nvariants:\n  - name: a/b\n  - name: a_b\n  - name: a b\n",
    );
    let out = zcpark(park.dir.path())
        .args(["batch", "b.yaml", "--out", "out"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert_eq!(
        stderr.matches("distinct directory name").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("got 'a_b' for 3 runs (variants 'a/b', 'a_b', 'a b';"),
        "{stderr}"
    );
    assert!(!park.path("out").exists(), "nothing written");
}
