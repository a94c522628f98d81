//! The `Indicators` sheet: every indicator of the plan beside the baseline's, with its unit
//! and a one-line definition (as in the README's `plan.json` table).

use super::cells::{
    header_row, number_format, put_number, put_wrapped, top, top_aligned_columns, widths,
};
use crate::plan::kpi::Kpis;
use crate::plan::PlanReport;
use crate::report::lang::{pick, unit as unit_in, Lang, Term};
use rust_xlsxwriter::{Worksheet, XlsxError};
use serde_json::Value;

/// Every field of [`Kpis`]: `plan.json` key, unit, definition. The maps
/// `emissions_by_term_t` and `energy_by_term_tce` have their terms in [`EM_TERMS`] and
/// [`EC_TERMS`].
pub(crate) const INDICATORS: &[(&str, &str, &str, &str)] = &[
    (
        "emissions_t",
        "t CO2/yr",
        "EM: CO2 counted under the rules in force (formulation §4)",
        "碳排放量 EM：按现行规则核算的CO2（formulation §4）",
    ),
    (
        "energy_tce",
        "tce/yr",
        "EC: energy consumed, counted at end uses",
        "综合能源消费量 EC：按终端用能核算",
    ),
    (
        "intensity_t_per_tce",
        "t CO2/tce",
        "EM / EC, the core indicator (单位能耗碳排放)",
        "单位能耗碳排放 EM / EC，核心指标",
    ),
    (
        "intensity_limit_t_per_tce",
        "t CO2/tce",
        "λ, the limit on EM / EC in force",
        "λ，现行单位能耗碳排放限值",
    ),
    (
        "clean_share",
        "%",
        "clean-energy share (清洁能源消费占比): 1 − NC / (EC + k_e · battery losses); NC is grid \
         power net of re-exports and certificates, gas, and bought hydrogen net of resales",
        "清洁能源消费占比：1 − NC / (EC + k_e · 储能损耗)；NC 为扣除回送上网与绿证的电网购电、天然气、扣除转售的外购氢",
    ),
    (
        "clean_share_row",
        "%",
        "clean share as formulation §4 writes it: 1 − NC_row / EC, NC_row the left side of \
         the clean-share row (gross imports less certificates, gas, bought hydrogen); not \
         clipped, below 0 where battery losses are bought from the grid",
        "按 formulation §4 原式计算的清洁能源消费占比：1 − NC_row / EC，NC_row 为清洁占比约束左端（电网总购电扣除绿证、天然气、外购氢）；不截断，储能损耗由电网供给时可低于 0",
    ),
    (
        "grid_import_mwh",
        "MWh/yr",
        "electricity imported from the grid",
        "电网购电量",
    ),
    (
        "grid_export_mwh",
        "MWh/yr",
        "electricity exported to the grid",
        "余电上网电量",
    ),
    (
        "green_purchase_mwh",
        "MWh/yr",
        "contracted green power bought",
        "绿电交易电量",
    ),
    ("certificates_mwh", "MWh/yr", "green certificates bought",
        "购买绿证电量",
    ),
    (
        "renewable_generation_mwh",
        "MWh/yr",
        "on-site PV and wind dispatched",
        "园区自有光伏与风电的实际发电量",
    ),
    (
        "curtailment_mwh",
        "MWh/yr",
        "on-site PV and wind available but not used",
        "园区自有光伏与风电的弃电量",
    ),
    (
        "renewable_self_consumption",
        "%",
        "share of the dispatched PV and wind used in the park (not exported)",
        "可再生能源就地消纳率：光伏与风电发电量中园区自用（未上网）的比例",
    ),
    (
        "battery_discharge_mwh",
        "MWh/yr",
        "battery throughput (discharge)",
        "新型储能放电量",
    ),
    (
        "battery_losses_mwh",
        "MWh/yr",
        "battery round-trip losses (charge − discharge); not counted in EC",
        "新型储能充放电损耗（充电 − 放电）；不计入 EC",
    ),
    (
        "unserved_mwh",
        "MWh/yr",
        "electricity demand not served (diagnosis runs only)",
        "未满足的用电需求（仅诊断运行）",
    ),
    ("capex_rmb", "RMB", "overnight capex of the new capacity",
        "新增容量的静态投资",
    ),
    (
        "lcoe_rmb_per_mwh",
        "RMB/MWh",
        "annualised cost of on-site PV and wind (capital, fixed and variable O&M) per MWh they \
         deliver",
        "园区自有光伏与风电的年化成本（投资、固定与可变运维）除以其发电量",
    ),
    (
        "abatement_cost_rmb_per_t",
        "RMB/t CO2",
        "(cost of the plan − cost of the baseline) / (EM of the baseline − EM of the plan); \
         negative: the plan saves money",
        "（方案成本 − 基准成本）/（基准 EM − 方案 EM）；为负表示方案节省费用",
    ),
    (
        "payback_years",
        "years",
        "capex / (baseline operating cost − plan operating cost); operating = all but \
         annualised capital",
        "总投资 /（基准运行成本 − 方案运行成本）；运行成本为除年化投资外的全部成本",
    ),
    (
        "hydrogen_demand_kg",
        "kg/yr",
        "hydrogen delivered to the park's demand",
        "满足园区用氢需求的氢气量",
    ),
    (
        "hydrogen_produced_kg",
        "kg/yr",
        "hydrogen produced by the electrolysers",
        "电解槽制氢量",
    ),
    ("hydrogen_bought_kg", "kg/yr", "hydrogen bought",
        "外购氢气量",
    ),
    ("hydrogen_sold_kg", "kg/yr", "hydrogen sold",
        "售出氢气量",
    ),
    (
        "electrolyser_electricity_mwh",
        "MWh/yr",
        "electricity used by the electrolysers",
        "电解槽用电量",
    ),
    (
        "electrolyser_full_load_hours",
        "h/yr",
        "electrolyser electricity / installed electrolyser power",
        "电解槽用电量 / 电解槽装机功率",
    ),
    (
        "lcoh_rmb_per_kg",
        "RMB/kg",
        "levelised cost of the hydrogen produced: (annualised stacks with replacement and fixed \
         O&M + hydrogen storage + electricity at its hourly marginal cost) / kg produced",
        "平准化制氢成本：（含电堆更换的年化投资与固定运维 + 储氢 + 按逐时边际电价计的用电）/ 制氢量",
    ),
    (
        "electrolyser_electricity_value_rmb",
        "RMB/yr",
        "electrolyser electricity valued at the hourly marginal cost of electricity",
        "电解槽用电按逐时边际电价计的价值",
    ),
    ("heat_demand_mwh_th", "MWh_th/yr", "heat demand",
        "用热需求",
    ),
    (
        "heat_from_gas_mwh_th",
        "MWh_th/yr",
        "heat from the gas boiler",
        "燃气锅炉供热量",
    ),
    (
        "heat_from_electric_boiler_mwh_th",
        "MWh_th/yr",
        "heat from electric boilers",
        "电锅炉供热量",
    ),
    (
        "heat_from_heat_pump_mwh_th",
        "MWh_th/yr",
        "heat from heat pumps",
        "热泵供热量",
    ),
    (
        "heat_electricity_mwh",
        "MWh/yr",
        "electricity of electric boilers and heat pumps",
        "电锅炉与热泵用电量",
    ),
    ("gas_use_mwh", "MWh/yr", "natural gas burnt (LHV)",
        "天然气消耗量（低位热值）",
    ),
    ("gas_use_nm3", "Nm³/yr", "natural gas burnt",
        "天然气消耗量",
    ),
    (
        "co2_process_t",
        "t CO2/yr",
        "CO2 of the process sources, counted or not",
        "工艺过程CO2排放（无论是否计入）",
    ),
    ("co2_captured_t", "t CO2/yr", "CO2 captured",
        "捕集的CO2",
    ),
    (
        "co2_stored_t",
        "t CO2/yr",
        "CO2 captured and sent to storage",
        "捕集并封存的CO2",
    ),
    (
        "co2_utilised_t",
        "t CO2/yr",
        "CO2 captured and sold for use",
        "捕集并出售利用的CO2",
    ),
    (
        "co2_deducted_t",
        "t CO2/yr",
        "CO2 deducted from EM: stored, from counted sources, with the CCUS deduction on",
        "从 EM 中扣减的CO2：来自计入排放源并封存的部分（CCUS 扣减开启时）",
    ),
    (
        "ccus_electricity_mwh",
        "MWh/yr",
        "electricity used by CO2 capture",
        "碳捕集用电量",
    ),
    ("ccus_heat_mwh_th", "MWh_th/yr", "heat used by CO2 capture",
        "碳捕集用热量",
    ),
    (
        "unserved_heat_mwh_th",
        "MWh_th/yr",
        "heat demand not served (diagnosis runs only)",
        "未满足的用热需求（仅诊断运行）",
    ),
    (
        "direct_supply.export_share_of_generation",
        "%",
        "direct green-power supply: PV and wind exported / available (rules.direct_supply)",
        "绿电直连：光伏与风电上网电量 / 可用发电量（rules.direct_supply）",
    ),
    (
        "direct_supply.self_use_share_of_generation",
        "%",
        "direct green-power supply: PV and wind used in the park / available",
        "绿电直连：光伏与风电园区自用电量 / 可用发电量",
    ),
    (
        "direct_supply.self_use_share_of_consumption",
        "%",
        "direct green-power supply: PV and wind used in the park / electricity at end uses",
        "绿电直连：光伏与风电园区自用电量 / 终端用电量",
    ),
];

/// Width of the definition column, characters.
const DEFINITION_WIDTH: f64 = 90.0;

/// The map of EM by term.
const EM_BY_TERM: &str = "emissions_by_term_t";
/// The map of EC by term.
const EC_BY_TERM: &str = "energy_by_term_tce";

/// The terms of EM (formulation §4), t CO2/yr: key, definition in English and Chinese.
pub(crate) const EM_TERMS: &[(&str, &str, &str)] = &[
    (
        "grid",
        "grid factor × grid import",
        "电网排放因子 × 电网购电量",
    ),
    (
        "certificates",
        "− grid factor × certificates bought",
        "− 电网排放因子 × 购买绿证电量",
    ),
    (
        "gas",
        "gas factor × gas burnt",
        "天然气排放因子 × 天然气消耗量",
    ),
    (
        "hydrogen_purchase",
        "CO2 of the hydrogen bought",
        "外购氢气的CO2排放",
    ),
    (
        "process",
        "process CO2 of the counted sources, when process emissions count",
        "计入排放源的工艺过程CO2（工艺排放计入时）",
    ),
    (
        "ccus_deduction",
        "− CO2 captured and stored from counted sources, when deducted",
        "− 从计入排放源捕集并封存的CO2（扣减开启时）",
    ),
];

/// The terms of EC (formulation §4), tce/yr: key, definition in English and Chinese.
pub(crate) const EC_TERMS: &[(&str, &str, &str)] = &[
    (
        "electric_load",
        "k_e × electricity end-use load",
        "k_e × 终端用电负荷",
    ),
    (
        "electrolyser",
        "k_e × electrolyser electricity",
        "k_e × 电解槽用电量",
    ),
    (
        "ccus",
        "k_e × CO2 capture electricity",
        "k_e × 碳捕集用电量",
    ),
    (
        "electric_heat",
        "k_e × electricity of electric boilers and heat pumps",
        "k_e × 电锅炉与热泵用电量",
    ),
    ("gas", "k_gas × gas burnt", "k_gas × 天然气消耗量"),
    (
        "hydrogen_purchase",
        "k_h2 × hydrogen bought",
        "k_h2 × 外购氢气量",
    ),
    (
        "hydrogen_sale",
        "− k_h2 × hydrogen sold",
        "− k_h2 × 售出氢气量",
    ),
];

/// The list of EM / EC under the rules' further readings.
const BY_READING: &str = "intensity_by_reading";

/// One sheet row: `plan.json` key under `kpis`, unit, definition in `lang`. After the fixed
/// rows, one row `intensity_by_reading[<reading>]` per reading the plan's indicators `plan`
/// list.
fn rows(plan: Option<&Value>, lang: Lang) -> Vec<(String, &'static str, String)> {
    let mut rows: Vec<(String, &str, String)> = INDICATORS
        .iter()
        .map(|(key, unit, en, zh)| (key.to_string(), *unit, pick(lang, en, zh).to_string()))
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
        let definition = match (lang, enforced) {
            (Lang::En, true) => format!(
                "EM / EC under the reading `{name}` of the rules, which the plan was made to \
                 meet (rules.robust)"
            ),
            (Lang::En, false) => {
                format!("EM / EC under the reading `{name}` of the rules (reported, not enforced)")
            }
            (Lang::Zh, true) => {
                format!("核算口径“{name}”下的 EM / EC，规划中约束（rules.robust）")
            }
            (Lang::Zh, false) => format!("核算口径“{name}”下的 EM / EC（仅报告，未约束）"),
        };
        rows.push((format!("{BY_READING}[{name}]"), "t CO2/tce", definition));
    }
    for (map, unit, terms, en, zh) in [
        (EM_BY_TERM, "t CO2/yr", EM_TERMS, "EM term", "EM 分项"),
        (EC_BY_TERM, "tce/yr", EC_TERMS, "EC term", "EC 分项"),
    ] {
        let separator = pick(lang, ": ", "：");
        for (term, en_definition, zh_definition) in terms {
            rows.push((
                format!("{map}.{term}"),
                unit,
                format!(
                    "{}{separator}{}",
                    pick(lang, en, zh),
                    pick(lang, en_definition, zh_definition)
                ),
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

/// Writes the sheet in `lang`: indicator (`plan.json` key under `kpis`), unit, plan, baseline,
/// definition. A figure the run has not (no plan, no LCOE without PV or wind) is left empty.
pub fn write(sheet: &mut Worksheet, report: &PlanReport, lang: Lang) -> Result<(), XlsxError> {
    sheet.set_name(pick(lang, "Indicators", "指标"))?;
    header_row(
        sheet,
        0,
        &[
            pick(lang, "indicator", "指标 (plan.json 键)"),
            pick(lang, "unit", "单位"),
            if report.design.is_some() {
                Term::Design.text(lang)
            } else {
                Term::Plan.text(lang)
            },
            pick(lang, "baseline", "基准情景"),
            pick(lang, "definition", "定义"),
        ],
    )?;
    widths(sheet, &[44.0, 11.0, 16.0, 16.0, DEFINITION_WIDTH])?;
    top_aligned_columns(sheet, 5)?;
    sheet.set_freeze_panes(1, 1)?;
    let json = |kpis: Option<&Kpis>| kpis.and_then(|k| serde_json::to_value(k).ok());
    let (plan, base) = (
        json(report.kpis.as_ref()),
        json(report.baseline.kpis.as_ref()),
    );
    for (row, (key, unit, definition)) in rows(plan.as_ref(), lang).iter().enumerate() {
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
        sheet.write_string(row, 1, unit_in(unit, lang))?;
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
        for (term, _, _) in EM_TERMS {
            kpis.emissions_by_term_t.insert(term, 1.0);
        }
        for (term, _, _) in EC_TERMS {
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
        let rows = rows(Some(&json), Lang::En);
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
        // In Chinese: the same rows, each definition in Chinese (a CJK character in it).
        let chinese = super::rows(Some(&json), Lang::Zh);
        assert_eq!(chinese.len(), rows.len());
        for ((key, _, definition), (en_key, _, _)) in chinese.iter().zip(&rows) {
            assert_eq!(key, en_key);
            assert!(
                definition
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{key}: {definition}"
            );
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
