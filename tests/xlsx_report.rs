//! The workbooks read back with calamine: `plan.xlsx` against `plan.json` and
//! `dispatch.csv` (a cut of the Yancheng chemical park across the end of January, with heat
//! and CCUS, and a full-year park on typical days), the Monthly sheet re-derived by hand from
//! the dispatch, and `summary.xlsx` against `summary.csv` after `zcpark batch` and after
//! `zcpark merge`. Every run is the real binary.

mod batch_fixtures;
mod common;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// The sheets of plan.xlsx, in order.
const PLAN_SHEETS: [&str; 7] = [
    "Summary",
    "Capacities",
    "Costs",
    "Indicators",
    "Monthly",
    "Dispatch",
    "Cash flows",
];

/// Days in each month of the (non-leap) modelled year.
const DAYS_IN_MONTH: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// The month (0–11) of day `day` (0–364) of the year, counted by hand.
fn month_of_day(day: usize) -> usize {
    let mut first = 0;
    for (month, days) in DAYS_IN_MONTH.iter().enumerate() {
        if day < first + days {
            return month;
        }
        first += days;
    }
    panic!("day {day} is past the year")
}

/// A workbook's sheets by name.
struct Book {
    names: Vec<String>,
    sheets: Vec<Range<Data>>,
}

impl Book {
    fn open(path: &Path) -> Self {
        let mut workbook: Xlsx<_> =
            open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let names = workbook.sheet_names();
        let sheets = names
            .iter()
            .map(|n| workbook.worksheet_range(n).unwrap())
            .collect();
        Book { names, sheets }
    }

    fn sheet(&self, name: &str) -> Sheet<'_> {
        let i = self
            .names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("no sheet {name} in {:?}", self.names));
        Sheet {
            name: name.to_string(),
            range: &self.sheets[i],
        }
    }
}

/// A sheet, read by absolute row and column.
struct Sheet<'a> {
    name: String,
    range: &'a Range<Data>,
}

impl Sheet<'_> {
    fn cell(&self, row: usize, col: usize) -> &Data {
        self.range
            .get_value((row as u32, col as u32))
            .unwrap_or(&Data::Empty)
    }

    /// A number cell, or None for an empty one (anything else fails).
    fn number(&self, row: usize, col: usize) -> Option<f64> {
        match self.cell(row, col) {
            Data::Float(v) => Some(*v),
            Data::Int(v) => Some(*v as f64),
            Data::Empty => None,
            other => panic!("{} ({row}, {col}): not a number: {other:?}", self.name),
        }
    }

    fn text(&self, row: usize, col: usize) -> String {
        match self.cell(row, col) {
            Data::String(s) => s.clone(),
            Data::Empty => String::new(),
            other => panic!("{} ({row}, {col}): not text: {other:?}", self.name),
        }
    }

    /// Rows, counting from 0 (the range's end is the last written row).
    fn rows(&self) -> usize {
        self.range.end().map_or(0, |(r, _)| r as usize + 1)
    }

    /// A text cell, or empty for a cell of another kind.
    fn text_or_empty(&self, row: usize, col: usize) -> String {
        match self.cell(row, col) {
            Data::String(s) => s.clone(),
            _ => String::new(),
        }
    }

    fn row_texts(&self, row: usize, cols: usize) -> Vec<String> {
        (0..cols).map(|c| self.text(row, c)).collect()
    }
}

/// The value at a dotted key (`emissions_by_term_t.grid`); `intensity_by_reading[NAME]` is the intensity of the reading
/// named NAME in that list.
fn at<'a>(value: &'a Value, dotted: &str) -> &'a Value {
    if let Some((list, name)) = dotted.strip_suffix(']').and_then(|k| k.split_once('[')) {
        return value[list]
            .as_array()
            .and_then(|items| items.iter().find(|r| r["reading"]["name"] == name))
            .map_or(&Value::Null, |r| &r["intensity_t_per_tce"]);
    }
    dotted.split('.').fold(value, |v, part| &v[part])
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every key of a JSON object, the numbers of inner objects (`ccus_modules_by_source`,
/// `emissions_by_term_t`, `direct_supply`) as dotted keys of their entries, and a list of
/// readings as `intensity_by_reading[NAME]` for each.
fn dotted_keys(object: &Value) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (key, value) in object.as_object().expect("an object") {
        if let Some(inner) = value.as_object() {
            keys.extend(
                inner
                    .iter()
                    .filter(|(_, v)| v.is_number())
                    .map(|(k, _)| format!("{key}.{k}")),
            );
        } else if let Some(items) = value.as_array() {
            keys.extend(items.iter().map(|r| {
                format!(
                    "{key}[{}]",
                    r["reading"]["name"].as_str().expect("a reading")
                )
            }));
        } else {
            keys.insert(key.clone());
        }
    }
    keys
}

/// `dispatch.csv` as a header and rows of cells.
fn read_dispatch_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

/// A value as `dispatch.csv` writes it: whole numbers bare, others rounded to 6 decimals.
fn as_dispatch_csv_writes(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.6}")
    }
}

/// Relative closeness, for sums formed in another order.
fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

/// Checks every sheet of `dir/plan.xlsx` but Monthly against `plan.json` and
/// `dispatch.csv`; returns the workbook.
fn check_plan_workbook(dir: &Path) -> Book {
    let plan = read_json(&dir.join("plan.json"));
    let book = Book::open(&dir.join("plan.xlsx"));
    assert_eq!(book.names, PLAN_SHEETS);

    // Summary: the verdict and the headline figures, exactly as plan.json has them.
    let summary = book.sheet("Summary");
    assert_eq!(
        summary.row_texts(0, 5),
        ["item", "plan", "baseline", "unit", "note"]
    );
    let row_of = |label: &str| {
        (0..summary.rows())
            .find(|r| summary.text(*r, 0) == label)
            .unwrap_or_else(|| panic!("Summary has no row {label}"))
    };
    assert_eq!(
        summary.text(row_of("scenario"), 1),
        plan["scenario"].as_str().unwrap()
    );
    assert_eq!(
        summary.text(row_of("status"), 1),
        plan["status"].as_str().unwrap()
    );
    let intensity = row_of("carbon intensity (EM / EC)");
    assert_eq!(
        summary.number(intensity, 1),
        plan["kpis"]["intensity_t_per_tce"].as_f64()
    );
    assert_eq!(
        summary.number(intensity, 2),
        plan["baseline"]["kpis"]["intensity_t_per_tce"].as_f64()
    );
    let cost = row_of("total annual cost");
    assert_eq!(
        summary.number(cost, 1),
        plan["objective_rmb_per_yr"].as_f64()
    );
    assert_eq!(
        summary.number(cost, 2),
        plan["baseline"]["objective_rmb_per_yr"].as_f64()
    );
    let meets = plan["kpis"]["intensity_t_per_tce"].as_f64().unwrap()
        <= plan["kpis"]["intensity_limit_t_per_tce"].as_f64().unwrap() * (1.0 + 1e-6) + 1e-9;
    assert_eq!(
        summary.text(row_of("verdict"), 1),
        if meets {
            "meets the rule"
        } else {
            "does not meet the rule"
        }
    );
    assert_eq!(
        summary.text(row_of("grid_factor_name"), 1),
        plan["accounting"]["grid_factor_name"].as_str().unwrap()
    );

    // Capacities: every capacity of plan.json, total and new, exactly.
    let caps = &plan["capacities"];
    let sheet = book.sheet("Capacities");
    assert_eq!(
        sheet.row_texts(0, 6),
        [
            "capacity",
            "unit",
            "total",
            "new",
            "plan.json key (total)",
            "plan.json key (new)"
        ]
    );
    let mut seen = BTreeSet::new();
    for r in 1..sheet.rows() {
        let total = sheet.text(r, 4);
        assert_eq!(sheet.number(r, 2), at(caps, &total).as_f64(), "{total}");
        let new = sheet.text(r, 5);
        if !new.is_empty() {
            assert_eq!(sheet.number(r, 3), at(caps, &new).as_f64(), "{new}");
            seen.insert(new);
        }
        seen.insert(total);
    }
    assert_eq!(seen, dotted_keys(caps), "capacities in the sheet");

    // Costs: every item of the plan and the baseline, exactly; the total is the objective.
    let sheet = book.sheet("Costs");
    let (costs, base_costs) = (&plan["costs"], &plan["baseline"]["costs"]);
    let mut items = BTreeSet::new();
    let last = sheet.rows() - 1;
    for r in 1..last {
        // The item in words first, its plan.json key last.
        let item = sheet.text(r, 4);
        assert!(!sheet.text(r, 0).is_empty(), "{item} in words");
        assert_eq!(sheet.number(r, 1), costs[&item].as_f64(), "plan {item}");
        assert_eq!(
            sheet.number(r, 2),
            base_costs[&item].as_f64(),
            "base {item}"
        );
        items.insert(item);
    }
    let mut expected = dotted_keys(costs);
    expected.extend(dotted_keys(base_costs));
    assert_eq!(items, expected, "cost items in the sheet");
    assert_eq!(sheet.text(last, 0), "total");
    assert_eq!(sheet.number(last, 1), plan["objective_rmb_per_yr"].as_f64());
    assert_eq!(
        sheet.number(last, 2),
        plan["baseline"]["objective_rmb_per_yr"].as_f64()
    );

    // Indicators: every KPI of the plan and the baseline, exactly (empty where null), each
    // with a unit and a definition.
    let sheet = book.sheet("Indicators");
    assert_eq!(
        sheet.row_texts(0, 5),
        ["indicator", "unit", "plan", "baseline", "definition"]
    );
    let (kpis, base_kpis) = (&plan["kpis"], &plan["baseline"]["kpis"]);
    let mut seen = BTreeSet::new();
    for r in 1..sheet.rows() {
        let key = sheet.text(r, 0);
        assert_eq!(sheet.number(r, 2), at(kpis, &key).as_f64(), "plan {key}");
        assert_eq!(
            sheet.number(r, 3),
            at(base_kpis, &key).as_f64(),
            "base {key}"
        );
        assert!(!sheet.text(r, 1).is_empty() && !sheet.text(r, 4).is_empty());
        seen.insert(key);
    }
    let missing: Vec<String> = dotted_keys(kpis).difference(&seen).cloned().collect();
    assert!(
        missing.is_empty(),
        "indicators missing from the sheet: {missing:?}"
    );

    // Dispatch: every column and row of dispatch.csv. The workbook holds each value as
    // computed; the CSV rounds to 6 decimals. So each cell, written the CSV's way, must give
    // the CSV's text exactly — equality up to the CSV's own rounding (±5·10⁻⁷), which no
    // relative tolerance would express for values near zero.
    let (header, rows) = read_dispatch_csv(&dir.join("dispatch.csv"));
    let sheet = book.sheet("Dispatch");
    assert_eq!(sheet.row_texts(0, header.len()), header);
    assert_eq!(sheet.rows(), rows.len() + 1, "one row per modelled hour");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let value = sheet
                .number(r + 1, c)
                .unwrap_or_else(|| panic!("Dispatch ({}, {c}) empty", r + 1));
            assert_eq!(
                as_dispatch_csv_writes(value),
                *cell,
                "row {r} column {}",
                header[c]
            );
        }
    }

    // Cash flows: the measures exactly as plan.json has them, and below them the yearly
    // table, cell for cell the numbers cashflow.csv writes.
    let sheet = book.sheet("Cash flows");
    let fin = &plan["finance"];
    assert_eq!(sheet.text(1, 0), "NPV (plan against baseline)");
    assert_eq!(sheet.number(1, 1), fin["npv_rmb"].as_f64());
    assert_eq!(sheet.number(1, 2), fin["npv_before_tax_rmb"].as_f64());
    assert_eq!(sheet.text(2, 0), "project IRR");
    assert_eq!(sheet.number(2, 1), fin["project_irr"]["rate"].as_f64());
    assert_eq!(sheet.text(4, 0), "simple payback, after tax");
    assert_eq!(sheet.number(4, 1), fin["simple_payback_years"].as_f64());
    let (header, rows) = read_dispatch_csv(&dir.join("cashflow.csv"));
    let first = (0..sheet.rows())
        .find(|r| sheet.text(*r, 0) == "year")
        .expect("the yearly table's header");
    assert_eq!(sheet.row_texts(first, header.len()), header);
    assert_eq!(sheet.rows(), first + 1 + rows.len(), "one row per year");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let value = sheet.number(first + 1 + r, c).unwrap_or(f64::NAN);
            assert_eq!(
                as_dispatch_csv_writes(value),
                *cell,
                "year {r} {}",
                header[c]
            );
        }
    }
    book
}

/// The sheets of plan.xlsx in Chinese, in order.
const PLAN_SHEETS_ZH: [&str; 7] = [
    "汇总",
    "装机容量",
    "成本",
    "指标",
    "月度平衡",
    "逐时运行",
    "现金流",
];

/// Whether `text` has a Chinese character.
fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Checks the Chinese workbook `zh` of the same run as the English workbook `en`: its sheets
/// named in Chinese; every cell where the English has one, every number the same (but the
/// solve times, which are the runs' own); the labels, units and definitions the reader goes
/// by in Chinese.
fn check_chinese_workbook(en: &Book, zh: &Book) {
    assert_eq!(zh.names, PLAN_SHEETS_ZH);
    for (en_name, zh_name) in PLAN_SHEETS.iter().zip(PLAN_SHEETS_ZH) {
        let (e, z) = (en.sheet(en_name), zh.sheet(zh_name));
        assert_eq!(e.rows(), z.rows(), "{en_name}: rows");
        let columns = e.range.end().map_or(0, |(_, c)| c as usize + 1);
        for r in 0..e.rows() {
            let timed =
                e.text_or_empty(r, 0).contains("time") || e.text_or_empty(r, 0).contains("seconds");
            for c in 0..columns {
                match e.cell(r, c) {
                    Data::Float(v) if !timed => {
                        assert_eq!(z.number(r, c), Some(*v), "{zh_name} ({r}, {c})")
                    }
                    Data::Empty => assert_eq!(z.cell(r, c), &Data::Empty, "{zh_name} ({r}, {c})"),
                    _ => {}
                }
            }
        }
    }
    // Headers of the sheets of labels, and their label columns.
    for (sheet, header_cols) in [("汇总", 5), ("装机容量", 4), ("成本", 4), ("指标", 5)] {
        let z = zh.sheet(sheet);
        for c in 0..header_cols {
            assert!(
                has_chinese(&z.text(0, c)),
                "{sheet} header {c}: {}",
                z.text(0, c)
            );
        }
    }
    let summary = zh.sheet("汇总");
    for label in [
        "情景",
        "求解状态",
        "结论",
        "单位能耗碳排放 (EM / EC)",
        "清洁能源消费占比",
        "年化总成本",
    ] {
        assert!(
            (0..summary.rows()).any(|r| summary.text(r, 0) == label),
            "汇总 has no row {label}"
        );
    }
    let verdict = (0..summary.rows())
        .find(|r| summary.text(*r, 0) == "结论")
        .unwrap();
    assert!(has_chinese(&summary.text(verdict, 1)) && has_chinese(&summary.text(verdict, 4)));
    let capacities = zh.sheet("装机容量");
    let costs = zh.sheet("成本");
    for r in 1..capacities.rows() {
        assert!(has_chinese(&capacities.text(r, 0)), "装机容量 row {r}");
    }
    for r in 1..costs.rows() {
        assert!(
            has_chinese(&costs.text(r, 0)),
            "成本 row {r}: {}",
            costs.text(r, 0)
        );
    }
    // The rules the cash flows follow, in Chinese, one for one (they were English in both).
    let flows = zh.sheet("现金流");
    let notes_at = (0..flows.rows())
        .find(|r| flows.text(*r, 0) == "说明")
        .expect("现金流 has its notes");
    let rules: Vec<String> = (notes_at + 1..notes_at + 1 + zcpark::finance::RULES_ZH.len())
        .map(|r| flows.text(r, 4))
        .collect();
    assert_eq!(rules, zcpark::finance::RULES_ZH);
    let indicators = zh.sheet("指标");
    for r in 1..indicators.rows() {
        assert!(has_chinese(&indicators.text(r, 4)), "指标 row {r}");
        // Units in Chinese, the energy units kept whole (it read "MW小时/年" for MWh/yr).
        let unit = indicators.text(r, 1);
        assert!(
            !unit.contains("yr") && !unit.contains("MW小时"),
            "指标 row {r}: {unit}"
        );
    }
    let monthly = zh.sheet("月度平衡");
    for r in 1..15 {
        assert!(has_chinese(&monthly.text(r, 0)), "月度平衡 row {r}");
    }
    let cash = zh.sheet("现金流");
    for r in 0..6 {
        assert!(has_chinese(&cash.text(r, 0)), "现金流 row {r}");
    }
}

/// The Monthly sheet's flows by name: the twelve months and the year row.
fn monthly_flows(book: &Book) -> Vec<(String, Vec<f64>, f64)> {
    let sheet = book.sheet("Monthly");
    assert_eq!(sheet.text(1, 0), "month");
    assert_eq!(sheet.text(2, 0), "Jan");
    let total = sheet.text(14, 0);
    assert!(total == "year" || total == "modelled hours", "{total}");
    (1..)
        .map_while(|c| {
            let name = sheet.text(1, c);
            (!name.is_empty()).then(|| {
                let months = (2..14).map(|r| sheet.number(r, c).unwrap()).collect();
                (name, months, sheet.number(14, c).unwrap())
            })
        })
        .collect()
}

/// The Dispatch sheet's column `name`, unrounded.
fn dispatch_column(book: &Book, name: &str) -> Vec<f64> {
    let sheet = book.sheet("Dispatch");
    let c = (0..)
        .find(|c| sheet.text(0, *c) == name || sheet.text(0, *c).is_empty())
        .unwrap();
    assert_eq!(sheet.text(0, c), name, "no column {name}");
    (1..sheet.rows())
        .map(|r| sheet.number(r, c).unwrap())
        .collect()
}

/// The dispatch column behind each flow of the Monthly sheet, and its factor to the
/// flow's unit (hydrogen kg → t).
fn source_of(flow: &str) -> (&'static str, f64) {
    match flow {
        "pv_mwh" => ("pv_mw", 1.0),
        "wind_mwh" => ("wind_mw", 1.0),
        "grid_import_mwh" => ("import_mw", 1.0),
        "green_power_mwh" => ("green_mw", 1.0),
        "battery_discharge_mwh" => ("battery_discharge_mw", 1.0),
        "battery_charge_mwh" => ("battery_charge_mw", 1.0),
        "load_mwh" => ("load_mw", 1.0),
        "electrolyser_mwh" => ("electrolyser_mw", 1.0),
        "electric_boiler_mwh" => ("electric_boiler_mw", 1.0),
        "heat_pump_mwh" => ("heat_pump_mw", 1.0),
        "ccus_mwh" => ("ccus_mw", 1.0),
        "grid_export_mwh" => ("export_mw", 1.0),
        "h2_produced_t" => ("h2_produced_kg_per_h", 1e-3),
        "h2_demand_t" => ("h2_demand_kg_per_h", 1e-3),
        "h2_bought_t" => ("h2_bought_kg_per_h", 1e-3),
        "h2_sold_t" => ("h2_sold_kg_per_h", 1e-3),
        "gas_boiler_mwh_th" => ("gas_boiler_mw_th", 1.0),
        "electric_boiler_mwh_th" => ("electric_boiler_mw_th", 1.0),
        "heat_pump_mwh_th" => ("heat_pump_mw_th", 1.0),
        "thermal_discharge_mwh_th" => ("thermal_discharge_mw_th", 1.0),
        "thermal_charge_mwh_th" => ("thermal_charge_mw_th", 1.0),
        "unserved_mwh" => ("unserved_mw", 1.0),
        "unserved_heat_mwh_th" => ("unserved_heat_mw_th", 1.0),
        "heat_demand_mwh_th" => ("heat_demand_mw_th", 1.0),
        "ccus_heat_mwh_th" => ("ccus_heat_mw_th", 1.0),
        other => panic!("flow {other} not expected here"),
    }
}

#[test]
fn plan_xlsx_matches_plan_json_and_dispatch_csv_on_a_cut_across_a_month_end() {
    // Yancheng's chemical park (heat, CO2 capture) on the 48 hours from 31 January 00:00
    // (hour 720): 24 hours in January, 24 in February.
    let dir = tempfile::tempdir().unwrap();
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/yancheng-chem.yaml");
    batch_fixtures::zcpark(dir.path())
        .arg("plan")
        .arg(&model)
        .args([
            "--set",
            "horizon.start_hour=720",
            "--set",
            "horizon.hours=48",
        ])
        .args(["--threads", "1", "--out", "out"])
        .assert()
        .success();
    let out = dir.path().join("out");
    let book = check_plan_workbook(&out);
    let plan = read_json(&out.join("plan.json"));
    // The same run in Chinese: the same workbook, in Chinese words.
    batch_fixtures::zcpark(dir.path())
        .arg("plan")
        .arg(&model)
        .args([
            "--set",
            "horizon.start_hour=720",
            "--set",
            "horizon.hours=48",
        ])
        .args(["--threads", "1", "--lang", "zh", "--out", "out-zh"])
        .assert()
        .success();
    check_chinese_workbook(&book, &Book::open(&dir.path().join("out-zh/plan.xlsx")));

    // The monthly balance by hand: on a cut, each Dispatch row's flow (one modelled hour,
    // not its weight_h of 182.5 hours of the year, which would put a year into two days)
    // added to the month of its hour (hour / 24 is its day). The workbook's Dispatch sheet
    // is the input (unrounded; it equals dispatch.csv, checked above), so the only
    // difference can be the order of the additions: 1e-9 relative.
    let hours = dispatch_column(&book, "hour");
    let weights = dispatch_column(&book, "weight_h");
    let flows = monthly_flows(&book);
    let names: Vec<&str> = flows.iter().map(|(n, _, _)| n.as_str()).collect();
    for expected in [
        "load_mwh",
        "green_power_mwh",
        "heat_demand_mwh_th",
        "ccus_mwh",
    ] {
        assert!(names.contains(&expected), "{expected} not in {names:?}");
    }
    for (name, months, year) in &flows {
        let (column, factor) = source_of(name);
        let values = dispatch_column(&book, column);
        let mut by_hand = [0.0; 12];
        for (hour, value) in hours.iter().zip(&values) {
            by_hand[month_of_day(*hour as usize / 24)] += value * factor;
        }
        for (month, (sheet, hand)) in months.iter().zip(by_hand).enumerate() {
            assert!(
                close(*sheet, hand, 1e-9),
                "{name} month {month}: {sheet} vs {hand}"
            );
        }
        assert!(by_hand[2..].iter().all(|m| *m == 0.0));
        assert!(close(*year, by_hand.iter().sum(), 1e-9), "{name} year");
    }
    // Both months have load; the cut's green power, weighted 8,760 / 48 to a year, is the
    // plan's annual purchase.
    assert!(weights.iter().all(|w| *w == 182.5));
    assert_eq!(book.sheet("Monthly").text(14, 0), "modelled hours");
    assert_eq!(plan["monthly"]["basis"], "modelled_hours");
    let load = &flows.iter().find(|f| f.0 == "load_mwh").unwrap().1;
    assert!(load[0] > 0.0 && load[1] > 0.0);
    let green = flows.iter().find(|f| f.0 == "green_power_mwh").unwrap().2;
    assert!(close(
        green * 182.5,
        plan["kpis"]["green_purchase_mwh"].as_f64().unwrap(),
        1e-9
    ));
    // The summary sheet says the figures are a cut's.
    let summary = book.sheet("Summary");
    let horizon = (0..summary.rows())
        .find(|r| summary.text(*r, 0) == "horizon")
        .expect("a horizon row on a cut");
    assert!(
        summary
            .text(horizon, 4)
            .contains("a cut of 48 h (hours 720-767 of the year) weighted ×182.50"),
        "{}",
        summary.text(horizon, 4)
    );
    // Electricity balances in each month: supply (PV, wind, grid, green power, battery
    // discharge) equals use (load, heat pumps, capture, export, battery charge), as the model's
    // hourly balance says, to the solver's tolerance on the MWh of a month.
    // The group header is merged over its flows' columns: its text is in the first.
    let sheet = book.sheet("Monthly");
    let mut groups = Vec::new();
    for c in 0..flows.len() {
        let label = sheet.text(0, c + 1);
        groups.push(if label.is_empty() {
            groups.last().cloned().unwrap()
        } else {
            label
        });
    }
    for month in 0..2 {
        let mut net = 0.0;
        for ((_, months, _), group) in flows.iter().zip(&groups) {
            match group.as_str() {
                "electricity supply, MWh" => net += months[month],
                "electricity use, MWh" => net -= months[month],
                _ => {}
            }
        }
        assert!(net.abs() < 1e-3, "month {month}: supply − use = {net} MWh");
    }
}

#[test]
fn plan_xlsx_on_typical_days_shares_each_day_among_its_months() {
    // A full-year park on 4 typical days without the full-year check: the dispatch has 96
    // rows, each standing for its typical day's days. The load steps up each month (10 MW in
    // January, 11 in February, …), so the months differ.
    let load: Vec<f64> = (0..8760)
        .map(|h| 10.0 + month_of_day(h / 24) as f64)
        .collect();
    let pv: Vec<f64> = (0..8760)
        .map(|h| {
            if (8..16).contains(&(h % 24)) {
                0.6
            } else {
                0.0
            }
        })
        .collect();
    let yaml = common::head(8760, 0.5, 100.0, 10.0).replace(
        "horizon: { start_hour: 0, hours: 8760 }",
        "horizon: { start_hour: 0, hours: 8760, typical_days: 4, \
         aggregation: { full_year_check: false } }",
    ) + "resources:
  pv_cf: { file: profile.csv, column: pv }
build:
  pv: { max_mw: 100 }
";
    let f = common::fixture(&yaml, &[("load", load), ("pv", pv)]);
    let out = f.path().join("out");
    batch_fixtures::zcpark(f.path())
        .args(["plan", "scenario.yaml", "--threads", "1", "--out", "out"])
        .assert()
        .success();
    let book = check_plan_workbook(&out);
    let plan = read_json(&out.join("plan.json"));
    let day_to_typical_day: Vec<usize> = plan["aggregation"]["day_to_typical_day"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(day_to_typical_day.len(), 365);

    // By hand: a row of typical day k (the day of its hour) adds weight_h × value, shared
    // equally among the n_k days that k stands for, to each such day's month.
    let hours = dispatch_column(&book, "hour");
    assert_eq!(hours.len(), 96);
    let weights = dispatch_column(&book, "weight_h");
    let members =
        |k: usize| -> Vec<usize> { (0..365).filter(|d| day_to_typical_day[*d] == k).collect() };
    let flows = monthly_flows(&book);
    for (name, months, year) in &flows {
        let (column, factor) = source_of(name);
        let values = dispatch_column(&book, column);
        let mut by_hand = [0.0; 12];
        let mut medoid_month = [0.0; 12];
        for ((hour, weight), value) in hours.iter().zip(&weights).zip(&values) {
            let day = *hour as usize / 24;
            let days = members(day_to_typical_day[day]);
            assert_eq!(
                days.len() as f64,
                *weight,
                "a row weighs its typical day's days"
            );
            for d in &days {
                by_hand[month_of_day(*d)] += weight * value * factor / days.len() as f64;
            }
            medoid_month[month_of_day(day)] += weight * value * factor;
        }
        for (month, (sheet, hand)) in months.iter().zip(by_hand).enumerate() {
            assert!(
                close(*sheet, hand, 1e-9),
                "{name} month {month}: {sheet} vs {hand}"
            );
        }
        assert!(close(*year, by_hand.iter().sum(), 1e-9), "{name} year");
        if name == "load_mwh" {
            // Every month has load, and the medoids' months alone would say otherwise.
            assert!(months.iter().all(|m| *m > 0.0), "{months:?}");
            assert!(medoid_month.iter().filter(|m| **m == 0.0).count() >= 8);
            assert!(close(
                *year,
                plan["kpis"]["energy_by_term_tce"]["electric_load"]
                    .as_f64()
                    .unwrap()
                    / 0.3,
                1e-9
            ));
        }
    }
}

/// Checks `summary.xlsx` against `summary.csv` in `dir`, cell by cell: the CSV writes each
/// number as the shortest text that reads back to the same value, so a number cell must
/// equal the CSV's number exactly; text cells equal, empty cells empty.
fn check_summary_workbook(dir: &Path) {
    let csv = batch_fixtures::Csv::read(&dir.join("summary.csv"));
    let book = Book::open(&dir.join("summary.xlsx"));
    assert_eq!(book.names, ["summary"]);
    let sheet = book.sheet("summary");
    assert_eq!(sheet.row_texts(0, csv.header.len()), csv.header);
    assert_eq!(sheet.rows(), csv.rows.len() + 1);
    let mut numbers = 0;
    for (r, row) in csv.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let at = format!("row {r} column {}", csv.header[c]);
            match sheet.cell(r + 1, c) {
                Data::Float(v) => {
                    assert_eq!(Some(*v), cell.parse::<f64>().ok(), "{at}");
                    numbers += 1;
                }
                Data::String(s) => {
                    assert_eq!(s, cell, "{at}");
                    assert!(cell.parse::<f64>().is_err(), "{at}: a number as text");
                }
                Data::Empty => assert_eq!(cell, "", "{at}"),
                other => panic!("{at}: {other:?}"),
            }
        }
    }
    // Costs, capacities, indicators and times are numbers.
    assert!(numbers >= csv.rows.len() * 20, "{numbers} numbers");
}

#[test]
fn summary_xlsx_matches_summary_csv_after_batch_and_merge() {
    let park = batch_fixtures::Park::with_pv(0.5, "flat", 1000.0);
    park.write(
        "b.yaml",
        "base: park.yaml\n\
         sweep:\n  catalogue.pv.capex_rmb_per_kw: [1000, 200000]\n",
    );
    batch_fixtures::zcpark(park.dir.path())
        .args(["batch", "b.yaml", "--out", "out", "--jobs", "2"])
        .args(["--threads", "1", "--time-limit", "30"])
        .assert()
        .success();
    check_summary_workbook(&park.path("out"));
    // Each run's directory has its plan.xlsx.
    for run in [
        "base__capex_rmb_per_kw=1000",
        "base__capex_rmb_per_kw=200000",
    ] {
        let dir = park.path(&format!("out/runs/{run}"));
        assert!(dir.join("plan.xlsx").exists(), "{}", dir.display());
    }

    batch_fixtures::zcpark(park.dir.path())
        .args(["merge", "out", "--out", "merged"])
        .assert()
        .success();
    check_summary_workbook(&park.path("merged"));
}
