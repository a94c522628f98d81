//! Property-based fuzzing of everything a user writes: scenario YAML, `--set` overrides and
//! batch specs, each mutated from a valid file (values swapped for NaN, ±inf, negatives, huge
//! numbers, text, lists, nothing; keys removed, duplicated, misspelt; lines cut, repeated,
//! shuffled; bytes that are not UTF-8).
//!
//! Properties: nothing panics; every rejection names the file and a field (or, for a file
//! that is not YAML, a line and column); every accepted scenario solves or ends with a named
//! status. Cases per property: `PROPTEST_CASES` (default 300 here; `scripts/fuzz.sh` runs
//! 100,000 and more).

mod common;
use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_yaml::Value;
use std::path::Path;
use zcpark::scenario::{self, ScenarioError, ScenarioSource};

/// A valid scenario with every section, on a 24-hour cut (solves in milliseconds).
const BASE: &str = "name: fuzz
horizon: { start_hour: 4000, hours: 24 }
loads:
  electricity_mw: { file: profile.csv, column: load }
resources:
  pv_cf: { file: profile.csv, column: pv }
  wind_cf: { file: profile.csv, column: wind }
grid:
  import_cap_mw: 200
  import_tariff:
    tou:
      prices_rmb_per_kwh: { valley: 0.28, flat: 0.64, peak: 1.05 }
      seasons:
        - months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
          hours: { valley: \"0-7\", peak: \"8-10,17-21\", flat: \"11-16,22-23\" }
  export: { cap_mw: 50, tariff: { flat_rmb_per_kwh: 0.3 }, max_share_of_output: 0.2 }
  green_power: { premium_rmb_per_kwh: 0.03, max_mwh_per_yr: 100000 }
  certificates: { price_rmb_per_mwh: 5, max_share_of_imports: 0.1 }
  demand_charge: { max_demand_rmb_per_kw_month: 30 }
build:
  pv: { max_mw: 200 }
  wind: { max_turbines: 20 }
  battery: { max_mwh: 200 }
hydrogen:
  demand: { kg_per_yr: 1000000, window: day }
  electrolyser: { technology: alkaline, max_stacks: 4, commitment: relaxed }
  storage: { max_kg: 5000 }
  purchase: { price_rmb_per_kg: 25, t_co2_per_kg: 0.02 }
heat:
  demand_mw_th: { file: profile.csv, column: steam }
  gas_boiler: { capacity_mw_th: 60, gas_price_rmb_per_nm3: 3.6 }
  electric_boiler: { max_mw_th: 60 }
  heat_pump: { max_mw_th: 30, cop: { carnot: { source_temperature_c: { file: profile.csv, column: source_c }, sink_temperature_c: 120 } } }
  thermal_storage: { max_mwh_th: 200 }
co2:
  sources:
    - { name: kiln, kind: process, t_per_yr: 50000 }
    - { name: boilers, kind: gas_boiler }
  capture:
    - { source: kiln, technology: flue_gas_amine, max_modules: 2 }
  utilisation: { price_rmb_per_t: 150, max_t_per_yr: 5000 }
rules:
  intensity_limit: 1.0
  electricity_tce_basis: equivalent
  grid_factor: east-china-2023
  clean_share: { target: 0.3 }
  process_emissions: include
  ccus_deduction: true
catalogue:
  pv: { capex_rmb_per_kw: 2600 }
";

/// Values a mutation may put in place of any value.
fn odd_values() -> Vec<Value> {
    let yaml = |t: &str| serde_yaml::from_str::<Value>(t).unwrap();
    vec![
        yaml(".nan"),
        yaml(".inf"),
        yaml("-.inf"),
        yaml("-1"),
        yaml("0"),
        yaml("1e300"),
        yaml("-1e300"),
        yaml("1e-300"),
        yaml("1e20"),
        yaml("4294967296"),
        yaml("''"),
        yaml("text"),
        yaml("true"),
        yaml("null"),
        yaml("[]"),
        yaml("{}"),
        yaml("[1, 2]"),
        yaml("{ a: 1 }"),
        yaml("'0-25'"),
        yaml("9999999"),
    ]
}

/// Dotted paths of every node of `value` (mappings by key, sequences by `[i]`).
fn paths(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                let key = k.as_str().unwrap_or("?");
                let p = if at.is_empty() {
                    key.to_string()
                } else {
                    format!("{at}.{key}")
                };
                out.push(p.clone());
                paths(v, &p, out);
            }
        }
        Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}[{i}]");
                out.push(p.clone());
                paths(v, &p, out);
            }
        }
        _ => {}
    }
}

/// The parent node of `path` and the last step (a key or an index).
fn parent_mut<'a>(doc: &'a mut Value, path: &str) -> Option<(&'a mut Value, String)> {
    let mut steps: Vec<String> = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            steps.push(rest[..i].to_string());
            rest = &rest[i..];
            while let Some(end) = rest.find(']') {
                steps.push(rest[..=end].to_string());
                rest = &rest[end + 1..];
            }
        } else {
            steps.push(rest.to_string());
        }
    }
    let last = steps.pop()?;
    let mut node = doc;
    for step in steps {
        node = match step.strip_prefix('[') {
            Some(i) => node.get_mut(i.trim_end_matches(']').parse::<usize>().ok()?)?,
            None => node.get_mut(step.as_str())?,
        };
    }
    Some((node, last))
}

/// One change to a document: `(what, which node, which value)`.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, usize),
    Remove(usize),
    Misspell(usize, usize),
    SwapWith(usize, usize),
    Scale(usize, usize),
}

/// Factors a numeric value may be scaled by (keeps most scenarios valid, so the solve path is
/// exercised too).
const FACTORS: [f64; 8] = [0.0, 0.1, 0.5, 0.9, 1.5, 2.0, 10.0, 1000.0];

fn apply_mutation(doc: &mut Value, m: &Mutation) {
    let mut all = Vec::new();
    paths(doc, "", &mut all);
    if all.is_empty() {
        return;
    }
    let odd = odd_values();
    match m {
        Mutation::Replace(p, v) => {
            let path = all[p % all.len()].clone();
            if let Some((parent, last)) = parent_mut(doc, &path) {
                let new = odd[v % odd.len()].clone();
                set(parent, &last, new);
            }
        }
        Mutation::Remove(p) => {
            let path = all[p % all.len()].clone();
            if let Some((parent, last)) = parent_mut(doc, &path) {
                match (parent, last.strip_prefix('[')) {
                    (Value::Mapping(map), None) => {
                        map.remove(last.as_str());
                    }
                    (Value::Sequence(items), Some(i)) => {
                        if let Ok(i) = i.trim_end_matches(']').parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Mutation::Misspell(p, c) => {
            let path = all[p % all.len()].clone();
            if let Some((Value::Mapping(map), last)) = parent_mut(doc, &path) {
                if let Some(v) = map.remove(last.as_str()) {
                    let mut key: Vec<char> = last.chars().collect();
                    let at = c % (key.len() + 1);
                    match c % 3 {
                        0 if !key.is_empty() => {
                            key.remove(at.min(key.len() - 1));
                        }
                        1 => key.insert(at, 'x'),
                        _ => key.push('_'),
                    }
                    map.insert(Value::String(key.into_iter().collect()), v);
                }
            }
        }
        Mutation::Scale(p, f) => {
            let numbers: Vec<String> = all
                .iter()
                .filter(|path| {
                    parent_mut(doc, path)
                        .and_then(|(parent, last)| get(parent, &last))
                        .is_some_and(|v| v.is_number())
                })
                .cloned()
                .collect();
            if numbers.is_empty() {
                return;
            }
            let path = &numbers[p % numbers.len()];
            if let Some((parent, last)) = parent_mut(doc, path) {
                if let Some(x) = get(parent, &last).and_then(|v| v.as_f64()) {
                    let scaled = x * FACTORS[f % FACTORS.len()];
                    let new = if get(parent, &last).is_some_and(|v| v.is_u64() || v.is_i64())
                        && scaled.fract() == 0.0
                    {
                        Value::from(scaled as i64)
                    } else {
                        Value::from(scaled)
                    };
                    set(parent, &last, new);
                }
            }
        }
        Mutation::SwapWith(p, q) => {
            let (a, b) = (all[p % all.len()].clone(), all[q % all.len()].clone());
            let value_b = parent_mut(doc, &b).and_then(|(parent, last)| get(parent, &last));
            if let (Some(value_b), Some((parent, last))) = (value_b, parent_mut(doc, &a)) {
                set(parent, &last, value_b);
            }
        }
    }
}

fn get(parent: &Value, last: &str) -> Option<Value> {
    match last.strip_prefix('[') {
        Some(i) => parent
            .get(i.trim_end_matches(']').parse::<usize>().ok()?)
            .cloned(),
        None => parent.get(last).cloned(),
    }
}

fn set(parent: &mut Value, last: &str, new: Value) {
    match last.strip_prefix('[') {
        Some(i) => {
            if let Some(slot) = i
                .trim_end_matches(']')
                .parse::<usize>()
                .ok()
                .and_then(|i| parent.get_mut(i))
            {
                *slot = new;
            }
        }
        None => {
            if let Some(slot) = parent.get_mut(last) {
                *slot = new;
            }
        }
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), any::<usize>()).prop_map(|(p, v)| Mutation::Replace(p, v)),
        2 => any::<usize>().prop_map(Mutation::Remove),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(p, c)| Mutation::Misspell(p, c)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(p, q)| Mutation::SwapWith(p, q)),
        6 => (any::<usize>(), any::<usize>()).prop_map(|(p, f)| Mutation::Scale(p, f)),
    ]
}

/// Changes to the text itself: cut it, repeat or drop a line, shuffle two lines, insert bytes
/// (some not UTF-8).
#[derive(Debug, Clone)]
enum TextMutation {
    Truncate(usize),
    RepeatLine(usize),
    DropLine(usize),
    SwapLines(usize, usize),
    InsertBytes(usize, Vec<u8>),
}

fn text_mutation() -> impl Strategy<Value = TextMutation> {
    prop_oneof![
        any::<usize>().prop_map(TextMutation::Truncate),
        any::<usize>().prop_map(TextMutation::RepeatLine),
        any::<usize>().prop_map(TextMutation::DropLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| TextMutation::SwapLines(a, b)),
        (
            any::<usize>(),
            prop::collection::vec(
                prop_oneof![
                    Just(0xff_u8),
                    Just(0xc3),
                    Just(b':'),
                    Just(b'&'),
                    Just(b'\t'),
                    any::<u8>()
                ],
                1..6
            )
        )
            .prop_map(|(at, bytes)| TextMutation::InsertBytes(at, bytes)),
    ]
}

fn apply_text(text: &[u8], m: &TextMutation) -> Vec<u8> {
    let lines: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
    let n = lines.len().max(1);
    let join = |ls: Vec<&[u8]>| ls.join(&b'\n');
    match m {
        TextMutation::Truncate(at) => text[..at % (text.len() + 1)].to_vec(),
        TextMutation::RepeatLine(i) => {
            let mut ls = lines.clone();
            ls.insert(i % n, lines[i % n]);
            join(ls)
        }
        TextMutation::DropLine(i) => {
            let mut ls = lines.clone();
            ls.remove(i % n);
            join(ls)
        }
        TextMutation::SwapLines(a, b) => {
            let mut ls = lines.clone();
            ls.swap(a % n, b % n);
            join(ls)
        }
        TextMutation::InsertBytes(at, bytes) => {
            let at = at % (text.len() + 1);
            let mut out = text[..at].to_vec();
            out.extend(bytes);
            out.extend(&text[at..]);
            out
        }
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

/// The profile CSV every mutated scenario reads.
fn profile_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_profile(
        dir.path(),
        "profile.csv",
        &[
            ("load", vec![60.0, 70.0, 80.0, 75.0]),
            ("pv", vec![0.0, 0.3, 0.8, 0.2]),
            ("wind", vec![0.4, 0.2, 0.6, 0.5]),
            ("steam", vec![30.0, 40.0]),
            ("source_c", vec![20.0, 35.0]),
        ],
    );
    dir
}

/// Checks one scenario text: no panic; a rejection names the file and, per problem, a field
/// (or a YAML line and column); an accepted scenario solves with a named status.
fn check_scenario(dir: &Path, text: &[u8], solve: bool) -> Result<(), TestCaseError> {
    let file = dir.join("scenario.yaml");
    std::fs::write(&file, text).unwrap();
    match scenario::load(&ScenarioSource::Disk(file.clone())) {
        Ok(loaded) => {
            if solve {
                let outcome = zcpark::plan::plan(&loaded, &fast(), &mut |_: &str| {});
                let outcome = match outcome {
                    Ok(outcome) => outcome,
                    Err(e) => {
                        return Err(TestCaseError::fail(format!(
                            "solve error: {e}\n{}",
                            String::from_utf8_lossy(text)
                        )))
                    }
                };
                // A named status; a plan's figures finite and its indicators in range.
                let r = &outcome.report;
                if let (Some(cost), Some(k)) = (r.objective_rmb_per_yr, &r.kpis) {
                    prop_assert!(cost.is_finite(), "cost {cost}");
                    prop_assert!(
                        (0.0..=1.0).contains(&k.clean_share),
                        "clean share {} out of [0, 1]",
                        k.clean_share
                    );
                    prop_assert!(k.emissions_t.is_finite() && k.energy_tce.is_finite());
                }
            }
        }
        Err(ScenarioError::Invalid(issues)) => {
            prop_assert!(!issues.is_empty());
            for issue in issues {
                prop_assert!(
                    issue.file.contains("scenario.yaml") || issue.file.contains("profile.csv"),
                    "no file named: {issue}"
                );
                let located = issue.file.contains("line ") || issue.file.contains("(line");
                prop_assert!(
                    !issue.field.is_empty() && (issue.field != "(document)" || located),
                    "no field or position: {issue}"
                );
            }
        }
        Err(ScenarioError::Unreadable { path, .. }) => {
            prop_assert!(!path.is_empty());
        }
    }
    Ok(())
}

/// Options for fuzzed solves: one thread, a short limit.
fn fast() -> zcpark::solve::SolveOptions {
    zcpark::solve::SolveOptions {
        time_limit_s: Some(20.0),
        threads: Some(1),
        mip_gap: 1e-3,
        ..zcpark::solve::SolveOptions::default()
    }
}

#[test]
fn mutated_scenarios_are_refused_with_names_or_solved() {
    let dir = profile_dir();
    let base: Value = serde_yaml::from_str(BASE).unwrap();
    check_scenario(dir.path(), BASE.as_bytes(), true).unwrap();
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &(prop::collection::vec(mutation(), 1..4), any::<bool>()),
            |(mutations, solve)| {
                let mut doc = base.clone();
                for m in &mutations {
                    apply_mutation(&mut doc, m);
                }
                let text = serde_yaml::to_string(&doc).unwrap();
                check_scenario(dir.path(), text.as_bytes(), solve)
            },
        )
        .unwrap();
}

#[test]
fn scenario_text_damaged_byte_by_byte_is_refused_with_a_position() {
    let dir = profile_dir();
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(text_mutation(), 1..4), |mutations| {
            let mut text = BASE.as_bytes().to_vec();
            for m in &mutations {
                text = apply_text(&text, m);
            }
            check_scenario(dir.path(), &text, false)
        })
        .unwrap();
}

#[test]
fn set_overrides_are_refused_with_names_or_accepted() {
    let dir = profile_dir();
    let file = dir.path().join("scenario.yaml");
    std::fs::write(&file, BASE).unwrap();
    let mut all = Vec::new();
    paths(&serde_yaml::from_str(BASE).unwrap(), "", &mut all);
    let odd: Vec<String> = odd_values()
        .iter()
        .map(|v| serde_yaml::to_string(v).unwrap().trim().to_string())
        .collect();
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &prop::collection::vec((any::<usize>(), any::<usize>(), any::<u8>()), 1..4),
            |sets| {
                let texts: Vec<String> = sets
                    .iter()
                    .map(|(p, v, how)| {
                        let path = &all[p % all.len()];
                        match how % 4 {
                            0 => format!("{path}x={}", odd[v % odd.len()]),
                            1 => path.clone(),
                            _ => format!("{path}={}", odd[v % odd.len()]),
                        }
                    })
                    .collect();
                let mut overrides = Vec::new();
                for text in &texts {
                    match zcpark::scenario::overrides::parse_assignment(text) {
                        Ok(o) => overrides.push(o),
                        Err(e) => {
                            prop_assert!(!e.path.is_empty() && !e.expected.is_empty());
                            return Ok(());
                        }
                    }
                }
                match zcpark::scenario::overrides::load_with(
                    &ScenarioSource::Disk(file.clone()),
                    &overrides,
                    "--set",
                ) {
                    Ok(_) => {}
                    Err(ScenarioError::Invalid(issues)) => {
                        for issue in issues {
                            prop_assert!(!issue.field.is_empty(), "{issue}");
                            prop_assert!(
                                issue.file.contains("scenario.yaml")
                                    || issue.file.contains("profile.csv")
                                    || issue.file == "--set",
                                "{issue}"
                            );
                        }
                    }
                    Err(e) => prop_assert!(false, "{e}"),
                }
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn mutated_batch_specs_are_refused_with_names_or_expanded() {
    let dir = profile_dir();
    std::fs::write(dir.path().join("scenario.yaml"), BASE).unwrap();
    let spec = "base: scenario.yaml
set: { horizon.hours: 24 }
variants:
  - name: reference
  - name: calorific
    set: { rules.electricity_tce_basis: calorific }
sweep:
  catalogue.pv.capex_rmb_per_kw: [2600, 3000]
  catalogue.finance.discount_rate: [0.05, 0.08]
solve: { time_limit_s: 60, mip_gap: 0.001, strategy: staged }
";
    let base: Value = serde_yaml::from_str(spec).unwrap();
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(mutation(), 1..4), |mutations| {
            let mut doc = base.clone();
            for m in &mutations {
                apply_mutation(&mut doc, m);
            }
            let file = dir.path().join("b.yaml");
            std::fs::write(&file, serde_yaml::to_string(&doc).unwrap()).unwrap();
            if let Err(problems) = zcpark::batch::spec::read(&file) {
                prop_assert!(!problems.is_empty());
                for p in problems {
                    prop_assert!(p.contains("b.yaml"), "{p}");
                }
            }
            Ok(())
        })
        .unwrap();
}

/// Inputs built to blow up memory or time are refused at once: a YAML alias bomb (10¹¹
/// nodes once expanded), a batch of 10⁶ runs, a scenario file of 17 MiB.
#[test]
fn inputs_that_would_blow_up_are_refused_early() {
    let dir = profile_dir();
    let mut bomb =
        String::from("name: bomb\ncatalogue:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        bomb.push_str(&format!(
            "  a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    let started = std::time::Instant::now();
    let file = dir.path().join("scenario.yaml");
    std::fs::write(&file, &bomb).unwrap();
    let Err(ScenarioError::Invalid(issues)) = scenario::load(&ScenarioSource::Disk(file.clone()))
    else {
        panic!("alias bomb accepted")
    };
    assert!(
        issues[0].to_string().contains("repetition limit"),
        "{}",
        issues[0]
    );
    assert!(started.elapsed().as_secs_f64() < 5.0);

    let values: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
    let spec = format!(
        "base: scenario.yaml\nsweep:\n  catalogue.pv.capex_rmb_per_kw: [{0}]\n  \
         catalogue.finance.discount_rate: [{0}]\n",
        values.join(", ")
    );
    let spec_file = dir.path().join("big.yaml");
    std::fs::write(&spec_file, spec).unwrap();
    let problems = zcpark::batch::spec::read(&spec_file).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("1000000") && p.contains("100000 runs")),
        "{problems:?}"
    );

    let huge = "#".repeat(17 * 1024 * 1024);
    std::fs::write(&file, huge).unwrap();
    let error = scenario::load(&ScenarioSource::Disk(file)).unwrap_err();
    assert!(error.to_string().contains("at most"), "{error}");
}

/// Odd cells a spreadsheet or a logger may leave in a CSV.
const ODD_CELLS: [&str; 14] = [
    "NaN", "inf", "-inf", "", " ", "abc", "1,5", "\"1,5\"", "-9900", "1e400", "1.500,5", "\"x\"",
    "0x10", "１",
];

/// A change to a CSV file: a cell replaced, rows dropped, repeated or swapped, the file saved
/// with a byte-order mark, CRLF ends, `;` separators with decimal commas, or bytes that are
/// not UTF-8.
#[derive(Debug, Clone)]
enum CsvMutation {
    Cell(usize, usize, usize),
    DropRow(usize),
    RepeatRow(usize),
    SwapRows(usize, usize),
    ByteOrderMark,
    Crlf,
    Semicolons,
    Bytes(usize, Vec<u8>),
    Truncate(usize),
}

fn csv_mutation() -> impl Strategy<Value = CsvMutation> {
    prop_oneof![
        4 => (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(r, c, v)| CsvMutation::Cell(r, c, v)),
        1 => any::<usize>().prop_map(CsvMutation::DropRow),
        1 => any::<usize>().prop_map(CsvMutation::RepeatRow),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| CsvMutation::SwapRows(a, b)),
        1 => Just(CsvMutation::ByteOrderMark),
        1 => Just(CsvMutation::Crlf),
        1 => Just(CsvMutation::Semicolons),
        1 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..4))
            .prop_map(|(at, b)| CsvMutation::Bytes(at, b)),
        1 => any::<usize>().prop_map(CsvMutation::Truncate),
    ]
}

/// Applies `m` to CSV text whose first `skip` lines are a preamble (kept whole).
fn apply_csv(text: &[u8], m: &CsvMutation, skip: usize) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = text.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    if lines.last().is_some_and(Vec::is_empty) {
        lines.pop();
    }
    let rows = lines.len().saturating_sub(skip + 1).max(1);
    let row = |i: &usize| skip + 1 + i % rows;
    let join = |lines: Vec<Vec<u8>>| {
        let mut out = lines.join(&b'\n');
        out.push(b'\n');
        out
    };
    match m {
        CsvMutation::Cell(r, c, v) => {
            let i = row(r).min(lines.len() - 1);
            let text = String::from_utf8_lossy(&lines[i]).into_owned();
            let mut cells: Vec<String> = text.split(',').map(str::to_string).collect();
            let c = c % cells.len();
            cells[c] = ODD_CELLS[v % ODD_CELLS.len()].to_string();
            lines[i] = cells.join(",").into_bytes();
            join(lines)
        }
        CsvMutation::DropRow(r) => {
            let i = row(r).min(lines.len() - 1);
            lines.remove(i);
            join(lines)
        }
        CsvMutation::RepeatRow(r) => {
            let i = row(r).min(lines.len() - 1);
            let copy = lines[i].clone();
            lines.insert(i, copy);
            join(lines)
        }
        CsvMutation::SwapRows(a, b) => {
            let (a, b) = (row(a).min(lines.len() - 1), row(b).min(lines.len() - 1));
            lines.swap(a, b);
            join(lines)
        }
        CsvMutation::ByteOrderMark => [&[0xef, 0xbb, 0xbf][..], text].concat(),
        CsvMutation::Crlf => join(lines).iter().fold(Vec::new(), |mut out, b| {
            if *b == b'\n' {
                out.push(b'\r');
            }
            out.push(*b);
            out
        }),
        CsvMutation::Semicolons => text
            .iter()
            .map(|b| match b {
                b',' => b';',
                b'.' => b',',
                other => *other,
            })
            .collect(),
        CsvMutation::Bytes(at, bytes) => {
            let at = at % (text.len() + 1);
            [&text[..at], bytes.as_slice(), &text[at..]].concat()
        }
        CsvMutation::Truncate(at) => text[..at % (text.len() + 1)].to_vec(),
    }
}

/// Profile CSVs as spreadsheets and loggers write them: the scenario reads them right (and
/// solves), or refuses them naming the file, and the line and column of a bad cell.
#[test]
fn mutated_profile_csvs_are_refused_with_a_position_or_read() {
    let dir = profile_dir();
    let original = std::fs::read(dir.path().join("profile.csv")).unwrap();
    std::fs::write(dir.path().join("scenario.yaml"), BASE).unwrap();
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &(prop::collection::vec(csv_mutation(), 1..4), any::<u8>()),
            |(mutations, solve)| {
                let mut text = original.clone();
                for m in &mutations {
                    text = apply_csv(&text, m, 0);
                }
                std::fs::write(dir.path().join("profile.csv"), &text).unwrap();
                let result =
                    match scenario::load(&ScenarioSource::Disk(dir.path().join("scenario.yaml"))) {
                        Ok(loaded) => {
                            if solve % 8 == 0 {
                                zcpark::plan::plan(&loaded, &fast(), &mut |_: &str| {}).map_err(
                                    |e| TestCaseError::fail(format!("solve error: {e}")),
                                )?;
                            }
                            Ok(())
                        }
                        Err(ScenarioError::Invalid(issues)) => {
                            for issue in issues {
                                let text = issue.to_string();
                                prop_assert!(text.contains("profile.csv"), "{text}");
                                prop_assert!(!issue.field.is_empty(), "{text}");
                                // A message quoting one of the odd cells is about a cell.
                                let cell = ODD_CELLS.iter().any(|c| {
                                    c.trim().len() >= 3 && text.contains(&format!("\"{c}\""))
                                });
                                prop_assert!(!cell || text.contains("line "), "{text}");
                            }
                            Ok(())
                        }
                        Err(e) => Err(TestCaseError::fail(format!("{e}"))),
                    };
                std::fs::write(dir.path().join("profile.csv"), &original).unwrap();
                result
            },
        )
        .unwrap();
}

/// The shipped TMY3 weather file damaged: `zcpark profiles` computes PV and wind from it, or
/// refuses it naming the file (and, for a bad cell, the line).
#[test]
fn mutated_weather_files_are_refused_with_a_position_or_read() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/weather/723170TYA.CSV");
    let original = std::fs::read(&shipped).unwrap();
    let file = dir.path().join("weather.csv");
    let mut runner = TestRunner::new(Config {
        cases: (cases() / 10).max(20),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(csv_mutation(), 1..3), |mutations| {
            let mut text = original.clone();
            for m in &mutations {
                text = apply_csv(&text, m, 1);
            }
            std::fs::write(&file, &text).unwrap();
            let request = zcpark::profiles_command::ProfilesRequest {
                weather: file.clone(),
                pv: Some(String::new()),
                wind: Some(String::new()),
                utc_offset_h: None,
                turbines: None,
                out: dir.path().join("cf.csv"),
            };
            match zcpark::profiles_command::make_profiles(&request) {
                Ok((profiles, _)) => {
                    for p in profiles {
                        prop_assert!(p
                            .capacity_factor
                            .iter()
                            .all(|cf| cf.is_finite() && (0.0..=1.0).contains(cf)));
                    }
                }
                Err(e) => {
                    let text = e.to_string();
                    prop_assert!(text.contains("weather.csv"), "{text}");
                }
            }
            Ok(())
        })
        .unwrap();
}
