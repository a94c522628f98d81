//! Reproducible runs: the same scenario with `--threads 1` gives byte-identical outputs apart
//! from timing fields; plan.json traces the result to the program, the solver and each input
//! file; a sharded batch merged equals the batch run on one machine.

mod batch_fixtures;

use batch_fixtures::*;
use std::path::Path;

/// plan.json with every timing field (a key containing `seconds`) removed.
fn without_timings(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|k, _| !k.contains("seconds"));
            map.values_mut().for_each(without_timings);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_timings),
        _ => {}
    }
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Two runs of the shipped example (a two-day cut: whole turbines, hourly direction binaries,
/// the electrolysers and the hydrogen store, so every solve phase is used) with one thread.
#[test]
fn two_runs_with_one_thread_write_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ordos.yaml");
    for run in ["a", "b"] {
        zcpark(dir.path())
            .arg("plan")
            .arg(&example)
            .args([
                "--set",
                "horizon.start_hour=4032",
                "--set",
                "horizon.hours=48",
            ])
            .args(["--threads", "1", "--out", run])
            .assert()
            .success();
    }
    let a = std::fs::read(dir.path().join("a/dispatch.csv")).unwrap();
    let b = std::fs::read(dir.path().join("b/dispatch.csv")).unwrap();
    assert!(a == b, "dispatch.csv differs between the two runs");
    let (mut a, mut b) = (
        read_json(&dir.path().join("a/plan.json")),
        read_json(&dir.path().join("b/plan.json")),
    );
    let provenance = a["provenance"].clone();
    without_timings(&mut a);
    without_timings(&mut b);
    assert_eq!(a, b);

    // The provenance names the versions and hashes every input file as on disk.
    assert_eq!(provenance["zcpark_version"], env!("CARGO_PKG_VERSION"));
    assert!(provenance["highs_version"]
        .as_str()
        .unwrap()
        .starts_with("1."));
    let inputs = provenance["inputs"].as_array().unwrap();
    let roles: Vec<&str> = inputs.iter().map(|f| f["role"].as_str().unwrap()).collect();
    for role in [
        "scenario",
        "loads.electricity_mw.file",
        "resources.pv_cf.file",
        "resources.wind_cf.file",
    ] {
        assert!(roles.contains(&role), "{role} missing from {roles:?}");
    }
    for file in inputs {
        let path = file["path"].as_str().unwrap();
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(
            file["bytes"].as_u64().unwrap() as usize,
            bytes.len(),
            "{path}"
        );
        assert_eq!(
            file["sha256"].as_str().unwrap(),
            zcpark::scenario::provenance::sha256_hex(&bytes),
            "{path}"
        );
    }
}

/// The same batch run on one machine and as three shards merged: the same summary to the
/// byte, apart from the timing column and `dir` (where each run's outputs are).
#[test]
fn a_sharded_batch_merged_equals_the_batch() {
    let park = Park::new(0.5);
    park.write(
        "b.yaml",
        "base: park.yaml\n\
         variants: [{name: a}, {name: b, set: {loads.electricity_mw.scale: 2}}]\n\
         sweep: {grid.import_tariff.flat_rmb_per_kwh: [0.3, 0.4, 0.5]}\n",
    );
    let common = ["--threads", "1", "--jobs", "1", "--time-limit", "30"];
    zcpark(park.dir.path())
        .args(["batch", "b.yaml", "--out", "whole"])
        .args(common)
        .assert()
        .success();
    let mut dirs = Vec::new();
    for k in 0..3 {
        let out = format!("shard{k}");
        zcpark(park.dir.path())
            .args([
                "batch",
                "b.yaml",
                "--out",
                &out,
                "--shard",
                &format!("{k}/3"),
            ])
            .args(common)
            .assert()
            .success();
        dirs.push(out);
    }
    zcpark(park.dir.path())
        .arg("merge")
        .args(&dirs)
        .args(["--out", "merged"])
        .assert()
        .success();
    let strip = |path: &str| -> Vec<Vec<String>> {
        let csv = Csv::read(&park.path(path));
        let keep: Vec<usize> = (0..csv.header.len())
            .filter(|i| !csv.header[*i].contains("seconds") && csv.header[*i] != "dir")
            .collect();
        std::iter::once(&csv.header)
            .chain(&csv.rows)
            .map(|row| keep.iter().map(|i| row[*i].clone()).collect())
            .collect()
    };
    let whole = strip("whole/summary.csv");
    assert_eq!(whole.len(), 7, "header and six runs");
    assert_eq!(whole, strip("merged/summary.csv"));
}
