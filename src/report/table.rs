//! The summary `zcpark plan` prints: a one-line verdict first, then capacities, indicators
//! and annual cost by item in aligned columns, plan beside baseline, in English or Chinese,
//! with statuses and switches in words.

use super::lang::{self, cost_item, technology, Lang, Term};
use super::units;
use crate::finance::metrics::Irr;
use crate::finance::FinanceOutcome;
use serde_json::Value;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// `text` padded with spaces to `width` terminal columns (a Chinese character takes two),
/// on the right (`left` true: text left-aligned) or on the left.
fn pad(text: &str, width: usize, left: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(text.width()));
    if left {
        format!("{text}{fill}")
    } else {
        format!("{fill}{text}")
    }
}

/// Rows of cells, the first column left-aligned, the others right-aligned, each column as wide
/// as its widest cell.
fn columns(out: &mut String, rows: &[Vec<String>]) {
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| pad(cell, widths[c], c == 0))
            .collect();
        let _ = writeln!(out, "  {}", cells.join("   ").trim_end());
    }
}

fn f(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// The summary of `plan` (`plan.json` as a value) in `lang`.
pub fn summary(plan: &Value, lang: Lang) -> String {
    let t = |term: Term| term.text(lang);
    let mut out = String::new();
    let k = &plan["kpis"];
    let b = &plan["baseline"]["kpis"];
    let acc = &plan["accounting"];
    let limit = f(&acc["intensity_limit_used_t_per_tce"]).unwrap_or(f64::NAN);
    let status = plan["status"].as_str().unwrap_or("");
    let has_plan = matches!(status, "optimal" | "near_optimal" | "time_limit");
    let intensity = f(&k["intensity_t_per_tce"]);
    let meets = has_plan && intensity.is_some_and(|i| i <= limit * (1.0 + 1e-6));
    let money = |v: &Value| f(v).map_or("-".to_string(), |x| units::money_per_year(x, lang));

    // The verdict.
    let verdict = if meets {
        t(Term::Meets)
    } else {
        t(Term::Fails)
    };
    // A plan that cannot meet its rules: the rules it fails, not the diagnosis's intensity
    // (which may meet its limit when another rule fails).
    let why = lang::failed_rules(plan, lang).unwrap_or_else(|| {
        format!(
            "{} {} ({} {})",
            t(Term::CoreIndicator),
            intensity.map_or("-".into(), |i| units::intensity(i, lang)),
            t(Term::Limit),
            units::intensity(limit, lang),
        )
    });
    let _ = writeln!(
        out,
        "{}: {} — {why}; {} {} ({} {})",
        plan["scenario"].as_str().unwrap_or(""),
        verdict.to_uppercase(),
        t(Term::AnnualCost),
        money(&plan["objective_rmb_per_yr"]),
        t(Term::Baseline),
        money(&plan["baseline"]["objective_rmb_per_yr"]),
    );
    let gap = f(&plan["mip_gap"]).map_or("-".into(), |g| format!("{:.3} %", 100.0 * g));
    let _ = writeln!(
        out,
        "{}: {}, {} {gap} — {} ({:.2} s)",
        t(Term::Status),
        lang::status(status, lang),
        t(Term::Gap),
        lang::stop_reason(plan, lang),
        f(&plan["solve_seconds"]).unwrap_or(0.0),
    );
    if let Some(note) = lang::cut_note(&plan["horizon"], lang) {
        let _ = writeln!(out, "{}: {note}", t(Term::Horizon));
    }
    if let Some(profiles) = plan["resource_profiles"].as_object() {
        for (tech, origin) in profiles {
            let _ = writeln!(
                out,
                "{}: {}",
                technology(tech, lang),
                lang::profile_origin(
                    f(&origin["full_load_hours_h"]).unwrap_or(0.0),
                    origin["description"].as_str().unwrap_or(""),
                    lang
                )
            );
        }
    }
    if let Some(days) = plan["aggregation"]["days"].as_array() {
        let _ = writeln!(
            out,
            "{}: {} ({}, {}, {})",
            t(Term::TypicalDays),
            days.len(),
            lang::switch(plan["aggregation"]["method"].as_str().unwrap_or(""), lang),
            lang::switch(
                plan["aggregation"]["storage_linking"]
                    .as_str()
                    .unwrap_or(""),
                lang
            ),
            lang::switch(
                plan["aggregation"]["representation"].as_str().unwrap_or(""),
                lang
            )
        );
    }
    let warm = &plan["warm_start"];
    if !warm.is_null() {
        let sizes: Vec<String> = warm["sizes"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(name, _)| {
                name.ends_with("_turbines")
                    || name.ends_with("_stacks")
                    || name.starts_with("ccus_new_modules")
            })
            .map(|(name, v)| format!("{name} {}", v.as_f64().unwrap_or(f64::NAN)))
            .collect();
        let _ = writeln!(
            out,
            "{}: {} {} ({:.1} s, {}): {}",
            t(Term::WarmStart),
            warm["typical_days"],
            t(Term::TypicalDays),
            f(&warm["seconds"]).unwrap_or(f64::NAN),
            money(&warm["typical_day_estimate_rmb_per_yr"]),
            if !warm["sizes"].is_object() {
                let status = warm["typical_day_status"].as_str().unwrap_or("");
                match lang {
                    Lang::En => format!(
                        "no plan on the typical days ({status}); the full-year search started cold"
                    ),
                    Lang::Zh => format!(
                        "典型日无方案（{}），全年求解从头开始",
                        lang::status(status, Lang::Zh)
                    ),
                }
            } else if sizes.is_empty() {
                "-".to_string()
            } else {
                sizes.join(", ")
            }
        );
    }
    let check = &plan["full_year_check"];
    if !check.is_null() {
        let _ = writeln!(
            out,
            "{}: {}; {} {} → {} ({})",
            t(Term::FullYearCheck),
            lang::full_year_check_message(check, lang),
            t(Term::TypicalDays),
            money(&check["typical_day_estimate_rmb_per_yr"]),
            money(&check["objective_rmb_per_yr"]),
            // The change from the estimate to the full year, relative to the estimate (the
            // arrow's reading); `gap_to_estimate` is relative to the full year.
            f(&check["typical_day_estimate_rmb_per_yr"])
                .zip(f(&check["objective_rmb_per_yr"]))
                .filter(|(estimate, _)| estimate.abs() > 0.0)
                .map_or("-".into(), |(estimate, full)| format!(
                    "{:+.2} %",
                    100.0 * (full - estimate) / estimate.abs()
                ))
        );
    }
    let readings: Vec<String> = k["intensity_by_reading"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            // A reading held to another tier than the plan's (under `auto`) says which.
            let own = f(&r["limit_t_per_tce"])
                .filter(|l| (l - limit).abs() > 1e-9)
                .map(|l| format!(" (≤ {})", units::intensity(l, lang)))
                .unwrap_or_default();
            format!(
                "{} {}{own}{}",
                lang::reading_name(&r["reading"], &plan["accounting"], lang),
                f(&r["intensity_t_per_tce"]).map_or("-".into(), |i| units::intensity(i, lang)),
                if r["meets_limit"].as_bool().unwrap_or(false) {
                    ""
                } else {
                    " ✗"
                }
            )
        })
        .collect();
    if has_plan && !readings.is_empty() {
        let _ = writeln!(out, "{}: {}", t(Term::Readings), readings.join("; "));
    }
    if let Some(extra) = f(&plan["robustness"]["extra_cost_rmb_per_yr"]) {
        let _ = writeln!(
            out,
            "{}: {}",
            t(Term::RobustnessCost),
            units::money_per_year(extra, lang)
        );
    }
    if let Some(line) = design_line(plan, lang) {
        let _ = writeln!(out, "{line}");
    }
    for p in plan["infeasibility"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "{}: {}",
            crate::report::lang::rule_name(p["rule"].as_str().unwrap_or(""), lang),
            crate::report::lang::infeasibility_text(p, lang)
        );
    }
    if let Some(e) = plan["explanation"].as_object() {
        let parts: Vec<String> = e["parts"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                format!(
                    "{} {} ({})",
                    p["kind"].as_str().unwrap_or(""),
                    p["family"].as_str().unwrap_or(""),
                    p["count"]
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "{}: {}",
            e["kind"].as_str().unwrap_or(""),
            parts.join("; ")
        );
    }

    // Capacities.
    if let Some(caps) = plan["capacities"].as_object() {
        let get = |key: &str| caps.get(key).and_then(Value::as_f64).unwrap_or(0.0);
        let mut rows = vec![vec![
            format!("{}", t(Term::Capacities)),
            t(Term::Total).to_string(),
            t(Term::New).to_string(),
        ]];
        let mut push = |key: &str, total: f64, new: f64, show: &dyn Fn(f64) -> String| {
            if total > 1e-9 {
                rows.push(vec![technology(key, lang), show(total), show(new)]);
            }
        };
        let power = |v: f64| units::power(v, lang);
        let energy = |v: f64| units::energy(v, lang);
        let other = |unit: &'static str| move |v: f64| format!("{} {unit}", units::number(v, 1));
        let heat_power = |v: f64| units::heat_power(v, lang);
        let heat_energy = |v: f64| units::heat_energy(v, lang);
        push("pv", get("pv_mw"), get("pv_new_mw"), &power);
        push(
            "wind",
            get("wind_mw"),
            get("wind_mw") * ratio(get("wind_new_turbines"), get("wind_turbines")),
            &power,
        );
        push("battery", get("battery_mw"), get("battery_new_mw"), &power);
        push(
            "battery",
            get("battery_mwh"),
            get("battery_new_mwh"),
            &energy,
        );
        push(
            "electrolyser",
            get("electrolyser_mw"),
            get("electrolyser_mw")
                * ratio(get("electrolyser_new_stacks"), get("electrolyser_stacks")),
            &power,
        );
        push(
            "h2_storage",
            get("h2_storage_kg"),
            get("h2_storage_new_kg"),
            &other("kg"),
        );
        push(
            "electric_boiler",
            get("electric_boiler_mw"),
            get("electric_boiler_new_mw"),
            &heat_power,
        );
        push(
            "heat_pump",
            get("heat_pump_mw"),
            get("heat_pump_new_mw"),
            &heat_power,
        );
        push(
            "thermal_storage",
            get("thermal_storage_mwh"),
            get("thermal_storage_new_mwh"),
            &heat_energy,
        );
        if let Some(by_source) = caps
            .get("ccus_modules_by_source")
            .and_then(Value::as_object)
        {
            for (source, modules) in by_source {
                let count = match lang {
                    Lang::En => format!("{modules} modules"),
                    Lang::Zh => format!("{modules} 套"),
                };
                rows.push(vec![
                    format!("{} {source}", technology("ccus", lang)),
                    count,
                    String::new(),
                ]);
            }
        }
        out.push('\n');
        columns(&mut out, &rows);
    }

    // Indicators.
    if !k.is_null() || !b.is_null() {
        let clean_target = f(&acc["clean_share"]["target"]);
        type Show = fn(f64, Lang) -> String;
        let rows_spec: [(Term, &str, Show, Option<String>); 9] = [
            (
                Term::CoreIndicator,
                "intensity_t_per_tce",
                units::intensity,
                Some(format!("≤ {}", units::intensity(limit, lang))),
            ),
            (
                Term::CleanShare,
                "clean_share",
                |v, _| units::percent(v),
                clean_target.map(|c| format!("≥ {}", units::percent(c))),
            ),
            (
                Term::SelfConsumption,
                "renewable_self_consumption",
                |v, _| units::percent(v),
                None,
            ),
            (Term::Emissions, "emissions_t", units::tonnes, None),
            (Term::EnergyConsumption, "energy_tce", units::tce, None),
            (Term::GridImport, "grid_import_mwh", units::energy, None),
            (Term::GreenPower, "green_purchase_mwh", units::energy, None),
            (Term::Export, "grid_export_mwh", units::energy, None),
            (Term::Curtailment, "curtailment_mwh", units::energy, None),
        ];
        let mut rows = vec![vec![
            t(Term::Indicators).to_string(),
            t(lang::plan_column(plan)).to_string(),
            t(Term::Baseline).to_string(),
            t(Term::Limit).to_string(),
        ]];
        for (term, key, show, bound) in rows_spec {
            let cell = |v: &Value| f(&v[key]).map_or("-".into(), |x| show(x, lang));
            rows.push(vec![
                t(term).into(),
                cell(k),
                cell(b),
                bound.unwrap_or_default(),
            ]);
        }
        out.push('\n');
        columns(&mut out, &rows);
    }

    // Annual cost by item, largest first.
    if let Some(costs) = plan["costs"].as_object() {
        let base = plan["baseline"]["costs"].as_object();
        let mut items: Vec<(&String, f64)> = costs
            .iter()
            .map(|(item, v)| (item, v.as_f64().unwrap_or(0.0)))
            .filter(|(item, v)| {
                v.abs() > 0.5
                    || base
                        .and_then(|b| b.get(*item))
                        .and_then(Value::as_f64)
                        .is_some_and(|x| x.abs() > 0.5)
            })
            .collect();
        items.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let mut rows = vec![vec![
            t(Term::CostByItem).to_string(),
            t(lang::plan_column(plan)).to_string(),
            t(Term::Baseline).to_string(),
        ]];
        // One unit down the columns (万元/年 in Chinese, not 亿元 above 万元).
        let cell =
            |v: Option<f64>| v.map_or("-".into(), |x| units::money_per_year_in_column(x, lang));
        rows.push(vec![
            t(Term::Total).to_string(),
            cell(f(&plan["objective_rmb_per_yr"])),
            cell(f(&plan["baseline"]["objective_rmb_per_yr"])),
        ]);
        for (item, value) in items {
            let base_value = base.and_then(|b| b.get(item)).and_then(Value::as_f64);
            rows.push(vec![
                cost_item(item, lang),
                cell(Some(value)),
                cell(base_value),
            ]);
        }
        out.push('\n');
        columns(&mut out, &rows);
    }

    // Headline figures and the accounting in force.
    let mut rows = Vec::new();
    type Figure = (Term, &'static str, fn(f64, Lang) -> String);
    let figures: [Figure; 5] = [
        (Term::Capex, "capex_rmb", units::money),
        (Term::Lcoe, "lcoe_rmb_per_mwh", units::price_per_kwh),
        (Term::Lcoh, "lcoh_rmb_per_kg", units::price_per_kg),
        (
            Term::AbatementCost,
            "abatement_cost_rmb_per_t",
            units::price_per_tonne,
        ),
        (Term::SavingPayback, "payback_years", units::years),
    ];
    for (term, key, show) in figures {
        if let Some(v) = f(&k[key]) {
            rows.push(vec![t(term).to_string(), show(v, lang)]);
        }
    }
    if !rows.is_empty() {
        out.push('\n');
        columns(&mut out, &rows);
    }
    let _ = writeln!(
        out,
        "\n{}: {} {} ({} tce/MWh); {} {} {} t/MWh; {} {} ({}); {} {}; {} {}",
        t(Term::Accounting),
        t(Term::TceBasis),
        lang::switch(acc["electricity_tce_basis"].as_str().unwrap_or(""), lang),
        f(&acc["electricity_tce_per_mwh"]).unwrap_or(f64::NAN),
        t(Term::GridFactor),
        lang::grid_factor(acc["grid_factor_name"].as_str().unwrap_or(""), lang),
        f(&acc["grid_t_co2_per_mwh"]).unwrap_or(f64::NAN),
        t(Term::Limit),
        units::intensity(limit, lang),
        lang::limit_basis(acc["intensity_limit_basis"].as_str().unwrap_or(""), lang),
        t(Term::ProcessCo2),
        lang::switch(acc["process_emissions"].as_str().unwrap_or(""), lang),
        t(Term::CcusDeduction),
        lang::switch(
            &acc["ccus_deduction"].as_bool().unwrap_or(false).to_string(),
            lang
        ),
    );
    for w in lang::warnings(plan, lang) {
        let _ = writeln!(out, "{}: {w}", t(Term::Warnings));
    }
    out
}

fn irr_text(irr: &Irr, lang: Lang) -> String {
    match (irr, lang) {
        (Irr::Unique { rate }, _) => format!("{:.2} %", 100.0 * rate),
        (Irr::Multiple { rates }, _) => format!(
            "{} ({}): {}",
            match lang {
                Lang::En => "several",
                Lang::Zh => "多解",
            },
            rates
                .iter()
                .map(|r| format!("{:.2} %", 100.0 * r))
                .collect::<Vec<_>>()
                .join(", "),
            match lang {
                Lang::En => "judge by the NPV",
                Lang::Zh => "以净现值判断",
            }
        ),
        (Irr::None { reason }, _) => format!("- ({reason})"),
    }
}

/// The investor's view in a few aligned lines: NPV, IRRs and paybacks of the plan against
/// the baseline, with the period and rates they rest on.
pub fn finance_summary(finance: &FinanceOutcome, lang: Lang) -> String {
    let t = |term: Term| term.text(lang);
    let mut out = String::new();
    let report = match finance {
        FinanceOutcome::Computed(report) => report,
        FinanceOutcome::NotComputed { not_computed } => {
            let _ = writeln!(
                out,
                "\n{}: - ({})",
                t(Term::CashFlows),
                crate::report::lang::not_computed(not_computed, lang)
            );
            return out;
        }
    };
    let (r, a) = (&report.results, &report.assumptions);
    let terms = serde_json::to_value(a)
        .map(|a| lang::finance_terms(&a, lang))
        .unwrap_or_default();
    let _ = writeln!(out, "\n{} ({terms})", t(Term::CashFlows));
    let years = |v: Option<f64>| v.map_or("-".into(), |y| units::years(y, lang));
    let rows = vec![
        vec![
            t(Term::Npv).to_string(),
            units::money(r.npv_rmb, lang),
            units::money(r.npv_before_tax_rmb, lang),
        ],
        vec![
            t(Term::ProjectIrr).to_string(),
            irr_text(&r.project_irr, lang),
            irr_text(&r.project_irr_before_tax, lang),
        ],
        vec![
            t(Term::EquityIrr).to_string(),
            irr_text(&r.equity_irr, lang),
            String::new(),
        ],
        vec![
            t(Term::Payback).to_string(),
            years(r.simple_payback_years),
            String::new(),
        ],
        vec![
            t(Term::DiscountedPayback).to_string(),
            years(r.discounted_payback_years),
            String::new(),
        ],
    ];
    let mut table = vec![vec![
        String::new(),
        t(Term::AfterTax).to_string(),
        t(Term::BeforeTax).to_string(),
    ]];
    table.extend(rows);
    table.extend(report.incentive_worth_npv_rmb.iter().map(|(kind, worth)| {
        vec![
            format!("{}: {}", t(Term::IncentiveWorth), lang::switch(kind, lang)),
            units::money_beside(*worth, r.npv_rmb, lang),
            String::new(),
        ]
    }));
    columns(&mut out, &table);
    for note in lang::texts(&a.notes, &a.notes_zh, lang) {
        let _ = writeln!(out, "  {}: {note}", t(Term::Warnings));
    }
    out
}

fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

/// The line on a given design (`zcpark evaluate`, `plan --fix`): where it comes from,
/// whether it meets the rules, and what the least-cost plan saves over it (or, when the
/// design costs less than the plan found, by how much: that plan is within its MIP gap or its
/// typical-day error of the optimum, not at it).
pub fn design_line(plan: &Value, lang: Lang) -> Option<String> {
    let t = |term: Term| term.text(lang);
    let d = plan.get("design")?;
    let verdict = if d["meets_rules"].as_bool().unwrap_or(false) {
        t(Term::DesignMeets)
    } else {
        t(Term::DesignMisses)
    };
    let comparison = match f(&d["saving_of_least_cost_rmb_per_yr"]) {
        _ if !d["meets_rules"].as_bool().unwrap_or(false) => t(Term::MissesNoCost).to_string(),
        Some(s) if s >= 0.0 => format!(
            "{}: {}",
            t(Term::LeastCostSaving),
            units::money_per_year(s, lang)
        ),
        Some(s) => format!(
            "{}: {}",
            t(Term::DesignCheaper),
            units::money_per_year(-s, lang)
        ),
        None => format!(
            "{}: {}",
            t(Term::NoComparison),
            lang::status(d["least_cost_status"].as_str().unwrap_or(""), lang)
        ),
    };
    Some(format!(
        "{} ({}): {verdict}; {comparison}",
        t(Term::DesignChecked),
        d["design"]["origin"].as_str().unwrap_or(""),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_terminal_width_with_chinese() {
        let mut out = String::new();
        columns(
            &mut out,
            &[
                vec!["光伏".into(), "47.35 万kW".into()],
                vec!["wind".into(), "312.0 MW".into()],
            ],
        );
        let lines: Vec<&str> = out.lines().collect();
        // Both rows end at the same terminal column.
        assert_eq!(lines[0].width(), lines[1].width(), "{out}");
        assert!(lines[0].starts_with("  光伏  "), "{out}");
    }

    /// "typical days A → B (x)" reads as the change from A: 400 → 500 is +25 %, where
    /// `gap_to_estimate` (relative to the full year) is +20 %. The summary printed +20 %.
    #[test]
    fn the_full_year_check_line_gives_the_change_from_the_estimate() {
        let plan = serde_json::json!({
            "full_year_check": {
                "message": "the typical-day sizes meet the rules on all 8,760 hours",
                "typical_day_estimate_rmb_per_yr": 400e6,
                "objective_rmb_per_yr": 500e6,
                "gap_to_estimate": 0.2,
            }
        });
        let out = summary(&plan, Lang::En);
        let line = out
            .lines()
            .find(|l| l.starts_with("full-year check"))
            .expect("a check line");
        assert!(line.ends_with("(+25.00 %)"), "{line}");
    }

    /// A warm start whose typical days have no plan says so (it printed "-: -").
    #[test]
    fn a_warm_start_without_a_plan_says_the_search_started_cold() {
        let plan = serde_json::json!({
            "warm_start": {
                "typical_days": 12,
                "typical_day_status": "infeasible",
                "sizes": null,
                "typical_day_estimate_rmb_per_yr": null,
                "seconds": 0.3,
            }
        });
        let out = summary(&plan, Lang::En);
        assert!(
            out.contains(
                "no plan on the typical days (infeasible); the full-year search started cold"
            ),
            "{out}"
        );
    }
}
