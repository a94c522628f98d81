//! A batch killed with SIGKILL in the middle loses no finished run, leaves nothing that
//! `--resume` would trust wrongly, and `--resume` finishes it without recomputing.

mod batch_fixtures;

use batch_fixtures::*;
use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

const RUNS: usize = 30;

/// Run directories whose plan.json is present, with its modification time; every plan.json
/// present must parse (a half-written one would be a bug).
fn complete_runs(out: &Path) -> BTreeMap<String, SystemTime> {
    let mut found = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(out.join("runs")) else {
        return found;
    };
    for entry in entries.flatten() {
        let plan = entry.path().join("plan.json");
        if let Ok(meta) = std::fs::metadata(&plan) {
            let text = std::fs::read_to_string(&plan).unwrap();
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{}: half-written? {e}", plan.display()));
            found.insert(
                entry.file_name().to_string_lossy().into_owned(),
                meta.modified().unwrap(),
            );
        }
    }
    found
}

#[test]
fn killed_batch_resumes_without_recomputing_finished_runs() {
    let park = Park::new(0.5);
    let prices: Vec<String> = (0..RUNS)
        .map(|i| format!("{:.2}", 0.30 + 0.01 * i as f64))
        .collect();
    park.write(
        "b.yaml",
        &format!(
            "base: park.yaml\nsweep:\n  grid.import_tariff.flat_rmb_per_kwh: [{}]\n",
            prices.join(", ")
        ),
    );
    let out = park.path("out");
    // The summary of an earlier batch into the same directory: the killed batch must not
    // leave it, since its rows would contradict the runs solved since.
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("summary.csv"), "run,status\nold,optimal\n").unwrap();
    std::fs::write(out.join("report.html"), "old").unwrap();
    let exe = assert_cmd::cargo::cargo_bin("zcpark");
    let mut child = std::process::Command::new(&exe)
        .current_dir(park.dir.path())
        .args([
            "batch",
            "b.yaml",
            "--out",
            "out",
            "--jobs",
            "1",
            "--threads",
            "1",
            "--time-limit",
            "30",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while complete_runs(&out).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no run finished"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // SIGKILL to the batch and its running child (the whole process group, as a scheduler
    // cancelling the job would).
    let status = std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status()
        .unwrap();
    assert!(status.success());
    child.wait().unwrap();

    let before = complete_runs(&out);
    assert!(!before.is_empty());
    assert!(
        before.len() < RUNS,
        "the batch finished before it could be killed; make the runs slower"
    );
    assert!(!out.join("summary.csv").exists());
    assert!(!out.join("report.html").exists());

    std::thread::sleep(Duration::from_millis(20));
    let resumed = zcpark(park.dir.path())
        .args([
            "batch",
            "b.yaml",
            "--out",
            "out",
            "--resume",
            "--jobs",
            "2",
            "--threads",
            "1",
            "--time-limit",
            "30",
        ])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&resumed.get_output().stdout).to_string();
    assert!(
        stdout.contains(&format!("{RUNS} runs ({} done before)", before.len())),
        "{stdout}"
    );

    let after = complete_runs(&out);
    assert_eq!(after.len(), RUNS, "every run complete after --resume");
    for (run, modified) in &before {
        assert_eq!(after[run], *modified, "{run} was recomputed");
    }
    let csv = Csv::read(&out.join("summary.csv"));
    assert_eq!(csv.rows.len(), RUNS);
    for (i, price) in prices.iter().enumerate() {
        assert_eq!(csv.cell(i, "status"), "optimal");
        let price: f64 = price.parse().unwrap();
        assert_close(
            csv.number(i, "objective_rmb_per_yr"),
            LOAD_MW * HOURS * price * 1000.0,
            1e-6,
            "cost",
        );
    }
    // No temporary file of an interrupted atomic write is left behind.
    for entry in std::fs::read_dir(out.join("runs")).unwrap().flatten() {
        for file in std::fs::read_dir(entry.path()).unwrap().flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            assert!(!name.contains(".tmp-"), "{}", file.path().display());
        }
    }
}

/// `--resume` after the base's load series was edited runs every run again, and the summary
/// gives the new cost (grid only: load × 8,760 h × price); untouched, it runs none.
/// (It kept the runs of the old series: a wrong sweep that looked finished.)
#[test]
fn resume_runs_again_what_an_edited_input_changed() {
    let park = Park::new(0.5);
    park.write(
        "b.yaml",
        "base: park.yaml\nsweep:\n  grid.import_tariff.flat_rmb_per_kwh: [0.4, 0.6]\n",
    );
    let batch = |park: &Park| {
        let run = zcpark(park.dir.path())
            .args(["batch", "b.yaml", "--out", "out", "--resume"])
            .args(["--jobs", "1", "--threads", "1", "--time-limit", "30"])
            .assert()
            .success();
        String::from_utf8_lossy(&run.get_output().stdout).to_string()
    };
    assert!(batch(&park).contains("2 runs (0 done before)"));
    assert!(batch(&park).contains("2 runs (2 done before)"));
    let mut load = String::from("hour,load_mw\n");
    for h in 0..8760 {
        load.push_str(&format!("{h},20\n"));
    }
    park.write("load.csv", &load);
    let stdout = batch(&park);
    assert!(stdout.contains("2 runs (0 done before)"), "{stdout}");
    let csv = Csv::read(&park.path("out/summary.csv"));
    for (i, price) in [0.4, 0.6].into_iter().enumerate() {
        assert_close(
            csv.number(i, "objective_rmb_per_yr"),
            20.0 * HOURS * price * 1000.0,
            1e-6,
            "cost with the new load",
        );
    }
    assert!(batch(&park).contains("2 runs (2 done before)"));
    // Another time limit is another run: a run that found nothing in 0.5 s was kept when
    // resumed with 120 s.
    let run = zcpark(park.dir.path())
        .args(["batch", "b.yaml", "--out", "out", "--resume"])
        .args(["--jobs", "1", "--threads", "1", "--time-limit", "31"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    assert!(stdout.contains("2 runs (0 done before)"), "{stdout}");
}

/// The `zcpark plan` children running under `out`, by pid and run directory (from /proc).
fn children_under(out: &Path) -> Vec<(u32, std::path::PathBuf)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let args: Vec<String> = cmdline
            .split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if args.get(1).map(String::as_str) != Some("plan") {
            continue;
        }
        if let Some(i) = args.iter().position(|a| a == "--out") {
            let dir = std::path::PathBuf::from(&args[i + 1]);
            if dir.starts_with(out) {
                found.push((pid, dir));
            }
        }
    }
    found
}

/// A batch killed by SIGKILL alone (not its process group) takes its running solve with it:
/// the child gets SIGTERM and never writes its plan.json (the full-year run takes about a
/// second; orphaned, it finished beside the `--resume` that started it again).
#[test]
fn a_killed_batch_leaves_no_solve_running() {
    let park = slower_park(3);
    let out = park.path("out");
    let mut batch = std::process::Command::new(assert_cmd::cargo::cargo_bin("zcpark"))
        .current_dir(park.dir.path())
        .args(["batch", "b.yaml", "--out"])
        .arg(&out)
        .args(["--jobs", "1", "--threads", "1"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let running = loop {
        if let Some(child) = children_under(&out).pop() {
            break child;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no child started"
        );
        std::thread::sleep(Duration::from_millis(2));
    };
    batch.kill().unwrap();
    batch.wait().unwrap();
    let gone = Instant::now();
    while children_under(&out)
        .iter()
        .any(|(pid, _)| *pid == running.0)
    {
        assert!(
            gone.elapsed() < Duration::from_secs(10),
            "the child {} outlived the batch",
            running.0
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        !running.1.join("plan.json").exists(),
        "{} finished after its batch was killed",
        running.1.display()
    );
}

/// A full-year park with PV and a battery (about a second a run), swept over `runs` prices.
fn slower_park(runs: usize) -> Park {
    let park = Park::new(0.5);
    let mut day = String::from("hour,pv_cf\n");
    for h in 0..8760 {
        let cf = if (8..16).contains(&(h % 24)) {
            1.0
        } else {
            0.0
        };
        day.push_str(&format!("{h},{cf}\n"));
    }
    park.write("day.csv", &day);
    let text = std::fs::read_to_string(park.path("park.yaml"))
        .unwrap()
        .replace("hours: 24", "hours: 8760")
        + "resources: {pv_cf: {file: day.csv, column: pv_cf}}\n\
           build: {pv: {max_mw: 100}, battery: {max_mwh: 500}}\n";
    park.write("park.yaml", &text);
    let prices: Vec<String> = (0..runs)
        .map(|i| format!("{:.2}", 0.40 + 0.01 * i as f64))
        .collect();
    park.write(
        "b.yaml",
        &format!(
            "base: park.yaml\nsweep:\n  grid.import_tariff.flat_rmb_per_kwh: [{}]\n",
            prices.join(", ")
        ),
    );
    park
}

/// Ctrl-C (SIGINT to the batch's process group, as a terminal sends it) or SIGTERM to the
/// batch alone (as a scheduler cancelling a job does) stops a batch cleanly: it exits 130,
/// no solve is left running, the summary lists the finished runs with their plans and every
/// other run as `not_run`, the message says how to go on, and `--resume` finishes the
/// batch without solving the finished runs again. (Before, the batch died with nothing
/// printed and no summary, and with SIGTERM its running solve went on.)
#[test]
fn a_stopped_batch_writes_its_summary_and_says_how_to_go_on() {
    const RUNS: usize = 6;
    for (signal, group) in [("-INT", true), ("-TERM", false)] {
        let park = slower_park(RUNS);
        let out = park.path("out");
        let stderr = std::fs::File::create(park.path("stderr.txt")).unwrap();
        let mut batch = std::process::Command::new(assert_cmd::cargo::cargo_bin("zcpark"))
            .current_dir(park.dir.path())
            .args(["batch", "b.yaml", "--out"])
            .arg(&out)
            .args(["--jobs", "1", "--threads", "1"])
            .stdout(std::process::Stdio::null())
            .stderr(stderr)
            .process_group(0)
            .spawn()
            .unwrap();
        let started = Instant::now();
        while complete_runs(&out).is_empty() || children_under(&out).is_empty() {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "{signal}: no run finished with another running"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        let target = if group {
            format!("-{}", batch.id())
        } else {
            batch.id().to_string()
        };
        let running = children_under(&out);
        let sent_at = SystemTime::now();
        let sent = std::process::Command::new("kill")
            .args([signal, "--", &target])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = batch.wait().unwrap();
        assert_eq!(status.code(), Some(130), "{signal}: {status:?}");
        assert!(
            children_under(&out).is_empty(),
            "{signal}: a solve outlived the stopped batch"
        );

        let done = complete_runs(&out);
        // The solve running at the signal was ended, not left to finish.
        for (_, dir) in &running {
            let run = dir.file_name().unwrap().to_string_lossy().into_owned();
            if let Some(modified) = done.get(&run) {
                assert!(
                    *modified < sent_at,
                    "{signal}: {run} finished after the stop"
                );
            }
        }
        assert!(
            done.len() < RUNS,
            "{signal}: the batch finished before it could be stopped; make the runs slower"
        );
        let csv = Csv::read(&out.join("summary.csv"));
        assert_eq!(csv.rows.len(), RUNS, "{signal}");
        for i in 0..RUNS {
            let run = csv.cell(i, "run");
            let expected = if done.contains_key(run) {
                "optimal"
            } else {
                "not_run"
            };
            assert_eq!(csv.cell(i, "status"), expected, "{signal}: {run}");
        }
        let message = std::fs::read_to_string(park.path("stderr.txt")).unwrap();
        assert!(
            message.contains(&format!(
                "interrupted: {} of {RUNS} runs not finished",
                RUNS - done.len()
            )) && message.contains("--resume"),
            "{signal}: {message}"
        );

        let resumed = zcpark(park.dir.path())
            .args(["batch", "b.yaml", "--out"])
            .arg(&out)
            .args(["--resume", "--jobs", "2", "--threads", "1"])
            .assert()
            .success();
        let stdout = String::from_utf8_lossy(&resumed.get_output().stdout).to_string();
        assert!(
            stdout.contains(&format!("{RUNS} runs ({} done before)", done.len())),
            "{signal}: {stdout}"
        );
        let after = complete_runs(&out);
        assert_eq!(after.len(), RUNS, "{signal}");
        for (run, modified) in &done {
            assert_eq!(after[run], *modified, "{signal}: {run} was solved again");
        }
    }
}

/// A batch run again without `--resume` and stopped half-way leaves no plan of the earlier
/// batch: every `plan.json` left was written by the stopped batch (the others were removed
/// when it started), so a later `--resume` cannot take an earlier batch's plan as this one's.
/// (It kept them, and `--resume` reported them as done.)
#[test]
fn a_batch_run_again_and_stopped_leaves_no_earlier_plan() {
    const RUNS: usize = 30;
    let park = Park::new(0.5);
    let prices: Vec<String> = (0..RUNS)
        .map(|i| format!("{:.2}", 0.30 + 0.01 * i as f64))
        .collect();
    park.write(
        "b.yaml",
        &format!(
            "base: park.yaml\nsweep:\n  grid.import_tariff.flat_rmb_per_kwh: [{}]\n",
            prices.join(", ")
        ),
    );
    let out = park.path("out");
    let args = [
        "batch",
        "b.yaml",
        "--out",
        "out",
        "--jobs",
        "1",
        "--threads",
        "1",
    ];
    zcpark(park.dir.path()).args(args).assert().success();
    assert_eq!(complete_runs(&out).len(), RUNS);

    std::thread::sleep(Duration::from_millis(50));
    let second = SystemTime::now();
    let mut batch = std::process::Command::new(assert_cmd::cargo::cargo_bin("zcpark"))
        .current_dir(park.dir.path())
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !complete_runs(&out).values().any(|m| *m >= second) {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no run finished"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let sent = std::process::Command::new("kill")
        .args(["-INT", "--", &format!("-{}", batch.id())])
        .status()
        .unwrap();
    assert!(sent.success());
    assert_eq!(batch.wait().unwrap().code(), Some(130));
    let left = complete_runs(&out);
    assert!(
        left.len() < RUNS,
        "the batch finished before it could be stopped"
    );
    for (run, modified) in &left {
        assert!(
            *modified >= second,
            "{run}: the earlier batch's plan is left"
        );
    }
}
