//! Vintages of a pathway: what each stage built, size by size, and which of it is still in
//! service in a later stage. A build made at the start of stage year `y₀` with an economic
//! life of `L` years serves the stages starting in `y` with `y₀ ≤ y < y₀ + L` (PyPSA's
//! multi-period convention: an asset whose life ends during a stage serves that whole stage,
//! and pays its annuity for it). What the scenario says exists never retires inside the
//! horizon: it has no build year.

use std::collections::BTreeMap;

/// Whether capacity built at the start of `built_year`, living `lifetime_yr` years, serves
/// the stage starting in `year`.
pub fn in_service(built_year: u32, year: u32, lifetime_yr: f64) -> bool {
    year >= built_year && f64::from(year - built_year) < lifetime_yr
}

/// What one stage built.
#[derive(Debug, Clone, PartialEq)]
pub struct Vintage {
    /// The stage's year: when it was built.
    pub year: u32,
    /// Each size built: the model's column (`pv_new_mw`, `ccus_new_modules:<source>`), the
    /// amount in that size's unit, and its economic life, years.
    pub built: Vec<(String, f64, f64)>,
}

impl Vintage {
    /// The amount of `column` this vintage has in service in the stage starting in `year`.
    fn serving(&self, column: &str, year: u32) -> f64 {
        self.built
            .iter()
            .filter(|(c, _, life)| c == column && in_service(self.year, year, *life))
            .map(|(_, amount, _)| amount)
            .sum()
    }
}

/// The amount of `column` that `vintages` have in service in the stage starting in `year`.
pub fn serving(vintages: &[Vintage], column: &str, year: u32) -> f64 {
    vintages.iter().map(|v| v.serving(column, year)).sum()
}

/// The key of a column in plan.json → `capacities`: the column without its source
/// (`ccus_new_modules:<source>` → `ccus_new_modules`).
pub fn capacity_key(column: &str) -> &str {
    column.split(':').next().unwrap_or(column)
}

/// What retires at the start of the stage starting in `year`: in service in the stage before
/// (starting in `previous_year`) and not in this one, by plan.json → `capacities` key of new
/// capacity (`pv_new_mw`, `ccus_new_modules`), only keys with something retiring.
pub fn retired(vintages: &[Vintage], previous_year: u32, year: u32) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for v in vintages {
        for (column, amount, life) in &v.built {
            if in_service(v.year, previous_year, *life)
                && !in_service(v.year, year, *life)
                && *amount > 0.0
            {
                *out.entry(capacity_key(column).to_string()).or_insert(0.0) += amount;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_serves_the_stages_within_its_life() {
        // Built 2025 with a 10-year life: serves 2025..=2034, not 2035.
        assert!(in_service(2025, 2025, 10.0));
        assert!(in_service(2025, 2034, 10.0));
        assert!(!in_service(2025, 2035, 10.0));
        assert!(!in_service(2027, 2025, 10.0));
    }

    #[test]
    fn retirements_are_counted_once_at_the_stage_they_leave() {
        let v = vec![
            Vintage {
                year: 2025,
                built: vec![
                    ("pv_new_mw".into(), 100.0, 8.0),
                    ("ccus_new_modules:kiln".into(), 2.0, 8.0),
                    ("ccus_new_modules:boiler".into(), 1.0, 20.0),
                ],
            },
            Vintage {
                year: 2030,
                built: vec![("pv_new_mw".into(), 50.0, 8.0)],
            },
        ];
        assert_eq!(serving(&v, "pv_new_mw", 2030), 150.0);
        assert_eq!(serving(&v, "pv_new_mw", 2035), 50.0);
        let r = retired(&v, 2030, 2035);
        assert_eq!(r.get("pv_new_mw"), Some(&100.0));
        assert_eq!(r.get("ccus_new_modules"), Some(&2.0));
        assert!(!retired(&v, 2035, 2040).contains_key("ccus_new_modules"));
        assert!(retired(&v, 2025, 2030).is_empty());
    }
}
