//! Many runs of one scenario: `zcpark batch SPEC.yaml --out DIR`.
//!
//! A batch spec ([`spec`]) names a base scenario, overrides, variants and a sweep; every run
//! is checked before any starts ([`validate`]); the runs of this shard ([`shard`]) are run as
//! `zcpark plan` child processes, several at a time ([`run`]), each into
//! `DIR/runs/<name>/` with a `run.json` ([`record`]); at the end `summary.csv` and
//! `summary.xlsx` ([`summary`]) are rebuilt from the run directories. `--resume` skips runs whose `plan.json` is complete.
//! `zcpark merge` ([`merge`]) joins the output directories of shards.
//!
//! Exit codes: 0 every run found a plan, 1 some run failed (infeasible, no solution in time,
//! error), 2 the spec or the options are wrong (nothing was run), 130 stopped by Ctrl-C or
//! SIGTERM ([`interrupt`]: the summary lists the runs not finished; `--resume` goes on).

pub mod interrupt;
pub mod merge;
pub mod progress;
pub mod record;
pub mod run;
pub mod shard;
pub mod spec;
pub mod summary;
pub mod table;
pub mod validate;

use crate::commands::EXIT_INPUT;
use record::{is_complete, read_run, RunManifest, RunRecord, RUNS_DIR};
use run::{run_pool_until, Event, Launch};
use shard::Shard;
use spec::{fnv1a, Batch, RunSpec};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use summary::{status_of, summary_table, SUMMARY_CSV};

/// Exit code when some runs failed.
pub const EXIT_SOME_FAILED: i32 = 1;

/// The options of `zcpark batch`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct BatchOptions {
    /// The batch spec YAML (base scenario, set, variants, sweep, solve; see docs/batch.md).
    pub spec: PathBuf,
    /// Output directory: runs/<name>/ per run, summary.csv and summary.xlsx.
    #[arg(long)]
    pub out: PathBuf,
    /// Runs at a time [default: the cores].
    #[arg(long)]
    pub jobs: Option<usize>,
    /// HiGHS threads per run [default: max(1, cores / jobs)].
    #[arg(long)]
    pub threads: Option<u32>,
    /// Skip runs whose plan.json is complete (from an earlier, interrupted batch).
    #[arg(long)]
    pub resume: bool,
    /// Run only shard K/N (0 <= K < N): the runs with index i mod N = K [default: from
    /// SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX, else the whole batch].
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// N when K comes from JOB_COMPLETION_INDEX (Kubernetes) [default: ZCPARK_SHARD_COUNT].
    #[arg(long, value_name = "N")]
    pub shard_count: Option<usize>,
    /// Wall-clock limit for each solve, seconds (over the spec's solve.time_limit_s).
    #[arg(long = "time-limit", value_name = "SECONDS")]
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap (over the spec's solve.mip_gap).
    #[arg(long)]
    pub mip_gap: Option<f64>,
    /// Check the spec and list this shard's runs, without running them.
    #[arg(long)]
    pub dry_run: bool,
    /// Plan every run on N typical days, each checked on the full year (the same as adding
    /// horizon.typical_days=N to the spec's `set`).
    #[arg(long, value_name = "N")]
    pub typical_days: Option<usize>,
}

/// Why a batch could not start.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The spec or options have problems; every one is listed.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
    /// An output could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> BatchError + '_ {
    move |source| BatchError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What a batch did.
#[derive(Debug, Clone)]
pub struct BatchOutcome {
    /// The shard run.
    pub shard: Shard,
    /// Runs of this shard.
    pub runs: usize,
    /// Of which complete before this call (`--resume`).
    pub skipped: usize,
    /// Runs that found no plan, with the reason (not those a stop left unfinished).
    pub failed: Vec<(String, String)>,
    /// Runs not finished because the batch was stopped (Ctrl-C or SIGTERM); 0 otherwise.
    pub not_finished: usize,
    /// Whether the batch was stopped by Ctrl-C or SIGTERM.
    pub interrupted: bool,
    /// The summary written.
    pub summary: PathBuf,
}

/// A stable identity of the batch: its base and every run's overrides.
fn batch_id(batch: &Batch) -> String {
    let mut text = batch.base.display().to_string();
    for run in &batch.runs {
        text.push('\n');
        text.push_str(&run.name);
        for o in &run.overrides {
            text.push('\t');
            text.push_str(&o.to_string());
        }
    }
    format!("{:016x}", fnv1a(&text))
}

/// Reads and checks the spec and the shard; every problem at once.
pub fn prepare(options: &BatchOptions) -> Result<(Batch, Shard, Option<String>), BatchError> {
    // The spec's own problems are listed with its runs' (a run is checked even when, say,
    // another variant's name is given twice).
    let (mut batch, spec_problems) =
        spec::read_with_problems(&options.spec).map_err(BatchError::Invalid)?;
    if let Some(days) = options.typical_days {
        // Into the spec's `set`, as its help says: validated with it (aggregation options in
        // `set` need it), and a variant or sweep that sets the days still wins.
        let days = crate::scenario::overrides::typical_days_override(days);
        let at = batch.common_len;
        let key = serde_yaml::Value::from(days.path.clone());
        let given = batch.spec.set.contains_key(&key);
        batch.spec.set.insert(key, days.value.clone());
        for run in &mut batch.runs {
            match run.overrides[..at].iter_mut().find(|o| o.path == days.path) {
                Some(o) if given => o.value = days.value.clone(),
                _ => run.overrides.insert(at, days.clone()),
            }
        }
        if !given {
            batch.common_len += 1;
        }
    }
    let (shard, note) = Shard::resolve(options.shard.as_deref(), options.shard_count, |name| {
        std::env::var(name).ok()
    })
    .map_err(|e| BatchError::Invalid(vec![e.to_string()]))?;
    let mut problems = spec_problems;
    problems.extend(validate::validate(&batch));
    if options.jobs == Some(0) {
        problems.push("--jobs: must be >= 1, got 0".into());
    }
    if options.threads == Some(0) {
        problems.push("--threads: must be >= 1, got 0".into());
    }
    if problems.is_empty() {
        Ok((batch, shard, note))
    } else {
        Err(BatchError::Invalid(problems))
    }
}

/// `1 run`, `4 runs`.
pub(crate) fn runs_word(n: usize) -> String {
    if n == 1 {
        "1 run".into()
    } else {
        format!("{n} runs")
    }
}

/// The file name of this shard's summary: `summary.csv` for a whole batch.
pub fn summary_name(shard: Shard) -> String {
    if shard.is_whole() {
        SUMMARY_CSV.to_string()
    } else {
        format!("summary.shard-{}-of-{}.csv", shard.index, shard.count)
    }
}

/// Runs the runs of `shard` (those not complete, with `resume`) and writes the summary.
pub fn run_batch(
    options: &BatchOptions,
    batch: &Batch,
    shard: Shard,
) -> Result<BatchOutcome, BatchError> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let base = std::fs::canonicalize(&batch.base).map_err(io_error(&batch.base))?;
    let exe = std::env::current_exe().map_err(io_error(Path::new("zcpark")))?;
    let id = batch_id(batch);
    let runs_dir = options.out.join(RUNS_DIR);
    std::fs::create_dir_all(&runs_dir).map_err(io_error(&runs_dir))?;
    // The summary of an earlier run into this directory goes first: a batch interrupted
    // before it writes its own would leave one that contradicts the runs (rows of runs
    // solved again since, or removed).
    let summary = options.out.join(summary_name(shard));
    // A shard also removes a merged summary in its directory: its runs change under it.
    let merged = options.out.join(SUMMARY_CSV);
    for file in [
        summary.clone(),
        summary.with_extension("xlsx"),
        merged.with_extension("xlsx"),
        merged,
        options.out.join("report.html"),
    ] {
        crate::report::atomic::remove_if_present(&file).map_err(io_error(&file))?;
    }
    // The temporary files of this shard's own summary (a batch ended by a second Ctrl-C
    // while writing it leaves one); another shard's are its own.
    let own = if shard.is_whole() {
        vec![
            SUMMARY_CSV.to_string(),
            "summary.xlsx".into(),
            "report.html".into(),
        ]
    } else {
        let csv = summary_name(shard);
        vec![csv.replace(".csv", ".xlsx"), csv]
    };
    remove_temporaries_of(&options.out, &own).map_err(io_error(&options.out))?;

    let jobs = options.jobs.unwrap_or(cores).max(1);
    let launch = Launch {
        exe,
        base: base.clone(),
        threads: options
            .threads
            .unwrap_or_else(|| (cores / jobs).max(1) as u32),
        time_limit_s: options.time_limit_s.or(batch.spec.solve.time_limit_s),
        mip_gap: options.mip_gap.or(batch.spec.solve.mip_gap),
        strategy: batch.spec.solve.strategy.clone(),
    };
    let mine: Vec<(&RunSpec, RunManifest, PathBuf)> = batch
        .runs
        .iter()
        .filter(|r| shard.owns(r.index))
        .map(|r| {
            let manifest = RunManifest::new(r, batch.runs.len(), &id, &batch.spec_path, &base)
                .solved_with(launch.settings());
            (r, manifest, runs_dir.join(&r.name))
        })
        .collect();
    // Each run checked once (the check reads and hashes its input files).
    let complete: Vec<bool> = mine
        .iter()
        .map(|(_, manifest, dir)| options.resume && is_complete(dir, manifest))
        .collect();
    let to_run: Vec<&(&RunSpec, RunManifest, PathBuf)> = mine
        .iter()
        .zip(&complete)
        .filter(|(_, done)| !**done)
        .map(|(run, _)| run)
        .collect();
    let skipped = mine.len() - to_run.len();
    for ((_, _, dir), _) in mine.iter().zip(&complete).filter(|(_, done)| **done) {
        record::remove_temporaries(dir).map_err(io_error(dir))?;
    }
    // Without --resume every run is solved again: the earlier outputs go now, so a batch
    // stopped half-way leaves none for a later --resume to take as this batch's.
    if !options.resume {
        for (_, _, dir) in mine.iter().filter(|(_, _, dir)| dir.is_dir()) {
            record::clear_run_dir(dir).map_err(io_error(dir))?;
        }
    }

    let stop = interrupt::watch().map_err(io_error(Path::new("signal handlers")))?;
    let mut display = progress::BatchProgress::new(to_run.len(), skipped);
    let mut run_errors: BTreeMap<PathBuf, String> = BTreeMap::new();
    // Runs to run that ended (with an outcome or an error); after a stop, the others read
    // as not run whatever their directory holds from an earlier batch.
    let mut ended: BTreeSet<PathBuf> = BTreeSet::new();
    run_pool_until(
        jobs,
        &to_run,
        &stop,
        |(run, manifest, dir)| launch.execute(run, manifest, dir, &stop),
        |event| match event {
            Event::Started(i) => display.started(&to_run[i].0.name),
            Event::Finished(i, result) => {
                let (run, _, dir) = to_run[i];
                let ok = match result {
                    Ok(None) => false,
                    Ok(Some(outcome)) => {
                        ended.insert(dir.clone());
                        outcome.exit_code == Some(0)
                    }
                    Err(e) => {
                        ended.insert(dir.clone());
                        run_errors.insert(dir.clone(), format!("{}: {e}", dir.display()));
                        false
                    }
                };
                display.finished(&run.name, ok);
            }
        },
    );
    display.finish();

    let not_ended: BTreeSet<&PathBuf> = to_run
        .iter()
        .map(|(_, _, dir)| dir)
        .filter(|dir| !ended.contains(*dir))
        .collect();
    let records: Vec<RunRecord> = mine
        .iter()
        .map(|(_, manifest, dir)| {
            let blank = || RunRecord {
                dir: dir.clone(),
                manifest: manifest.clone(),
                plan: None,
                outcome: None,
            };
            if not_ended.contains(dir) {
                return blank();
            }
            let mut record = read_run(dir)
                .filter(|r| r.manifest.same_run(manifest))
                .unwrap_or_else(blank);
            if record.plan.is_none() {
                if let Some(e) = run_errors.get(dir) {
                    record.outcome = Some(record::ProcessOutcome {
                        exit_code: None,
                        wall_seconds: 0.0,
                        error: Some(format!("cannot run: {e}")),
                    });
                }
            }
            record
        })
        .collect();
    let stopped = stop.load(std::sync::atomic::Ordering::SeqCst);
    let not_ok: Vec<(String, summary::RunStatus)> = records
        .iter()
        .map(|r| (r.manifest.name.clone(), status_of(r)))
        .filter(|(_, s)| !s.ok)
        .collect();
    let (unfinished, failed): (Vec<_>, Vec<_>) = not_ok
        .into_iter()
        .partition(|(_, s)| stopped && s.status == summary::NOT_RUN);
    let interrupted = stopped && !unfinished.is_empty();
    let failed = failed
        .into_iter()
        .map(|(name, s)| (name, format!("{}: {}", s.status, s.reason)))
        .collect();
    let table = summary_table(&records, &batch.sweep_paths);
    summary::write_summary(&summary, &table)?;
    if shard.is_whole() {
        // The batch's report.html: its table and each run's annual cost.
        crate::report::rebuild::rebuild(
            &options.out,
            &crate::report::rebuild::written_options(&options.out),
        )
        .map_err(|e| BatchError::Io {
            path: options.out.join("report.html").display().to_string(),
            source: std::io::Error::other(e.to_string()),
        })?;
    }
    Ok(BatchOutcome {
        shard,
        runs: mine.len(),
        skipped,
        failed,
        not_finished: unfinished.len(),
        interrupted,
        summary,
    })
}

/// Removes `.NAME.tmp-*` files of interrupted atomic writes of `names` from `dir`.
fn remove_temporaries_of(dir: &Path, names: &[String]) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if names
            .iter()
            .any(|name| file.starts_with(&format!(".{name}.tmp-")))
        {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// The command that goes on with a stopped batch: `args` (this process's own, program
/// first, so the same binary, settings and overrides, which `--resume` compares) with
/// `--resume`, and `--shard K/N` when the shard came from the environment. Arguments a
/// shell would split or expand are single-quoted.
fn resume_command(mut args: Vec<String>, shard: Shard, options: &BatchOptions) -> String {
    if !args.iter().any(|a| a == "--resume") {
        args.push("--resume".into());
    }
    if !shard.is_whole() && options.shard.is_none() {
        args.extend(["--shard".into(), shard.to_string()]);
    }
    let quoted = args.iter().map(|a| {
        let plain = !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_./=:,+-@%".contains(c));
        if plain {
            a.clone()
        } else {
            format!("'{}'", a.replace('\'', "'\\''"))
        }
    });
    quoted.collect::<Vec<_>>().join(" ")
}

/// `zcpark batch`: returns the exit code (0 all ok, 1 some failed, 2 bad input).
pub fn command(options: &BatchOptions) -> i32 {
    let (batch, shard, note) = match prepare(options) {
        Ok(prepared) => prepared,
        Err(BatchError::Invalid(problems)) => {
            eprintln!("error: {} problem(s) in the batch:", problems.len());
            for p in &problems {
                eprintln!("  {p}");
            }
            return EXIT_INPUT;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_INPUT;
        }
    };
    if let Some(note) = note {
        eprintln!("{note}");
    }
    if options.dry_run {
        let mine: Vec<&RunSpec> = batch.runs.iter().filter(|r| shard.owns(r.index)).collect();
        crate::outln!(
            "{}: valid: {}, {} in shard {shard}",
            batch.spec_path,
            runs_word(batch.runs.len()),
            mine.len()
        );
        for run in mine {
            let shown: Vec<String> = run.overrides.iter().map(|o| o.to_string()).collect();
            crate::outln!("  {:>4} {}  {}", run.index, run.name, shown.join(" "));
        }
        return 0;
    }
    match run_batch(options, &batch, shard) {
        Ok(outcome) => {
            crate::outln!(
                "batch {}: {}{} ({} done before), {} ok, {} failed{}; summary: {}",
                batch.spec_path,
                runs_word(outcome.runs),
                if shard.is_whole() {
                    String::new()
                } else {
                    format!(" in shard {shard}")
                },
                outcome.skipped,
                outcome.runs - outcome.failed.len() - outcome.not_finished,
                outcome.failed.len(),
                if outcome.interrupted {
                    format!(", {} not finished", outcome.not_finished)
                } else {
                    String::new()
                },
                outcome.summary.display()
            );
            for (name, reason) in &outcome.failed {
                crate::outln!("  failed: {name}: {reason}");
            }
            if outcome.interrupted {
                eprintln!(
                    "interrupted: {} of {} not finished ({} in {}); go on with: {}",
                    outcome.not_finished,
                    runs_word(outcome.runs),
                    summary::NOT_RUN,
                    outcome.summary.display(),
                    resume_command(std::env::args().collect(), shard, options)
                );
                interrupt::EXIT_INTERRUPTED
            } else if outcome.failed.is_empty() {
                0
            } else {
                EXIT_SOME_FAILED
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_SOME_FAILED
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|a| a.to_string()).collect()
    }

    /// The command printed after a stop repeats the program as it was called and the
    /// settings (a `--time-limit` left out would make `--resume` solve every finished run
    /// again), quotes what a shell would split, adds `--resume` once, and names a shard that
    /// came from the environment.
    #[test]
    fn resume_command_repeats_the_batch_with_resume() {
        let whole = Shard { index: 0, count: 1 };
        let options = BatchOptions::default();
        assert_eq!(
            resume_command(
                args(&[
                    "zcpark",
                    "batch",
                    "b.yaml",
                    "--out",
                    "my out",
                    "--time-limit",
                    "600"
                ]),
                whole,
                &options
            ),
            "zcpark batch b.yaml --out 'my out' --time-limit 600 --resume"
        );
        assert_eq!(
            resume_command(
                args(&["zcpark", "batch", "it's.yaml", "--out", "o", "--resume"]),
                whole,
                &options
            ),
            "zcpark batch 'it'\\''s.yaml' --out o --resume"
        );
        let from_slurm = Shard { index: 2, count: 4 };
        assert_eq!(
            resume_command(
                args(&["./zcpark", "batch", "b.yaml", "--out", "o"]),
                from_slurm,
                &options
            ),
            "./zcpark batch b.yaml --out o --resume --shard 2/4"
        );
        let given = BatchOptions {
            shard: Some("2/4".into()),
            ..BatchOptions::default()
        };
        assert_eq!(
            resume_command(
                args(&["zcpark", "batch", "b.yaml", "--out", "o", "--shard", "2/4"]),
                from_slurm,
                &given
            ),
            "zcpark batch b.yaml --out o --shard 2/4 --resume"
        );
    }
}
