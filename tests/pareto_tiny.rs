//! `zcpark pareto` on a park whose curve is worked out by hand.
//!
//! Load 10 MW, grid at 0.3 RMB/kWh (300 RMB/MWh), 0.5 t/MWh; PV (only from 08:00 to 16:00,
//! cf 1) costs more per MWh than the grid, so the unconstrained plan builds none and its
//! intensity is the baseline's, 0.5 / 0.3 = 1.667 t/tce. Each MWh of PV replaces a grid MWh:
//! cost (PV cost/MWh − 300) per 0.5 t abated, a constant marginal abatement cost, until PV
//! serves all daytime hours (10 MW); nights stay on the grid, so the lowest reachable
//! intensity is 2/3 of the baseline's, 1.111 t/tce.

mod batch_fixtures;

use batch_fixtures::*;

const CAPEX_RMB_PER_KW: f64 = 12000.0;
const PRICE_RMB_PER_MWH: f64 = 300.0;
const POINTS: usize = 4;

#[test]
fn pareto_curve_matches_hand_figures_and_single_plans() {
    let park = Park::with_pv(PRICE_RMB_PER_MWH / 1000.0, "day", CAPEX_RMB_PER_KW);
    let out = zcpark(park.dir.path())
        .args([
            "pareto",
            "park.yaml",
            "--points",
            &POINTS.to_string(),
            "--out",
            "out",
        ])
        .args(["--threads", "1", "--time-limit", "30"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout.contains("baseline intensity 1.6667 t/tce, lowest reachable 1.1111 t/tce"),
        "{stdout}"
    );
    assert!(
        stdout.contains("marginal_abatement_cost_rmb_per_t"),
        "{stdout}"
    );

    let csv = Csv::read(&park.path("out/pareto.csv"));
    assert_eq!(csv.rows.len(), POINTS);
    let top = GRID_T_PER_MWH / TCE_PER_MWH;
    let lowest = top * 2.0 / 3.0;
    assert_close(csv.number(0, "limit_t_per_tce"), top, 1e-9, "first limit");
    assert_close(
        csv.number(POINTS - 1, "limit_t_per_tce"),
        lowest * 1.0001,
        1e-6,
        "last limit",
    );

    // Cost never falls as the limit falls; intensities meet their limits.
    for i in 0..POINTS {
        assert_eq!(csv.cell(i, "status"), "optimal");
        assert!(
            csv.number(i, "intensity_t_per_tce") <= csv.number(i, "limit_t_per_tce") * (1.0 + 1e-9)
        );
        if i > 0 {
            assert!(
                csv.number(i, "limit_t_per_tce") < csv.number(i - 1, "limit_t_per_tce"),
                "limits fall"
            );
            assert!(
                csv.number(i, "objective_rmb_per_yr")
                    >= csv.number(i - 1, "objective_rmb_per_yr") * (1.0 - 1e-9),
                "cost falls from point {} to {i}",
                i - 1
            );
        }
    }

    // Hand figures: the marginal abatement cost and the two ends.
    let pv_rmb_per_mwh = pv_annual_rmb_per_mw(CAPEX_RMB_PER_KW) / (8.0 * 365.0);
    let mac = (pv_rmb_per_mwh - PRICE_RMB_PER_MWH) / GRID_T_PER_MWH;
    for i in 1..POINTS {
        assert_close(
            csv.number(i, "marginal_abatement_cost_rmb_per_t"),
            mac,
            1e-4,
            &format!("MAC at point {i}"),
        );
    }
    let grid_only = LOAD_MW * HOURS * PRICE_RMB_PER_MWH;
    assert_close(
        csv.number(0, "objective_rmb_per_yr"),
        grid_only,
        1e-6,
        "top end",
    );
    assert_close(csv.number(0, "pv_mw"), 0.0, 1e-9, "no PV at the top");
    // The top limit is the unconstrained plan's own intensity: it does not bind, and the
    // point says so, in the study's language.
    assert_eq!(
        csv.cell(0, "note"),
        "limit not binding: the unconstrained plan (1.6667 t/tce)"
    );
    zcpark(park.dir.path())
        .args(["pareto", "park.yaml", "--points", "2", "--lang", "zh"])
        .args(["--out", "out-zh", "--threads", "1", "--time-limit", "30"])
        .assert()
        .success();
    let zh = Csv::read(&park.path("out-zh/pareto.csv"));
    assert_eq!(
        zh.cell(0, "note"),
        "限值不起约束作用：即不受此限的方案（1.6667 tCO2/tce）"
    );
    let daytime_pv = LOAD_MW * pv_annual_rmb_per_mw(CAPEX_RMB_PER_KW);
    let nights = LOAD_MW * HOURS * 2.0 / 3.0 * PRICE_RMB_PER_MWH;
    assert_close(
        csv.number(POINTS - 1, "objective_rmb_per_yr"),
        daytime_pv + nights,
        1e-3,
        "bottom end",
    );
    assert_close(
        csv.number(POINTS - 1, "pv_mw"),
        LOAD_MW,
        1e-3,
        "PV at the bottom",
    );

    // The ends agree with single `zcpark plan` runs at those limits.
    for row in [0, POINTS - 1] {
        let limit = csv.cell(row, "limit_t_per_tce").to_string();
        let plan = zcpark(park.dir.path())
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
            .args(["--set", &format!("rules.intensity_limit={limit}")])
            .assert()
            .success();
        let plan: serde_json::Value = serde_json::from_slice(&plan.get_output().stdout).unwrap();
        assert_close(
            plan["objective_rmb_per_yr"].as_f64().unwrap(),
            csv.number(row, "objective_rmb_per_yr"),
            1e-3,
            &format!("plan at limit {limit}"),
        );
    }

    // The chart and every point's plan outputs are written.
    // plotters writes each text on its own line; the checks read the text, not the layout.
    let svg = std::fs::read_to_string(park.path("out/pareto.svg"))
        .unwrap()
        .replace('\n', "");
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
    for needle in [
        ">0.2 t/tce</text>",
        ">0.3 t/tce</text>",
        "t CO2/tce</text>",
        "M RMB/yr</text>",
    ] {
        assert!(svg.contains(needle), "{needle}");
    }
    assert_eq!(svg.matches("<circle").count(), POINTS);
    for i in 0..POINTS {
        let name = csv.cell(i, "point");
        assert!(
            park.path(&format!("out/runs/{name}/plan.json")).exists(),
            "{name}"
        );
    }
}

#[test]
fn pareto_needs_two_points() {
    let park = Park::new(0.5);
    zcpark(park.dir.path())
        .args(["pareto", "park.yaml", "--points", "1"])
        .assert()
        .code(2);
}
