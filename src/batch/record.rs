//! What a run directory holds besides the plan outputs: `run.json` (which run this is,
//! written before the run starts) and `outcome.json` (how the child process ended, written
//! after it exits), and reading a run directory back.
//!
//! A run is complete when its `plan.json` parses and its `run.json` names the same run:
//! `plan.json` is the last file a plan writes, atomically, so a batch killed at any moment
//! leaves either a whole `plan.json` or none.

use super::spec::RunSpec;
use crate::report::atomic::write_atomic;
use crate::report::files::PLAN_JSON;
use crate::scenario::overrides::Override;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Name of the run identity file.
pub const RUN_JSON: &str = "run.json";
/// Name of the process outcome file.
pub const OUTCOME_JSON: &str = "outcome.json";
/// Name of the child's standard error.
pub const RUN_LOG: &str = "run.log";
/// Folder of the run directories inside a batch output directory.
pub const RUNS_DIR: &str = "runs";

/// `run.json`: which run of which batch a directory holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunManifest {
    /// The run's name (also the directory's).
    pub name: String,
    /// Its variant.
    pub variant: String,
    /// Position in the batch's run list (0-based).
    pub index: usize,
    /// Runs in the whole batch.
    pub total_runs: usize,
    /// Identity of the batch (a hash of the base and every run's overrides).
    pub batch_id: String,
    /// The batch spec file.
    pub spec: String,
    /// The base scenario as passed to `zcpark plan`.
    pub base: String,
    /// Swept paths and values, in sweep order (values as JSON).
    pub swept: Vec<(String, serde_json::Value)>,
    /// Every override, as `path=value`.
    pub overrides: Vec<String>,
    /// The solve's settings that can change its answer (`time_limit_s=…`, `mip_gap=…`,
    /// `strategy=…`): a run solved under others is not the run `--resume` is asked for (a
    /// run that found nothing in 0.5 s was kept when resumed with 120 s). Empty in a
    /// `run.json` written before they were recorded.
    #[serde(default)]
    pub solve: Vec<String>,
}

impl RunManifest {
    /// The manifest of `run` in a batch of `total_runs`.
    pub fn new(run: &RunSpec, total_runs: usize, batch_id: &str, spec: &str, base: &Path) -> Self {
        Self {
            name: run.name.clone(),
            variant: run.variant.clone(),
            index: run.index,
            total_runs,
            batch_id: batch_id.to_string(),
            spec: spec.to_string(),
            base: base.display().to_string(),
            swept: run
                .swept
                .iter()
                .map(|(p, v)| (p.clone(), serde_json::to_value(v).unwrap_or_default()))
                .collect(),
            overrides: run.overrides.iter().map(Override::to_string).collect(),
            solve: Vec::new(),
        }
    }

    /// This manifest with the solve's settings `solve` recorded.
    pub fn solved_with(self, solve: Vec<String>) -> Self {
        Self { solve, ..self }
    }

    /// True when `other` describes the same run (same base and overrides).
    pub fn same_run(&self, other: &RunManifest) -> bool {
        self.name == other.name
            && self.base == other.base
            && self.overrides == other.overrides
            && self.solve == other.solve
    }
}

/// `outcome.json`: how the `zcpark plan` child ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessOutcome {
    /// Exit code; None when killed by a signal.
    pub exit_code: Option<i32>,
    /// Wall time of the child process, seconds.
    pub wall_seconds: f64,
    /// Last lines of its standard error, when it failed.
    pub error: Option<String>,
}

/// A run directory read back.
#[derive(Debug, Clone)]
pub struct RunRecord {
    /// The directory.
    pub dir: PathBuf,
    /// Its `run.json`.
    pub manifest: RunManifest,
    /// Its `plan.json`, when complete.
    pub plan: Option<serde_json::Value>,
    /// Its `outcome.json`, when the child ended.
    pub outcome: Option<ProcessOutcome>,
}

/// Writes `value` as pretty JSON, atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let text = crate::report::files::json_pretty(value).map_err(std::io::Error::other)?;
    write_atomic(path, text.as_bytes())
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Option<T> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// Reads a run directory; None when it has no readable `run.json`.
pub fn read_run(dir: &Path) -> Option<RunRecord> {
    let manifest: RunManifest = read_json(&dir.join(RUN_JSON))?;
    Some(RunRecord {
        dir: dir.to_path_buf(),
        plan: read_json(&dir.join(PLAN_JSON)),
        outcome: read_json(&dir.join(OUTCOME_JSON)),
        manifest,
    })
}

/// True when `dir` holds a complete run of `manifest` whose input files are as they were:
/// its `plan.json` parses, `run.json` names the same run, and every file its provenance lists
/// (the base scenario, its series, weather, a catalogue file) still has the same SHA-256. A
/// base scenario or a series edited since would otherwise leave its old results standing.
pub fn is_complete(dir: &Path, manifest: &RunManifest) -> bool {
    read_run(dir).is_some_and(|r| {
        r.manifest.same_run(manifest) && r.plan.as_ref().is_some_and(inputs_unchanged)
    })
}

/// SHA-256 of the file at `path`, hex; None when it cannot be read. Cached by path, size and
/// modification time: the runs of a batch share their input files (a weather file of tens of
/// MB would otherwise be hashed again for every run).
fn sha256_of(path: &str) -> Option<String> {
    type Key = (String, u64, Option<std::time::SystemTime>);
    static CACHE: std::sync::Mutex<Vec<(Key, String)>> = std::sync::Mutex::new(Vec::new());
    let meta = std::fs::metadata(path).ok()?;
    let key: Key = (path.to_string(), meta.len(), meta.modified().ok());
    if let Some((_, sha)) = CACHE.lock().ok()?.iter().find(|(k, _)| *k == key) {
        return Some(sha.clone());
    }
    let sha = crate::scenario::provenance::sha256_hex(&std::fs::read(path).ok()?);
    CACHE.lock().ok()?.push((key, sha.clone()));
    Some(sha)
}

/// True when every input file `plan` records (`provenance.inputs`, paths as the run resolved
/// them: absolute for a batch, whose base is made absolute) has the bytes it had; embedded
/// files are not checked, and a file that cannot be read counts as changed. (A `plan.json`
/// of a version without provenance is taken as it is.)
fn inputs_unchanged(plan: &serde_json::Value) -> bool {
    plan["provenance"]["inputs"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|file| {
            let path = file["path"].as_str().unwrap_or("");
            if path.contains("(embedded)") {
                return true;
            }
            sha256_of(path).is_some_and(|sha| Some(sha.as_str()) == file["sha256"].as_str())
        })
}

/// Every run directory under `batch_dir/runs`, in name order.
pub fn read_runs(batch_dir: &Path) -> std::io::Result<Vec<RunRecord>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(batch_dir.join(RUNS_DIR))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    Ok(dirs.iter().filter_map(|d| read_run(d)).collect())
}

/// Clears what a previous attempt left in a run directory, `plan.json` first (so that the
/// directory never claims to be complete for a run it does not hold), then the outcome and
/// any temporary files of an interrupted atomic write.
pub fn clear_run_dir(dir: &Path) -> std::io::Result<()> {
    for name in [PLAN_JSON, OUTCOME_JSON] {
        crate::report::atomic::remove_if_present(&dir.join(name))?;
    }
    remove_temporaries(dir)
}

/// Removes the temporary files of interrupted atomic writes from a run directory (a batch
/// killed while writing `outcome.json` after its run had finished leaves one beside a
/// complete `plan.json`). A run directory belongs to one batch process at a time (one shard
/// owns each run), so no write in progress is touched.
pub fn remove_temporaries(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.contains(".tmp-") {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}
