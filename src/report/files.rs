//! The files `zcpark plan` writes: `plan.json`, `dispatch.csv`, `cashflow.csv`,
//! `plan.xlsx`, `report.html`, `scenario.resolved.yaml`.

use super::atomic::{remove_if_present, write_atomic};
use super::html::{plan_report, Columns, ReportOptions};
use super::weeks::Week;
use super::xlsx;
use crate::finance::cashflow::CashFlows;
use crate::finance::FinanceOutcome;
use crate::plan::{dispatch::Dispatch, PlanOutcome, PlanReport};
use crate::scenario::resolve::{map_paths, ResolvedScenario};
use crate::scenario::spec::ScenarioSpec;
use crate::scenario::ScenarioSource;
use serde::Serialize;
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
/// Name of the HTML report.
pub const REPORT_HTML: &str = "report.html";

/// The report options a scenario's `report:` section asks for.
pub fn report_options(spec: &crate::scenario::spec::ReportSpec) -> ReportOptions {
    ReportOptions {
        lang: spec.lang.unwrap_or_default(),
        weeks: spec
            .weeks
            .iter()
            .flatten()
            .filter_map(|w| Week::numbered(*w))
            .collect(),
    }
}
/// Name of the yearly cash flows.
pub const CASHFLOW_CSV: &str = "cashflow.csv";

/// What `plan.json` holds: the plan report and, under `finance`, its cash flows' results
/// and assumptions (or why there are none).
#[derive(Debug, Serialize)]
pub struct PlanDocument<'a> {
    /// The plan against its baseline.
    #[serde(flatten)]
    pub report: &'a PlanReport,
    /// The investor's view.
    pub finance: &'a FinanceOutcome,
}

/// `plan.json` as a value (for the summary and the HTML report).
pub fn plan_value(
    report: &PlanReport,
    finance: &FinanceOutcome,
) -> serde_json::Result<serde_json::Value> {
    json_value(&PlanDocument { report, finance })
}

/// `plan.json` as text.
pub fn plan_json(report: &PlanReport, finance: &FinanceOutcome) -> serde_json::Result<String> {
    json_pretty(&PlanDocument { report, finance })
}

/// A CSV cell: whole numbers without decimals, others to 6 decimals.
fn cell(out: &mut String, v: f64) {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let _ = write!(out, "{}", v as i64);
    } else {
        let text = format!("{v:.6}");
        // What rounds to zero at six decimals is written 0, not -0.000000.
        if text.trim_start_matches('-') == "0.000000" {
            out.push('0');
        } else {
            out.push_str(&text);
        }
    }
}

/// Named columns as CSV: the header line first (units in the names), then one row per index.
fn columns_csv(columns: &[(String, Vec<f64>)]) -> String {
    let rows = columns.first().map_or(0, |(_, v)| v.len());
    let mut out = String::with_capacity(16 * columns.len() * (rows + 1));
    let header: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for row in 0..rows {
        for (i, (_, values)) in columns.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            cell(&mut out, values[row]);
        }
        out.push('\n');
    }
    out
}

/// The cash flows as CSV: the header line first, then one row per year (0 construction,
/// 1.. operation); what the columns hold is said in `plan.json` → `files`.
pub fn cashflow_csv(flows: &CashFlows) -> String {
    columns_csv(&flows.columns())
}

/// The dispatch as CSV: the header line first (units in the column names), then one row per
/// modelled hour, every flow. What the file is, is said in `plan.json` → `files` (a `#` line
/// before the header is read as data by spreadsheets and pandas).
pub fn dispatch_csv(dispatch: &Dispatch) -> String {
    columns_csv(&dispatch.columns())
}

/// `spec` with each file it names by a relative path (the embedded example's, inside zcpark)
/// copied into `dir/inputs/` and named by the copy's absolute path, so that
/// `scenario.resolved.yaml` reproduces the run from anywhere (it named
/// `../data/profiles/ordos-load.csv`, which no directory holds).
///
/// # Errors
/// An embedded file that cannot be read, or a copy that cannot be written.
fn with_embedded_copies(spec: ScenarioSpec, dir: &Path) -> std::io::Result<ScenarioSpec> {
    let inputs = dir.join("inputs");
    map_paths(spec, &mut |file| {
        if Path::new(file).is_absolute() {
            return Ok(file.to_string());
        }
        // A relative path that is not an embedded file (a disk scenario's file that could
        // not be made absolute) stays as it is.
        let Ok(text) = ScenarioSource::Embedded.read_relative(file) else {
            return Ok(file.to_string());
        };
        let name = Path::new(file)
            .file_name()
            .map_or_else(|| "input".into(), |n| n.to_os_string());
        std::fs::create_dir_all(&inputs)?;
        let copy = inputs.join(name);
        write_atomic(&copy, text.as_bytes())?;
        Ok(std::fs::canonicalize(&copy)?.display().to_string())
    })
}

/// Writes the output files of a plan into `dir` (created if needed), each atomically:
/// `scenario.resolved.yaml`, `dispatch.csv` and `cashflow.csv` when there are a dispatch and
/// cash flows (a `cashflow.csv` of an earlier run is removed when there are none),
/// `plan.xlsx`, `report.html` (in the scenario's `report.lang`), and `plan.json` (with
/// `finance`) last, so its presence means the run is complete.
pub fn write_plan_outputs(
    dir: &Path,
    outcome: &PlanOutcome,
    resolved: &ResolvedScenario,
    finance: &FinanceOutcome,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let spec = with_embedded_copies(resolved.reproducible_spec(), dir)?;
    let yaml = serde_yaml::to_string(&spec).map_err(std::io::Error::other)?;
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
    match &outcome.dispatch {
        Some(dispatch) => write_atomic(&dir.join(DISPATCH_CSV), dispatch_csv(dispatch).as_bytes())?,
        // No dispatch this run: one left by an earlier run in `dir` would mislead.
        None => remove_if_present(&dir.join(DISPATCH_CSV))?,
    }
    let lang = resolved.spec.report.lang.unwrap_or_default();
    let workbook = xlsx::plan_workbook(&outcome.report, outcome.dispatch.as_ref(), finance, lang)
        .map_err(|e| std::io::Error::other(format!("{PLAN_XLSX}: {e}")))?;
    write_atomic(&dir.join(PLAN_XLSX), &workbook)?;
    match finance.report() {
        Some(report) => write_atomic(
            &dir.join(CASHFLOW_CSV),
            cashflow_csv(&report.cash_flows).as_bytes(),
        )?,
        // No cash flows this run: a file left by an earlier run in `dir` would mislead.
        None => remove_if_present(&dir.join(CASHFLOW_CSV))?,
    }
    let mut value = json_value(&PlanDocument {
        report: &outcome.report,
        finance,
    })
    .map_err(std::io::Error::other)?;
    // `files` lists only what this run wrote (no dispatch or cash flows without a plan).
    if let Some(files) = value["files"].as_object_mut() {
        if outcome.dispatch.is_none() {
            files.remove(DISPATCH_CSV);
        }
        if finance.report().is_none() {
            files.remove(CASHFLOW_CSV);
        }
    }
    let table = outcome
        .dispatch
        .as_ref()
        .map(|d| Columns::new(d.columns()))
        .unwrap_or_default();
    let flows = finance
        .report()
        .map(|r| Columns::new(r.cash_flows.columns()))
        .unwrap_or_default();
    let html = plan_report(
        &value,
        &table,
        &flows,
        &report_options(&resolved.spec.report),
    );
    write_atomic(&dir.join(REPORT_HTML), html.as_bytes())?;
    let json = json_pretty(&value).map_err(std::io::Error::other)?;
    write_atomic(&dir.join(PLAN_JSON), json.as_bytes())
}

/// `value` as pretty JSON in its fields' order, every −0 written as 0 (see [`json_value`]).
///
/// # Errors
/// serde_json's, when `value` cannot be written as JSON.
pub fn json_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    // The number tokens `-0.0` and `-0` lose their sign; strings are left as they are.
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for (i, c) in text.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '-' {
            let token = text[i + 1..]
                .split([',', ']', '}', '\n', ' '])
                .next()
                .unwrap_or("");
            if token == "0.0" || token == "0" {
                continue;
            }
        }
        out.push(c);
    }
    Ok(out)
}

/// `value` as a JSON value with every −0 made 0: a sum that cancels to −0.0 (a negated zero
/// revenue) would otherwise read `-0.0` in the file and `-0.00` in a report.
///
/// # Errors
/// serde_json's, when `value` cannot be written as JSON.
pub fn json_value<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<serde_json::Value> {
    fn positive_zeros(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Number(n) if n.is_f64() && n.as_f64() == Some(0.0) => {
                *value = serde_json::Value::from(0.0);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(positive_zeros),
            serde_json::Value::Object(map) => map.values_mut().for_each(positive_zeros),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(value)?;
    positive_zeros(&mut value);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A −0 anywhere in a document is written 0 (plan.json read `-0.0` for a zero export
    /// revenue); other numbers keep their sign.
    #[test]
    fn negative_zero_is_written_as_zero() {
        let value = serde_json::json!({"a": -0.0, "b": [-0.0, -1.5, -0.05],
                                       "c": {"d": -0.0, "e": "x -0.0, \"-0.0\""}});
        let text = json_pretty(&value).unwrap();
        assert!(!text.contains(": -0.0"), "{text}");
        assert!(text.contains("-1.5") && text.contains("-0.05"), "{text}");
        // Strings keep what they say.
        assert!(text.contains(r#""x -0.0, \"-0.0\"""#), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(back["a"].as_f64().unwrap().is_sign_positive());
        assert!(back["b"][0].as_f64().unwrap().is_sign_positive());
        assert!(back["c"]["d"].as_f64().unwrap().is_sign_positive());
        assert_eq!(back["c"]["e"], value["c"]["e"]);
    }

    /// A solver's -1e-8 kg of hydrogen in store was written -0.000000.
    #[test]
    fn cells_round_tiny_values_to_zero_without_a_sign() {
        let mut out = String::new();
        for v in [-1e-8, 3e-7, -5e-7, -0.0, 1.5, -2.0, -4e-6] {
            cell(&mut out, v);
            out.push(' ');
        }
        assert_eq!(out, "0 0 0 0 1.500000 -2 -0.000004 ");
    }
}
