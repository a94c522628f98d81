//! `zcpark merge DIRS... --out DIR`: joins the run directories of several batch outputs
//! (the shards of one batch, or several batches) into one `summary.csv` (and
//! `summary.xlsx`).
//!
//! Runs are matched by name. The same run found twice (a shard rerun, or a directory given
//! twice) is kept once, preferring a complete copy; two copies whose results disagree, or two
//! different runs under one name, are conflicts and nothing is written. Runs of a batch that
//! are in none of the directories are listed as missing.

use super::record::{read_runs, RunRecord};
use super::summary::{status_of, summary_table, write_summary, SUMMARY_CSV};
use super::BatchError;
use crate::commands::EXIT_INPUT;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Largest relative difference between two copies' objectives still taken as the same result.
const SAME_OBJECTIVE_REL: f64 = 1e-6;

/// What a merge found.
#[derive(Debug, Clone)]
pub struct MergeOutcome {
    /// Runs in the merged summary.
    pub runs: usize,
    /// Runs in the merged summary with no plan (failed, or started and not finished), each
    /// as `name: status: reason`.
    pub failed: Vec<String>,
    /// Notes on copies of a run found more than once.
    pub duplicates: Vec<String>,
    /// Runs of the batches found that are in no directory, one line per batch.
    pub missing: Vec<String>,
    /// The summary written.
    pub summary: PathBuf,
}

fn objective(record: &RunRecord) -> Option<f64> {
    record.plan.as_ref()?["objective_rmb_per_yr"].as_f64()
}

/// Why two copies of the same run disagree, if they do.
fn disagreement(a: &RunRecord, b: &RunRecord) -> Option<String> {
    if !a.manifest.same_run(&b.manifest) {
        return Some(format!(
            "different runs under one name (overrides {:?} vs {:?}, base {} vs {}, solve \
             settings {:?} vs {:?})",
            a.manifest.overrides,
            b.manifest.overrides,
            a.manifest.base,
            b.manifest.base,
            a.manifest.solve,
            b.manifest.solve
        ));
    }
    let (sa, sb) = (status_of(a), status_of(b));
    if a.plan.is_none() || b.plan.is_none() {
        return None;
    }
    let same = match (objective(a), objective(b)) {
        (Some(x), Some(y)) => (x - y).abs() <= SAME_OBJECTIVE_REL * x.abs().max(y.abs()).max(1.0),
        (None, None) => true,
        _ => false,
    };
    (sa.status != sb.status || !same).then(|| {
        format!(
            "results differ ({} {:?} vs {} {:?})",
            sa.status,
            objective(a),
            sb.status,
            objective(b)
        )
    })
}

/// Merges the batch output directories `inputs` into `out/summary.csv` and
/// `out/summary.xlsx`.
pub fn merge(inputs: &[PathBuf], out: &Path) -> Result<MergeOutcome, BatchError> {
    let mut problems = Vec::new();
    let mut kept: Vec<RunRecord> = Vec::new();
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    let mut duplicates = Vec::new();
    for input in inputs {
        let records = match read_runs(input) {
            Ok(records) => records,
            Err(e) => {
                problems.push(format!(
                    "{}: must be a batch output directory (with runs/), got: {e}",
                    input.display()
                ));
                continue;
            }
        };
        for record in records {
            let name = record.manifest.name.clone();
            let Some(&at) = by_name.get(&name) else {
                by_name.insert(name, kept.len());
                kept.push(record);
                continue;
            };
            let first = &kept[at];
            if let Some(why) = disagreement(first, &record) {
                problems.push(format!(
                    "run '{name}': {} and {} conflict: {why}",
                    first.dir.display(),
                    record.dir.display()
                ));
                continue;
            }
            duplicates.push(format!(
                "run '{name}' is in both {} and {}",
                first.dir.display(),
                record.dir.display()
            ));
            if first.plan.is_none() && record.plan.is_some() {
                kept[at] = record;
            }
        }
    }
    if !problems.is_empty() {
        return Err(BatchError::Invalid(problems));
    }

    // Order: batches as first met, then run index.
    let mut batches: Vec<(String, usize, String)> = Vec::new();
    for r in &kept {
        if !batches.iter().any(|(id, _, _)| *id == r.manifest.batch_id) {
            batches.push((
                r.manifest.batch_id.clone(),
                r.manifest.total_runs,
                r.manifest.spec.clone(),
            ));
        }
    }
    let batch_rank = |id: &str| batches.iter().position(|(b, _, _)| b == id);
    kept.sort_by_key(|r| (batch_rank(&r.manifest.batch_id), r.manifest.index));
    let missing = batches
        .iter()
        .filter_map(|(id, total, spec)| {
            let have: Vec<usize> = kept
                .iter()
                .filter(|r| &r.manifest.batch_id == id)
                .map(|r| r.manifest.index)
                .collect();
            let absent: Vec<String> = (0..*total)
                .filter(|i| !have.contains(i))
                .map(|i| i.to_string())
                .collect();
            (!absent.is_empty()).then(|| {
                format!(
                    "batch {id} ({spec}): {} of {total} runs missing (indexes {})",
                    absent.len(),
                    absent.join(", ")
                )
            })
        })
        .collect();

    let mut sweep_paths: Vec<String> = Vec::new();
    for r in &kept {
        for (path, _) in &r.manifest.swept {
            if !sweep_paths.contains(path) {
                sweep_paths.push(path.clone());
            }
        }
    }
    std::fs::create_dir_all(out).map_err(|source| BatchError::Io {
        path: out.display().to_string(),
        source,
    })?;
    let summary = out.join(SUMMARY_CSV);
    let table = summary_table(&kept, &sweep_paths);
    write_summary(&summary, &table)?;
    crate::report::rebuild::rebuild(out, &crate::report::rebuild::written_options(out)).map_err(
        |e| BatchError::Io {
            path: out.join("report.html").display().to_string(),
            source: std::io::Error::other(e.to_string()),
        },
    )?;
    Ok(MergeOutcome {
        runs: kept.len(),
        failed: kept
            .iter()
            .map(|r| (r.manifest.name.clone(), status_of(r)))
            .filter(|(_, s)| !s.ok)
            .map(|(name, s)| format!("{name}: {}: {}", s.status, s.reason))
            .collect(),
        duplicates,
        missing,
        summary,
    })
}

/// `zcpark merge`: 0 every run present and ok, 1 some missing or failed, 2 conflicts or
/// unreadable directories (nothing written).
pub fn command(inputs: &[PathBuf], out: &Path) -> i32 {
    match merge(inputs, out) {
        Ok(m) => {
            crate::outln!(
                "merged {} ({} without a plan) into {}",
                super::runs_word(m.runs),
                m.failed.len(),
                m.summary.display()
            );
            for note in &m.failed {
                crate::outln!("  no plan: {note}");
            }
            for note in &m.duplicates {
                crate::outln!("  duplicate: {note}");
            }
            for note in &m.missing {
                crate::outln!("  missing: {note}");
            }
            if !m.failed.is_empty() || !m.missing.is_empty() {
                super::EXIT_SOME_FAILED
            } else {
                0
            }
        }
        Err(BatchError::Invalid(problems)) => {
            eprintln!("error: {} problem(s); nothing written:", problems.len());
            for p in &problems {
                eprintln!("  {p}");
            }
            EXIT_INPUT
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_INPUT
        }
    }
}
