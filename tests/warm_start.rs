//! `--warm-start typical:N`: the full-year search started from whole sizes, on a full-year
//! park whose optimum is worked out by hand, through the library and the real binary.

mod common;
use assert_cmd::Command;
use common::*;
use zcpark::model::{self, BuildOptions, PolicyRows};
use zcpark::scenario::{self, ScenarioSource};
use zcpark::solve::{self, SolveStatus};

const HOURS: usize = 8760;

/// [`whole_turbines`] on a full year of hours, so that typical days can be made (every day
/// is alike: any number of them is exact). Its optimum: a turbine's energy costs 571
/// RMB/MWh, more than the grid's 500, so exactly 14 are built and imports are 58 MW:
/// 14 · 15,000 + 58 · 8,760 · 0.5 = 464,040 kRMB/yr.
fn park() -> Fixture {
    whole_turbines(HOURS)
}

const OPTIMUM_KRMB: f64 = 14.0 * 15_000.0 + 58.0 * 8_760.0 * 0.5;

/// A start that is not the optimum is only a start. Started from 20 turbines (60 MW of wind,
/// imports 40 MW: 20 · 15,000 + 40 · 8,760 · 0.5 = 475,200 kRMB/yr), the search evaluates
/// that plan first, at exactly that cost. The sizes make its gap (the relaxation, 13⅓
/// turbines, costs 462,800), so it branches on them: `≤ 13` is infeasible, `≥ 14` bounds
/// at 464,040 with 14 whole turbines. The rounding of 14 lies in that box, below the plan
/// in hand, so it is evaluated (464,040, the optimum, which the bound proves); 13 lies in
/// no open box and is never solved.
#[test]
fn a_start_off_the_optimum_is_evaluated_first_and_left() {
    let f = park();
    let loaded = scenario::load(&ScenarioSource::Disk(f.scenario.clone())).expect("load");
    let build = BuildOptions {
        size_start: Some([("wind_new_turbines".to_string(), 20.0)].into()),
        ..BuildOptions::new(
            true,
            PolicyRows::Enforce {
                intensity_limit: 1.0,
            },
        )
    };
    let built = model::build(&loaded.park, build);
    assert_eq!(built.problem.size_start, Some(vec![20.0]));
    let outcome = solve::solve(built.problem, &options(), &mut |_: &str| {}).expect("solve");
    assert_eq!(outcome.status, SolveStatus::Optimal);
    let cost = outcome.objective_krmb.expect("a plan");
    assert!(close(cost, OPTIMUM_KRMB, 1e-6), "{cost} vs {OPTIMUM_KRMB}");
    let names: Vec<&str> = outcome.phases.iter().map(|p| p.name.as_str()).collect();
    let candidates: Vec<&&str> = names
        .iter()
        .filter(|n| n.starts_with("fixed-sizes"))
        .collect();
    assert_eq!(
        candidates,
        [&"fixed-sizes (start) [20] lp", &"fixed-sizes [14] lp"],
        "{names:?}"
    );
    let start_cost = 20.0 * 15_000.0 + 40.0 * 8_760.0 * 0.5;
    let evaluated = outcome.phases[names.iter().position(|n| n.contains("(start)")).unwrap()]
        .objective_krmb
        .expect("the start is feasible");
    assert!(
        close(evaluated, start_cost, 1e-6),
        "{evaluated} vs {start_cost}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("size-branch")),
        "{names:?}"
    );
    assert!(outcome.mip_gap.unwrap() <= 1e-6, "{:?}", outcome.mip_gap);
}

/// The real binary: `--warm-start typical:3` plans the three typical days, hands their 14
/// turbines to the full-year search as its first candidate, and reports the full year's
/// plan, the same as without the start: 464,040 kRMB/yr. `plan.json` → `warm_start` gives
/// the typical-day sizes and estimate (exact here, every day being alike).
#[test]
fn warm_start_gives_the_full_year_plan_and_says_where_it_started() {
    let f = park();
    let out = f.path().join("out");
    let output = Command::cargo_bin("zcpark")
        .unwrap()
        .args([
            "plan",
            f.scenario.to_str().unwrap(),
            "--warm-start",
            "typical:3",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    assert_eq!(plan["status"], "optimal");
    let cost = plan["objective_rmb_per_yr"].as_f64().unwrap();
    assert!(close(cost, OPTIMUM_KRMB * 1000.0, 1e-6), "{cost}");
    assert_eq!(plan["capacities"]["wind_turbines"], 14);
    let warm = &plan["warm_start"];
    assert_eq!(warm["typical_days"], 3);
    assert_eq!(warm["sizes"]["wind_new_turbines"], 14.0);
    let estimate = warm["typical_day_estimate_rmb_per_yr"].as_f64().unwrap();
    assert!(close(estimate, OPTIMUM_KRMB * 1000.0, 1e-6), "{estimate}");
    let phases: Vec<&str> = plan["solve"]["phases"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .filter(|n| n.starts_with("fixed-sizes"))
        .collect();
    assert_eq!(
        phases.first(),
        Some(&"fixed-sizes (start) [14] lp"),
        "{phases:?}"
    );
}

/// Bad `--warm-start` values and conflicts are bad input: exit 2, naming the option, the
/// value and the conflict, before anything is solved (no output directory).
#[test]
fn warm_start_refuses_bad_values_and_typical_day_plans() {
    let f = park();
    for (args, expected) in [
        (
            vec!["--warm-start", "typical:0"],
            "typical:N takes N typical days from 1 to 365, got \"0\"",
        ),
        (vec!["--warm-start", "typical:366"], "got \"366\""),
        (
            vec!["--warm-start", "12"],
            "expected typical:N (e.g. typical:12), got \"12\"",
        ),
        (
            vec!["--warm-start", "typical:4", "--typical-days", "4"],
            "horizon.typical_days is 4",
        ),
        (
            vec!["--warm-start", "typical:4", "--fix", "wind_turbines=14"],
            "a design's sizes are fixed (--fix)",
        ),
        (
            vec!["--warm-start", "typical:4", "--strategy", "plain"],
            "not of plain",
        ),
        (
            vec!["--warm-start", "typical:2"],
            "(set by --warm-start typical:2 as horizon.typical_days=2): horizon.typical_days: \
             must be a number of days in 1..=365, above the 2 extreme days",
        ),
    ] {
        let out = f.path().join("out");
        let output = Command::cargo_bin("zcpark")
            .unwrap()
            .args(["plan", f.scenario.to_str().unwrap()])
            .args(&args)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(stderr.contains("--warm-start"), "{args:?}: {stderr}");
        assert!(!out.exists(), "{args:?} left {}", out.display());
    }
}
