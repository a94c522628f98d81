//! Reading a scenario: YAML and catalogue in, a validated [`Park`] out, every problem at once.

use super::catalogue::{
    apply_overrides, capital_recovery_factor, fill_from_shipped, Catalogue, Cited,
    SHIPPED_CATALOGUE_NAME, SHIPPED_CATALOGUE_YAML,
};
use super::files::ScenarioSource;
use super::issues::{Issue, Issues};
use super::park::*;
use super::resource_profiles::resource_profiles;
use super::sectors;
use super::series::{read_column_with_lines, ValueRange};
use super::spec::*;
use super::tariff::{expand_tou, month_of_hour, DAYS_IN_MONTH};

/// Why a scenario could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// A file could not be read at all.
    #[error("{path}: cannot read: {source}")]
    Unreadable {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The input has problems; all of them are listed.
    #[error("{}", .0.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Issue>),
}

/// A scenario as run: the spec with every default filled in and the catalogue in force.
#[derive(Debug, Clone)]
pub struct ResolvedScenario {
    /// The scenario with defaults filled in.
    pub spec: ScenarioSpec,
    /// Where the catalogue came from.
    pub catalogue_in_force_from: String,
    /// Every catalogue value used, with its source.
    pub catalogue_in_force: Catalogue,
}

impl ResolvedScenario {
    /// The scenario as a file that reproduces the run from anywhere: every default filled
    /// in, every catalogue value written out as an override, every file path absolute.
    pub fn reproducible_spec(&self) -> ScenarioSpec {
        let mut spec = self.spec.clone();
        spec.catalogue_file = None;
        spec.catalogue = catalogue_as_overrides(&self.catalogue_in_force);
        spec
    }
}

/// The catalogue as `section: {field: number}` overrides.
fn catalogue_as_overrides(catalogue: &Catalogue) -> serde_yaml::Mapping {
    let mut sections = serde_yaml::Mapping::new();
    for (path, cited) in catalogue.entries() {
        let (section, field) = path.split_once('.').unwrap_or((path.as_str(), ""));
        let entry = sections
            .entry(section.into())
            .or_insert_with(|| serde_yaml::Value::Mapping(serde_yaml::Mapping::new()));
        if let Some(map) = entry.as_mapping_mut() {
            map.insert(field.into(), cited.value.into());
        }
    }
    sections
}

/// Keys whose string values are paths relative to the scenario file: series and weather
/// files, a wind power curve.
pub(super) const PATH_KEYS: [&str; 2] = ["file", "power_curve_csv"];

/// Rewrites every path of [`PATH_KEYS`] to an absolute path, so the spec can be read from
/// any directory.
fn absolute_paths(spec: ScenarioSpec, source: &ScenarioSource) -> ScenarioSpec {
    let ScenarioSource::Disk(_) = source else {
        return spec;
    };
    map_paths(spec.clone(), &mut |file| {
        let shown = source.resolve(file);
        Ok(std::fs::canonicalize(&shown)
            .map(|p| p.display().to_string())
            .unwrap_or(shown))
    })
    .unwrap_or(spec)
}

/// `spec` with every path of [`PATH_KEYS`] (series and weather files, power curves)
/// replaced by `f` of it.
///
/// # Errors
/// The first error of `f`.
pub fn map_paths(
    spec: ScenarioSpec,
    f: &mut dyn FnMut(&str) -> std::io::Result<String>,
) -> std::io::Result<ScenarioSpec> {
    fn walk(
        value: &mut serde_yaml::Value,
        f: &mut dyn FnMut(&str) -> std::io::Result<String>,
    ) -> std::io::Result<()> {
        match value {
            serde_yaml::Value::Mapping(map) => {
                for key in PATH_KEYS {
                    if let Some(serde_yaml::Value::String(file)) = map.get_mut(key) {
                        *file = f(file)?;
                    }
                }
                for (_, v) in map.iter_mut() {
                    walk(v, f)?;
                }
            }
            serde_yaml::Value::Sequence(items) => {
                for v in items.iter_mut() {
                    walk(v, f)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
    let mut value = serde_yaml::to_value(&spec).map_err(std::io::Error::other)?;
    walk(&mut value, f)?;
    serde_yaml::from_value(value).map_err(std::io::Error::other)
}

/// A scenario read and checked: the resolved text form and the numbers the model reads.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The scenario file as shown in messages.
    pub path: String,
    /// For `scenario.resolved.yaml`.
    pub resolved: ResolvedScenario,
    /// For the model.
    pub park: Park,
    /// Every file read, hashed (the scenario, its catalogue file, series, weather).
    pub inputs: Vec<super::provenance::InputFile>,
}

/// Reads, validates and resolves a scenario.
pub fn load(source: &ScenarioSource) -> Result<LoadedScenario, ScenarioError> {
    let path = source.scenario_path();
    let text = source
        .read_scenario()
        .map_err(|e| ScenarioError::Unreadable {
            path: path.clone(),
            source: e,
        })?;
    let spec: ScenarioSpec = serde_yaml::from_str(&text).map_err(|e| {
        // A problem with the document as a whole (empty, not a mapping) reads best as
        // serde_yaml says it.
        let mut issues = match serde_yaml::from_str::<serde_yaml::Value>(&text) {
            Ok(doc) => Some(shape_issues(&path, Some(&text), &doc))
                .filter(|list| list.iter().any(|i| i.field != "(document)"))
                .unwrap_or_else(|| vec![yaml_issue(&path, &e)]),
            Err(_) => vec![yaml_issue(&path, &e)],
        };
        if is_province_file(&text) {
            if let Some(first) = issues.first_mut() {
                first.expected.push_str(
                    "; this file has `parks:`, so it is a province file: `zcpark allocate` \
                     reads it (and checks it with every problem listed)",
                );
            }
        }
        ScenarioError::Invalid(issues)
    })?;
    load_spec(source, spec)
}

/// Every shape problem of a scenario document (unknown fields, wrong types, unknown
/// variants, missing fields), each named by its field; `text` gives the first its line.
fn shape_issues(path: &str, text: Option<&str>, doc: &serde_yaml::Value) -> Vec<Issue> {
    super::shape::problems::<ScenarioSpec>(text, doc)
        .into_iter()
        .map(|p| {
            let location = p
                .location
                .map(|(line, column)| format!(" (line {line}, column {column})"))
                .unwrap_or_default();
            Issue::new(&format!("{path}{location}"), &p.field, &p.got, &p.expected)
        })
        .collect()
}

/// Whether `text` is a YAML mapping with a top-level `parks` key (a province file of
/// `zcpark allocate`, given where a scenario is read).
fn is_province_file(text: &str) -> bool {
    serde_yaml::from_str::<serde_yaml::Value>(text)
        .ok()
        .and_then(|v| v.as_mapping().map(|m| m.contains_key("parks")))
        .unwrap_or(false)
}

/// Validates and resolves a scenario given as a YAML value (after batch overrides).
pub fn load_value(
    source: &ScenarioSource,
    value: serde_yaml::Value,
) -> Result<LoadedScenario, ScenarioError> {
    let path = source.scenario_path();
    let spec: ScenarioSpec = match serde_yaml::from_value(value.clone()) {
        Ok(spec) => spec,
        Err(e) => {
            // Read back from text, so that each problem is named by its field (the line
            // numbers would be those of the rewritten text, so none are given).
            let issues = Some(shape_issues(&path, None, &value))
                .filter(|list| list.iter().any(|i| i.field != "(document)"))
                .unwrap_or_else(|| vec![yaml_issue(&path, &e)]);
            return Err(ScenarioError::Invalid(issues));
        }
    };
    load_spec(source, spec)
}

/// Largest magnitude of any number in a scenario. The biggest real quantities are annual
/// totals (a park's hydrogen in kg/yr, its electricity in MWh/yr) of at most about 10⁸; a
/// number beyond 10⁹ is a typo, and as a coefficient or a bound it would take the model's
/// numerics past what HiGHS can solve reliably (`t_per_yr: 1e300` made HiGHS fail to build).
pub const MAX_MAGNITUDE: f64 = 1e9;

/// What [`check_magnitudes`] asks of every number.
fn magnitude_rule() -> String {
    format!("a finite number within ±{MAX_MAGNITUDE:e}")
}

/// Every number of the scenario finite and within ±[`MAX_MAGNITUDE`], each offender named by
/// its field path.
fn check_magnitudes(spec: &ScenarioSpec, issues: &mut Issues) {
    fn walk(value: &serde_yaml::Value, at: &str, issues: &mut Issues) {
        match value {
            serde_yaml::Value::Number(n) => {
                if let Some(x) = n.as_f64() {
                    if !x.is_finite() || x.abs() > MAX_MAGNITUDE {
                        issues.push(at, x, &magnitude_rule());
                    }
                }
            }
            serde_yaml::Value::Mapping(map) => {
                for (k, v) in map {
                    let key = k.as_str().map_or_else(|| format!("{k:?}"), str::to_string);
                    let field = if at.is_empty() {
                        key
                    } else {
                        format!("{at}.{key}")
                    };
                    walk(v, &field, issues);
                }
            }
            serde_yaml::Value::Sequence(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{at}[{i}]"), issues);
                }
            }
            _ => {}
        }
    }
    if let Ok(value) = serde_yaml::to_value(spec) {
        walk(&value, "", issues);
    }
}

fn load_spec(source: &ScenarioSource, spec: ScenarioSpec) -> Result<LoadedScenario, ScenarioError> {
    let path = source.scenario_path();
    let mut issues = Issues::for_file(&path);
    check_magnitudes(&spec, &mut issues);
    let (catalogue, catalogue_from) = load_catalogue(source, &spec, &mut issues)?;
    let park = catalogue
        .as_ref()
        .and_then(|cat| build_park(source, &spec, cat, &mut issues));
    check_typical_days(&spec.horizon, park.as_ref(), &mut issues);
    for (i, week) in spec.report.weeks.iter().flatten().enumerate() {
        if !(1..=52).contains(week) {
            issues.push(
                &format!("report.weeks[{i}]"),
                week,
                "a week of the year, 1-52",
            );
        }
    }
    match (park, catalogue) {
        (Some(park), Some(catalogue)) if issues.is_empty() => Ok(LoadedScenario {
            path,
            inputs: super::provenance::input_files(source, &spec),
            // Every default filled in: the grid factor in force, which depends on whether
            // green power or certificates are offered.
            resolved: ResolvedScenario {
                spec: absolute_paths(
                    ScenarioSpec {
                        rules: super::spec::RulesSpec {
                            grid_factor: spec.rules.grid_factor.clone().or_else(|| {
                                Some(GridFactorSpec::Named(
                                    park.accounting.grid_factor_name.clone(),
                                ))
                            }),
                            ..spec.rules.clone()
                        },
                        ..spec
                    },
                    source,
                ),
                catalogue_in_force_from: catalogue_from,
                catalogue_in_force: catalogue,
            },
            park,
        }),
        _ => {
            issues.drop_generic_where_specific(&magnitude_rule());
            Err(ScenarioError::Invalid(issues.into_vec()))
        }
    }
}

/// `horizon.typical_days` and `horizon.aggregation`: the full year, 1..=365 days and more
/// than the extreme days asked for, features that name series of the park, extreme days the
/// park has what they read for.
fn check_typical_days(horizon: &HorizonSpec, park: Option<&Park>, issues: &mut Issues) {
    let Some(days) = horizon.typical_days else {
        if horizon.aggregation.is_some() {
            issues.push(
                "horizon.aggregation",
                "(given)",
                "absent unless horizon.typical_days is set (--typical-days N sets it; the \
                 typical days of --warm-start typical:N take the default aggregation)",
            );
        }
        return;
    };
    if horizon.start_hour != 0 || horizon.hours != HOURS_PER_YEAR {
        issues.push(
            "horizon.typical_days",
            format!(
                "{days} with start_hour {} and hours {}",
                horizon.start_hour, horizon.hours
            ),
            "typical days of the full year only (start_hour 0, hours 8760)",
        );
    }
    let spec = horizon.aggregation.clone().unwrap_or_default();
    let mut extremes = spec.extreme_days();
    extremes.sort();
    extremes.dedup();
    if days == 0 || days > 365 || days <= extremes.len() {
        issues.push(
            "horizon.typical_days",
            days,
            &format!(
                "a number of days in 1..=365, above the {} extreme days of \
                 horizon.aggregation.extreme_days",
                extremes.len()
            ),
        );
    }
    let Some(park) = park else { return };
    let names: Vec<String> = park.series().into_iter().map(|(n, _, _)| n).collect();
    for (i, feature) in spec.features.iter().flatten().enumerate() {
        if spec.features.iter().flatten().take(i).any(|f| f == feature) {
            issues.push(
                &format!("horizon.aggregation.features[{i}]"),
                feature,
                "each series at most once",
            );
        } else if !names.contains(feature) {
            issues.push(
                &format!("horizon.aggregation.features[{i}]"),
                feature,
                &format!("a series of this park: {}", names.join(", ")),
            );
        }
    }
    if spec.features.as_ref().is_some_and(Vec::is_empty) {
        issues.push(
            "horizon.aggregation.features",
            "[]",
            "at least one series (or no key, for every series)",
        );
    }
    for (i, extreme) in spec.extreme_days.iter().flatten().enumerate() {
        if spec
            .extreme_days
            .iter()
            .flatten()
            .take(i)
            .any(|e| e == extreme)
        {
            issues.push(
                &format!("horizon.aggregation.extreme_days[{i}]"),
                serde_yaml::to_string(extreme).unwrap_or_default().trim(),
                "each extreme at most once",
            );
            continue;
        }
        let missing = match extreme {
            ExtremeDay::MinRenewable => {
                (park.pv.is_none() && park.wind.is_none()).then_some("PV or wind")
            }
            ExtremeDay::PeakHeat => park
                .heat
                .as_ref()
                .is_none_or(|h| h.demand_mw_th.iter().all(|x| *x == 0.0))
                .then_some("heat demand"),
            ExtremeDay::PeakLoad | ExtremeDay::PeakNetLoad => None,
        };
        if let Some(missing) = missing {
            issues.push(
                &format!("horizon.aggregation.extreme_days[{i}]"),
                serde_yaml::to_string(extreme).unwrap_or_default().trim(),
                &format!("an extreme this park has: it has no {missing}"),
            );
        }
    }
}

fn yaml_issue(path: &str, error: &serde_yaml::Error) -> Issue {
    let location = error
        .location()
        .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
        .unwrap_or_default();
    Issue::new(
        &format!("{path}{location}"),
        "(document)",
        &error.to_string(),
        "valid scenario YAML (see README, 'Scenario format')",
    )
}

fn load_catalogue(
    source: &ScenarioSource,
    spec: &ScenarioSpec,
    issues: &mut Issues,
) -> Result<(Option<Catalogue>, String), ScenarioError> {
    let (name, text) = match &spec.catalogue_file {
        Some(rel) => {
            let shown = source.resolve(rel);
            match source.read_relative(rel) {
                Ok(text) => (shown, text),
                Err(e) => {
                    // Named as the scenario's field, like a CSV file it cannot read.
                    issues.push(
                        "catalogue_file",
                        format!("{rel:?} ({shown}: {e})"),
                        "a readable catalogue YAML file",
                    );
                    return Ok((None, shown));
                }
            }
        }
        None => (
            format!("{SHIPPED_CATALOGUE_NAME} (embedded)"),
            SHIPPED_CATALOGUE_YAML.to_string(),
        ),
    };
    let mut doc: serde_yaml::Value = match serde_yaml::from_str(&text) {
        Ok(doc) => doc,
        Err(e) => {
            issues.push_issue(yaml_issue(&name, &e));
            return Ok((None, name));
        }
    };
    fill_from_shipped(&mut doc);
    for (field, value, problem) in apply_overrides(&mut doc, &spec.catalogue) {
        issues.push(&format!("catalogue.{field}"), value, problem.as_str());
    }
    match serde_yaml::from_value::<Catalogue>(doc) {
        Ok(cat) => {
            check_catalogue(&cat, issues);
            Ok((Some(cat), name))
        }
        Err(e) => {
            issues.push_issue(yaml_issue(&name, &e));
            Ok((None, name))
        }
    }
}

fn check_catalogue(cat: &Catalogue, issues: &mut Issues) {
    let f = "catalogue";
    sectors::check_catalogue(cat, issues);
    issues.check_range(
        &format!("{f}.finance.discount_rate"),
        cat.finance.discount_rate.value,
        0.0,
        0.5,
    );
    for (name, value) in [
        ("pv.capex_rmb_per_kw", &cat.pv.capex_rmb_per_kw),
        ("pv.var_om_rmb_per_mwh", &cat.pv.var_om_rmb_per_mwh),
        ("wind.capex_rmb_per_kw", &cat.wind.capex_rmb_per_kw),
        ("wind.var_om_rmb_per_mwh", &cat.wind.var_om_rmb_per_mwh),
        (
            "battery.capex_energy_rmb_per_kwh",
            &cat.battery.capex_energy_rmb_per_kwh,
        ),
        (
            "battery.capex_power_rmb_per_kw",
            &cat.battery.capex_power_rmb_per_kw,
        ),
        (
            "battery.wear_cost_rmb_per_mwh",
            &cat.battery.wear_cost_rmb_per_mwh,
        ),
        ("battery.min_duration_h", &cat.battery.min_duration_h),
    ] {
        issues.check_non_negative(&format!("{f}.{name}"), value.value);
    }
    for (name, value) in [
        ("pv.fixed_om_frac", &cat.pv.fixed_om_frac),
        ("wind.fixed_om_frac", &cat.wind.fixed_om_frac),
        ("battery.fixed_om_frac", &cat.battery.fixed_om_frac),
    ] {
        issues.check_range(&format!("{f}.{name}"), value.value, 0.0, 0.5);
    }
    for (name, value) in [
        ("pv.lifetime_yr", &cat.pv.lifetime_yr),
        ("wind.lifetime_yr", &cat.wind.lifetime_yr),
        ("battery.lifetime_yr", &cat.battery.lifetime_yr),
        ("wind.unit_mw", &cat.wind.unit_mw),
        ("battery.max_duration_h", &cat.battery.max_duration_h),
    ] {
        issues.check_positive(&format!("{f}.{name}"), value.value);
    }
    issues.check_range(
        &format!("{f}.battery.round_trip_eff"),
        cat.battery.round_trip_eff.value,
        0.01,
        1.0,
    );
    if cat.battery.min_duration_h.value > cat.battery.max_duration_h.value {
        issues.push(
            &format!("{f}.battery.min_duration_h"),
            cat.battery.min_duration_h.value,
            &format!(
                "<= battery.max_duration_h ({})",
                cat.battery.max_duration_h.value
            ),
        );
    }
    for (name, cited) in &cat.grid_factors_t_per_mwh {
        issues.check_range(
            &format!("{f}.grid_factors_t_per_mwh.{name}"),
            cited.value,
            0.0,
            2.0,
        );
    }
}

pub(super) fn annualised(
    capex_per_unit: f64,
    rate: f64,
    lifetime: &Cited,
    fixed_om: &Cited,
) -> InvestmentCost {
    InvestmentCost {
        capex_rmb_per_unit: capex_per_unit,
        crf_per_yr: capital_recovery_factor(rate, lifetime.value),
        fixed_om_per_yr: fixed_om.value,
        replacement_pv_frac: 0.0,
        lifetime_yr: lifetime.value,
        part_replacement: None,
    }
}

/// Reads one hourly series named by the scenario, or records why it cannot be read.
pub(super) fn series(
    source: &ScenarioSource,
    spec: &SeriesSpec,
    field: &str,
    range: ValueRange,
    issues: &mut Issues,
) -> Option<Vec<f64>> {
    let shown = source.resolve(&spec.file);
    let bytes = match source.read_relative_csv(&spec.file) {
        Ok(bytes) => bytes,
        Err(e) => {
            issues.push(
                &format!("{field}.file"),
                &spec.file,
                &format!("a readable CSV file ({e})"),
            );
            return None;
        }
    };
    let checked =
        read_column_with_lines(&shown, &bytes, &spec.column, field).and_then(|(values, lines)| {
            range.check((&shown, &spec.column, field), &values, &lines, spec.scale)?;
            Ok(values)
        });
    match checked {
        Ok(values) => Some(values.into_iter().map(|v| v * spec.scale).collect()),
        Err(issue) => {
            issues.push_issue(issue);
            None
        }
    }
}

fn tariff(
    source: &ScenarioSource,
    spec: &TariffSpec,
    field: &str,
    issues: &mut Issues,
) -> Option<Vec<f64>> {
    match (&spec.flat_rmb_per_kwh, &spec.tou, &spec.hourly) {
        (Some(price), None, None) => {
            issues.check_range(&format!("{field}.flat_rmb_per_kwh"), *price, -1.0, 10.0);
            Some(vec![price * 1000.0; HOURS_PER_YEAR])
        }
        (None, Some(tou), None) => expand_tou(tou, &format!("{field}.tou"), issues),
        (None, None, Some(column)) => {
            let prices = series(
                source,
                column,
                &format!("{field}.hourly"),
                ValueRange::new(-1.0, 10.0, "RMB/kWh"),
                issues,
            )?;
            Some(prices.into_iter().map(|p| p * 1000.0).collect())
        }
        _ => {
            let given: Vec<&str> = [
                spec.flat_rmb_per_kwh.map(|_| "flat_rmb_per_kwh"),
                spec.tou.as_ref().map(|_| "tou"),
                spec.hourly.as_ref().map(|_| "hourly"),
            ]
            .into_iter()
            .flatten()
            .collect();
            issues.push(
                field,
                format!("{{{}}}", given.join(", ")),
                "exactly one of flat_rmb_per_kwh, tou, hourly",
            );
            None
        }
    }
}

fn time_axis(horizon: &HorizonSpec, issues: &mut Issues) -> Option<TimeAxis> {
    if horizon.hours == 0 || horizon.start_hour + horizon.hours > HOURS_PER_YEAR {
        issues.push(
            "horizon",
            format!(
                "start_hour {} + hours {}",
                horizon.start_hour, horizon.hours
            ),
            "a non-empty cut within the 8760 hours of the year",
        );
        return None;
    }
    let weight = HOURS_PER_YEAR as f64 / horizon.hours as f64;
    let months = month_of_hour();
    let hour_of_year: Vec<usize> =
        (horizon.start_hour..horizon.start_hour + horizon.hours).collect();
    let month: Vec<usize> = hour_of_year.iter().map(|h| months[*h]).collect();
    Some(TimeAxis {
        weight_h: vec![weight; hour_of_year.len()],
        month_weight: month_weights(&month),
        hour_of_year,
        month,
        typical_days: None,
    })
}

/// How many monthly bills each month's modelled hours stand for (formulation §5, demand
/// charge): the months a cut touches share the year's 12 bills in proportion to the part of
/// each month the cut covers, so a full year bills each month once and any cut of a flat load
/// bills 12 times its peak. (Weighting each month by its calendar length instead gave a
/// one-week cut of February 13.04 bills, 8.6 % too many.)
pub(super) fn month_weights(month_of_step: &[usize]) -> [f64; 12] {
    let mut covered = [0.0; 12];
    for m in month_of_step {
        covered[*m] += 1.0 / (DAYS_IN_MONTH[*m] * 24) as f64;
    }
    let total: f64 = covered.iter().sum();
    if total > 0.0 {
        for c in &mut covered {
            *c *= 12.0 / total;
        }
    }
    covered
}

pub(super) fn cut(values: Vec<f64>, time: &TimeAxis) -> Vec<f64> {
    time.hour_of_year.iter().map(|h| values[*h]).collect()
}

fn build_park(
    source: &ScenarioSource,
    spec: &ScenarioSpec,
    cat: &Catalogue,
    issues: &mut Issues,
) -> Option<Park> {
    if spec.name.trim().is_empty() {
        issues.push("name", "\"\"", "a non-empty name");
    }
    let time = time_axis(&spec.horizon, issues);
    let rate = cat.finance.discount_rate.value;

    let load = series(
        source,
        &spec.loads.electricity_mw,
        "loads.electricity_mw",
        ValueRange::new(0.0, MAX_MAGNITUDE, "MW"),
        issues,
    );

    let (pv_profile, wind_profile) = resource_profiles(
        source,
        &spec.resources,
        spec.build.pv.is_some(),
        spec.build.wind.is_some(),
        issues,
    );

    let pv = match &spec.build.pv {
        None => None,
        Some(build) => {
            issues.check_non_negative("build.pv.max_mw", build.max_mw);
            issues.check_non_negative("build.pv.existing_mw", build.existing_mw);
            pv_profile.map(|profile| PvData {
                cf: profile.cf,
                profile: profile.origin,
                max_new_mw: build.max_mw,
                existing_mw: build.existing_mw,
                cost_per_mw: annualised(
                    cat.pv.capex_rmb_per_kw.value * 1000.0,
                    rate,
                    &cat.pv.lifetime_yr,
                    &cat.pv.fixed_om_frac,
                ),
                var_om_rmb_per_mwh: cat.pv.var_om_rmb_per_mwh.value,
            })
        }
    };

    let wind = match &spec.build.wind {
        None => None,
        Some(build) => {
            let unit_mw = cat.wind.unit_mw.value;
            wind_profile.map(|profile| WindData {
                cf: profile.cf,
                profile: profile.origin,
                unit_mw,
                max_new_turbines: build.max_turbines,
                existing_turbines: build.existing_turbines,
                cost_per_turbine: annualised(
                    cat.wind.capex_rmb_per_kw.value * 1000.0 * unit_mw,
                    rate,
                    &cat.wind.lifetime_yr,
                    &cat.wind.fixed_om_frac,
                ),
                var_om_rmb_per_mwh: cat.wind.var_om_rmb_per_mwh.value,
            })
        }
    };

    let battery = spec.build.battery.as_ref().map(|build| {
        issues.check_non_negative("build.battery.max_mwh", build.max_mwh);
        issues.check_non_negative("build.battery.existing_mwh", build.existing_mwh);
        issues.check_non_negative("build.battery.existing_mw", build.existing_mw);
        let b = &cat.battery;
        // An existing battery outside the catalogue's durations breaks the duration rows
        // even with nothing new built (the baseline would have no solution).
        let (d_min, d_max) = (b.min_duration_h.value, b.max_duration_h.value);
        if build.existing_mwh > 0.0 || build.existing_mw > 0.0 {
            let duration = build.existing_mwh / build.existing_mw;
            let fits = super::park::battery_duration_fits(
                build.existing_mwh,
                build.existing_mw,
                d_min,
                d_max,
            );
            if !fits {
                issues.push(
                    "build.battery.existing_mwh",
                    format!(
                        "{} MWh over existing_mw {} MW ({} h)",
                        build.existing_mwh,
                        build.existing_mw,
                        if duration.is_finite() {
                            format!("{duration:.3}")
                        } else {
                            "no power".to_string()
                        }
                    ),
                    &format!(
                        "an existing battery within the catalogue's durations, {d_min}-{d_max} h \
                         of its power (catalogue battery.min_duration_h, max_duration_h)"
                    ),
                );
            }
        }
        let one_way = b.round_trip_eff.value.sqrt();
        BatteryData {
            max_new_mwh: build.max_mwh,
            existing_mwh: build.existing_mwh,
            existing_mw: build.existing_mw,
            cost_per_mwh: annualised(
                b.capex_energy_rmb_per_kwh.value * 1000.0,
                rate,
                &b.lifetime_yr,
                &b.fixed_om_frac,
            ),
            cost_per_mw: annualised(
                b.capex_power_rmb_per_kw.value * 1000.0,
                rate,
                &b.lifetime_yr,
                &b.fixed_om_frac,
            ),
            charge_eff: one_way,
            discharge_eff: one_way,
            min_duration_h: b.min_duration_h.value,
            max_duration_h: b.max_duration_h.value,
            wear_cost_rmb_per_mwh: b.wear_cost_rmb_per_mwh.value,
        }
    });

    let grid = build_grid(source, &spec.grid, issues);
    let claims_green = spec.grid.green_power.is_some() || spec.grid.certificates.is_some();
    let accounting = build_accounting(&spec.rules, claims_green, cat, issues);
    let hydrogen = spec
        .hydrogen
        .as_ref()
        .map(|h| sectors::resolve_hydrogen(source, h, cat, time.as_ref(), issues));
    let heat = spec
        .heat
        .as_ref()
        .map(|h| sectors::resolve_heat(source, h, cat, time.as_ref(), issues));
    let co2 = spec.co2.as_ref().map(|c| {
        sectors::resolve_co2(
            source,
            c,
            spec.heat.as_ref(),
            &spec.rules,
            cat,
            time.as_ref(),
            issues,
        )
    });

    if let Some(pathway) = &spec.pathway {
        pathway.check(issues);
    }
    let finance = super::finance::resolve_finance(spec.finance.as_ref(), cat, issues);
    let incentives = super::incentives::resolve_incentives(
        spec.incentives.as_ref(),
        spec.finance.as_ref().is_some_and(|f| f.debt.is_some()),
        issues,
    );

    let time = time?;
    let mut park = Park {
        name: spec.name.clone(),
        electric_load_mw: cut(load?, &time),
        pv: match pv {
            Some(mut pv) => {
                pv.cf = cut(pv.cf, &time);
                Some(pv)
            }
            None => None,
        },
        wind: match wind {
            Some(mut wind) => {
                wind.cf = cut(wind.cf, &time);
                Some(wind)
            }
            None => None,
        },
        battery,
        grid: {
            let mut grid = grid?;
            grid.import_price_rmb_per_mwh = cut(grid.import_price_rmb_per_mwh, &time);
            if let Some(export) = grid.export.as_mut() {
                export.price_rmb_per_mwh =
                    cut(std::mem::take(&mut export.price_rmb_per_mwh), &time);
            }
            grid
        },
        accounting: accounting?,
        hydrogen: hydrogen.map_or(Some(None), |h| h.map(Some))?,
        heat: heat.map_or(Some(None), |h| h.map(Some))?,
        co2: co2.map_or(Some(None), |c| c.map(Some))?,
        finance: finance?,
        incentives,
        time,
    };
    let analysis_years = park
        .finance
        .analysis_years
        .unwrap_or_else(|| super::incentives::longest_life_years(park.lifetimes_yr().into_iter()));
    park.incentives
        .weigh_abatement(cat.finance.discount_rate.value, analysis_years);
    Some(park)
}

fn build_grid(source: &ScenarioSource, spec: &GridSpec, issues: &mut Issues) -> Option<GridData> {
    issues.check_non_negative("grid.import_cap_mw", spec.import_cap_mw);
    let import = tariff(source, &spec.import_tariff, "grid.import_tariff", issues);
    let export = match &spec.export {
        None => Some(None),
        Some(e) => {
            issues.check_non_negative("grid.export.cap_mw", e.cap_mw);
            if let Some(share) = e.max_share_of_output {
                issues.check_range("grid.export.max_share_of_output", share, 0.0, 1.0);
            }
            tariff(source, &e.tariff, "grid.export.tariff", issues).map(|price| {
                Some(ExportData {
                    cap_mw: e.cap_mw,
                    price_rmb_per_mwh: price,
                    max_share_of_output: e.max_share_of_output,
                })
            })
        }
    };
    let green_power = spec.green_power.as_ref().map(|g| {
        issues.check_range(
            "grid.green_power.premium_rmb_per_kwh",
            g.premium_rmb_per_kwh,
            0.0,
            5.0,
        );
        issues.check_non_negative("grid.green_power.max_mwh_per_yr", g.max_mwh_per_yr);
        GreenPowerData {
            premium_rmb_per_mwh: g.premium_rmb_per_kwh * 1000.0,
            max_mwh_per_yr: g.max_mwh_per_yr,
        }
    });
    let certificates = spec.certificates.as_ref().map(|c| {
        issues.check_range(
            "grid.certificates.price_rmb_per_mwh",
            c.price_rmb_per_mwh,
            0.0,
            1000.0,
        );
        issues.check_range(
            "grid.certificates.max_share_of_imports",
            c.max_share_of_imports,
            0.0,
            1.0,
        );
        CertificateData {
            price_rmb_per_mwh: c.price_rmb_per_mwh,
            max_share_of_imports: c.max_share_of_imports,
        }
    });
    let demand_charge = spec.demand_charge.as_ref().and_then(|d| {
        let field = "grid.demand_charge";
        match (d.max_demand_rmb_per_kw_month, d.contracted_rmb_per_kw_month) {
            (Some(rate), None) => {
                issues.check_range(
                    &format!("{field}.max_demand_rmb_per_kw_month"),
                    rate,
                    0.0,
                    200.0,
                );
                Some(DemandCharge::MaxDemand {
                    rmb_per_mw_month: rate * 1000.0,
                })
            }
            (None, Some(rate)) => {
                issues.check_range(
                    &format!("{field}.contracted_rmb_per_kw_month"),
                    rate,
                    0.0,
                    200.0,
                );
                Some(DemandCharge::Contracted {
                    rmb_per_mw_month: rate * 1000.0,
                })
            }
            (max, contracted) => {
                issues.push(
                    field,
                    format!("max_demand {max:?}, contracted {contracted:?}"),
                    "exactly one of max_demand_rmb_per_kw_month, contracted_rmb_per_kw_month",
                );
                None
            }
        }
    });
    Some(GridData {
        import_cap_mw: spec.import_cap_mw,
        import_price_rmb_per_mwh: import?,
        export: export?,
        green_power,
        certificates,
        demand_charge,
    })
}

/// The accounting switches and factors; `claims_green` (green power or certificates bought)
/// picks the default grid factor (see [`GridFactorSpec::default_for`]).
fn build_accounting(
    rules: &RulesSpec,
    claims_green: bool,
    cat: &Catalogue,
    issues: &mut Issues,
) -> Option<AccountingData> {
    let electricity_tce_per_mwh = electricity_tce_per_mwh(rules.electricity_tce_basis, cat);
    let factor = rules
        .grid_factor
        .clone()
        .unwrap_or_else(|| GridFactorSpec::default_for(claims_green));
    let grid_factor_basis = match (&rules.grid_factor, claims_green) {
        (Some(_), _) => "scenario",
        (None, false) => "default",
        (None, true) => "default_residual_mix",
    };
    let (grid_factor_name, grid_t_co2_per_mwh) =
        grid_factor(&factor, "rules.grid_factor", cat, issues)?;
    let intensity_limit = match rules.intensity_limit {
        IntensityLimitSpec::Keyword(AutoKeyword::Auto) => LimitRule::Auto,
        IntensityLimitSpec::Value(v) => {
            issues.check_range("rules.intensity_limit", v, 0.0, 10.0);
            LimitRule::Scenario(v)
        }
    };
    let clean_share = rules.clean_share.as_ref().map(|c| {
        issues.check_range("rules.clean_share.target", c.target, 0.0, 1.0);
        issues.check_range(
            "rules.clean_share.grid_non_fossil_share",
            c.grid_non_fossil_share,
            0.0,
            1.0,
        );
        CleanShareData {
            target: c.target,
            grid_non_fossil_share: c.grid_non_fossil_share,
        }
    });
    issues.check_range(
        "rules.carbon_price_rmb_per_t",
        rules.carbon_price_rmb_per_t,
        0.0,
        10_000.0,
    );
    let mut data = AccountingData {
        electricity_tce_basis: rules.electricity_tce_basis,
        electricity_tce_per_mwh,
        grid_factor_name,
        grid_factor_basis,
        grid_t_co2_per_mwh,
        intensity_limit,
        clean_share,
        carbon_price_rmb_per_t: rules.carbon_price_rmb_per_t,
        process_emissions: rules.process_emissions,
        ccus_deduction: rules.ccus_deduction,
        gas_t_co2_per_mwh: cat.accounting.gas_t_co2_per_mwh.value,
        gas_tce_per_mwh: cat.accounting.gas_tce_per_mwh.value,
        hydrogen_tce_per_kg: cat.accounting.hydrogen_tce_per_kg.value,
        robust: Vec::new(),
        standard_readings: Vec::new(),
        direct_supply: rules.direct_supply.clone(),
    };
    if let Some(d) = &rules.direct_supply {
        for (field, value) in [
            (
                "max_export_share_of_generation",
                d.max_export_share_of_generation,
            ),
            (
                "min_self_use_share_of_generation",
                d.min_self_use_share_of_generation,
            ),
            ("min_share_of_consumption", d.min_share_of_consumption),
        ] {
            if let Some(v) = value {
                issues.check_range(&format!("rules.direct_supply.{field}"), v, 0.0, 1.0);
            }
        }
    }
    for (i, spec) in rules.robust.iter().enumerate() {
        let field = format!("rules.robust[{i}]");
        if let Some(reading) = reading_of(spec, &field, &data, cat, issues) {
            data.robust.push(reading);
        }
    }
    data.standard_readings = standard_readings(&data, cat);
    Some(data)
}

/// The scenario's own reading with the changes of `spec` (`rules.robust[i]`), named by them
/// unless `spec` names itself; an issue at `field` when it changes nothing.
fn reading_of(
    spec: &ReadingSpec,
    field: &str,
    data: &AccountingData,
    cat: &Catalogue,
    issues: &mut Issues,
) -> Option<Reading> {
    let mut reading = Reading::of(data);
    let mut changes = Vec::new();
    if let Some(basis) = spec.electricity_tce_basis {
        reading.electricity_tce_basis = basis;
        reading.electricity_tce_per_mwh = electricity_tce_per_mwh(basis, cat);
        changes.push(format!(
            "{} basis",
            serde_yaml::to_string(&basis).unwrap_or_default().trim()
        ));
    }
    if let Some(factor) = &spec.grid_factor {
        let (name, value) = grid_factor(factor, &format!("{field}.grid_factor"), cat, issues)?;
        changes.push(format!("grid factor {name}"));
        reading.grid_factor_name = name;
        reading.grid_t_co2_per_mwh = value;
    }
    if let Some(process) = spec.process_emissions {
        reading.process_emissions = process;
        changes.push(format!(
            "process CO2 {}",
            match process {
                ProcessEmissions::Include => "counted",
                ProcessEmissions::Exclude => "not counted",
            }
        ));
    }
    if let Some(deduction) = spec.ccus_deduction {
        reading.ccus_deduction = deduction;
        changes.push(if deduction {
            "CCUS deducted".to_string()
        } else {
            "no CCUS deduction".to_string()
        });
    }
    if changes.is_empty() {
        issues.push(
            field,
            "{}",
            "a reading that changes at least one of electricity_tce_basis, grid_factor, \
             process_emissions, ccus_deduction",
        );
        return None;
    }
    reading.name = spec.name.clone().unwrap_or_else(|| changes.join(", "));
    Some(reading)
}

/// The readings a reviewer might take, each changing one open choice of the scenario's own
/// (china-rules.md §1, "Not settled"): the other electricity tce basis, each catalogue grid
/// factor other than the scenario's, process CO2 the other way, CCUS deduction the other way.
/// `plan.json` gives the plan's intensity under each.
fn standard_readings(data: &AccountingData, cat: &Catalogue) -> Vec<Reading> {
    let other_basis = match data.electricity_tce_basis {
        TceBasis::Equivalent => TceBasis::Calorific,
        TceBasis::Calorific => TceBasis::Equivalent,
    };
    let mut specs = vec![ReadingSpec {
        electricity_tce_basis: Some(other_basis),
        ..ReadingSpec::default()
    }];
    specs.extend(
        cat.grid_factors_t_per_mwh
            .keys()
            .filter(|name| **name != data.grid_factor_name)
            .map(|name| ReadingSpec {
                grid_factor: Some(GridFactorSpec::Named(name.clone())),
                ..ReadingSpec::default()
            }),
    );
    specs.push(ReadingSpec {
        process_emissions: Some(match data.process_emissions {
            ProcessEmissions::Include => ProcessEmissions::Exclude,
            ProcessEmissions::Exclude => ProcessEmissions::Include,
        }),
        ..ReadingSpec::default()
    });
    specs.push(ReadingSpec {
        ccus_deduction: Some(!data.ccus_deduction),
        ..ReadingSpec::default()
    });
    let mut quiet = Issues::default();
    specs
        .iter()
        .filter_map(|spec| reading_of(spec, "standard reading", data, cat, &mut quiet))
        .collect()
}

/// `k_e` on `basis`, tce/MWh, from the catalogue.
fn electricity_tce_per_mwh(basis: TceBasis, cat: &Catalogue) -> f64 {
    match basis {
        TceBasis::Equivalent => cat.accounting.electricity_tce_per_mwh_equivalent.value,
        TceBasis::Calorific => cat.accounting.electricity_tce_per_mwh_calorific.value,
    }
}

/// A grid factor given by name (from the catalogue) or as a number, with its name.
fn grid_factor(
    spec: &GridFactorSpec,
    field: &str,
    cat: &Catalogue,
    issues: &mut Issues,
) -> Option<(String, f64)> {
    match spec {
        GridFactorSpec::Value(v) => {
            issues.check_range(field, *v, 0.0, 2.0);
            Some(("scenario value".to_string(), *v))
        }
        GridFactorSpec::Named(name) => match cat.grid_factors_t_per_mwh.get(name) {
            Some(c) => Some((name.clone(), c.value)),
            None => {
                let known: Vec<&str> = cat
                    .grid_factors_t_per_mwh
                    .keys()
                    .map(String::as_str)
                    .collect();
                // A name that reads as a number was quoted in the YAML (`"0.5"`): say it is
                // text, or it reads "must be a number …, got 0.5".
                let shown = if name.trim().parse::<f64>().is_ok() {
                    format!("the text {name:?} (a number in quotes: write it without them)")
                } else {
                    name.clone()
                };
                issues.push(
                    field,
                    shown,
                    &format!("a number in t/MWh or one of: {}", known.join(", ")),
                );
                None
            }
        },
    }
}
