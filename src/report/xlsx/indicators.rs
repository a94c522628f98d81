//! The `Indicators` sheet: every indicator of the plan beside the baseline's, with its unit
//! and a one-line definition (as in the README's `plan.json` table).

use super::cells::{
    header_row, number_format, put_number, put_wrapped, top, top_aligned_columns, widths,
};
use crate::plan::kpi::Kpis;
use crate::plan::PlanReport;
use rust_xlsxwriter::{Worksheet, XlsxError};
use serde_json::Value;

/// Every field of [`Kpis`]: `plan.json` key, unit, definition. The maps
/// `emissions_by_term_t` and `energy_by_term_tce` have their terms in [`EM_TERMS`] and
/// [`EC_TERMS`].
pub(crate) const INDICATORS: &[(&str, &str, &str)] = &[
    (
        "emissions_t",
        "t CO2/yr",
        "EM: CO2 counted under the rules in force (formulation §4)",
    ),
    (
        "energy_tce",
        "tce/yr",
        "EC: energy consumed, counted at end uses",
    ),
    (
        "intensity_t_per_tce",
        "t CO2/tce",
        "EM / EC, the core indicator (单位能耗碳排放)",
    ),
    (
        "intensity_limit_t_per_tce",
        "t CO2/tce",
        "λ, the limit on EM / EC in force",
    ),
    (
        "clean_share",
        "%",
        "clean-energy share (清洁能源消费占比): 1 − NC / (EC + k_e · battery losses); NC is grid \
         power net of re-exports and certificates, gas, and bought hydrogen net of resales",
    ),
    (
        "clean_share_row",
        "%",
        "clean share as formulation §4 writes it: 1 − NC_row / EC, NC_row the left side of \
         the clean-share row (gross imports less certificates, gas, bought hydrogen); not \
         clipped, below 0 where battery losses are bought from the grid",
    ),
    (
        "grid_import_mwh",
        "MWh/yr",
        "electricity imported from the grid",
    ),
    (
        "grid_export_mwh",
        "MWh/yr",
        "electricity exported to the grid",
    ),
    (
        "green_purchase_mwh",
        "MWh/yr",
        "contracted green power bought",
    ),
    ("certificates_mwh", "MWh/yr", "green certificates bought"),
    (
        "renewable_generation_mwh",
        "MWh/yr",
        "on-site PV and wind dispatched",
    ),
    (
        "curtailment_mwh",
        "MWh/yr",
        "on-site PV and wind available but not used",
    ),
    (
        "renewable_self_consumption",
        "%",
        "share of the dispatched PV and wind used in the park (not exported)",
    ),
    (
        "battery_discharge_mwh",
        "MWh/yr",
        "battery throughput (discharge)",
    ),
    (
        "battery_losses_mwh",
        "MWh/yr",
        "battery round-trip losses (charge − discharge); not counted in EC",
    ),
    (
        "unserved_mwh",
        "MWh/yr",
        "electricity demand not served (diagnosis runs only)",
    ),
    ("capex_rmb", "RMB", "overnight capex of the new capacity"),
    (
        "lcoe_rmb_per_mwh",
        "RMB/MWh",
        "annualised cost of on-site PV and wind (capital, fixed and variable O&M) per MWh they \
         deliver",
    ),
    (
        "abatement_cost_rmb_per_t",
        "RMB/t CO2",
        "(cost of the plan − cost of the baseline) / (EM of the baseline − EM of the plan); \
         negative: the plan saves money",
    ),
    (
        "payback_years",
        "years",
        "capex / (baseline operating cost − plan operating cost); operating = all but \
         annualised capital",
    ),
    (
        "hydrogen_demand_kg",
        "kg/yr",
        "hydrogen delivered to the park's demand",
    ),
    (
        "hydrogen_produced_kg",
        "kg/yr",
        "hydrogen produced by the electrolysers",
    ),
    ("hydrogen_bought_kg", "kg/yr", "hydrogen bought"),
    ("hydrogen_sold_kg", "kg/yr", "hydrogen sold"),
    (
        "electrolyser_electricity_mwh",
        "MWh/yr",
        "electricity used by the electrolysers",
    ),
    (
        "electrolyser_full_load_hours",
        "h/yr",
        "electrolyser electricity / installed electrolyser power",
    ),
    (
        "lcoh_rmb_per_kg",
        "RMB/kg",
        "levelised cost of the hydrogen produced: (annualised stacks with replacement and fixed \
         O&M + hydrogen storage + electricity at its hourly marginal cost) / kg produced",
    ),
    (
        "electrolyser_electricity_value_rmb",
        "RMB/yr",
        "electrolyser electricity valued at the hourly marginal cost of electricity",
    ),
    ("heat_demand_mwh_th", "MWh_th/yr", "heat demand"),
    (
        "heat_from_gas_mwh_th",
        "MWh_th/yr",
        "heat from the gas boiler",
    ),
    (
        "heat_from_electric_boiler_mwh_th",
        "MWh_th/yr",
        "heat from electric boilers",
    ),
    (
        "heat_from_heat_pump_mwh_th",
        "MWh_th/yr",
        "heat from heat pumps",
    ),
    (
        "heat_electricity_mwh",
        "MWh/yr",
        "electricity of electric boilers and heat pumps",
    ),
    ("gas_use_mwh", "MWh/yr", "natural gas burnt (LHV)"),
    ("gas_use_nm3", "Nm³/yr", "natural gas burnt"),
    (
        "co2_process_t",
        "t CO2/yr",
        "CO2 of the process sources, counted or not",
    ),
    ("co2_captured_t", "t CO2/yr", "CO2 captured"),
    (
        "co2_stored_t",
        "t CO2/yr",
        "CO2 captured and sent to storage",
    ),
    (
        "co2_utilised_t",
        "t CO2/yr",
        "CO2 captured and sold for use",
    ),
    (
        "co2_deducted_t",
        "t CO2/yr",
        "CO2 deducted from EM: stored, from counted sources, with the CCUS deduction on",
    ),
    (
        "ccus_electricity_mwh",
        "MWh/yr",
        "electricity used by CO2 capture",
    ),
    ("ccus_heat_mwh_th", "MWh_th/yr", "heat used by CO2 capture"),
    (
        "unserved_heat_mwh_th",
        "MWh_th/yr",
        "heat demand not served (diagnosis runs only)",
    ),
    (
        "direct_supply.export_share_of_generation",
        "%",
        "direct green-power supply: PV and wind exported / available (rules.direct_supply)",
    ),
    (
        "direct_supply.self_use_share_of_generation",
        "%",
        "direct green-power supply: PV and wind used in the park / available",
    ),
    (
        "direct_supply.self_use_share_of_consumption",
        "%",
        "direct green-power supply: PV and wind used in the park / electricity at end uses",
    ),
];

/// Width of the definition column, characters.
const DEFINITION_WIDTH: f64 = 90.0;

/// The map of EM by term.
const EM_BY_TERM: &str = "emissions_by_term_t";
/// The map of EC by term.
const EC_BY_TERM: &str = "energy_by_term_tce";

/// The terms of EM (formulation §4), t CO2/yr.
pub(crate) const EM_TERMS: &[(&str, &str)] = &[
    ("grid", "grid factor × grid import"),
    ("certificates", "− grid factor × certificates bought"),
    ("gas", "gas factor × gas burnt"),
    ("hydrogen_purchase", "CO2 of the hydrogen bought"),
    (
        "process",
        "process CO2 of the counted sources, when process emissions count",
    ),
    (
        "ccus_deduction",
        "− CO2 captured and stored from counted sources, when deducted",
    ),
];

/// The terms of EC (formulation §4), tce/yr.
pub(crate) const EC_TERMS: &[(&str, &str)] = &[
    ("electric_load", "k_e × electricity end-use load"),
    ("electrolyser", "k_e × electrolyser electricity"),
    ("ccus", "k_e × CO2 capture electricity"),
    (
        "electric_heat",
        "k_e × electricity of electric boilers and heat pumps",
    ),
    ("gas", "k_gas × gas burnt"),
    ("hydrogen_purchase", "k_h2 × hydrogen bought"),
    ("hydrogen_sale", "− k_h2 × hydrogen sold"),
];

/// The list of EM / EC under the rules' further readings.
const BY_READING: &str = "intensity_by_reading";

/// One sheet row: `plan.json` key under `kpis`, unit, definition. After the fixed rows, one
/// row `intensity_by_reading[<reading>]` per reading the plan's indicators `plan` list.
fn rows(plan: Option<&Value>) -> Vec<(String, &'static str, String)> {
    let mut rows: Vec<(String, &str, String)> = INDICATORS
        .iter()
        .map(|(key, unit, definition)| (key.to_string(), *unit, definition.to_string()))
        .collect();
    let readings = plan
        .and_then(|p| p.get(BY_READING))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for reading in readings {
        let name = reading
            .pointer("/reading/name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let enforced = reading.get("enforced").and_then(Value::as_bool) == Some(true);
        rows.push((
            format!("{BY_READING}[{name}]"),
            "t CO2/tce",
            format!(
                "EM / EC under the reading `{name}` of the rules{}",
                if enforced {
                    ", which the plan was made to meet (rules.robust)"
                } else {
                    " (reported, not enforced)"
                }
            ),
        ));
    }
    for (map, unit, terms, what) in [
        (EM_BY_TERM, "t CO2/yr", EM_TERMS, "EM term"),
        (EC_BY_TERM, "tce/yr", EC_TERMS, "EC term"),
    ] {
        for (term, definition) in terms {
            rows.push((
                format!("{map}.{term}"),
                unit,
                format!("{what}: {definition}"),
            ));
        }
    }
    rows
}

/// The value at a dotted key (`emissions_by_term_t.grid`) of serialised indicators, or the
/// intensity under a reading (`intensity_by_reading[calorific basis]`).
fn lookup(kpis: &Value, key: &str) -> Option<f64> {
    if let Some(name) = key
        .strip_prefix(BY_READING)
        .and_then(|k| k.strip_prefix('['))
        .and_then(|k| k.strip_suffix(']'))
    {
        return kpis
            .get(BY_READING)?
            .as_array()?
            .iter()
            .find(|r| r.pointer("/reading/name").and_then(Value::as_str) == Some(name))?
            .get("intensity_t_per_tce")?
            .as_f64();
    }
    key.split('.')
        .try_fold(kpis, |v, part| v.get(part))?
        .as_f64()
}

/// Writes the sheet: indicator (`plan.json` key under `kpis`), unit, plan, baseline,
/// definition. A figure the run has not (no plan, no LCOE without PV or wind) is left empty.
pub fn write(sheet: &mut Worksheet, report: &PlanReport) -> Result<(), XlsxError> {
    sheet.set_name("Indicators")?;
    header_row(
        sheet,
        0,
        &["indicator", "unit", "plan", "baseline", "definition"],
    )?;
    widths(sheet, &[44.0, 11.0, 16.0, 16.0, DEFINITION_WIDTH])?;
    top_aligned_columns(sheet, 5)?;
    sheet.set_freeze_panes(1, 1)?;
    let json = |kpis: Option<&Kpis>| kpis.and_then(|k| serde_json::to_value(k).ok());
    let (plan, base) = (
        json(report.kpis.as_ref()),
        json(report.baseline.kpis.as_ref()),
    );
    for (row, (key, unit, definition)) in rows(plan.as_ref()).iter().enumerate() {
        let row = row as u32 + 1;
        // A term's unit is its map's (`energy_by_term_tce.gas` is in tce).
        let format_of = if key.starts_with(BY_READING) {
            "intensity_t_per_tce"
        } else if key.starts_with("direct_supply.") {
            "share"
        } else {
            key.split('.').next().unwrap_or(key)
        };
        let format = top().set_num_format(number_format(format_of));
        sheet.write_string(row, 0, key)?;
        sheet.write_string(row, 1, *unit)?;
        put_number(
            sheet,
            row,
            2,
            plan.as_ref().and_then(|k| lookup(k, key)),
            &format,
        )?;
        put_number(
            sheet,
            row,
            3,
            base.as_ref().and_then(|k| lookup(k, key)),
            &format,
        )?;
        put_wrapped(sheet, row, 4, definition, DEFINITION_WIDTH)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Indicators with every term of EM and EC listed here present. (That the terms
    /// `evaluate` makes are all listed is checked on a real plan in tests/xlsx_report.rs.)
    fn evaluated() -> Value {
        let mut kpis = Kpis::default();
        for (term, _) in EM_TERMS {
            kpis.emissions_by_term_t.insert(term, 1.0);
        }
        for (term, _) in EC_TERMS {
            kpis.energy_by_term_tce.insert(term, 1.0);
        }
        let mut json = serde_json::to_value(kpis).unwrap();
        json["direct_supply"] = serde_json::json!({
            "export_share_of_generation": 0.1,
            "self_use_share_of_generation": 0.8,
            "self_use_share_of_consumption": 0.5,
        });
        json[BY_READING] = serde_json::json!([
            {"reading": {"name": "calorific basis"}, "enforced": true, "intensity_t_per_tce": 0.25},
            {"reading": {"name": "grid factor national-2023"}, "enforced": false, "intensity_t_per_tce": 0.18},
        ]);
        json
    }

    #[test]
    fn every_indicator_has_a_row_with_a_definition() {
        let json = evaluated();
        let rows = rows(Some(&json));
        for (key, value) in json.as_object().unwrap() {
            if let Some(readings) = value.as_array() {
                // One row per reading, named after it, that reads the reading's intensity.
                for r in readings {
                    let name = r["reading"]["name"].as_str().unwrap();
                    let row = format!("{key}[{name}]");
                    assert!(rows.iter().any(|(k, _, _)| *k == row), "no row {row}");
                    assert_eq!(lookup(&json, &row), r["intensity_t_per_tce"].as_f64());
                }
                continue;
            }
            match value.as_object() {
                Some(terms) => {
                    for term in terms.keys() {
                        let dotted = format!("{key}.{term}");
                        assert!(rows.iter().any(|(k, _, _)| *k == dotted), "no row {dotted}");
                    }
                }
                None => assert!(rows.iter().any(|(k, _, _)| k == key), "no row for {key}"),
            }
        }
        // No row for an indicator that does not exist; every row defined.
        for (key, unit, definition) in &rows {
            let top_key = key.split(['.', '[']).next().unwrap();
            assert!(json.get(top_key).is_some(), "{key}");
            assert!(!unit.is_empty() && !definition.is_empty(), "{key}");
        }
    }

    #[test]
    fn lookup_reads_dotted_keys() {
        let json = evaluated();
        assert_eq!(lookup(&json, "emissions_by_term_t.grid"), Some(1.0));
        assert_eq!(lookup(&json, "energy_tce"), Some(0.0));
        assert_eq!(lookup(&json, "lcoe_rmb_per_mwh"), None);
    }
}
