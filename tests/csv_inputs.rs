//! CSV inputs as users and spreadsheets write them, through the real binary: the fault cases
//! of issue 13 (copies in tests/faults: tmy3-missing-code, csv-excel-bom; and
//! `--utc-offset -5`) with their right answers, and variants of each kind: read right, or
//! refused naming file, line, column and value.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use zcpark::scenario::{self, ScenarioSource};

fn zcpark() -> Command {
    Command::cargo_bin("zcpark").unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped_weather() -> PathBuf {
    root().join("data/weather/723170TYA.CSV")
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The shipped TMY3 file with field `column` of file line `line` (1-based) set to `value`,
/// written to `dir/name` (what tests/faults/tmy3-missing-code/make.py does for line 3975).
fn tmy3_with(dir: &Path, name: &str, line: usize, column: &str, value: &str) -> PathBuf {
    let text = std::fs::read_to_string(shipped_weather()).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let index = lines[1].split(',').position(|h| h == column).unwrap();
    let mut fields: Vec<String> = lines[line - 1].split(',').map(String::from).collect();
    fields[index] = value.into();
    lines[line - 1] = fields.join(",");
    let path = dir.join(name);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// Runs `zcpark profiles FILE ARGS --out dir/cf.csv`.
fn profiles(file: &Path, args: &[&str], dir: &Path) -> std::process::Output {
    zcpark()
        .arg("profiles")
        .arg(file)
        .args(args)
        .arg("--out")
        .arg(dir.join("cf.csv"))
        .output()
        .unwrap()
}

/// Column `column` of a CSV written by `zcpark profiles` (header on the first line).
fn column(path: &Path, column: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let i = lines
        .next()
        .unwrap()
        .split(',')
        .position(|h| h == column)
        .unwrap();
    lines
        .map(|l| l.split(',').nth(i).unwrap().parse().unwrap())
        .collect()
}

#[test]
fn fault_tmy3_missing_code_in_the_temperature_exits_2_naming_line_column_value() {
    let dir = tempfile::tempdir().unwrap();
    // Right answer first: in the real file, that hour's PV factor is 0.5965.
    let output = profiles(&shipped_weather(), &["--pv"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let real = column(&dir.path().join("cf.csv"), "pv_cf");
    assert!((real[3972] - 0.5965).abs() < 5e-5, "{}", real[3972]);
    std::fs::remove_file(dir.path().join("cf.csv")).unwrap();

    let broken = tmy3_with(
        dir.path(),
        "tmy3-temp-missing.csv",
        3975,
        "Dry-bulb (C)",
        "-9900",
    );
    let output = profiles(&broken, &["--pv"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains(
            "tmy3-temp-missing.csv: line 3975, column \"Dry-bulb (C)\": must be a value in [-90, 70] °C, got \"-9900\" (the TMY3 missing-data code)"
        ),
        "{err}"
    );
    assert!(!dir.path().join("cf.csv").exists());
}

#[test]
fn tmy3_codes_in_other_fields_are_refused_too() {
    let dir = tempfile::tempdir().unwrap();
    for (column, code, line, args) in [
        ("GHI (W/m^2)", "-9900", 2000, &["--pv"][..]),
        ("Wspd (m/s)", "-9999", 6000, &["--wind"][..]),
        ("Pressure (mbar)", "-9900", 50, &["--wind"][..]),
    ] {
        let broken = tmy3_with(dir.path(), "w.csv", line, column, code);
        let output = profiles(&broken, args, dir.path());
        assert_eq!(output.status.code(), Some(2), "{column}");
        let err = stderr(&output);
        assert!(
            err.contains(&format!("w.csv: line {line}, column \"{column}\""))
                && err.contains(&format!("got \"{code}\" (the TMY3 missing-data code)")),
            "{err}"
        );
    }
}

#[test]
fn fault_csv_excel_bom_reads_as_without_the_mark() {
    let case = root().join("tests/faults/csv-excel-bom");
    let bytes = std::fs::read(case.join("load-excel.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFload_mw,hour\r\n"));
    let output = zcpark()
        .current_dir(&case)
        .args(["validate", "scenario.yaml"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    // The same file without the mark (and with LF line ends) gives the same load.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(case.join("scenario.yaml"), dir.path().join("scenario.yaml")).unwrap();
    let plain = String::from_utf8(bytes[3..].to_vec())
        .unwrap()
        .replace("\r\n", "\n");
    std::fs::write(dir.path().join("load-excel.csv"), plain).unwrap();
    let with_mark = load(&case.join("scenario.yaml"));
    let without = load(&dir.path().join("scenario.yaml"));
    assert_eq!(with_mark, without);
    assert_eq!(with_mark, vec![10.0; 48]);
}

#[test]
fn fault_negative_utc_offset_is_accepted_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let output = profiles(
        &shipped_weather(),
        &["--pv", "--utc-offset", "-5"],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let minus_five = column(&dir.path().join("cf.csv"), "pv_cf");
    // The file's own clock is UTC-5, so -5 leaves the year as it is; +8 moves it 13 hours.
    let output = profiles(&shipped_weather(), &["--pv"], dir.path());
    assert!(output.status.success());
    assert_eq!(column(&dir.path().join("cf.csv"), "pv_cf"), minus_five);
    let output = profiles(
        &shipped_weather(),
        &["--pv", "--utc-offset", "8"],
        dir.path(),
    );
    assert!(output.status.success());
    let plus_eight = column(&dir.path().join("cf.csv"), "pv_cf");
    assert_eq!(plus_eight[1000 + 13], minus_five[1000]);
    assert_ne!(plus_eight, minus_five);
}

#[test]
fn profiles_csv_starts_with_its_header_and_the_description_is_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = profiles(
        &shipped_weather(),
        &["--pv", "--wind", "target_full_load_hours=2800"],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = std::fs::read_to_string(dir.path().join("cf.csv")).unwrap();
    assert!(csv.starts_with("hour,pv_cf,wind_cf\n0,"), "{:.80}", csv);
    assert_eq!(csv.lines().count(), 8761);
    assert!(!csv.contains('#'));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("cf.csv.json")).unwrap())
            .unwrap();
    assert_eq!(json["csv"], "cf.csv");
    let wind = &json["columns"]["wind_cf"];
    assert_eq!(wind["scaling"]["quantity"], "wind_speed");
    assert!((wind["full_load_hours_h"].as_f64().unwrap() - 2800.0).abs() < 1.0);
    assert!(wind["parameters"]["power_curve_beyond_last_point"]
        .as_str()
        .unwrap()
        .contains("taken as the cut-out"));
    assert_eq!(wind["parameters"]["hours_above_last_curve_speed"], "4");
    assert!(json["columns"]["pv_cf"]["weather"]["file"]
        .as_str()
        .unwrap()
        .ends_with("723170TYA.CSV"));
    // A scenario reads the new file as it reads the old ones with `#` lines.
    std::fs::write(
        dir.path().join("load.csv"),
        year_csv(",", "hour", "load_mw", |v| v.to_string()),
    )
    .unwrap();
    let yaml = scenario_yaml("load.csv", "load_mw")
        + "resources:\n  pv_cf: { file: cf.csv, column: pv_cf }\nbuild:\n  pv: { max_mw: 100 }\n";
    std::fs::write(dir.path().join("scenario.yaml"), yaml).unwrap();
    let loaded = scenario::load(&ScenarioSource::Disk(dir.path().join("scenario.yaml")))
        .unwrap_or_else(|e| panic!("{e}"));
    let pv = loaded.park.pv.expect("pv");
    let written = column(&dir.path().join("cf.csv"), "pv_cf");
    assert_eq!(pv.cf, written[..48]);
    assert!(pv.cf.iter().sum::<f64>() > 1.0, "two days of PV output");
}

// --- Spreadsheet variants of a load profile, through a scenario -----------------------------

/// Load of hour `h`, MW: multiples of 1/8, so that every variant writes them exactly.
fn value(h: usize) -> f64 {
    10.0 + (h % 7) as f64 * 0.25 + (h % 3) as f64 * 0.125
}

/// An 8760-row CSV: header `hour{sep}{name}`, values written by `write`.
fn year_csv(sep: &str, hour: &str, name: &str, write: impl Fn(f64) -> String) -> String {
    let mut text = format!("{hour}{sep}{name}\n");
    for h in 0..8760 {
        text.push_str(&format!("{h}{sep}{}\n", write(value(h))));
    }
    text
}

fn scenario_yaml(file: &str, column: &str) -> String {
    format!(
        "name: tiny
horizon: {{ start_hour: 0, hours: 48 }}
loads:
  electricity_mw: {{ file: {file}, column: {column} }}
grid:
  import_cap_mw: 50
  import_tariff: {{ flat_rmb_per_kwh: 0.5 }}
rules:
  intensity_limit: 10
"
    )
}

/// The electricity load of a scenario (its first 48 hours), through the library.
fn load(scenario: &Path) -> Vec<f64> {
    scenario::load(&ScenarioSource::Disk(scenario.to_path_buf()))
        .unwrap_or_else(|e| panic!("{e}"))
        .park
        .electric_load_mw
}

/// A scenario over `bytes` as `load.csv`, column `column`.
fn variant(bytes: &[u8], column: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("load.csv"), bytes).unwrap();
    std::fs::write(
        dir.path().join("scenario.yaml"),
        scenario_yaml("load.csv", column),
    )
    .unwrap();
    dir
}

/// `zcpark validate` on a variant: exit code and standard error.
fn validate(dir: &Path) -> (Option<i32>, String) {
    let output = zcpark()
        .arg("validate")
        .arg(dir.join("scenario.yaml"))
        .output()
        .unwrap();
    (output.status.code(), stderr(&output))
}

#[test]
fn spreadsheet_variants_read_the_same_numbers() {
    let expected: Vec<f64> = (0..48).map(value).collect();
    let plain = variant(
        year_csv(",", "hour", "load_mw", |v| v.to_string()).as_bytes(),
        "load_mw",
    );
    assert_eq!(load(&plain.path().join("scenario.yaml")), expected);

    // Excel "CSV UTF-8": byte-order mark, CRLF, quoted header and cells.
    let excel = format!(
        "\u{feff}{}",
        year_csv(",", "\"hour\"", "\"load_mw\"", |v| format!("\"{v}\"")).replace('\n', "\r\n")
    );
    // A decimal-comma locale: ';' separators, 10,375.
    let semicolons = year_csv(";", "hour", "load_mw", |v| v.to_string().replace('.', ","));
    // Chinese Excel on a GBK code page, with a Chinese column name.
    let chinese = year_csv(",", "小时", "负荷_mw", |v| v.to_string());
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&chinese);
    assert!(!unmappable && std::str::from_utf8(&gbk).is_err());
    // Excel "Unicode text": UTF-16LE with its byte-order mark, tab-separated.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        year_csv("\t", "小时", "负荷_mw", |v| v.to_string())
            .replace('\n', "\r\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    for (name, bytes, column) in [
        ("excel", excel.into_bytes(), "load_mw"),
        ("semicolons", semicolons.into_bytes(), "load_mw"),
        ("gbk", gbk.into_owned(), "负荷_mw"),
        ("utf16", utf16, "负荷_mw"),
    ] {
        let dir = variant(&bytes, column);
        assert_eq!(load(&dir.path().join("scenario.yaml")), expected, "{name}");
        let (code, err) = validate(dir.path());
        assert_eq!(code, Some(0), "{name}: {err}");
    }
}

#[test]
fn a_thousands_separator_is_refused_naming_line_column_value() {
    // Hour 99 is on line 101 (the header is line 1).
    let text: String = year_csv(",", "hour", "load_mw", |v| v.to_string())
        .lines()
        .map(|l| match l.strip_prefix("99,") {
            Some(_) => "99,\"1,500\"\n".to_string(),
            None => format!("{l}\n"),
        })
        .collect();
    let dir = variant(text.as_bytes(), "load_mw");
    let (code, err) = validate(dir.path());
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("load.csv: line 101, column \"load_mw\": loads.electricity_mw: must be a finite number with '.' as decimal point and no thousands separator"),
        "{err}"
    );
    assert!(
        err.contains("decimal comma or a thousands separator") && err.contains("got \"1,500\""),
        "{err}"
    );
    // Unquoted, the comma splits the row: refused as a row of three fields, saying why.
    let split = text.replace("\"1,500\"", "1,500");
    let dir = variant(split.as_bytes(), "load_mw");
    let (code, err) = validate(dir.path());
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(
            "load.csv: line 101: loads.electricity_mw: must be 2 fields, like the header on line 1"
        ) && err.contains("got 3 fields: \"99,1,500\""),
        "{err}"
    );
}

#[test]
fn text_neither_utf8_nor_gbk_is_refused_naming_the_line() {
    let mut bytes = year_csv(",", "hour", "load_mw", |v| v.to_string()).into_bytes();
    // 0xFF is no lead byte of GB18030, and not UTF-8: put it on line 7.
    let at = bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(5)
        .unwrap()
        .0;
    bytes.insert(at + 1, 0xFF);
    let (code, err) = validate(variant(&bytes, "load_mw").path());
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("load.csv: line 7: loads.electricity_mw: must be UTF-8 or GBK/GB18030 text")
            && err.contains("0xFF"),
        "{err}"
    );
}

#[test]
fn a_too_large_file_is_refused_without_reading_it() {
    let dir = variant(b"", "load_mw");
    // Sparse: 2 GiB that take no disk, and would take 2 GiB of memory if read.
    std::fs::File::create(dir.path().join("load.csv"))
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let started = std::time::Instant::now();
    let (code, err) = validate(dir.path());
    assert!(started.elapsed().as_secs_f64() < 10.0);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("loads.electricity_mw.file")
            && err.contains("load.csv: must be a CSV file of at most 64 MiB")
            && err.contains("got 2048.0 MiB"),
        "{err}"
    );
}
