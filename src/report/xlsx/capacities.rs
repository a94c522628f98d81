//! The `Capacities` sheet: every capacity of the plan, total (existing included) and new.

use super::cells::{header_row, number_format, put_number, widths, WHOLE};
use crate::plan::dispatch::Capacities;
use crate::report::lang::{self, pick, Lang};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};
use serde_json::Value;

/// A row: what (in English and Chinese), unit, the `plan.json` key of the total and of the
/// new part (none where `plan.json` has no new part of its own: wind and electrolyser MW
/// follow the unit counts).
pub(crate) const ROWS: &[(&str, &str, &str, &str, Option<&str>)] = &[
    ("PV", "光伏", "MW", "pv_mw", Some("pv_new_mw")),
    (
        "Wind turbines",
        "风电机组",
        "turbines",
        "wind_turbines",
        Some("wind_new_turbines"),
    ),
    ("Wind", "风电", "MW", "wind_mw", None),
    (
        "Battery energy",
        "新型储能容量",
        "MWh",
        "battery_mwh",
        Some("battery_new_mwh"),
    ),
    (
        "Battery power",
        "新型储能功率",
        "MW",
        "battery_mw",
        Some("battery_new_mw"),
    ),
    (
        "Electrolyser stacks",
        "电解槽电堆",
        "stacks",
        "electrolyser_stacks",
        Some("electrolyser_new_stacks"),
    ),
    ("Electrolysers", "电解槽", "MW", "electrolyser_mw", None),
    (
        "Hydrogen storage",
        "储氢",
        "kg",
        "h2_storage_kg",
        Some("h2_storage_new_kg"),
    ),
    (
        "CO2 capture modules",
        "碳捕集模块",
        "modules",
        "ccus_modules",
        Some("ccus_new_modules"),
    ),
    (
        "Electric boilers",
        "电锅炉",
        "MW_th",
        "electric_boiler_mw",
        Some("electric_boiler_new_mw"),
    ),
    (
        "Heat pumps",
        "热泵",
        "MW_th",
        "heat_pump_mw",
        Some("heat_pump_new_mw"),
    ),
    (
        "Thermal storage",
        "储热",
        "MWh_th",
        "thermal_storage_mwh",
        Some("thermal_storage_new_mwh"),
    ),
];

/// The key of the capture modules by CO2 source.
const BY_SOURCE: &str = "ccus_modules_by_source";

/// Writes the sheet in `lang`: capacity, unit, total, new, and their `plan.json` keys; CO2
/// capture modules also by source. Empty below the header when the plan has no capacities.
pub fn write(
    sheet: &mut Worksheet,
    capacities: Option<&Capacities>,
    lang: Lang,
) -> Result<(), XlsxError> {
    sheet.set_name(pick(lang, "Capacities", "装机容量"))?;
    header_row(
        sheet,
        0,
        &[
            pick(lang, "capacity", "容量"),
            pick(lang, "unit", "单位"),
            pick(lang, "total", "合计"),
            pick(lang, "new", "新增"),
            pick(lang, "plan.json key (total)", "plan.json 键（合计）"),
            pick(lang, "plan.json key (new)", "plan.json 键（新增）"),
        ],
    )?;
    widths(sheet, &[32.0, 10.0, 14.0, 14.0, 34.0, 26.0])?;
    sheet.set_freeze_panes(1, 0)?;
    let Some(capacities) = capacities else {
        return Ok(());
    };
    let json = serde_json::to_value(capacities).unwrap_or(Value::Null);
    let mut row = 1;
    for (en, zh, unit, total, new) in ROWS {
        let format = Format::new().set_num_format(number_format(total));
        sheet.write_string(row, 0, pick(lang, en, zh))?;
        sheet.write_string(row, 1, lang::unit(unit, lang))?;
        put_number(sheet, row, 2, json[total].as_f64(), &format)?;
        put_number(sheet, row, 3, new.and_then(|n| json[n].as_f64()), &format)?;
        sheet.write_string(row, 4, *total)?;
        if let Some(new) = new {
            sheet.write_string(row, 5, *new)?;
        }
        row += 1;
    }
    let whole = Format::new().set_num_format(WHOLE);
    for (source, modules) in &capacities.ccus_modules_by_source {
        let label = match lang {
            Lang::En => format!("CO2 capture modules, {source}"),
            Lang::Zh => format!("碳捕集模块，{source}"),
        };
        sheet.write_string(row, 0, label)?;
        sheet.write_string(row, 1, lang::unit("modules", lang))?;
        put_number(sheet, row, 2, Some(f64::from(*modules)), &whole)?;
        sheet.write_string(row, 4, format!("{BY_SOURCE}.{source}"))?;
        row += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_capacity_has_a_row_and_every_row_a_capacity() {
        let json = serde_json::to_value(Capacities::default()).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        for key in &keys {
            let listed = key.as_str() == BY_SOURCE
                || ROWS
                    .iter()
                    .any(|(_, _, _, total, new)| total == key || *new == Some(key.as_str()));
            assert!(listed, "capacity {key} has no row");
        }
        for (_, _, _, total, new) in ROWS {
            for key in std::iter::once(total).chain(new) {
                assert!(keys.iter().any(|k| k == key), "row for unknown {key}");
            }
        }
    }
}
