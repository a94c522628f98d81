//! Wind turbine library (Open Energy Database turbine library as shipped by
//! windpowerlib) and power curves, from the library or a user CSV.

use std::collections::BTreeMap;
use std::path::Path;

use super::error::ResourceError;
use crate::csv_input::{quoted, CsvError, CsvText, Location};

/// Turbine type the shipped Ordos example uses: Senvion 6.2M126, 6.15 MW,
/// 126 m rotor, the library's turbine nearest 6 MW that has a power curve.
pub const DEFAULT_TURBINE: &str = "S126/6150";

/// How messages name the embedded copy of `data/turbines/turbine_data.csv`.
const SHIPPED_TURBINE_DATA_NAME: &str = "data/turbines/turbine_data.csv (embedded)";
/// How messages name the embedded copy of `data/turbines/power_curves.csv`.
const SHIPPED_POWER_CURVES_NAME: &str = "data/turbines/power_curves.csv (embedded)";

/// One row of `turbine_data.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct TurbineInfo {
    /// Type name used as key, e.g. `S126/6150`.
    pub turbine_type: String,
    /// Manufacturer.
    pub manufacturer: String,
    /// Commercial name.
    pub name: String,
    /// Nameplate power, W, when given.
    pub nominal_power_w: Option<f64>,
    /// Rotor diameter, m, when given.
    pub rotor_diameter_m: Option<f64>,
    /// Hub heights offered, as written in the library (e.g. `95; 110`).
    pub hub_heights_m: String,
    /// Whether `power_curves.csv` holds a curve for this type.
    pub has_power_curve: bool,
}

/// A turbine power curve: electrical output against hub-height wind speed at
/// the standard air density 1.225 kg/m³.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerCurve {
    name: String,
    /// At least two, strictly increasing (checked by [`PowerCurve::new`]).
    speeds_m_per_s: Vec<f64>,
    power_w: Vec<f64>,
    rated_power_w: f64,
}

impl PowerCurve {
    /// Builds a curve from (speed m/s, power W) points. `nominal_power_w` is
    /// the nameplate rating; points above it (some library curves overshoot
    /// by a fraction of a percent) are capped at it so the capacity factor
    /// never exceeds 1. Without a nameplate the largest point is the rating.
    ///
    /// # Errors
    /// [`ResourceError::BadPowerCurve`] for fewer than two points, speeds not
    /// strictly increasing, negative or non-finite values, or no output.
    pub fn new(
        name: &str,
        points: &[(f64, f64)],
        nominal_power_w: Option<f64>,
    ) -> Result<PowerCurve, ResourceError> {
        let bad = |reason: String| ResourceError::BadPowerCurve {
            source_name: name.to_string(),
            reason,
        };
        if points.len() < 2 {
            return Err(bad(format!("{} points, need at least 2", points.len())));
        }
        for (k, &(v, p)) in points.iter().enumerate() {
            if !(v.is_finite() && p.is_finite() && v >= 0.0 && p >= 0.0) {
                return Err(bad(format!(
                    "point {} ({v} m/s, {p} W) is negative or not a number",
                    k + 1
                )));
            }
            if k > 0 && v <= points[k - 1].0 {
                return Err(bad(format!(
                    "wind speeds must increase, but {v} m/s follows {} m/s",
                    points[k - 1].0
                )));
            }
        }
        let curve_max = points.iter().map(|p| p.1).fold(0.0, f64::max);
        let rated_power_w = nominal_power_w.filter(|&p| p > 0.0).unwrap_or(curve_max);
        if curve_max <= 0.0 {
            return Err(bad("the curve never produces power".into()));
        }
        Ok(PowerCurve {
            name: name.to_string(),
            speeds_m_per_s: points.iter().map(|p| p.0).collect(),
            power_w: points.iter().map(|p| p.1.min(rated_power_w)).collect(),
            rated_power_w,
        })
    }

    /// Reads a user power curve CSV (through [`crate::csv_input`]: also as a spreadsheet
    /// saves it). Lines beginning with `#` before the header are comments; the header names
    /// the columns `wind_speed_m_per_s` and one of `power_kw`, `power_w` or `power_mw`;
    /// every other line is one point. The rated power is the largest point. Beyond the last
    /// point the output is 0 (see [`PowerCurve::power_at_w`]).
    ///
    /// # Errors
    /// [`ResourceError`] naming the file, line and column for a missing
    /// column, a row of the wrong length or a non-numeric field, or an invalid curve.
    pub fn from_csv(path: &Path) -> Result<PowerCurve, ResourceError> {
        let csv = CsvText::read(path)?;
        let table = csv.table()?;
        let i_speed = table.column("wind_speed_m_per_s")?;
        let (power_name, to_w) = [("power_kw", 1e3), ("power_w", 1.0), ("power_mw", 1e6)]
            .into_iter()
            .find(|(name, _)| table.header().fields().any(|h| h == *name))
            .ok_or_else(|| {
                CsvError::invalid(
                    Location::line(csv.file(), table.header().line()),
                    "a header with a column power_kw, power_w or power_mw",
                    format!("the columns {}", table.columns_shown()),
                )
            })?;
        let i_power = table.column(power_name)?;
        let points = table
            .rows()
            .iter()
            .map(|row| {
                Ok((
                    row.number(i_speed, "wind_speed_m_per_s")?,
                    row.number(i_power, power_name)? * to_w,
                ))
            })
            .collect::<Result<Vec<(f64, f64)>, CsvError>>()?;
        PowerCurve::new(&path.display().to_string(), &points, None)
    }

    /// Turbine type or file the curve came from.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Rated (nameplate) power, W: the capacity factor's denominator.
    pub fn rated_power_w(&self) -> f64 {
        self.rated_power_w
    }

    /// The curve's points as (wind speed m/s, power W), power capped at the rating.
    pub fn points(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.speeds_m_per_s
            .iter()
            .copied()
            .zip(self.power_w.iter().copied())
    }

    /// Output at hub-height wind speed `v` (density-corrected), W: linear
    /// interpolation between points, 0 below the first point and above the
    /// last one (cut-out).
    pub fn power_at_w(&self, v_m_per_s: f64) -> f64 {
        let s = &self.speeds_m_per_s;
        if !(v_m_per_s >= s[0] && v_m_per_s <= s[s.len() - 1]) {
            return 0.0;
        }
        let k = s.partition_point(|&x| x <= v_m_per_s).clamp(1, s.len() - 1);
        let (v0, v1, p0, p1) = (s[k - 1], s[k], self.power_w[k - 1], self.power_w[k]);
        p0 + (p1 - p0) * (v_m_per_s - v0) / (v1 - v0)
    }

    /// Lowest speed of a point with output, m/s (the listed cut-in).
    pub fn cut_in_m_per_s(&self) -> f64 {
        let k = self.power_w.iter().position(|&p| p > 0.0).unwrap_or(0);
        self.speeds_m_per_s[k]
    }

    /// Speed of the last point, m/s, above which output is 0 (cut-out).
    pub fn cut_out_m_per_s(&self) -> f64 {
        self.speeds_m_per_s[self.speeds_m_per_s.len() - 1]
    }

    /// What the curve is taken to give beyond its last point, in words for a profile's
    /// description: 0 above the last speed, which is taken as the cut-out speed whether or
    /// not the curve ends at zero power (62 of the 67 shipped curves end above zero, at
    /// 16.5 to 32 m/s).
    pub fn beyond_last_point(&self) -> String {
        let last_kw = self.power_w[self.power_w.len() - 1] / 1000.0;
        let speed = self.cut_out_m_per_s();
        if last_kw > 0.0 {
            format!(
                "0 kW above {speed} m/s: the curve ends there at {last_kw} kW, and its last speed is taken as the cut-out (no output at higher speeds)"
            )
        } else {
            format!("0 kW above {speed} m/s, the curve's last point (where it ends at 0 kW)")
        }
    }
}

/// The turbine library: turbine metadata and power curves.
#[derive(Debug, Clone, PartialEq)]
pub struct TurbineLibrary {
    turbines: Vec<TurbineInfo>,
    curves: BTreeMap<String, Vec<(f64, f64)>>,
}

impl TurbineLibrary {
    /// Loads `turbine_data.csv` and `power_curves.csv` from `dir` (the
    /// shipped library lives in `data/turbines`).
    ///
    /// # Errors
    /// As [`TurbineLibrary::load`].
    pub fn load_dir(dir: &Path) -> Result<TurbineLibrary, ResourceError> {
        Self::load(&dir.join("turbine_data.csv"), &dir.join("power_curves.csv"))
    }

    /// Loads the library from its two CSV files: `turbine_data_csv` (one
    /// row per turbine: `turbine_type`, `manufacturer`, `name`,
    /// `nominal_power` W, `rotor_diameter` m, `hub_height`, …) and
    /// `power_curves_csv` (header `turbine_type` then wind speeds in m/s;
    /// one row per turbine type, power in W, empty cell = no point).
    ///
    /// # Errors
    /// [`ResourceError`] naming the file, line and column for unreadable
    /// files, missing columns or non-numeric values.
    pub fn load(
        turbine_data_csv: &Path,
        power_curves_csv: &Path,
    ) -> Result<TurbineLibrary, ResourceError> {
        Self::parse(
            &CsvText::read(turbine_data_csv)?,
            &CsvText::read(power_curves_csv)?,
        )
    }

    /// The library shipped in `data/turbines`, embedded in the binary so that it is found
    /// from any working directory.
    ///
    /// # Errors
    /// Only if the embedded files were broken at build time (a test reads them).
    pub fn shipped() -> Result<TurbineLibrary, ResourceError> {
        Self::parse(
            &CsvText::from_bytes(
                SHIPPED_TURBINE_DATA_NAME,
                include_bytes!("../../data/turbines/turbine_data.csv"),
            )?,
            &CsvText::from_bytes(
                SHIPPED_POWER_CURVES_NAME,
                include_bytes!("../../data/turbines/power_curves.csv"),
            )?,
        )
    }

    /// Builds the library from the two files' records.
    fn parse(
        turbine_data: &CsvText,
        power_curves: &CsvText,
    ) -> Result<TurbineLibrary, ResourceError> {
        let curves = parse_curves(power_curves)?;
        let table = turbine_data.table()?;
        let col = |name: &str| table.column(name);
        let (i_type, i_manuf, i_name) = (col("turbine_type")?, col("manufacturer")?, col("name")?);
        let (i_power, i_rotor, i_hub) = (
            col("nominal_power")?,
            col("rotor_diameter")?,
            col("hub_height")?,
        );
        let mut turbines = Vec::new();
        for row in table.rows() {
            let text = |i: usize| row.get(i).unwrap_or("").to_string();
            let turbine_type = text(i_type);
            turbines.push(TurbineInfo {
                has_power_curve: curves.contains_key(&turbine_type),
                manufacturer: text(i_manuf),
                name: text(i_name),
                nominal_power_w: row.optional_number(i_power, "nominal_power")?,
                rotor_diameter_m: row.optional_number(i_rotor, "rotor_diameter")?,
                hub_heights_m: text(i_hub),
                turbine_type,
            });
        }
        Ok(TurbineLibrary { turbines, curves })
    }

    /// All turbines, in library order.
    pub fn turbines(&self) -> &[TurbineInfo] {
        &self.turbines
    }

    /// Metadata of turbine type `name` (exact, case-sensitive match).
    ///
    /// # Errors
    /// [`ResourceError::UnknownTurbine`] with up to three close names.
    pub fn info(&self, name: &str) -> Result<&TurbineInfo, ResourceError> {
        self.turbines
            .iter()
            .find(|t| t.turbine_type == name)
            .ok_or_else(|| ResourceError::UnknownTurbine {
                name: name.to_string(),
                suggestions: self.close_names(name),
            })
    }

    /// The power curve of turbine type `name`, rated at its nameplate power.
    ///
    /// # Errors
    /// [`ResourceError::UnknownTurbine`] (with close names) for an unknown
    /// type, [`ResourceError::NoPowerCurve`] when it has no curve.
    pub fn power_curve(&self, name: &str) -> Result<PowerCurve, ResourceError> {
        let info = self.info(name)?;
        let points = self
            .curves
            .get(name)
            .ok_or_else(|| ResourceError::NoPowerCurve {
                name: name.to_string(),
            })?;
        PowerCurve::new(name, points, info.nominal_power_w)
    }

    /// Up to three type names close to `name`: case-insensitive edit
    /// distance ≤ 3, or one name containing the other; nearest first.
    fn close_names(&self, name: &str) -> Vec<String> {
        let wanted = name.to_lowercase();
        let mut scored: Vec<(usize, &str)> = self
            .turbines
            .iter()
            .map(|t| t.turbine_type.as_str())
            .filter_map(|t| {
                let lower = t.to_lowercase();
                let d = edit_distance(&wanted, &lower);
                let related =
                    !wanted.is_empty() && (lower.contains(&wanted) || wanted.contains(&lower));
                (d <= 3 || related).then_some((d, t))
            })
            .collect();
        scored.sort();
        scored
            .into_iter()
            .take(3)
            .map(|(_, t)| t.to_string())
            .collect()
    }
}

/// Levenshtein distance between two strings, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Parses `power_curves.csv`: type name → (speed, power) points.
fn parse_curves(csv: &CsvText) -> Result<BTreeMap<String, Vec<(f64, f64)>>, CsvError> {
    let table = csv.table()?;
    let header = table.header();
    if header.get(0) != Some("turbine_type") {
        return Err(CsvError::invalid(
            Location::line(csv.file(), header.line()),
            "a header whose first column is turbine_type, then wind speeds in m/s",
            quoted(header.get(0).unwrap_or("")),
        ));
    }
    let columns: Vec<&str> = header.fields().collect();
    let speeds = (1..columns.len())
        .map(|j| header.number(j, columns[j]))
        .collect::<Result<Vec<f64>, _>>()?;
    let mut curves = BTreeMap::new();
    for row in table.rows() {
        let mut points = Vec::new();
        for (j, &speed) in speeds.iter().enumerate().map(|(k, v)| (k + 1, v)) {
            if let Some(power) = row.optional_number(j, columns[j])? {
                points.push((speed, power));
            }
        }
        curves.insert(row.get(0).unwrap_or("").to_string(), points);
    }
    Ok(curves)
}

#[cfg(test)]
mod tests {
    use super::super::weather::test_support::temp_dir;
    use super::*;

    fn library() -> TurbineLibrary {
        TurbineLibrary::load_dir(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/turbines"
        )))
        .expect("load library")
    }

    #[test]
    fn embedded_library_matches_the_files() {
        let shipped = TurbineLibrary::shipped().expect("embedded library parses");
        assert_eq!(shipped, library());
        assert!(shipped.power_curve(DEFAULT_TURBINE).is_ok());
    }

    #[test]
    fn shipped_library_loads() {
        let lib = library();
        assert!(lib.turbines().len() > 100);
        assert_eq!(
            lib.turbines().iter().filter(|t| t.has_power_curve).count(),
            67
        );
        let info = lib.info(DEFAULT_TURBINE).expect("default turbine");
        assert_eq!(info.nominal_power_w, Some(6_150_000.0));
        assert_eq!(info.rotor_diameter_m, Some(126.0));
    }

    #[test]
    fn default_turbine_curve_cut_in_rated_cut_out() {
        let c = library().power_curve(DEFAULT_TURBINE).expect("curve");
        assert_eq!(c.rated_power_w(), 6_150_000.0);
        assert_eq!(c.cut_in_m_per_s(), 3.5);
        assert_eq!(c.cut_out_m_per_s(), 30.0);
        assert_eq!(c.power_at_w(2.0), 0.0);
        assert_eq!(c.power_at_w(3.0), 0.0);
        // Linear between 4.0 (75 kW) and 4.5 m/s (166.9 kW).
        assert!((c.power_at_w(4.25) - 120_950.0).abs() < 1e-6);
        // Rated: the curve's 6,168.82 kW is capped at the 6,150 kW nameplate.
        assert_eq!(c.power_at_w(20.0), 6_150_000.0);
        assert_eq!(c.power_at_w(30.0), 6_150_000.0);
        assert_eq!(c.power_at_w(30.01), 0.0);
        assert_eq!(
            c.beyond_last_point(),
            "0 kW above 30 m/s: the curve ends there at 6150 kW, and its last speed is taken as the cut-out (no output at higher speeds)"
        );
    }

    #[test]
    fn shipped_curves_that_end_above_zero_power() {
        let lib = library();
        let ends: Vec<(f64, f64)> = lib
            .turbines()
            .iter()
            .filter(|t| t.has_power_curve)
            .map(|t| {
                let c = lib.power_curve(&t.turbine_type).expect("curve");
                let (v, p) = c.points().last().expect("points");
                (v, p)
            })
            .collect();
        let above: Vec<f64> = ends.iter().filter(|e| e.1 > 0.0).map(|e| e.0).collect();
        assert_eq!((ends.len(), above.len()), (67, 62));
        let lowest = above.iter().copied().fold(f64::INFINITY, f64::min);
        let highest = above.iter().copied().fold(0.0, f64::max);
        assert_eq!((lowest, highest), (16.5, 32.0));
    }

    #[test]
    fn unknown_turbine_suggests_close_names() {
        let lib = library();
        let msg = lib
            .power_curve("S126/6000")
            .expect_err("unknown")
            .to_string();
        assert!(
            msg.contains("\"S126/6000\"") && msg.contains("S126/6150"),
            "{msg}"
        );
        let msg = lib
            .power_curve("AD132/5000")
            .expect_err("no curve")
            .to_string();
        assert!(msg.contains("no power curve"), "{msg}");
    }

    #[test]
    fn user_curve_csv() {
        let dir = temp_dir("user-curve");
        let path = dir.path().join("curve.csv");
        std::fs::write(
            &path,
            "# my turbine\nwind_speed_m_per_s,power_kw\n3,0\n4,100\n12,2000\n25,2000\n",
        )
        .expect("write");
        let c = PowerCurve::from_csv(&path).expect("read");
        assert_eq!(c.rated_power_w(), 2_000_000.0);
        assert_eq!(c.power_at_w(8.0), 1_050_000.0);
        assert_eq!(c.power_at_w(26.0), 0.0);
        assert_eq!(c.cut_in_m_per_s(), 4.0);
        std::fs::write(&path, "wind_speed_m_per_s,power_kw\n3,0\n4,lots\n").expect("write");
        let msg = PowerCurve::from_csv(&path).expect_err("text").to_string();
        assert!(
            msg.ends_with(
                "curve.csv: line 3, column \"power_kw\": must be a finite number, got \"lots\""
            ),
            "{msg}"
        );
        std::fs::write(&path, "speed,power_kw\n3,0\n").expect("write");
        let msg = PowerCurve::from_csv(&path).expect_err("column").to_string();
        assert!(
            msg.contains("line 1: must be a header with the column \"wind_speed_m_per_s\""),
            "{msg}"
        );
        std::fs::write(&path, "wind_speed_m_per_s,power_kw\n5,0\n4,100\n").expect("write");
        assert!(PowerCurve::from_csv(&path).is_err());
    }
}
