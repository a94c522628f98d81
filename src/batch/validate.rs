//! Checking every run of a batch before any is started: each override applies and each
//! run's scenario loads, with every problem listed at once.
//!
//! Checks go from the common `set` to each variant alone, each swept value alone, and then
//! each whole run, so a bad value is reported once where it was written rather than once per
//! run it reaches; later layers are checked only when the earlier ones are clean.

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
            return lines_of(&format!("{}: base", batch.spec_path), &[], e);
        }
    };
    let spec = &batch.spec_path;
    let common: Vec<Override> = batch
        .runs
        .first()
        .map(|r| {
            r.overrides
                .iter()
                .take(common_len(batch))
                .cloned()
                .collect()
        })
        .unwrap_or_default();

    let problems = check(&source, &doc, &format!("{spec}: set"), &common, &common);
    if !problems.is_empty() {
        return problems;
    }

    let mut problems = Vec::new();
    let mut checked_variants = Vec::new();
    for run in &batch.runs {
        if checked_variants.contains(&run.variant) {
            continue;
        }
        checked_variants.push(run.variant.clone());
        let variant_set: Vec<Override> =
            run.overrides[..run.overrides.len() - run.swept.len()].to_vec();
        problems.extend(check(
            &source,
            &doc,
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
            problems.extend(check(
                &source,
                &doc,
                &format!("{spec}: sweep"),
                &set,
                &set[common.len()..],
            ));
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
                &source,
                &doc,
                &format!("{spec}: variant '{}', run '{}'", run.variant, run.name),
                &run.overrides,
                &run.overrides[common.len()..],
            )
        })
        .collect()
}

/// How many of a run's overrides come from the common `set`.
fn common_len(batch: &Batch) -> usize {
    batch.spec.set.len()
}

/// Applies `overrides` to `doc` and loads the result; problems are labelled with `label`
/// and the overrides `shown` (those this layer adds).
fn check(
    source: &ScenarioSource,
    doc: &Value,
    label: &str,
    overrides: &[Override],
    shown: &[Override],
) -> Vec<String> {
    match apply_all(doc, overrides) {
        Err(errors) => errors.iter().map(|e| format!("{label}: {e}")).collect(),
        Ok(doc) => match load_value(source, doc) {
            Ok(_) => Vec::new(),
            Err(e) => lines_of(label, shown, e),
        },
    }
}

fn lines_of(label: &str, overrides: &[Override], error: ScenarioError) -> Vec<String> {
    let with = if overrides.is_empty() {
        String::new()
    } else {
        let shown: Vec<String> = overrides.iter().map(Override::to_string).collect();
        format!(" (with {})", shown.join(", "))
    };
    match error {
        ScenarioError::Invalid(issues) => issues
            .iter()
            .map(|issue| format!("{label}{with}: {issue}"))
            .collect(),
        other => vec![format!("{label}{with}: {other}")],
    }
}
