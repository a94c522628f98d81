//! Studies made of several plans of one scenario, solved one after another in this process
//! with [`crate::plan::plan`]: the cost of tightening the intensity limit ([`pareto`]) and
//! one-at-a-time sensitivity ([`sensitivity`]).
//!
//! Each point is the scenario with some overrides (as `--set`); with `--out DIR` each point's
//! plan outputs go to `DIR/runs/<point>/` beside the study's table and chart.

pub mod pareto;
pub mod pathway;
pub mod sensitivity;

use crate::batch::table::{numbers_of, Table};
use crate::commands::EXIT_INPUT;
use crate::plan::{self, PlanOutcome};
use crate::report::atomic::write_atomic;
use crate::report::files::write_plan_outputs;
use crate::scenario::overrides::{
    apply_all, parse_assignment, read_document, typical_days_override, Override,
};
use crate::scenario::{load_value, LoadedScenario, ScenarioError, ScenarioSource};
use crate::solve::{SolveError, SolveOptions};
use indicatif::{ProgressBar, ProgressStyle};
use serde_yaml::Value;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The command-line options shared by the studies.
#[derive(Debug, Clone, clap::Args)]
pub struct StudyArgs {
    /// Scenario YAML; without one, the embedded example models/ordos.yaml.
    pub scenario: Option<PathBuf>,
    /// Override a scenario value for every plan of the study (point, case or stage),
    /// PATH=VALUE (VALUE read as YAML), e.g. --set horizon.hours=168; repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_assignment)]
    pub set: Vec<Override>,
    /// Directory for the study's table (CSV), charts (SVG), report.html and each plan's
    /// outputs (`runs/`; a perfect-foresight pathway, one model, writes none).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Wall-clock limit for each solve, seconds.
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which to stop.
    #[arg(long, default_value_t = 1e-4)]
    pub mip_gap: f64,
    /// HiGHS threads.
    #[arg(long)]
    pub threads: Option<u32>,
    /// Plan every plan of the study on N typical days, each checked on the full year (the
    /// same as --set horizon.typical_days=N).
    #[arg(long, value_name = "N")]
    pub typical_days: Option<usize>,
    /// Language of report.html and of each plan's outputs (the same as --set
    /// report.lang=zh); the table printed here stays in English.
    #[arg(long, value_enum)]
    pub lang: Option<crate::report::lang::Lang>,
}

impl StudyArgs {
    /// The `--set` overrides, with `--typical-days` as `horizon.typical_days` and `--lang`
    /// as `report.lang` last.
    pub fn overrides(&self) -> Vec<Override> {
        let mut set = self.set.clone();
        set.extend(self.typical_days.map(typical_days_override));
        set.extend(self.lang.map(|l| Override {
            path: "report.lang".into(),
            value: serde_yaml::to_value(l).unwrap_or_default(),
            origin: Some("--lang".into()),
        }));
        set
    }

    /// [`EXIT_INPUT`] after saying why, when `--out` cannot be an output directory
    /// ([`crate::commands::out_dir_problem`]); checked before any solve.
    pub fn refuse_out(&self) -> Option<i32> {
        let problem = self
            .out
            .as_deref()
            .and_then(crate::commands::out_dir_problem)?;
        eprintln!("error: {problem}");
        Some(EXIT_INPUT)
    }

    /// The scenario source: the file, or the embedded example.
    pub fn source(&self) -> ScenarioSource {
        self.scenario
            .clone()
            .map_or(ScenarioSource::Embedded, ScenarioSource::Disk)
    }

    /// Solver settings for every point.
    pub fn solve_options(&self) -> SolveOptions {
        SolveOptions {
            time_limit_s: self.time_limit,
            mip_gap: self.mip_gap,
            threads: self.threads,
            ..SolveOptions::default()
        }
    }
}

/// Folder of the points' plan outputs inside a study's output directory.
pub const RUNS_DIR: &str = "runs";

/// Why a study could not be made.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    /// The scenario, with the overrides of a point, is not valid.
    #[error("{label}: {source}")]
    Input {
        /// The point.
        label: String,
        /// What is wrong.
        source: ScenarioError,
    },
    /// The options are wrong; every problem is listed.
    #[error("{}", .0.join("\n"))]
    Invalid(Vec<String>),
    /// HiGHS failed.
    #[error("{label}: {source}")]
    Solve {
        /// The point.
        label: String,
        /// The solver error.
        source: SolveError,
    },
    /// The study cannot be made from what the solves found.
    #[error("{0}")]
    Unusable(String),
    /// A chart could not be drawn.
    #[error(transparent)]
    Chart(#[from] crate::report::chart::ChartError),
    /// An output could not be written.
    #[error("{path}: cannot write: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl StudyError {
    /// Exit code: 2 for bad input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Input { .. } | Self::Invalid(_) => EXIT_INPUT,
            _ => 1,
        }
    }

    /// Prints the error, every input problem on its own line.
    pub fn print(&self) {
        match self {
            Self::Input {
                label,
                source: ScenarioError::Invalid(issues),
            } => {
                eprintln!("error: {label}: {} problem(s) in the input:", issues.len());
                for issue in issues {
                    eprintln!("  {issue}");
                }
            }
            Self::Invalid(problems) => {
                eprintln!("error: {} problem(s):", problems.len());
                for p in problems {
                    eprintln!("  {p}");
                }
            }
            other => eprintln!("error: {other}"),
        }
    }
}

/// A scenario document with the user's `--set` overrides, ready for study points.
#[derive(Debug, Clone)]
pub struct StudyBase {
    /// Where the scenario and its files are read from.
    pub source: ScenarioSource,
    /// The scenario document with `--set` applied.
    pub doc: Value,
}

impl StudyBase {
    /// Reads the scenario and applies `overrides` (from `--set`).
    pub fn read(source: ScenarioSource, overrides: &[Override]) -> Result<Self, StudyError> {
        let input = |source| StudyError::Input {
            label: "scenario".into(),
            source,
        };
        let doc = read_document(&source).map_err(input)?;
        let doc = apply_all(&doc, overrides).map_err(|errors| {
            input(ScenarioError::Invalid(
                errors.into_iter().map(|e| e.into_issue("--set")).collect(),
            ))
        })?;
        Ok(Self { source, doc })
    }

    /// The scenario with `overrides` on top, loaded and checked.
    pub fn load(&self, label: &str, overrides: &[Override]) -> Result<LoadedScenario, StudyError> {
        let doc = apply_all(&self.doc, overrides).map_err(|errors| StudyError::Input {
            label: label.into(),
            source: ScenarioError::Invalid(
                errors.into_iter().map(|e| e.into_issue(label)).collect(),
            ),
        })?;
        load_value(&self.source, doc).map_err(|source| StudyError::Input {
            label: label.into(),
            source: crate::scenario::overrides::attribute(source, overrides, label),
        })
    }
}

/// One solved point of a study.
#[derive(Debug, Clone)]
pub struct Point {
    /// Name of the point (also its output directory).
    pub name: String,
    /// The scenario as solved.
    pub loaded: LoadedScenario,
    /// The plan.
    pub outcome: PlanOutcome,
}

impl Point {
    /// True when a plan was found (optimal, or time-limited with a solution).
    pub fn ok(&self) -> bool {
        self.outcome.report.status.has_plan()
    }

    /// The plan's annual cost, RMB/yr, when a plan was found.
    pub fn objective(&self) -> Option<f64> {
        self.outcome
            .report
            .objective_rmb_per_yr
            .filter(|_| self.ok())
    }

    /// The plan's capacities by name (every numeric field of `capacities`).
    pub fn capacities(&self) -> Vec<(String, f64)> {
        let value = serde_json::to_value(&self.outcome.report.capacities).ok();
        numbers_of(value.as_ref())
    }

    /// The plan's status as written in `plan.json`.
    pub fn status(&self) -> String {
        serde_json::to_value(self.outcome.report.status)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    }
}

/// Solves points one after another, showing a spinner on a terminal.
pub struct Solver<'a> {
    base: &'a StudyBase,
    options: &'a SolveOptions,
    bar: Option<ProgressBar>,
}

impl<'a> Solver<'a> {
    /// A solver for points of `base`.
    pub fn new(base: &'a StudyBase, options: &'a SolveOptions) -> Self {
        let bar = (std::io::stderr().is_terminal() && !options.verbose).then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self { base, options, bar }
    }

    /// Solves the scenario with `overrides`, as point `name`.
    pub fn solve(&mut self, name: &str, overrides: &[Override]) -> Result<Point, StudyError> {
        let loaded = self.base.load(name, overrides)?;
        let bar = self.bar.clone();
        let mut progress = |message: &str| {
            if let Some(bar) = &bar {
                bar.set_message(format!("{name}: {message}"));
            }
        };
        let outcome = plan::plan(&loaded, self.options, &mut progress).map_err(|source| {
            StudyError::Solve {
                label: name.into(),
                source,
            }
        })?;
        Ok(Point {
            name: name.into(),
            loaded,
            outcome,
        })
    }

    /// Removes the spinner.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Writes a study's table (CSV), chart (SVG) and each point's plan outputs into `dir`.
pub fn write_study(
    dir: &Path,
    name: &str,
    table: &Table,
    svg: &str,
    points: &[&Point],
) -> Result<Vec<PathBuf>, StudyError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| StudyError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    for point in points {
        let run = dir.join(RUNS_DIR).join(&point.name);
        let finance = crate::finance::for_plan(&point.outcome.report, &point.loaded.park);
        write_plan_outputs(&run, &point.outcome, &point.loaded.resolved, &finance)
            .map_err(io(&run))?;
    }
    let csv = dir.join(format!("{name}.csv"));
    write_atomic(&csv, table.to_csv().as_bytes()).map_err(io(&csv))?;
    let chart = dir.join(format!("{name}.svg"));
    let document = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}");
    write_atomic(&chart, document.as_bytes()).map_err(io(&chart))?;
    let report =
        crate::report::rebuild::rebuild(dir, &crate::report::rebuild::written_options(dir))
            .map_err(|e| StudyError::Unusable(format!("report.html: {e}")))?;
    Ok(vec![csv, chart, report])
}

/// An override of one path with a number.
pub fn set_number(path: &str, value: f64) -> Override {
    Override {
        path: path.into(),
        value: Value::from(value),
        origin: None,
    }
}

/// The capacity columns worth printing: totals (not `*_new_*`) that are non-zero somewhere.
pub fn printed_capacities(points: &[&Point]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for point in points {
        for (name, value) in point.capacities() {
            if !name.contains("_new_") && value.abs() > 1e-6 && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}
