//! A given design checked: capacities in total (existing and new) from a design file or
//! `--fix`, turned into the model's new-capacity columns, the best operation of that design
//! solved, and the least-cost plan's saving over it (`zcpark evaluate`, `zcpark plan --fix`).

use super::dispatch::Capacities;
use super::{Progress, SizeRule};
use crate::scenario::Park;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// One size of a park: its key (as in `plan.json` → `capacities`), the model's column of new
/// capacity, what exists, the most that may be added, whether it is counted in whole units,
/// and the scenario fields that set what exists and the most that may be added.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub(crate) key: String,
    pub(crate) column: String,
    pub(crate) existing: f64,
    pub(crate) max_new: Option<f64>,
    pub(crate) whole: bool,
    pub(crate) unit: &'static str,
    /// The scenario field of what exists (`build.pv.existing_mw`).
    pub(crate) existing_field: String,
    /// The scenario field of the most that may be added (`build.pv.max_mw`).
    pub(crate) limit_field: String,
    /// Economic life of what is built, years (the catalogue's `lifetime_yr`).
    pub(crate) lifetime_yr: f64,
    /// The prefix of the size's cost items in plan.json → `costs` (`pv` for `pv_capital`).
    pub(crate) cost_prefix: &'static str,
}

/// Every size of `park` a design may fix.
pub(crate) fn slots(park: &Park) -> Vec<Slot> {
    let mut out = Vec::new();
    let mut push = |key: &str,
                    column: &str,
                    existing: f64,
                    max_new: Option<f64>,
                    whole: bool,
                    unit: &'static str,
                    fields: (&str, &str),
                    (lifetime_yr, cost_prefix): (f64, &'static str)| {
        out.push(Slot {
            key: key.into(),
            column: column.into(),
            existing,
            max_new,
            whole,
            unit,
            existing_field: fields.0.into(),
            limit_field: fields.1.into(),
            lifetime_yr,
            cost_prefix,
        })
    };
    if let Some(pv) = &park.pv {
        let max = Some(pv.max_new_mw);
        push(
            "pv_mw",
            "pv_new_mw",
            pv.existing_mw,
            max,
            false,
            "MW",
            ("build.pv.existing_mw", "build.pv.max_mw"),
            (pv.cost_per_mw.lifetime_yr, "pv"),
        );
    }
    if let Some(w) = &park.wind {
        push(
            "wind_turbines",
            "wind_new_turbines",
            f64::from(w.existing_turbines),
            Some(f64::from(w.max_new_turbines)),
            true,
            "turbines",
            ("build.wind.existing_turbines", "build.wind.max_turbines"),
            (w.cost_per_turbine.lifetime_yr, "wind"),
        );
    }
    if let Some(b) = &park.battery {
        let max = Some(b.max_new_mwh);
        let limit = "build.battery.max_mwh";
        push(
            "battery_mwh",
            "battery_new_mwh",
            b.existing_mwh,
            max,
            false,
            "MWh",
            ("build.battery.existing_mwh", limit),
            (b.cost_per_mwh.lifetime_yr, "battery"),
        );
        push(
            "battery_mw",
            "battery_new_mw",
            b.existing_mw,
            None,
            false,
            "MW",
            ("build.battery.existing_mw", limit),
            (b.cost_per_mwh.lifetime_yr, "battery"),
        );
    }
    if let Some(h) = &park.hydrogen {
        if let Some(e) = &h.electrolyser {
            push(
                "electrolyser_stacks",
                "electrolyser_new_stacks",
                f64::from(e.existing_stacks),
                Some(f64::from(e.max_new_stacks)),
                true,
                "stacks",
                (
                    "hydrogen.electrolyser.existing_stacks",
                    "hydrogen.electrolyser.max_stacks",
                ),
                (e.cost_per_stack.lifetime_yr, "electrolyser"),
            );
        }
        if let Some(s) = &h.storage {
            push(
                "h2_storage_kg",
                "h2_storage_new_kg",
                s.existing_kg,
                Some(s.max_new_kg),
                false,
                "kg",
                ("hydrogen.storage.existing_kg", "hydrogen.storage.max_kg"),
                (s.cost_per_kg.lifetime_yr, "h2_storage"),
            );
        }
    }
    if let Some(h) = &park.heat {
        if let Some((u, _)) = &h.electric_boiler {
            push(
                "electric_boiler_mw",
                "electric_boiler_new_mw",
                u.existing_mw_th,
                Some(u.max_new_mw_th),
                false,
                "MW_th",
                (
                    "heat.electric_boiler.existing_mw_th",
                    "heat.electric_boiler.max_mw_th",
                ),
                (u.cost_per_mw_th.lifetime_yr, "electric_boiler"),
            );
        }
        if let Some((u, _)) = &h.heat_pump {
            push(
                "heat_pump_mw",
                "heat_pump_new_mw",
                u.existing_mw_th,
                Some(u.max_new_mw_th),
                false,
                "MW_th",
                ("heat.heat_pump.existing_mw_th", "heat.heat_pump.max_mw_th"),
                (u.cost_per_mw_th.lifetime_yr, "heat_pump"),
            );
        }
        if let Some(s) = &h.thermal_storage {
            push(
                "thermal_storage_mwh",
                "thermal_storage_new_mwh",
                s.existing_mwh_th,
                Some(s.max_new_mwh_th),
                false,
                "MWh_th",
                (
                    "heat.thermal_storage.existing_mwh_th",
                    "heat.thermal_storage.max_mwh_th",
                ),
                (s.cost_per_mwh_th.lifetime_yr, "thermal_storage"),
            );
        }
    }
    if let Some(co2) = &park.co2 {
        // The captures are in the order of the scenario's `co2.capture` list.
        for (i, c) in co2.captures.iter().enumerate() {
            let source = &co2.sources[c.source].name;
            push(
                &format!("ccus_modules_by_source.{source}"),
                &format!("ccus_new_modules:{source}"),
                f64::from(c.existing_modules),
                Some(f64::from(c.max_new_modules)),
                true,
                "modules",
                (
                    &format!("co2.capture[{i}].existing_modules"),
                    &format!("co2.capture[{i}].max_modules"),
                ),
                (c.cost_per_module.lifetime_yr, "ccus"),
            );
        }
    }
    out
}

/// A design: capacities in total by key (`pv_mw`, `wind_turbines`, `battery_mwh`,
/// `battery_mw`, `electrolyser_stacks`, `h2_storage_kg`, `electric_boiler_mw`,
/// `heat_pump_mw`, `thermal_storage_mwh`, `ccus_modules_by_source.<source>`), as in
/// `plan.json` → `capacities`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Design {
    /// Where it comes from (the design file, or `--fix`).
    pub origin: String,
    /// Totals given, by key.
    pub totals: BTreeMap<String, f64>,
    /// Whether the sizes not given are fixed at what exists (a design file: the whole
    /// design) or left to the model (`--fix`).
    pub complete: bool,
}

/// A design that cannot be applied to the scenario, with the key and value at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignError {
    /// The design file or `--fix`.
    pub origin: String,
    /// The key.
    pub key: String,
    /// The value as given.
    pub value: String,
    /// What was expected.
    pub expected: String,
}

impl fmt::Display for DesignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {} is not valid: expected {}",
            self.origin, self.key, self.value, self.expected
        )
    }
}

impl std::error::Error for DesignError {}

/// Every problem of a design, listed at once (as `validate` lists a scenario's).
#[derive(Debug, Clone, PartialEq)]
pub struct DesignErrors(pub Vec<DesignError>);

impl fmt::Display for DesignErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "{} problems in the design:", all.len())?;
                for e in all {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for DesignErrors {}

impl Design {
    /// Reads a design file: a YAML mapping of keys to totals (`ccus_modules_by_source` a
    /// mapping of source names to modules). Keys of `plan.json` → `capacities` that are not
    /// totals (`pv_new_mw`, `wind_mw`, ...) are ignored, so a plan's capacities can be
    /// copied as they are.
    ///
    /// # Errors
    /// [`DesignErrors`]: every key at fault, each naming the file, the key and the value.
    pub fn from_yaml(origin: &str, text: &str) -> Result<Design, DesignErrors> {
        let (design, problems) = Design::read_yaml(origin, text);
        match design {
            Some(design) if problems.is_empty() => Ok(design),
            _ => Err(DesignErrors(problems)),
        }
    }

    /// As [`Design::from_yaml`], keeping what reads: the design of the keys that read (None
    /// when the file is no mapping) and the problems of the others, so that the sizes given
    /// can be checked in the same round ([`Design::size_rule`]).
    pub fn read_yaml(origin: &str, text: &str) -> (Option<Design>, Vec<DesignError>) {
        let error = |key: &str, value: String, expected: &str| DesignError {
            origin: origin.into(),
            key: key.into(),
            value,
            expected: expected.into(),
        };
        let value: serde_yaml::Value = match serde_yaml::from_str(text) {
            Ok(value) => value,
            Err(e) => {
                let problem = error("(file)", e.to_string(), "a YAML mapping of capacities");
                return (None, vec![problem]);
            }
        };
        let serde_yaml::Value::Mapping(map) = value else {
            let problem = error("(file)", yaml_text(&value), "a YAML mapping of capacities");
            return (None, vec![problem]);
        };
        let mut problems = Vec::new();
        let map_keys: Vec<String> = map
            .keys()
            .filter_map(|k| k.as_str().map(String::from))
            .collect();
        let mut totals = BTreeMap::new();
        for (key, value) in map {
            let key = key.as_str().unwrap_or_default().to_string();
            if key == "ccus_modules_by_source" {
                let serde_yaml::Value::Mapping(sources) = value else {
                    problems.push(error(&key, yaml_text(&value), "a mapping source: modules"));
                    continue;
                };
                for (source, modules) in sources {
                    let k = format!("{key}.{}", source.as_str().unwrap_or_default());
                    match number(&modules) {
                        Ok(v) => {
                            totals.insert(k, v);
                        }
                        Err((v, e)) => problems.push(error(&k, v, e)),
                    }
                }
            } else if TOTAL_KEYS.contains(&key.as_str()) {
                match number(&value) {
                    Ok(v) => {
                        totals.insert(key, v);
                    }
                    Err((v, e)) => problems.push(error(&key, v, e)),
                }
            } else if let Some(total_key) = derived_from(&key) {
                if !map_has(&map_keys, total_key) {
                    problems.push(error(
                        &key,
                        yaml_text(&value),
                        &format!(
                            "no key alone: it follows from {total_key}, which the design must \
                             give (a plan's capacities carry both)"
                        ),
                    ));
                }
            } else {
                problems.push(error(
                    &key,
                    yaml_text(&value),
                    &format!(
                        "a key among {}, ccus_modules_by_source",
                        TOTAL_KEYS.join(", ")
                    ),
                ));
            }
        }
        let design = Design {
            origin: origin.into(),
            totals,
            complete: true,
        };
        (Some(design), problems)
    }

    /// Reads `--fix KEY=VALUE` pairs (the keys of [`Design::from_yaml`]); the sizes not named
    /// stay free. Returns the pairs that read and the problems of the others (every pair at
    /// fault), so that the sizes given can be checked in the same round
    /// ([`Design::size_rule`]).
    pub fn read_fixes(fixes: &[(String, String)]) -> (Design, Vec<DesignError>) {
        let mut totals = BTreeMap::new();
        let mut problems = Vec::new();
        for (key, value) in fixes {
            let error = |expected: &str| DesignError {
                origin: "--fix".into(),
                key: key.clone(),
                value: value.clone(),
                expected: expected.into(),
            };
            let known =
                TOTAL_KEYS.contains(&key.as_str()) || key.starts_with("ccus_modules_by_source.");
            if !known {
                problems.push(error(&format!(
                    "a key among {}, ccus_modules_by_source.<source>",
                    TOTAL_KEYS.join(", ")
                )));
                continue;
            }
            match value.trim().parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => {
                    totals.insert(key.clone(), v);
                }
                Ok(_) => problems.push(error("a finite number ≥ 0")),
                Err(_) => problems.push(error("a number")),
            }
        }
        let design = Design {
            origin: "--fix".into(),
            totals,
            complete: false,
        };
        (design, problems)
    }

    /// The rule on the model's new-capacity columns for `park`: each total given less what
    /// exists; with a complete design, every size not given at what exists (nothing new).
    ///
    /// # Errors
    /// [`DesignErrors`], every one at once: a key that names a technology the scenario does
    /// not have (with a total above zero), a total below what exists or above what may be
    /// built, a whole-unit size that is not whole; then a battery outside the catalogue's
    /// durations.
    pub fn size_rule(&self, park: &Park) -> Result<SizeRule, DesignErrors> {
        let slots = slots(park);
        let error = |key: &str, value: f64, expected: String| DesignError {
            origin: self.origin.clone(),
            key: key.into(),
            value: crate::csv_input::shown(value),
            expected,
        };
        let mut problems = Vec::new();
        for (key, total) in &self.totals {
            // A zero for a technology the scenario does not have asks for nothing (a plan's
            // capacities list every technology).
            if *total != 0.0 && !slots.iter().any(|s| &s.key == key) {
                let have: Vec<&str> = slots.iter().map(|s| s.key.as_str()).collect();
                problems.push(error(
                    key,
                    self.totals[key],
                    format!(
                        "a size of this scenario, which may hold {} (add the technology to \
                         the scenario to check a design with it)",
                        have.join(", ")
                    ),
                ));
            }
        }
        let mut fixed = BTreeMap::new();
        for slot in &slots {
            let total = match self.totals.get(&slot.key) {
                Some(total) => *total,
                None if self.complete => slot.existing,
                None => continue,
            };
            if slot.whole && total.fract() != 0.0 {
                problems.push(error(&slot.key, total, format!("whole {}", slot.unit)));
                continue;
            }
            let new = total - slot.existing;
            if new < -1e-9 {
                problems.push(error(
                    &slot.key,
                    total,
                    format!(
                        "at least the {} {} that exist (a design cannot remove them)",
                        slot.existing, slot.unit
                    ),
                ));
                continue;
            }
            if let Some(max) = slot.max_new.filter(|max| new > max + 1e-9) {
                problems.push(error(
                    &slot.key,
                    total,
                    format!(
                        "at most {} {} ({} existing + {max} that {} allows); raise {} to \
                         check this design",
                        slot.existing + max,
                        slot.unit,
                        slot.existing,
                        slot.limit_field,
                        slot.limit_field
                    ),
                ));
                continue;
            }
            fixed.insert(slot.column.clone(), new.max(0.0));
        }
        if !problems.is_empty() {
            return Err(DesignErrors(problems));
        }
        self.check_battery_duration(park, &fixed)
            .map_err(|e| DesignErrors(vec![e]))?;
        Ok(SizeRule::Fixed(fixed))
    }

    /// A battery whose energy and power are both fixed must lie within the catalogue's
    /// durations (the model's duration rows would otherwise make the design infeasible for a
    /// reason that is not a rule).
    fn check_battery_duration(
        &self,
        park: &Park,
        fixed: &BTreeMap<String, f64>,
    ) -> Result<(), DesignError> {
        let Some(b) = &park.battery else {
            return Ok(());
        };
        let (Some(new_mwh), Some(new_mw)) =
            (fixed.get("battery_new_mwh"), fixed.get("battery_new_mw"))
        else {
            return Ok(());
        };
        let (mwh, mw) = (b.existing_mwh + new_mwh, b.existing_mw + new_mw);
        if mwh == 0.0 && mw == 0.0 {
            return Ok(());
        }
        let fits = crate::scenario::park::battery_duration_fits(
            mwh,
            mw,
            b.min_duration_h,
            b.max_duration_h,
        );
        if fits {
            return Ok(());
        }
        Err(DesignError {
            origin: self.origin.clone(),
            key: "battery_mw".into(),
            value: crate::csv_input::shown(mw),
            expected: format!(
                "a power that gives the {mwh} MWh battery {}-{} h of storage (catalogue \
                 battery.min_duration_h, max_duration_h){}",
                b.min_duration_h,
                b.max_duration_h,
                if self.totals.contains_key("battery_mw") {
                    ""
                } else {
                    "; the design gives no battery_mw, so it stays at what exists"
                }
            ),
        })
    }
}

/// The keys of the totals a design gives.
const TOTAL_KEYS: [&str; 9] = [
    "pv_mw",
    "wind_turbines",
    "battery_mwh",
    "battery_mw",
    "electrolyser_stacks",
    "h2_storage_kg",
    "electric_boiler_mw",
    "heat_pump_mw",
    "thermal_storage_mwh",
];

/// The total a key of `plan.json` → `capacities` follows from, when it is not a total
/// itself (`pv_new_mw` from `pv_mw`, `wind_mw` from `wind_turbines`, ...).
fn derived_from(key: &str) -> Option<&'static str> {
    Some(match key {
        "pv_new_mw" => "pv_mw",
        "wind_new_turbines" | "wind_mw" => "wind_turbines",
        "battery_new_mwh" => "battery_mwh",
        "battery_new_mw" => "battery_mw",
        "electrolyser_new_stacks" | "electrolyser_mw" => "electrolyser_stacks",
        "h2_storage_new_kg" => "h2_storage_kg",
        "ccus_modules" | "ccus_new_modules" => "ccus_modules_by_source",
        "electric_boiler_new_mw" => "electric_boiler_mw",
        "heat_pump_new_mw" => "heat_pump_mw",
        "thermal_storage_new_mwh" => "thermal_storage_mwh",
        _ => return None,
    })
}

/// Whether `keys` holds `key`.
fn map_has(keys: &[String], key: &str) -> bool {
    keys.iter().any(|k| k == key)
}

/// A YAML value as the user wrote it (`55`, `lots`, `~`), for messages.
fn yaml_text(value: &serde_yaml::Value) -> String {
    serde_yaml::to_string(value)
        .map(|t| t.trim().to_string())
        .unwrap_or_default()
}

/// A YAML number, or the value as text and what was expected.
fn number(value: &serde_yaml::Value) -> Result<f64, (String, &'static str)> {
    match value.as_f64() {
        Some(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err((yaml_text(value), "a finite number ≥ 0")),
    }
}

/// `plan.json` → `design`: the design checked against the least-cost plan.
#[derive(Debug, Clone, Serialize)]
pub struct DesignReport {
    /// The design.
    pub design: Design,
    /// Whether the design meets every rule (a plan exists with its sizes).
    pub meets_rules: bool,
    /// How the least-cost plan's solve ended.
    pub least_cost_status: crate::solve::SolveStatus,
    /// The annual cost (the sum of the cost items) of the least-cost plan's sizes operated as
    /// the design is (the same λ, the same hours), RMB/yr.
    pub least_cost_rmb_per_yr: Option<f64>,
    /// The design's annual cost less the least-cost plan's, RMB/yr (when both have one; for
    /// a design that misses the rules, its cost in the operation closest to them).
    pub saving_of_least_cost_rmb_per_yr: Option<f64>,
    /// The least-cost plan's capacities.
    pub least_cost_capacities: Option<Capacities>,
}

/// Solves `scenario` with `design`'s sizes (on the scenario's hours: a design is checked on
/// the full year even where the plan is made on typical days), then the least-cost plan, and
/// reports both in the design's outcome. The least-cost plan's sizes are then put through
/// the design's own path (the same λ, the same hours, the same solve), so that the saving
/// compares like with like even when the least-cost plan was made on typical days.
///
/// # Errors
/// [`super::SolveError`] when HiGHS fails; a design that does not fit the scenario is a
/// [`super::SolveError::Input`] naming the key.
pub fn evaluate(
    scenario: &crate::scenario::LoadedScenario,
    design: &Design,
    options: &crate::solve::SolveOptions,
    progress: &mut dyn Progress,
) -> Result<super::PlanOutcome, super::SolveError> {
    let park = &scenario.park;
    let sizes = design
        .size_rule(park)
        .map_err(|e| super::SolveError::Input(e.to_string()))?;
    let other_runs = super::options_for_other_runs(options);
    let base = super::baseline_stage(park, &other_runs, progress)?;
    let limit = base.limit;
    let build = |sizes: SizeRule| super::BuildOptions {
        sizes,
        ..super::BuildOptions::new(
            true,
            crate::model::PolicyRows::Enforce {
                intensity_limit: limit,
            },
        )
    };
    let mut label = |step: &str| progress.step(&format!("design: {step}"));
    let planned = super::plan_stage(park, build(sizes), options, &mut label)?;
    let mut outcome = super::assemble(park, scenario, options, base, planned);
    let mut label = |step: &str| progress.step(&format!("least-cost plan: {step}"));
    let least = super::plan(scenario, &other_runs, &mut label)?;
    let least_capacities = least
        .report
        .capacities
        .clone()
        .filter(|_| least.report.status.has_plan());
    let least_cost = match &least_capacities {
        Some(caps) => {
            let text =
                serde_yaml::to_string(caps).map_err(|e| super::SolveError::Input(e.to_string()))?;
            let rule = Design::from_yaml("the least-cost plan", &text)
                .and_then(|d| d.size_rule(park))
                .map_err(|e| super::SolveError::Input(e.to_string()))?;
            let mut label = |step: &str| progress.step(&format!("least-cost sizes: {step}"));
            super::plan_stage(park, build(rule), &other_runs, &mut label)?.total_cost_rmb_per_yr()
        }
        None => None,
    };
    let report = &outcome.report;
    // A design that misses the rules has no cost to compare: the operation shown is the one
    // closest to the rules, not a least-cost operation.
    let design_cost = report
        .costs
        .as_ref()
        .filter(|_| report.status.has_plan())
        .map(super::kpi::total);
    outcome.report.design = Some(DesignReport {
        design: design.clone(),
        meets_rules: report.status.has_plan(),
        least_cost_status: least.report.status,
        least_cost_rmb_per_yr: least_cost,
        saving_of_least_cost_rmb_per_yr: design_cost.zip(least_cost).map(|(d, l)| d - l),
        least_cost_capacities: least_capacities,
    });
    Ok(outcome)
}
