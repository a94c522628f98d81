//! Checking every run of a batch before any is started: each override applies and each
//! run's scenario loads, with every problem listed at once.
//!
//! Checks go from the common `set` to each variant alone, each swept value alone, and then
//! each whole run, so a bad value is reported once where it was written rather than once per
//! run it reaches: a variant's or a swept value's check leaves out the fields the common
//! `set` already has problems with, and whole runs are checked only when every layer before
//! is clean.

use super::spec::{Batch, RunSpec};
use crate::scenario::overrides::{apply_all, read_document, Override};
use crate::scenario::{load_value, ScenarioError, ScenarioSource};
use serde_yaml::Value;

/// Problem lines, each naming the spec file, the variant or sweep value, the path and value.
pub fn validate(batch: &Batch) -> Vec<String> {
    let source = ScenarioSource::Disk(batch.base.clone());
    let doc = match read_document(&source) {
        Ok(doc) => doc,
        Err(e) => {
            return lines_of(&format!("{}: base", batch.spec_path), &[], e)
                .into_iter()
                .map(|(_, line)| line)
                .collect();
        }
    };
    let spec = &batch.spec_path;
    let common: Vec<Override> = batch
        .runs
        .first()
        .map(|r| r.overrides.iter().take(batch.common_len).cloned().collect())
        .unwrap_or_default();

    let common_problems = check(&source, &doc, &format!("{spec}: set"), &common, &common);
    // A field the common `set` gets wrong is wrong in every variant and swept value too:
    // said once, above.
    let common_fields: Vec<String> = common_problems.iter().map(|(f, _)| f.clone()).collect();
    let mut problems: Vec<String> = common_problems.into_iter().map(|(_, l)| l).collect();
    let check = |label: &str, overrides: &[Override], shown: &[Override]| -> Vec<String> {
        check(&source, &doc, label, overrides, shown)
            .into_iter()
            .filter(|(field, _)| !common_fields.contains(field))
            .map(|(_, line)| line)
            .collect()
    };
    let mut checked_variants = Vec::new();
    for run in &batch.runs {
        if checked_variants.contains(&run.variant) {
            continue;
        }
        checked_variants.push(run.variant.clone());
        let variant_set: Vec<Override> =
            run.overrides[..run.overrides.len() - run.swept.len()].to_vec();
        problems.extend(check(
            &format!("{spec}: variant '{}'", run.variant),
            &variant_set,
            &variant_set[common.len()..],
        ));
    }
    for (i, path) in batch.sweep_paths.iter().enumerate() {
        let mut seen: Vec<&Value> = Vec::new();
        for run in &batch.runs {
            let value = &run.swept[i].1;
            if seen.contains(&value) {
                continue;
            }
            seen.push(value);
            let mut set = common.clone();
            set.push(Override {
                path: path.clone(),
                value: value.clone(),
                origin: None,
            });
            problems.extend(check(&format!("{spec}: sweep"), &set, &set[common.len()..]));
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    batch
        .runs
        .iter()
        .flat_map(|run: &RunSpec| {
            check(
                &format!("{spec}: variant '{}', run '{}'", run.variant, run.name),
                &run.overrides,
                &run.overrides[common.len()..],
            )
        })
        .collect()
}

/// Applies `overrides` to `doc` and loads the result; problems are labelled with `label`
/// and the overrides `shown` (those this layer adds), each with the field it is about.
fn check(
    source: &ScenarioSource,
    doc: &Value,
    label: &str,
    overrides: &[Override],
    shown: &[Override],
) -> Vec<(String, String)> {
    match apply_all(doc, overrides) {
        Err(errors) => errors
            .iter()
            .map(|e| (e.path.clone(), format!("{label}: {e}")))
            .collect(),
        Ok(doc) => match load_value(source, doc) {
            Ok(_) => Vec::new(),
            Err(e) => lines_of(label, shown, e),
        },
    }
}

/// The problems of `error`, each with its field, labelled with `label` and `overrides`.
fn lines_of(label: &str, overrides: &[Override], error: ScenarioError) -> Vec<(String, String)> {
    let with = if overrides.is_empty() {
        String::new()
    } else {
        let shown: Vec<String> = overrides.iter().map(Override::to_string).collect();
        format!(" (with {})", shown.join(", "))
    };
    match error {
        ScenarioError::Invalid(issues) => issues
            .iter()
            .map(|issue| (issue.field.clone(), format!("{label}{with}: {issue}")))
            .collect(),
        other => vec![(String::new(), format!("{label}{with}: {other}"))],
    }
}
