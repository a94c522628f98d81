//! `zcpark allocate` on tiny provinces whose allocations are worked out by hand: real HiGHS
//! solves of 24-hour parks (each hour stands for 365 of the year).
//!
//! Shared hand-arithmetic: load 100 MW flat, grid 0.5 RMB/kWh = 500 RMB/MWh, grid factor
//! 0.5 t/MWh, k_e 0.3 tce/MWh, discount rate 0 (a capex is annualised as capex / lifetime).
//! The intensity row EM ≤ λ·EC reads 0.5·imports ≤ λ·0.3·load, i.e. imports ≤ 0.6·λ·load.

mod common;
use common::{close, write_profile};
use std::path::{Path, PathBuf};
use zcpark::allocate::found::ParkFound;
use zcpark::allocate::point::{price_term, PointSpec};
use zcpark::allocate::report::{build, AllocationReport};
use zcpark::allocate::{self, province, AllocateOptions, Method};
use zcpark::report::lang::Lang;

/// A province directory: `profile.csv`, park scenarios and `province.yaml`.
struct Province {
    dir: tempfile::TempDir,
}

impl Province {
    fn path(&self) -> PathBuf {
        self.dir.path().join("province.yaml")
    }

    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// The head of every park: 24 hours, load 100 MW, flat 0.5 RMB/kWh tariff, λ given.
fn park_head(name: &str, limit: f64) -> String {
    format!(
        "name: {name}
horizon: {{ start_hour: 0, hours: 24 }}
loads:
  electricity_mw: {{ file: profile.csv, column: load }}
rules:
  intensity_limit: {limit}
  grid_factor: 0.5
  electricity_tce_basis: equivalent
grid:
  import_cap_mw: 200
  import_tariff: {{ flat_rmb_per_kwh: 0.5 }}
catalogue:
  finance: {{ discount_rate: 0.0 }}
"
    )
}

/// A PV park: PV from column `column`, at most `max_mw`, at `capex` RMB/kW over 25 years.
fn pv_park(name: &str, limit: f64, column: &str, max_mw: f64, capex: f64) -> String {
    park_head(name, limit).replace(
        "catalogue:\n",
        &format!(
            "resources:
  pv_cf: {{ file: profile.csv, column: {column} }}
build:
  pv: {{ max_mw: {max_mw} }}
catalogue:
  pv: {{ capex_rmb_per_kw: {capex}, lifetime_yr: 25, fixed_om_frac: 0.0 }}
"
        ),
    )
}

fn province_dir(parks: &[(&str, String)], province: &str) -> Province {
    let dir = tempfile::tempdir().expect("tempdir");
    // `kink`: 5/9 from 06:00 to 11:00, 0.25 from 12:00 to 17:00, 0 at night; `flat`: 0.5.
    let kink: Vec<f64> = (0..24)
        .map(|h| match h {
            6..=11 => 5.0 / 9.0,
            12..=17 => 0.25,
            _ => 0.0,
        })
        .collect();
    write_profile(
        dir.path(),
        "profile.csv",
        &[("load", vec![100.0]), ("kink", kink), ("flat", vec![0.5])],
    );
    for (file, yaml) in parks {
        std::fs::write(dir.path().join(file), yaml).expect("write park");
    }
    std::fs::write(dir.path().join("province.yaml"), province).expect("write province");
    Province { dir }
}

fn options(p: &Province, out: &str, method: Method) -> AllocateOptions {
    AllocateOptions {
        method,
        jobs: Some(2),
        ..AllocateOptions::new(p.path(), p.out(out))
    }
}

/// Runs an allocation through the library and builds its report.
fn run(options: &AllocateOptions) -> (allocate::Allocation, AllocationReport) {
    let (province, totals, _) = allocate::prepare(options).expect("valid province");
    let ctx = allocate::context(&province, options);
    let allocation = allocate::allocate(&ctx, &province, &totals, options).expect("allocation");
    let report = build(&allocation);
    (allocation, report)
}

/// The "twin" park: PV with cf 5/9 for six morning hours and 0.25 for six afternoon hours,
/// at 3,750 RMB/kW over 25 years = 150,000 RMB/MW-yr; λ = 1.25 t/tce.
///
/// A MW of PV gives 6·5/9 + 6·0.25 = 4.8333 MWh a day while the morning hours are below the
/// 100 MW load, i.e. up to 100 / (5/9) = 180 MW; beyond, only the afternoon's 1.5 MWh a day
/// (until 400 MW). At 500 RMB/MWh a MW saves 882,083 RMB/yr below 180 MW and 273,750 above,
/// so its net value is s1 = 732,083.3 below 180 MW and s2 = 123,750 above (RMB/MW-yr); the
/// park on its own builds 400 MW. Its rule (imports ≤ 0.6 · 1.25 = 75 % of 2,400 MWh a day)
/// needs 600 MWh a day of PV: 600 / 4.8333 = 124.14 MW, its least quota.
fn twins(total: f64) -> Province {
    let park = pv_park("twin", 1.25, "kink", 1000.0, 3750.0);
    province_dir(
        &[("twin.yaml", park)],
        &format!(
            "name: twins
parks:
  - {{ name: a, scenario: twin.yaml }}
  - {{ name: b, scenario: twin.yaml }}
quotas:
  - {{ name: pv, kind: new_pv_mw, total: {total}, resolution: 1 }}
curves: {{ levels: 6 }}
"
        ),
    )
}

const S1: f64 = 882_083.333_333_333_4 - 150_000.0;
const S2: f64 = 273_750.0 - 150_000.0;

/// Two identical parks share 360 MW: each gets 180 MW. Their curves are convex with a kink
/// at 180 MW, so the equal split is the only optimum (moving d MW from one to the other
/// loses d·s1 and gains d·s2 < d·s1), and the quota's marginal value is any price between
/// the slopes: one MW more saves s2 = 123,750 RMB/yr, one MW less costs s1 = 732,083 RMB/yr.
/// Cost: each park imports 2,400 − 600 − 1.5·180 = 1,530 MWh a day:
/// 2 · (180 · 150,000 + 1,530 · 365 · 500) = 612,450,000 RMB/yr.
///
/// With 470 MW both parks sit on the s2 slope (any split with both at 180 MW or more is
/// optimal: two identical linear curves cannot give both a unique split and a unique price),
/// and every reading of the price is s2 = 123,750 RMB/MW-yr. Cost: imports 4,800 − 1,200 −
/// 1.5 · 470 = 2,895 MWh a day: 470 · 150,000 + 2,895 · 365 · 500 = 598,837,500 RMB/yr.
#[test]
fn two_identical_parks_share_a_quota() {
    let p = twins(360.0);
    let (allocation, report) = run(&options(&p, "out", Method::All));
    assert_eq!(allocation.found.len(), 3);
    for found in &allocation.found {
        assert!(
            close(found.total_cost(), 612_450_000.0, 1e-6),
            "{}: {}",
            found.method,
            found.total_cost()
        );
        let shares: Vec<f64> = found.parks.iter().map(|f| f.share().unwrap()[0]).collect();
        assert!(
            shares.iter().all(|s| (s - 180.0).abs() < 1e-3),
            "{}: {shares:?}",
            found.method
        );
    }
    let price = &report.quotas[0].shadow_price_rmb_per_yr_per_unit;
    assert!(close(price.curves_low.unwrap(), S2, 1e-6), "{price:?}");
    assert!(close(price.curves_high.unwrap(), S1, 1e-6), "{price:?}");
    for reading in [
        price.joint_dual.unwrap(),
        price.lagrange_multiplier.unwrap(),
    ] {
        assert!(
            (S2 * (1.0 - 1e-6)..=S1 * (1.0 + 1e-6)).contains(&reading),
            "{reading} outside [{S2}, {S1}]"
        );
    }
    assert!(price.warning.is_none(), "{price:?}");
    // The final plans at the shares (the parks' own plans in parks/) cost the same, worked
    // by hand above, and every one found a plan.
    let finals = report
        .final_plans_cost_rmb_per_yr
        .expect("final plans made");
    assert!(close(finals, 612_450_000.0, 1e-6), "{finals}");
    assert_eq!(report.final_plans_failed, 0);
    // A park's intensity and clean share are its final plan's; a final plan that found no
    // plan shows none, not the allocation's own figures beside it.
    for (p, f) in report.parks.iter().zip(&allocation.park_plans) {
        let f = f.as_ref().expect("final plan made");
        assert!(f.intensity_t_per_tce.is_some(), "{}", p.name);
        assert_eq!(p.intensity_t_per_tce, f.intensity_t_per_tce, "{}", p.name);
        assert_eq!(p.clean_share, f.clean_share, "{}", p.name);
    }
    let mut failed = allocation;
    if let Some(f) = failed.park_plans[0].as_mut() {
        f.status = "infeasible".into();
        f.cost_rmb_per_yr = None;
    }
    let failed_report = zcpark::allocate::report::build(&failed);
    assert_eq!(failed_report.final_plans_failed, 1);
    assert_eq!(failed_report.parks[0].intensity_t_per_tce, None);
    assert_eq!(failed_report.parks[0].clean_share, None);
    assert!(failed_report.parks[1].intensity_t_per_tce.is_some());
    // Each park's marginal values are the slopes of its curve around 180 MW.
    let a = &report.parks[0];
    assert!(close(a.marginal_value_more["pv"].unwrap(), S2, 1e-6));
    assert!(close(a.marginal_value_less["pv"].unwrap(), S1, 1e-6));
    assert!(close(a.least_quota["pv"], 600.0 / (29.0 / 6.0), 1e-6));

    let p = twins(470.0);
    let (allocation, report) = run(&options(&p, "out", Method::All));
    for found in &allocation.found {
        assert!(
            close(found.total_cost(), 598_837_500.0, 1e-6),
            "{}: {}",
            found.method,
            found.total_cost()
        );
        let shares: Vec<f64> = found.parks.iter().map(|f| f.share().unwrap()[0]).collect();
        assert!((shares[0] + shares[1] - 470.0).abs() < 1e-3, "{shares:?}");
        assert!(shares.iter().all(|s| *s >= 180.0 - 1e-3), "{shares:?}");
    }
    let price = &report.quotas[0].shadow_price_rmb_per_yr_per_unit;
    for reading in [
        price.curves_low.unwrap(),
        price.curves_high.unwrap(),
        price.joint_dual.unwrap(),
        price.lagrange_multiplier.unwrap(),
    ] {
        assert!(close(reading, S2, 0.02), "{reading} vs {S2}: {price:?}");
    }
    assert!(close(price.joint_dual.unwrap(), S2, 1e-6));
}

/// The `curves` method bounds its allocation from below by the dual function at the price its
/// curves read: for the twins sharing 360 MW, the middle of the bracket [s2, s1]. At that
/// price each park builds PV while a MW saves more than it is charged: up to 180 MW (s1 above
/// the price) and no further (s2 below it), so `L = 2 · cost(180) + λ · 360 − λ · 360` is the
/// allocation's own cost, 612,450,000 RMB/yr: the bound is tight (gap 0) here.
#[test]
fn the_curves_allocation_is_bounded_at_its_price() {
    let p = twins(360.0);
    let (allocation, report) = run(&options(&p, "out", Method::Curves));
    let found = &allocation.found[0];
    let bound = found.lower_bound_rmb.expect("a bound for curves");
    assert!(close(bound, 612_450_000.0, 1e-6), "{bound}");
    assert!(bound <= found.total_cost() * (1.0 + 1e-9));
    assert!(
        report.methods[0].gap.unwrap() < 1e-6,
        "{:?}",
        report.methods[0]
    );
}

/// Three parks share 16 MW of new renewables (all with λ = 10: no rule binds):
/// - `w`: up to four 6 MW turbines at wind cf 0.5, 30,000 RMB/kW over 20 years = 9 M RMB
///   per turbine-yr, each saving 3 MW · 8,760 h · 500 RMB/MWh = 13.14 M: 4.14 M RMB/yr net
///   per whole turbine (690,000 RMB/MW-yr, but only in steps of 6 MW);
/// - `a`: up to 10 MW of PV at cf 0.5 every hour, 42,250 RMB/kW over 25 years = 1.69 M RMB/
///   MW-yr against a saving of 0.5 · 8,760 · 500 = 2.19 M: 500,000 RMB/MW-yr net;
/// - `b`: up to 20 MW of the same PV at 47,250 RMB/kW: 300,000 RMB/MW-yr net.
///
/// Best: w two turbines (12 MW, 8.28 M) and a 4 MW (2.0 M): 10.28 M RMB/yr saved, against
/// w 6 + a 10 (9.14 M), w 12 + b 4 (9.48 M) or a 10 + b 6 (6.8 M). Without any quota each
/// park costs 100 MW · 8,760 · 500 = 438 M RMB/yr, so the province pays 3 · 438 − 10.28 =
/// 1,303.72 M RMB/yr. Priced, w takes 24 MW below 690,000 RMB/MW and nothing above, a 10 MW
/// below 500,000: the demand jumps from 24 MW to 0 across 16 MW, so a plain price loop
/// swings between the two.
///
/// The fourth park, `c`, must reach λ = 0.01 t/tce with at most 5 MW of PV: it cannot at any
/// share, and its best intensity is (100 − 2.5) · 0.5 / (100 · 0.3) = 1.625 t/tce.
#[test]
fn three_parks_with_a_whole_turbine_curve_and_one_that_cannot() {
    let wind = park_head("w", 10.0).replace(
        "catalogue:\n",
        "resources:
  wind_cf: { file: profile.csv, column: flat }
build:
  wind: { max_turbines: 4 }
catalogue:
  wind: { capex_rmb_per_kw: 30000, lifetime_yr: 20, fixed_om_frac: 0.0, unit_mw: 6 }
",
    );
    let p = province_dir(
        &[
            ("w.yaml", wind),
            ("a.yaml", pv_park("a", 10.0, "flat", 10.0, 42_250.0)),
            ("b.yaml", pv_park("b", 10.0, "flat", 20.0, 47_250.0)),
            ("c.yaml", pv_park("c", 0.01, "flat", 5.0, 42_250.0)),
        ],
        "name: three
parks:
  - { name: w, scenario: w.yaml }
  - { name: a, scenario: a.yaml }
  - { name: b, scenario: b.yaml }
  - { name: c, scenario: c.yaml }
quotas:
  - { name: re, kind: new_renewable_mw, total: 16, resolution: 1 }
curves: { levels: 11 }
",
    );
    let opts = options(&p, "out", Method::All);
    let (allocation, report) = run(&opts);
    for found in &allocation.found {
        assert!(
            close(found.total_cost(), 1_303_720_000.0, 1e-6),
            "{}: {}",
            found.method,
            found.total_cost()
        );
        let shares: Vec<Option<f64>> = found
            .parks
            .iter()
            .map(|f| f.share().map(|s| s[0]))
            .collect();
        assert_eq!(
            shares[..3],
            [Some(12.0), Some(4.0), Some(0.0)],
            "{}",
            found.method
        );
        assert_eq!(found.parks[3], ParkFound::Cannot, "{}", found.method);
    }
    let c = &report.parks[3];
    assert_eq!(c.status, "cannot_at_any_share");
    assert!(close(c.best_intensity_t_per_tce.unwrap(), 1.625, 1e-6));
    assert!(report.warnings.iter().any(|w| w.contains("park c cannot")));
    // The price loop's multiplier is the price where w's demand jumps (690,000 RMB/MW-yr),
    // not a marginal value of the allocation (a is marginal there, at 500,000): the report
    // says so.
    let price = &report.quotas[0].shadow_price_rmb_per_yr_per_unit;
    assert!(
        close(price.lagrange_multiplier.unwrap(), 690_000.0, 0.03),
        "{price:?}"
    );
    assert!(
        close(price.joint_dual.unwrap(), 500_000.0, 1e-6),
        "{price:?}"
    );
    assert!(price.warning.as_deref().unwrap_or("").contains("Lagrange"));

    // A plain subgradient loop, λ ← max(0, λ + 100,000 · (demand − 16) / 16) from 600,000:
    // its demand never settles within the quota.
    let (province, _, _) = allocate::prepare(&opts).unwrap();
    let ctx = allocate::context(&province, &opts);
    let mut lambda = 600_000.0;
    let mut demands = Vec::new();
    for _ in 0..6 {
        let specs: Vec<PointSpec> = (0..3)
            .map(|i| PointSpec {
                park: i,
                terms: vec![price_term(&province.quotas[0], lambda)],
            })
            .collect();
        let demand: f64 = ctx.run("naive", &specs).iter().map(|r| r.amounts[0]).sum();
        demands.push(demand);
        lambda = (lambda + 100_000.0 * (demand - 16.0) / 16.0).max(0.0);
    }
    assert!(
        demands.iter().all(|d| (*d - 16.0).abs() > 1.0),
        "the plain loop settled: {demands:?}"
    );
    assert!(demands.iter().any(|d| *d > 16.0) && demands.iter().any(|d| *d < 16.0));
}

/// 200 MW for two twins that each need 124.14 MW: one falls short by its least quota and
/// the other is allocated (its least cost with at most 200 MW; it would take 400).
#[test]
fn a_quota_too_small_for_all_is_an_answer() {
    let p = twins(200.0);
    for method in [Method::Curves, Method::Joint, Method::Prices] {
        let (allocation, report) = run(&options(&p, &format!("{method:?}"), method));
        let found = &allocation.found[allocation.chosen];
        assert_eq!(found.short(), 1, "{method:?}");
        assert_eq!(report.parks_short, 1);
        let short = report
            .parks
            .iter()
            .find(|p| p.status == "falls_short")
            .unwrap();
        assert!(
            close(short.shortfall["pv"], 124.137_931, 1e-6),
            "{:?}",
            short.shortfall
        );
        let other = report
            .parks
            .iter()
            .find(|p| p.status == "allocated")
            .unwrap();
        assert!(other.shares["pv"] <= 200.0 + 1e-6 && other.shares["pv"] >= 124.1);
        assert!(report.warnings.iter().any(|w| w.contains("falls short")));
        // The same warnings in Chinese, one for one, and the Chinese page gives them.
        assert_eq!(report.warnings_zh.len(), report.warnings.len());
        let zh = format!(
            "园区 {} 指标不足：指标总量不够分给每个园区（缺 pv 124.1）",
            short.name
        );
        assert!(report.warnings_zh.contains(&zh), "{:?}", report.warnings_zh);
        let json = serde_json::to_value(&report).unwrap();
        let lines = zcpark::report::allocation_summary::lines(&json, Lang::Zh);
        assert!(lines.iter().any(|(_, text)| *text == zh), "{lines:?}");
        assert!(!lines.iter().any(|(_, text)| text.contains("falls short")));
        // The equal split gives each 100 MW, below the least 124.14: both fall short, so
        // there are no parks to compare on equal terms.
        let equal = &report.comparisons[0];
        assert_eq!(equal.parks_short, ["a", "b"], "{equal:?}");
        assert!(equal.same_parks_rmb_per_yr.is_none() && equal.extra_cost_rmb_per_yr.is_none());
    }
}

fn zcpark() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("zcpark").expect("binary")
}

/// `zcpark merge DIRS... --out OUT`, its output.
fn merge(dirs: &[PathBuf], out: &Path) -> std::process::Output {
    zcpark()
        .arg("merge")
        .args(dirs)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Asserts two files are the same to the byte, showing the first line that differs.
fn assert_same_file(a: &Path, b: &Path) {
    let (x, y) = (text(a), text(b));
    if x != y {
        let line = x
            .lines()
            .zip(y.lines())
            .find(|(p, q)| p != q)
            .map(|(p, q)| format!("{p}\n  vs\n{q}"))
            .unwrap_or_else(|| "(one is longer)".into());
        panic!("{} and {} differ:\n{line}", a.display(), b.display());
    }
}

/// A province of four twins planned on the full year (a few hundred ms a plan), so that a
/// run can be killed in the middle.
fn four_full_year_twins() -> Province {
    let park = pv_park("twin", 1.25, "kink", 1000.0, 3750.0).replace(
        "horizon: { start_hour: 0, hours: 24 }",
        "horizon: { start_hour: 0, hours: 8760 }",
    );
    province_dir(
        &[("twin.yaml", park)],
        "name: twins
parks:
  - { name: a, scenario: twin.yaml }
  - { name: b, scenario: twin.yaml }
  - { name: c, scenario: twin.yaml }
  - { name: d, scenario: twin.yaml }
quotas:
  - { name: pv, kind: new_pv_mw, total: 800, resolution: 1 }
curves: { levels: 6 }
",
    )
}

fn args(p: &Province, out: &str) -> Vec<String> {
    vec![
        "allocate".into(),
        p.path().display().to_string(),
        "--out".into(),
        p.out(out).display().to_string(),
        "--method".into(),
        "curves".into(),
        "--jobs".into(),
        "1".into(),
        "--threads".into(),
        "1".into(),
        "--quiet".into(),
    ]
}

fn point_files(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    let mut out = Vec::new();
    for park in std::fs::read_dir(dir.join("points"))
        .into_iter()
        .flatten()
        .flatten()
    {
        for file in std::fs::read_dir(park.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let modified = file.metadata().and_then(|m| m.modified()).unwrap();
            out.push((file.path(), modified));
        }
    }
    out.sort();
    out
}

/// Killed with SIGKILL in the middle, a rerun keeps every plan finished before the kill and
/// ends with the same allocation as a run never interrupted.
#[test]
fn resume_after_kill() {
    let p = four_full_year_twins();
    zcpark().args(args(&p, "clean")).assert().success();

    let exe = assert_cmd::cargo::cargo_bin("zcpark");
    let mut child = std::process::Command::new(exe)
        .args(args(&p, "killed"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while point_files(&p.out("killed")).len() < 3 && started.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = point_files(&p.out("killed"));
    assert!(before.len() >= 3, "{before:?}");
    assert!(
        !p.out("killed").join("allocation.json").exists(),
        "the run ended before the kill"
    );

    zcpark().args(args(&p, "killed")).assert().success();
    let after = point_files(&p.out("killed"));
    for (path, modified) in &before {
        let kept = after.iter().find(|(q, _)| q == path).map(|(_, m)| m);
        assert_eq!(kept, Some(modified), "{} was solved again", path.display());
    }
    for file in ["allocation.json", "allocation.csv", "quotas.csv"] {
        assert_same_file(&p.out("killed").join(file), &p.out("clean").join(file));
    }
}

/// Two shards and a merge give the allocation of one machine, byte for byte (one thread per
/// plan); the merged run solves no value-curve plan of its own, and a new total reuses every
/// curve.
#[test]
fn shards_and_merge_give_the_same_allocation() {
    let p = twins(360.0);
    zcpark().args(args(&p, "whole")).assert().success();
    for k in 0..2 {
        let mut a = args(&p, &format!("shard{k}"));
        a.extend(["--shard".into(), format!("{k}/2")]);
        zcpark().args(a).assert().success();
        assert!(p.out(&format!("shard{k}")).join("shard.json").exists());
        assert!(!p.out(&format!("shard{k}")).join("allocation.json").exists());
    }
    let mut a = args(&p, "merged");
    a.extend([
        "--merge".into(),
        p.out("shard0").display().to_string(),
        p.out("shard1").display().to_string(),
    ]);
    zcpark().args(a).assert().success();
    for file in ["allocation.json", "allocation.csv", "quotas.csv"] {
        assert_same_file(&p.out("merged").join(file), &p.out("whole").join(file));
    }
    // The same through `zcpark merge` (as for batch shards), then an allocation from the
    // joined plans.
    let joined = merge(&[p.out("shard0"), p.out("shard1")], &p.out("joined"));
    let said = String::from_utf8_lossy(&joined.stdout);
    assert_eq!(joined.status.code(), Some(0), "{said}");
    assert!(said.contains("zcpark allocate"), "{said}");
    zcpark().args(args(&p, "joined")).assert().success();
    for file in ["allocation.json", "allocation.csv", "quotas.csv"] {
        assert_same_file(&p.out("joined").join(file), &p.out("whole").join(file));
    }
    // Options that change a plan are kept in the shard's manifest and given back in the
    // command `zcpark merge` prints, so that the merged run finds the shards' plans.
    let mut a = args(&p, "gap-shard");
    a.extend([
        "--shard".into(),
        "0/2".into(),
        "--mip-gap".into(),
        "0.001".into(),
    ]);
    zcpark().args(a).assert().success();
    let joined = merge(&[p.out("gap-shard")], &p.out("gap-joined"));
    let said = String::from_utf8_lossy(&joined.stdout);
    assert!(said.contains("--mip-gap 0.001 --out"), "{said}");

    // A new total from the cached curves: no new curve plan (only the equal split's and the
    // final plans at the new shares are new).
    let curves_before = point_files(&p.out("whole")).len();
    let mut a = args(&p, "whole");
    a.extend(["--quota".into(), "pv=470".into(), "--no-park-plans".into()]);
    zcpark().args(a).assert().success();
    let added = point_files(&p.out("whole")).len() - curves_before;
    assert!(
        added <= 2,
        "{added} new plans (the equal split's two at most)"
    );
    let report: serde_json::Value =
        serde_json::from_str(&text(&p.out("whole").join("allocation.json"))).unwrap();
    assert_eq!(report["quotas"][0]["total"], 470.0);
}

/// A province file with many problems lists all of them, each naming the file, the field
/// and the value.
#[test]
fn province_validation_lists_every_problem() {
    let p = twins(360.0);
    std::fs::write(
        p.path(),
        "name: bad
colour: blue
parks:
  - { name: a, scenario: twin.yaml, min_share: { pv: 0.7, nope: 0.1 } }
  - { name: a, scenario: missing.yaml }
  - { name: 'b c', scenario: twin.yaml, set: { rules.intensity_limit: -1 }, max_share: { pv: 0.5 } }
  - { name: d, scenario: twin.yaml, group: east, min_share: { pv: 0.6 } }
quotas:
  - { name: pv, kind: new_pv_mw, total: -5 }
  - { name: pv, kind: sunshine, total: 1 }
  - { name: pair, kind: storage_pairing, total: 3 }
  - { name: west, kind: grid_import_mw, total: 10, group: west }
curves: { levels: 1 }
",
    )
    .unwrap();
    let out = zcpark()
        .args(["allocate", &p.path().display().to_string(), "--out"])
        .arg(p.out("bad"))
        .assert()
        .code(2);
    let text = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    let file = p.path().display().to_string();
    for (field, value) in [
        ("colour", "(a field)"),
        ("parks[0].min_share.nope", "nope"),
        ("parks[1].name", "a"),
        ("parks[1].scenario", "missing.yaml"),
        ("parks[2].name", "b c"),
        ("rules.intensity_limit", "-1"),
        ("quotas[0].total", "-5"),
        ("quotas[1]", "sunshine"),
        ("quotas[2].total", "3"),
        ("quotas[2].ratio_mwh_per_mw", "(missing)"),
        ("quotas[3].group", "west"),
        ("quotas.pv", "min_share of the parks adding to"),
        ("curves.levels", "1"),
    ] {
        assert!(
            text.lines()
                .any(|l| l.contains(&file) && l.contains(field) && l.contains(value)),
            "no message names {field} with {value}:\n{text}"
        );
    }
    assert!(!p.out("bad").join("allocation.json").exists());

    // --quota must name a quota, and the resolution of shares is checked at once.
    let p = twins(360.0);
    let out = zcpark()
        .args([
            "allocate",
            &p.path().display().to_string(),
            "--quota",
            "solar=5",
            "--out",
        ])
        .arg(p.out("x"))
        .assert()
        .code(2);
    let text = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        text.contains("--quota solar=5") && text.contains("pv"),
        "{text}"
    );

    // A `--set` typo reaches both parks but is said once, as the command line's (it was
    // listed once per park, each time blamed on the park's own entry).
    let out = zcpark()
        .args([
            "allocate",
            &p.path().display().to_string(),
            "--set",
            "catalogue.pv.capex=3",
            "--out",
        ])
        .arg(p.out("y"))
        .assert()
        .code(2);
    let text = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("catalogue.pv.capex"))
        .collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(
        lines[0].contains("(set by --set catalogue.pv.capex=3)")
            && lines[0].contains("got unknown field `capex` (= 3)"),
        "{text}"
    );
}

/// A park's share of a substation (the quota on grid import) caps its intake in every hour:
/// the twin with 60 MW of import capacity must cover the rest of its 100 MW load with PV in
/// the morning hours and cannot run at night at all, so it is infeasible; with 100 MW it
/// plans as on its own (imports at most 100 MW) and the amount read back is its peak.
#[test]
fn import_share_caps_every_hour() {
    let park = pv_park("twin", 1.25, "kink", 1000.0, 3750.0);
    let p = province_dir(
        &[("twin.yaml", park)],
        "name: substation
parks:
  - { name: a, scenario: twin.yaml }
quotas:
  - { name: sub, kind: grid_import_mw, total: 100, resolution: 1 }
",
    );
    let opts = options(&p, "out", Method::Curves);
    let (province, _, _) = allocate::prepare(&opts).unwrap();
    let ctx = allocate::context(&province, &opts);
    let q = &province.quotas[0];
    let specs: Vec<PointSpec> = [60.0, 100.0]
        .iter()
        .map(|cap| PointSpec {
            park: 0,
            terms: vec![zcpark::allocate::point::share_term(q, *cap)],
        })
        .collect();
    let found = ctx.run("caps", &specs);
    assert!(!found[0].has_plan, "{:?}", found[0].status);
    assert!(found[1].has_plan);
    assert!(
        close(found[1].amounts[0], 100.0, 1e-6),
        "{:?}",
        found[1].amounts
    );
    assert_eq!(province::QuotaKind::GridImportMw.unit(), "MW");
}

/// Two twins share 360 MW, but park `a` must get at least 60 % of it (216 MW), and the
/// allocation is compared with the equal split and with a given list (a 200 MW, b 160 MW).
///
/// Hand-worked from the twin's slopes (see [`twins`]): each park with no PV costs
/// 2,400 MWh · 365 · 500 = 438,000,000 RMB/yr, and each MW saves s1 below 180 MW and s2
/// above. `b` keeps 144 MW (≥ its least quota of 124.14 MW, so it meets its rule):
/// - found: a 180·s1 + 36·s2, b 144·s1 → 876 M − 241.65 M = 634,350,000 RMB/yr, i.e. the
///   optimum 612,450,000 plus 36·(s1 − s2) = 21,900,000;
/// - equal split (180, 180, min_share not applied to a rule of thumb): 612,450,000, i.e.
///   21,900,000 below the allocation found;
/// - the list (200, 160): a 180·s1 + 20·s2, b 160·s1 → 612,450,000 + 20·(s1 − s2) =
///   624,616,666.67, i.e. 9,733,333.33 below the allocation found.
#[test]
fn min_share_and_a_given_list() {
    let p = twins(360.0);
    let yaml = text(&p.path()).replace(
        "{ name: a, scenario: twin.yaml }",
        "{ name: a, scenario: twin.yaml, min_share: { pv: 0.6 } }",
    );
    std::fs::write(p.path(), yaml).unwrap();
    let list = p.dir.path().join("list.csv");
    std::fs::write(&list, "park,pv\na,200\nb,160\n").unwrap();
    let opts = AllocateOptions {
        compare: Some(list.clone()),
        no_park_plans: true,
        ..options(&p, "out", Method::Joint)
    };
    let (allocation, report) = run(&opts);
    let found = &allocation.found[allocation.chosen];
    let optimum = 612_450_000.0;
    let found_cost = optimum + 36.0 * (S1 - S2);
    assert!(
        close(found.total_cost(), found_cost, 1e-6),
        "{}",
        found.total_cost()
    );
    let shares: Vec<f64> = found.parks.iter().map(|f| f.share().unwrap()[0]).collect();
    assert!((shares[0] - 216.0).abs() < 1e-3, "{shares:?}");
    assert!((shares[1] - 144.0).abs() < 1e-3, "{shares:?}");
    assert_eq!(report.comparisons.len(), 2, "{:?}", report.comparisons);
    let equal = &report.comparisons[0];
    assert_eq!(equal.name, "equal split");
    assert!(
        close(equal.total_cost_rmb_per_yr, optimum, 1e-6),
        "{equal:?}"
    );
    assert!(equal.parks_short.is_empty());
    assert!(close(
        equal.extra_cost_rmb_per_yr.unwrap(),
        optimum - found_cost,
        1e-6
    ));
    let given = &report.comparisons[1];
    let given_cost = optimum + 20.0 * (S1 - S2);
    assert!(
        close(given.total_cost_rmb_per_yr, given_cost, 1e-6),
        "{given:?}"
    );
    assert!(close(
        given.extra_cost_rmb_per_yr.unwrap(),
        given_cost - found_cost,
        1e-6
    ));
    // Both parks meet their rules in both allocations: the same-parks costs are the totals.
    let same = given.same_parks_rmb_per_yr.as_ref().unwrap();
    assert_eq!(same.parks, 2);
    assert!(close(same.found, found_cost, 1e-6) && close(same.this, given_cost, 1e-6));
}

/// A `--compare` list that breaks the quota (300 + 300 MW of a 360 MW total) or gives a
/// negative share is refused on the real binary before anything is solved: exit 2, the file,
/// the quota and the sum named, no output directory made. (It was costed, and read as a
/// saving against the allocation.)
#[test]
fn a_compare_list_that_breaks_the_quota_is_refused() {
    let p = twins(360.0);
    for (list, problem) in [
        (
            "park,pv\na,300\nb,300\n",
            "pv: the shares must add up to at most the quota's total 360 (a `<=` quota), got 600",
        ),
        (
            "park,pv\na,-10\nb,300\n",
            "pv: the share of park a must be >= 0, got -10",
        ),
    ] {
        let path = p.dir.path().join("list.csv");
        std::fs::write(&path, list).unwrap();
        let out = p.out("refused");
        let output = zcpark()
            .arg("allocate")
            .arg(p.path())
            .arg("--compare")
            .arg(&path)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("{}: {problem}", path.display())),
            "{stderr}"
        );
        assert!(!out.exists(), "{} made", out.display());
    }
}

/// Allocates `p` by `joint` and by `prices` and checks each against the hand-worked total
/// cost (RMB/yr) and the two parks' shares of the first quota; returns each method's report
/// for the test's own checks.
fn joint_and_prices(p: &Province, cost: f64, shares: [f64; 2]) -> Vec<(Method, AllocationReport)> {
    [Method::Joint, Method::Prices]
        .into_iter()
        .map(|method| {
            let (allocation, report) = run(&options(p, &format!("{method:?}"), method));
            let found = allocation
                .found
                .iter()
                .find(|f| f.method == format!("{method:?}").to_lowercase())
                .unwrap_or_else(|| panic!("{method:?} not run"));
            assert!(
                close(found.total_cost(), cost, 1e-6),
                "{method:?}: {}",
                found.total_cost()
            );
            let got: Vec<f64> = found.parks.iter().map(|f| f.share().unwrap()[0]).collect();
            for (g, want) in got.iter().zip(shares) {
                assert!(close(*g, want, 1e-6), "{method:?}: {got:?}");
            }
            (method, report)
        })
        .collect()
}

/// A province intensity goal shared by two parks, worked by hand. Each park: 100 MW flat
/// load from the grid, PV at cf 0.5 every hour (up to 100 MW), its own limit lifted. A MW of
/// PV displaces 0.5 MW of imports: 4,380 MWh/yr, 2,190,000 RMB/yr of grid energy and 2,190 t
/// of CO2. Park `a` pays 60,000 RMB/kW over 25 years (2,400,000 RMB/MW-yr: a net 210,000 per
/// MW, 95.89 RMB per t avoided), park `b` 65,000 (a net 410,000, 187.21 RMB/t).
///
/// Goal 1.5 t/tce: Σ EC = 2 · 0.3 · 876,000 MWh = 525,600 tce allows 788,400 t; without PV
/// the parks emit 2 · 438,000 = 876,000 t, so 87,600 t must go: 40 MW of PV, all in the
/// cheaper park `a`. Cost 2 · 438 M + 40 · 210,000 = 884,400,000 RMB/yr; the goal's shadow
/// price is `a`'s cost per t, 210,000 / 2,190 = 95.890 RMB per t-yr; `a`'s share of the
/// goal (its excess EM − 1.5 · EC) is 350,400 − 394,200 = −43,800 t, `b`'s +43,800 t.
#[test]
fn a_province_intensity_goal_is_met_where_abatement_is_cheapest() {
    let park = |name: &str, capex: f64| pv_park(name, 10.0, "flat", 100.0, capex);
    let p = province_dir(
        &[
            ("a.yaml", park("a", 60_000.0)),
            ("b.yaml", park("b", 65_000.0)),
        ],
        "name: goal
parks:
  - { name: a, scenario: a.yaml }
  - { name: b, scenario: b.yaml }
intensity_goal: { t_per_tce: 1.5 }
",
    );
    for (method, report) in joint_and_prices(&p, 884_400_000.0, [-43_800.0, 43_800.0]) {
        let pv = |i: usize| report.parks[i].new_capacities["pv_new_mw"];
        assert!(close(pv(0), 40.0, 1e-6), "{method:?}: {}", pv(0));
        assert!(pv(1).abs() < 1e-6, "{method:?}: {}", pv(1));
        if method == Method::Joint {
            let price = &report.quotas[0].shadow_price_rmb_per_yr_per_unit;
            let dual = price.joint_dual.unwrap();
            assert!(close(dual, 210_000.0 / 2_190.0, 1e-6), "{price:?}");
        }
    }
}

/// A green-power quota worked by hand. Both parks: 100 MW flat load, λ = 1, so at most
/// 60 MW of plain grid power an hour (0.5 · imports ≤ 0.3 · load); green power (a premium of
/// 50 RMB/MWh over the 500 RMB/MWh tariff, zero emissions) or PV must carry the other 40 MW.
/// Park `a` has no PV: it needs 40 MW of green power, 350,400 MWh/yr. Park `b` may build PV
/// at cf 0.5 for 62,250 RMB/kW over 25 years: 2,490,000 RMB/MW-yr against 2,190,000 of grid
/// energy saved, 300,000 net per MW, i.e. 68.49 RMB per MWh displaced, above the premium.
/// The province has 525,600 MWh/yr of green power: `a` gets its 350,400, `b` the other
/// 175,200 (20 MW) and builds 40 MW of PV for the rest.
/// - `a`: 876,000 MWh · 500 + 350,400 · 50 = 455,520,000 RMB/yr;
/// - `b`: 700,800 MWh imported · 500 + 175,200 · 50 + 40 · 2,490,000 = 458,760,000 RMB/yr;
/// - province 914,280,000 RMB/yr; the quota's shadow price is what one more MWh saves `b`:
///   68.493 − 50 = 18.493 RMB per MWh-yr.
#[test]
fn a_green_power_quota_goes_to_the_park_without_an_alternative() {
    let with_green = |yaml: String| {
        yaml.replace(
            "grid:\n",
            "grid:\n  green_power: { premium_rmb_per_kwh: 0.05, max_mwh_per_yr: 1000000 }\n",
        )
    };
    let p = province_dir(
        &[
            ("a.yaml", with_green(park_head("a", 1.0))),
            (
                "b.yaml",
                with_green(pv_park("b", 1.0, "flat", 200.0, 62_250.0)),
            ),
        ],
        "name: green
parks:
  - { name: a, scenario: a.yaml }
  - { name: b, scenario: b.yaml }
quotas:
  - { name: green, kind: green_power_mwh, total: 525600, resolution: 8760 }
",
    );
    for (method, report) in joint_and_prices(&p, 914_280_000.0, [350_400.0, 175_200.0]) {
        let pv_b = report.parks[1].new_capacities["pv_new_mw"];
        assert!(close(pv_b, 40.0, 1e-6), "{method:?}: {pv_b}");
        if method == Method::Joint {
            let price = &report.quotas[0].shadow_price_rmb_per_yr_per_unit;
            let dual = price.joint_dual.unwrap();
            assert!(close(dual, 300_000.0 / 4_380.0 - 50.0, 1e-6), "{price:?}");
        }
    }
}

/// A storage pairing worked by hand: new storage MWh ≥ 1 × new renewable MW over the two
/// parks. Park `a` may build PV at cf 0.5 for 50,000 RMB/kW over 25 years: 2,000,000 RMB/
/// MW-yr against 2,190,000 of grid energy saved, so it builds all 100 MW it may, and they
/// need 100 MWh of storage somewhere. Storage (flat load and tariff: no use of its own) costs
/// 1,000 RMB/kWh over 10 years in `a` (100,000 RMB/MWh-yr) and 800 in `b` (80,000): `b`
/// builds it. PV still pays with its storage (190,000 > 80,000 a MW).
/// - `a`: 438,000 MWh imported · 500 + 100 · 2,000,000 = 419,000,000 RMB/yr;
/// - `b`: 876,000 · 500 + 100 · 80,000 = 446,000,000 RMB/yr; province 865,000,000;
/// - shares of the pairing row (r · new renewables − new storage): `a` +100, `b` −100 MWh;
///   its shadow price is `b`'s storage, 80,000 RMB per MWh-yr.
#[test]
fn a_storage_pairing_is_met_where_storage_is_cheapest() {
    let storage = |yaml: String, capex: f64| {
        yaml.replace(
            "catalogue:\n",
            &format!(
                "catalogue:
  battery: {{ capex_energy_rmb_per_kwh: {capex}, capex_power_rmb_per_kw: 0, lifetime_yr: 10,
             fixed_om_frac: 0.0, round_trip_eff: 0.9 }}
"
            ),
        )
        .replace("build:\n", "build:\n  battery: { max_mwh: 500 }\n")
    };
    let b = park_head("b", 10.0).replace("catalogue:\n", "build:\ncatalogue:\n");
    let p = province_dir(
        &[
            (
                "a.yaml",
                storage(pv_park("a", 10.0, "flat", 100.0, 50_000.0), 1000.0),
            ),
            ("b.yaml", storage(b, 800.0)),
        ],
        "name: pairing
parks:
  - { name: a, scenario: a.yaml }
  - { name: b, scenario: b.yaml }
quotas:
  - { name: pairing, kind: storage_pairing, ratio_mwh_per_mw: 1, resolution: 10 }
",
    );
    for (method, report) in joint_and_prices(&p, 865_000_000.0, [100.0, -100.0]) {
        let new = |i: usize, key: &str| report.parks[i].new_capacities[key];
        assert!(close(new(0, "pv_new_mw"), 100.0, 1e-6));
        assert!(new(0, "battery_new_mwh").abs() < 1e-6);
        assert!(close(new(1, "battery_new_mwh"), 100.0, 1e-6));
        if method == Method::Joint {
            let price = &report.quotas[0].shadow_price_rmb_per_yr_per_unit;
            assert!(
                close(price.joint_dual.unwrap(), 80_000.0, 1e-6),
                "{price:?}"
            );
        }
    }
}

/// A mechanism-volume quota (power sold to the grid) worked by hand. Both parks: 100 MW flat
/// load and 300 MW of existing PV at cf 0.5 (no cost of its own here), so 50 MW to spare every
/// hour, 438,000 MWh/yr each. `a` sells at 0.3 RMB/kWh, `b` at 0.2. The province's volume of
/// 600,000 MWh/yr goes first to `a` (all its 438,000), the other 162,000 to `b`; the rest is
/// curtailed.
/// - `a`: −438,000 · 300 = −131,400,000 RMB/yr; `b`: −162,000 · 200 = −32,400,000;
/// - province −163,800,000 RMB/yr; one more MWh of volume earns `b` 200 RMB: the shadow
///   price, 200 RMB per MWh-yr.
#[test]
fn a_mechanism_volume_goes_to_the_best_paid_exports() {
    let park = |name: &str, tariff: f64| {
        pv_park(name, 10.0, "flat", 0.0, 50_000.0)
            .replace("pv: { max_mw: 0 }", "pv: { max_mw: 0, existing_mw: 300 }")
            .replace(
                "grid:\n",
                &format!(
                    "grid:\n  export: {{ cap_mw: 100, tariff: {{ flat_rmb_per_kwh: {tariff} }} }}\n"
                ),
            )
    };
    let p = province_dir(
        &[("a.yaml", park("a", 0.3)), ("b.yaml", park("b", 0.2))],
        "name: mechanism
parks:
  - { name: a, scenario: a.yaml }
  - { name: b, scenario: b.yaml }
quotas:
  - { name: volume, kind: mechanism_mwh, total: 600000, resolution: 1000 }
",
    );
    for (method, report) in joint_and_prices(&p, -163_800_000.0, [438_000.0, 162_000.0]) {
        if method == Method::Joint {
            let price = &report.quotas[0].shadow_price_rmb_per_yr_per_unit;
            assert!(close(price.joint_dual.unwrap(), 200.0, 1e-6), "{price:?}");
        }
    }
}

/// A run that makes no final plans keeps those of an earlier run: the plans made for the
/// same shares count as this allocation's, and those made for other shares are named in a
/// warning, not passed off as this allocation's. The twins at 360 MW get 180 MW each
/// (above); at 470 MW at least one gets more, so its earlier plan is for another share.
#[test]
fn final_plans_of_other_shares_are_named_not_reused() {
    let p = twins(360.0);
    let (first, _) = run(&options(&p, "out", Method::Curves));
    assert!(first.park_plans.iter().all(Option::is_some));
    let kept = text(&p.out("out").join("parks/a/allocated.json"));

    let same = AllocateOptions {
        allocation_only: true,
        ..options(&p, "out", Method::Curves)
    };
    let (again, report) = run(&same);
    assert_eq!(again.park_plans, first.park_plans);
    assert!(again.stale_park_plans.is_empty());
    assert!(!report.warnings.iter().any(|w| w.contains("other shares")));

    let new_total = AllocateOptions {
        quotas: vec![("pv".into(), 470.0)],
        ..same
    };
    let (moved, report) = run(&new_total);
    // At least one park's share moves (470 > 2 · 180); a park left at 180 MW keeps its plan.
    let stale = &moved.stale_park_plans;
    assert!(!stale.is_empty());
    for (i, name) in ["a", "b"].iter().enumerate() {
        let is_stale = stale.iter().any(|s| s == name);
        assert_eq!(moved.park_plans[i].is_some(), !is_stale, "park {name}");
    }
    let warning = report
        .warnings
        .iter()
        .find(|w| w.contains("other shares"))
        .expect("a warning");
    assert!(
        stale.iter().all(|s| warning.contains(s.as_str())),
        "{warning}"
    );
    assert_eq!(text(&p.out("out").join("parks/a/allocated.json")), kept);
}

/// The merit order is drawn from the parks' marginal values, which only the value curves
/// give: with `--method joint` alone there is none to draw (every bar was at zero), with
/// the curves there is one per quota.
#[test]
fn the_merit_order_is_drawn_only_from_value_curves() {
    let p = twins(360.0);
    let merit = |method: Method| {
        let (allocation, report) = run(&AllocateOptions {
            allocation_only: true,
            ..options(&p, "out", method)
        });
        zcpark::allocate::charts::all(&allocation, &report)
            .into_iter()
            .filter(|(name, _)| name.starts_with("merit_order_"))
            .count()
    };
    assert_eq!(merit(Method::Joint), 0);
    assert_eq!(merit(Method::Curves), 1);
}
