//! Hydrogen constraint families (formulation §3–§5) on tiny fixtures with hand-worked optima,
//! and the sign of the electricity-balance duals. All solves are real HiGHS solves.
//!
//! Shared arithmetic: a 24-hour cut stands for the year with weight `w = 365`; with
//! `discount_rate: 0` a capex is annualised as `capex / lifetime`. Electrolysers in these
//! fixtures: 10 MW stacks, 50 kWh/kg (20 kg per MWh), 1,000 RMB/kW over 10 years = 1 M RMB
//! per stack-year, no stack replacement; storage 1,000 RMB/kg over 10 years = 100 RMB/kg-yr.

mod common;
use common::{close, fixture, flat, options, plan, plan_with, Fixture};
use zcpark::plan::PlanOutcome;
use zcpark::solve::{SolveOptions, SolveStatus, Strategy};

const DAY: usize = 24;
const W: f64 = 365.0;

/// Electricity prices of the fixtures: 0.2 RMB/kWh in hours 0–11, 1.0 in hours 12–23.
fn two_price_day() -> Vec<f64> {
    (0..DAY).map(|h| if h < 12 { 0.2 } else { 1.0 }).collect()
}

/// A scenario head with an hourly tariff column `price`, λ = 10 (no binding policy),
/// grid factor 0.5 t/MWh, and the electrolyser/storage catalogue of the module comment.
fn head(commitment: &str, min_load: f64) -> String {
    format!(
        "name: h2-fixture
horizon: {{ start_hour: 0, hours: 24 }}
loads:
  electricity_mw: {{ file: profile.csv, column: load }}
rules:
  intensity_limit: 10
  grid_factor: 0.5
grid:
  import_cap_mw: 400
  import_tariff: {{ hourly: {{ file: profile.csv, column: price }} }}
catalogue:
  finance: {{ discount_rate: 0.0 }}
  electrolyser_alkaline:
    unit_mw: 10
    capex_rmb_per_kw: 1000
    lifetime_yr: 10
    fixed_om_frac: 0
    stack_share_of_capex_frac: 0
    specific_energy_kwh_per_kg: 50
    min_load_frac: {min_load}
  h2_storage: {{ capex_rmb_per_kg: 1000, lifetime_yr: 10, fixed_om_frac: 0 }}
hydrogen:
  electrolyser: {{ max_stacks: 20, commitment: {commitment} }}
  purchase: {{ price_rmb_per_kg: 100, t_co2_per_kg: 0.02 }}
"
    )
}

fn run(yaml: &str, columns: &[(&str, Vec<f64>)]) -> (Fixture, PlanOutcome) {
    let f = fixture(yaml, columns);
    let out = plan(&f);
    (f, out)
}

/// The dual of each hour's electricity balance is the marginal cost of electricity.
///
/// Load 100 MW, grid only (no PV, wind or battery), import cap 400 MW, prices 0.2 RMB/kWh in
/// hours 0–11 and 1.0 in hours 12–23, λ = 10 (not binding). One more MWh of load in hour t is
/// one more MWh imported at `c^imp_t` (spare import capacity), so the dual converted to
/// RMB/MWh is exactly 200 in hours 0–11 and 1,000 in hours 12–23, with a positive sign.
#[test]
fn marginal_cost_equals_the_import_price_in_grid_only_hours() {
    let yaml = "name: duals
horizon: { start_hour: 0, hours: 24 }
loads:
  electricity_mw: { file: profile.csv, column: load }
rules: { intensity_limit: 10, grid_factor: 0.5 }
grid:
  import_cap_mw: 400
  import_tariff: { hourly: { file: profile.csv, column: price } }
";
    let (_f, out) = run(
        yaml,
        &[("load", flat(100.0, DAY)), ("price", two_price_day())],
    );
    assert_eq!(out.report.status, SolveStatus::Optimal);
    let d = out.dispatch.as_ref().unwrap();
    let mc = d
        .electricity_marginal_cost_rmb_per_mwh
        .as_ref()
        .expect("duals");
    for (t, price) in two_price_day().iter().enumerate() {
        assert!(close(mc[t], price * 1000.0, 1e-9), "hour {t}: {}", mc[t]);
    }
}

/// The same holds after a MIP finish (plain strategy): the integers (here the electrolyser
/// stacks and hourly commitment) are fixed and the LP re-solved for its duals.
#[test]
fn marginal_cost_after_a_mip_finish() {
    let yaml = head("integer", 0.3)
        + "  demand: { kg_per_h: { file: profile.csv, column: h2 } }
  storage: { max_kg: 100000 }
";
    let f = fixture(
        &yaml,
        &[
            ("load", flat(100.0, DAY)),
            ("price", two_price_day()),
            ("h2", flat(1000.0, DAY)),
        ],
    );
    let out = plan_with(
        &f,
        &SolveOptions {
            strategy: Strategy::Plain,
            ..options()
        },
    );
    assert_eq!(out.report.status, SolveStatus::Optimal);
    assert!(out
        .report
        .solve
        .phases
        .iter()
        .any(|p| p.name.contains("duals")));
    let mc = out
        .dispatch
        .as_ref()
        .unwrap()
        .electricity_marginal_cost_rmb_per_mwh
        .clone()
        .expect("duals after a MIP");
    for (t, price) in two_price_day().iter().enumerate() {
        assert!(close(mc[t], price * 1000.0, 1e-6), "hour {t}: {}", mc[t]);
    }
}

/// Hydrogen balance and storage level (families `hydrogen-balance`, `h2-storage-cap`).
///
/// Demand 1,000 kg/h every hour (24,000 kg a day); electricity 0.2 RMB/kWh in hours 0–11 and
/// 1.0 in 12–23; bought hydrogen costs 100 RMB/kg (never worth it). Making the whole day's
/// hydrogen in the cheap half needs 2,000 kg/h = 100 MW = 10 stacks and a store that fills by
/// 1,000 kg/h to 12,000 kg at the end of hour 11 and empties to 0 at the end of hour 23.
/// Shifting one stack's output saves 10 MW · 12 h · 800 RMB/MWh · 365 = 35 M RMB/yr against
/// 1 M RMB/yr per stack and 100 RMB/kg-yr of storage, so all of it is shifted.
/// Objective = 10 · 1 M + 12,000 · 100 + 1,200 MWh · 200 RMB · 365 = 10 M + 1.2 M + 87.6 M
/// = 98.8 M RMB/yr. LCOH = (10 M + 1.2 M + 87.6 M) / (24,000 · 365 kg) = 11.279 RMB/kg, the
/// electrolyser's electricity valued at the marginal cost of its hours (200 RMB/MWh).
#[test]
fn hydrogen_balance_and_storage_level() {
    let yaml = head("integer", 0.3)
        + "  demand: { kg_per_h: { file: profile.csv, column: h2 } }
  storage: { max_kg: 100000 }
";
    let (_f, out) = run(
        &yaml,
        &[
            ("load", flat(0.0, DAY)),
            ("price", two_price_day()),
            ("h2", flat(1000.0, DAY)),
        ],
    );
    let r = &out.report;
    assert_eq!(r.status, SolveStatus::Optimal);
    let caps = r.capacities.as_ref().unwrap();
    assert_eq!(caps.electrolyser_stacks, 10);
    assert!(close(caps.electrolyser_mw, 100.0, 1e-9));
    assert!(
        close(caps.h2_storage_kg, 12_000.0, 1e-6),
        "{}",
        caps.h2_storage_kg
    );
    let expected = 10.0e6 + 1.2e6 + 1200.0 * 200.0 * W;
    assert!(close(r.objective_rmb_per_yr.unwrap(), expected, 1e-6));
    let d = out.dispatch.as_ref().unwrap();
    for t in 0..DAY {
        let produced = if t < 12 { 2000.0 } else { 0.0 };
        assert!(close(d.h2_produced_kg_per_h[t], produced, 1e-6), "hour {t}");
        let level = if t < 12 {
            1000.0 * (t + 1) as f64
        } else {
            12_000.0 - 1000.0 * (t - 11) as f64
        };
        assert!(
            close(d.h2_storage_kg[t], level, 1e-6),
            "hour {t}: {}",
            d.h2_storage_kg[t]
        );
        // The balance rebuilt from the flows: lvl_t = lvl_{t-1} + h2 + buy − D − sale.
        let previous = d.h2_storage_kg[(t + DAY - 1) % DAY];
        let rebuilt = previous + d.h2_produced_kg_per_h[t] + d.h2_bought_kg_per_h[t]
            - d.h2_demand_kg_per_h[t]
            - d.h2_sold_kg_per_h[t];
        assert!((rebuilt - d.h2_storage_kg[t]).abs() < 1e-6);
        let on = if t < 12 { 10.0 } else { 0.0 };
        assert!(close(d.electrolyser_stacks_on[t], on, 1e-9));
    }
    let k = r.kpis.as_ref().unwrap();
    let lcoh = (10.0e6 + 1.2e6 + 1200.0 * 200.0 * W) / (24_000.0 * W);
    assert!(
        close(k.lcoh_rmb_per_kg.unwrap(), lcoh, 1e-6),
        "{:?}",
        k.lcoh_rmb_per_kg
    );
    assert!(close(k.hydrogen_produced_kg, 24_000.0 * W, 1e-9));
    // EC counts the electrolysers' electricity (k_e 0.3): 1,200 MWh · 365 · 0.3 tce.
    assert!(close(k.energy_tce, 1200.0 * W * 0.3, 1e-6));
    // The baseline builds nothing and buys the whole demand at 100 RMB/kg, 0.02 t/kg.
    let b = r.baseline.kpis.as_ref().unwrap();
    assert!(close(b.hydrogen_bought_kg, 24_000.0 * W, 1e-9));
    assert!(close(b.emissions_t, 0.02 * 24_000.0 * W, 1e-9));
    // EC of the baseline: k_h2 · bought = 0.00409 tce/kg.
    assert!(close(b.energy_tce, 0.00409 * 24_000.0 * W, 1e-9));
    assert!(close(
        r.baseline.objective_rmb_per_yr.unwrap(),
        100.0 * 24_000.0 * W,
        1e-9
    ));
}

/// Minimum load in each commitment mode (families `electrolyser-min-load`,
/// `electrolyser-max-load`, `electrolyser-on-cap`, `electrolyser-cap`).
///
/// Demand 200 kg/h flat (10 MW of electrolysis), no storage and no sale, so every kg made
/// must be used in its hour. Stacks of 50 MW (50 M RMB over 10 years: 5 M RMB/yr each) with a
/// 30 % minimum load (15 MW = 300 kg/h). Electricity 0.2 RMB/kWh, bought hydrogen 50 RMB/kg.
/// - `off`: one stack runs at 10 MW all year: 5 M + 87,600 MWh · 200 = 22.52 M RMB/yr.
/// - `relaxed`: `on_t` may be 0.2–0.67 of a stack, so the 10 MW fits between 15·on_t and
///   50·on_t: the same 22.52 M.
/// - `integer`: a running stack makes at least 300 kg/h, more than the 200 kg/h that can be
///   used, so no stack can ever run: none is built and the demand is bought,
///   200 · 8,760 · 50 = 87.6 M RMB/yr. This is the case where `integer` and `off` differ: a
///   demand below a stack's minimum load with nowhere to put the surplus.
#[test]
fn minimum_load_in_each_commitment_mode() {
    let columns = [
        ("load", flat(0.0, DAY)),
        ("price", flat(0.2, DAY)),
        ("h2", flat(200.0, DAY)),
    ];
    let with_mode = |mode: &str| {
        head(mode, 0.3).replace("unit_mw: 10", "unit_mw: 50")
            + "  demand: { kg_per_h: { file: profile.csv, column: h2 } }
"
    };
    let purchase_50 = |yaml: String| yaml.replace("price_rmb_per_kg: 100", "price_rmb_per_kg: 50");
    for mode in ["off", "relaxed"] {
        let (_f, out) = run(&purchase_50(with_mode(mode)), &columns);
        let r = &out.report;
        assert_eq!(r.status, SolveStatus::Optimal, "{mode}");
        assert_eq!(
            r.capacities.as_ref().unwrap().electrolyser_stacks,
            1,
            "{mode}"
        );
        let expected = 5.0e6 + 10.0 * 8760.0 * 200.0;
        assert!(
            close(r.objective_rmb_per_yr.unwrap(), expected, 1e-6),
            "{mode}: {}",
            r.objective_rmb_per_yr.unwrap()
        );
        let d = out.dispatch.as_ref().unwrap();
        assert!(d.electrolyser_mw.iter().all(|p| close(*p, 10.0, 1e-6)));
        // Reported running stacks: the fewest that carry the flow, 10 MW / 50 MW.
        assert!(
            d.electrolyser_stacks_on
                .iter()
                .all(|n| close(*n, 0.2, 1e-6)),
            "{mode}: {:?}",
            &d.electrolyser_stacks_on[..3]
        );
    }
    for strategy in [Strategy::Staged, Strategy::Plain] {
        let f = fixture(&purchase_50(with_mode("integer")), &columns);
        let out = plan_with(
            &f,
            &SolveOptions {
                strategy,
                ..options()
            },
        );
        let r = &out.report;
        assert_eq!(r.status, SolveStatus::Optimal);
        assert_eq!(r.capacities.as_ref().unwrap().electrolyser_stacks, 0);
        let expected = 200.0 * 8760.0 * 50.0;
        assert!(
            close(r.objective_rmb_per_yr.unwrap(), expected, 1e-6),
            "{strategy:?}: {}",
            r.objective_rmb_per_yr.unwrap()
        );
    }
}

/// A daily total delivered at any hour of its day (family `hydrogen-delivery`).
///
/// 24,000 kg a day, prices as in the storage test, no storage allowed: the deliveries move to
/// the cheap half of the day, 2,000 kg/h from 10 stacks in hours 0–11 and nothing after.
/// Objective = 10 · 1 M + 1,200 MWh · 200 · 365 = 97.6 M RMB/yr. The same amount written as
/// `kg_per_yr: 8,760,000` (window `day` by default) gives the same plan.
#[test]
fn daily_total_is_delivered_within_its_day() {
    for demand in ["kg_per_day: 24000", "kg_per_yr: 8760000"] {
        let yaml = head("integer", 0.3) + &format!("  demand: {{ {demand} }}\n");
        let (_f, out) = run(
            &yaml,
            &[("load", flat(0.0, DAY)), ("price", two_price_day())],
        );
        let r = &out.report;
        assert_eq!(r.status, SolveStatus::Optimal);
        assert_eq!(r.capacities.as_ref().unwrap().electrolyser_stacks, 10);
        let expected = 10.0e6 + 1200.0 * 200.0 * W;
        assert!(close(r.objective_rmb_per_yr.unwrap(), expected, 1e-6));
        let d = out.dispatch.as_ref().unwrap();
        let delivered: f64 = d.h2_demand_kg_per_h.iter().sum();
        assert!(close(delivered, 24_000.0, 1e-9));
        for t in 0..DAY {
            let expected = if t < 12 { 2000.0 } else { 0.0 };
            assert!(close(d.h2_demand_kg_per_h[t], expected, 1e-6), "hour {t}");
        }
    }
}

/// Sale in the balance, the cap, EM and EC (families `hydrogen-balance`,
/// `hydrogen-sale-cap`; formulation §4).
///
/// No demand; electricity 0.2 RMB/kWh flat; hydrogen sells at 30 RMB/kg, at most
/// 20,000,000 kg a year. Electrolytic hydrogen costs 4 RMB/kg of electricity, and a stack
/// (1 M RMB/yr) makes up to 1,752,000 kg a year, so the park sells up to the cap:
/// 2,283.1 kg/h = 114.2 MW, i.e. 12 stacks (11.42 in the relaxation).
/// Objective = 12 M + 1,000,000 MWh · 200 − 30 · 20 M = −388 M RMB/yr.
/// EC = k_e · 1,000,000 MWh − k_h2 · 20,000,000 kg = 300,000 − 81,800 = 218,200 tce
/// (hydrogen sold is an energy product sent out); EM = 0.5 t/MWh · 1,000,000 MWh imported.
#[test]
fn sale_cap_and_energy_accounting_of_hydrogen_sold() {
    let yaml = head("off", 0.3)
        + "  sale: { price_rmb_per_kg: 30, max_kg_per_yr: 20000000 }
";
    let (_f, out) = run(
        &yaml,
        &[("load", flat(0.0, DAY)), ("price", flat(0.2, DAY))],
    );
    let r = &out.report;
    assert_eq!(r.status, SolveStatus::Optimal);
    assert_eq!(r.capacities.as_ref().unwrap().electrolyser_stacks, 12);
    let k = r.kpis.as_ref().unwrap();
    assert!(
        close(k.hydrogen_sold_kg, 2.0e7, 1e-6),
        "{}",
        k.hydrogen_sold_kg
    );
    let mwh = 2.0e7 / 20.0;
    assert!(close(k.electrolyser_electricity_mwh, mwh, 1e-6));
    assert!(
        close(k.energy_tce, 0.3 * mwh - 0.00409 * 2.0e7, 1e-6),
        "{}",
        k.energy_tce
    );
    assert!(close(k.emissions_t, 0.5 * mwh, 1e-6));
    let expected = 12.0e6 + mwh * 200.0 - 30.0 * 2.0e7;
    assert!(close(r.objective_rmb_per_yr.unwrap(), expected, 1e-6));
    // Hydrogen made and sold raises EC (0.3 · 50 kWh/kg against 4.09 kgce/kg taken off):
    // the plan warns that such sales loosen the intensity rule, with the tonnes sold.
    let warning = r
        .warnings
        .iter()
        .find(|w| w.contains("loosen the intensity rule"))
        .unwrap_or_else(|| panic!("no hydrogen-sale warning: {:?}", r.warnings));
    assert!(warning.contains("20000.0 t/yr"), "{warning}");
}

/// `relaxed` is written as `off` (same feasible flows, see `model::electrolyser`): the same
/// columns and rows, none of the `on_t` families; `integer` adds one integer `on_t` per hour
/// and the three `electrolyser-*-load`/`on-cap` rows per hour in place of `electrolyser-cap`.
#[test]
fn relaxed_commitment_is_built_as_off() {
    let columns = [
        ("load", flat(0.0, DAY)),
        ("price", two_price_day()),
        ("h2", flat(1000.0, DAY)),
    ];
    let stats = |mode: &str| {
        let yaml = head(mode, 0.3) + "  demand: { kg_per_h: { file: profile.csv, column: h2 } }\n";
        let f = fixture(&yaml, &columns);
        let loaded =
            zcpark::scenario::load(&zcpark::scenario::ScenarioSource::Disk(f.scenario.clone()))
                .expect("valid");
        let options = zcpark::model::BuildOptions::new(true, zcpark::model::PolicyRows::Off);
        zcpark::model::build(&loaded.park, options).problem.stats()
    };
    let (off, relaxed, integer) = (stats("off"), stats("relaxed"), stats("integer"));
    assert_eq!(relaxed.variables, off.variables);
    assert_eq!(relaxed.constraints, off.constraints);
    assert_eq!(relaxed.families, off.families);
    assert_eq!(off.families.get("electrolyser-cap"), Some(&DAY));
    assert_eq!(integer.variables, off.variables + DAY);
    assert_eq!(integer.integers, off.integers + DAY);
    for family in [
        "electrolyser-on-cap",
        "electrolyser-max-load",
        "electrolyser-min-load",
    ] {
        assert_eq!(integer.families.get(family), Some(&DAY), "{family}");
        assert_eq!(off.families.get(family), None, "{family}");
    }
    assert_eq!(integer.constraints, off.constraints + 2 * DAY);
}
