//! `zcpark report DIR`: rebuilds `report.html` from what an output directory holds — a plan
//! (`plan.json`, `dispatch.csv`), or a batch, Pareto or sensitivity study (its CSV table and
//! each run's plan).

use super::allocation_summary;
use super::atomic::write_atomic;
use super::chart::{BarChart, BarSeries};
use super::files::REPORT_HTML;
use super::html::{plan_report, study_report, Columns, ReportOptions};
use super::lang::Lang;
use crate::csv_input::{CsvError, CsvText};
use std::path::{Path, PathBuf};

/// Why a report could not be rebuilt.
#[derive(Debug, thiserror::Error)]
pub enum RebuildError {
    /// The directory does not exist, or is not a directory.
    #[error("{0}: no such directory: give the --out directory of a zcpark run")]
    NoDirectory(PathBuf),
    /// The directory holds no output zcpark knows.
    #[error("{0}: no plan.json, summary.csv, pareto.csv, sensitivity.csv, pathway.csv or allocation.csv: not a zcpark output directory")]
    NotAnOutput(PathBuf),
    /// The directory holds a batch shard's summary only (`summary.shard-K-of-N.csv`).
    #[error("{0}: holds the batch shard summary {1}, not a whole batch's: `zcpark merge` the shards' directories (`--out` one of them) to write summary.csv and report.html")]
    ShardOnly(PathBuf, String),
    /// A file could not be read.
    #[error("{path}: {message}")]
    Read {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// A CSV file is wrong.
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// The report could not be written.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A CSV file's columns as text, header first.
fn read_table(path: &Path) -> Result<(Vec<String>, Vec<Vec<String>>), RebuildError> {
    let csv = CsvText::read(path)?;
    let table = csv.table()?;
    let header = table.header().fields().map(str::to_string).collect();
    let rows = table
        .rows()
        .iter()
        .map(|r| r.fields().map(str::to_string).collect())
        .collect();
    Ok((header, rows))
}

/// A CSV file of numbers (`dispatch.csv`, `cashflow.csv`) as columns (a text cell reads as
/// NaN, which no chart draws).
pub fn read_columns(path: &Path) -> Result<Columns, RebuildError> {
    let (header, rows) = read_table(path)?;
    let columns = header
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let values = rows
                .iter()
                .map(|r| r.get(i).and_then(|c| c.parse().ok()).unwrap_or(f64::NAN))
                .collect();
            (name.clone(), values)
        })
        .collect();
    Ok(Columns::new(columns))
}

fn read_json(path: &Path) -> Result<serde_json::Value, RebuildError> {
    let text = std::fs::read_to_string(path).map_err(|e| RebuildError::Read {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    serde_json::from_str(&text).map_err(|e| RebuildError::Read {
        path: path.display().to_string(),
        message: format!("not valid JSON: {e}"),
    })
}

/// The report of a plan's output directory.
pub fn plan_html(dir: &Path, options: &ReportOptions) -> Result<String, RebuildError> {
    let plan = read_json(&dir.join("plan.json"))?;
    let read = |name: &str| -> Result<Columns, RebuildError> {
        let path = dir.join(name);
        if path.exists() {
            read_columns(&path)
        } else {
            Ok(Columns::default())
        }
    };
    Ok(plan_report(
        &plan,
        &read("dispatch.csv")?,
        &read("cashflow.csv")?,
        options,
    ))
}

/// The report of a study's output directory from its table (`name.csv`): the table, and a
/// bar chart of each run's annual cost.
fn study_html(
    dir: &Path,
    name: &str,
    study_charts: Vec<String>,
    options: &ReportOptions,
) -> Result<String, RebuildError> {
    let (header, rows) = read_table(&dir.join(format!("{name}.csv")))?;
    let cost_column = header.iter().position(|h| {
        h == "objective_rmb_per_yr" || h == "annual_cost_rmb_per_yr" || h == "cost_rmb_per_yr"
    });
    let label_column = header
        .iter()
        .position(|h| h == "run" || h == "point" || h == "parameter" || h == "stage" || h == "park")
        .unwrap_or(0);
    let cost_title = match options.lang {
        Lang::En => "annual cost",
        Lang::Zh => "年化成本",
    };
    let (cost_unit, per_unit) = super::units::chart_money_per_yr(options.lang);
    // The study's name in the report's language (`年化成本：路径`), not its file name.
    let study = match (options.lang, name) {
        (Lang::En, "summary") => "batch",
        (Lang::En, other) => other,
        (Lang::Zh, "summary") => "批量计算",
        (Lang::Zh, "pareto") => "帕累托前沿",
        (Lang::Zh, "sensitivity") => "敏感性分析",
        (Lang::Zh, "pathway") => "转型路径",
        (Lang::Zh, "allocation") => "指标分配",
        (Lang::Zh, other) => other,
    };
    let costs = cost_column.map(|c| BarChart {
        title: match options.lang {
            Lang::En => format!("{study}: {cost_title}"),
            Lang::Zh => format!("{study}：{cost_title}"),
        },
        y_label: cost_unit.into(),
        categories: rows
            .iter()
            .map(|r| r.get(label_column).cloned().unwrap_or_default())
            .collect(),
        series: vec![BarSeries {
            name: cost_title.into(),
            colour_key: "plan".into(),
            values: rows
                .iter()
                .map(|r| {
                    r.get(c)
                        .and_then(|v| v.parse::<f64>().ok())
                        .map_or(0.0, |v| v / per_unit)
                })
                .collect(),
        }],
        stacked: false,
    });
    let mut charts = study_charts;
    if let Some(chart) = costs.filter(|c| c.categories.len() <= 60) {
        if let Ok(svg) = chart.to_svg() {
            charts.push(svg);
        }
    }
    // An allocation's key figures (method, cost, bound and gap, quotas, comparisons).
    let summary = if name == "allocation" {
        let json = read_json(&dir.join("allocation.json"))?;
        allocation_summary::lines(&json, options.lang)
    } else if name == "pathway" && dir.join("pathway.json").exists() {
        // A pathway's foresight and present cost (output written before pathway.json
        // existed has the table and charts only).
        let json = read_json(&dir.join("pathway.json"))?;
        super::pathway_summary::lines(&json, options.lang)
    } else {
        Vec::new()
    };
    Ok(study_report(
        name, &summary, &header, &rows, &charts, options,
    ))
}

/// The language a directory was written in: `report.lang` of its
/// `scenario.resolved.yaml`, or for a study's directory (batch, pareto, sensitivity,
/// pathway, allocate) that of its first plan's (under `runs/` or `parks/`), or the `lang` of
/// its `pathway.json` (a perfect-foresight pathway writes no plans); English when none says.
pub fn written_lang(dir: &Path) -> Lang {
    let lang_of = |resolved: &Path| -> Option<Lang> {
        let text = std::fs::read_to_string(resolved).ok()?;
        let doc = serde_yaml::from_str::<serde_yaml::Value>(&text).ok()?;
        serde_yaml::from_value(doc["report"]["lang"].clone()).ok()
    };
    let own = dir.join("scenario.resolved.yaml");
    if own.exists() {
        return lang_of(&own).unwrap_or_default();
    }
    ["runs", "parks"]
        .iter()
        .filter_map(|sub| std::fs::read_dir(dir.join(sub)).ok())
        .flat_map(|entries| {
            let mut runs: Vec<std::path::PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path().join("scenario.resolved.yaml"))
                .filter(|p| p.exists())
                .collect();
            runs.sort();
            runs
        })
        .next()
        .and_then(|first| lang_of(&first))
        .or_else(|| {
            let text = std::fs::read_to_string(dir.join("pathway.json")).ok()?;
            let doc = serde_json::from_str::<serde_json::Value>(&text).ok()?;
            serde_json::from_value(doc["lang"].clone()).ok()
        })
        .unwrap_or_default()
}

/// The options of a report rebuilt as its directory was written: its language
/// ([`written_lang`]), the default weeks.
pub fn written_options(dir: &Path) -> ReportOptions {
    ReportOptions {
        lang: written_lang(dir),
        ..ReportOptions::default()
    }
}

/// What a plan directory's report will be without (for the user, beside the report): a file
/// `plan.json` lists that is missing, a week asked for (`options.weeks`) that the dispatch's
/// hours do not hold. Empty for other directories.
pub fn plan_dir_warnings(dir: &Path, options: &ReportOptions) -> Vec<String> {
    let Ok(plan) = read_json(&dir.join("plan.json")) else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    // dispatch.csv is written with a dispatch (a plan, or a diagnosis), cashflow.csv with
    // cash flows; plan.json of earlier versions listed both even without them.
    let has_plan = matches!(
        plan["status"].as_str(),
        Some("optimal" | "near_optimal" | "time_limit")
    ) || plan["infeasibility"]
        .as_array()
        .is_some_and(|i| !i.is_empty());
    let has_cash_flows = plan["finance"].get("not_computed").is_none();
    for (name, what, written) in [
        ("dispatch.csv", "dispatch charts and heatmaps", has_plan),
        ("cashflow.csv", "cash-flow chart", has_cash_flows),
    ] {
        if written && plan["files"].get(name).is_some() && !dir.join(name).exists() {
            warnings.push(format!(
                "{}: listed in plan.json but missing: the report has no {what}",
                dir.join(name).display()
            ));
        }
    }
    if !options.weeks.is_empty() {
        if let Ok(dispatch) = read_columns(&dir.join("dispatch.csv")) {
            let hours = dispatch.get("hour");
            let in_a_row = hours.windows(2).all(|w| w[1] == w[0] + 1.0);
            let span = match (hours.first(), hours.last()) {
                // Typical days: their hours are each day's own, not a stretch of the year.
                _ if !in_a_row => format!(
                    "the dispatch holds {} typical days, not the weeks of the year",
                    hours.len() / 24
                ),
                (Some(a), Some(b)) => {
                    format!("the week must lie whole in hours {a}-{b} of the year")
                }
                _ => "no hours".into(),
            };
            for week in &options.weeks {
                if super::weeks::rows_of(*week, &hours).is_none() {
                    warnings.push(format!(
                        "--weeks {}: not in the modelled hours ({span}): no dispatch chart for it",
                        week.start_hour / super::weeks::WEEK_H + 1
                    ));
                }
            }
        }
    }
    warnings
}

/// Rebuilds `DIR/report.html` from what `dir` holds; returns the file written.
///
/// # Errors
/// [`RebuildError`] naming the file that is missing, unreadable or wrong.
pub fn rebuild(dir: &Path, options: &ReportOptions) -> Result<PathBuf, RebuildError> {
    if !dir.is_dir() {
        return Err(RebuildError::NoDirectory(dir.to_path_buf()));
    }
    let html = if dir.join("plan.json").exists() {
        plan_html(dir, options)?
    } else {
        let svg_of = |name: &str| std::fs::read_to_string(dir.join(format!("{name}.svg"))).ok();
        let strip = |svg: String| match svg.split_once("?>") {
            Some((_, body)) if svg.starts_with("<?xml") => body.trim().to_string(),
            _ => svg,
        };
        let shard_summary = || {
            std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .find(|n| n.starts_with("summary.shard-") && n.ends_with(".csv"))
        };
        let study = ["summary", "pareto", "sensitivity", "pathway", "allocation"]
            .into_iter()
            .find(|name| dir.join(format!("{name}.csv")).exists())
            .ok_or_else(|| match shard_summary() {
                Some(name) => RebuildError::ShardOnly(dir.to_path_buf(), name),
                None => RebuildError::NotAnOutput(dir.to_path_buf()),
            })?;
        let charts: Vec<String> = match study {
            "pathway" => ["pathway-capacity", "pathway-intensity"]
                .into_iter()
                .filter_map(svg_of)
                .map(strip)
                .collect(),
            // The merit order and the province's cost against the total of each quota.
            "allocation" => {
                let mut names: Vec<String> = std::fs::read_dir(dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter_map(|n| n.strip_suffix(".svg").map(String::from))
                    .filter(|n| n.starts_with("merit_order_") || n.starts_with("province_cost_"))
                    .collect();
                names.sort();
                names.iter().filter_map(|n| svg_of(n)).map(strip).collect()
            }
            _ => svg_of(study).map(strip).into_iter().collect(),
        };
        study_html(dir, study, charts, options)?
    };
    let path = dir.join(REPORT_HTML);
    write_atomic(&path, html.as_bytes()).map_err(|source| RebuildError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::weeks::Week;

    /// A report rebuilt without a file plan.json lists, or for a week the dispatch does not
    /// hold (a cut of the year from hour 4032), says so; it dropped the charts silently.
    #[test]
    fn a_report_without_its_dispatch_or_weeks_says_so() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("plan.json"),
            r#"{"status": "optimal", "finance": {"npv_rmb": 1.0},
                "files": {"dispatch.csv": "...", "cashflow.csv": "...", "plan.json": "..."}}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("cashflow.csv"), "year\n0\n").unwrap();
        let none = ReportOptions::default();
        let warnings = plan_dir_warnings(dir.path(), &none);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].ends_with(
            "dispatch.csv: listed in plan.json but missing: the report has no dispatch charts \
             and heatmaps"
        ));
        // An infeasible plan of an earlier version listed both files without writing them.
        let old = tempfile::tempdir().unwrap();
        std::fs::write(
            old.path().join("plan.json"),
            r#"{"status": "infeasible", "finance": {"not_computed": "no plan"},
                "files": {"dispatch.csv": "...", "cashflow.csv": "..."}}"#,
        )
        .unwrap();
        assert!(plan_dir_warnings(old.path(), &none).is_empty());
        // `report DIR` without --lang keeps the language the plan was written in.
        assert_eq!(written_lang(old.path()), Lang::En);
        std::fs::write(
            old.path().join("scenario.resolved.yaml"),
            "name: x\nreport:\n  lang: zh\n",
        )
        .unwrap();
        assert_eq!(written_lang(old.path()), Lang::Zh);
        let hours: String = (4032..4200).map(|h| format!("{h},1\n")).collect();
        std::fs::write(
            dir.path().join("dispatch.csv"),
            format!("hour,load_mw\n{hours}"),
        )
        .unwrap();
        let weeks = ReportOptions {
            weeks: vec![Week::numbered(5).unwrap(), Week::numbered(25).unwrap()],
            ..ReportOptions::default()
        };
        assert_eq!(
            plan_dir_warnings(dir.path(), &weeks),
            vec![
                "--weeks 5: not in the modelled hours (the week must lie whole in hours \
                 4032-4199 of the year): no dispatch chart for it"
                    .to_string()
            ]
        );
        // Typical days: two days (hours 0-23 and 4920-4943) are not a stretch of the year, so
        // week 30 (hours 4872-5039), which spans the second, is said to be outside them
        // as typical days (it read "hours 0-4943 of the year", which holds the week).
        let hours: String = (0..24)
            .chain(4920..4944)
            .map(|h| format!("{h},1\n"))
            .collect();
        std::fs::write(
            dir.path().join("dispatch.csv"),
            format!("hour,load_mw\n{hours}"),
        )
        .unwrap();
        let week = ReportOptions {
            weeks: vec![Week::numbered(30).unwrap()],
            ..ReportOptions::default()
        };
        assert_eq!(
            plan_dir_warnings(dir.path(), &week),
            vec![
                "--weeks 30: not in the modelled hours (the dispatch holds 2 typical days, not \
                 the weeks of the year): no dispatch chart for it"
                    .to_string()
            ]
        );
    }
}
