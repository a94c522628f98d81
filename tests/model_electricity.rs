//! One test per constraint family of the electricity model, each on a tiny fixture whose
//! optimum is worked out by hand in the comment. All solves are real HiGHS solves.
//!
//! Shared hand-arithmetic: a cut of `h` hours stands for the year with weight `w = 8760/h`;
//! with `discount_rate: 0` the annualised cost of a capex is `capex / lifetime + f · capex`.

mod common;
use common::*;
use zcpark::solve::{SolveStatus, Strategy};

const DAY: usize = 24;
const DAYS_PER_YEAR: f64 = 365.0;

/// PV availability and the carbon-intensity row.
///
/// Load 100 MW flat; PV cf 0.5 from 06:00 to 17:00 (12 h), 0 at night; grid 0.5 RMB/kWh,
/// grid factor 0.5 t/MWh, k_e 0.3 tce/MWh, λ = 1.0 t/tce. The row EM ≤ λ·EC reads
/// 0.5·imp ≤ 1.0·0.3·load, so imports ≤ 60 % of load: 1,440 of 2,400 MWh a day. Night needs
/// 1,200 MWh from the grid, so PV must give 960 MWh over 12 h: 80 MW an hour, P = 160 MW.
/// PV costs 30,000 RMB/kW over 25 years = 1.2 M RMB/MW-yr, i.e. 548 RMB/MWh at 2,190
/// full-load hours, dearer than the grid, so no more PV than the row needs is built.
/// Objective = 160·1.2 M + 1,440·365·500 RMB = 192.0 M + 262.8 M = 454.8 M RMB/yr.
#[test]
fn pv_availability_and_intensity_row() {
    let pv: Vec<f64> = (0..DAY)
        .map(|h| if (6..18).contains(&h) { 0.5 } else { 0.0 })
        .collect();
    let yaml = head(DAY, 0.5, 200.0, 1.0)
        + "resources:
  pv_cf: { file: profile.csv, column: pv }
build:
  pv: { max_mw: 1000 }
catalogue:
  finance: { discount_rate: 0.0 }
  pv: { capex_rmb_per_kw: 30000, lifetime_yr: 25, fixed_om_frac: 0.0 }
";
    let f = fixture(&yaml, &[("load", flat(100.0, DAY)), ("pv", pv)]);
    let out = plan(&f);
    let r = &out.report;
    assert_eq!(r.status, SolveStatus::Optimal);
    let caps = r.capacities.as_ref().unwrap();
    assert!(close(caps.pv_mw, 160.0, 1e-6), "pv {}", caps.pv_mw);
    let expected = 160.0 * 30_000.0 * 1000.0 / 25.0 + 1440.0 * DAYS_PER_YEAR * 500.0;
    assert!(close(r.objective_rmb_per_yr.unwrap(), expected, 1e-6));
    let k = r.kpis.as_ref().unwrap();
    assert!(
        close(k.intensity_t_per_tce, 1.0, 1e-6),
        "{}",
        k.intensity_t_per_tce
    );
    assert!(close(k.grid_import_mwh, 1440.0 * DAYS_PER_YEAR, 1e-6));
    // The baseline imports everything: intensity 0.5 / 0.3 = 1.667 t/tce.
    let b = r.baseline.kpis.as_ref().unwrap();
    assert!(close(b.intensity_t_per_tce, 0.5 / 0.3, 1e-9));
    // Hour by hour, PV never exceeds cf · capacity.
    let d = out.dispatch.as_ref().unwrap();
    for t in 0..DAY {
        assert!(d.pv_mw[t] <= d.pv_available_mw[t] + 1e-6);
    }
}

/// Wind in whole turbines.
///
/// Load 100 MW flat, wind cf 0.5 every hour, 6 MW turbines (3 MW each on average), λ so that
/// imports ≤ 60 % of load: wind must give ≥ 40 MW, i.e. 13⅓ turbines in the LP relaxation,
/// 14 in whole units. Turbines cost 50,000 RMB/kW over 20 years: 15 M RMB per turbine-yr,
/// 571 RMB/MWh at 4,380 h, dearer than the 500 RMB/MWh grid, so exactly 14 are built and all
/// their 42 MW is used (imports 58 MW). Objective = 14·15 M + 58·24·365·500 RMB.
#[test]
fn wind_turbines_are_whole_units() {
    let f = whole_turbines(DAY);
    for strategy in [Strategy::Staged, Strategy::Plain] {
        let out = plan_with(
            &f,
            &zcpark::solve::SolveOptions {
                strategy,
                ..options()
            },
        );
        let r = &out.report;
        assert_eq!(r.status, SolveStatus::Optimal);
        let caps = r.capacities.as_ref().unwrap();
        assert_eq!(caps.wind_turbines, 14, "{strategy:?}");
        assert_eq!(caps.wind_mw, 84.0);
        // A day weighted to a year: a cut, said in `plan.json` → `horizon`.
        assert_eq!(
            (r.horizon.basis, r.horizon.steps, r.horizon.first_hour),
            ("cut", DAY, Some(0))
        );
        let turbine_yr = 50_000.0 * 1000.0 * 6.0 / 20.0;
        let expected = 14.0 * turbine_yr + 58.0 * 24.0 * DAYS_PER_YEAR * 500.0;
        assert!(
            close(r.objective_rmb_per_yr.unwrap(), expected, 1e-6),
            "{strategy:?}: {} vs {expected}",
            r.objective_rmb_per_yr.unwrap()
        );
    }
}

/// The staged strategy proves the whole-turbine optimum above by branching on the turbine
/// count alone, without HiGHS's branch-and-bound. The relaxation builds 13⅓ turbines and
/// imports 60 MW: 13⅓ · 15,000 + 60 · 8,760 · 0.5 = 462,800 kRMB/yr, 0.27 % under the
/// 14-turbine plan (14 · 15,000 + 58 · 8,760 · 0.5 = 464,040). The side `≤ 13` is infeasible
/// (13 · 3 MW = 39 MW < 40 MW); the side `≥ 14` has its LP at exactly 14 turbines, so its
/// bound is the plan's cost and the gap closes.
#[test]
fn staged_closes_a_size_gap_by_branching_on_sizes() {
    let f = whole_turbines(DAY);
    let out = plan(&f);
    let r = &out.report;
    assert_eq!(r.status, SolveStatus::Optimal);
    assert_eq!(r.capacities.as_ref().unwrap().wind_turbines, 14);
    assert!(r.mip_gap.unwrap() <= 1e-6, "gap {:?}", r.mip_gap);
    let phases: Vec<(&str, Option<f64>)> = r
        .solve
        .phases
        .iter()
        .map(|p| (p.name.as_str(), p.objective_krmb))
        .collect();
    assert_eq!(phases[0].0, "lp-relaxation");
    assert!(close(phases[0].1.unwrap(), 462_800.0, 1e-9), "{phases:?}");
    let branches: Vec<_> = phases
        .iter()
        .filter(|(name, _)| name.starts_with("size-branch"))
        .collect();
    assert_eq!(branches.len(), 2, "{phases:?}");
    assert_eq!(branches[0], &("size-branch [0-13]", None), "{phases:?}");
    assert_eq!(branches[1].0, "size-branch [14-50]");
    assert!(close(branches[1].1.unwrap(), 464_040.0, 1e-9), "{phases:?}");
    assert!(close(r.objective_rmb_per_yr.unwrap(), 464_040e3, 1e-9));
    assert!(phases.iter().all(|(name, _)| *name != "milp"), "{phases:?}");
}

/// Battery: energy and power sized apart, duration bound, cyclic state of charge.
///
/// Load 100 MW flat; hours 0–11 cost 0.2 RMB/kWh, hours 12–23 cost 1.0; no policy (λ = 10).
/// Round trip 0.81 (0.9 each way). Shifting the whole peak (1,200 MWh a day of discharge)
/// needs E = 1,200 / 0.9 = 1,333.3 MWh and 1,481.5 MWh of valley charging; power
/// max(100, 1,481.5/12, E/d_max = 1,333.3/8) = 166.7 MW (the 8 h duration cap binds).
/// Each unit of shifting is worth 903,704 RMB a day against 15.0 M RMB/yr of battery
/// (10 RMB/kWh-yr and 10 RMB/kW-yr) and 5 RMB/MWh wear, so the LP shifts all of it.
#[test]
fn battery_shifts_the_whole_peak_within_its_duration() {
    let yaml = "name: fixture
horizon: { start_hour: 0, hours: 24 }
loads:
  electricity_mw: { file: profile.csv, column: load }
rules: { intensity_limit: 10, grid_factor: 0.5 }
grid:
  import_cap_mw: 400
  import_tariff:
    tou:
      prices_rmb_per_kwh: { valley: 0.2, peak: 1.0 }
      seasons:
        - months: [1,2,3,4,5,6,7,8,9,10,11,12]
          hours: { valley: '0-11', peak: '12-23' }
build:
  battery: { max_mwh: 5000 }
catalogue:
  finance: { discount_rate: 0.0 }
  battery: { capex_energy_rmb_per_kwh: 100, capex_power_rmb_per_kw: 100, lifetime_yr: 10,
             fixed_om_frac: 0.0, round_trip_eff: 0.81, min_duration_h: 1, max_duration_h: 8,
             wear_cost_rmb_per_mwh: 5 }
";
    let f = fixture(yaml, &[("load", flat(100.0, DAY))]);
    let out = plan(&f);
    let r = &out.report;
    assert_eq!(r.status, SolveStatus::Optimal);
    let caps = r.capacities.as_ref().unwrap();
    let e = 1200.0 / 0.9;
    assert!(close(caps.battery_mwh, e, 1e-6), "E {}", caps.battery_mwh);
    assert!(
        close(caps.battery_mw, e / 8.0, 1e-6),
        "P {}",
        caps.battery_mw
    );
    let valley_mwh = 1200.0 + e / 0.9;
    let expected = DAYS_PER_YEAR * (valley_mwh * 200.0 + 1200.0 * 5.0)
        + e * 100.0 * 1000.0 / 10.0
        + e / 8.0 * 100.0 * 1000.0 / 10.0;
    assert!(close(r.objective_rmb_per_yr.unwrap(), expected, 1e-6));
    // The state of charge follows soc_t = soc_{t-1} + 0.9 ch_t − dis_t / 0.9, cyclically,
    // and stays within [0, E]; charge and discharge within P.
    let d = out.dispatch.as_ref().unwrap();
    for t in 0..DAY {
        let prev = d.battery_soc_mwh[(t + DAY - 1) % DAY];
        let expect = prev + 0.9 * d.battery_charge_mw[t] - d.battery_discharge_mw[t] / 0.9;
        assert!((d.battery_soc_mwh[t] - expect).abs() < 1e-6, "hour {t}");
        assert!(d.battery_soc_mwh[t] <= caps.battery_mwh + 1e-6);
        assert!(d.battery_charge_mw[t] <= caps.battery_mw + 1e-6);
        assert!(d.battery_discharge_mw[t] <= caps.battery_mw + 1e-6);
        if t >= 12 {
            assert!(
                d.import_mw[t] < 1e-6,
                "peak hour {t} imports {}",
                d.import_mw[t]
            );
        }
    }
}

/// Import and export are never simultaneous where export pays more than import.
///
/// Import 0.2 RMB/kWh, export 0.3: an LP would import to the cap and export to its cap to
/// pocket the spread. The park has no generation, so with the binary b_t it can only import
/// its load: cost = 50 MW · 24 · 365 · 200 RMB = 87.6 M RMB/yr, no export at all.
#[test]
fn no_simultaneous_import_and_export_where_export_pays_more() {
    let yaml = head(DAY, 0.2, 100.0, 10.0)
        + "  export: { cap_mw: 80, tariff: { flat_rmb_per_kwh: 0.3 } }
";
    let f = fixture(&yaml, &[("load", flat(50.0, DAY))]);
    for strategy in [Strategy::Staged, Strategy::Plain] {
        let out = plan_with(
            &f,
            &zcpark::solve::SolveOptions {
                strategy,
                ..options()
            },
        );
        let r = &out.report;
        assert_eq!(r.status, SolveStatus::Optimal);
        assert_eq!(r.solve.problem.integers, DAY, "one binary per hour");
        assert!(close(
            r.objective_rmb_per_yr.unwrap(),
            50.0 * 24.0 * 365.0 * 200.0,
            1e-9
        ));
        let d = out.dispatch.as_ref().unwrap();
        for t in 0..DAY {
            assert!(d.import_mw[t] * d.export_mw[t] < 1e-9, "hour {t}");
        }
    }
}

/// Export capped at a share of on-site output.
///
/// PV cf 1.0 all day costs 20 RMB/MWh-equivalent (cheap); export pays 0.3 RMB/kWh; load 100
/// MW; PV land cap 1,000 MW; export cap 1,000 MW; φ = 0.2. Exporting is profitable, so the
/// cap binds: export = 0.2·PV output, and PV output = load + export, so PV = 125 MW and
/// export = 25 MW every hour.
#[test]
fn export_share_cap_binds() {
    let yaml = head(DAY, 0.5, 200.0, 10.0)
        + "  export: { cap_mw: 1000, tariff: { flat_rmb_per_kwh: 0.3 }, max_share_of_output: 0.2 }
resources:
  pv_cf: { file: profile.csv, column: pv }
build:
  pv: { max_mw: 1000 }
catalogue:
  finance: { discount_rate: 0.0 }
  pv: { capex_rmb_per_kw: 175.2, lifetime_yr: 1, fixed_om_frac: 0.0 }
";
    let f = fixture(&yaml, &[("load", flat(100.0, DAY)), ("pv", flat(1.0, DAY))]);
    let out = plan(&f);
    let k = out.report.kpis.as_ref().unwrap();
    assert!(close(
        out.report.capacities.as_ref().unwrap().pv_mw,
        125.0,
        1e-6
    ));
    assert!(close(
        k.grid_export_mwh,
        0.2 * k.renewable_generation_mwh,
        1e-6
    ));
    assert!(k.grid_import_mwh < 1e-3);
}

/// Green power, certificates and the clean-share row.
///
/// Load 100 MW flat, grid only, clean-share target σ = 0.5, α_grid = 0. The row reads
/// imp − C ≤ 0.5·L (all in MWh/yr, k_e cancels) with imp = L − G. Certificates cost
/// 10 RMB/MWh and are capped at χ·imp; green power costs a 50 RMB/MWh premium.
/// With χ = 0.2: certificates alone give at most 0.2·L; the cheapest mix fills the cap
/// C = 0.2·(L − G) and buys G from 0.8·G = 0.3·L: G = 0.375·L, C = 0.125·L.
#[test]
fn clean_share_with_green_power_and_capped_certificates() {
    let yaml = head(DAY, 0.5, 200.0, 10.0)
        + "  green_power: { premium_rmb_per_kwh: 0.05, max_mwh_per_yr: 10000000 }
  certificates: { price_rmb_per_mwh: 10, max_share_of_imports: 0.2 }
";
    let yaml = yaml.replace(
        "  electricity_tce_basis: equivalent\n",
        "  electricity_tce_basis: equivalent\n  clean_share: { target: 0.5 }\n",
    );
    let f = fixture(&yaml, &[("load", flat(100.0, DAY))]);
    let out = plan(&f);
    let k = out.report.kpis.as_ref().unwrap();
    let load = 100.0 * 8760.0;
    assert!(
        close(k.green_purchase_mwh, 0.375 * load, 1e-6),
        "{}",
        k.green_purchase_mwh
    );
    assert!(
        close(k.certificates_mwh, 0.125 * load, 1e-6),
        "{}",
        k.certificates_mwh
    );
    assert!(close(k.clean_share, 0.5, 1e-6));
    let expected = load * 500.0 + 0.375 * load * 50.0 + 0.125 * load * 10.0;
    assert!(close(
        out.report.objective_rmb_per_yr.unwrap(),
        expected,
        1e-6
    ));
    // Certificates cancel grid emissions (formulation §4): EM = ef · (imp − C).
    assert!(close(k.emissions_t, 0.5 * (0.625 - 0.125) * load, 1e-6));
}

/// The demand charges over a full year, where the model bounds each peak through daily
/// partial peaks (a month's 672–744 hours: 28–31 groups of 24 under the monthly peak; a
/// contracted capacity's 8,760: 365 groups, then 16 groups of those, under it).
///
/// Grid only, charge 30 RMB/kW-month, load 50 MW except 150 MW in hour 8,000 (30 November,
/// in November's last group, and in group 13 of the 16 under a contracted capacity). Max demand: eleven months billed at 50 MW and
/// November at 150 MW, 30,000 RMB/MW-month · (11 · 50 + 150) = 21.0 M RMB/yr. Contracted
/// capacity: 150 MW in all 12 months, 54.0 M RMB/yr. A partial peak that missed its hour or
/// a group that missed the peak would bill 50 MW for it.
#[test]
fn demand_charges_bill_the_peak_over_a_full_year() {
    let mut load = flat(50.0, 8760);
    load[8000] = 150.0;
    for (charge, billed_mw_months) in [
        ("max_demand_rmb_per_kw_month", 11.0 * 50.0 + 150.0),
        ("contracted_rmb_per_kw_month", 12.0 * 150.0),
    ] {
        let yaml = head(8760, 0.5, 200.0, 10.0) + &format!("  demand_charge: {{ {charge}: 30 }}\n");
        let f = fixture(&yaml, &[("load", load.clone())]);
        let out = plan(&f);
        let costs = out.report.costs.as_ref().unwrap();
        assert!(
            close(costs["demand_charge"], 30_000.0 * billed_mw_months, 1e-9),
            "{charge}: {}",
            costs["demand_charge"]
        );
    }
}

/// The monthly maximum-demand charge and the contracted-capacity alternative.
///
/// Load 50 MW in hours 0–11 and 150 MW in hours 12–23, grid only, charge 30 RMB/kW-month.
/// The 24 h cut lies in January and stands for the year, so January's peak stands for all
/// 12 monthly bills (a cut's bills add up to 12, whatever months it touches). Max demand:
/// 150 MW · 30,000 RMB/MW-month · 12. Contracted capacity: 150 MW · 30,000 · 12.
#[test]
fn demand_charges_bill_the_peak() {
    let load: Vec<f64> = (0..DAY)
        .map(|h| if h < 12 { 50.0 } else { 150.0 })
        .collect();
    for (charge, months) in [
        ("max_demand_rmb_per_kw_month", 12.0),
        ("contracted_rmb_per_kw_month", 12.0),
    ] {
        let yaml = head(DAY, 0.5, 200.0, 10.0) + &format!("  demand_charge: {{ {charge}: 30 }}\n");
        let f = fixture(&yaml, &[("load", load.clone())]);
        let out = plan(&f);
        let costs = out.report.costs.as_ref().unwrap();
        assert!(
            close(costs["demand_charge"], 150.0 * 30_000.0 * months, 1e-9),
            "{charge}"
        );
    }
}

/// A rule that cannot be met is an answer: which rule, and by how much.
///
/// Grid only (0.5 t/MWh, k_e 0.3): intensity 1.667 t/tce whatever is done, limit 0.2.
#[test]
fn infeasible_rule_reports_the_lowest_reachable_intensity() {
    let f = fixture(&head(DAY, 0.5, 200.0, 0.2), &[("load", flat(100.0, DAY))]);
    let out = plan(&f);
    assert_eq!(out.report.status, SolveStatus::Infeasible);
    assert_eq!(out.exit_code(), 3);
    let problem = &out.report.infeasibility[0];
    assert_eq!(problem.rule, "carbon-intensity");
    assert!(
        close(problem.reachable, 0.5 / 0.3, 1e-6),
        "{}",
        problem.reachable
    );
    assert!(problem.message.contains("1.667") && problem.message.contains("0.200"));
}

/// The connection too small for the load: the balance, not a policy row, is what fails.
#[test]
fn unserved_load_is_diagnosed() {
    let f = fixture(&head(DAY, 0.5, 80.0, 10.0), &[("load", flat(100.0, DAY))]);
    let out = plan(&f);
    assert_eq!(out.report.status, SolveStatus::Infeasible);
    let problem = &out.report.infeasibility[0];
    assert_eq!(problem.rule, "electricity-balance");
    assert!(close(problem.reachable, 20.0 * 8760.0, 1e-6));
}
