//! The files `zcpark plan` writes: `plan.json`, `dispatch.csv`, `plan.xlsx`,
//! `scenario.resolved.yaml`.

use super::atomic::write_atomic;
use super::xlsx;
use crate::plan::{dispatch::Dispatch, PlanOutcome};
use crate::scenario::resolve::ResolvedScenario;
use std::fmt::Write as _;
use std::path::Path;

/// Name of the plan report.
pub const PLAN_JSON: &str = "plan.json";
/// Name of the hourly dispatch.
pub const DISPATCH_CSV: &str = "dispatch.csv";
/// Name of the plan as an Excel workbook.
pub const PLAN_XLSX: &str = "plan.xlsx";
/// Name of the scenario with defaults filled in.
pub const RESOLVED_YAML: &str = "scenario.resolved.yaml";

/// The dispatch as CSV: the header line first (units in the column names), then one row per
/// modelled hour, every flow. What the file is, is said in `plan.json` → `files` (a `#` line
/// before the header is read as data by spreadsheets and pandas).
pub fn dispatch_csv(dispatch: &Dispatch) -> String {
    let columns = dispatch.columns();
    let mut out = String::with_capacity(160 * dispatch.hour.len());
    let header: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for row in 0..dispatch.hour.len() {
        for (i, (_, values)) in columns.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let v = values[row];
            if v.fract() == 0.0 && v.abs() < 1e15 {
                let _ = write!(out, "{}", v as i64);
            } else {
                let _ = write!(out, "{v:.6}");
            }
        }
        out.push('\n');
    }
    out
}

/// Writes the output files of a plan into `dir` (created if needed), each atomically;
/// `plan.json` is written last, so its presence means the run is complete.
pub fn write_plan_outputs(
    dir: &Path,
    outcome: &PlanOutcome,
    resolved: &ResolvedScenario,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let yaml =
        serde_yaml::to_string(&resolved.reproducible_spec()).map_err(std::io::Error::other)?;
    write_atomic(
        &dir.join(RESOLVED_YAML),
        format!(
            "# Scenario as run by zcpark {}: every default filled in, every catalogue value\n\
             # written out (catalogue in force: {}), file paths absolute. `zcpark plan` on\n\
             # this file reproduces the run.\n{yaml}",
            env!("CARGO_PKG_VERSION"),
            resolved.catalogue_in_force_from
        )
        .as_bytes(),
    )?;
    if let Some(dispatch) = &outcome.dispatch {
        write_atomic(&dir.join(DISPATCH_CSV), dispatch_csv(dispatch).as_bytes())?;
    }
    let workbook = xlsx::plan_workbook(&outcome.report, outcome.dispatch.as_ref())
        .map_err(|e| std::io::Error::other(format!("{PLAN_XLSX}: {e}")))?;
    write_atomic(&dir.join(PLAN_XLSX), &workbook)?;
    let json = serde_json::to_string_pretty(&outcome.report).map_err(std::io::Error::other)?;
    write_atomic(&dir.join(PLAN_JSON), json.as_bytes())
}
