//! The `finance:` section resolved: every assumption of the investor's cash flows with its
//! value and source, defaults from the catalogue's `finance` section, every problem named.
//!
//! Also the vocabulary the cash flows share with the scenario: the technologies that are
//! invested in ([`Technology`]) and the groups of annual operating cost items
//! ([`CostGroup`], [`OPERATING_ITEMS`]) that escalation and the cash-flow columns use.

use super::catalogue::{Catalogue, Cited};
use super::issues::Issues;
use super::spec::{DepreciationSpec, FinanceSpec, TaxHoliday};
use serde::Serialize;
use std::collections::BTreeMap;

/// A technology the plan may invest in, named as in its cost items (`pv_capital`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Technology {
    /// Photovoltaics.
    Pv,
    /// Wind turbines.
    Wind,
    /// Battery storage (energy and power together).
    Battery,
    /// Electrolysers.
    Electrolyser,
    /// Hydrogen storage.
    H2Storage,
    /// Electric boilers.
    ElectricBoiler,
    /// Heat pumps.
    HeatPump,
    /// Thermal storage.
    ThermalStorage,
    /// CO2 capture modules.
    Ccus,
}

impl Technology {
    /// Every technology, in report order.
    pub const ALL: [Technology; 9] = [
        Technology::Pv,
        Technology::Wind,
        Technology::Battery,
        Technology::Electrolyser,
        Technology::H2Storage,
        Technology::ElectricBoiler,
        Technology::HeatPump,
        Technology::ThermalStorage,
        Technology::Ccus,
    ];

    /// The name used in scenarios, cost items and reports.
    pub fn name(self) -> &'static str {
        match self {
            Technology::Pv => "pv",
            Technology::Wind => "wind",
            Technology::Battery => "battery",
            Technology::Electrolyser => "electrolyser",
            Technology::H2Storage => "h2_storage",
            Technology::ElectricBoiler => "electric_boiler",
            Technology::HeatPump => "heat_pump",
            Technology::ThermalStorage => "thermal_storage",
            Technology::Ccus => "ccus",
        }
    }

    /// Its name in Chinese, as the Chinese reports give it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Technology::Pv => "光伏",
            Technology::Wind => "风电",
            Technology::Battery => "新型储能",
            Technology::Electrolyser => "电解槽",
            Technology::H2Storage => "储氢",
            Technology::ElectricBoiler => "电锅炉",
            Technology::HeatPump => "热泵",
            Technology::ThermalStorage => "储热",
            Technology::Ccus => "碳捕集",
        }
    }

    /// The technology of a name, if any.
    pub fn from_name(name: &str) -> Option<Technology> {
        Technology::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// A group of cost items: a column family of the cash flows and an escalation key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostGroup {
    /// Fixed O&M (`<technology>_fixed_om`).
    FixedOm,
    /// Variable O&M: per MWh or per tonne (PV and wind variable O&M, battery wear, CO2
    /// capture's variable cost, CO2 transport and storage).
    VariableOm,
    /// Energy and fuel bills: grid energy, green power, certificates, gas, hydrogen bought.
    Energy,
    /// Revenue (negative cost): export, hydrogen sold, CO2 sold for use.
    Revenue,
    /// The carbon price on the emissions.
    Carbon,
    /// Capacity (maximum-demand or contracted) charges.
    DemandCharge,
    /// Capital outlays: escalates the replacements (the first build is at today's prices).
    Capital,
    /// An operating item this table does not know (kept in the cash flows as it is).
    Other,
}

impl CostGroup {
    /// Every group.
    pub const ALL: [CostGroup; 8] = [
        CostGroup::FixedOm,
        CostGroup::VariableOm,
        CostGroup::Energy,
        CostGroup::Revenue,
        CostGroup::Carbon,
        CostGroup::DemandCharge,
        CostGroup::Capital,
        CostGroup::Other,
    ];

    /// The name used as an escalation key and in column names.
    pub fn name(self) -> &'static str {
        match self {
            CostGroup::FixedOm => "fixed_om",
            CostGroup::VariableOm => "variable_om",
            CostGroup::Energy => "energy",
            CostGroup::Revenue => "revenue",
            CostGroup::Carbon => "carbon",
            CostGroup::DemandCharge => "demand_charge",
            CostGroup::Capital => "capital",
            CostGroup::Other => "other",
        }
    }

    /// The group of an annual operating cost item of `plan.json` → `costs`.
    pub fn of_item(item: &str) -> CostGroup {
        OPERATING_ITEMS
            .iter()
            .find(|(name, _)| *name == item)
            .map_or(CostGroup::Other, |(_, group)| *group)
    }
}

/// The annual operating cost items the KPIs write (`plan.json` → `costs`, every item but the
/// annualised capital `*_capital`), each with its group.
pub const OPERATING_ITEMS: &[(&str, CostGroup)] = &[
    ("pv_fixed_om", CostGroup::FixedOm),
    ("pv_variable_om", CostGroup::VariableOm),
    ("wind_fixed_om", CostGroup::FixedOm),
    ("wind_variable_om", CostGroup::VariableOm),
    ("battery_fixed_om", CostGroup::FixedOm),
    ("battery_wear", CostGroup::VariableOm),
    ("grid_energy", CostGroup::Energy),
    ("green_power", CostGroup::Energy),
    ("certificates", CostGroup::Energy),
    ("export_revenue", CostGroup::Revenue),
    ("demand_charge", CostGroup::DemandCharge),
    ("electrolyser_fixed_om", CostGroup::FixedOm),
    ("h2_storage_fixed_om", CostGroup::FixedOm),
    ("hydrogen_purchase", CostGroup::Energy),
    ("hydrogen_sale_revenue", CostGroup::Revenue),
    ("gas_fuel", CostGroup::Energy),
    ("electric_boiler_fixed_om", CostGroup::FixedOm),
    ("heat_pump_fixed_om", CostGroup::FixedOm),
    ("thermal_storage_fixed_om", CostGroup::FixedOm),
    ("ccus_fixed_om", CostGroup::FixedOm),
    ("ccus_variable", CostGroup::VariableOm),
    ("co2_transport_storage", CostGroup::VariableOm),
    ("co2_utilisation_revenue", CostGroup::Revenue),
    ("carbon_cost", CostGroup::Carbon),
];

/// The escalation key that applies to every item and to replacements.
pub const ESCALATE_ALL: &str = "all";

/// A loan as resolved.
#[derive(Debug, Clone, Serialize)]
pub struct DebtData {
    /// Share of the investment (capex less capex subsidies) borrowed, 0..1.
    pub share: Cited,
    /// Interest rate, 1/yr.
    pub rate: Cited,
    /// Repayment years.
    pub tenor_years: u32,
    /// Where the tenor comes from.
    pub tenor_source: String,
}

/// Income tax as resolved.
#[derive(Debug, Clone, Serialize)]
pub struct TaxData {
    /// Tax rate on taxable income.
    pub income_tax_rate: Cited,
    /// Depreciation years given in the scenario, by technology (the others: the asset life).
    pub depreciation_years: BTreeMap<Technology, u32>,
    /// The holiday, when the project qualifies for one.
    pub holiday: Option<TaxHoliday>,
    /// Years a tax loss may be carried forward.
    pub loss_carry_forward_years: u32,
    /// Where that comes from.
    pub loss_carry_forward_source: String,
}

/// Every assumption of the cash flows, resolved (the scenario's `finance:` and the
/// catalogue's defaults).
#[derive(Debug, Clone, Serialize)]
pub struct FinanceData {
    /// Years of operation analysed; `None`: the longest economic life of the assets the plan
    /// builds (known once the plan is).
    pub analysis_years: Option<u32>,
    /// Discount rate, 1/yr.
    pub discount_rate: Cited,
    /// The loan, if any.
    pub debt: Option<DebtData>,
    /// Income tax.
    pub tax: TaxData,
    /// Escalation rates, 1/yr, by cost item, group or `all`.
    pub escalation: BTreeMap<String, f64>,
}

/// The source recorded for a value given in the scenario's `finance:` section.
fn from_scenario(field: &str) -> String {
    format!("scenario {field}")
}

/// A value from the scenario when given, else the catalogue's.
fn given_or(value: Option<f64>, field: &str, default: &Cited) -> Cited {
    match value {
        Some(value) => Cited {
            value,
            source: from_scenario(field),
            estimate: false,
        },
        None => default.clone(),
    }
}

/// A whole number of years from a catalogue figure, or an issue naming its field.
fn whole_years(field: &str, cited: &Cited, issues: &mut Issues) -> Option<u32> {
    let v = cited.value;
    if (0.0..=f64::from(MAX_YEARS)).contains(&v) && v.fract() == 0.0 {
        Some(v as u32)
    } else {
        issues.push(
            field,
            v,
            &format!("a whole number of years in [0, {MAX_YEARS}]"),
        );
        None
    }
}

/// Longest analysis period, loan tenor or depreciation, years.
pub const MAX_YEARS: u32 = 100;

/// Checks `1 <= years <= MAX_YEARS`.
fn check_years(issues: &mut Issues, field: &str, years: u32) {
    if !(1..=MAX_YEARS).contains(&years) {
        issues.push(
            field,
            years,
            &format!("a whole number of years in [1, {MAX_YEARS}]"),
        );
    }
}

/// Resolves and checks the `finance:` section (absent: every default); `None` when a value
/// is wrong, each problem recorded with its field.
pub fn resolve_finance(
    spec: Option<&FinanceSpec>,
    cat: &Catalogue,
    issues: &mut Issues,
) -> Option<FinanceData> {
    let before = issues.count();
    let defaults = FinanceSpec::default();
    let spec = spec.unwrap_or(&defaults);
    let c = &cat.finance;
    check_finance_catalogue(cat, issues);

    if let Some(years) = spec.analysis_years {
        check_years(issues, "finance.analysis_years", years);
    }
    let discount_rate = given_or(
        spec.discount_rate,
        "finance.discount_rate",
        &c.discount_rate,
    );
    issues.check_range("finance.discount_rate", discount_rate.value, 0.0, 0.5);

    let debt = spec.debt.as_ref().map(|d| {
        let share = given_or(d.share, "finance.debt.share", &c.debt_share_frac);
        issues.check_range("finance.debt.share", share.value, 0.0, 1.0);
        let rate = given_or(d.rate, "finance.debt.rate", &c.debt_rate);
        issues.check_range("finance.debt.rate", rate.value, 0.0, 0.5);
        let (tenor_years, tenor_source) = match d.tenor_years {
            Some(years) => (years, from_scenario("finance.debt.tenor_years")),
            None => (
                whole_years("catalogue.finance.debt_tenor_yr", &c.debt_tenor_yr, issues)
                    .unwrap_or(1),
                c.debt_tenor_yr.source.clone(),
            ),
        };
        check_years(issues, "finance.debt.tenor_years", tenor_years);
        if let Some(analysis) = spec.analysis_years {
            if tenor_years > analysis {
                issues.push(
                    "finance.debt.tenor_years",
                    tenor_years,
                    &format!("at most finance.analysis_years ({analysis})"),
                );
            }
        }
        DebtData {
            share,
            rate,
            tenor_years,
            tenor_source,
        }
    });

    let tax_spec = spec.tax.clone().unwrap_or_default();
    let income_tax_rate = given_or(
        tax_spec.income_tax_rate,
        "finance.tax.income_tax_rate",
        &c.income_tax_rate,
    );
    issues.check_range(
        "finance.tax.income_tax_rate",
        income_tax_rate.value,
        0.0,
        1.0,
    );
    let depreciation_years = match &tax_spec.depreciation_years {
        None => BTreeMap::new(),
        Some(DepreciationSpec::All(years)) => {
            check_years(issues, "finance.tax.depreciation_years", *years);
            Technology::ALL.iter().map(|t| (*t, *years)).collect()
        }
        Some(DepreciationSpec::ByTechnology(by_name)) => {
            let mut years_by_tech = BTreeMap::new();
            for (name, years) in by_name {
                let field = format!("finance.tax.depreciation_years.{name}");
                match Technology::from_name(name) {
                    Some(tech) => {
                        check_years(issues, &field, *years);
                        years_by_tech.insert(tech, *years);
                    }
                    None => issues.push(
                        &field,
                        name,
                        &format!(
                            "a technology: {}",
                            Technology::ALL.map(Technology::name).join(", ")
                        ),
                    ),
                }
            }
            years_by_tech
        }
    };
    let (loss_carry_forward_years, loss_carry_forward_source) =
        match tax_spec.loss_carry_forward_years {
            Some(years) => {
                if years > MAX_YEARS {
                    issues.push(
                        "finance.tax.loss_carry_forward_years",
                        years,
                        &format!("a whole number of years in [0, {MAX_YEARS}]"),
                    );
                }
                (years, from_scenario("finance.tax.loss_carry_forward_years"))
            }
            None => (
                whole_years(
                    "catalogue.finance.loss_carry_forward_yr",
                    &c.loss_carry_forward_yr,
                    issues,
                )
                .unwrap_or(0),
                c.loss_carry_forward_yr.source.clone(),
            ),
        };

    let groups: Vec<&str> = CostGroup::ALL
        .iter()
        .filter(|g| **g != CostGroup::Other)
        .map(|g| g.name())
        .collect();
    for (key, rate) in &spec.escalation {
        let field = format!("finance.escalation.{key}");
        let known = key == ESCALATE_ALL
            || groups.contains(&key.as_str())
            || OPERATING_ITEMS.iter().any(|(item, _)| item == key);
        if !known {
            issues.push(
                &field,
                key,
                &format!(
                    "a cost item of plan.json → costs (not *_capital), `{ESCALATE_ALL}`, or a \
                     group: {}",
                    groups.join(", ")
                ),
            );
        }
        issues.check_range(&field, *rate, -0.5, 0.5);
    }

    (issues.count() == before).then(|| FinanceData {
        analysis_years: spec.analysis_years,
        discount_rate,
        debt,
        tax: TaxData {
            income_tax_rate,
            depreciation_years,
            holiday: tax_spec.holiday,
            loss_carry_forward_years,
            loss_carry_forward_source,
        },
        escalation: spec.escalation.clone(),
    })
}

/// Checks the catalogue's finance defaults besides the discount rate.
fn check_finance_catalogue(cat: &Catalogue, issues: &mut Issues) {
    let c = &cat.finance;
    issues.check_range(
        "catalogue.finance.income_tax_rate",
        c.income_tax_rate.value,
        0.0,
        1.0,
    );
    issues.check_range(
        "catalogue.finance.debt_share_frac",
        c.debt_share_frac.value,
        0.0,
        1.0,
    );
    issues.check_range("catalogue.finance.debt_rate", c.debt_rate.value, 0.0, 0.5);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::catalogue::SHIPPED_CATALOGUE_YAML;

    fn catalogue() -> Catalogue {
        serde_yaml::from_str(SHIPPED_CATALOGUE_YAML).unwrap()
    }

    fn resolve(yaml: &str) -> Result<FinanceData, Vec<String>> {
        let spec: FinanceSpec = serde_yaml::from_str(yaml).unwrap();
        let mut issues = Issues::for_file("s.yaml");
        match resolve_finance(Some(&spec), &catalogue(), &mut issues) {
            Some(data) if issues.is_empty() => Ok(data),
            _ => Err(issues.into_vec().iter().map(|i| i.to_string()).collect()),
        }
    }

    #[test]
    fn defaults_come_from_the_catalogue_with_their_sources() {
        let mut issues = Issues::for_file("s.yaml");
        let data = resolve_finance(None, &catalogue(), &mut issues).unwrap();
        assert!(issues.is_empty());
        assert_eq!(data.analysis_years, None);
        assert_eq!(data.discount_rate.value, 0.06);
        assert!(data.debt.is_none());
        assert_eq!(data.tax.income_tax_rate.value, 0.25);
        assert!(data.tax.income_tax_rate.source.contains("第四条"));
        assert_eq!(data.tax.loss_carry_forward_years, 5);
        assert!(data.tax.depreciation_years.is_empty());
        assert!(data.tax.holiday.is_none());

        // A debt section with nothing in it takes every loan default.
        let data = resolve("debt: {}").unwrap();
        let debt = data.debt.unwrap();
        assert_eq!(
            (debt.share.value, debt.rate.value, debt.tenor_years),
            (0.7, 0.035, 15)
        );
    }

    #[test]
    fn given_values_are_marked_as_the_scenario_s() {
        let data = resolve(
            "analysis_years: 20\ndiscount_rate: 0.08\ndebt: {share: 0.6, rate: 0.03, \
             tenor_years: 10}\ntax: {income_tax_rate: 0.15, depreciation_years: {pv: 20, \
             battery: 10}, holiday: three_free_three_half}\nescalation: {energy: 0.02, \
             grid_energy: 0.01}",
        )
        .unwrap();
        assert_eq!(data.analysis_years, Some(20));
        assert_eq!(data.discount_rate.source, "scenario finance.discount_rate");
        assert_eq!(data.tax.depreciation_years[&Technology::Battery], 10);
        assert_eq!(data.tax.holiday, Some(TaxHoliday::ThreeFreeThreeHalf));
        assert_eq!(data.escalation["grid_energy"], 0.01);
        let data = resolve("tax: {depreciation_years: 12}").unwrap();
        assert_eq!(data.tax.depreciation_years.len(), Technology::ALL.len());
    }

    #[test]
    fn every_problem_is_named_by_field_and_value() {
        let problems = resolve(
            "analysis_years: 20\ndiscount_rate: 0.9\ndebt: {share: 1.5, tenor_years: 30}\n\
             tax: {income_tax_rate: -0.1, depreciation_years: {pv: 0, solar: 20}}\n\
             escalation: {grid: 0.02, energy: 0.9}",
        )
        .unwrap_err();
        let expect = [
            "s.yaml: finance.discount_rate: must be in [0, 0.5], got 0.9",
            "s.yaml: finance.debt.share: must be in [0, 1], got 1.5",
            "s.yaml: finance.debt.tenor_years: must be at most finance.analysis_years (20), got 30",
            "s.yaml: finance.tax.income_tax_rate: must be in [0, 1], got -0.1",
            "s.yaml: finance.tax.depreciation_years.pv: must be a whole number of years in [1, 100], got 0",
            "s.yaml: finance.tax.depreciation_years.solar: must be a technology",
            "s.yaml: finance.escalation.grid: must be a cost item",
            "s.yaml: finance.escalation.energy: must be in [-0.5, 0.5], got 0.9",
        ];
        for e in expect {
            assert!(
                problems.iter().any(|p| p.starts_with(e)),
                "{e}\nnot in\n{problems:#?}"
            );
        }
        assert_eq!(problems.len(), expect.len(), "{problems:#?}");
    }
}
