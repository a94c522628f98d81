//! The `zcpark` command line: parses arguments and calls the library.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use zcpark::commands::{self, Format};
use zcpark::solve::{SolveOptions, Strategy};

/// Least-cost investment plans for China's zero-carbon industrial parks.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Solve a scenario: the least-cost plan that meets the rules, against the baseline.
    Plan {
        /// Scenario YAML; without one, the embedded example models/ordos.yaml.
        scenario: Option<PathBuf>,
        /// Directory for plan.json, dispatch.csv and scenario.resolved.yaml.
        #[arg(long)]
        out: Option<PathBuf>,
        /// What to print.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Wall-clock limit for each solve, seconds.
        #[arg(long)]
        time_limit: Option<f64>,
        /// Relative MIP gap at which to stop.
        #[arg(long, default_value_t = 1e-3)]
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
        #[arg(long = "highs-option", value_parser = parse_key_value)]
        highs_options: Vec<(String, String)>,
    },
    /// Check a scenario and list every problem at once.
    Validate {
        /// Scenario YAML; without one, the embedded example.
        scenario: Option<PathBuf>,
    },
    /// Print the catalogue in force, with sources.
    Catalogue {
        /// A scenario whose catalogue file and overrides to apply.
        scenario: Option<PathBuf>,
    },
}

fn parse_key_value(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .ok_or_else(|| format!("expected NAME=VALUE, got {text:?}"))
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Plan {
            scenario,
            out,
            format,
            time_limit,
            mip_gap,
            threads,
            strategy,
            verbose,
            highs_options,
        } => {
            let options = SolveOptions {
                time_limit_s: time_limit,
                mip_gap,
                threads,
                verbose,
                strategy,
                highs_options,
            };
            commands::plan(
                &commands::source(scenario),
                out.as_deref(),
                format,
                &options,
            )
        }
        Command::Validate { scenario } => commands::validate(&commands::source(scenario)),
        Command::Catalogue { scenario } => {
            commands::catalogue(scenario.map(|p| commands::source(Some(p))).as_ref())
        }
    };
    std::process::exit(code);
}
