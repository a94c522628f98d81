//! Running the runs: each is a `zcpark plan` child process of the same binary, several at a
//! time.
//!
//! A child per run keeps runs apart: HiGHS's global thread pool and memory go away with the
//! process, a crash or a kill loses only that run, and the child writes its outputs with the
//! same atomic writes as `zcpark plan --out`.

use super::record::{
    clear_run_dir, write_json, ProcessOutcome, RunManifest, OUTCOME_JSON, RUN_JSON, RUN_LOG,
};
use super::spec::RunSpec;
use crate::report::files::PLAN_JSON;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How each child is started.
#[derive(Debug, Clone)]
pub struct Launch {
    /// The `zcpark` binary.
    pub exe: PathBuf,
    /// The base scenario.
    pub base: PathBuf,
    /// HiGHS threads per run.
    pub threads: u32,
    /// Time limit of each solve, seconds.
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap.
    pub mip_gap: Option<f64>,
    /// `staged` or `plain`.
    pub strategy: Option<String>,
}

/// Longest error text kept from a failed child's standard error, bytes.
const ERROR_TAIL_BYTES: usize = 600;

/// How often a running child is looked at for its end or a stop, ms.
const POLL_MS: u64 = 50;

impl Launch {
    /// The settings that can change a run's answer, as `run.json` records them (the
    /// threads only change how fast it comes).
    pub fn settings(&self) -> Vec<String> {
        let mut settings = Vec::new();
        if let Some(t) = self.time_limit_s {
            settings.push(format!("time_limit_s={t}"));
        }
        if let Some(g) = self.mip_gap {
            settings.push(format!("mip_gap={g}"));
        }
        if let Some(s) = &self.strategy {
            settings.push(format!("strategy={}", s.to_lowercase()));
        }
        settings
    }

    /// The arguments of `zcpark plan` for `run`, writing into `dir`.
    pub fn arguments(&self, run: &RunSpec, dir: &Path) -> Vec<String> {
        let mut args = vec!["plan".to_string(), self.base.display().to_string()];
        for o in &run.overrides {
            args.push("--set".into());
            args.push(o.to_string());
        }
        args.extend([
            "--out".into(),
            dir.display().to_string(),
            "--format".into(),
            "json".into(),
            "--threads".into(),
            self.threads.to_string(),
        ]);
        if let Some(t) = self.time_limit_s {
            args.extend(["--time-limit".into(), t.to_string()]);
        }
        if let Some(g) = self.mip_gap {
            args.extend(["--mip-gap".into(), g.to_string()]);
        }
        if let Some(s) = &self.strategy {
            args.extend(["--strategy".into(), s.to_lowercase()]);
        }
        args
    }

    /// Runs `run` in `dir`: clears the directory, writes `run.json`, runs the child with
    /// its standard error in `run.log`, and writes `outcome.json`.
    ///
    /// When `stop` is set before the child starts, or while it runs and before it has
    /// written its `plan.json`, the child is killed and `None` is returned with no
    /// `outcome.json` written: the run reads as not finished, and `--resume` runs it.
    pub fn execute(
        &self,
        run: &RunSpec,
        manifest: &RunManifest,
        dir: &Path,
        stop: &AtomicBool,
    ) -> std::io::Result<Option<ProcessOutcome>> {
        if stop.load(Ordering::SeqCst) {
            // Taken from the pool just as the stop came: its directory stays as it was.
            return Ok(None);
        }
        std::fs::create_dir_all(dir)?;
        clear_run_dir(dir)?;
        write_json(&dir.join(RUN_JSON), manifest)?;
        let log = std::fs::File::create(dir.join(RUN_LOG))?;
        let started = Instant::now();
        let mut child = Command::new(&self.exe);
        child
            .args(self.arguments(run, dir))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        end_with_parent(&mut child);
        let status = match child.spawn() {
            Ok(mut running) => loop {
                match running.try_wait() {
                    // A plan.json is the last file a run writes (atomically): a run stopped
                    // after writing it is finished.
                    Ok(Some(status)) => {
                        if interrupted(status, stop) && !dir.join(PLAN_JSON).exists() {
                            return Ok(None);
                        }
                        break Ok(status);
                    }
                    Ok(None) if stop.load(Ordering::SeqCst) => {
                        let _ = running.kill();
                        match running.wait() {
                            Ok(status) if dir.join(PLAN_JSON).exists() => break Ok(status),
                            _ => return Ok(None),
                        }
                    }
                    Ok(None) => std::thread::sleep(Duration::from_millis(POLL_MS)),
                    Err(e) => break Err(e),
                }
            },
            Err(e) => Err(e),
        };
        let wall_seconds = started.elapsed().as_secs_f64();
        let outcome = match status {
            Ok(status) => ProcessOutcome {
                exit_code: status.code(),
                wall_seconds,
                error: (!status.success()).then(|| failure_text(status, &dir.join(RUN_LOG))),
            },
            Err(e) => ProcessOutcome {
                exit_code: None,
                wall_seconds,
                error: Some(format!("cannot start {}: {e}", self.exe.display())),
            },
        };
        write_json(&dir.join(OUTCOME_JSON), &outcome)?;
        Ok(Some(outcome))
    }
}

/// Makes the child end (SIGTERM) when the batch that started it dies, even by `kill -9`: a
/// killed batch left its running solves behind, writing into run directories that a
/// `--resume` then started again beside them. Linux only (`prctl(PR_SET_PDEATHSIG)`); the
/// signal comes when the thread that started the child ends, so the child must be started
/// and waited for on the same thread (as [`Runner::execute`] does).
#[cfg(target_os = "linux")]
fn end_with_parent(child: &mut Command) {
    use std::os::unix::process::CommandExt;
    let parent = std::process::id();
    // SAFETY: between fork and exec the closure calls only async-signal-safe functions
    // (prctl, getppid, raise) and allocates nothing.
    unsafe {
        child.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // The batch died before the call: nothing would signal this child, so it does
            // not start (an error here fails the spawn, whatever the signal mask).
            if u32::try_from(libc::getppid()).ok() != Some(parent) {
                return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
            }
            Ok(())
        });
    }
}

/// Elsewhere a child outlives a killed batch.
#[cfg(not(target_os = "linux"))]
fn end_with_parent(_child: &mut Command) {}

/// Whether a child that ended with `status` was stopped rather than failed: killed by a
/// signal while the batch stops, or by SIGINT or SIGTERM (Ctrl-C signals the whole process
/// group, Slurm's cancel every process of the job, and the child may end before the batch's
/// handler has set `stop`).
fn interrupted(status: ExitStatus, stop: &AtomicBool) -> bool {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use std::os::unix::process::ExitStatusExt;
    status.code().is_none()
        && (stop.load(Ordering::SeqCst) || matches!(status.signal(), Some(SIGINT | SIGTERM)))
}

/// Why a child failed: its exit code or signal and the end of its standard error.
fn failure_text(status: ExitStatus, log: &Path) -> String {
    use std::os::unix::process::ExitStatusExt;
    let how = match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit code {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        (None, None) => "ended abnormally".to_string(),
    };
    let mut text = String::new();
    if let Ok(mut file) = std::fs::File::open(log) {
        let _ = file.read_to_string(&mut text);
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut tail = lines[lines.len().saturating_sub(4)..].join(" | ");
    if tail.len() > ERROR_TAIL_BYTES {
        let mut cut = tail.len() - ERROR_TAIL_BYTES;
        while !tail.is_char_boundary(cut) {
            cut += 1;
        }
        tail = format!("…{}", &tail[cut..]);
    }
    if tail.is_empty() {
        how
    } else {
        format!("{how}: {tail}")
    }
}

/// What the worker pool reports.
#[derive(Debug)]
pub enum Event<R> {
    /// Task `i` started.
    Started(usize),
    /// Task `i` finished with this result.
    Finished(usize, R),
}

/// Runs `work` on every task with at most `jobs` at a time, calling `on_event` (on this
/// thread) as tasks start and finish; tasks start in order.
pub fn run_pool<T: Sync, R: Send>(
    jobs: usize,
    tasks: &[T],
    work: impl Fn(&T) -> R + Sync,
    on_event: impl FnMut(Event<R>),
) {
    run_pool_until(jobs, tasks, &AtomicBool::new(false), work, on_event);
}

/// [`run_pool`], starting no further task once `stop` is set (the tasks started finish).
pub fn run_pool_until<T: Sync, R: Send>(
    jobs: usize,
    tasks: &[T],
    stop: &AtomicBool,
    work: impl Fn(&T) -> R + Sync,
    mut on_event: impl FnMut(Event<R>),
) {
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, tasks.len().max(1)) {
            let sender = sender.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || loop {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(task) = tasks.get(i) else { break };
                let _ = sender.send(Event::Started(i));
                let result = work(task);
                let _ = sender.send(Event::Finished(i, result));
            });
        }
        drop(sender);
        for event in receiver {
            on_event(event);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn pool_runs_every_task_once_within_the_job_limit() {
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let tasks: Vec<usize> = (0..12).collect();
        let mut finished = Vec::new();
        run_pool(
            3,
            &tasks,
            |t| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(5));
                running.fetch_sub(1, Ordering::SeqCst);
                t * 2
            },
            |e| {
                if let Event::Finished(i, r) = e {
                    finished.push((i, r));
                }
            },
        );
        finished.sort();
        assert_eq!(finished, (0..12).map(|i| (i, 2 * i)).collect::<Vec<_>>());
        assert!(most.load(Ordering::SeqCst) <= 3);
    }
}
