//! The rule's readings and the direct-supply rules (issue 14), on tiny fixtures whose optimum
//! is worked out by hand in each comment. All solves are real HiGHS solves.
//!
//! Shared arithmetic: load 100 MW flat over one day standing for the year (weight 365), PV cf
//! 0.5 every hour, so 1 MW of PV yields 4,380 MWh/yr; `discount_rate: 0` and no fixed O&M, so
//! PV costs capex / 25 per MW-yr; grid 0.5 RMB/kWh; grid factor 0.5 t/MWh.

mod common;
use common::*;
use zcpark::solve::SolveStatus;

const DAY: usize = 24;
const HOURS_PER_YEAR: f64 = 8760.0;

/// A fixture with PV at `capex_rmb_per_kw`, λ `limit`, and `grid_extra` YAML under `grid:`.
fn pv_fixture(capex_rmb_per_kw: f64, limit: f64, grid_extra: &str) -> Fixture {
    let yaml = head(DAY, 0.5, 200.0, limit)
        + grid_extra
        + &format!(
            "resources:
  pv_cf: {{ file: profile.csv, column: pv }}
build:
  pv: {{ max_mw: 1000 }}
catalogue:
  finance: {{ discount_rate: 0.0 }}
  pv: {{ capex_rmb_per_kw: {capex_rmb_per_kw}, lifetime_yr: 25, fixed_om_frac: 0.0 }}
"
        );
    fixture(&yaml, &[("load", flat(100.0, DAY)), ("pv", flat(0.5, DAY))])
}

/// A plan that meets the rule on one reading fails on another, and `rules.robust` fixes it.
///
/// PV at 60,000 RMB/kW costs 2.4 M RMB/MW-yr (548 RMB/MWh at 4,380 h, dearer than the grid),
/// so the plan builds only the PV the intensity row asks for. λ = 1 t/tce.
///
/// - Equivalent basis (k_e 0.3 tce/MWh): 0.5 · imp ≤ 1 · 0.3 · 100, imports ≤ 60 MW, PV gives
///   40 MW: P = 80 MW. Cost 80 · 2.4 M + 60 · 8,760 · 500 = 192.0 M + 262.8 M = 454.8 M RMB/yr.
///   On the calorific basis (k_e 0.1229) that plan's intensity is 0.5 · 60 / (0.1229 · 100)
///   = 2.441 t/tce: it fails.
/// - Robust to the calorific basis: 0.5 · imp ≤ 0.1229 · 100, imports ≤ 24.58 MW, PV gives
///   75.42 MW: P = 150.84 MW. Cost 150.84 · 2.4 M + 24.58 · 8,760 · 500 = 362.016 M +
///   107.6604 M = 469.6764 M RMB/yr; the extra cost of robustness is 14.8764 M RMB/yr.
#[test]
fn robust_rows_meet_the_limit_under_every_reading() {
    let plain = plan(&pv_fixture(60_000.0, 1.0, ""));
    let r = &plain.report;
    assert_eq!(r.status, SolveStatus::Optimal);
    assert!(close(r.capacities.as_ref().unwrap().pv_mw, 80.0, 1e-6));
    assert!(close(r.objective_rmb_per_yr.unwrap(), 454.8e6, 1e-6));
    let k = r.kpis.as_ref().unwrap();
    let calorific = k
        .intensity_by_reading
        .iter()
        .find(|x| x.reading.name == "calorific basis")
        .expect("the calorific basis is a standard reading");
    assert!(!calorific.enforced);
    assert!(close(calorific.intensity_t_per_tce, 30.0 / 12.29, 1e-6));
    assert!(!calorific.meets_limit);
    assert!(r.robustness.is_none());

    let robust = plan(&with_rule(
        &pv_fixture(60_000.0, 1.0, ""),
        "robust: [ { electricity_tce_basis: calorific } ]",
    ));
    let r = &robust.report;
    assert_eq!(r.status, SolveStatus::Optimal, "{:?}", r.warnings);
    assert!(
        close(r.capacities.as_ref().unwrap().pv_mw, 150.84, 1e-6),
        "{}",
        r.capacities.as_ref().unwrap().pv_mw
    );
    assert!(close(r.objective_rmb_per_yr.unwrap(), 469.6764e6, 1e-6));
    let k = r.kpis.as_ref().unwrap();
    let enforced: Vec<_> = k
        .intensity_by_reading
        .iter()
        .filter(|x| x.enforced)
        .collect();
    assert_eq!(enforced.len(), 1);
    assert!(enforced[0].meets_limit);
    assert!(close(enforced[0].intensity_t_per_tce, 1.0, 1e-6));
    // Every reading reported is re-derived here from the plan's own flows: EM = ef · imports,
    // EC = k_e · load.
    for x in &k.intensity_by_reading {
        let em = x.reading.grid_t_co2_per_mwh * k.grid_import_mwh;
        let ec = x.reading.electricity_tce_per_mwh * 100.0 * HOURS_PER_YEAR;
        assert!(
            close(x.intensity_t_per_tce, em / ec, 1e-9),
            "{}",
            x.reading.name
        );
    }
    let robustness = r.robustness.as_ref().expect("robustness reported");
    assert!(close(
        robustness.objective_without_robust_rmb_per_yr.unwrap(),
        454.8e6,
        1e-6
    ));
    assert!(close(
        robustness.extra_cost_rmb_per_yr.unwrap(),
        14.8764e6,
        1e-5
    ));
    let failing = robustness
        .intensity_by_reading_without_robust
        .iter()
        .find(|x| x.reading.name == "calorific basis")
        .unwrap();
    assert!(!failing.meets_limit && !failing.enforced);
    assert!(close(failing.intensity_t_per_tce, 30.0 / 12.29, 1e-6));
    // The calorific reading is listed once, enforced.
    let listed = k
        .intensity_by_reading
        .iter()
        .filter(|x| x.reading.name == "calorific basis")
        .count();
    assert_eq!(listed, 1);
}

/// The export share of the available generation, capped at 20 %.
///
/// PV at 30,000 RMB/kW costs 1.2 M RMB/MW-yr (274 RMB/MWh), export pays 0.4 RMB/kWh (1.752 M
/// RMB per MW-yr exported), so without the cap the plan builds PV to its 1,000 MW limit. With
/// `X ≤ 0.2 · A` and A = 0.5 P: up to P = 250 all of 0.5 P − 100 can go out (0.5 P − 100 ≤
/// 0.1 P); beyond, a further MW may add only 0.1 MW of export (0.35 M RMB/yr < 1.2 M). So P =
/// 250 MW, export 25 MW, share 25 / 125 = 0.2. Cost 250 · 1.2 M − 25 · 8,760 · 400 = 300 M −
/// 87.6 M = 212.4 M RMB/yr.
#[test]
fn direct_export_share_binds() {
    let export = "  export: { cap_mw: 1000, tariff: { flat_rmb_per_kwh: 0.4 } }\n";
    let f = pv_fixture(30_000.0, 10.0, export);
    let free = plan(&f);
    assert!(close(
        free.report.capacities.as_ref().unwrap().pv_mw,
        1000.0,
        1e-6
    ));

    let f = direct_fixture(30_000.0, export, "max_export_share_of_generation: 0.2");
    let r = plan(&f).report;
    assert_eq!(r.status, SolveStatus::Optimal, "{:?}", r.warnings);
    assert!(close(r.capacities.as_ref().unwrap().pv_mw, 250.0, 1e-6));
    assert!(close(r.objective_rmb_per_yr.unwrap(), 212.4e6, 1e-6));
    let shares = r.kpis.as_ref().unwrap().direct_supply.clone().unwrap();
    assert!(close(shares.export_share_of_generation, 0.2, 1e-6));
    assert!(shares.missed.is_empty());
}

/// Self-use at least 60 % of the available generation.
///
/// The same prices as above. `R − X ≥ 0.6 · A` with self-use at most the 100 MW load and A =
/// 0.5 P: 0.3 P ≤ 100, so P = 333⅓ MW (every MW up to there pays, see above), export
/// 166⅔ − 100 = 66⅔ MW. Cost 333⅓ · 1.2 M − 66⅔ · 8,760 · 400 = 400 M − 233.6 M = 166.4 M.
#[test]
fn direct_self_use_of_generation_binds() {
    let export = "  export: { cap_mw: 1000, tariff: { flat_rmb_per_kwh: 0.4 } }\n";
    let f = direct_fixture(30_000.0, export, "min_self_use_share_of_generation: 0.6");
    let r = plan(&f).report;
    assert_eq!(r.status, SolveStatus::Optimal, "{:?}", r.warnings);
    assert!(close(
        r.capacities.as_ref().unwrap().pv_mw,
        1000.0 / 3.0,
        1e-6
    ));
    assert!(close(r.objective_rmb_per_yr.unwrap(), 166.4e6, 1e-6));
    let shares = r.kpis.as_ref().unwrap().direct_supply.clone().unwrap();
    assert!(close(shares.self_use_share_of_generation, 0.6, 1e-6));
}

/// Own PV and wind at least 30 % of the park's consumption.
///
/// PV at 60,000 RMB/kW (548 RMB/MWh) is dearer than the grid and λ = 10 does not bind, so
/// without the rule no PV is built. With `R − X ≥ 0.3 · U`, U = 100 MW: PV gives 30 MW, P =
/// 60 MW. Cost 60 · 2.4 M + 70 · 8,760 · 500 = 144 M + 306.6 M = 450.6 M RMB/yr.
#[test]
fn direct_self_use_of_consumption_binds() {
    let f = direct_fixture(60_000.0, "", "min_share_of_consumption: 0.3");
    let r = plan(&f).report;
    assert_eq!(r.status, SolveStatus::Optimal, "{:?}", r.warnings);
    assert!(close(r.capacities.as_ref().unwrap().pv_mw, 60.0, 1e-6));
    assert!(close(r.objective_rmb_per_yr.unwrap(), 450.6e6, 1e-6));
    let shares = r.kpis.as_ref().unwrap().direct_supply.clone().unwrap();
    assert!(close(shares.self_use_share_of_consumption, 0.3, 1e-6));
}

/// A direct-supply rule that cannot be met is named with the share reachable: self-use of
/// 60 % of the consumption with PV capped at 100 MW (50 MW on average, 50 %).
#[test]
fn a_direct_supply_rule_out_of_reach_is_diagnosed() {
    let yaml = std::fs::read_to_string(
        direct_fixture(60_000.0, "", "min_share_of_consumption: 0.6").scenario,
    )
    .unwrap()
    .replace("max_mw: 1000", "max_mw: 100");
    let f = fixture(&yaml, &[("load", flat(100.0, DAY)), ("pv", flat(0.5, DAY))]);
    let r = plan(&f).report;
    assert_eq!(r.status, SolveStatus::Infeasible);
    let miss = r
        .infeasibility
        .iter()
        .find(|i| i.rule == "direct-self-use-of-consumption")
        .unwrap_or_else(|| panic!("{:?}", r.infeasibility));
    assert!(close(miss.reachable, 0.5, 1e-6), "{}", miss.reachable);
    assert!(close(miss.limit, 0.6, 1e-12));
}

/// `pv_fixture` with λ = 10 (not binding) and one direct-supply rule.
fn direct_fixture(capex_rmb_per_kw: f64, grid_extra: &str, rule: &str) -> Fixture {
    with_rule(
        &pv_fixture(capex_rmb_per_kw, 10.0, grid_extra),
        &format!("direct_supply: {{ {rule} }}"),
    )
}

/// A copy of `f` with `line` added under `rules:`.
fn with_rule(f: &Fixture, line: &str) -> Fixture {
    let yaml = std::fs::read_to_string(&f.scenario).unwrap().replace(
        "  electricity_tce_basis: equivalent\n",
        &format!("  electricity_tce_basis: equivalent\n  {line}\n"),
    );
    fixture(&yaml, &[("load", flat(100.0, DAY)), ("pv", flat(0.5, DAY))])
}

/// Under `auto` each reading is held to the tier of the baseline's consumption under that
/// reading. A 400 MW grid-only park uses 400 · 8,760 · 0.3 = 1,051,200 tce/yr on the
/// equivalent basis (over 1 Mtce: λ 0.3) but 400 · 8,760 · 0.1229 = 430,642 tce/yr on the
/// calorific basis (λ 0.2): that reading is held to 0.2, not the plan's 0.3.
#[test]
fn under_auto_each_reading_is_held_to_its_own_tier() {
    let yaml = head(DAY, 0.5, 1000.0, 1.0).replace("intensity_limit: 1", "intensity_limit: auto")
        + "resources:
  pv_cf: { file: profile.csv, column: pv }
build:
  pv: { max_mw: 5000 }
catalogue:
  finance: { discount_rate: 0.0 }
  pv: { capex_rmb_per_kw: 1000, lifetime_yr: 25, fixed_om_frac: 0.0 }
";
    let f = fixture(&yaml, &[("load", flat(400.0, DAY)), ("pv", flat(0.5, DAY))]);
    let out = plan(&f);
    assert_eq!(out.report.accounting.intensity_limit_used_t_per_tce, 0.3);
    let k = out.report.kpis.as_ref().expect("a plan");
    let calorific = k
        .intensity_by_reading
        .iter()
        .find(|r| r.reading.name == "calorific basis")
        .expect("the calorific reading");
    assert_eq!(calorific.limit_t_per_tce, 0.2);
    assert_eq!(
        calorific.meets_limit,
        calorific.intensity_t_per_tce <= 0.2 * (1.0 + 1e-6) + 1e-9
    );

    // A reading `rules.robust` enforces is held to the λ the model enforced it at, 0.3.
    let robust = yaml.replace(
        "  electricity_tce_basis: equivalent\n",
        "  electricity_tce_basis: equivalent\n  robust: [{ electricity_tce_basis: calorific }]\n",
    );
    assert_ne!(robust, yaml);
    let f = fixture(
        &robust,
        &[("load", flat(400.0, DAY)), ("pv", flat(0.5, DAY))],
    );
    let out = plan(&f);
    let k = out.report.kpis.as_ref().expect("a plan");
    let enforced = k
        .intensity_by_reading
        .iter()
        .find(|r| r.enforced)
        .expect("the robust reading");
    assert_eq!(enforced.limit_t_per_tce, 0.3);
    assert!(enforced.meets_limit, "{}", enforced.intensity_t_per_tce);
}
