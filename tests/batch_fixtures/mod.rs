//! Tiny parks with optima worked out by hand, written into a temporary directory, and
//! helpers to run the real binary and read its CSV outputs.
//!
//! The park: a constant load of [`LOAD_MW`], a flat grid price, grid factor
//! [`GRID_T_PER_MWH`], equivalent tce basis (0.3 tce/MWh), a 24-hour horizon (each hour
//! stands for 365 hours). Without `build` nothing can be invested in, so the annual cost is
//! load × 8760 h × price. PV may be allowed with one of two profiles: `flat` (cf 0.5 in
//! every hour) or `day` (cf 1 from 08:00 to 16:00, 0 otherwise).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The park's constant load, MW.
pub const LOAD_MW: f64 = 10.0;
/// Grid emission factor, t CO2/MWh.
pub const GRID_T_PER_MWH: f64 = 0.5;
/// Electricity to tce, equivalent basis, tce/MWh (catalogue).
pub const TCE_PER_MWH: f64 = 0.3;
/// Hours in the year.
pub const HOURS: f64 = 8760.0;

/// Capital recovery factor.
pub fn crf(rate: f64, years: f64) -> f64 {
    rate / (1.0 - (1.0 + rate).powf(-years))
}

/// Annual cost of 1 MW of PV at `capex_rmb_per_kw` with the shipped catalogue's finance
/// (6 %, 25 years, fixed O&M 1.2 % of capex), RMB/yr.
pub fn pv_annual_rmb_per_mw(capex_rmb_per_kw: f64) -> f64 {
    capex_rmb_per_kw * 1000.0 * (crf(0.06, 25.0) + 0.012)
}

/// A temporary directory with the profiles and a scenario.
pub struct Park {
    /// Keeps the directory alive.
    pub dir: tempfile::TempDir,
}

impl Park {
    /// Writes the profiles and `park.yaml` (grid only, price `price_rmb_per_kwh`).
    pub fn new(price_rmb_per_kwh: f64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let column = |name: &str, value: &dyn Fn(usize) -> f64| {
            let mut text = format!("# test profile\nhour,{name}\n");
            for h in 0..8760 {
                text.push_str(&format!("{h},{}\n", value(h)));
            }
            text
        };
        std::fs::write(dir.path().join("load.csv"), column("load_mw", &|_| LOAD_MW)).unwrap();
        std::fs::write(dir.path().join("flat.csv"), column("pv_cf", &|_| 0.5)).unwrap();
        std::fs::write(
            dir.path().join("day.csv"),
            column("pv_cf", &|h| {
                if (8..16).contains(&(h % 24)) {
                    1.0
                } else {
                    0.0
                }
            }),
        )
        .unwrap();
        let park = Park { dir };
        park.write(
            "park.yaml",
            &format!(
                "name: tiny\n\
                 horizon: {{start_hour: 0, hours: 24}}\n\
                 loads: {{electricity_mw: {{file: load.csv, column: load_mw}}}}\n\
                 grid:\n  import_cap_mw: 50\n  import_tariff: {{flat_rmb_per_kwh: {price_rmb_per_kwh}}}\n\
                 rules: {{intensity_limit: 10, grid_factor: {GRID_T_PER_MWH}, electricity_tce_basis: equivalent}}\n"
            ),
        );
        park
    }

    /// Like [`Park::new`], with PV allowed (up to 100 MW) on profile `profile` (`flat` or
    /// `day`) at `capex_rmb_per_kw`.
    pub fn with_pv(price_rmb_per_kwh: f64, profile: &str, capex_rmb_per_kw: f64) -> Self {
        let park = Park::new(price_rmb_per_kwh);
        let mut text = std::fs::read_to_string(park.path("park.yaml")).unwrap();
        text.push_str(&format!(
            "resources: {{pv_cf: {{file: {profile}.csv, column: pv_cf}}}}\n\
             build: {{pv: {{max_mw: 100}}}}\n\
             catalogue: {{pv: {{capex_rmb_per_kw: {capex_rmb_per_kw}}}}}\n"
        ));
        park.write("park.yaml", &text);
        park
    }

    /// A path in the directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file into the directory.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

/// The real binary, run in `dir`.
pub fn zcpark(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("zcpark").unwrap();
    cmd.current_dir(dir);
    cmd
}

/// A CSV file as a header and rows of cells (RFC 4180 quoting).
pub struct Csv {
    /// Column names.
    pub header: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    /// Reads `path`.
    pub fn read(path: &Path) -> Self {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut lines = parse(&text).into_iter();
        let header = lines.next().expect("header");
        Csv {
            header,
            rows: lines.collect(),
        }
    }

    /// Index of column `name`.
    pub fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// Cell of `row` in column `name`.
    pub fn cell(&self, row: usize, name: &str) -> &str {
        &self.rows[row][self.column(name)]
    }

    /// Cell as a number.
    pub fn number(&self, row: usize, name: &str) -> f64 {
        let cell = self.cell(row, name);
        cell.parse()
            .unwrap_or_else(|_| panic!("row {row} column {name}: not a number: {cell:?}"))
    }

    /// The row whose column `key` is `value`.
    pub fn row_where(&self, key: &str, value: &str) -> usize {
        let k = self.column(key);
        self.rows
            .iter()
            .position(|r| r[k] == value)
            .unwrap_or_else(|| panic!("no row with {key} = {value}"))
    }
}

fn parse(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// Asserts `a ≈ b` within `rel` relative tolerance.
pub fn assert_close(a: f64, b: f64, rel: f64, what: &str) {
    assert!(
        (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0),
        "{what}: {a} vs {b} (rel tol {rel})"
    );
}
