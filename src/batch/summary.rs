//! `summary.csv`: one row per run, rebuilt from the run directories.
//!
//! Columns: `run`, `variant`, one column per swept path (its value), `status` (the plan's
//! status, or `error` when the child wrote no plan, `not_run` when it never started), `ok`,
//! `objective_rmb_per_yr`, `mip_gap`, every capacity in `plan.json`, the key indicators, the
//! baseline's cost and intensity, `solve_seconds` (plan solve in HiGHS), `build_seconds`,
//! `baseline_seconds`, `wall_seconds` (the whole child process), `reason` (why a run failed,
//! or a note), `overrides` and `dir`. Capacities and indicators are left empty for runs that
//! failed (an infeasible run's diagnosis is in `reason`).
//!
//! Beside it, `summary.xlsx` holds the same table, numbers as numbers ([`write_summary`]).

use super::record::RunRecord;
use super::table::{number_cell, numbers_of, Table};
use super::BatchError;
use crate::report::atomic::write_atomic;
use crate::report::xlsx::table::table_workbook;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Name of the summary of a whole batch.
pub const SUMMARY_CSV: &str = "summary.csv";

/// Name of the sheet of the summary workbook.
const SUMMARY_SHEET: &str = "summary";

/// The workbook beside a summary CSV: the same name with the extension `xlsx`
/// (`summary.xlsx`, `summary.shard-0-of-4.xlsx`).
pub fn workbook_path(csv: &Path) -> PathBuf {
    csv.with_extension("xlsx")
}

/// Writes `table` to `csv` and to the workbook beside it ([`workbook_path`]), each
/// atomically, the CSV last.
///
/// # Errors
/// [`BatchError::Io`] naming the file that could not be written.
pub fn write_summary(csv: &Path, table: &Table) -> Result<(), BatchError> {
    let xlsx = workbook_path(csv);
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| BatchError::Io { path, source }
    };
    let workbook = table_workbook(SUMMARY_SHEET, &table.header, &table.rows)
        .map_err(|e| std::io::Error::other(e.to_string()))
        .map_err(io(&xlsx))?;
    write_atomic(&xlsx, &workbook).map_err(io(&xlsx))?;
    write_atomic(csv, table.to_csv().as_bytes()).map_err(io(csv))
}

/// Indicators copied from `plan.json`'s `kpis`, in this order.
pub const KEY_KPIS: &[&str] = &[
    "emissions_t",
    "energy_tce",
    "intensity_t_per_tce",
    "intensity_limit_t_per_tce",
    "clean_share",
    "grid_import_mwh",
    "grid_export_mwh",
    "green_purchase_mwh",
    "renewable_generation_mwh",
    "curtailment_mwh",
    "capex_rmb",
    "lcoe_rmb_per_mwh",
    "abatement_cost_rmb_per_t",
    "payback_years",
];

/// The status of a run started but not finished, or never started (an interrupted batch).
pub const NOT_RUN: &str = "not_run";

/// How a run ended, as the summary shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunStatus {
    /// `optimal`, `time_limit`, `infeasible`, `time_limit_no_solution`, `unbounded`,
    /// `error` or `not_run`.
    pub status: String,
    /// True when `zcpark plan` would exit 0: a plan was found (optimal, or stopped by the
    /// time limit with a feasible solution whose gap is reported).
    pub ok: bool,
    /// Why it failed, or a note.
    pub reason: String,
}

/// The status of a run directory.
pub fn status_of(record: &RunRecord) -> RunStatus {
    let Some(plan) = &record.plan else {
        return match &record.outcome {
            Some(outcome) => RunStatus {
                status: "error".into(),
                ok: false,
                reason: outcome
                    .error
                    .clone()
                    .unwrap_or_else(|| "the run wrote no plan.json".into()),
            },
            None => RunStatus {
                status: NOT_RUN.into(),
                ok: false,
                reason: "started but not finished (interrupted); rerun with --resume".into(),
            },
        };
    };
    let status = plan["status"].as_str().unwrap_or("unknown").to_string();
    let (ok, reason) = match status.as_str() {
        "optimal" => (true, String::new()),
        "near_optimal" => (
            true,
            plan["stop_reason"]
                .as_str()
                .map_or_else(|| "near optimal".to_string(), str::to_string),
        ),
        "time_limit" => (
            true,
            format!(
                "stopped by the time limit with gap {}",
                number_cell(plan["mip_gap"].as_f64())
            ),
        ),
        "infeasible" => {
            let messages: Vec<String> = plan["infeasibility"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|i| {
                            Some(format!(
                                "{}: {}",
                                i["rule"].as_str()?,
                                i["message"].as_str()?
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let text = if messages.is_empty() {
                "the rules cannot be met".to_string()
            } else {
                messages.join("; ")
            };
            (false, text)
        }
        "time_limit_no_solution" => (false, "no feasible solution within the time limit".into()),
        "unbounded" => (false, "the model is unbounded (a modelling error)".into()),
        other => (false, format!("unknown status {other}")),
    };
    RunStatus { status, ok, reason }
}

fn seconds_of(phases: &serde_json::Value) -> Option<f64> {
    phases
        .as_array()
        .map(|list| list.iter().filter_map(|p| p["seconds"].as_f64()).sum())
}

/// What a run's figures stand for: `full_year`, `typical_days_N_checked` (planned on N
/// typical days, the figures those sizes' full year's) or `typical_days_N_estimate` (the
/// typical-day model's own, `horizon.aggregation.full_year_check: false`); empty without a
/// plan.json.
fn basis_of(plan: &serde_json::Value) -> String {
    if plan.is_null() {
        return String::new();
    }
    match plan["aggregation"]["typical_days"].as_u64() {
        // A cut of the year (`horizon.hours`), weighted to a year; output written before
        // `horizon` existed reads as the full year.
        None if plan["horizon"]["basis"] == "cut" => format!(
            "cut_{}h_from_hour_{}",
            plan["horizon"]["steps"].as_u64().unwrap_or(0),
            plan["horizon"]["first_hour"].as_u64().unwrap_or(0)
        ),
        None => "full_year".into(),
        Some(days) if plan["full_year_check"].is_null() => format!("typical_days_{days}_estimate"),
        // A check that found no full-year operation (a time limit) checked nothing.
        Some(days)
            if !matches!(
                plan["full_year_check"]["status"].as_str(),
                Some("optimal" | "near_optimal" | "time_limit" | "infeasible")
            ) =>
        {
            format!("typical_days_{days}_unchecked")
        }
        Some(days) => format!("typical_days_{days}_checked"),
    }
}

/// The summary table of `records`, one row each in the order given; `sweep_paths` are the
/// swept columns (from the spec, or gathered from the records).
pub fn summary_table(records: &[RunRecord], sweep_paths: &[String]) -> Table {
    let capacity_names: BTreeSet<String> = records
        .iter()
        .flat_map(|r| numbers_of(r.plan.as_ref().map(|p| &p["capacities"])))
        .map(|(name, _)| name)
        .collect();
    let mut header: Vec<String> = vec!["run".into(), "variant".into()];
    header.extend(sweep_paths.iter().cloned());
    header.extend(["status", "ok", "objective_rmb_per_yr", "mip_gap", "basis"].map(String::from));
    header.extend(capacity_names.iter().cloned());
    header.extend(KEY_KPIS.iter().map(|k| k.to_string()));
    header.extend(
        [
            "baseline_objective_rmb_per_yr",
            "baseline_intensity_t_per_tce",
            "solve_seconds",
            "build_seconds",
            "baseline_seconds",
            "wall_seconds",
            "reason",
            "overrides",
            "dir",
        ]
        .map(String::from),
    );
    let mut table = Table::new(header);
    for record in records {
        let m = &record.manifest;
        let status = status_of(record);
        let null = serde_json::Value::Null;
        let plan = record.plan.as_ref().unwrap_or(&null);
        let result = |v: &serde_json::Value| number_cell(v.as_f64().filter(|_| status.ok));
        let mut row = vec![m.name.clone(), m.variant.clone()];
        for path in sweep_paths {
            row.push(
                m.swept
                    .iter()
                    .find(|(p, _)| p == path)
                    .map(|(_, v)| match v {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .unwrap_or_default(),
            );
        }
        row.push(status.status.clone());
        row.push(status.ok.to_string());
        row.push(result(&plan["objective_rmb_per_yr"]));
        row.push(result(&plan["mip_gap"]));
        row.push(basis_of(plan));
        let capacities = numbers_of(Some(&plan["capacities"]));
        for name in &capacity_names {
            let value = capacities.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
            row.push(number_cell(value.filter(|_| status.ok)));
        }
        for kpi in KEY_KPIS {
            row.push(result(&plan["kpis"][kpi]));
        }
        row.push(number_cell(
            plan["baseline"]["objective_rmb_per_yr"].as_f64(),
        ));
        row.push(number_cell(
            plan["baseline"]["kpis"]["intensity_t_per_tce"].as_f64(),
        ));
        row.push(number_cell(plan["solve_seconds"].as_f64()));
        row.push(number_cell(plan["build_seconds"].as_f64()));
        row.push(number_cell(seconds_of(&plan["solve"]["baseline_phases"])));
        row.push(number_cell(record.outcome.as_ref().map(|o| o.wall_seconds)));
        row.push(status.reason);
        row.push(m.overrides.join("; "));
        row.push(record.dir.display().to_string());
        table.rows.push(row);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// summary.csv said nothing of which rows were unchecked typical-day estimates.
    #[test]
    fn the_basis_says_full_year_checked_or_estimate() {
        let days = json!({"typical_days": 12});
        assert_eq!(basis_of(&json!({"status": "optimal"})), "full_year");
        assert_eq!(
            basis_of(&json!({"horizon": {"basis": "cut", "steps": 168, "first_hour": 4032}})),
            "cut_168h_from_hour_4032"
        );
        assert_eq!(
            basis_of(&json!({"horizon": {"basis": "full_year", "steps": 8760}})),
            "full_year"
        );
        assert_eq!(
            basis_of(&json!({"aggregation": days, "full_year_check": {"status": "optimal"}})),
            "typical_days_12_checked"
        );
        assert_eq!(
            basis_of(&json!({"aggregation": days, "full_year_check": null})),
            "typical_days_12_estimate"
        );
        // A check that found no full-year operation within its time limit checked nothing.
        assert_eq!(
            basis_of(&json!({"aggregation": days,
                             "full_year_check": {"status": "time_limit_no_solution"}})),
            "typical_days_12_unchecked"
        );
        assert_eq!(basis_of(&serde_json::Value::Null), "");
    }
}
