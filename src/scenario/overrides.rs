//! Overrides of scenario values by dotted path (`--set`, batch variants and sweeps).
//!
//! A path such as `catalogue.pv.capex_rmb_per_kw` or `grid.import_tariff.tou.seasons[0].months`
//! names a place in the scenario's YAML document; the value given replaces whatever was there
//! (a mapping value replaces the whole mapping, it is not merged). Missing mappings along the
//! way are created, so `horizon.hours` works when the scenario has no `horizon` section; list
//! items must exist. The result is then validated like a scenario file by
//! [`super::load_value`], so a misspelt field is reported there with the file it belongs to.

use super::files::ScenarioSource;
use super::issues::Issue;
use super::resolve::{load, load_value, LoadedScenario, ScenarioError};
use serde_yaml::{Mapping, Value};
use std::fmt;

/// One override: a dotted path and the value to put there.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// Dotted path, e.g. `rules.electricity_tce_basis` or `tou.seasons[0].months`.
    pub path: String,
    /// The value, as YAML.
    pub value: Value,
    /// The command-line flag it stands for, in messages (`--typical-days 12`); None for an
    /// override given as itself (`--set`, a batch spec).
    pub origin: Option<String>,
}

/// An override that cannot be applied: the path, the value and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: must be {expected}, got {value}")]
pub struct OverrideError {
    /// The dotted path as written.
    pub path: String,
    /// The value as written.
    pub value: String,
    /// What the path or value must be.
    pub expected: String,
}

impl OverrideError {
    /// The problem as an input [`Issue`] in `file` (the command line, or a batch spec).
    pub fn into_issue(self, file: &str) -> Issue {
        Issue::new(file, &self.path, &self.value, &self.expected)
    }
}

impl fmt::Display for Override {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.path, show_value(&self.value))
    }
}

/// A YAML value on one line, as shown in messages, file names and `--set` arguments.
pub fn show_value(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            // Quote only what YAML would otherwise read as something else.
            match serde_yaml::from_str::<Value>(s) {
                Ok(Value::String(back)) if &back == s && !s.contains('\n') => s.clone(),
                _ => serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}")),
            }
        }
        other => serde_json::to_string(other).unwrap_or_else(|_| format!("{other:?}")),
    }
}

/// One step of a dotted path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// A mapping key.
    Key(String),
    /// A list index.
    Index(usize),
}

fn error(path: &str, value: &str, expected: impl Into<String>) -> OverrideError {
    OverrideError {
        path: path.into(),
        value: value.into(),
        expected: expected.into(),
    }
}

/// Splits `a.b[0].c` into steps; every key is non-empty and every index a number.
fn parse_path(path: &str, shown_value: &str) -> Result<Vec<Step>, OverrideError> {
    let bad = |why: &str| {
        error(
            path,
            shown_value,
            format!("a dotted path like `rules.grid_factor` or `a.list[0].b` ({why})"),
        )
    };
    if path.trim().is_empty() {
        return Err(bad("the path is empty"));
    }
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(at) => (&part[..at], &part[at..]),
            None => (part, ""),
        };
        if key.is_empty() || key.contains(']') || key.trim() != key {
            return Err(bad(&format!("`{part}` is not a field name")));
        }
        steps.push(Step::Key(key.to_string()));
        while !rest.is_empty() {
            let close = rest
                .find(']')
                .ok_or_else(|| bad(&format!("`{part}` has an unclosed `[`")))?;
            let index = rest[1..close]
                .parse::<usize>()
                .map_err(|_| bad(&format!("`{}` is not a list index", &rest[..=close])))?;
            steps.push(Step::Index(index));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(bad(&format!("`{part}` has text after `]`")));
            }
        }
    }
    Ok(steps)
}

/// Puts `value` at `path` in `doc`, creating missing mappings on the way.
pub fn apply(doc: &mut Value, path: &str, value: Value) -> Result<(), OverrideError> {
    let shown = show_value(&value);
    let steps = parse_path(path, &shown)?;
    let mut here = doc;
    let mut walked = String::new();
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        match step {
            Step::Key(key) => {
                if !walked.is_empty() {
                    walked.push('.');
                }
                walked.push_str(key);
                if here.is_null() {
                    *here = Value::Mapping(Mapping::new());
                }
                let Value::Mapping(map) = here else {
                    return Err(error(
                        path,
                        &shown,
                        format!(
                            "a path through mappings, but the part before `{key}` holds {}",
                            show_value(here)
                        ),
                    ));
                };
                let key = Value::String(key.clone());
                if last {
                    map.insert(key, value);
                    return Ok(());
                }
                here = map.entry(key).or_insert(Value::Null);
            }
            Step::Index(index) => {
                walked.push_str(&format!("[{index}]"));
                let Value::Sequence(list) = here else {
                    return Err(error(
                        path,
                        &shown,
                        format!("a path whose `{walked}` is a list item, but it is not a list"),
                    ));
                };
                let len = list.len();
                let Some(item) = list.get_mut(*index) else {
                    return Err(error(
                        path,
                        &shown,
                        format!("a path whose `{walked}` exists (the list has {len} items)"),
                    ));
                };
                if last {
                    *item = value;
                    return Ok(());
                }
                here = item;
            }
        }
    }
    Ok(())
}

/// The value at `path` in `doc`, if there is one.
pub fn get<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    let steps = parse_path(path, "").ok()?;
    let mut here = doc;
    for step in &steps {
        here = match step {
            Step::Key(key) => here.as_mapping()?.get(key.as_str())?,
            Step::Index(index) => here.as_sequence()?.get(*index)?,
        };
    }
    Some(here)
}

/// `horizon.typical_days=N`, what `--typical-days N` stands for.
pub fn typical_days_override(days: usize) -> Override {
    Override {
        path: "horizon.typical_days".into(),
        value: Value::from(days as u64),
        origin: Some(format!("--typical-days {days}")),
    }
}

/// Parses a `PATH=VALUE` argument; VALUE is read as YAML (`2600`, `calorific`, `{a: 1}`).
pub fn parse_assignment(text: &str) -> Result<Override, OverrideError> {
    let Some((path, value_text)) = text.split_once('=') else {
        return Err(error(
            text,
            "(no value)",
            "PATH=VALUE, e.g. rules.grid_factor=north-china-2023",
        ));
    };
    let value: Value = serde_yaml::from_str(value_text)
        .map_err(|e| error(path, value_text, format!("a YAML value after `=` ({e})")))?;
    parse_path(path, value_text)?;
    Ok(Override {
        path: path.to_string(),
        value,
        origin: None,
    })
}

/// Applies `overrides` in order to a copy of `doc`.
pub fn apply_all(doc: &Value, overrides: &[Override]) -> Result<Value, Vec<OverrideError>> {
    let mut doc = doc.clone();
    let errors: Vec<OverrideError> = overrides
        .iter()
        .filter_map(|o| apply(&mut doc, &o.path, o.value.clone()).err())
        .collect();
    if errors.is_empty() {
        Ok(doc)
    } else {
        Err(errors)
    }
}

/// The scenario file as a YAML document, with problems named after the file.
pub fn read_document(source: &ScenarioSource) -> Result<Value, ScenarioError> {
    let path = source.scenario_path();
    let text = source
        .read_scenario()
        .map_err(|e| ScenarioError::Unreadable {
            path: path.clone(),
            source: e,
        })?;
    serde_yaml::from_str(&text).map_err(|e| {
        let location = e
            .location()
            .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
            .unwrap_or_default();
        ScenarioError::Invalid(vec![Issue::new(
            &format!("{path}{location}"),
            "(document)",
            &e.to_string(),
            "valid YAML",
        )])
    })
}

/// Loads a scenario with `overrides` applied; `label` names where they came from in
/// messages (`--set`, or a batch spec and variant).
pub fn load_with(
    source: &ScenarioSource,
    overrides: &[Override],
    label: &str,
) -> Result<LoadedScenario, ScenarioError> {
    if overrides.is_empty() {
        return load(source);
    }
    let doc = read_document(source)?;
    let doc = apply_all(&doc, overrides).map_err(|errors| {
        ScenarioError::Invalid(errors.into_iter().map(|e| e.into_issue(label)).collect())
    })?;
    load_value(source, doc).map_err(|e| attribute(e, overrides, label))
}

/// `error` with each problem in a value an override set named as the override's, not the
/// file's: `FILE (set by ORIGIN)`, the origin the override's own or `label PATH=VALUE`.
pub fn attribute(error: ScenarioError, overrides: &[Override], label: &str) -> ScenarioError {
    match error {
        ScenarioError::Invalid(issues) => ScenarioError::Invalid(
            issues
                .into_iter()
                .map(|mut issue| {
                    if let Some(o) = overrides.iter().rev().find(|o| {
                        within(&issue.field, &o.path)
                                // `--set foo.bar=1` makes the unknown field `foo`.
                                || (issue.value.starts_with("unknown field")
                                    && within(&o.path, &issue.field))
                    }) {
                        let by = o.origin.clone().unwrap_or_else(|| format!("{label} {o}"));
                        issue.file = format!("{} (set by {by})", issue.file);
                    }
                    issue
                })
                .collect(),
        ),
        other => other,
    }
}

/// True when dotted path `field` is `path` or lies inside it.
pub(crate) fn within(field: &str, path: &str) -> bool {
    field
        .strip_prefix(path)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value an override makes invalid is reported as the override's: the file's own value
    /// was fine. `within` matches the path itself and what lies inside it, not a longer name.
    #[test]
    fn a_bad_value_set_by_an_override_names_the_override() {
        let o = parse_assignment("grid.import_cap_mw=-5").unwrap();
        let Err(ScenarioError::Invalid(issues)) =
            load_with(&ScenarioSource::Embedded, &[o], "--set")
        else {
            panic!("-5 MW must be refused");
        };
        let issue = issues
            .iter()
            .find(|i| i.field == "grid.import_cap_mw")
            .expect("the field named");
        assert!(
            issue.file.ends_with("(set by --set grid.import_cap_mw=-5)"),
            "{issue}"
        );
        // An override that makes an unknown field is named too (`foo` from `foo.bar`).
        let o = parse_assignment("foo.bar=1").unwrap();
        let Err(ScenarioError::Invalid(issues)) =
            load_with(&ScenarioSource::Embedded, &[o], "--set")
        else {
            panic!("foo must be refused");
        };
        let issue = issues.iter().find(|i| i.field == "foo").expect("foo named");
        assert!(issue.file.ends_with("(set by --set foo.bar=1)"), "{issue}");
        assert!(within("grid.import_cap_mw", "grid"));
        assert!(within("tou.seasons[0].months", "tou.seasons"));
        assert!(!within("grid.import_cap_mw_x", "grid.import_cap_mw"));
    }

    fn doc(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn sets_nested_values_and_creates_missing_mappings() {
        let mut d = doc("rules: {grid_factor: national-2023}\n");
        apply(&mut d, "rules.electricity_tce_basis", "calorific".into()).unwrap();
        apply(&mut d, "catalogue.pv.capex_rmb_per_kw", 2600.into()).unwrap();
        apply(&mut d, "horizon.hours", 168.into()).unwrap();
        assert_eq!(
            d,
            doc(
                "rules: {grid_factor: national-2023, electricity_tce_basis: calorific}\n\
                 catalogue: {pv: {capex_rmb_per_kw: 2600}}\nhorizon: {hours: 168}\n"
            )
        );
        assert_eq!(get(&d, "horizon.hours"), Some(&Value::from(168)));
        assert_eq!(get(&d, "horizon.start_hour"), None);
    }

    #[test]
    fn list_items_are_addressed_by_index() {
        let mut d = doc("tou: {seasons: [{months: [1]}, {months: [2]}]}\n");
        apply(&mut d, "tou.seasons[1].months[0]", 3.into()).unwrap();
        assert_eq!(get(&d, "tou.seasons[1].months"), Some(&doc("[3]")));
        let e = apply(&mut d, "tou.seasons[2].months", doc("[4]")).unwrap_err();
        assert_eq!(e.path, "tou.seasons[2].months");
        assert!(e.expected.contains("has 2 items"), "{e}");
    }

    #[test]
    fn errors_name_the_path_and_the_value() {
        let mut d = doc("grid: {import_cap_mw: 400}\n");
        let e = apply(&mut d, "grid.import_cap_mw.x", 1.into()).unwrap_err();
        assert_eq!(
            e.to_string().split(':').next(),
            Some("grid.import_cap_mw.x")
        );
        assert_eq!(e.value, "1");
        for bad in ["", "a..b", "a[x]", "a[0", "a[0]b", ".a"] {
            assert!(apply(&mut d, bad, 1.into()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn assignments_read_the_value_as_yaml() {
        let o = parse_assignment("catalogue.pv.capex_rmb_per_kw=2600").unwrap();
        assert_eq!(o.value, Value::from(2600));
        let o = parse_assignment("horizon={start_hour: 10, hours: 24}").unwrap();
        assert_eq!(o.to_string(), r#"horizon={"start_hour":10,"hours":24}"#);
        let o = parse_assignment("rules.grid_factor=north-china-2023").unwrap();
        assert_eq!(o.to_string(), "rules.grid_factor=north-china-2023");
        assert!(parse_assignment("rules.grid_factor").is_err());
        assert!(parse_assignment("a=[1").is_err());
    }

    #[test]
    fn shown_strings_round_trip_through_yaml() {
        for s in ["calorific", "1.5", "true", "a: b", ""] {
            let shown = show_value(&Value::String(s.into()));
            assert_eq!(
                serde_yaml::from_str::<Value>(&shown).unwrap(),
                Value::String(s.into()),
                "{shown}"
            );
        }
    }
}
