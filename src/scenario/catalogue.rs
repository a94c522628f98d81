//! The technology and accounting catalogue: cost and performance defaults with their sources.
//!
//! The shipped catalogue (`data/catalogue/china-2025.yaml`) is embedded in the binary. A
//! scenario may point at another catalogue file and override any value; overrides are merged
//! at the YAML level before the typed catalogue is read, so an override of a field that does not
//! exist is an error that names the field.

use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;

/// The shipped catalogue, as embedded in the binary.
pub const SHIPPED_CATALOGUE_YAML: &str = include_str!("../../data/catalogue/china-2025.yaml");
/// The path under which the shipped catalogue is reported.
pub const SHIPPED_CATALOGUE_NAME: &str = "data/catalogue/china-2025.yaml";

/// One catalogue figure with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cited {
    /// The figure, in the unit its field name states.
    pub value: f64,
    /// Where the figure comes from (a row of docs/china-rules.md, or "scenario override").
    pub source: String,
    /// True when the source grades the figure as an estimate.
    #[serde(default)]
    pub estimate: bool,
}

/// Financial defaults.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinanceCatalogue {
    /// Real discount rate used in the capital recovery factor.
    pub discount_rate: Cited,
    /// Corporate income tax rate, the default of the scenario's `finance.tax`.
    pub income_tax_rate: Cited,
    /// Years a tax loss may be carried forward.
    pub loss_carry_forward_yr: Cited,
    /// Share of the investment borrowed when the scenario's `finance.debt` gives none.
    pub debt_share_frac: Cited,
    /// Loan interest rate, 1/yr, when `finance.debt` gives none.
    pub debt_rate: Cited,
    /// Loan repayment years when `finance.debt` gives none.
    pub debt_tenor_yr: Cited,
}

/// A generator sized in MW (PV) or in whole units (wind).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PvCatalogue {
    /// Installed cost per kW (equal to kRMB per MW).
    pub capex_rmb_per_kw: Cited,
    /// Fixed O&M per year as a share of capex.
    pub fixed_om_frac: Cited,
    /// Economic lifetime.
    pub lifetime_yr: Cited,
    /// Variable O&M per MWh generated.
    pub var_om_rmb_per_mwh: Cited,
}

/// Wind turbines, bought in whole units.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindCatalogue {
    /// Rated power of one turbine.
    pub unit_mw: Cited,
    /// Installed project cost per kW.
    pub capex_rmb_per_kw: Cited,
    /// Fixed O&M per year as a share of capex.
    pub fixed_om_frac: Cited,
    /// Economic lifetime.
    pub lifetime_yr: Cited,
    /// Variable O&M per MWh generated.
    pub var_om_rmb_per_mwh: Cited,
}

/// Battery storage with energy and power sized apart.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatteryCatalogue {
    /// Cost of energy capacity per kWh.
    pub capex_energy_rmb_per_kwh: Cited,
    /// Cost of power capacity per kW.
    pub capex_power_rmb_per_kw: Cited,
    /// Round-trip efficiency (charge × discharge).
    pub round_trip_eff: Cited,
    /// Fixed O&M per year as a share of capex.
    pub fixed_om_frac: Cited,
    /// Economic lifetime.
    pub lifetime_yr: Cited,
    /// Smallest energy-to-power ratio allowed.
    pub min_duration_h: Cited,
    /// Largest energy-to-power ratio allowed.
    pub max_duration_h: Cited,
    /// Throughput (wear) cost per MWh discharged.
    pub wear_cost_rmb_per_mwh: Cited,
}

/// Accounting factors of formulation §4.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountingCatalogue {
    /// k_e on the equivalent (generation coal rate) basis.
    pub electricity_tce_per_mwh_equivalent: Cited,
    /// k_e on the calorific basis.
    pub electricity_tce_per_mwh_calorific: Cited,
    /// k_gas, tce per MWh of gas (LHV).
    pub gas_tce_per_mwh: Cited,
    /// ef_gas, t CO2 per MWh of gas (LHV).
    pub gas_t_co2_per_mwh: Cited,
    /// k_h2, tce per kg of hydrogen.
    pub hydrogen_tce_per_kg: Cited,
    /// Lower heating value of natural gas, kWh per Nm³ (gas prices per Nm³ → per MWh).
    pub gas_lhv_kwh_per_nm3: Cited,
}

/// An electrolyser technology, bought in whole stacks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectrolyserCatalogue {
    /// Electrical rating of one stack, MW.
    pub unit_mw: Cited,
    /// Installed cost per kW of stack power.
    pub capex_rmb_per_kw: Cited,
    /// Electricity per kg of hydrogen, kWh/kg.
    pub specific_energy_kwh_per_kg: Cited,
    /// Minimum load of a running stack, share of its rating.
    pub min_load_frac: Cited,
    /// Fixed O&M per year as a share of capex.
    pub fixed_om_frac: Cited,
    /// Economic lifetime of the plant.
    pub lifetime_yr: Cited,
    /// Lifetime of a stack; stacks are replaced within the plant's life.
    pub stack_lifetime_yr: Cited,
    /// Cost of a stack replacement as a share of the installed capex.
    pub stack_share_of_capex_frac: Cited,
}

/// Hydrogen storage (working capacity in kg).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HydrogenStorageCatalogue {
    /// Installed cost per kg of working capacity.
    pub capex_rmb_per_kg: Cited,
    /// Fixed O&M per year as a share of capex.
    pub fixed_om_frac: Cited,
    /// Economic lifetime.
    pub lifetime_yr: Cited,
}

/// A CO2 capture technology, bought in whole modules.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaptureCatalogue {
    /// Capacity of one module, t CO2 per hour (`U_cc`).
    pub module_t_per_h: Cited,
    /// Largest share of a source's CO2 that can be captured (`κ`).
    pub capture_frac: Cited,
    /// Electricity per t captured (`e_cc`).
    pub electricity_mwh_per_t: Cited,
    /// Heat per t captured (`h_cc`).
    pub heat_mwh_th_per_t: Cited,
    /// Variable cost per t captured (`c^cc`), energy excluded.
    pub variable_cost_rmb_per_t: Cited,
    /// Installed cost per t/h of module capacity.
    pub capex_rmb_per_t_per_h: Cited,
    /// Fixed O&M per year as a share of capex.
    pub fixed_om_frac: Cited,
    /// Economic lifetime.
    pub lifetime_yr: Cited,
}

/// CO2 transport and storage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Co2TransportStorageCatalogue {
    /// Price per t stored (`c^ts`).
    pub rmb_per_t: Cited,
}

/// The gas boiler's default efficiency.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GasBoilerCatalogue {
    /// Heat out per unit of gas in (LHV).
    pub efficiency_frac: Cited,
}

/// Electric (electrode) boilers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectricBoilerCatalogue {
    /// Installed cost per kW of heat output.
    pub capex_rmb_per_kw: Cited,
    /// Heat out per unit of electricity in (`η_eb`).
    pub efficiency_frac: Cited,
    /// Fixed O&M per year as a share of capex.
    pub fixed_om_frac: Cited,
    /// Economic lifetime.
    pub lifetime_yr: Cited,
}

/// Heat pumps.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeatPumpCatalogue {
    /// Installed cost per kW of heat output.
    pub capex_rmb_per_kw: Cited,
    /// `η_C` of `COP = η_C · T_sink / (T_sink − T_source)`.
    pub carnot_efficiency_frac: Cited,
    /// Upper cap on that COP.
    pub max_cop: Cited,
    /// Fixed O&M per year as a share of capex.
    pub fixed_om_frac: Cited,
    /// Economic lifetime.
    pub lifetime_yr: Cited,
}

/// Thermal storage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThermalStorageCatalogue {
    /// Installed cost per kWh_th.
    pub capex_rmb_per_kwh: Cited,
    /// `d_ts`: charge and discharge are each at most capacity / `d_ts`.
    pub duration_h: Cited,
    /// Fixed O&M per year as a share of capex.
    pub fixed_om_frac: Cited,
    /// Economic lifetime.
    pub lifetime_yr: Cited,
}

/// The whole catalogue in force for a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Financial defaults.
    pub finance: FinanceCatalogue,
    /// Photovoltaics.
    pub pv: PvCatalogue,
    /// Onshore wind.
    pub wind: WindCatalogue,
    /// Battery storage.
    pub battery: BatteryCatalogue,
    /// Grid emission factors by name.
    pub grid_factors_t_per_mwh: BTreeMap<String, Cited>,
    /// Accounting factors.
    pub accounting: AccountingCatalogue,
    /// Alkaline electrolysers.
    pub electrolyser_alkaline: ElectrolyserCatalogue,
    /// PEM electrolysers.
    pub electrolyser_pem: ElectrolyserCatalogue,
    /// Hydrogen storage.
    pub h2_storage: HydrogenStorageCatalogue,
    /// Amine capture of flue gas or kiln gas.
    pub ccus_flue_gas_amine: CaptureCatalogue,
    /// Compression of a high-concentration CO2 stream.
    pub ccus_high_concentration: CaptureCatalogue,
    /// CO2 transport and storage.
    pub co2_transport_storage: Co2TransportStorageCatalogue,
    /// The gas boiler.
    pub gas_boiler: GasBoilerCatalogue,
    /// Electric boilers.
    pub electric_boiler: ElectricBoilerCatalogue,
    /// Heat pumps.
    pub heat_pump: HeatPumpCatalogue,
    /// Thermal storage.
    pub thermal_storage: ThermalStorageCatalogue,
}

/// Catalogue sections added with hydrogen, CCUS and heat: a catalogue file written before
/// them takes these sections (and `accounting.gas_lhv_kwh_per_nm3`) from the shipped
/// catalogue, so that older files keep working.
pub const SECTIONS_FILLED_FROM_SHIPPED: &[&str] = &[
    "electrolyser_alkaline",
    "electrolyser_pem",
    "h2_storage",
    "ccus_flue_gas_amine",
    "ccus_high_concentration",
    "co2_transport_storage",
    "gas_boiler",
    "electric_boiler",
    "heat_pump",
    "thermal_storage",
];

/// Fields added to older sections, `(section, field)`: a catalogue file written before them
/// takes them from the shipped catalogue.
pub const FIELDS_FILLED_FROM_SHIPPED: &[(&str, &str)] = &[
    ("accounting", "gas_lhv_kwh_per_nm3"),
    ("finance", "income_tax_rate"),
    ("finance", "loss_carry_forward_yr"),
    ("finance", "debt_share_frac"),
    ("finance", "debt_rate"),
    ("finance", "debt_tenor_yr"),
];

/// Fills the sections of [`SECTIONS_FILLED_FROM_SHIPPED`] and the fields of
/// [`FIELDS_FILLED_FROM_SHIPPED`] that `doc` lacks from the shipped catalogue.
pub fn fill_from_shipped(doc: &mut Value) {
    let Ok(shipped) = serde_yaml::from_str::<Value>(SHIPPED_CATALOGUE_YAML) else {
        return;
    };
    let Some(map) = doc.as_mapping_mut() else {
        return;
    };
    for section in SECTIONS_FILLED_FROM_SHIPPED {
        if !map.contains_key(*section) {
            if let Some(value) = shipped.get(*section) {
                map.insert(Value::from(*section), value.clone());
            }
        }
    }
    for (section, field) in FIELDS_FILLED_FROM_SHIPPED {
        if let (Some(fields), Some(value)) = (
            map.get_mut(*section).and_then(Value::as_mapping_mut),
            shipped.get(*section).and_then(|s| s.get(*field)),
        ) {
            if !fields.contains_key(*field) {
                fields.insert(Value::from(*field), value.clone());
            }
        }
    }
}

/// The source string recorded for a value set by the scenario.
pub const OVERRIDE_SOURCE: &str = "scenario override";

/// Applies `overrides` (a mapping `section → field → number`) onto a catalogue document.
///
/// Returns the dotted paths of overrides that name no existing field, or whose value is not a
/// number, as `(path, value shown, what it must be)`.
pub fn apply_overrides(doc: &mut Value, overrides: &Mapping) -> Vec<(String, String, String)> {
    let mut problems = Vec::new();
    let keys = |v: &Value| -> String {
        v.as_mapping()
            .map(|m| m.keys().map(yaml_key).collect::<Vec<_>>().join(", "))
            .unwrap_or_default()
    };
    let sections = keys(doc);
    for (section_key, fields) in overrides {
        let section_name = yaml_key(section_key);
        let Some(section) = doc.get_mut(section_key) else {
            problems.push((
                section_name.clone(),
                show(fields),
                format!("a section of the catalogue (one of {sections})"),
            ));
            continue;
        };
        let section_fields = keys(section);
        let Some(fields) = fields.as_mapping() else {
            problems.push((
                section_name,
                show(fields),
                "a mapping of field: number".into(),
            ));
            continue;
        };
        for (field_key, new_value) in fields {
            let path = format!("{section_name}.{}", yaml_key(field_key));
            let Some(number) = new_value.as_f64() else {
                problems.push((path, show(new_value), "a number".into()));
                continue;
            };
            match section.get_mut(field_key) {
                Some(entry) if entry.get("value").is_some() => {
                    *entry = cited_value(number);
                }
                _ if section_name == "grid_factors_t_per_mwh" => {
                    if let Some(map) = section.as_mapping_mut() {
                        map.insert(field_key.clone(), cited_value(number));
                    }
                }
                _ => problems.push((
                    path,
                    format!(
                        "unknown field `{}` (= {})",
                        yaml_key(field_key),
                        show(new_value)
                    ),
                    format!(
                        "a field of catalogue section {section_name} (one of {section_fields})"
                    ),
                )),
            }
        }
    }
    problems
}

fn cited_value(number: f64) -> Value {
    let mut map = Mapping::new();
    map.insert("value".into(), Value::from(number));
    map.insert("source".into(), Value::from(OVERRIDE_SOURCE));
    map.insert("estimate".into(), Value::from(false));
    Value::Mapping(map)
}

/// A YAML key as text.
pub fn yaml_key(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        other => show(other),
    }
}

/// A YAML value on one line, for error messages.
pub fn show(value: &Value) -> String {
    serde_yaml::to_string(value)
        .map(|s| s.trim().replace('\n', " "))
        .unwrap_or_else(|_| "?".into())
}

impl Catalogue {
    /// Every figure as `(dotted path, cited value)`, in file order, for `zcpark catalogue`.
    pub fn entries(&self) -> Vec<(String, Cited)> {
        let doc = serde_yaml::to_value(self).unwrap_or(Value::Null);
        let mut out = Vec::new();
        if let Some(sections) = doc.as_mapping() {
            for (section, fields) in sections {
                for (field, entry) in fields.as_mapping().into_iter().flatten() {
                    if let Ok(cited) = serde_yaml::from_value::<Cited>(entry.clone()) {
                        out.push((format!("{}.{}", yaml_key(section), yaml_key(field)), cited));
                    }
                }
            }
        }
        out
    }
}

/// Capital recovery factor `r (1+r)^n / ((1+r)^n − 1)` (formulation §5); `1/n` at `r = 0`.
pub fn capital_recovery_factor(rate: f64, lifetime_yr: f64) -> f64 {
    if rate.abs() < 1e-12 {
        return 1.0 / lifetime_yr;
    }
    let growth = (1.0 + rate).powf(lifetime_yr);
    rate * growth / (growth - 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crf_matches_annuity_tables() {
        // 6 %, 20 years: 0.0871846 (standard annuity table).
        assert!((capital_recovery_factor(0.06, 20.0) - 0.087_184_6).abs() < 1e-6);
        assert!((capital_recovery_factor(0.0, 25.0) - 0.04).abs() < 1e-12);
    }

    #[test]
    fn a_catalogue_written_before_the_finance_defaults_takes_them_from_the_shipped_one() {
        let mut doc: Value = serde_yaml::from_str(SHIPPED_CATALOGUE_YAML).unwrap();
        let finance = doc.get_mut("finance").unwrap().as_mapping_mut().unwrap();
        finance.retain(|k, _| k.as_str() == Some("discount_rate"));
        finance.insert(
            "discount_rate".into(),
            serde_yaml::from_str("{value: 0.07, source: mine}").unwrap(),
        );
        fill_from_shipped(&mut doc);
        let cat: Catalogue = serde_yaml::from_value(doc).unwrap();
        assert_eq!(cat.finance.discount_rate.value, 0.07);
        assert_eq!(cat.finance.income_tax_rate.value, 0.25);
        assert_eq!(cat.finance.debt_tenor_yr.value, 15.0);
    }

    #[test]
    fn shipped_catalogue_parses_and_overrides_apply() {
        let mut doc: Value = serde_yaml::from_str(SHIPPED_CATALOGUE_YAML).unwrap();
        let overrides: Mapping =
            serde_yaml::from_str("pv: {capex_rmb_per_kw: 2600}\nwind: {nope: 1}").unwrap();
        let problems = apply_overrides(&mut doc, &overrides);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "wind.nope");
        let cat: Catalogue = serde_yaml::from_value(doc).unwrap();
        assert_eq!(cat.pv.capex_rmb_per_kw.value, 2600.0);
        assert_eq!(cat.pv.capex_rmb_per_kw.source, OVERRIDE_SOURCE);
        assert!(cat.entries().len() > 20);
    }
}
