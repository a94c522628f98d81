//! Validation of the hydrogen, heat and CO2 sections: every problem names the file, the field
//! path and the bad value, and all of them are reported at once.

mod common;
use common::{assert_named, fixture, flat, problems_of};
use zcpark::scenario::{self, ScenarioSource};

const VALID_HEAD: &str = "name: v
horizon: { start_hour: 0, hours: 24 }
loads:
  electricity_mw: { file: profile.csv, column: load }
grid:
  import_cap_mw: 100
  import_tariff: { flat_rmb_per_kwh: 0.5 }
";

fn columns() -> Vec<(&'static str, Vec<f64>)> {
    vec![
        ("load", flat(10.0, 24)),
        ("h2", flat(100.0, 24)),
        (
            "bad",
            (0..24).map(|h| if h == 5 { -3.0 } else { 1.0 }).collect(),
        ),
        ("temp", flat(20.0, 24)),
    ]
}

/// Loads `yaml` (after the valid head) and returns every message, or panics if it is valid.
fn problems(yaml: &str) -> Vec<String> {
    problems_of(&fixture(&(VALID_HEAD.to_string() + yaml), &columns()))
}

fn valid(yaml: &str) {
    let f = fixture(&(VALID_HEAD.to_string() + yaml), &columns());
    if let Err(e) = scenario::load(&ScenarioSource::Disk(f.scenario.clone())) {
        panic!("expected valid:\n{yaml}\n{e}");
    }
}

#[test]
fn a_complete_valid_scenario_with_every_new_section_loads() {
    valid(
        "hydrogen:
  demand: { kg_per_yr: 1000000, window: year }
  electrolyser: { technology: pem, max_stacks: 4, commitment: relaxed }
  storage: { max_kg: 1000 }
  purchase: { price_rmb_per_kg: 25, t_co2_per_kg: 0.02 }
  sale: { price_rmb_per_kg: 20 }
heat:
  demand_mw_th: { file: profile.csv, column: load }
  gas_boiler: { capacity_mw_th: 20, gas_price_rmb_per_nm3: 3.0 }
  electric_boiler: { max_mw_th: 10 }
  heat_pump:
    max_mw_th: 10
    cop: { carnot: { source_temperature_c: { file: profile.csv, column: temp }, sink_temperature_c: 120 } }
  thermal_storage: { max_mwh_th: 40 }
co2:
  sources:
    - { name: kiln, kind: process, t_per_yr: 1000, shape: { file: profile.csv, column: load } }
    - { name: boiler, kind: gas_boiler }
  capture:
    - { source: kiln, technology: flue_gas_amine, max_modules: 2 }
    - { source: boiler, technology: high_concentration, max_modules: 1 }
  utilisation: { price_rmb_per_t: 100, max_t_per_yr: 500 }
rules: { process_emissions: include, ccus_deduction: true }
",
    );
}

/// Every bad field of every new section, reported together in one run.
#[test]
fn every_bad_new_field_is_named_with_its_value_all_at_once() {
    let messages = problems(
        "hydrogen:
  demand: { kg_per_h: { file: profile.csv, column: bad } }
  electrolyser: { max_stacks: 4 }
  storage: { max_kg: -5 }
  sale: { price_rmb_per_kg: -1, max_kg_per_yr: -10 }
heat:
  demand_mw_th: { file: profile.csv, column: bad }
  gas_boiler: { capacity_mw_th: -20, gas_price_rmb_per_nm3: 99, efficiency_frac: 1.3 }
  electric_boiler: { max_mw_th: -1 }
  heat_pump: { max_mw_th: 10, cop: { constant: 0.5 } }
  thermal_storage: { max_mwh_th: 40, duration_h: 0 }
co2:
  sources:
    - { name: kiln, kind: process, t_per_yr: -1000 }
    - { name: kiln, kind: process, t_per_h: { file: profile.csv, column: bad } }
  capture:
    - { source: klin, technology: flue_gas_amine, max_modules: 2 }
  utilisation: { price_rmb_per_t: 100, max_t_per_yr: -5 }
catalogue:
  electrolyser_alkaline: { min_load_frac: 1.5, specific_energy_kwh_per_kg: 0 }
  ccus_flue_gas_amine: { capture_frac: 1.2 }
",
    );
    let expected = [
        ("hydrogen.demand.kg_per_h", "-3 at hour 5"),
        ("hydrogen.purchase", "(missing)"),
        ("hydrogen.storage.max_kg", "-5"),
        ("hydrogen.sale.price_rmb_per_kg", "-1"),
        ("hydrogen.sale.max_kg_per_yr", "-10"),
        ("heat.demand_mw_th", "-3 at hour 5"),
        ("heat.gas_boiler.capacity_mw_th", "-20"),
        ("heat.gas_boiler.gas_price_rmb_per_nm3", "99"),
        ("heat.gas_boiler.efficiency_frac", "1.3"),
        ("heat.electric_boiler.max_mw_th", "-1"),
        ("heat.heat_pump.cop.constant", "0.5"),
        ("heat.thermal_storage.duration_h", "0"),
        ("co2.sources[0].t_per_yr", "-1000"),
        ("co2.sources[1].name", "kiln"),
        ("co2.sources[1].t_per_h", "-3 at hour 5"),
        ("co2.capture[0].source", "klin"),
        ("co2.utilisation.max_t_per_yr", "-5"),
        ("catalogue.electrolyser_alkaline.min_load_frac", "1.5"),
        (
            "catalogue.electrolyser_alkaline.specific_energy_kwh_per_kg",
            "0",
        ),
        ("catalogue.ccus_flue_gas_amine.capture_frac", "1.2"),
    ];
    for (field, value) in expected {
        if value.contains("at hour") {
            // A bad hourly value is named in its CSV file, with its line and column.
            assert!(
                messages
                    .iter()
                    .any(|m| m.contains("profile.csv: line 7, column \"bad\"")
                        && m.contains(&format!(" {field}:"))
                        && m.contains(value)),
                "no message names {field} with {value} in profile.csv:\n{}",
                messages.join("\n")
            );
        } else {
            assert_named(&messages, field, value);
        }
    }
    assert!(messages.len() >= expected.len(), "{}", messages.join("\n"));
}

#[test]
fn a_hydrogen_demand_needs_a_purchase_option() {
    let m = problems("hydrogen:\n  demand: { kg_per_day: 1000 }\n");
    assert_named(&m, "hydrogen.purchase", "(missing)");
    assert!(m[0].contains("baseline"), "{}", m[0]);
}

#[test]
fn demand_forms_and_windows_are_exclusive() {
    let m = problems(
        "hydrogen:
  demand: { kg_per_day: 1000, kg_per_yr: 5 }
  purchase: { price_rmb_per_kg: 25, t_co2_per_kg: 0.02 }
",
    );
    assert_named(&m, "hydrogen.demand", "{kg_per_day, kg_per_yr}");
    let m = problems(
        "hydrogen:
  demand: { kg_per_day: 1000, window: year }
  purchase: { price_rmb_per_kg: 25, t_co2_per_kg: 0.02 }
",
    );
    assert_named(&m, "hydrogen.demand.window", "year");
}

#[test]
fn purchase_emission_factor_is_checked() {
    let m = problems(
        "hydrogen:
  purchase: { price_rmb_per_kg: 25, t_co2_per_kg: 20 }
",
    );
    assert_named(&m, "hydrogen.purchase.t_co2_per_kg", "20");
}

#[test]
fn closed_sets_are_enums_named_by_serde() {
    for (yaml, word) in [
        (
            "hydrogen:\n  electrolyser: { max_stacks: 1, commitment: sometimes }\n",
            "sometimes",
        ),
        (
            "hydrogen:\n  electrolyser: { max_stacks: 1, technology: soec }\n",
            "soec",
        ),
        ("rules: { process_emissions: maybe }\n", "maybe"),
        (
            "co2:\n  sources:\n    - { name: a, kind: volcano, t_per_yr: 1 }\n",
            "volcano",
        ),
        (
            "heat:\n  gas_boiler: { capacity_mw_th: 1, gas_price: 3 }\n",
            "gas_price",
        ),
    ] {
        let m = problems(yaml);
        assert!(
            m.iter()
                .any(|x| x.contains("scenario.yaml") && x.contains(word)),
            "{yaml}: {}",
            m.join("\n")
        );
    }
}

#[test]
fn co2_sources_must_exist_and_be_well_formed() {
    let m = problems(
        "co2:
  sources:
    - { name: boiler, kind: gas_boiler, t_per_yr: 5 }
    - { name: vent, kind: process }
    - { name: \"\", kind: process, t_per_h: { file: profile.csv, column: load }, shape: { file: profile.csv, column: load } }
  capture:
    - { source: vent, technology: high_concentration, max_modules: 1 }
    - { source: vent, technology: high_concentration, max_modules: 1 }
    - { source: nowhere, technology: high_concentration, max_modules: 1 }
",
    );
    assert_named(&m, "co2.sources[0]", "{t_per_yr}");
    assert_named(&m, "co2.sources[0].kind", "gas_boiler");
    assert_named(&m, "co2.sources[1]", "{}");
    assert_named(&m, "co2.sources[2].name", "\"\"");
    assert_named(&m, "co2.sources[2].shape", "(given)");
    assert_named(&m, "co2.capture[1].source", "vent");
    assert_named(&m, "co2.capture[2].source", "nowhere");
}

#[test]
fn capture_heat_needs_a_heat_system() {
    let m = problems(
        "co2:
  sources: [ { name: kiln, kind: process, t_per_yr: 1000 } ]
  capture: [ { source: kiln, technology: flue_gas_amine, max_modules: 1 } ]
",
    );
    assert_named(&m, "co2.capture[0].technology", "flue_gas_amine");
    // Compression only needs no heat.
    valid(
        "co2:
  sources: [ { name: vent, kind: process, t_per_yr: 1000 } ]
  capture: [ { source: vent, technology: high_concentration, max_modules: 1 } ]
",
    );
}

#[test]
fn heat_needs_a_supply_and_one_cop_form() {
    let m = problems(
        "heat:
  demand_mw_th: { file: profile.csv, column: load }
  thermal_storage: { max_mwh_th: 10 }
",
    );
    assert_named(&m, "heat", "(no gas_boiler, electric_boiler or heat_pump)");
    let m = problems(
        "heat:
  heat_pump: { max_mw_th: 10, cop: { constant: 3, hourly: { file: profile.csv, column: temp } } }
",
    );
    assert_named(&m, "heat.heat_pump.cop", "{constant, hourly}");
    let m = problems(
        "heat:
  heat_pump:
    max_mw_th: 10
    cop: { carnot: { source_temperature_c: { file: profile.csv, column: temp }, sink_temperature_c: 900 } }
",
    );
    assert_named(&m, "heat.heat_pump.cop.carnot.sink_temperature_c", "900");
    let m = problems(
        "heat:
  heat_pump: { max_mw_th: 10, cop: { hourly: { file: profile.csv, column: nope } } }
",
    );
    assert!(m.iter().any(|x| x.contains("profile.csv")
        && x.contains("heat.heat_pump.cop.hourly.column")
        && x.contains("nope")));
}

/// The Carnot-fraction COP: η_C · T_sink / (T_sink − T_source) in kelvin, capped.
#[test]
fn carnot_cop_formula() {
    use zcpark::scenario::sectors::carnot_cop;
    // 0.45 · 398.15 / (125 − 35) = 1.9908.
    assert!((carnot_cop(35.0, 125.0, 0.45, 6.0) - 0.45 * 398.15 / 90.0).abs() < 1e-12);
    assert_eq!(carnot_cop(120.0, 125.0, 0.45, 6.0), 6.0);
    assert_eq!(carnot_cop(130.0, 125.0, 0.45, 6.0), 6.0);
    assert_eq!(carnot_cop(-50.0, 300.0, 0.2, 6.0), 1.0);
}

/// Stack replacement: present value of a 40 % stack every 10 years in a 20-year life at 6 %:
/// one replacement at year 10, 0.4 · 1.06^−10 = 0.22336.
#[test]
fn stack_replacement_present_value() {
    use zcpark::scenario::park::replacement_present_value;
    let pv = replacement_present_value(0.4, 10.0, 20.0, 0.06);
    assert!((pv - 0.4 * 1.06f64.powf(-10.0)).abs() < 1e-12);
    // Stacks of 8 years in 20: replacements at 8 and 16.
    let pv = replacement_present_value(0.45, 8.0, 20.0, 0.06);
    assert!((pv - 0.45 * (1.06f64.powf(-8.0) + 1.06f64.powf(-16.0))).abs() < 1e-12);
    assert_eq!(replacement_present_value(0.4, 25.0, 20.0, 0.06), 0.0);
}
