//! Heat constraint families (formulation §3–§5) on tiny fixtures with hand-worked optima.
//! All solves are real HiGHS solves.
//!
//! Shared arithmetic: a 24-hour cut stands for the year with weight `w = 365`; with
//! `discount_rate: 0` a capex is annualised as `capex / lifetime`. Gas at 2.0 RMB/Nm³ with the
//! catalogue LHV of 9.97 kWh/Nm³ is 200.60 RMB/MWh; through a 0.9-efficient boiler that is
//! 222.89 RMB per MWh of heat.

mod common;
use common::{close, fixture, flat, plan};
use zcpark::solve::SolveStatus;

const DAY: usize = 24;
const W: f64 = 365.0;
const GAS_RMB_PER_MWH: f64 = 2.0 * 1000.0 / 9.97;

/// COP 4 in hours 0–11 and 2 in hours 12–23.
fn cop_day() -> Vec<f64> {
    (0..DAY).map(|h| if h < 12 { 4.0 } else { 2.0 }).collect()
}

fn head(extra_heat: &str) -> String {
    format!(
        "name: heat-fixture
horizon: {{ start_hour: 0, hours: 24 }}
loads:
  electricity_mw: {{ file: profile.csv, column: load }}
rules: {{ intensity_limit: 10, grid_factor: 0.5 }}
grid:
  import_cap_mw: 400
  import_tariff: {{ flat_rmb_per_kwh: 0.4 }}
catalogue:
  finance: {{ discount_rate: 0.0 }}
  heat_pump: {{ capex_rmb_per_kw: 3000, lifetime_yr: 10, fixed_om_frac: 0 }}
  thermal_storage: {{ capex_rmb_per_kwh: 10, lifetime_yr: 10, fixed_om_frac: 0 }}
heat:
  demand_mw_th: {{ file: profile.csv, column: heat }}
  gas_boiler: {{ capacity_mw_th: 150, gas_price_rmb_per_nm3: 2.0, efficiency_frac: 0.9 }}
  heat_pump:
    max_mw_th: 500
    cop: {{ hourly: {{ file: profile.csv, column: cop }} }}
{extra_heat}"
    )
}

fn columns() -> Vec<(&'static str, Vec<f64>)> {
    vec![
        ("load", flat(0.0, DAY)),
        ("heat", flat(100.0, DAY)),
        ("cop", cop_day()),
    ]
}

/// Heat balance with an hourly COP (families `heat-balance`, `heat-pump-cap`).
///
/// Heat demand 100 MW_th flat; the gas boiler makes heat at 222.89 RMB/MWh_th; a heat pump
/// (0.3 M RMB per MW_th-yr) at 0.4 RMB/kWh makes it for 100 RMB/MWh_th at COP 4 (hours 0–11)
/// and 200 at COP 2 (hours 12–23). One MW_th of heat pump running all day saves
/// (122.89 + 22.89) · 12 · 365 = 638,5xx RMB/yr > 0.3 M, so 100 MW_th is built and the gas
/// boiler stops. Electricity = 100/4 · 12 + 100/2 · 12 = 900 MWh a day.
/// Objective = 100 · 0.3 M + 900 · 365 · 400 = 30 M + 131.4 M = 161.4 M RMB/yr.
/// Baseline: gas only, 111.1 MW of gas: EM = 0.2016 · 111.1 · 8760, EC = 0.1229 · 111.1 ·
/// 8760, intensity 0.2016 / 0.1229 = 1.64 t/tce (china-rules.md §2).
#[test]
fn heat_balance_with_hourly_cop() {
    let f = fixture(&head(""), &columns());
    let out = plan(&f);
    let r = &out.report;
    assert_eq!(r.status, SolveStatus::Optimal);
    let caps = r.capacities.as_ref().unwrap();
    assert!(
        close(caps.heat_pump_mw, 100.0, 1e-6),
        "{}",
        caps.heat_pump_mw
    );
    let expected = 30.0e6 + 900.0 * W * 400.0;
    assert!(close(r.objective_rmb_per_yr.unwrap(), expected, 1e-6));
    let d = out.dispatch.as_ref().unwrap();
    for t in 0..DAY {
        // gb + eb + hp + tsd = L^h + tsc + h_cc · cc, rebuilt from the dispatch.
        let supply = d.gas_boiler_mw_th[t]
            + d.electric_boiler_mw_th[t]
            + d.heat_pump_mw_th[t]
            + d.thermal_discharge_mw_th[t];
        let use_ = d.heat_demand_mw_th[t] + d.thermal_charge_mw_th[t] + d.ccus_heat_mw_th[t];
        assert!((supply - use_).abs() < 1e-6, "hour {t}");
        assert!(close(d.heat_pump_mw[t], 100.0 / cop_day()[t], 1e-6));
        // The heat pump's electricity is imported: imp = L^e + hp / COP.
        assert!(close(
            d.import_mw[t],
            d.load_mw[t] + d.heat_pump_mw[t],
            1e-6
        ));
    }
    let k = r.kpis.as_ref().unwrap();
    assert!(
        close(k.energy_tce, 0.3 * 900.0 * W, 1e-6),
        "{}",
        k.energy_tce
    );
    assert!(k.gas_use_mwh.abs() < 1e-6);
    let b = r.baseline.kpis.as_ref().unwrap();
    let fuel_mwh = 100.0 / 0.9 * 8760.0;
    assert!(close(b.gas_use_mwh, fuel_mwh, 1e-9));
    assert!(close(b.emissions_t, 0.2016 * fuel_mwh, 1e-9));
    assert!(close(b.energy_tce, 0.1229 * fuel_mwh, 1e-9));
    assert!(close(b.intensity_t_per_tce, 0.2016 / 0.1229, 1e-9));
    assert!(close(
        r.baseline.objective_rmb_per_yr.unwrap(),
        GAS_RMB_PER_MWH * fuel_mwh,
        1e-9
    ));
    assert!(close(b.gas_use_nm3, fuel_mwh * 1000.0 / 9.97, 1e-9));
}

/// Thermal storage level and rate limits (families `thermal-storage-level`,
/// `thermal-storage-cap`, `thermal-storage-charge-cap`, `thermal-storage-discharge-cap`).
///
/// As above, plus storage at 1 RMB/kWh_th-yr (1,000 RMB/MWh_th-yr). Moving a MW_th of the
/// COP-2 hours' heat to the COP-4 hours saves 100 RMB/MWh_th · 12 h · 365 = 438,000 RMB/yr
/// against 0.3 M RMB of extra heat pump and 12 MWh_th · 1,000 of storage, so all of it
/// moves: a 200 MW_th heat pump runs in hours 0–11 only, charging 100 MW_th into a store that
/// holds 1,200 MWh_th at the end of hour 11 and discharges 100 MW_th through hours 12–23.
/// With `d_ts` = 4 h the rate limit E/4 = 300 MW_th does not bind: E = 1,200 MWh_th,
/// objective = 200 · 0.3 M + 1.2 M + 50 MW · 12 h · 365 · 400 = 60 M + 1.2 M + 87.6 M.
/// With `duration_h: 24` the rate limit binds: discharging 100 MW_th needs E ≥ 2,400 MWh_th,
/// costing 1.2 M more.
#[test]
fn thermal_storage_level_and_rate_limits() {
    for (duration, energy) in [(4.0, 1200.0), (24.0, 2400.0)] {
        let store = format!("  thermal_storage: {{ max_mwh_th: 5000, duration_h: {duration} }}\n");
        let f = fixture(&head(&store), &columns());
        let out = plan(&f);
        let r = &out.report;
        assert_eq!(r.status, SolveStatus::Optimal);
        let caps = r.capacities.as_ref().unwrap();
        assert!(
            close(caps.heat_pump_mw, 200.0, 1e-6),
            "{}",
            caps.heat_pump_mw
        );
        assert!(
            close(caps.thermal_storage_mwh, energy, 1e-6),
            "d_ts {duration}: {}",
            caps.thermal_storage_mwh
        );
        let expected = 60.0e6 + energy * 1000.0 + 50.0 * 12.0 * W * 400.0;
        assert!(close(r.objective_rmb_per_yr.unwrap(), expected, 1e-6));
        let d = out.dispatch.as_ref().unwrap();
        for t in 0..DAY {
            let previous = d.thermal_storage_mwh_th[(t + DAY - 1) % DAY];
            let rebuilt = previous + d.thermal_charge_mw_th[t] - d.thermal_discharge_mw_th[t];
            assert!((rebuilt - d.thermal_storage_mwh_th[t]).abs() < 1e-6);
            assert!(d.thermal_discharge_mw_th[t] <= energy / duration + 1e-6);
            // The lossless store is not charged and discharged in the same hour.
            assert!(
                d.thermal_charge_mw_th[t].min(d.thermal_discharge_mw_th[t]) == 0.0,
                "hour {t}"
            );
            let hp = if t < 12 { 200.0 } else { 0.0 };
            assert!(close(d.heat_pump_mw_th[t], hp, 1e-6), "hour {t}");
        }
    }
}

/// Electric boiler and the intensity row on gas (families `electric-boiler-cap`,
/// `carbon-intensity`; formulation §4 terms `ef_gas · fuel`, `k_gas · fuel`, `k_e · eb/η_eb`).
///
/// Heat demand 100 MW_th, no heat pump; gas boiler (η 0.9) against an electric boiler (η 1.0
/// here, 0.1 M RMB per MW_th-yr) on grid power at 0.4 RMB/kWh with a grid factor of 0 (a
/// clean grid, so that the row is about gas only) and λ = 0.5 t/tce.
/// With gas heat g MW_th and electric heat e = 100 − g: EM = 0.2016 · g/0.9,
/// EC = 0.1229 · g/0.9 + 0.3 · e. The row EM ≤ 0.5 · EC gives
/// 0.224 g ≤ 0.06828 g + 15 − 0.15 g, i.e. g ≤ 15 / 0.30572 = 49.06 MW_th (the electric boiler
/// costs 400 − 222.89 = 177 RMB/MWh_th more, so no more is electrified than the row needs).
#[test]
fn electric_boiler_and_the_intensity_row_on_gas() {
    let yaml = head("  electric_boiler: { max_mw_th: 500 }\n")
        .replace("intensity_limit: 10, grid_factor: 0.5", "intensity_limit: 0.5, grid_factor: 0.0")
        .replace(
            "  heat_pump:\n    max_mw_th: 500\n    cop: { hourly: { file: profile.csv, column: cop } }\n",
            "",
        )
        + "";
    let yaml = yaml.replace(
        "catalogue:\n",
        "catalogue:\n  electric_boiler: { capex_rmb_per_kw: 1000, lifetime_yr: 10, fixed_om_frac: 0, efficiency_frac: 1.0 }\n",
    );
    let f = fixture(&yaml, &columns());
    let out = plan(&f);
    let r = &out.report;
    assert_eq!(r.status, SolveStatus::Optimal, "{:?}", r.infeasibility);
    let ef_gas = 0.2016 / 0.9;
    let k_gas = 0.1229 / 0.9;
    let g = 0.5 * 0.3 * 100.0 / (ef_gas - 0.5 * k_gas + 0.5 * 0.3);
    let d = out.dispatch.as_ref().unwrap();
    for t in 0..DAY {
        assert!(
            close(d.gas_boiler_mw_th[t], g, 1e-6),
            "hour {t}: {}",
            d.gas_boiler_mw_th[t]
        );
        assert!(close(d.electric_boiler_mw_th[t], 100.0 - g, 1e-6));
        assert!(close(d.electric_boiler_mw[t], 100.0 - g, 1e-6));
    }
    let k = r.kpis.as_ref().unwrap();
    assert!(
        close(k.intensity_t_per_tce, 0.5, 1e-6),
        "{}",
        k.intensity_t_per_tce
    );
    let caps = r.capacities.as_ref().unwrap();
    assert!(close(caps.electric_boiler_mw, 100.0 - g, 1e-6));
    let expected = (100.0 - g) * 0.1e6 + (GAS_RMB_PER_MWH * g / 0.9 + 400.0 * (100.0 - g)) * 8760.0;
    assert!(close(r.objective_rmb_per_yr.unwrap(), expected, 1e-6));
}

/// The lowest reachable intensity is the lowest EM/EC, not the ratio where the priced excess
/// `EM − λ · EC` is least. Electric load 10 MW and heat 10 MW_th, flat; grid 0.5 t/MWh at
/// 0.3 tce/MWh (1.6667 t/tce); gas 0.2016 t and 0.1229 tce per MWh of fuel (1.6404 t/tce)
/// through a 0.9 boiler; a heat pump of COP 3 from the grid. At λ = 0.2 the excess per
/// MWh_th is (0.2016 − 0.2 · 0.1229) / 0.9 = 0.1967 t by gas and (0.5 − 0.2 · 0.3) / 3 =
/// 0.1467 t by heat pump, so the excess is least with the heat pump (all from the grid,
/// 1.6667 t/tce: what the diagnosis reported). The ratio is lowest with all heat by gas:
/// (0.5 · 10 + 0.2016 · 10 / 0.9) / (0.3 · 10 + 0.1229 · 10 / 0.9) = 1.6584 t/tce.
#[test]
fn the_lowest_reachable_intensity_is_the_lowest_ratio() {
    let yaml = "name: reach
horizon: { start_hour: 0, hours: 24 }
loads:
  electricity_mw: { file: profile.csv, column: load }
rules: { intensity_limit: 0.2, grid_factor: 0.5, electricity_tce_basis: equivalent }
grid:
  import_cap_mw: 400
  import_tariff: { flat_rmb_per_kwh: 0.4 }
catalogue:
  finance: { discount_rate: 0.0 }
  heat_pump: { capex_rmb_per_kw: 3000, lifetime_yr: 10, fixed_om_frac: 0 }
heat:
  demand_mw_th: { file: profile.csv, column: heat }
  gas_boiler: { capacity_mw_th: 150, gas_price_rmb_per_nm3: 2.0, efficiency_frac: 0.9 }
  heat_pump: { max_mw_th: 500, cop: { constant: 3.0 } }
";
    let f = fixture(
        yaml,
        &[("load", flat(10.0, DAY)), ("heat", flat(10.0, DAY))],
    );
    let out = plan(&f);
    assert_eq!(out.report.status, SolveStatus::Infeasible);
    let rule = out
        .report
        .infeasibility
        .iter()
        .find(|i| i.rule == "carbon-intensity")
        .expect("the intensity rule fails");
    let lowest = (0.5 * 10.0 + 0.2016 * 10.0 / 0.9) / (0.3 * 10.0 + 0.1229 * 10.0 / 0.9);
    assert!(
        close(rule.reachable, lowest, 1e-6),
        "{} against {lowest}",
        rule.reachable
    );
    assert!(rule
        .message
        .starts_with("intensity 1.658 t/tce is the lowest reachable"));
}

/// A baseline that cannot serve its heat (a 10 MW_th boiler for 100 MW_th) has no EC of its
/// own; the `auto` tier is read from the energy the park needs, met the baseline's way:
/// 100 MW of load at 0.3 tce/MWh, 262,800 tce/yr, and 100 MW_th of heat as gas through the
/// 0.9-efficient boiler, 876,000 / 0.9 · 0.1229 = 119,622.7 tce/yr: 382,423 tce/yr (it read
/// the electric load alone, 262,800).
#[test]
fn a_baseline_without_a_solution_reads_its_tier_from_the_park_s_energy_need() {
    let yaml = head("")
        .replace(
            "rules: { intensity_limit: 10, grid_factor: 0.5 }",
            "rules: { intensity_limit: auto, grid_factor: 0.5 }",
        )
        .replace("capacity_mw_th: 150", "capacity_mw_th: 10");
    let f = fixture(
        &yaml,
        &[
            ("load", flat(100.0, DAY)),
            ("heat", flat(100.0, DAY)),
            ("cop", cop_day()),
        ],
    );
    let out = plan(&f);
    assert!(
        out.report.baseline.kpis.is_none(),
        "the baseline cannot serve the heat"
    );
    let basis = &out.report.accounting.intensity_limit_basis;
    assert!(
        basis.contains(
            "tier of the park's energy need, 382423 tce/yr (the baseline has no solution: its \
             electric load, its heat by its gas boiler)"
        ),
        "{basis}"
    );
    assert_eq!(out.report.accounting.intensity_limit_used_t_per_tce, 0.2);
}

/// Heat the park cannot supply is a rule that cannot be met, named with its shortfall: a
/// 10 MW_th boiler and no heat pump allowed for 100 MW_th of demand leave 90 MW_th unserved
/// every hour, 90 · 8,760 = 788,400 MWh_th/yr (it was reported as no rule, with an IIS, and a
/// verdict naming the intensity, which met its limit).
#[test]
fn heat_that_cannot_be_supplied_is_named_with_its_shortfall() {
    let yaml = head("")
        .replace("capacity_mw_th: 150", "capacity_mw_th: 10")
        .replace("max_mw_th: 500", "max_mw_th: 0");
    let f = fixture(&yaml, &columns());
    let out = plan(&f);
    assert_eq!(out.report.status, SolveStatus::Infeasible);
    let heat = out
        .report
        .infeasibility
        .iter()
        .find(|i| i.rule == "heat-balance")
        .expect("the heat balance is named");
    assert!(
        close(heat.reachable, 90.0 * 8760.0, 1e-6),
        "{}",
        heat.reachable
    );
    assert!(out
        .report
        .infeasibility
        .iter()
        .all(|i| i.rule != "carbon-intensity"));
}
