//! `zcpark sensitivity` on a park whose answers are worked out by hand: PV on a flat profile
//! (cf 0.5) is far cheaper than the grid, so 20 MW of it serves the 10 MW load and the annual
//! cost is 20 MW × the PV annual cost; the grid price does not matter.

mod batch_fixtures;

use batch_fixtures::*;

#[test]
fn tornado_is_sorted_by_cost_swing_with_hand_figures() {
    let park = Park::with_pv(0.5, "flat", 1000.0);
    let out = zcpark(park.dir.path())
        .args(["sensitivity", "park.yaml", "--out", "out", "--threads", "1"])
        .args(["--time-limit", "30"])
        .args(["--vary", "grid.import_tariff.flat_rmb_per_kwh=±10%"])
        .args(["--vary", "catalogue.pv.capex_rmb_per_kw=+-20%"])
        .args(["--vary", "catalogue.finance.discount_rate=0.04,0.08"])
        .args(["--vary", "finance.discount_rate=0.04,0.08"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("swing_rmb_per_yr"), "{stdout}");

    let csv = Csv::read(&park.path("out/sensitivity.csv"));
    let order: Vec<&str> = csv.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        order,
        [
            "catalogue.pv.capex_rmb_per_kw",
            "catalogue.finance.discount_rate",
            "grid.import_tariff.flat_rmb_per_kwh",
            "finance.discount_rate"
        ]
    );
    // Capex ±20 %: whole numbers stay whole.
    assert_eq!(csv.cell(0, "base_value"), "1000");
    // The investor's discount rate, which the scenario leaves to its default: the base is
    // the rate the base plan's cash flows used (the cell was empty).
    let base_plan: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(park.path("out/runs/base/plan.json")).unwrap(),
    )
    .unwrap();
    let rate = base_plan["finance"]["assumptions"]["discount_rate"]["value"]
        .as_f64()
        .unwrap();
    assert_eq!(csv.number(3, "base_value"), rate);
    assert_eq!(csv.cell(0, "low_value"), "800");
    assert_eq!(csv.cell(0, "high_value"), "1200");
    let (low, base, high) = (
        20.0 * pv_annual_rmb_per_mw(800.0),
        20.0 * pv_annual_rmb_per_mw(1000.0),
        20.0 * pv_annual_rmb_per_mw(1200.0),
    );
    assert_close(csv.number(0, "objective_low_rmb_per_yr"), low, 1e-6, "low");
    assert_close(
        csv.number(0, "objective_base_rmb_per_yr"),
        base,
        1e-6,
        "base",
    );
    assert_close(
        csv.number(0, "objective_high_rmb_per_yr"),
        high,
        1e-6,
        "high",
    );
    assert_close(csv.number(0, "swing_rmb_per_yr"), high - low, 1e-6, "swing");
    for end in ["low", "base", "high"] {
        assert_close(csv.number(0, &format!("pv_mw_{end}")), 20.0, 1e-6, end);
    }
    // Discount rate 4 % / 8 %.
    let at_rate = |r: f64| 20.0 * 1000.0 * 1000.0 * (crf(r, 25.0) + 0.012);
    assert_close(
        csv.number(1, "objective_low_rmb_per_yr"),
        at_rate(0.04),
        1e-6,
        "4 %",
    );
    assert_close(
        csv.number(1, "objective_high_rmb_per_yr"),
        at_rate(0.08),
        1e-6,
        "8 %",
    );
    // The grid price does not move the cost.
    assert_close(csv.number(2, "swing_rmb_per_yr"), 0.0, 1e-9, "price swing");
    assert_eq!(csv.cell(2, "low_value"), "0.45");
    // The investor's discount rate changes the cash flows, not the plan: no cost swing, an
    // NPV swing (the PV saves against the grid every year, so the NPV falls as the rate
    // rises), said in a note.
    assert_close(
        csv.number(3, "swing_rmb_per_yr"),
        0.0,
        1e-9,
        "finance swing",
    );
    let (npv_low, npv_high) = (csv.number(3, "npv_low_rmb"), csv.number(3, "npv_high_rmb"));
    assert!(npv_low > npv_high, "{npv_low} {npv_high}");
    assert_close(
        csv.number(3, "npv_swing_rmb"),
        npv_low - npv_high,
        1e-9,
        "NPV swing",
    );
    assert!(
        stdout.contains(
            "note: finance.discount_rate: the plan's annual cost is the same at both ends"
        ),
        "{stdout}"
    );

    // plotters writes each text on its own line; the checks read the text, not the layout.
    let svg = std::fs::read_to_string(park.path("out/sensitivity.svg"))
        .unwrap()
        .replace('\n', "");
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("catalogue.pv.capex_rmb_per_kw +-20%</text>"));
    assert!(svg.contains(">annual cost, M RMB/yr</text>"));
}

#[test]
fn bad_variations_are_reported_before_solving() {
    let park = Park::new(0.5);
    let out = zcpark(park.dir.path())
        .args(["sensitivity", "park.yaml"])
        .args(["--vary", "build.pv.max_mw=±10%"])
        .args(["--vary", "horizon.hours=24,99999"])
        .args(["--vary", "catalogue.pv.capex_rmb_per_kw=3000,2000"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("--vary build.pv.max_mw=±10%: must name a number"),
        "{stderr}"
    );
    assert!(stderr.contains("horizon.hours (high)"), "{stderr}");
    assert!(
        stderr.contains(
            "--vary catalogue.pv.capex_rmb_per_kw=3000,2000: LOW,HIGH must have LOW below \
             HIGH, got 3000 and 2000"
        ),
        "{stderr}"
    );
}

/// A base scenario with no plan is said to have none, with the rule it cannot meet (the
/// first line read "base annual cost  RMB/yr", the figure blank): the grid-only park's
/// 10 MW load against a 5 MW import cap leaves 5 MW unserved every hour.
#[test]
fn a_base_with_no_plan_says_so_and_why() {
    let park = Park::new(0.5);
    let out = zcpark(park.dir.path())
        .args(["sensitivity", "park.yaml", "--out", "out", "--threads", "1"])
        .args(["--set", "grid.import_cap_mw=5"])
        .args(["--vary", "grid.import_tariff.flat_rmb_per_kwh=±10%"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let first = stdout.lines().next().unwrap_or_default();
    assert!(
        first.contains("the base scenario has no plan (a rule cannot be met)"),
        "{stdout}"
    );
    assert!(first.contains("cannot be served"), "{stdout}");
    assert!(!stdout.contains("base annual cost"), "{stdout}");
}
