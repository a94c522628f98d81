//! The `zcpark` command line: parses arguments and calls the library.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use zcpark::allocate::{self, AllocateOptions};
use zcpark::batch::{self, BatchOptions};
use zcpark::commands::{self, Format};
use zcpark::profiles_command::ProfilesRequest;
use zcpark::report::lang::Lang;
use zcpark::scenario::overrides::{parse_assignment, typical_days_override, Override};
use zcpark::solve::{SolveOptions, Strategy};
use zcpark::study::sensitivity::{self, parse_vary, Vary};
use zcpark::study::{pareto, StudyArgs};

/// Least-cost investment plans for China's zero-carbon industrial parks.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The arguments of `plan` and `evaluate`.
#[derive(clap::Args)]
struct PlanArgs {
    /// Scenario YAML; without one, the embedded example models/ordos.yaml.
    scenario: Option<PathBuf>,
    /// Directory for plan.json, dispatch.csv, cashflow.csv and scenario.resolved.yaml.
    #[arg(long)]
    out: Option<PathBuf>,
    /// What to print.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Wall-clock limit for each solve, seconds.
    #[arg(long)]
    time_limit: Option<f64>,
    /// Relative MIP gap at which to stop (HiGHS's default, 0.01 %).
    #[arg(long, default_value_t = 1e-4)]
    mip_gap: f64,
    /// HiGHS threads.
    #[arg(long)]
    threads: Option<u32>,
    /// How the MILP is solved.
    #[arg(long, value_enum, default_value_t = Strategy::Staged)]
    strategy: Strategy,
    /// Print the HiGHS log and the model's coefficient ranges.
    #[arg(long)]
    verbose: bool,
    /// A HiGHS option passed through, as NAME=VALUE (repeatable), e.g. solver=ipm.
    #[arg(long = "highs-option", value_parser = parse_highs_option)]
    highs_options: Vec<(String, String)>,
    /// Write the plan's model (with the rules enforced) to FILE before solving it, as
    /// MPS or LP by the extension, e.g. to try another solver on it.
    #[arg(long, value_name = "FILE")]
    write_model: Option<PathBuf>,
    /// Override a scenario value, PATH=VALUE (VALUE read as YAML), e.g.
    /// --set catalogue.pv.capex_rmb_per_kw=2600 or --set horizon.hours=168; repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_assignment)]
    set: Vec<Override>,
    /// Plan on N typical days (up to 365, more than the extreme days: 3 or more with the
    /// default two), then check the sizes on all 8,760 hours (the same
    /// as --set horizon.typical_days=N; horizon.aggregation sets the options).
    #[arg(long, value_name = "N")]
    typical_days: Option<usize>,
    /// Language of the summary and of report.html (the same as --set report.lang=zh).
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Weeks of the year (1-52) whose dispatch report.html charts, e.g. 3,27 (default: the
    /// week of peak grid import and the week of most curtailment).
    #[arg(long, value_name = "W,W", value_parser = parse_weeks_arg)]
    weeks: Option<WeekList>,
}

#[derive(Subcommand)]
enum Command {
    /// Solve a scenario: the least-cost plan that meets the rules, against the baseline.
    Plan {
        #[command(flatten)]
        args: PlanArgs,
        /// Fix a size at a total (existing + new), KEY=VALUE with the keys of plan.json →
        /// capacities (pv_mw, wind_turbines, battery_mwh, battery_mw, electrolyser_stacks,
        /// h2_storage_kg, electric_boiler_mw, heat_pump_mw, thermal_storage_mwh,
        /// ccus_modules_by_source.SOURCE); the sizes not fixed stay free. Repeatable. The
        /// plan.json then says what the least-cost plan saves over it.
        #[arg(long = "fix", value_name = "KEY=VALUE", value_parser = parse_key_value)]
        fix: Vec<(String, String)>,
        /// Start the full-year search from a plan on N typical days: its whole sizes are
        /// the first size candidate of the staged search. The plan is
        /// still the full year's; plan.json → warm_start says what the start was. Not with
        /// --fix, --strategy plain, --typical-days or horizon.typical_days.
        #[arg(long, value_name = "typical:N", value_parser = parse_warm_start)]
        warm_start: Option<usize>,
    },
    /// Check a given design: its sizes fixed (those it does not give at what exists), its
    /// best operation solved, the same outputs as plan, and the least-cost plan's saving
    /// over it. Exit 3 when it misses the rules.
    Evaluate {
        #[command(flatten)]
        args: PlanArgs,
        /// The design: a YAML mapping of total sizes with the keys of plan.json →
        /// capacities (a plan's capacities can be copied as they are).
        #[arg(long, value_name = "DESIGN.yaml")]
        design: PathBuf,
    },
    /// Rebuild report.html from an output directory (of plan, batch, merge, pareto,
    /// sensitivity, pathway or allocate).
    Report {
        /// The output directory.
        dir: PathBuf,
        /// Language of the report (default: a plan's own, from its scenario.resolved.yaml,
        /// else English).
        #[arg(long, value_enum)]
        lang: Option<Lang>,
        /// Weeks of the year (1-52) whose dispatch a plan's report charts, e.g. 3,27.
        #[arg(long, value_name = "W,W", value_parser = parse_weeks_arg)]
        weeks: Option<WeekList>,
    },
    /// Hourly PV and wind capacity factors from a weather file (TMY3, EPW, PVGIS TMY).
    Profiles {
        /// The weather file.
        weather: PathBuf,
        /// Add a PV column; optional parameters as key=value,… (e.g. tilt_deg=35,
        /// tracking=single_axis, target_full_load_hours=1600).
        #[arg(long, num_args = 0..=1, default_missing_value = "")]
        pv: Option<String>,
        /// Add a wind column; optional parameters as key=value,… (e.g. hub_height_m=100,
        /// turbine=S126/6150, target_full_load_hours=2800).
        #[arg(long, num_args = 0..=1, default_missing_value = "")]
        wind: Option<String>,
        /// Shift the file's clock to this UTC offset in hours (PVGIS files are in UTC), e.g.
        /// 8 or -5.
        #[arg(long, allow_negative_numbers = true)]
        utc_offset: Option<f64>,
        /// Turbine library directory (`turbine_data.csv`, `power_curves.csv`); without it,
        /// the shipped library embedded in the binary.
        #[arg(long)]
        turbines: Option<PathBuf>,
        /// The CSV to write; its description (units, weather file, parameters, full-load
        /// hours, scaling) goes to OUT.json beside it.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a scenario and list every problem at once.
    Validate {
        /// Scenario YAML; without one, the embedded example.
        scenario: Option<PathBuf>,
        /// Override a scenario value, PATH=VALUE (VALUE read as YAML); repeatable.
        #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_assignment)]
        set: Vec<Override>,
    },
    /// Print the catalogue in force, with sources.
    Catalogue {
        /// A scenario whose catalogue file and overrides to apply.
        scenario: Option<PathBuf>,
    },
    /// Run many variants of a scenario in parallel, one summary row each (docs/batch.md).
    /// Exit code: 0 every run found a plan, 1 some failed, 2 bad spec (nothing run), 130
    /// stopped by Ctrl-C or SIGTERM (the summary is written; the command to go on is printed).
    Batch(BatchOptions),
    /// Share a province's quotas among its parks at the least total cost: value curves,
    /// a joint model or a price loop (docs/allocate.md). Exit code: 0 every park allocated,
    /// 1 some park falls short or cannot meet its rules (or HiGHS failed: nothing written),
    /// 2 bad input.
    Allocate(AllocateOptions),
    /// Join the output directories of batch shards into one summary.csv, or of allocation
    /// shards (`zcpark allocate --shard`) into one directory of cached plans.
    /// Exit code: 0 all runs present and ok, 1 some missing or failed, 2 conflicts.
    Merge {
        /// Batch output directories (each with runs/), or allocation shard directories (each
        /// with shard.json).
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Directory for the merged summary.csv (batch) or cached plans (allocation).
        #[arg(long)]
        out: PathBuf,
    },
    /// Plan the scenario's `pathway:` stages, each inheriting the capacities of the ones
    /// before: one after another (`pathway.foresight: myopic`, the default) or in one model
    /// over all stages (`perfect`): pathway.csv, charts, each stage's plan.
    Pathway {
        #[command(flatten)]
        study: StudyArgs,
    },
    /// Least annual cost against the carbon-intensity limit, from the baseline's intensity
    /// down to the lowest reachable, with the marginal abatement cost (pareto.csv, .svg).
    Pareto {
        #[command(flatten)]
        study: StudyArgs,
        /// Number of evenly spaced limits (both ends included): the baseline's intensity,
        /// then from the unconstrained plan's intensity down to the lowest reachable; the
        /// national 0.3 and 0.2 t/tce are added to these N when they lie between.
        #[arg(long, default_value_t = 8)]
        points: usize,
    },
    /// One-at-a-time sensitivity of the annual cost and capacities: a tornado table
    /// (sensitivity.csv, .svg).
    Sensitivity {
        #[command(flatten)]
        study: StudyArgs,
        /// A parameter to vary, PATH=±P% or PATH=LOW,HIGH, e.g.
        /// --vary catalogue.pv.capex_rmb_per_kw=±20%; repeatable.
        #[arg(long = "vary", required = true, value_name = "PATH=±P%", value_parser = parse_vary)]
        vary: Vec<Vary>,
    },
}

/// Weeks of the year as given on the command line.
#[derive(Debug, Clone)]
struct WeekList(Vec<usize>);

/// `3,27` → weeks 3 and 27 (each 1-52).
fn parse_weeks_arg(text: &str) -> Result<WeekList, String> {
    zcpark::report::weeks::parse_weeks(text)
        .map(|weeks| WeekList(weeks.iter().map(|w| w.start_hour / 168 + 1).collect()))
}

/// `--warm-start typical:N`: the number of typical days, 1-365.
fn parse_warm_start(text: &str) -> Result<usize, String> {
    let days = text
        .strip_prefix("typical:")
        .ok_or_else(|| format!("expected typical:N (e.g. typical:12), got {text:?}"))?;
    match days.parse::<usize>() {
        Ok(n) if (1..=365).contains(&n) => Ok(n),
        _ => Err(format!(
            "typical:N takes N typical days from 1 to 365, got {days:?}"
        )),
    }
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .ok_or_else(|| format!("expected NAME=VALUE, got {text:?}"))
}

/// A `--highs-option NAME=VALUE` that HiGHS takes (checked before any model is built).
fn parse_highs_option(text: &str) -> Result<(String, String), String> {
    let (name, value) = parse_key_value(text)?;
    zcpark::solve::check_highs_option(&name, &value)?;
    Ok((name, value))
}

/// `plan` and `evaluate`: the options gathered, then [`commands::plan`].
fn run_plan(
    args: PlanArgs,
    design: Option<commands::DesignSource>,
    warm_start: Option<usize>,
) -> i32 {
    let PlanArgs {
        scenario,
        out,
        format,
        time_limit,
        mip_gap,
        threads,
        strategy,
        verbose,
        highs_options,
        write_model,
        mut set,
        typical_days,
        lang,
        weeks,
    } = args;
    set.extend(typical_days.map(typical_days_override));
    set.extend(lang.map(|l| Override {
        path: "report.lang".into(),
        value: serde_yaml::to_value(l).unwrap_or_default(),
        origin: Some("--lang".into()),
    }));
    set.extend(weeks.map(|w| Override {
        path: "report.weeks".into(),
        value: serde_yaml::to_value(w.0).unwrap_or_default(),
        origin: Some("--weeks".into()),
    }));
    let options = SolveOptions {
        time_limit_s: time_limit,
        mip_gap,
        threads,
        verbose,
        strategy,
        highs_options,
        write_model,
        ..SolveOptions::default()
    };
    commands::plan(
        &commands::source(scenario),
        &set,
        design.as_ref(),
        warm_start,
        out.as_deref(),
        format,
        &options,
    )
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Plan {
            args,
            fix,
            warm_start,
        } => {
            let design = (!fix.is_empty()).then_some(commands::DesignSource::Fixes(fix));
            run_plan(args, design, warm_start)
        }
        Command::Evaluate { args, design } => {
            run_plan(args, Some(commands::DesignSource::File(design)), None)
        }
        Command::Profiles {
            weather,
            pv,
            wind,
            utc_offset,
            turbines,
            out,
        } => commands::profiles(&ProfilesRequest {
            weather,
            pv,
            wind,
            utc_offset_h: utc_offset,
            turbines,
            out,
        }),
        Command::Validate { scenario, set } => {
            let source = commands::source(scenario);
            match zcpark::study::pathway::validate_stages(&source, &set) {
                0 => commands::validate(&source, &set),
                code => code,
            }
        }
        Command::Catalogue { scenario } => {
            commands::catalogue(scenario.map(|p| commands::source(Some(p))).as_ref())
        }
        Command::Report { dir, lang, weeks } => {
            commands::report(&dir, lang, weeks.as_ref().map(|w| w.0.as_slice()))
        }
        Command::Batch(options) => batch::command(&options),
        Command::Allocate(options) => allocate::command(&options),
        Command::Merge { dirs, out } if dirs.iter().all(|d| allocate::shards::is_shard(d)) => {
            allocate::shards::command(&dirs, &out)
        }
        Command::Merge { dirs, out } => batch::merge::command(&dirs, &out),
        Command::Pareto { study, points } => pareto::command(&study, points),
        Command::Pathway { study } => zcpark::study::pathway::command(&study),
        Command::Sensitivity { study, vary } => sensitivity::command(&study, &vary),
    };
    std::process::exit(code);
}
