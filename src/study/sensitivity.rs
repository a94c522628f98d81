//! `zcpark sensitivity`: one-at-a-time variation of named parameters. Each parameter is set
//! to a low and a high value with every other at its base value; the table (a tornado) lists
//! the annual cost and the capacities at both ends, sorted by the swing of the cost.
//!
//! A variation is written `PATH=±20%` (also `+-20%` or `20%`: the base value × (1 ∓ 0.2)) or
//! `PATH=LOW,HIGH` (two values, read as YAML). The base value of a path is the scenario's
//! (with `--set`), or its default, or for `catalogue.*` the catalogue value in force. When the
//! base value is written as a whole number, the low and high values are rounded to whole
//! numbers (counts such as `build.wind.max_turbines` must stay whole).

use super::{printed_capacities, write_study, Point, Solver, StudyArgs, StudyBase, StudyError};
use crate::batch::table::{number_cell, Table};
use crate::report::chart::{TornadoBar, TornadoChart};
use crate::report::lang::Lang;
use crate::scenario::overrides::{get, show_value, Override};
use crate::scenario::LoadedScenario;
use crate::solve::SolveOptions;
use serde_yaml::Value;

/// How a parameter is varied.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Base × (1 − f) and base × (1 + f).
    Relative(f64),
    /// Two given values.
    Values(Value, Value),
}

/// One `--vary` argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// Dotted path.
    pub path: String,
    /// The change.
    pub change: Change,
    /// The change as written, for the table.
    pub shown: String,
}

/// Parses `PATH=±20%`, `PATH=+-20%`, `PATH=20%` or `PATH=LOW,HIGH`.
pub fn parse_vary(text: &str) -> Result<Vary, String> {
    let bad = |why: &str| format!("--vary {text}: must be PATH=±P% or PATH=LOW,HIGH ({why})");
    let (path, change) = text.split_once('=').ok_or_else(|| bad("no `=`"))?;
    let path = path.trim();
    if path.is_empty() {
        return Err(bad("empty path"));
    }
    let change_text = change.trim();
    let change = if let Some(percent) = change_text.strip_suffix('%') {
        let number = percent
            .trim_start_matches('±')
            .trim_start_matches("+-")
            .trim();
        let p: f64 = number
            .parse()
            .map_err(|_| bad(&format!("`{number}` is not a number")))?;
        if !(p.is_finite() && p > 0.0) {
            return Err(bad("the percentage must be > 0"));
        }
        Change::Relative(p / 100.0)
    } else {
        let (low, high) = change_text
            .split_once(',')
            .ok_or_else(|| bad("neither a percentage nor two values"))?;
        let read = |v: &str| {
            serde_yaml::from_str::<Value>(v.trim()).map_err(|e| bad(&format!("{v}: {e}")))
        };
        Change::Values(read(low)?, read(high)?)
    };
    Ok(Vary {
        path: path.to_string(),
        change,
        shown: change_text.to_string(),
    })
}

/// The base value of `path`: in the scenario document as written (with `--set`), else in
/// the resolved scenario (defaults filled in, every catalogue value in force written out
/// under `catalogue`), else, for the investor's terms under `finance`, the default in force
/// (the discount rate and tax rate of china-rules.md, the loss carry-forward, a loan's
/// terms).
pub fn base_value(doc: &Value, loaded: &LoadedScenario, path: &str) -> Option<Value> {
    let numeric = |v: &Value| v.is_number().then(|| v.clone());
    if let Some(v) = get(doc, path).and_then(numeric) {
        return Some(v);
    }
    let resolved = serde_yaml::to_value(loaded.resolved.reproducible_spec()).ok()?;
    get(&resolved, path)
        .and_then(numeric)
        .or_else(|| finance_default(&loaded.park.finance, path))
}

/// The value in force of a `finance` field the scenario leaves to its default.
fn finance_default(f: &crate::scenario::finance::FinanceData, path: &str) -> Option<Value> {
    let debt = f.debt.as_ref();
    Some(match path {
        "finance.discount_rate" => Value::from(f.discount_rate.value),
        "finance.tax.income_tax_rate" => Value::from(f.tax.income_tax_rate.value),
        "finance.tax.loss_carry_forward_years" => Value::from(f.tax.loss_carry_forward_years),
        "finance.analysis_years" => Value::from(f.analysis_years?),
        "finance.debt.share" => Value::from(debt?.share.value),
        "finance.debt.rate" => Value::from(debt?.rate.value),
        "finance.debt.tenor_years" => Value::from(debt?.tenor_years),
        _ => return None,
    })
}

/// A number as YAML: whole numbers as integers when `whole`.
fn number_value(x: f64, whole: bool) -> Value {
    if whole {
        Value::from(x.round() as i64)
    } else {
        Value::from(x)
    }
}

/// The low and high values of `vary`, given the base.
fn ends(vary: &Vary, base: Option<&Value>) -> Result<(Value, Value), String> {
    match &vary.change {
        Change::Values(low, high) => match (low.as_f64(), high.as_f64()) {
            (Some(l), Some(h)) if l >= h => Err(format!(
                "--vary {}={}: LOW,HIGH must have LOW below HIGH, got {} and {}",
                vary.path,
                vary.shown,
                show_value(low),
                show_value(high)
            )),
            _ => Ok((low.clone(), high.clone())),
        },
        Change::Relative(f) => {
            let base = base.ok_or_else(|| {
                format!(
                    "--vary {}={}: must name a number in the scenario, its defaults or the \
                     catalogue, got no number at {}",
                    vary.path, vary.shown, vary.path
                )
            })?;
            let x = base.as_f64().unwrap_or(f64::NAN);
            let whole = base.is_i64() || base.is_u64();
            let (low, high) = (
                number_value(x * (1.0 - f), whole),
                number_value(x * (1.0 + f), whole),
            );
            if low == high {
                return Err(format!(
                    "--vary {}={}: must change the value, got base {} and low = high = {}; \
                     give LOW,HIGH",
                    vary.path,
                    vary.shown,
                    show_value(base),
                    show_value(&low)
                ));
            }
            Ok((low, high))
        }
    }
}

/// One parameter's row.
#[derive(Debug, Clone)]
pub struct Swing {
    /// The variation.
    pub vary: Vary,
    /// The base value, when known.
    pub base_value: Option<Value>,
    /// The low and high values set.
    pub values: (Value, Value),
    /// The plan with the low value.
    pub low: Point,
    /// The plan with the high value.
    pub high: Point,
    /// NPV after tax of the low and high plans against their baselines, RMB (when they have
    /// cash flows).
    pub npv_rmb: (Option<f64>, Option<f64>),
}

impl Swing {
    /// |cost(high) − cost(low)|, RMB/yr, when both found a plan.
    pub fn swing(&self) -> Option<f64> {
        Some((self.high.objective()? - self.low.objective()?).abs())
    }

    /// |NPV(high) − NPV(low)| of the cash flows against the baseline, RMB, when both have
    /// them: the swing of a parameter that changes the cash flows only (`finance.*`, the
    /// award, the capex subsidy, the green loan), whose annual-cost swing is 0.
    pub fn npv_swing_rmb(&self) -> Option<f64> {
        Some((self.npv_rmb.1? - self.npv_rmb.0?).abs())
    }

    /// True when the plan's cost does not move (within 1e-9 of it) while the NPV does: the
    /// parameter moves the cash flows or the baseline's cost, not the plan's.
    fn cash_flows_only(&self) -> bool {
        let cost_still = self
            .swing()
            .is_some_and(|s| s <= 1e-9 * self.low.objective().map_or(1.0, |c| c.abs().max(1.0)));
        cost_still && self.npv_swing_rmb().is_some_and(|n| n > 0.5)
    }
}

/// The NPV after tax of a point's plan against its baseline (`finance`), RMB.
fn npv_rmb(point: &Point) -> Option<f64> {
    crate::finance::for_plan(&point.outcome.report, &point.loaded.park)
        .report()
        .map(|f| f.results.npv_rmb)
}

/// The study: the base plan and one swing per parameter, widest swing first.
#[derive(Debug, Clone)]
pub struct Sensitivity {
    /// The plan with every parameter at its base value.
    pub base: Point,
    /// The parameters, widest swing first (those without a swing last).
    pub swings: Vec<Swing>,
}

fn point_name(path: &str, end: &str) -> String {
    let safe: String = path
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}_{end}")
}

/// Solves the base and every parameter's low and high value.
pub fn study(
    base: &StudyBase,
    varies: &[Vary],
    options: &SolveOptions,
) -> Result<Sensitivity, StudyError> {
    if varies.is_empty() {
        return Err(StudyError::Invalid(vec![
            "--vary: must be given at least once, e.g. --vary catalogue.pv.capex_rmb_per_kw=±20%"
                .into(),
        ]));
    }
    let loaded = base.load("base", &[])?;
    let mut problems = Vec::new();
    let mut planned = Vec::new();
    for vary in varies {
        let base_v = base_value(&base.doc, &loaded, &vary.path);
        match ends(vary, base_v.as_ref()) {
            Ok((low, high)) => {
                // Check both ends load before solving anything.
                for (end, value) in [("low", &low), ("high", &high)] {
                    let o = Override {
                        path: vary.path.clone(),
                        value: value.clone(),
                        origin: None,
                    };
                    if let Err(e) = base.load(&format!("--vary {} ({end})", vary.path), &[o]) {
                        problems.push(e.to_string());
                    }
                }
                planned.push((vary.clone(), base_v, low, high));
            }
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(StudyError::Invalid(problems));
    }
    let mut solver = Solver::new(base, options);
    let result = (|| {
        let base_point = solver.solve("base", &[])?;
        let mut swings = Vec::new();
        for (vary, base_value, low, high) in planned {
            let mut solve_end = |end: &str, value: Value| {
                solver.solve(
                    &point_name(&vary.path, end),
                    &[Override {
                        path: vary.path.clone(),
                        value,
                        origin: None,
                    }],
                )
            };
            let values = (low.clone(), high.clone());
            let low = solve_end("low", low)?;
            let high = solve_end("high", high)?;
            let npv = (npv_rmb(&low), npv_rmb(&high));
            swings.push(Swing {
                vary,
                base_value,
                values,
                low,
                high,
                npv_rmb: npv,
            });
        }
        swings.sort_by(|a, b| match (a.swing(), b.swing()) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        Ok(Sensitivity {
            base: base_point,
            swings,
        })
    })();
    solver.finish();
    result
}

/// The tornado table: one row per parameter, widest swing first.
pub fn table(s: &Sensitivity) -> Table {
    let base_npv = npv_rmb(&s.base);
    let mut capacity_names: Vec<String> = Vec::new();
    for p in std::iter::once(&s.base).chain(s.swings.iter().flat_map(|w| [&w.low, &w.high])) {
        for (name, _) in p.capacities() {
            if !capacity_names.contains(&name) {
                capacity_names.push(name);
            }
        }
    }
    let mut header: Vec<String> = [
        "parameter",
        "change",
        "base_value",
        "low_value",
        "high_value",
        "objective_low_rmb_per_yr",
        "objective_base_rmb_per_yr",
        "objective_high_rmb_per_yr",
        "swing_rmb_per_yr",
        "npv_low_rmb",
        "npv_base_rmb",
        "npv_high_rmb",
        "npv_swing_rmb",
        "status_low",
        "status_high",
    ]
    .map(String::from)
    .to_vec();
    for name in &capacity_names {
        for end in ["low", "base", "high"] {
            header.push(format!("{name}_{end}"));
        }
    }
    let mut t = Table::new(header);
    let capacity = |p: &Point, name: &str| {
        number_cell(
            p.capacities()
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| *v)
                .filter(|_| p.ok()),
        )
    };
    for w in &s.swings {
        let mut row = vec![
            w.vary.path.clone(),
            w.vary.shown.clone(),
            w.base_value.as_ref().map(show_value).unwrap_or_default(),
            show_value(&w.values.0),
            show_value(&w.values.1),
            number_cell(w.low.objective()),
            number_cell(s.base.objective()),
            number_cell(w.high.objective()),
            number_cell(w.swing()),
            number_cell(w.npv_rmb.0),
            number_cell(base_npv),
            number_cell(w.npv_rmb.1),
            number_cell(w.npv_swing_rmb()),
            w.low.status(),
            w.high.status(),
        ];
        for name in &capacity_names {
            row.push(capacity(&w.low, name));
            row.push(capacity(&s.base, name));
            row.push(capacity(&w.high, name));
        }
        t.rows.push(row);
    }
    t
}

/// The tornado chart of the annual cost.
pub fn chart(s: &Sensitivity, lang: Lang) -> TornadoChart {
    // Costs in M RMB/yr, in Chinese in 亿元/年.
    let (unit, rmb_per_unit) = crate::report::units::chart_money_per_yr(lang);
    let x_label = match lang {
        Lang::En => format!("annual cost, {unit}"),
        Lang::Zh => format!("年化成本，{unit}"),
    };
    let m = |p: &Point| p.objective().map_or(f64::NAN, |c| c / rmb_per_unit);
    let name = &s.base.outcome.report.scenario;
    TornadoChart {
        title: match lang {
            Lang::En => format!("{name}: annual cost, one parameter at a time"),
            Lang::Zh => format!("{name}：年化成本单参数敏感性"),
        },
        x_label,
        base: m(&s.base),
        bars: s
            .swings
            .iter()
            .map(|w| TornadoBar {
                label: format!("{} {}", w.vary.path, w.vary.shown),
                low: m(&w.low),
                high: m(&w.high),
            })
            .collect(),
    }
}

/// `zcpark sensitivity`: prints the tornado table and writes `sensitivity.csv`,
/// `sensitivity.svg` and every plan under `out`; 0 when every solve found a plan, 1
/// otherwise, 2 on bad input.
pub fn command(args: &StudyArgs, varies: &[Vary]) -> i32 {
    if let Some(code) = args.refuse_out() {
        return code;
    }
    let options = args.solve_options();
    let result = StudyBase::read(args.source(), &args.overrides())
        .and_then(|base| study(&base, varies, &options));
    let s = match result {
        Ok(s) => s,
        Err(e) => {
            e.print();
            return e.exit_code();
        }
    };
    let report = &s.base.outcome.report;
    match s.base.objective() {
        Some(cost) => crate::outln!(
            "zcpark sensitivity: {}: base annual cost {} RMB/yr",
            report.scenario,
            number_cell(Some(cost))
        ),
        None => crate::outln!(
            "zcpark sensitivity: {}: the base scenario has no plan ({}){}; the swings compare \
             ends that may have none either",
            report.scenario,
            crate::report::lang::status(
                serde_json::to_value(report.status)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .as_deref()
                    .unwrap_or(""),
                crate::report::lang::Lang::En
            ),
            report
                .infeasibility
                .iter()
                .map(|i| format!(": {}", i.message))
                .collect::<String>()
        ),
    }
    let t = table(&s);
    let mut points: Vec<&Point> = vec![&s.base];
    points.extend(s.swings.iter().flat_map(|w| [&w.low, &w.high]));
    let mut columns: Vec<String> = [
        "parameter",
        "change",
        "low_value",
        "high_value",
        "objective_low_rmb_per_yr",
        "objective_high_rmb_per_yr",
        "swing_rmb_per_yr",
    ]
    .map(String::from)
    .to_vec();
    for name in printed_capacities(&points) {
        columns.push(format!("{name}_low"));
        columns.push(format!("{name}_high"));
    }
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    crate::out!("{}", t.rounded().to_text(&columns));
    for w in s.swings.iter().filter(|w| w.cash_flows_only()) {
        crate::outln!(
            "note: {}: the plan's annual cost is the same at both ends (no swing), but the NPV \
             against the baseline swings by {} RMB (npv_swing_rmb): the parameter moves the \
             cash flows or the baseline's cost, not the plan's",
            w.vary.path,
            number_cell(w.npv_swing_rmb().map(f64::round))
        );
    }
    if let Some(dir) = &args.out {
        let lang = s.base.loaded.resolved.spec.report.lang.unwrap_or_default();
        let written = chart(&s, lang)
            .to_svg()
            .map_err(StudyError::from)
            .and_then(|svg| write_study(dir, "sensitivity", &t, &svg, &points));
        match written {
            Ok(files) => {
                for f in files {
                    crate::outln!("written: {}", f.display());
                }
            }
            Err(e) => {
                e.print();
                return e.exit_code();
            }
        }
    }
    if points.iter().all(|p| p.ok()) {
        0
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variations_parse() {
        let v = parse_vary("catalogue.pv.capex_rmb_per_kw=±20%").unwrap();
        assert_eq!(v.change, Change::Relative(0.2));
        assert_eq!(parse_vary("a=+-5%").unwrap().change, Change::Relative(0.05));
        assert_eq!(
            parse_vary("a=2400, 3600").unwrap().change,
            Change::Values(Value::from(2400), Value::from(3600))
        );
        for bad in ["a", "=5%", "a=x%", "a=-5%", "a=3"] {
            assert!(parse_vary(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn whole_numbers_stay_whole() {
        let v = parse_vary("build.wind.max_turbines=±15%").unwrap();
        let (low, high) = ends(&v, Some(&Value::from(150))).unwrap();
        assert_eq!((low, high), (Value::from(128), Value::from(173)));
        let v = parse_vary("x=±10%").unwrap();
        assert!(ends(&v, Some(&Value::from(0))).is_err());
        assert!(ends(&v, None).is_err());
    }
}
