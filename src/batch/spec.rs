//! The batch spec file: a base scenario, common overrides, named variants and a sweep, and
//! their expansion into the list of runs.
//!
//! ```yaml
//! base: ordos.yaml                  # relative to the spec file
//! set:                              # applied to every run
//!   horizon.hours: 168
//! variants:                         # optional; each is one run (per sweep point)
//!   - name: reference
//!   - name: calorific
//!     set: { rules.electricity_tce_basis: calorific }
//! sweep:                            # optional; the cartesian product of the lists
//!   catalogue.pv.capex_rmb_per_kw: [2600, 3000, 3500]
//! solve: { time_limit_s: 120, mip_gap: 0.001, strategy: staged }
//! ```
//!
//! Runs are every variant crossed with every sweep point, variants in the order written and
//! the last sweep path varying fastest. Without variants there is one implicit variant named
//! `base`; without a sweep each variant is one run. Overrides apply in the order common
//! `set`, variant `set`, swept values.

use crate::scenario::overrides::{show_value, Override};
use serde::Deserialize;
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A batch spec file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchSpec {
    /// The base scenario, relative to the spec file.
    pub base: String,
    /// Overrides applied to every run: `dotted.path: value`.
    #[serde(default)]
    pub set: Mapping,
    /// Named variants, each a set of overrides.
    #[serde(default)]
    pub variants: Vec<VariantSpec>,
    /// Values to sweep: `dotted.path: [v1, v2, ...]`; every combination is run.
    #[serde(default)]
    pub sweep: Mapping,
    /// Solver settings for every run (command-line flags take precedence).
    #[serde(default)]
    pub solve: SolveSpec,
}

/// One named variant.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantSpec {
    /// Name, used in the summary and the run directory.
    pub name: String,
    /// Free text.
    #[serde(default)]
    pub description: String,
    /// Its overrides: `dotted.path: value`.
    #[serde(default)]
    pub set: Mapping,
}

/// Solver settings in a spec.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolveSpec {
    /// Wall-clock limit for each solve, seconds.
    #[serde(default)]
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap.
    #[serde(default)]
    pub mip_gap: Option<f64>,
    /// `staged` or `plain`.
    #[serde(default)]
    pub strategy: Option<String>,
}

/// One run of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSpec {
    /// Position in the full run list (0-based), used for sharding.
    pub index: usize,
    /// Unique name, also the run directory's name.
    pub name: String,
    /// The variant's name (`base` when the spec has no variants).
    pub variant: String,
    /// The swept paths and this run's values, in sweep order.
    pub swept: Vec<(String, Value)>,
    /// Every override of the run, in the order applied.
    pub overrides: Vec<Override>,
}

/// A spec read from disk: where it is, where its base is, and its runs.
#[derive(Debug, Clone)]
pub struct Batch {
    /// The spec file as shown in messages.
    pub spec_path: String,
    /// The base scenario's path (spec directory joined with `base`).
    pub base: PathBuf,
    /// The spec as written.
    pub spec: BatchSpec,
    /// The paths swept, in order.
    pub sweep_paths: Vec<String>,
    /// How many of each run's overrides come from the common `set` (its entries that are
    /// paths: one whose key is not text is a problem and left out).
    pub common_len: usize,
    /// Every run.
    pub runs: Vec<RunSpec>,
}

/// Name of the implicit variant when a spec has none.
pub const BASE_VARIANT: &str = "base";
/// Longest run name kept whole; longer names are cut and given a hash.
const MAX_NAME_BYTES: usize = 150;

/// Most runs one spec may expand to: a batch larger than this is a typo (a sweep of 10⁶
/// points would take memory and days before the first run), and is refused before expanding.
pub const MAX_RUNS: usize = 100_000;

/// Largest spec or scenario file read, bytes: far above any real one.
pub const MAX_YAML_BYTES: u64 = 16 * 1024 * 1024;

/// The overrides written in a `set:` mapping; `label` names the mapping in messages.
fn overrides_of(map: &Mapping, label: &str, problems: &mut Vec<String>) -> Vec<Override> {
    let mut out = Vec::new();
    for (key, value) in map {
        match key.as_str() {
            Some(path) => out.push(Override {
                path: path.to_string(),
                value: value.clone(),
                origin: None,
            }),
            None => problems.push(format!(
                "{label}: {}: must be a dotted path written as text, got {}",
                show_value(key),
                show_value(value)
            )),
        }
    }
    out
}

/// Keeps letters, digits and `._=-`; everything else becomes `_`.
fn sanitise(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._=-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// FNV-1a, 64 bits: a stable hash for names and batch identities.
pub fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The label of each swept path in run names: its last part, or the whole path when two
/// swept paths end alike.
fn short_labels(paths: &[String]) -> Vec<String> {
    let last = |p: &String| p.rsplit('.').next().unwrap_or(p).to_string();
    paths
        .iter()
        .map(|p| {
            let l = last(p);
            if paths.iter().filter(|q| last(q) == l).count() > 1 {
                p.clone()
            } else {
                l
            }
        })
        .collect()
}

fn run_name(variant: &str, labels: &[String], values: &[Value]) -> String {
    let mut name = sanitise(variant);
    for (label, value) in labels.iter().zip(values) {
        name.push_str("__");
        name.push_str(&sanitise(&format!("{label}={}", show_value(value))));
    }
    if name.len() > MAX_NAME_BYTES {
        let hash = fnv1a(&name);
        name.truncate(MAX_NAME_BYTES - 17);
        name = format!("{name}-{hash:016x}");
    }
    name
}

/// Reads and expands a spec; every problem in it is listed at once.
///
/// # Errors
/// Every problem of the spec.
pub fn read(spec_file: &Path) -> Result<Batch, Vec<String>> {
    match read_with_problems(spec_file)? {
        (batch, problems) if problems.is_empty() => Ok(batch),
        (_, problems) => Err(problems),
    }
}

/// Reads and expands a spec, with the problems of the spec itself (an empty sweep list, a
/// name given twice) beside the runs it could still expand, so that the runs' own problems
/// can be listed with them.
///
/// # Errors
/// The problems, when the spec cannot be read or expanded at all.
pub fn read_with_problems(spec_file: &Path) -> Result<(Batch, Vec<String>), Vec<String>> {
    let spec_path = spec_file.display().to_string();
    if let Ok(meta) = std::fs::metadata(spec_file) {
        if meta.len() > MAX_YAML_BYTES {
            return Err(vec![format!(
                "{spec_path}: must be a batch spec of at most {MAX_YAML_BYTES} bytes, got {} \
                 bytes",
                meta.len()
            )]);
        }
    }
    let text = std::fs::read_to_string(spec_file)
        .map_err(|e| vec![format!("{spec_path}: cannot read: {e}")])?;
    let spec: BatchSpec = serde_yaml::from_str(&text).map_err(|e| {
        let at = e
            .location()
            .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
            .unwrap_or_default();
        vec![format!(
            "{spec_path}{at}: must be a batch spec (base, set, variants, sweep, solve; \
             see docs/batch.md), got: {e}"
        )]
    })?;
    let base = spec_file.parent().unwrap_or(Path::new("")).join(&spec.base);
    match expand_with_problems(spec_path, base, spec) {
        (Some(batch), problems) => Ok((batch, problems)),
        (None, problems) => Err(problems),
    }
}

/// Expands a spec into its runs, checking names, sweeps and solver settings.
///
/// # Errors
/// Every problem of the spec.
pub fn expand(spec_path: String, base: PathBuf, spec: BatchSpec) -> Result<Batch, Vec<String>> {
    match expand_with_problems(spec_path, base, spec) {
        (Some(batch), problems) if problems.is_empty() => Ok(batch),
        (_, problems) => Err(problems),
    }
}

/// [`expand`], with the runs it could expand beside the problems (none when there are too
/// many runs to expand).
fn expand_with_problems(
    spec_path: String,
    base: PathBuf,
    spec: BatchSpec,
) -> (Option<Batch>, Vec<String>) {
    let mut problems = Vec::new();
    let common = overrides_of(&spec.set, &format!("{spec_path}: set"), &mut problems);

    let mut sweep_paths = Vec::new();
    let mut sweep_values: Vec<Vec<Value>> = Vec::new();
    for (key, values) in &spec.sweep {
        let Some(path) = key.as_str() else {
            problems.push(format!(
                "{spec_path}: sweep: {}: must be a dotted path written as text",
                show_value(key)
            ));
            continue;
        };
        let list = match values {
            Value::Sequence(list) if !list.is_empty() => list.clone(),
            other => {
                problems.push(format!(
                    "{spec_path}: sweep: {path}: must be a non-empty list of values, got {}",
                    show_value(other)
                ));
                continue;
            }
        };
        let mut shown: Vec<String> = list.iter().map(show_value).collect();
        shown.sort();
        if let Some(w) = shown.windows(2).find(|w| w[0] == w[1]) {
            problems.push(format!(
                "{spec_path}: sweep: {path}: must list each value once, got {} twice",
                w[0]
            ));
        }
        sweep_paths.push(path.to_string());
        sweep_values.push(list);
    }

    let variants: Vec<(String, Vec<Override>)> = if spec.variants.is_empty() {
        vec![(BASE_VARIANT.to_string(), Vec::new())]
    } else {
        spec.variants
            .iter()
            .map(|v| {
                let label = format!("{spec_path}: variant '{}'", v.name);
                if v.name.trim().is_empty() {
                    problems.push(format!(
                        "{spec_path}: variants: name: must be a non-empty name, got \"\""
                    ));
                }
                let set = overrides_of(&v.set, &label, &mut problems);
                for o in &set {
                    if sweep_paths.contains(&o.path) {
                        problems.push(format!(
                            "{label}: {}: must not also be swept (the sweep would overwrite \
                             it), got {}",
                            o.path,
                            show_value(&o.value)
                        ));
                    }
                }
                (v.name.clone(), set)
            })
            .collect()
    };
    let mut seen = Vec::new();
    for (name, _) in &variants {
        if seen.contains(&name) {
            problems.push(format!(
                "{spec_path}: variants: name: must be unique, got '{name}' twice"
            ));
        }
        seen.push(name);
    }
    if let Some(limit) = spec.solve.time_limit_s {
        if !(limit.is_finite() && limit > 0.0) {
            problems.push(format!(
                "{spec_path}: solve.time_limit_s: must be > 0, got {limit}"
            ));
        }
    }
    if let Some(gap) = spec.solve.mip_gap {
        if !(0.0..1.0).contains(&gap) {
            problems.push(format!(
                "{spec_path}: solve.mip_gap: must be in [0, 1), got {gap}"
            ));
        }
    }
    if let Some(strategy) = &spec.solve.strategy {
        if <crate::solve::Strategy as clap::ValueEnum>::from_str(strategy, true).is_err() {
            problems.push(format!(
                "{spec_path}: solve.strategy: must be staged or plain, got {strategy}"
            ));
        }
    }

    let count = sweep_values
        .iter()
        .fold(variants.len(), |n, values| n.saturating_mul(values.len()));
    if count > MAX_RUNS {
        problems.push(format!(
            "{spec_path}: sweep: must expand to at most {MAX_RUNS} runs (split the study into \
             several specs), got {count} ({} variants × {} sweep values)",
            variants.len(),
            sweep_values
                .iter()
                .map(|v| v.len().to_string())
                .collect::<Vec<_>>()
                .join(" × ")
        ));
        return (None, problems);
    }
    let labels = short_labels(&sweep_paths);
    let points = cartesian(&sweep_values);
    let mut runs = Vec::new();
    for (variant, set) in &variants {
        for point in &points {
            let mut overrides = common.clone();
            overrides.extend(set.iter().cloned());
            let swept: Vec<(String, Value)> = sweep_paths
                .iter()
                .cloned()
                .zip(point.iter().cloned())
                .collect();
            overrides.extend(swept.iter().map(|(path, value)| Override {
                path: path.clone(),
                value: value.clone(),
                origin: None,
            }));
            runs.push(RunSpec {
                index: runs.len(),
                name: run_name(variant, &labels, point),
                variant: variant.clone(),
                swept,
                overrides,
            });
        }
    }
    // Each name given to several runs said once, with how many and which variants.
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in &runs {
        by_name
            .entry(r.name.as_str())
            .or_default()
            .push(r.variant.as_str());
    }
    for (name, variants) in by_name.iter().filter(|(_, v)| v.len() > 1) {
        problems.push(format!(
            "{spec_path}: variants and sweep: must give every run a distinct directory name, \
             got '{name}' for {} runs (variants {}; names keep only letters, digits and \
             ._=-)",
            variants.len(),
            variants
                .iter()
                .map(|v| format!("'{v}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    (
        Some(Batch {
            spec_path,
            base,
            spec,
            sweep_paths,
            common_len: common.len(),
            runs,
        }),
        problems,
    )
}

/// Every combination of one value from each list, the last list varying fastest.
fn cartesian(lists: &[Vec<Value>]) -> Vec<Vec<Value>> {
    lists.iter().fold(vec![Vec::new()], |acc, list| {
        acc.iter()
            .flat_map(|prefix| {
                list.iter().map(move |v| {
                    let mut next = prefix.clone();
                    next.push(v.clone());
                    next
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(text: &str) -> Result<Batch, Vec<String>> {
        let spec: BatchSpec = serde_yaml::from_str(text).unwrap();
        expand("b.yaml".into(), PathBuf::from("x.yaml"), spec)
    }

    #[test]
    fn variants_cross_the_sweep_in_order() {
        let b = batch(
            "base: x.yaml\nset: {horizon.hours: 24}\n\
             variants: [{name: a}, {name: b, set: {rules.grid_factor: 0.5}}]\n\
             sweep: {catalogue.pv.capex_rmb_per_kw: [1, 2], catalogue.finance.discount_rate: [0.05, 0.08]}\n",
        )
        .unwrap();
        let names: Vec<&str> = b.runs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "a__capex_rmb_per_kw=1__discount_rate=0.05",
                "a__capex_rmb_per_kw=1__discount_rate=0.08",
                "a__capex_rmb_per_kw=2__discount_rate=0.05",
                "a__capex_rmb_per_kw=2__discount_rate=0.08",
                "b__capex_rmb_per_kw=1__discount_rate=0.05",
                "b__capex_rmb_per_kw=1__discount_rate=0.08",
                "b__capex_rmb_per_kw=2__discount_rate=0.05",
                "b__capex_rmb_per_kw=2__discount_rate=0.08",
            ]
        );
        let shown: Vec<String> = b.runs[5].overrides.iter().map(|o| o.to_string()).collect();
        assert_eq!(
            shown,
            [
                "horizon.hours=24",
                "rules.grid_factor=0.5",
                "catalogue.pv.capex_rmb_per_kw=1",
                "catalogue.finance.discount_rate=0.08"
            ]
        );
        assert_eq!(b.runs[5].index, 5);
    }

    #[test]
    fn a_spec_without_variants_or_sweep_is_one_run() {
        let b = batch("base: x.yaml\n").unwrap();
        assert_eq!(b.runs.len(), 1);
        assert_eq!(b.runs[0].name, BASE_VARIANT);
    }

    #[test]
    fn problems_are_all_reported() {
        let e = batch(
            "base: x.yaml\nvariants: [{name: a, set: {s.x: 1}}, {name: a}]\n\
             sweep: {s.x: [1, 1], t: 3}\nsolve: {mip_gap: 2, strategy: fast}\n",
        )
        .unwrap_err();
        let all = e.join("\n");
        for needle in [
            "sweep: s.x: must list each value once, got 1 twice",
            "sweep: t: must be a non-empty list of values, got 3",
            "variant 'a': s.x: must not also be swept",
            "must be unique, got 'a' twice",
            "solve.mip_gap",
            "solve.strategy",
        ] {
            assert!(all.contains(needle), "{needle} not in\n{all}");
        }
    }

    #[test]
    fn same_ending_paths_keep_their_full_name_and_long_names_are_hashed() {
        let b = batch(
            "base: x.yaml\nsweep: {catalogue.pv.capex_rmb_per_kw: [1], catalogue.wind.capex_rmb_per_kw: [2]}\n",
        )
        .unwrap();
        assert_eq!(
            b.runs[0].name,
            "base__catalogue.pv.capex_rmb_per_kw=1__catalogue.wind.capex_rmb_per_kw=2"
        );
        let long = "x".repeat(400);
        let b = batch(&format!("base: x.yaml\nvariants: [{{name: {long}}}]\n")).unwrap();
        assert_eq!(b.runs[0].name.len(), MAX_NAME_BYTES);
    }
}
