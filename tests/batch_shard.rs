//! `--shard K/N` covers every run exactly once, the scheduler variables pick the shard, and
//! `zcpark merge` joins the shards (and reports duplicates, conflicts and missing runs).

mod batch_fixtures;

use batch_fixtures::*;
use std::collections::BTreeSet;

const SPEC: &str = "base: park.yaml\n\
                    variants: [{name: a}, {name: b, set: {loads.electricity_mw.scale: 2}}]\n\
                    sweep: {grid.import_tariff.flat_rmb_per_kwh: [0.3, 0.4, 0.5, 0.6]}\n";
const RUNS: usize = 8;
const SHARDS: usize = 3;

fn run_names(dir: &std::path::Path) -> BTreeSet<String> {
    std::fs::read_dir(dir.join("runs"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn shards_cover_every_run_once_and_merge_joins_them() {
    let park = Park::new(0.5);
    park.write("b.yaml", SPEC);
    let mut shards = Vec::new();
    for k in 0..SHARDS {
        let out = format!("out{k}");
        zcpark(park.dir.path())
            .args([
                "batch",
                "b.yaml",
                "--out",
                &out,
                "--shard",
                &format!("{k}/{SHARDS}"),
            ])
            .args(["--threads", "1", "--time-limit", "30"])
            .assert()
            .success();
        let names = run_names(&park.path(&out));
        let summary = Csv::read(&park.path(&format!("{out}/summary.shard-{k}-of-{SHARDS}.csv")));
        assert_eq!(summary.rows.len(), names.len());
        shards.push(names);
    }
    for i in 0..SHARDS {
        for j in i + 1..SHARDS {
            assert!(
                shards[i].is_disjoint(&shards[j]),
                "shards {i} and {j} overlap"
            );
        }
    }
    let all: BTreeSet<String> = shards.iter().flatten().cloned().collect();
    assert_eq!(all.len(), RUNS);
    assert_eq!(
        shards.iter().map(|s| s.len()).collect::<Vec<_>>(),
        [3, 3, 2]
    );

    // A shard's directory alone is no whole batch: `report` says to merge (it said "not a
    // zcpark output directory").
    let report = zcpark(park.dir.path())
        .args(["report", "out0"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&report.get_output().stderr).to_string();
    assert!(
        stderr.contains("holds the batch shard summary summary.shard-0-of-3.csv")
            && stderr.contains("zcpark merge"),
        "{stderr}"
    );

    // Merge: every run once, in run order, with the hand-worked costs.
    let merged = zcpark(park.dir.path())
        .args(["merge", "out0", "out1", "out2", "--out", "merged"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&merged.get_output().stdout).to_string();
    assert!(
        stdout.contains(&format!("merged {RUNS} runs (0 without a plan)")),
        "{stdout}"
    );
    let csv = Csv::read(&park.path("merged/summary.csv"));
    assert_eq!(csv.rows.len(), RUNS);
    for (i, (scale, price)) in [1.0, 2.0]
        .iter()
        .flat_map(|s| [0.3, 0.4, 0.5, 0.6].map(|p| (*s, p)))
        .enumerate()
    {
        assert_close(
            csv.number(i, "objective_rmb_per_yr"),
            scale * LOAD_MW * HOURS * price * 1000.0,
            1e-6,
            &format!("row {i}"),
        );
    }

    // A shard given twice is a duplicate, not a conflict.
    let again = zcpark(park.dir.path())
        .args(["merge", "out0", "out1", "out2", "out0", "--out", "merged2"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&again.get_output().stdout).to_string();
    assert_eq!(stdout.matches("duplicate: ").count(), 3, "{stdout}");
    assert_eq!(
        Csv::read(&park.path("merged2/summary.csv")).rows.len(),
        RUNS
    );

    // A missing shard is reported, exit 1.
    let partial = zcpark(park.dir.path())
        .args(["merge", "out0", "out1", "--out", "partial"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&partial.get_output().stdout).to_string();
    assert!(
        stdout.contains("2 of 8 runs missing (indexes 2, 5)"),
        "{stdout}"
    );

    // Two copies of a run that disagree are a conflict: nothing is written, exit 2.
    let name = shards[0].iter().next().unwrap().clone();
    let copy = park.path(&format!("other/runs/{name}"));
    std::fs::create_dir_all(&copy).unwrap();
    for file in ["run.json", "outcome.json"] {
        std::fs::copy(
            park.path(&format!("out0/runs/{name}/{file}")),
            copy.join(file),
        )
        .unwrap();
    }
    let mut plan: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(park.path(&format!("out0/runs/{name}/plan.json"))).unwrap(),
    )
    .unwrap();
    plan["objective_rmb_per_yr"] = serde_json::json!(1.0);
    std::fs::write(copy.join("plan.json"), plan.to_string()).unwrap();
    let conflict = zcpark(park.dir.path())
        .args(["merge", "out0", "other", "--out", "conflict"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&conflict.get_output().stderr).to_string();
    assert!(
        stderr.contains(&format!("run '{name}'")) && stderr.contains("conflict"),
        "{stderr}"
    );
    assert!(!park.path("conflict/summary.csv").exists());
}

#[test]
fn scheduler_variables_choose_the_shard() {
    let park = Park::new(0.5);
    park.write("b.yaml", SPEC);
    let listed = |envs: &[(&str, &str)], args: &[&str]| {
        let mut cmd = zcpark(park.dir.path());
        cmd.args(["batch", "b.yaml", "--out", "out", "--dry-run"])
            .args(args);
        for var in [
            "SLURM_ARRAY_TASK_ID",
            "SLURM_ARRAY_TASK_MIN",
            "SLURM_ARRAY_TASK_COUNT",
            "JOB_COMPLETION_INDEX",
            "ZCPARK_SHARD_COUNT",
        ] {
            cmd.env_remove(var);
        }
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let out = cmd.assert().success();
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        stdout
            .lines()
            .skip(1)
            .map(|l| {
                l.split_whitespace()
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            })
            .collect::<Vec<_>>()
    };
    // Slurm array 1-3: task 2 is shard 1/3.
    let slurm = [
        ("SLURM_ARRAY_TASK_ID", "2"),
        ("SLURM_ARRAY_TASK_MIN", "1"),
        ("SLURM_ARRAY_TASK_COUNT", "3"),
    ];
    assert_eq!(listed(&slurm, &[]), [1, 4, 7]);
    // Kubernetes Indexed Job: index 0 of 4.
    assert_eq!(
        listed(
            &[("JOB_COMPLETION_INDEX", "0"), ("ZCPARK_SHARD_COUNT", "4")],
            &[]
        ),
        [0, 4]
    );
    assert_eq!(
        listed(&[("JOB_COMPLETION_INDEX", "3")], &["--shard-count", "4"]),
        [3, 7]
    );
    // --shard wins over the environment.
    assert_eq!(listed(&slurm, &["--shard", "0/2"]), [0, 2, 4, 6]);
    assert_eq!(listed(&[], &[]), (0..RUNS).collect::<Vec<_>>());
    // Index without a count: an input error naming the variable.
    let out = zcpark(park.dir.path())
        .env("JOB_COMPLETION_INDEX", "1")
        .env_remove("ZCPARK_SHARD_COUNT")
        .env_remove("SLURM_ARRAY_TASK_ID")
        .args(["batch", "b.yaml", "--out", "out"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("ZCPARK_SHARD_COUNT"), "{stderr}");
}
