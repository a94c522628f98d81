//! A staged investment pathway (`zcpark pathway`): the scenario's `pathway:` stages, each
//! with its own rules, load and costs, planned one after another with myopic foresight (each
//! inheriting the capacities in service after the stage before as existing assets), or in
//! one model with perfect foresight ([`perfect`]).
//!
//! Costs follow PyPSA's multi-period convention for annualised investment: a stage's annual
//! cost is its plan's cost items (the annuity and fixed O&M of what it builds, and its
//! operation) plus the annuities and fixed O&M of what earlier stages built, which run on
//! while the assets live; each stage stands for the years until the next (the last for
//! `pathway.last_stage_years`) and its years are discounted to the first stage's year at
//! the scenario's discount rate. Counting annuities only inside the horizon is the same as
//! crediting the assets' value beyond it (no separate salvage term). What a stage builds
//! retires at the end of its economic life ([`vintage`]): from the first stage starting at
//! or after it, it is no longer in service, its annuity and fixed O&M stop, and the room it
//! took under the scenario's `max_*` is free to build again.

pub mod perfect;
pub mod vintage;

use super::{Point, Solver, StudyArgs, StudyBase, StudyError};
use crate::batch::table::{number_cell, Table};
use crate::plan::design::slots;
use crate::report::atomic::write_atomic;
use crate::report::chart::{BarChart, BarSeries};
use crate::report::files::write_plan_outputs;
use crate::report::lang::{pick, technology, Lang, Term};
use crate::scenario::overrides::{get, Override};
use crate::scenario::pathway::{Foresight, PathwaySpec};
use crate::scenario::spec::IntensityLimitSpec;
use crate::scenario::LoadedScenario;
use crate::solve::SolveOptions;
use serde::Serialize;
use serde_json::Value as Json;
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vintage::Vintage;

/// Suffixes of the cost items that belong to what a stage built and run on in later stages:
/// annualised capital (with stack replacements) and fixed O&M.
const CARRIED_SUFFIXES: [&str; 2] = ["_capital", "_fixed_om"];

/// One stage planned.
#[derive(Debug, Clone)]
pub struct StagePlan {
    /// Calendar year of the stage.
    pub year: u32,
    /// Years the stage stands for.
    pub years: u32,
    /// Σ over those years of 1 / (1 + r)^(year − first year): the stage's weight in the
    /// pathway's present cost, years.
    pub discount_weight_yr: f64,
    /// The stage's plan (with the capacities of the stages before it as existing assets).
    pub point: Point,
    /// Annualised capital and fixed O&M of what earlier stages built, RMB/yr.
    pub carried_rmb_per_yr: f64,
}

impl StagePlan {
    /// The stage's own cost items (what it builds and its operation), RMB/yr.
    pub fn own_cost_rmb_per_yr(&self) -> Option<f64> {
        self.point.objective()
    }

    /// The stage's carried cost items in the stage starting in `year`: those of what it built
    /// that is still in service then ([`vintage::in_service`], each item by the life of its
    /// size).
    fn carried_items_rmb_per_yr(&self, year: u32) -> f64 {
        let sizes = slots(&self.point.loaded.park);
        self.point
            .outcome
            .report
            .costs
            .iter()
            .flatten()
            .filter(|(item, _)| CARRIED_SUFFIXES.iter().any(|s| item.ends_with(s)))
            .filter(|(item, _)| {
                sizes
                    .iter()
                    .find(|s| item.starts_with(s.cost_prefix))
                    .is_none_or(|s| vintage::in_service(self.year, year, s.lifetime_yr))
            })
            .map(|(_, v)| v)
            .sum()
    }
}

/// One stage of a pathway as `pathway.csv` gives it, whichever the foresight.
#[derive(Debug, Clone)]
pub struct StageRow {
    /// `stage-YEAR`.
    pub name: String,
    /// Calendar year of the stage.
    pub year: u32,
    /// Years the stage stands for.
    pub years: u32,
    /// How the stage's solve ended (`optimal`, `infeasible`, ...).
    pub status: String,
    /// Whether the stage has a plan.
    pub has_plan: bool,
    /// λ of the stage, t CO2/tce.
    pub intensity_limit_t_per_tce: f64,
    /// EM / EC of the stage's plan, t CO2/tce.
    pub intensity_t_per_tce: Option<f64>,
    /// Clean-energy share of the stage's plan, 0..1.
    pub clean_share: Option<f64>,
    /// The stage's operation and the annuities and fixed O&M of what it builds, RMB/yr.
    pub own_cost_rmb_per_yr: Option<f64>,
    /// Annuities and fixed O&M of what earlier stages built, RMB/yr.
    pub carried_rmb_per_yr: f64,
    /// Σ over the stage's years of 1 / (1 + r)^(year − first year), years.
    pub discount_weight_yr: f64,
    /// Sizes in service and built in the stage, as plan.json → `capacities`.
    pub capacities: Json,
    /// Why the stage has no plan: each rule it cannot meet, in words.
    pub shortfalls: Vec<String>,
    /// What retires at the stage's start (built by earlier stages, at the end of its life),
    /// by plan.json → `capacities` key of new capacity (`pv_new_mw`), only what retires.
    pub retired: BTreeMap<String, f64>,
}

impl StageRow {
    /// Annual cost with what earlier stages built, RMB/yr.
    pub fn annual_cost_rmb_per_yr(&self) -> Option<f64> {
        self.own_cost_rmb_per_yr
            .map(|c| c + self.carried_rmb_per_yr)
    }

    /// The row of a myopic stage's plan.
    fn of(stage: &StagePlan) -> Self {
        let report = &stage.point.outcome.report;
        let kpis = report.kpis.as_ref().filter(|_| stage.point.ok());
        Self {
            name: stage.point.name.clone(),
            year: stage.year,
            years: stage.years,
            status: stage.point.status(),
            has_plan: stage.point.ok(),
            intensity_limit_t_per_tce: report.accounting.intensity_limit_used_t_per_tce,
            intensity_t_per_tce: kpis.map(|k| k.intensity_t_per_tce),
            clean_share: kpis.map(|k| k.clean_share),
            own_cost_rmb_per_yr: stage.own_cost_rmb_per_yr(),
            carried_rmb_per_yr: stage.carried_rmb_per_yr,
            discount_weight_yr: stage.discount_weight_yr,
            // A stage with no plan has no sizes: those of its diagnosis run (built to show
            // how far the rules are) read as a plan in pathway.csv.
            capacities: if stage.point.ok() {
                serde_json::to_value(&report.capacities).unwrap_or(Json::Null)
            } else {
                Json::Null
            },
            shortfalls: report
                .infeasibility
                .iter()
                .map(|p| format!("{}: {}", p.rule, p.message))
                .collect(),
            retired: BTreeMap::new(),
        }
    }
}

/// A pathway planned.
#[derive(Debug, Clone)]
pub struct Pathway {
    /// The scenario's name.
    pub scenario: String,
    /// How each stage saw the later ones.
    pub foresight: Foresight,
    /// The discount rate of the present cost, 1/yr.
    pub discount_rate: f64,
    /// The stages, in order; with myopic foresight the last one may have no plan (the
    /// pathway stops there).
    pub rows: Vec<StageRow>,
    /// With myopic foresight, each stage's plan (written to `runs/stage-YEAR/`).
    pub stages: Vec<StagePlan>,
    /// How the solve of a perfect-foresight model ended, in words.
    pub note: Option<String>,
    /// Stages in the scenario's pathway.
    pub stage_count: usize,
    /// The report language of the scenario (`report.lang`): the charts' language.
    pub lang: Lang,
}

impl Pathway {
    /// Whether every stage has a plan that meets its rules (on the full year, when planned
    /// on typical days).
    pub fn complete(&self) -> bool {
        self.rows
            .iter()
            .all(|s| s.has_plan && s.shortfalls.is_empty())
    }

    /// Present cost of the pathway at the first stage's year, RMB (when every stage has a
    /// plan).
    pub fn present_cost_rmb(&self) -> Option<f64> {
        self.rows
            .iter()
            .map(|s| Some(s.annual_cost_rmb_per_yr()? * s.discount_weight_yr))
            .sum()
    }
}

/// Σ_{k < years} 1 / (1 + r)^(offset + k): the discounted weight of `years` years starting
/// `offset` years after the pathway's first year.
pub fn discount_weight(rate: f64, offset: u32, years: u32) -> f64 {
    (0..years)
        .map(|k| (1.0 + rate).powi(-((offset + k) as i32)))
        .sum()
}

/// The pathway of the scenario as written (with `--set`), or why there is none.
fn pathway_of(loaded: &LoadedScenario, file: &str) -> Result<PathwaySpec, StudyError> {
    let Some(spec) = loaded.resolved.spec.pathway.clone() else {
        return Err(StudyError::Invalid(vec![format!(
            "{}: pathway: missing: a pathway: section with stages (see the README, \
             \"Investment pathway\")",
            file
        )]));
    };
    Ok(spec)
}

/// What the stage planned in `point` built, starting in `year`: each size's total less what
/// existed at the stage, with the size's life in the stage's catalogue.
///
/// # Errors
/// [`StudyError::Unusable`] when the plan has no total for one of its park's sizes.
fn vintage_of(file: &str, year: u32, point: &Point) -> Result<Vintage, StudyError> {
    let caps = serde_json::to_value(&point.outcome.report.capacities)
        .map_err(|e| StudyError::Unusable(e.to_string()))?;
    let mut built = Vec::new();
    for slot in slots(&point.loaded.park) {
        let total = match slot.key.split_once('.') {
            Some((map, source)) => caps.get(map).and_then(|m| m.get(source)),
            None => caps.get(&slot.key),
        }
        .and_then(Json::as_f64)
        .ok_or_else(|| {
            StudyError::Unusable(format!(
                "{file}: {}: the plan has no total for {}: cannot carry it to the next stage",
                point.name, slot.key
            ))
        })?;
        built.push((
            slot.column,
            (total - slot.existing).max(0.0),
            slot.lifetime_yr,
        ));
    }
    Ok(Vintage { year, built })
}

/// The sizes the stage starting in `year` starts from (scenario field, value): for each size
/// of the scenario as written, what it says exists plus what earlier stages built that is
/// still in service ([`vintage`]), and the most it allowed to add less those builds. A
/// battery's power is kept within the catalogue's durations of its energy, so that solver
/// noise in a plan's totals cannot make the next stage's existing battery invalid.
fn carried_sizes(
    written: &LoadedScenario,
    vintages: &[Vintage],
    year: u32,
) -> Vec<(String, Value)> {
    let serving = |column: &str| vintage::serving(vintages, column, year);
    let all = slots(&written.park);
    let energy = all
        .iter()
        .find(|s| s.key == "battery_mwh")
        .map(|s| s.existing + serving(&s.column));
    let battery = &written.resolved.catalogue_in_force.battery;
    let (d_min, d_max) = (battery.min_duration_h.value, battery.max_duration_h.value);
    let mut out = Vec::new();
    for slot in all {
        let built = serving(&slot.column);
        let mut total = slot.existing + built;
        if slot.key == "battery_mw" {
            let mwh = energy.unwrap_or(0.0);
            total = if mwh <= 1e-9 {
                0.0
            } else {
                total.clamp(mwh / d_max, mwh / d_min)
            };
        }
        let number = |v: f64| {
            if slot.whole {
                Value::from(v.round() as u64)
            } else {
                Value::from(v)
            }
        };
        out.push((slot.existing_field.clone(), number(total)));
        if let Some(max_new) = slot.max_new {
            out.push((slot.limit_field.clone(), number((max_new - built).max(0.0))));
        }
    }
    out
}

/// The overrides of stage `index` on the scenario as written: its rules, load and costs,
/// the sizes earlier stages left in service (`carried`, from [`carried_sizes`]) as existing
/// assets with the room left to build, then the stage's `set`.
fn stage_overrides(
    base: &LoadedScenario,
    file: &str,
    doc: &Value,
    spec: &PathwaySpec,
    index: usize,
    carried: Vec<(String, Value)>,
) -> Result<Vec<Override>, StudyError> {
    let stage = &spec.stages[index];
    let mut out = vec![Override {
        path: "pathway".into(),
        value: Value::Null,
        origin: None,
    }];
    // Each override named by the stage's field that asks for it, for messages.
    let field = |name: &str| Some(format!("pathway.stages[{index}].{name}"));
    let mut set = |path: &str, value: Value, origin: Option<String>| {
        out.push(Override {
            path: path.into(),
            value,
            origin,
        })
    };
    if let Some(limit) = &stage.intensity_limit {
        let value = match limit {
            IntensityLimitSpec::Value(v) => Value::from(*v),
            IntensityLimitSpec::Keyword(_) => Value::from("auto"),
        };
        set("rules.intensity_limit", value, field("intensity_limit"));
    }
    if let Some(target) = stage.clean_share_target {
        set(
            "rules.clean_share.target",
            Value::from(target),
            field("clean_share_target"),
        );
    }
    if let Some(factor) = &stage.grid_factor {
        set(
            "rules.grid_factor",
            serde_yaml::to_value(factor).unwrap_or(Value::Null),
            field("grid_factor"),
        );
    }
    if let Some(scale) = stage.electricity_load_scale {
        let written = get(doc, "loads.electricity_mw.scale")
            .and_then(Value::as_f64)
            .unwrap_or(1.0);
        set(
            "loads.electricity_mw.scale",
            Value::from(written * scale),
            field("electricity_load_scale"),
        );
    }
    let entries = base.resolved.catalogue_in_force.entries();
    for (tech, (factor, named)) in capex_factors(spec, index) {
        let prefix = format!("{tech}.capex_");
        let capex: Vec<_> = entries
            .iter()
            .filter(|(path, _)| path.starts_with(&prefix))
            .collect();
        if capex.is_empty() {
            let mut sections: Vec<&str> = entries
                .iter()
                .filter(|(path, _)| path.contains(".capex_"))
                .filter_map(|(path, _)| path.split('.').next())
                .collect();
            sections.dedup();
            return Err(StudyError::Invalid(vec![format!(
                "{}: {}: expected a catalogue section with capex (one of: {})",
                file,
                named,
                sections.join(", ")
            )]));
        }
        for (path, cited) in capex {
            set(
                &format!("catalogue.{path}"),
                Value::from(cited.value * factor),
                Some(named.clone()),
            );
        }
    }
    for (path, value) in carried {
        let origin = Some(format!("the sizes in service from earlier stages ({path})"));
        set(&path, value, origin);
    }
    for (path, value) in &stage.set {
        set(path, value.clone(), field(&format!("set.{path}")));
    }
    Ok(out)
}

/// Each technology's capex factor in stage `index` (catalogue section → the factor, and the
/// field that asks for it with its value as written): the stage's `capex_factor` times `(1 − d)^(year − first year)`
/// for the pathway's `capex_decline_per_yr` d.
fn capex_factors(spec: &PathwaySpec, index: usize) -> BTreeMap<String, (f64, String)> {
    let stage = &spec.stages[index];
    let mut out = BTreeMap::new();
    for (tech, factor) in &stage.capex_factor {
        let named = format!("pathway.stages[{index}].capex_factor.{tech}: {factor}");
        out.insert(tech.clone(), (*factor, named));
    }
    let years = stage.year - spec.stages[0].year;
    for (tech, decline) in &spec.capex_decline_per_yr {
        let named = format!("pathway.capex_decline_per_yr.{tech}: {decline}");
        let path = (1.0 - decline).powi(years as i32);
        let entry = out.entry(tech.clone()).or_insert((1.0, named));
        entry.0 *= path;
    }
    out
}

/// Every stage's scenario checked before any is solved (a bad value in the last stage's `set`
/// failed only after the earlier stages had been solved, minutes late on a full year): each
/// stage's rules, capex and `set` on the scenario, without what earlier stages leave in
/// service (known only once they are solved). Every problem of every stage is listed, each
/// named by the stage field that sets it. `written` is the scenario as written, `spec` its
/// pathway.
///
/// # Errors
/// [`StudyError::Invalid`] listing the problems.
pub fn check_stages(
    base: &StudyBase,
    written: &LoadedScenario,
    spec: &PathwaySpec,
) -> Result<(), StudyError> {
    let file = base.source.scenario_path();
    let mut problems = Vec::new();
    for (i, stage) in spec.stages.iter().enumerate() {
        let label = format!("stage-{}", stage.year);
        let overrides = match stage_overrides(written, &file, &base.doc, spec, i, Vec::new()) {
            Ok(o) => o,
            Err(StudyError::Invalid(list)) => {
                problems.extend(list);
                continue;
            }
            Err(e) => return Err(e),
        };
        match base.load(&label, &overrides) {
            Ok(_) => {}
            Err(StudyError::Input {
                source: crate::scenario::ScenarioError::Invalid(issues),
                ..
            }) => problems.extend(issues.iter().map(|issue| format!("{label}: {issue}"))),
            Err(e) => return Err(e),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StudyError::Invalid(problems))
    }
}

/// `zcpark validate`'s check of a scenario's pathway stages ([`check_stages`]), before its
/// own: 0 when there is no pathway, or when the scenario itself does not load (validate
/// reports that); else every stage problem printed, exit 2.
pub fn validate_stages(source: &crate::scenario::ScenarioSource, overrides: &[Override]) -> i32 {
    let Ok(base) = StudyBase::read(source.clone(), overrides) else {
        return 0;
    };
    match base.load("scenario", &[]) {
        Ok(written) => match written.resolved.spec.pathway.as_ref() {
            Some(spec) => match check_stages(&base, &written, spec) {
                Ok(()) => 0,
                Err(e) => {
                    e.print();
                    e.exit_code()
                }
            },
            None => 0,
        },
        _ => 0,
    }
}

/// Plans the pathway of `base` stage by stage. Stops after the first stage without a plan
/// (later stages would inherit nothing).
///
/// # Errors
/// [`StudyError`] for a scenario without a valid pathway, a stage's bad input, or HiGHS
/// failing.
pub fn plan_pathway(base: &StudyBase, options: &SolveOptions) -> Result<Pathway, StudyError> {
    let written = base.load("scenario", &[])?;
    let file = base.source.scenario_path();
    let spec = pathway_of(&written, &file)?;
    check_stages(base, &written, &spec)?;
    // The rate the plans' annuities are built at (catalogue finance.discount_rate), so that
    // counting annuities inside the horizon credits the value beyond it.
    let rate = written
        .resolved
        .catalogue_in_force
        .finance
        .discount_rate
        .value;
    let mut pathway = Pathway {
        lang: written.resolved.spec.report.lang.unwrap_or_default(),
        scenario: written.park.name.clone(),
        foresight: spec.foresight,
        discount_rate: rate,
        rows: Vec::new(),
        stages: Vec::new(),
        note: None,
        stage_count: spec.stages.len(),
    };
    if spec.foresight == Foresight::Perfect {
        let (rows, note) = perfect::plan(base, &written, &file, &spec, rate, options)?;
        pathway.rows = rows;
        pathway.note = Some(note);
        return Ok(pathway);
    }
    let first = spec.stages[0].year;
    let mut solver = Solver::new(base, options);
    let mut vintages: Vec<Vintage> = Vec::new();
    for (i, stage) in spec.stages.iter().enumerate() {
        let carried = carried_sizes(&written, &vintages, stage.year);
        let overrides = stage_overrides(&written, &file, &base.doc, &spec, i, carried)?;
        let point = solver.solve(&format!("stage-{}", stage.year), &overrides)?;
        let years = stage_years(&spec, i);
        let carried_rmb_per_yr = pathway
            .stages
            .iter()
            .map(|s| s.carried_items_rmb_per_yr(stage.year))
            .sum();
        let planned = StagePlan {
            year: stage.year,
            years,
            discount_weight_yr: discount_weight(rate, stage.year - first, years),
            point,
            carried_rmb_per_yr,
        };
        let stop = !planned.point.ok();
        let mut row = StageRow::of(&planned);
        if let Some(before) = i.checked_sub(1).map(|j| spec.stages[j].year) {
            row.retired = vintage::retired(&vintages, before, stage.year);
        }
        pathway.rows.push(row);
        if stop {
            pathway.stages.push(planned);
            break;
        }
        vintages.push(vintage_of(&file, stage.year, &planned.point)?);
        pathway.stages.push(planned);
    }
    solver.finish();
    Ok(pathway)
}

/// Years stage `i` stands for: until the next stage, the last one `last_stage_years`.
fn stage_years(spec: &PathwaySpec, i: usize) -> u32 {
    spec.stages
        .get(i + 1)
        .map_or(spec.last_stage_years, |next| {
            next.year - spec.stages[i].year
        })
}

/// Capacity columns of `pathway.csv`: each total in service and its part built in the stage
/// (plan.json → `capacities`).
const CAPACITY_KEYS: [(&str, &str); 10] = [
    ("pv_mw", "pv_new_mw"),
    ("wind_turbines", "wind_new_turbines"),
    ("battery_mwh", "battery_new_mwh"),
    ("battery_mw", "battery_new_mw"),
    ("electrolyser_stacks", "electrolyser_new_stacks"),
    ("h2_storage_kg", "h2_storage_new_kg"),
    ("ccus_modules", "ccus_new_modules"),
    ("electric_boiler_mw", "electric_boiler_new_mw"),
    ("heat_pump_mw", "heat_pump_new_mw"),
    ("thermal_storage_mwh", "thermal_storage_new_mwh"),
];

/// `pathway.csv`: one row per stage.
pub fn table(pathway: &Pathway) -> Table {
    let mut header: Vec<String> = [
        "stage",
        "year",
        "years",
        "status",
        "intensity_limit_t_per_tce",
        "intensity_t_per_tce",
        "clean_share",
        "own_cost_rmb_per_yr",
        "carried_cost_rmb_per_yr",
        "annual_cost_rmb_per_yr",
        "discount_weight_yr",
        "present_cost_rmb",
    ]
    .map(String::from)
    .to_vec();
    for (total, _) in CAPACITY_KEYS {
        header.push(total.into());
        header.push(format!("{total}_built"));
        header.push(format!("{total}_retired"));
    }
    let mut t = Table::new(header);
    for s in &pathway.rows {
        let caps = &s.capacities;
        let mut row = vec![
            s.name.clone(),
            s.year.to_string(),
            s.years.to_string(),
            s.status.clone(),
            number_cell(Some(s.intensity_limit_t_per_tce)),
            number_cell(s.intensity_t_per_tce),
            number_cell(s.clean_share),
            number_cell(s.own_cost_rmb_per_yr),
            number_cell(Some(s.carried_rmb_per_yr + 0.0)),
            number_cell(s.annual_cost_rmb_per_yr()),
            number_cell(Some(s.discount_weight_yr)),
            number_cell(s.annual_cost_rmb_per_yr().map(|c| c * s.discount_weight_yr)),
        ];
        for (total, new) in CAPACITY_KEYS {
            let built = caps.get(new).and_then(Json::as_f64);
            row.push(number_cell(caps.get(total).and_then(Json::as_f64)));
            row.push(number_cell(built));
            // What retired is said even where the stage has no plan (it may be why).
            let retired = s.retired.get(new).copied();
            row.push(number_cell(retired.or(built.map(|_| 0.0))));
        }
        t.rows.push(row);
    }
    t
}

/// Charts: capacity in service by stage, and the intensity against each stage's limit, in
/// `lang`, over the stages with a plan (a stage without one has no sizes to draw: it was
/// drawn with nothing in service). None when no stage has a plan.
fn charts(pathway: &Pathway, lang: Lang) -> Option<(BarChart, BarChart)> {
    let rows: Vec<&StageRow> = pathway.rows.iter().filter(|s| s.has_plan).collect();
    if rows.is_empty() {
        return None;
    }
    let categories: Vec<String> = rows.iter().map(|s| s.year.to_string()).collect();
    let caps = |key: &str| -> Vec<f64> {
        rows.iter()
            .map(|s| s.capacities.get(key).and_then(Json::as_f64).unwrap_or(0.0))
            .collect()
    };
    let series = |name: &str, key: &str, values: Vec<f64>| BarSeries {
        name: name.into(),
        colour_key: key.into(),
        values,
    };
    let name = pathway.scenario.as_str();
    let capacity = BarChart {
        title: match lang {
            Lang::En => format!("{name}: capacity in service by stage"),
            Lang::Zh => format!("{name}：各阶段在运装机"),
        },
        y_label: "MW".into(),
        categories: categories.clone(),
        series: vec![
            series(&technology("pv", lang), "pv", caps("pv_mw")),
            series(&technology("wind", lang), "wind", caps("wind_mw")),
            series(
                &format!("{} (MW)", technology("battery", lang)),
                "battery",
                caps("battery_mw"),
            ),
            series(
                &technology("electrolyser", lang),
                "electrolyser",
                caps("electrolyser_mw"),
            ),
        ],
        stacked: false,
    };
    let intensity = BarChart {
        title: match lang {
            Lang::En => format!("{name}: CO2 per unit of energy against each stage's limit"),
            Lang::Zh => format!("{name}：各阶段单位能耗碳排放与限值"),
        },
        y_label: pick(lang, "t CO2/tce", "tCO2/tce").into(),
        categories,
        series: vec![
            series(
                Term::Plan.text(lang),
                "plan",
                rows.iter()
                    .map(|s| s.intensity_t_per_tce.unwrap_or(0.0))
                    .collect(),
            ),
            series(
                Term::Limit.text(lang),
                "limit",
                rows.iter().map(|s| s.intensity_limit_t_per_tce).collect(),
            ),
        ],
        stacked: false,
    };
    Some((capacity, intensity))
}

/// The key figures of a pathway (`pathway.json`, read by its report).
#[derive(Debug, Serialize)]
pub struct PathwaySummary {
    /// The scenario's name.
    pub scenario: String,
    /// The report language (`report.lang`), which `zcpark report DIR` keeps (a
    /// perfect-foresight pathway writes no stage plans to read it from).
    pub lang: Lang,
    /// `myopic` or `perfect`.
    pub foresight: &'static str,
    /// Discount rate of the present cost, 1/yr.
    pub discount_rate: f64,
    /// Stages with a plan.
    pub stages_planned: usize,
    /// Stages in the scenario's pathway.
    pub stage_count: usize,
    /// Present cost at the first stage's year, RMB (when every stage has a plan).
    pub present_cost_rmb: Option<f64>,
    /// The first stage's year.
    pub first_year: Option<u32>,
    /// How a perfect-foresight model's solve ended, in words.
    pub note: Option<String>,
    /// What retired at a stage's start (the end of its economic life), per stage.
    pub retired: Vec<Retired>,
    /// Rules a stage falls short of (up to the first stage without a plan), one line each.
    pub shortfalls: Vec<String>,
}

/// What retired at the start of the stage of `year`.
#[derive(Debug, Serialize)]
pub struct Retired {
    /// The stage's first year.
    pub year: u32,
    /// The sizes, in words (`wind turbines 14.0, battery mwh 437.9`).
    pub sizes: String,
    /// The same by capacity name (`wind_turbines`, `battery_mwh`), for reports.
    pub amounts: BTreeMap<String, f64>,
}

/// The key figures of `pathway`.
pub fn summary(pathway: &Pathway) -> PathwaySummary {
    let mut shortfalls = Vec::new();
    for s in pathway.rows.iter().filter(|s| !s.shortfalls.is_empty()) {
        // One model over all stages with no plan: no stage is to blame by itself.
        let joint = !s.has_plan && pathway.foresight == Foresight::Perfect;
        shortfalls.extend(s.shortfalls.iter().map(|p| {
            if joint {
                p.clone()
            } else {
                format!("stage {}: {p}", s.year)
            }
        }));
        if !s.has_plan {
            break;
        }
    }
    PathwaySummary {
        scenario: pathway.scenario.clone(),
        lang: pathway.lang,
        foresight: match pathway.foresight {
            Foresight::Myopic => "myopic",
            Foresight::Perfect => "perfect",
        },
        discount_rate: pathway.discount_rate,
        stages_planned: pathway.rows.iter().filter(|s| s.has_plan).count(),
        stage_count: pathway.stage_count,
        present_cost_rmb: pathway.present_cost_rmb(),
        first_year: pathway.rows.first().map(|s| s.year),
        note: pathway.note.clone(),
        retired: pathway
            .rows
            .iter()
            .filter(|s| !s.retired.is_empty())
            .map(|s| Retired {
                year: s.year,
                sizes: s
                    .retired
                    .iter()
                    .map(|(key, amount)| format!("{} {amount:.1}", key.replace("_new_", " ")))
                    .collect::<Vec<_>>()
                    .join(", "),
                amounts: s
                    .retired
                    .iter()
                    .map(|(key, amount)| (key.replace("_new_", "_"), *amount))
                    .collect(),
            })
            .collect(),
        shortfalls,
    }
}

/// Writes each stage's plan outputs under `dir/runs/stage-YEAR/` (myopic), then
/// `pathway-capacity.svg`, `pathway-intensity.svg`, `pathway.csv`, `pathway.json` (the key
/// figures) and `report.html` (the key figures, the table and the charts), each atomically.
///
/// # Errors
/// [`StudyError::Io`] or [`StudyError::Chart`].
pub fn write(dir: &Path, pathway: &Pathway) -> Result<Vec<PathBuf>, StudyError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| StudyError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    // A stage directory of an earlier run that this one did not reach would pass for this
    // run's: removed.
    let runs = dir.join(super::RUNS_DIR);
    if let Ok(entries) = std::fs::read_dir(&runs) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = pathway.stages.iter().any(|s| s.point.name == name);
            if name.starts_with("stage-") && !ours {
                std::fs::remove_dir_all(entry.path()).map_err(io(&entry.path()))?;
            }
        }
    }
    for s in &pathway.stages {
        let run = runs.join(&s.point.name);
        let finance = crate::finance::for_plan(&s.point.outcome.report, &s.point.loaded.park);
        write_plan_outputs(&run, &s.point.outcome, &s.point.loaded.resolved, &finance)
            .map_err(io(&run))?;
    }
    let mut written = Vec::new();
    let names = ["pathway-capacity.svg", "pathway-intensity.svg"];
    match charts(pathway, pathway.lang) {
        Some((capacity, intensity)) => {
            for (name, chart) in names.into_iter().zip([capacity, intensity]) {
                let path = dir.join(name);
                let svg = chart.to_svg()?;
                let document = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}");
                write_atomic(&path, document.as_bytes()).map_err(io(&path))?;
                written.push(path);
            }
        }
        // No stage with a plan: no charts, and none left from an earlier run.
        None => {
            for name in names {
                let path = dir.join(name);
                crate::report::atomic::remove_if_present(&path).map_err(io(&path))?;
            }
        }
    }
    let csv = dir.join("pathway.csv");
    write_atomic(&csv, table(pathway).to_csv().as_bytes()).map_err(io(&csv))?;
    written.push(csv);
    let json = dir.join("pathway.json");
    let text = crate::report::files::json_pretty(&summary(pathway))
        .map_err(|e| StudyError::Unusable(format!("pathway.json: {e}")))?;
    write_atomic(&json, text.as_bytes()).map_err(io(&json))?;
    written.push(json);
    let options = crate::report::html::ReportOptions {
        lang: pathway.lang,
        ..Default::default()
    };
    let report = crate::report::rebuild::rebuild(dir, &options)
        .map_err(|e| StudyError::Unusable(format!("report.html: {e}")))?;
    written.push(report);
    Ok(written)
}

/// `zcpark pathway`: plans the stages, prints the table and the present cost, writes the
/// outputs under `--out`; 0 when every stage has a plan, 3 when one cannot meet its rules
/// (the pathway stops there), 2 on bad input, 1 otherwise.
pub fn command(args: &StudyArgs) -> i32 {
    if let Some(code) = args.refuse_out() {
        return code;
    }
    let options = args.solve_options();
    let result =
        StudyBase::read(args.source(), &args.overrides()).and_then(|b| plan_pathway(&b, &options));
    let pathway = match result {
        Ok(p) => p,
        Err(e) => {
            e.print();
            return e.exit_code();
        }
    };
    let t = table(&pathway);
    let columns = [
        "stage",
        "status",
        "intensity_limit_t_per_tce",
        "intensity_t_per_tce",
        "annual_cost_rmb_per_yr",
        "pv_mw",
        "wind_turbines",
        "battery_mwh",
        "electrolyser_stacks",
    ];
    let foresight = match pathway.foresight {
        Foresight::Myopic => "myopic",
        Foresight::Perfect => "perfect foresight",
    };
    crate::outln!(
        "zcpark pathway: {}: {foresight}, {} of {} stage(s) planned, discount rate {:.1} %",
        pathway.scenario,
        pathway.rows.iter().filter(|s| s.has_plan).count(),
        pathway.stage_count,
        100.0 * pathway.discount_rate
    );
    if let Some(note) = &pathway.note {
        crate::outln!("{note}");
    }
    crate::out!("{}", t.rounded().to_text(&columns));
    for r in summary(&pathway).retired {
        crate::outln!(
            "stage {}: retired at its start (end of economic life): {}",
            r.year,
            r.sizes
        );
    }
    if let Some(cost) = pathway.present_cost_rmb() {
        crate::outln!(
            "present cost {:.2} M RMB at {:.1} % to {}",
            cost / 1e6,
            100.0 * pathway.discount_rate,
            pathway.rows.first().map_or(0, |s| s.year)
        );
    }
    for s in pathway.rows.iter().filter(|s| !s.shortfalls.is_empty()) {
        if s.has_plan {
            crate::outln!("stage {} falls short of its rules:", s.year);
        } else if pathway.foresight == Foresight::Perfect {
            // One model over all stages: no stage is to blame by itself (the first one was).
            crate::outln!(
                "no plan over all {} stages together (one model):",
                pathway.rows.len()
            );
        } else {
            crate::outln!("stage {} has no plan: the pathway stops there", s.year);
        }
        for p in &s.shortfalls {
            crate::outln!("  {p}");
        }
        if !s.has_plan {
            break;
        }
    }
    if let Some(dir) = &args.out {
        match write(dir, &pathway) {
            Ok(files) => {
                for f in files {
                    crate::outln!("written: {}", f.display());
                }
            }
            Err(e) => {
                e.print();
                return e.exit_code();
            }
        }
    }
    if pathway.complete() {
        0
    } else {
        match pathway.stages.last() {
            Some(s) => s.point.outcome.exit_code(),
            // Perfect foresight: out of time without a plan (4), or no plan meets every
            // stage's rules (3).
            None if pathway
                .rows
                .iter()
                .any(|r| r.status.starts_with("time_limit")) =>
            {
                4
            }
            None => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At 10 %, three years starting two years in: 1/1.1² + 1/1.1³ + 1/1.1⁴.
    #[test]
    fn discount_weight_sums_the_stage_s_years() {
        let expected = 1.0 / 1.21 + 1.0 / 1.331 + 1.0 / 1.4641;
        assert!((discount_weight(0.1, 2, 3) - expected).abs() < 1e-12);
        assert_eq!(discount_weight(0.0, 5, 4), 4.0);
        assert_eq!(discount_weight(0.1, 0, 0), 0.0);
    }
}
