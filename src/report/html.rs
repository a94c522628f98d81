//! The plan report as one self-contained HTML file: inline CSS and SVG, no scripts and nothing
//! fetched, printable on A4. Built from `plan.json` and the dispatch (in process, or read back
//! from an output directory by `zcpark report`), in English or Chinese.

use super::chart::{BarChart, BarSeries, ChartError, Heatmap, StackChart};
use super::lang::{self, cost_item, pick, technology, Lang, Term};
use super::units;
use super::weeks::{rows_of, week_of_most, week_of_peak, Week, WEEK_H};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Named numeric columns of a table the report draws from: the plan's hourly dispatch (as in
/// `dispatch.csv`) or its yearly cash flows (as in `cashflow.csv`).
#[derive(Debug, Clone, Default)]
pub struct Columns {
    columns: BTreeMap<String, Vec<f64>>,
    rows: usize,
}

impl Columns {
    /// From named columns (all the same length).
    pub fn new(columns: Vec<(String, Vec<f64>)>) -> Self {
        let rows = columns.first().map_or(0, |c| c.1.len());
        Self {
            columns: columns.into_iter().collect(),
            rows,
        }
    }

    /// A column, or zeros when the dispatch has none by that name.
    pub fn get(&self, name: &str) -> Vec<f64> {
        self.columns
            .get(name)
            .cloned()
            .unwrap_or_else(|| vec![0.0; self.rows])
    }

    /// True when a column exists with a value that is not zero.
    pub fn has(&self, name: &str) -> bool {
        self.columns
            .get(name)
            .is_some_and(|c| c.iter().any(|v| v.abs() > 1e-9))
    }

    /// Rows.
    pub fn rows(&self) -> usize {
        self.rows
    }
}

/// What the report shows beyond the plan itself.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Language.
    pub lang: Lang,
    /// The weeks of the dispatch charts (default: peak import, most curtailment).
    pub weeks: Vec<Week>,
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn f(v: &Value) -> Option<f64> {
    v.as_f64()
}

const CSS: &str = "
@page { size: A4; margin: 14mm; }
body { font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif;
       color: #222; max-width: 190mm; margin: 0 auto; padding: 12px; font-size: 13px; line-height: 1.45; }
h1 { font-size: 22px; margin: 4px 0 2px; }
h2 { font-size: 16px; border-bottom: 2px solid #1f5fa8; padding-bottom: 2px; margin-top: 26px; }
.sub { color: #555; margin-bottom: 12px; }
.verdict { font-size: 17px; font-weight: bold; padding: 10px 14px; border-radius: 4px; margin: 10px 0; }
.ok { background: #e6f4ea; border-left: 6px solid #2e7d32; }
.fail { background: #fdecea; border-left: 6px solid #c62828; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; }
.card { flex: 1 1 150px; border: 1px solid #ddd; border-radius: 4px; padding: 8px 10px; }
.card .k { color: #555; font-size: 12px; } .card .v { font-size: 16px; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 6px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f3f5f8; }
table.summary td { text-align: left; } table.summary th { width: 30%; }
figure { margin: 10px 0; page-break-inside: avoid; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
.note { color: #555; font-size: 12px; }
footer { margin-top: 28px; color: #666; font-size: 11px; word-break: break-all; }
";

/// Adds a figure from a chart's SVG, or a note naming what could not be drawn.
fn figure(out: &mut String, svg: Result<String, ChartError>) {
    match svg {
        Ok(svg) => {
            let _ = writeln!(out, "<figure>{svg}</figure>");
        }
        Err(e) => {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(&e.to_string()));
        }
    }
}

/// Capacity rows: (technology key, total, new, unit) from `plan.json` → `capacities`.
fn capacity_rows(caps: &Value) -> Vec<(&'static str, f64, f64, &'static str)> {
    let get = |k: &str| f(&caps[k]).unwrap_or(0.0);
    let rows = [
        ("pv", get("pv_mw"), get("pv_new_mw"), "MW"),
        (
            "wind",
            get("wind_mw"),
            get("wind_mw") * new_share(caps),
            "MW",
        ),
        ("battery", get("battery_mw"), get("battery_new_mw"), "MW"),
        ("battery", get("battery_mwh"), get("battery_new_mwh"), "MWh"),
        (
            "electrolyser",
            get("electrolyser_mw"),
            get("electrolyser_mw") * stack_share(caps),
            "MW",
        ),
        (
            "h2_storage",
            get("h2_storage_kg"),
            get("h2_storage_new_kg"),
            "kg",
        ),
        (
            "electric_boiler",
            get("electric_boiler_mw"),
            get("electric_boiler_new_mw"),
            "MW_th",
        ),
        (
            "heat_pump",
            get("heat_pump_mw"),
            get("heat_pump_new_mw"),
            "MW_th",
        ),
        (
            "thermal_storage",
            get("thermal_storage_mwh"),
            get("thermal_storage_new_mwh"),
            "MWh_th",
        ),
        (
            "ccus",
            get("ccus_modules"),
            get("ccus_new_modules"),
            "modules",
        ),
    ];
    rows.into_iter().filter(|r| r.1 > 1e-9).collect()
}

fn new_share(caps: &Value) -> f64 {
    let total = f(&caps["wind_turbines"]).unwrap_or(0.0);
    if total > 0.0 {
        f(&caps["wind_new_turbines"]).unwrap_or(0.0) / total
    } else {
        0.0
    }
}

fn stack_share(caps: &Value) -> f64 {
    let total = f(&caps["electrolyser_stacks"]).unwrap_or(0.0);
    if total > 0.0 {
        f(&caps["electrolyser_new_stacks"]).unwrap_or(0.0) / total
    } else {
        0.0
    }
}

/// The report of one plan (`plan.json` as a value and its dispatch).
pub fn plan_report(
    plan: &Value,
    dispatch: &Columns,
    cash_flows: &Columns,
    options: &ReportOptions,
) -> String {
    let lang = options.lang;
    let t = |term: Term| term.text(lang);
    let mut out = String::new();
    let scenario = plan["scenario"].as_str().unwrap_or("");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <title>{} — {}</title><style>{CSS}</style></head><body>\n",
        match lang {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        },
        esc(t(Term::Title)),
        esc(scenario)
    );
    let _ = writeln!(out, "<h1>{} — {}</h1>", esc(t(Term::Title)), esc(scenario));
    let status = plan["status"].as_str().unwrap_or("");
    let _ = writeln!(
        out,
        "<div class=\"sub\">{}: {} — {}</div>",
        esc(t(Term::Status)),
        esc(lang::status(status, lang)),
        esc(&lang::stop_reason(plan, lang))
    );
    if let Some(note) = lang::cut_note(&plan["horizon"], lang) {
        let _ = writeln!(
            out,
            "<div class=\"sub\"><b>{}</b>: {}</div>",
            esc(t(Term::Horizon)),
            esc(&note)
        );
    }
    headline(&mut out, plan, lang);
    indicators(&mut out, plan, lang);
    readings(&mut out, plan, lang);
    capacities(&mut out, plan, lang);
    costs(&mut out, plan, lang);
    monthly(&mut out, plan, lang);
    finance(&mut out, plan, cash_flows, lang);
    diagnosis(&mut out, plan, lang);
    if dispatch.rows() >= super::weeks::WEEK_H {
        dispatch_weeks(&mut out, dispatch, options);
        heatmaps(&mut out, dispatch, lang);
        sectors(&mut out, dispatch, lang);
    }
    typical_days(&mut out, plan, lang);
    notes(&mut out, plan, lang);
    let _ = writeln!(out, "</body></html>");
    out
}

/// The verdict and the headline figures.
fn headline(out: &mut String, plan: &Value, lang: Lang) {
    let t = |term: Term| term.text(lang);
    let k = &plan["kpis"];
    let limit = f(&plan["accounting"]["intensity_limit_used_t_per_tce"]).unwrap_or(f64::NAN);
    let intensity = f(&k["intensity_t_per_tce"]);
    let meets = intensity.is_some_and(|i| i <= limit * (1.0 + 1e-6))
        && plan["infeasibility"].as_array().is_none_or(Vec::is_empty)
        && matches!(
            plan["status"].as_str(),
            Some("optimal" | "near_optimal" | "time_limit")
        );
    let (class, word) = if meets {
        ("ok", t(Term::Meets))
    } else {
        ("fail", t(Term::Fails))
    };
    let shown = intensity.map_or("-".into(), |i| units::intensity(i, lang));
    let why = lang::failed_rules(plan, lang).unwrap_or_else(|| {
        format!(
            "{} {shown}, {} {}",
            t(Term::CoreIndicator),
            t(Term::Limit),
            units::intensity(limit, lang)
        )
    });
    let _ = writeln!(
        out,
        "<div class=\"verdict {class}\">{}: {} ({})</div>",
        esc(t(lang::plan_column(plan))),
        esc(word),
        esc(&why)
    );
    if let Some(line) = super::table::design_line(plan, lang) {
        let _ = writeln!(out, "<p class=\"design\">{}</p>", esc(&line));
    }
    let base = &plan["baseline"];
    let card = |out: &mut String, key: &str, value: String| {
        let _ = write!(
            out,
            "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div></div>",
            esc(key),
            esc(&value)
        );
    };
    out.push_str("<div class=\"cards\">");
    let cost = f(&plan["objective_rmb_per_yr"]);
    let base_cost = f(&base["objective_rmb_per_yr"]);
    card(
        out,
        &format!("{} ({})", t(Term::AnnualCost), t(lang::plan_column(plan))),
        cost.map_or("-".into(), |c| units::money_per_year(c, lang)),
    );
    card(
        out,
        &format!("{} ({})", t(Term::AnnualCost), t(Term::Baseline)),
        base_cost.map_or("-".into(), |c| units::money_per_year(c, lang)),
    );
    card(
        out,
        t(Term::Capex),
        f(&k["capex_rmb"]).map_or("-".into(), |c| units::money(c, lang)),
    );
    card(
        out,
        t(Term::SavingPayback),
        f(&k["payback_years"]).map_or("-".into(), |y| units::years(y, lang)),
    );
    card(
        out,
        t(Term::AbatementCost),
        f(&k["abatement_cost_rmb_per_t"]).map_or("-".into(), |c| units::price_per_tonne(c, lang)),
    );
    out.push_str("</div>\n");
}

/// The indicator table: each indicator, plan beside baseline, against its limit; the
/// accounting switches in force and their sources.
fn indicators(out: &mut String, plan: &Value, lang: Lang) {
    let t = |term: Term| term.text(lang);
    let k = &plan["kpis"];
    let b = &plan["baseline"]["kpis"];
    let acc = &plan["accounting"];
    let _ = writeln!(
        out,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        esc(t(Term::Indicators)),
        esc(t(Term::Item)),
        esc(t(lang::plan_column(plan))),
        esc(t(Term::Baseline)),
        esc(t(Term::Limit))
    );
    let limit = f(&acc["intensity_limit_used_t_per_tce"]);
    let clean_target = f(&acc["clean_share"]["target"]);
    type Show = fn(f64, Lang) -> String;
    let rows: [(Term, &str, Show, Option<String>); 11] = [
        (
            Term::CoreIndicator,
            "intensity_t_per_tce",
            units::intensity,
            limit.map(|l| format!("≤ {}", units::intensity(l, lang))),
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
        (Term::Co2Captured, "co2_captured_t", units::tonnes, None),
        (Term::Co2Stored, "co2_stored_t", units::tonnes, None),
    ];
    // CO2 capture only where the park has any (plan or baseline).
    let captures = ["co2_captured_t", "co2_stored_t"]
        .iter()
        .any(|key| [k, b].iter().any(|v| f(&v[*key]).is_some_and(|x| x > 0.0)));
    let rows = rows
        .into_iter()
        .filter(|r| captures || !r.1.starts_with("co2_"));
    for (term, key, show, bound) in rows {
        let cell = |v: &Value| f(&v[key]).map_or("-".into(), |x| show(x, lang));
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(t(term)),
            esc(&cell(k)),
            esc(&cell(b)),
            esc(&bound.unwrap_or_default())
        );
    }
    out.push_str("</table>\n");
    let basis = acc["electricity_tce_basis"].as_str().unwrap_or("");
    let _ = writeln!(
        out,
        "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>\
         <tr><td>{}</td><td>{} {} tce/MWh</td><td>china-rules.md §2; GB/T 2589</td></tr>\
         <tr><td>{}</td><td>{} {} t/MWh</td><td>china-rules.md §2 (MEE, NBS)</td></tr>\
         <tr><td>{}</td><td>{}</td><td>{}</td></tr>\
         <tr><td>{}</td><td>{}</td><td>china-rules.md §1</td></tr>\
         <tr><td>{}</td><td>{}</td><td>china-rules.md §1</td></tr></table>",
        esc(t(Term::Accounting)),
        esc(t(Term::Value)),
        esc(t(Term::Source)),
        esc(t(Term::TceBasis)),
        esc(&lang::switch(basis, lang)),
        f(&acc["electricity_tce_per_mwh"]).unwrap_or(f64::NAN),
        esc(t(Term::GridFactor)),
        esc(&lang::grid_factor(
            acc["grid_factor_name"].as_str().unwrap_or(""),
            lang
        )),
        f(&acc["grid_t_co2_per_mwh"]).unwrap_or(f64::NAN),
        esc(t(Term::Limit)),
        limit.map_or("-".into(), |l| units::intensity(l, lang)),
        esc(&lang::limit_basis(
            acc["intensity_limit_basis"].as_str().unwrap_or(""),
            lang
        )),
        esc(t(Term::ProcessCo2)),
        esc(&lang::switch(
            acc["process_emissions"].as_str().unwrap_or(""),
            lang
        )),
        esc(t(Term::CcusDeduction)),
        esc(&lang::switch(
            &acc["ccus_deduction"].as_bool().unwrap_or(false).to_string(),
            lang
        )),
    );
}

/// The direct-supply shares against their rules, and the plan's intensity under each reading
/// of the rule (those enforced with `rules.robust` first), with the extra cost of robustness.
fn readings(out: &mut String, plan: &Value, lang: Lang) {
    let t = |term: Term| term.text(lang);
    let k = &plan["kpis"];
    let direct = &k["direct_supply"];
    if direct.is_object() {
        let rules = &direct["rules"];
        let _ = writeln!(
            out,
            "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            esc(t(Term::Item)),
            esc(t(lang::plan_column(plan))),
            esc(t(Term::Limit))
        );
        for (term, key, rule, sign) in [
            (
                Term::DirectExportShare,
                "export_share_of_generation",
                "max_export_share_of_generation",
                "≤",
            ),
            (
                Term::DirectSelfUseShare,
                "self_use_share_of_generation",
                "min_self_use_share_of_generation",
                "≥",
            ),
            (
                Term::DirectConsumptionShare,
                "self_use_share_of_consumption",
                "min_share_of_consumption",
                "≥",
            ),
        ] {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(t(term)),
                f(&direct[key]).map_or("-".into(), units::percent),
                f(&rules[rule]).map_or("-".into(), |v| format!("{sign} {}", units::percent(v)))
            );
        }
        let _ = writeln!(
            out,
            "</table><p class=\"note\">发改能源〔2025〕650号; {}</p>",
            esc(match lang {
                Lang::En => "provincial caps such as Hunan's 湘发改能源〔2025〕853号",
                Lang::Zh => "省级细则，如湖南 湘发改能源〔2025〕853号",
            })
        );
    }
    let Some(list) = k["intensity_by_reading"]
        .as_array()
        .filter(|l| !l.is_empty())
    else {
        return;
    };
    let _ = writeln!(
        out,
        "<h3>{}</h3><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>\
         <th>{}</th><th>{}</th></tr>",
        esc(t(Term::Readings)),
        esc(t(Term::TceBasis)),
        esc(t(Term::GridFactor)),
        esc(t(Term::ProcessCo2)),
        esc(t(Term::CcusDeduction)),
        esc(t(Term::CoreIndicator)),
        esc(t(Term::Limit)),
        esc(t(Term::Enforced)),
    );
    let limit = f(&plan["accounting"]["intensity_limit_used_t_per_tce"]).unwrap_or(f64::NAN);
    for r in list {
        let reading = &r["reading"];
        let meets = r["meets_limit"].as_bool().unwrap_or(false);
        let _ = writeln!(
            out,
            "<tr><td>{} ({} tce/MWh)</td><td>{} ({} t/MWh)</td><td>{}</td><td>{}</td>\
             <td class=\"{}\">{} {}</td><td>≤ {}</td><td>{}</td></tr>",
            esc(&lang::switch(
                reading["electricity_tce_basis"].as_str().unwrap_or(""),
                lang
            )),
            f(&reading["electricity_tce_per_mwh"]).unwrap_or(f64::NAN),
            esc(&lang::grid_factor(
                reading["grid_factor_name"].as_str().unwrap_or(""),
                lang
            )),
            f(&reading["grid_t_co2_per_mwh"]).unwrap_or(f64::NAN),
            esc(&lang::switch(
                reading["process_emissions"].as_str().unwrap_or(""),
                lang
            )),
            esc(&lang::switch(
                &reading["ccus_deduction"]
                    .as_bool()
                    .unwrap_or(false)
                    .to_string(),
                lang
            )),
            if meets { "ok" } else { "fail" },
            // A mark in the text as well as the colour, which a grey print loses.
            if meets { "✓" } else { "✗" },
            f(&r["intensity_t_per_tce"]).map_or("-".into(), |i| units::intensity(i, lang)),
            units::intensity(f(&r["limit_t_per_tce"]).unwrap_or(limit), lang),
            esc(&lang::switch(
                &r["enforced"].as_bool().unwrap_or(false).to_string(),
                lang
            )),
        );
    }
    out.push_str("</table>\n");
    if let Some(extra) = f(&plan["robustness"]["extra_cost_rmb_per_yr"]) {
        let _ = writeln!(
            out,
            "<p>{}: {}</p>",
            esc(t(Term::RobustnessCost)),
            esc(&units::money_per_year(extra, lang))
        );
    }
}

/// Capacities: a chart of existing and new, and a table with units.
fn capacities(out: &mut String, plan: &Value, lang: Lang) {
    let t = |term: Term| term.text(lang);
    let rows = capacity_rows(&plan["capacities"]);
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h2>{}</h2>", esc(t(Term::Capacities)));
    // The chart holds electric power alone (heat plant is in the table), in the table's
    // unit: MW, or 万kW in Chinese.
    let power: Vec<_> = rows.iter().filter(|r| r.3 == "MW").collect();
    let (unit, per_mw) = match lang {
        Lang::En => ("MW", 1.0),
        Lang::Zh => ("万kW", 0.1),
    };
    if !power.is_empty() {
        figure(
            out,
            BarChart {
                title: match lang {
                    Lang::En => format!("{}, {unit}", t(Term::Capacities)),
                    Lang::Zh => format!("{}，{unit}", t(Term::Capacities)),
                },
                y_label: unit.into(),
                categories: power.iter().map(|r| technology(r.0, lang)).collect(),
                series: vec![
                    BarSeries {
                        name: match lang {
                            Lang::En => "existing".into(),
                            Lang::Zh => "存量".into(),
                        },
                        colour_key: "baseline".into(),
                        values: power.iter().map(|r| (r.1 - r.2) * per_mw).collect(),
                    },
                    BarSeries {
                        name: t(Term::New).into(),
                        colour_key: "plan".into(),
                        values: power.iter().map(|r| r.2 * per_mw).collect(),
                    },
                ],
                stacked: true,
            }
            .to_svg(),
        );
    }
    let _ = writeln!(
        out,
        "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        esc(t(Term::Item)),
        esc(t(Term::Total)),
        esc(t(Term::New))
    );
    for (key, total, new, unit) in rows {
        let show = |v: f64| match unit {
            "MW" => units::power(v, lang),
            "MWh" => units::energy(v, lang),
            "MW_th" => units::heat_power(v, lang),
            "MWh_th" => units::heat_energy(v, lang),
            "modules" => match lang {
                Lang::En => format!("{v:.0} modules"),
                Lang::Zh => format!("{v:.0} 套"),
            },
            _ => format!("{} {unit}", units::number(v, 1)),
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&technology(key, lang)),
            esc(&show(total)),
            esc(&show(new))
        );
    }
    out.push_str("</table>\n");
}

/// Annual cost by item: plan beside baseline, stacked (revenues below zero), and a table.
fn costs(out: &mut String, plan: &Value, lang: Lang) {
    let t = |term: Term| term.text(lang);
    let (Some(plan_costs), base_costs) = (
        plan["costs"].as_object(),
        plan["baseline"]["costs"].as_object(),
    ) else {
        return;
    };
    let mut items: Vec<&String> = plan_costs
        .keys()
        .chain(base_costs.into_iter().flat_map(|b| b.keys()))
        .collect();
    items.sort();
    items.dedup();
    let value = |costs: Option<&serde_json::Map<String, Value>>, item: &str| {
        costs
            .and_then(|c| c.get(item))
            .and_then(Value::as_f64)
            .unwrap_or(0.0)
    };
    let items: Vec<&String> = items
        .into_iter()
        .filter(|i| value(Some(plan_costs), i).abs() + value(base_costs, i).abs() > 1.0)
        .collect();
    let _ = writeln!(out, "<h2>{}</h2>", esc(t(Term::CostByItem)));
    let y_label = match lang {
        Lang::En => "M RMB/yr",
        Lang::Zh => "亿元/年",
    };
    let scale = match lang {
        Lang::En => 1e-6,
        Lang::Zh => 1e-8,
    };
    figure(
        out,
        BarChart {
            title: t(Term::CostByItem).into(),
            y_label: y_label.into(),
            categories: vec![t(lang::plan_column(plan)).into(), t(Term::Baseline).into()],
            series: items
                .iter()
                .map(|item| BarSeries {
                    name: cost_item(item, lang),
                    colour_key: cost_colour(item).into(),
                    values: vec![
                        value(Some(plan_costs), item) * scale,
                        value(base_costs, item) * scale,
                    ],
                })
                .collect(),
            stacked: true,
        }
        .to_svg(),
    );
    let _ = writeln!(
        out,
        "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        esc(t(Term::Item)),
        esc(t(lang::plan_column(plan))),
        esc(t(Term::Baseline))
    );
    for item in &items {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&cost_item(item, lang)),
            esc(&units::money_per_year_in_column(
                value(Some(plan_costs), item),
                lang
            )),
            esc(&units::money_per_year_in_column(
                value(base_costs, item),
                lang
            ))
        );
    }
    let total = |c: &Value| f(c).map_or("-".into(), |v| units::money_per_year_in_column(v, lang));
    let _ = writeln!(
        out,
        "<tr><th>{}</th><th>{}</th><th>{}</th></tr></table>",
        esc(t(Term::Total)),
        esc(&total(&plan["objective_rmb_per_yr"])),
        esc(&total(&plan["baseline"]["objective_rmb_per_yr"]))
    );
}

/// The monthly electricity balance: supply stacked above zero, use below (MWh, or 万kWh).
fn monthly(out: &mut String, plan: &Value, lang: Lang) {
    let Some(flows) = plan["monthly"]["flows"].as_array() else {
        return;
    };
    let electricity: Vec<&Value> = flows
        .iter()
        .filter(|f| f["carrier"].as_str() == Some("electricity"))
        .collect();
    if electricity.is_empty() {
        return;
    }
    let t = |term: Term| term.text(lang);
    let (scale, unit) = match lang {
        Lang::En => (1.0, "MWh"),
        Lang::Zh => (0.1, "万kWh"),
    };
    let key_of = |name: &str| -> &'static str {
        let keys = [
            ("pv", "pv"),
            ("wind", "wind"),
            ("grid_export", "export"),
            ("grid", "grid"),
            ("import", "grid"),
            ("green", "green"),
            ("battery", "battery"),
            ("export", "export"),
            ("electrolyser", "electrolyser"),
            ("electric_boiler", "electric_boiler"),
            ("heat_pump", "heat_pump"),
            ("ccus", "ccus"),
            ("load", "load"),
        ];
        keys.iter()
            .find(|(prefix, _)| name.starts_with(prefix))
            .map_or("other", |(_, k)| k)
    };
    let series = electricity
        .iter()
        .map(|f| {
            let name = f["name"].as_str().unwrap_or("");
            let sign = if f["side"].as_str() == Some("use") {
                -1.0
            } else {
                1.0
            };
            let label = name.trim_end_matches("_mwh");
            BarSeries {
                name: format!(
                    "{}{}",
                    technology(label, lang),
                    if sign < 0.0 { " (−)" } else { "" }
                ),
                colour_key: key_of(name).into(),
                values: f["by_month"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|v| sign * v.as_f64().unwrap_or(0.0) * scale)
                    .collect(),
            }
        })
        .collect();
    let _ = writeln!(out, "<h2>{}</h2>", esc(t(Term::MonthlyBalance)));
    if plan["monthly"]["basis"].as_str() == Some("modelled_hours") {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}</p>",
            esc(t(Term::MonthlyOfModelledHours))
        );
    }
    figure(
        out,
        BarChart {
            title: format!("{} ({unit})", t(Term::MonthlyBalance)),
            y_label: unit.into(),
            categories: (1..=12).map(|m| m.to_string()).collect(),
            series,
            stacked: true,
        }
        .to_svg(),
    );
}

/// The investor's view: NPV, IRRs and paybacks of the plan against the baseline, and the
/// project's net cash flow by year.
fn finance(out: &mut String, plan: &Value, cash_flows: &Columns, lang: Lang) {
    let t = |term: Term| term.text(lang);
    let fin = &plan["finance"];
    if fin["npv_rmb"].is_null() {
        if let Some(reason) = fin["not_computed"].as_str() {
            let _ = writeln!(
                out,
                "<h2>{}</h2><p class=\"note\">{}</p>",
                esc(t(Term::CashFlows)),
                esc(&lang::not_computed(reason, lang))
            );
        }
        return;
    }
    // As the terminal summary gives it: two decimals; several rates listed; none said.
    let irr = |v: &Value| match v["status"].as_str() {
        Some("unique") => f(&v["rate"]).map_or("-".into(), |r| format!("{:.2} %", 100.0 * r)),
        Some("multiple") => {
            let rates: Vec<String> = v["rates"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_f64)
                .map(|r| format!("{:.2} %", 100.0 * r))
                .collect();
            match lang {
                Lang::En => format!("several ({}): judge by the NPV", rates.join(", ")),
                Lang::Zh => format!("多解（{}）：以净现值判断", rates.join("，")),
            }
        }
        Some("none") => pick(lang, "none", "无").to_string(),
        Some(other) => other.to_string(),
        None => "-".into(),
    };
    let money = |v: &Value| f(v).map_or("-".into(), |x| units::money(x, lang));
    let years = |v: &Value| f(v).map_or("-".into(), |x| units::years(x, lang));
    let _ = writeln!(
        out,
        "<h2>{}</h2><p class=\"note\">{}</p><table><tr><th></th><th>{}</th><th>{}</th></tr>\
         <tr><td>{}</td><td>{}</td><td>{}</td></tr>\
         <tr><td>{}</td><td>{}</td><td>{}</td></tr>\
         <tr><td>{}</td><td>{}</td><td></td></tr>\
         <tr><td>{}</td><td>{}</td><td></td></tr>\
         <tr><td>{}</td><td>{}</td><td></td></tr></table>",
        esc(t(Term::CashFlows)),
        esc(&lang::finance_terms(&fin["assumptions"], lang)),
        esc(t(Term::AfterTax)),
        esc(t(Term::BeforeTax)),
        esc(t(Term::Npv)),
        esc(&money(&fin["npv_rmb"])),
        esc(&money(&fin["npv_before_tax_rmb"])),
        esc(t(Term::ProjectIrr)),
        esc(&irr(&fin["project_irr"])),
        esc(&irr(&fin["project_irr_before_tax"])),
        esc(t(Term::EquityIrr)),
        esc(&irr(&fin["equity_irr"])),
        esc(t(Term::Payback)),
        esc(&years(&fin["simple_payback_years"])),
        esc(t(Term::DiscountedPayback)),
        esc(&years(&fin["discounted_payback_years"])),
    );
    if let Some(worth) = fin["incentive_worth_npv_rmb"].as_object() {
        out.push_str("<table>");
        for (kind, value) in worth {
            let _ = writeln!(
                out,
                "<tr><td>{}: {}</td><td>{}</td></tr>",
                esc(t(Term::IncentiveWorth)),
                esc(&lang::switch(kind, lang)),
                esc(&f(value).map_or("-".into(), |x| units::money_beside(
                    x,
                    f(&fin["npv_rmb"]).unwrap_or(0.0),
                    lang
                )))
            );
        }
        out.push_str("</table>\n");
    }
    if cash_flows.has("project_cash_flow_rmb") {
        let scale = match lang {
            Lang::En => 1e-6,
            Lang::Zh => 1e-8,
        };
        let flows = cash_flows.get("project_cash_flow_rmb");
        let mut cumulative = 0.0;
        let cumulative: Vec<f64> = flows
            .iter()
            .map(|v| {
                cumulative += v;
                cumulative * scale
            })
            .collect();
        let years: Vec<String> = cash_flows
            .get("year")
            .iter()
            .map(|y| format!("{y:.0}"))
            .collect();
        figure(
            out,
            BarChart {
                title: t(Term::CashFlows).into(),
                y_label: match lang {
                    Lang::En => "M RMB".into(),
                    Lang::Zh => "亿元".into(),
                },
                categories: years,
                series: vec![
                    BarSeries {
                        name: match lang {
                            Lang::En => "net cash flow to the project, after tax".into(),
                            Lang::Zh => "项目税后净现金流".into(),
                        },
                        colour_key: "plan".into(),
                        values: flows.iter().map(|v| v * scale).collect(),
                    },
                    BarSeries {
                        name: match lang {
                            Lang::En => "cumulative".into(),
                            Lang::Zh => "累计".into(),
                        },
                        colour_key: "baseline".into(),
                        values: cumulative,
                    },
                ],
                stacked: false,
            }
            .to_svg(),
        );
    }
    // The scenario's own notes on its cash flows (a depreciation period, an award that falls
    // after the analysis, …): the rules they follow are in plan.json and plan.xlsx.
    let notes = lang::finance_notes(&fin["assumptions"], lang);
    if !notes.is_empty() {
        out.push_str("<ul class=\"note\">");
        for note in notes {
            let _ = write!(out, "<li>{}</li>", esc(note));
        }
        out.push_str("</ul>\n");
    }
}

/// The colour of a cost item: its technology's.
fn cost_colour(item: &str) -> &'static str {
    let techs = [
        ("pv", "pv"),
        ("wind", "wind"),
        ("battery", "battery"),
        ("electrolyser", "electrolyser"),
        ("h2_storage", "hydrogen"),
        ("hydrogen", "hydrogen"),
        ("electric_boiler", "electric_boiler"),
        ("heat_pump", "heat_pump"),
        ("thermal_storage", "heat"),
        ("ccus", "ccus"),
        ("co2", "ccus"),
        ("gas", "gas"),
        ("grid", "grid"),
        ("green", "green"),
        ("export", "export"),
        ("certificates", "green"),
        ("demand", "grid"),
        ("carbon", "limit"),
    ];
    techs
        .iter()
        .find(|(prefix, _)| item.starts_with(prefix))
        .map_or("other", |(_, colour)| colour)
}

/// For a plan that cannot meet a rule: each rule, its limit and the best reachable.
fn diagnosis(out: &mut String, plan: &Value, lang: Lang) {
    let Some(problems) = plan["infeasibility"].as_array().filter(|p| !p.is_empty()) else {
        return;
    };
    let t = |term: Term| term.text(lang);
    let _ = writeln!(
        out,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th></th></tr>",
        esc(t(Term::Diagnosis)),
        esc(t(Term::Item)),
        esc(t(Term::Limit)),
        esc(t(Term::Reachable))
    );
    for p in problems {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&lang::rule_name(p["rule"].as_str().unwrap_or(""), lang)),
            f(&p["limit"]).map_or("-".into(), |v| units::number(v, 3)),
            f(&p["reachable"]).map_or("-".into(), |v| units::number(v, 3)),
            esc(&lang::infeasibility_text(p, lang))
        );
    }
    out.push_str("</table>\n");
    figure(
        out,
        BarChart {
            title: t(Term::Diagnosis).into(),
            y_label: String::new(),
            categories: problems
                .iter()
                .map(|p| lang::rule_name(p["rule"].as_str().unwrap_or(""), lang))
                .collect(),
            series: vec![
                BarSeries {
                    name: t(Term::Limit).into(),
                    colour_key: "limit".into(),
                    values: problems
                        .iter()
                        .map(|p| f(&p["limit"]).unwrap_or(0.0))
                        .collect(),
                },
                BarSeries {
                    name: t(Term::Reachable).into(),
                    colour_key: "plan".into(),
                    values: problems
                        .iter()
                        .map(|p| f(&p["reachable"]).unwrap_or(0.0))
                        .collect(),
                },
            ],
            stacked: false,
        }
        .to_svg(),
    );
}

/// Curtailment each hour, MW.
fn curtailment(d: &Columns) -> Vec<f64> {
    let (pa, p, wa, w) = (
        d.get("pv_available_mw"),
        d.get("pv_mw"),
        d.get("wind_available_mw"),
        d.get("wind_mw"),
    );
    (0..d.rows())
        .map(|t| (pa[t] - p[t] + wa[t] - w[t]).max(0.0))
        .collect()
}

/// The dispatch stack for the chosen weeks.
fn dispatch_weeks(out: &mut String, d: &Columns, options: &ReportOptions) {
    let lang = options.lang;
    let t = |term: Term| term.text(lang);
    let hours = d.get("hour");
    // The rows of each week: the weeks found in the series are rows already; a week asked
    // for by number is found by its hours of the year (a cut of the year starts elsewhere).
    let mut missing = Vec::new();
    let weeks: Vec<(std::ops::Range<usize>, String)> = if options.weeks.is_empty() {
        [
            (week_of_peak(&d.get("import_mw")), t(Term::WeekPeakImport)),
            (week_of_most(&curtailment(d)), t(Term::WeekCurtailment)),
        ]
        .into_iter()
        .filter_map(|(w, name)| w.map(|w| (w.hours(), name.to_string())))
        .filter(|(rows, _)| rows.end <= d.rows())
        .collect()
    } else {
        options
            .weeks
            .iter()
            .filter_map(|w| {
                let number = w.start_hour / WEEK_H + 1;
                let name = match lang {
                    Lang::En => format!("{} {number}", t(Term::Week)),
                    Lang::Zh => format!("第{number}周"),
                };
                match rows_of(*w, &hours) {
                    Some(rows) => Some((rows, name)),
                    None => {
                        missing.push(name);
                        None
                    }
                }
            })
            .collect()
    };
    if weeks.is_empty() && missing.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h2>{}</h2>", esc(t(Term::Dispatch)));
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}</p>",
            esc(&match lang {
                Lang::En => format!(
                    "{}: not in the modelled hours, so no chart",
                    missing.join(", ")
                ),
                Lang::Zh => format!("{}：不在建模时段内，无图", missing.join("、")),
            })
        );
    }
    for (range, name) in weeks {
        let take = |col: &str| d.get(col)[range.clone()].to_vec();
        let mut areas = Vec::new();
        for (key, col) in [
            ("pv", "pv_mw"),
            ("wind", "wind_mw"),
            ("battery", "battery_discharge_mw"),
            ("green", "green_mw"),
            ("grid", "import_mw"),
        ] {
            if d.has(col) {
                areas.push(BarSeries {
                    name: technology(key, lang),
                    colour_key: key.into(),
                    values: take(col),
                });
            }
        }
        let use_total: Vec<f64> = {
            let mut total = take("load_mw");
            for col in [
                "battery_charge_mw",
                "export_mw",
                "electrolyser_mw",
                "electric_boiler_mw",
                "heat_pump_mw",
                "ccus_mw",
            ] {
                for (a, b) in total.iter_mut().zip(take(col)) {
                    *a += b;
                }
            }
            total
        };
        let lines = vec![
            BarSeries {
                name: t(Term::Load).into(),
                colour_key: "load".into(),
                values: take("load_mw"),
            },
            BarSeries {
                name: match lang {
                    Lang::En => "all uses (load, storage, export, electrolysis, heat)".into(),
                    Lang::Zh => "全部用电（负荷、储能、上网、制氢、供热）".into(),
                },
                colour_key: "curtailment".into(),
                values: use_total,
            },
        ];
        let first_day = hours[range.start] as usize / 24;
        figure(
            out,
            StackChart {
                title: format!(
                    "{name}: {} {}–{}",
                    t(Term::Dispatch),
                    crate::aggregate::date_of_day(first_day),
                    crate::aggregate::date_of_day(first_day + 6)
                ),
                x_label: format!("{} ({})", t(Term::Hour), t(Term::DayOfYear)),
                y_label: "MW".into(),
                x: hours[range].to_vec(),
                areas,
                lines,
            }
            .to_svg(),
        );
    }
}

/// Day × hour heatmaps of grid import, battery state of charge and curtailment.
fn heatmaps(out: &mut String, d: &Columns, lang: Lang) {
    if d.rows() != 8760 {
        return;
    }
    let t = |term: Term| term.text(lang);
    let maps = [
        (
            "import_mw",
            t(Term::GridImport),
            "MW",
            "grid",
            d.get("import_mw"),
        ),
        (
            "battery_soc_mwh",
            t(Term::StateOfCharge),
            "MWh",
            "battery",
            d.get("battery_soc_mwh"),
        ),
        (
            "curtailment",
            t(Term::Curtailment),
            "MW",
            "curtailment",
            curtailment(d),
        ),
    ];
    for (column, name, unit, colour, series) in maps {
        if column != "curtailment" && !d.has(column) || series.iter().all(|v| *v <= 1e-9) {
            continue;
        }
        let max = series.iter().copied().fold(0.0_f64, f64::max);
        figure(
            out,
            Heatmap {
                title: format!("{name} ({unit}; {} {})", units::number(max, 1), unit),
                x_label: t(Term::DayOfYear).into(),
                y_label: t(Term::Hour).into(),
                colour_key: colour.into(),
                values: series
                    .chunks(24)
                    .map(|day| {
                        let mut row = [0.0; 24];
                        row.copy_from_slice(day);
                        row
                    })
                    .collect(),
            }
            .to_svg(),
        );
    }
}

/// Hydrogen and heat over the year, by week, where the park has them.
fn sectors(out: &mut String, d: &Columns, lang: Lang) {
    let t = |term: Term| term.text(lang);
    // Whole weeks only (52 of them; the year's last day is left out).
    let weekly = |col: &str| -> Vec<f64> {
        d.get(col)
            .chunks_exact(168)
            .map(|w| w.iter().sum::<f64>())
            .collect()
    };
    let weeks: Vec<String> = (1..=d.rows() / 168).map(|w| w.to_string()).collect();
    let sector = |title: &str, unit: &str, parts: &[(&str, &str, &str)]| -> Option<BarChart> {
        let series: Vec<BarSeries> = parts
            .iter()
            .filter(|(_, col, _)| d.has(col))
            .map(|(name, col, colour)| BarSeries {
                name: (*name).to_string(),
                colour_key: (*colour).into(),
                values: weekly(col),
            })
            .collect();
        (!series.is_empty()).then(|| BarChart {
            title: title.to_string(),
            y_label: unit.to_string(),
            categories: weeks.clone(),
            series,
            stacked: true,
        })
    };
    let hydrogen = match lang {
        Lang::En => [
            ("electrolysers", "h2_produced_kg_per_h", "electrolyser"),
            ("bought", "h2_bought_kg_per_h", "grid"),
        ],
        Lang::Zh => [
            ("电解制氢", "h2_produced_kg_per_h", "electrolyser"),
            ("外购", "h2_bought_kg_per_h", "grid"),
        ],
    };
    let heat = match lang {
        Lang::En => [
            ("gas boiler", "gas_boiler_mw_th", "gas_boiler"),
            (
                "electric boiler",
                "electric_boiler_mw_th",
                "electric_boiler",
            ),
            ("heat pump", "heat_pump_mw_th", "heat_pump"),
        ],
        Lang::Zh => [
            ("燃气锅炉", "gas_boiler_mw_th", "gas_boiler"),
            ("电锅炉", "electric_boiler_mw_th", "electric_boiler"),
            ("热泵", "heat_pump_mw_th", "heat_pump"),
        ],
    };
    let charts = [
        sector(
            &format!("{}, kg/{}", t(Term::Hydrogen), t(Term::Week)),
            "kg",
            &hydrogen,
        ),
        sector(
            &match lang {
                Lang::En => format!("{}, MWh_th/{}", t(Term::Heat), t(Term::Week)),
                Lang::Zh => format!("{}，MWh（热）/{}", t(Term::Heat), t(Term::Week)),
            },
            "MWh_th",
            &heat,
        ),
    ];
    for chart in charts.into_iter().flatten() {
        figure(out, chart.to_svg());
    }
}

/// Typical days and the full-year check, where the plan was made on typical days.
fn typical_days(out: &mut String, plan: &Value, lang: Lang) {
    let t = |term: Term| term.text(lang);
    let agg = &plan["aggregation"];
    let Some(days) = agg["days"].as_array() else {
        return;
    };
    let _ = writeln!(out, "<h2>{}</h2><p>", esc(t(Term::TypicalDays)));
    let listed: Vec<String> = days
        .iter()
        .map(|d| {
            format!(
                "{} ×{}{}",
                d["date"].as_str().unwrap_or(""),
                d["weight_days"].as_u64().unwrap_or(0),
                if d["extreme"].is_null() { "" } else { "*" }
            )
        })
        .collect();
    let _ = writeln!(out, "{}</p>", esc(&listed.join(", ")));
    // The marks explained (×N: the days a typical day stands for; *: an extreme day).
    let _ = writeln!(
        out,
        "<p class=\"note\">{}</p>",
        esc(pick(
            lang,
            "×N: the days of the year the typical day stands for (the weights add up to 365); \
             *: an extreme day, kept whole with weight 1",
            "×N：该典型日代表的天数（合计 365 天）；*：极端日，整日保留，权重为 1",
        ))
    );
    let check = &plan["full_year_check"];
    if !check.is_null() {
        let _ = writeln!(
            out,
            "<p><b>{}</b>: {} — {} {}, {} {}</p>",
            esc(t(Term::FullYearCheck)),
            esc(&lang::full_year_check_message(check, lang)),
            esc(t(Term::TypicalDays)),
            f(&check["typical_day_estimate_rmb_per_yr"])
                .map_or("-".into(), |v| units::money_per_year(v, lang)),
            esc(match lang {
                Lang::En => "full year",
                Lang::Zh => "全年",
            }),
            f(&check["objective_rmb_per_yr"])
                .map_or("-".into(), |v| units::money_per_year(v, lang)),
        );
    }
}

/// Warnings and where the result comes from.
fn notes(out: &mut String, plan: &Value, lang: Lang) {
    let t = |term: Term| term.text(lang);
    let warnings = lang::warnings(plan, lang);
    if !warnings.is_empty() {
        let _ = writeln!(out, "<h2>{}</h2><ul>", esc(t(Term::Warnings)));
        for w in warnings {
            let _ = writeln!(out, "<li>{}</li>", esc(w));
        }
        out.push_str("</ul>\n");
    }
    let p = &plan["provenance"];
    let inputs: Vec<String> = p["inputs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            format!(
                "{} ({}, sha256 {})",
                i["path"].as_str().unwrap_or(""),
                i["role"].as_str().unwrap_or(""),
                &i["sha256"].as_str().unwrap_or("")
                    [..12.min(i["sha256"].as_str().unwrap_or("").len())]
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "<footer>zcpark {} · HiGHS {} · {}</footer>",
        esc(p["zcpark_version"].as_str().unwrap_or("")),
        esc(p["highs_version"].as_str().unwrap_or("")),
        esc(&inputs.join("; "))
    );
}

/// The report of a batch, Pareto, sensitivity, pathway or allocation study: its key figures
/// (`summary`, label and value, may be empty), its charts and its table (numbers as written
/// in its CSV, every run a row; the header in words, [`lang::column`], each with the CSV's
/// column name under it where the words differ).
pub fn study_report(
    name: &str,
    summary: &[(String, String)],
    header: &[String],
    rows: &[Vec<String>],
    charts: &[String],
    options: &ReportOptions,
) -> String {
    let mut out = String::new();
    let title = match (name, options.lang) {
        ("summary", Lang::En) => "Batch of plans",
        ("summary", Lang::Zh) => "批量方案",
        ("pareto", Lang::En) => "Least cost against carbon intensity",
        ("pareto", Lang::Zh) => "年化成本与单位能耗碳排放权衡曲线",
        ("sensitivity", Lang::En) => "Sensitivity of the annual cost",
        ("sensitivity", Lang::Zh) => "年化成本敏感性分析",
        ("pathway", Lang::En) => "Investment pathway",
        ("pathway", Lang::Zh) => "分阶段投资路径",
        ("allocation", Lang::En) => "Province quota allocation",
        ("allocation", Lang::Zh) => "省级指标分配",
        (_, _) => name,
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>{CSS}</style></head><body>\n<h1>{}</h1>\n",
        match options.lang {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        },
        esc(title),
        esc(title)
    );
    if !summary.is_empty() {
        out.push_str("<table class=\"summary\">\n");
        for (label, value) in summary {
            let _ = writeln!(
                out,
                "<tr><th>{}</th><td>{}</td></tr>",
                esc(label),
                esc(value)
            );
        }
        out.push_str("</table>\n");
    }
    for svg in charts {
        let _ = writeln!(out, "<figure>{svg}</figure>");
    }
    out.push_str("<table><tr>");
    for h in header {
        let words = lang::column(h, options.lang);
        if words == *h {
            let _ = write!(out, "<th>{}</th>", esc(h));
        } else {
            let _ = write!(
                out,
                "<th title=\"{}\">{}<br><code>{}</code></th>",
                esc(h),
                esc(&words),
                esc(h)
            );
        }
    }
    out.push_str("</tr>\n");
    // Years are written as they are (2025, not 2,025); statuses, yes/no and the basis of a
    // batch row in words; shares of energy as percentages, as the plans' pages give them.
    let is = |i: usize, f: fn(&str) -> bool| header.get(i).is_some_and(|h| f(h));
    let year = |h: &str| h == "year" || h.ends_with("_year");
    let status = |h: &str| h.starts_with("status") || h == "plan_status";
    let share = |h: &str| {
        h == "clean_share" || h.starts_with("clean_share_") || h == "renewable_self_consumption"
    };
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let shown = match cell.parse::<f64>() {
                _ if is(i, year) => cell.clone(),
                _ if is(i, status) => lang::status_cell(cell, options.lang),
                _ if is(i, |h| h == "basis") => lang::basis_cell(cell, options.lang),
                _ if cell == "true" || cell == "false" => lang::switch(cell, options.lang),
                Ok(v) if is(i, share) => units::percent(v),
                Ok(v) if v.abs() >= 1000.0 => units::number(v, 0),
                Ok(v) if v.fract() != 0.0 => units::number(v, 4),
                _ => cell.clone(),
            };
            let _ = write!(out, "<td>{}</td>", esc(&shown));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The IRRs read as the terminal summary gives them: two decimals, several rates listed
    /// with the advice to judge by the NPV, none in words (the page showed "multiple" and
    /// "none", in English under a Chinese page).
    #[test]
    fn irrs_read_as_the_summary_gives_them() {
        let plan = serde_json::json!({"finance": {
            "npv_rmb": 1.0e8, "npv_before_tax_rmb": 1.2e8,
            "project_irr": {"status": "unique", "rate": 0.11417},
            "project_irr_before_tax": {"status": "multiple", "rates": [0.05, 0.3]},
            "equity_irr": {"status": "none", "reason": "no sign change"},
            "assumptions": {}}});
        let mut zh = String::new();
        finance(&mut zh, &plan, &Columns::default(), Lang::Zh);
        assert!(zh.contains("<td>11.42 %</td>"), "{zh}");
        assert!(zh.contains("多解（5.00 %，30.00 %）：以净现值判断"), "{zh}");
        assert!(zh.contains("<td>无</td>"), "{zh}");
        assert!(!zh.contains("multiple") && !zh.contains(">none<"), "{zh}");
    }

    /// CO2 capture modules are in the capacities table, in either language (they were left
    /// out of report.html while the summary and plan.xlsx had them).
    #[test]
    fn capture_modules_are_in_the_capacities_table() {
        let plan = serde_json::json!({"capacities": {
            "pv_mw": 10.0, "pv_new_mw": 10.0, "ccus_modules": 5, "ccus_new_modules": 5}});
        let mut en = String::new();
        capacities(&mut en, &plan, Lang::En);
        assert!(
            en.contains("<td>CO2 capture</td><td>5 modules</td><td>5 modules</td>"),
            "{en}"
        );
        let mut zh = String::new();
        capacities(&mut zh, &plan, Lang::Zh);
        assert!(
            zh.contains("<td>碳捕集</td><td>5 套</td><td>5 套</td>"),
            "{zh}"
        );
    }
}
