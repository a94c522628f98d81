//! The command-line commands, called by the thin binary with parsed arguments.

use crate::finance;
use crate::plan::design::{Design, DesignErrors};
use crate::plan::{self, PlanOutcome};
use crate::profiles_command::{describe, make_profiles, ProfilesRequest};
use crate::report::html::ReportOptions;
use crate::report::lang::{self, Lang};
use crate::report::weeks::Week;
use crate::report::{files, rebuild, table};
use crate::scenario::catalogue::{Catalogue, SHIPPED_CATALOGUE_NAME, SHIPPED_CATALOGUE_YAML};
use crate::scenario::overrides::{self, Override};
use crate::scenario::{self, ScenarioError, ScenarioSource};
use crate::solve::{SolveOptions, Strategy};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Exit code for bad input.
pub const EXIT_INPUT: i32 = 2;

/// Why `--out DIR` cannot be an output directory, before minutes of solving rather than
/// after: DIR, or the nearest of its parents that exists, is not a directory (a file, or a
/// link to nothing), or no file can be made in it (read-only, no permission, `/proc`). None
/// when DIR is a directory or can be created.
pub fn out_dir_problem(dir: &Path) -> Option<String> {
    let taken = dir
        .ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .find(|a| a.symlink_metadata().is_ok())
        .unwrap_or(Path::new("."));
    if taken.is_dir() {
        // A file made and removed at once: the one sure test of being able to write there.
        let probe = taken.join(format!(".zcpark-write-check-{}", std::process::id()));
        return match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
        {
            Ok(_) => {
                let _ = std::fs::remove_file(&probe);
                None
            }
            Err(e) => Some(format!(
                "--out {}: must be a directory zcpark can write in, but {} refuses a new file: \
                 {e}",
                dir.display(),
                taken.display()
            )),
        };
    }
    (!taken.is_dir()).then(|| {
        if taken == dir {
            format!(
                "--out {}: must be a directory (or not exist yet), got a file",
                dir.display()
            )
        } else {
            format!(
                "--out {}: must be a directory that can be made, but {} is a file",
                dir.display(),
                taken.display()
            )
        }
    })
}

/// Output format of `zcpark plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable summary.
    Table,
    /// `plan.json` on standard output.
    Json,
}

/// Where a scenario comes from: a path, or the embedded example when none is given.
pub fn source(path: Option<PathBuf>) -> ScenarioSource {
    path.map_or(ScenarioSource::Embedded, ScenarioSource::Disk)
}

/// Writes to standard output, ignoring a closed pipe (`zcpark plan | head` must not panic
/// before the output files are written).
fn emit(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().write_all(text.as_bytes());
}

fn report_input_error(error: &ScenarioError) -> i32 {
    match error {
        ScenarioError::Unreadable { .. } => eprintln!("error: {error}"),
        ScenarioError::Invalid(issues) => {
            eprintln!("error: {} problem(s) in the input:", issues.len());
            for issue in issues {
                eprintln!("  {issue}");
            }
        }
    }
    EXIT_INPUT
}

/// Every technology and market a park has, in words (for `zcpark validate`).
fn technologies(park: &crate::scenario::Park) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let add = |names: &mut Vec<String>, present: bool, name: &str| {
        if present {
            names.push(name.to_string());
        }
    };
    add(&mut names, park.pv.is_some(), "PV");
    add(&mut names, park.wind.is_some(), "wind");
    add(&mut names, park.battery.is_some(), "battery");
    add(&mut names, park.grid.green_power.is_some(), "green power");
    add(&mut names, park.grid.export.is_some(), "export");
    add(&mut names, park.grid.certificates.is_some(), "certificates");
    if let Some(h) = &park.hydrogen {
        add(&mut names, h.electrolyser.is_some(), "electrolysers");
        add(&mut names, h.storage.is_some(), "hydrogen storage");
        add(&mut names, h.demand.is_some(), "hydrogen demand");
        add(&mut names, h.purchase.is_some(), "hydrogen purchase");
        add(&mut names, h.sale.is_some(), "hydrogen sale");
    }
    if let Some(heat) = &park.heat {
        add(&mut names, heat.gas_boiler.is_some(), "gas boiler");
        add(
            &mut names,
            heat.electric_boiler.is_some(),
            "electric boilers",
        );
        add(&mut names, heat.heat_pump.is_some(), "heat pumps");
        add(
            &mut names,
            heat.thermal_storage.is_some(),
            "thermal storage",
        );
    }
    if let Some(co2) = &park.co2 {
        for capture in &co2.captures {
            names.push(format!(
                "CO2 capture on {}",
                co2.sources[capture.source].name
            ));
        }
        add(&mut names, co2.utilisation.is_some(), "CO2 utilisation");
    }
    names
}

/// `zcpark validate`: lists every problem, exit 2; or a one-line summary, exit 0.
/// `overrides` come from `--set`.
pub fn validate(source: &ScenarioSource, overrides: &[Override]) -> i32 {
    match overrides::load_with(source, overrides, "--set") {
        Ok(loaded) => {
            let park = &loaded.park;
            let peak = park.electric_load_mw.iter().cloned().fold(0.0, f64::max);
            emit(
                &(format!(
                    "{}: valid: scenario {:?}, {} hours, load {:.0} MWh/yr (peak {:.1} MW), \
                 technologies: {}",
                    loaded.path,
                    park.name,
                    park.time.len(),
                    park.time.annual(&park.electric_load_mw),
                    peak,
                    {
                        let names = technologies(park);
                        if names.is_empty() {
                            "none (grid only)".to_string()
                        } else {
                            names.join(", ")
                        }
                    }
                ) + "\n"),
            );
            0
        }
        Err(e) => report_input_error(&e),
    }
}

/// `zcpark catalogue`: the catalogue in force (the shipped one, or a scenario's) with sources.
pub fn catalogue(source: Option<&ScenarioSource>) -> i32 {
    let (name, catalogue): (String, Catalogue) = match source {
        Some(source) => match scenario::load(source) {
            Ok(loaded) => (
                loaded.resolved.catalogue_in_force_from.clone(),
                loaded.resolved.catalogue_in_force,
            ),
            Err(e) => return report_input_error(&e),
        },
        None => match serde_yaml::from_str(SHIPPED_CATALOGUE_YAML) {
            Ok(cat) => (SHIPPED_CATALOGUE_NAME.to_string(), cat),
            Err(e) => {
                eprintln!("error: {SHIPPED_CATALOGUE_NAME}: {e}");
                return 1;
            }
        },
    };
    emit(&(format!("catalogue: {name}") + "\n"));
    for (path, cited) in catalogue.entries() {
        emit(
            &(format!(
                "  {:<52} {:>10} {} {}",
                path,
                cited.value,
                if cited.estimate {
                    "[estimate]"
                } else {
                    "          "
                },
                cited.source
            ) + "\n"),
        );
    }
    0
}

fn spinner(enabled: bool) -> Option<ProgressBar> {
    if !enabled || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}

/// A design to check: a file (`zcpark evaluate --design`) or `--fix` pairs.
#[derive(Debug, Clone)]
pub enum DesignSource {
    /// A YAML file of total sizes.
    File(PathBuf),
    /// `--fix KEY=VALUE` pairs.
    Fixes(Vec<(String, String)>),
}

/// The design read and checked against the scenario's park before anything is solved.
fn read_design(source: &DesignSource, park: &scenario::Park) -> Result<Design, String> {
    // Every problem in one round: the sizes that read are checked against the park beside
    // the keys that do not.
    let (design, mut problems) = match source {
        DesignSource::File(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{}: cannot read the design: {e}", path.display()))?;
            Design::read_yaml(&path.display().to_string(), &text)
        }
        DesignSource::Fixes(fixes) => {
            let (design, problems) = Design::read_fixes(fixes);
            (Some(design), problems)
        }
    };
    if let Some(Err(e)) = design.as_ref().map(|d| d.size_rule(park)) {
        problems.extend(e.0);
    }
    match design {
        Some(design) if problems.is_empty() => Ok(design),
        _ => Err(DesignErrors(problems).to_string()),
    }
}

/// `zcpark plan` and `zcpark evaluate`: solves (with `design`'s sizes fixed, when given; the
/// full-year search started from `warm_start` typical days, when given), prints the
/// summary, writes the outputs; returns the exit code (3 when no plan meets the rules,
/// [`EXIT_INPUT`] for bad input). `overrides` come from `--set`.
pub fn plan(
    source: &ScenarioSource,
    overrides: &[Override],
    design: Option<&DesignSource>,
    warm_start: Option<usize>,
    out: Option<&Path>,
    format: Format,
    options: &SolveOptions,
) -> i32 {
    if let Some(problem) = out.and_then(out_dir_problem) {
        eprintln!("error: {problem}");
        return EXIT_INPUT;
    }
    let loaded = match overrides::load_with(source, overrides, "--set") {
        Ok(loaded) => loaded,
        Err(e) => return report_input_error(&e),
    };
    let design = match design.map(|d| read_design(d, &loaded.park)).transpose() {
        Ok(design) => design,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_INPUT;
        }
    };
    if let Some(days) = warm_start {
        let conflict = if design.is_some() {
            Some("a design's sizes are fixed (--fix)".to_string())
        } else if options.strategy != Strategy::Staged {
            Some("the start is a size candidate of --strategy staged, not of plain".to_string())
        } else {
            loaded.resolved.spec.horizon.typical_days.map(|n| {
                format!(
                    "{}: horizon.typical_days is {n} (or --typical-days): the plan is made on \
                     typical days",
                    loaded.path
                )
            })
        };
        if let Some(conflict) = conflict {
            eprintln!(
                "error: --warm-start typical:{days} starts a full-year search, but {conflict}; \
                 drop one of the two"
            );
            return EXIT_INPUT;
        }
        // The typical days must be possible for this scenario (a full-year horizon, more
        // days than extreme days) before anything is solved.
        let mut with_days = overrides.to_vec();
        with_days.push(Override {
            origin: Some(format!(
                "--warm-start typical:{days} as horizon.typical_days={days}"
            )),
            ..overrides::typical_days_override(days)
        });
        if let Err(e) = overrides::load_with(source, &with_days, "--warm-start") {
            return report_input_error(&e);
        }
    }
    let bar = spinner(!options.verbose);
    let mut progress = |message: &str| {
        if let Some(bar) = &bar {
            bar.set_message(message.to_string());
        }
    };
    let result = match &design {
        Some(design) => plan::design::evaluate(&loaded, design, options, &mut progress),
        None => match warm_start {
            Some(days) => plan::plan_warm_started(&loaded, days, options, &mut progress),
            None => plan::plan(&loaded, options, &mut progress),
        },
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let outcome: PlanOutcome = match result {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let finance = finance::for_plan(&outcome.report, &loaded.park);
    match format {
        Format::Table => match files::plan_value(&outcome.report, &finance) {
            Ok(value) => {
                let lang = loaded.resolved.spec.report.lang.unwrap_or_default();
                emit(&table::summary(&value, lang));
                emit(&table::finance_summary(&finance, lang));
            }
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        },
        Format::Json => match files::plan_json(&outcome.report, &finance) {
            Ok(json) => emit(&(json + "\n")),
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        },
    }
    if let Some(dir) = out {
        if let Err(e) = files::write_plan_outputs(dir, &outcome, &loaded.resolved, &finance) {
            eprintln!("error: {}: cannot write outputs: {e}", dir.display());
            return 1;
        }
        if format == Format::Table {
            let lang = loaded.resolved.spec.report.lang.unwrap_or_default();
            emit(&(lang::outputs_written(dir, lang) + "\n"));
        }
    }
    outcome.exit_code()
}

/// `zcpark report DIR`: rebuilds `DIR/report.html`; exit 2 when the directory is not a zcpark
/// output or a file in it is wrong.
pub fn report(dir: &Path, lang: Option<Lang>, weeks: Option<&[usize]>) -> i32 {
    let options = ReportOptions {
        lang: lang.unwrap_or_else(|| rebuild::written_lang(dir)),
        weeks: weeks
            .into_iter()
            .flatten()
            .filter_map(|w| Week::numbered(*w))
            .collect(),
    };
    match rebuild::rebuild(dir, &options) {
        Ok(path) => {
            for warning in rebuild::plan_dir_warnings(dir, &options) {
                eprintln!("warning: {warning}");
            }
            emit(&format!("written: {}\n", path.display()));
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_INPUT
        }
    }
}

/// `zcpark profiles`: writes the CSV and prints full-load hours; exit 2 on bad input.
pub fn profiles(request: &ProfilesRequest) -> i32 {
    match make_profiles(request) {
        Ok((profiles, seconds)) => {
            emit(&describe(&profiles, &request.out, seconds));
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_INPUT
        }
    }
}
