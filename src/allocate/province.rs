//! The province file: parks (each a normal zcpark scenario with overrides), the quotas they
//! share, and an optional province intensity goal; read and checked with every problem
//! listed at once (file, field, value), then resolved into a [`Province`].
//!
//! ```yaml
//! name: mengxi
//! set: { horizon.typical_days: 12 }        # applied to every park, before its own set
//! parks:
//!   - name: baotou-steel
//!     scenario: parks/steel.yaml             # relative to the province file
//!     set: { build.pv.max_mw: 800 }          # this park's overrides (as --set)
//!     group: west                            # optional
//!     min_share: { renewables: 0.05 }        # optional, share of a quota's total
//!     max_share: { renewables: 0.5 }
//! quotas:
//!   - name: renewables
//!     kind: new_renewable_mw                 # see QuotaKind
//!     sense: "<="                            # or ">="; default "<="
//!     total: 3000
//!     group: west                            # optional: only the parks of this group
//! intensity_goal: { t_per_tce: 0.2 }        # optional: Σ EM ≤ goal · Σ EC over the parks
//! curves: { levels: 9, levels_per_quota_2d: 5 }
//! ```

use crate::batch::run::{run_pool, Event};
use crate::model::quota::QuotaMeasure;
use crate::scenario::issues::Issue;
use crate::scenario::overrides::{load_with, typical_days_override};
use crate::scenario::overrides::{show_value, Override};
use crate::scenario::{LoadedScenario, ScenarioError, ScenarioSource};
use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The kinds of quota a province hands out (formulation §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaKind {
    /// New PV grid connections, MW.
    NewPvMw,
    /// New wind grid connections, MW.
    NewWindMw,
    /// New PV and wind grid connections (保障性并网规模), MW.
    NewRenewableMw,
    /// Grid import capacity at a shared substation, MW: the sum of the parks' peak intake
    /// (`imp_t + grn_t`) over the modelled steps, a linear reading of "import capacity".
    GridImportMw,
    /// Green-power direct-supply allowance, MWh/yr of contracted green power.
    GreenPowerMwh,
    /// Mechanism-price volume of Document 136, MWh/yr of power sold to the grid.
    MechanismMwh,
    /// Storage pairing: new storage MWh ≥ `ratio_mwh_per_mw` × new PV and wind MW, summed
    /// over the parks (one park may pair more so that another pairs less).
    StoragePairing,
}

impl QuotaKind {
    /// Unit of the quota's amounts and total.
    pub fn unit(self) -> &'static str {
        match self {
            Self::NewPvMw | Self::NewWindMw | Self::NewRenewableMw | Self::GridImportMw => "MW",
            Self::GreenPowerMwh | Self::MechanismMwh => "MWh/yr",
            Self::StoragePairing => "MWh",
        }
    }

    /// True when a park's amount is never negative (so shares of the total make sense).
    pub fn non_negative(self) -> bool {
        self != Self::StoragePairing
    }
}

/// The direction of a quota row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Sense {
    /// `Σ amount ≤ total`: a cap handed out.
    #[default]
    #[serde(rename = "<=")]
    AtMost,
    /// `Σ amount ≥ total`: a requirement shared out.
    #[serde(rename = ">=")]
    AtLeast,
}

/// One park as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParkEntry {
    /// Name, also the directory of its outputs (letters, digits, `-`, `_`).
    pub name: String,
    /// The scenario, relative to the province file.
    pub scenario: String,
    /// Free text.
    #[serde(default)]
    pub description: String,
    /// Its overrides, `dotted.path: value` (as `--set`).
    #[serde(default)]
    pub set: Mapping,
    /// Its group, for quotas over a group.
    #[serde(default)]
    pub group: Option<String>,
    /// Least share of a quota's total, by quota name, 0–1.
    #[serde(default)]
    pub min_share: BTreeMap<String, f64>,
    /// Largest share of a quota's total, by quota name, 0–1.
    #[serde(default)]
    pub max_share: BTreeMap<String, f64>,
}

/// One quota as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaSpec {
    /// Name, as used by `--quota NAME=TOTAL`, `min_share` and the outputs.
    pub name: String,
    /// What it counts.
    pub kind: QuotaKind,
    /// Free text.
    #[serde(default)]
    pub description: String,
    /// `<=` (a cap, the default) or `>=`; a storage pairing is always storage `>=` ratio ×
    /// renewables (kept as the unpaired amount `<=` 0).
    #[serde(default)]
    pub sense: Option<Sense>,
    /// The total, in [`QuotaKind::unit`]; a storage pairing has none.
    #[serde(default)]
    pub total: Option<f64>,
    /// Only the parks of this group share it.
    #[serde(default)]
    pub group: Option<String>,
    /// For `storage_pairing`: MWh of new storage per MW of new PV and wind.
    #[serde(default)]
    pub ratio_mwh_per_mw: Option<f64>,
    /// Step of the allocation grid, in the quota's unit: curve levels are multiples of it
    /// [default: the total / 10,000 (one quota) or / 400 (several), to a round number; 1
    /// MWh for a pairing; 1 unit for a total of 0].
    #[serde(default)]
    pub resolution: Option<f64>,
}

/// The province's intensity goal as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntensityGoalSpec {
    /// `Σ EM ≤ t_per_tce · Σ EC` over the parks, t CO2 per tce.
    pub t_per_tce: f64,
    /// Grid step of the parks' excess emissions, t CO2/yr [default: 100].
    #[serde(default)]
    pub resolution_t: Option<f64>,
}

/// Value-curve settings as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CurvesSpec {
    /// Levels per park of a park's only quota (both ends included).
    #[serde(default = "default_levels")]
    pub levels: usize,
    /// Levels per quota when a park shares two quotas (a grid of levels²).
    #[serde(default = "default_levels_2d")]
    pub levels_per_quota_2d: usize,
}

fn default_levels() -> usize {
    9
}

fn default_levels_2d() -> usize {
    5
}

impl Default for CurvesSpec {
    fn default() -> Self {
        Self {
            levels: default_levels(),
            levels_per_quota_2d: default_levels_2d(),
        }
    }
}

/// Most quotas a park may share for the `curves` method (its grid has levels^quotas points).
pub const MAX_CURVE_QUOTAS: usize = 2;

/// Name of the quota that stands for the province intensity goal.
pub const INTENSITY_GOAL: &str = "intensity_goal";

/// λ of a park's own intensity row under a province goal, t/tce: the largest a scenario
/// takes, above any park's intensity at its cost optimum, so the park's own row never binds
/// and the province row does the work.
pub const LIFTED_INTENSITY_LIMIT: f64 = 10.0;

/// Default grid step of a storage pairing, MWh.
pub const DEFAULT_PAIRING_RESOLUTION_MWH: f64 = 1.0;

/// Default grid step of the province intensity goal, t CO2/yr.
pub const DEFAULT_GOAL_RESOLUTION_T: f64 = 100.0;

/// A quota resolved: who shares it, what it counts, in `≤` form.
#[derive(Debug, Clone, Serialize)]
pub struct Quota {
    /// Name.
    pub name: String,
    /// Kind (None for the intensity goal).
    pub kind: Option<QuotaKind>,
    /// Unit of amounts and total.
    pub unit: &'static str,
    /// The row's direction on [`Quota::measure`] (a pairing: `≤`, on the unpaired amount).
    pub sense: Sense,
    /// The total as written (0 for a pairing or the intensity goal).
    pub total: f64,
    /// What each park's amount is.
    pub measure: QuotaMeasure,
    /// The parks that share it (indices into [`Province::parks`]).
    pub members: Vec<usize>,
    /// Grid step, in the unit.
    pub resolution: f64,
    /// Least share of the total per park (by park index), 0–1.
    pub min_share: BTreeMap<usize, f64>,
    /// Largest share of the total per park, 0–1.
    pub max_share: BTreeMap<usize, f64>,
}

impl Quota {
    /// +1 for a `≤` quota, −1 for `≥`: `sign · amount` is the amount in `≤` form.
    pub fn sign(&self) -> f64 {
        match self.sense {
            Sense::AtMost => 1.0,
            Sense::AtLeast => -1.0,
        }
    }

    /// The right-hand side in `≤` form: `Σ sign · amount ≤ sign · total`.
    pub fn limit(&self) -> f64 {
        self.sign() * self.total
    }

    /// A copy with another total.
    pub fn with_total(&self, total: f64) -> Self {
        Self {
            total,
            ..self.clone()
        }
    }
}

/// A park resolved: its scenario loaded with every override.
#[derive(Debug, Clone)]
pub struct ProvincePark {
    /// Position in the province file.
    pub index: usize,
    /// Name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Group, if any.
    pub group: Option<String>,
    /// The scenario file.
    pub scenario: PathBuf,
    /// Every override, in the order applied (province `set`, park `set`, command line).
    pub overrides: Vec<Override>,
    /// The scenario as the final plan runs it.
    pub loaded: LoadedScenario,
    /// Indices into [`Province::quotas`] of the quotas it shares.
    pub quotas: Vec<usize>,
}

/// A province file resolved.
#[derive(Debug, Clone)]
pub struct Province {
    /// The file as shown in messages.
    pub path: String,
    /// Name.
    pub name: String,
    /// Free text.
    pub description: String,
    /// The parks.
    pub parks: Vec<ProvincePark>,
    /// The quotas, with the intensity goal (if any) last.
    pub quotas: Vec<Quota>,
    /// Curve settings.
    pub curves: CurvesSpec,
}

/// What the command line adds to every park.
#[derive(Debug, Clone, Default)]
pub struct ParkOverrides {
    /// `--set` overrides for every park.
    pub set: Vec<Override>,
    /// `--typical-days N`.
    pub typical_days: Option<usize>,
}

/// Problems are collected per file.
struct Problems {
    file: String,
    list: Vec<Issue>,
}

impl Problems {
    fn push(&mut self, field: &str, value: impl std::fmt::Display, expected: &str) {
        self.list
            .push(Issue::new(&self.file, field, &value.to_string(), expected));
    }
}

/// The overrides of a `set:` mapping at `field` of the province file, each named by where it
/// is written (`FILE: parks[0].set catalogue.pv.capex=3`) for messages.
fn overrides_of(map: &Mapping, field: &str, problems: &mut Problems) -> Vec<Override> {
    let mut out = Vec::new();
    for (key, value) in map {
        match key.as_str() {
            Some(path) => out.push(Override {
                path: path.to_string(),
                value: value.clone(),
                origin: Some(format!(
                    "{}: {field} {path}={}",
                    problems.file,
                    show_value(value)
                )),
            }),
            None => problems.push(
                field,
                show_value(key),
                "a dotted path written as text (e.g. build.pv.max_mw)",
            ),
        }
    }
    out
}

/// A round grid step near `span / steps`: 1, 2 or 5 times a power of ten.
pub fn round_step(span: f64, steps: f64) -> f64 {
    let raw = (span.abs() / steps).max(1e-9);
    let decade = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * decade)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * decade)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Items of a list field, each deserialised alone so that one bad item does not hide the
/// others' problems.
fn items<T: serde::de::DeserializeOwned>(
    doc: &Mapping,
    field: &str,
    what: &str,
    problems: &mut Problems,
) -> Vec<(usize, T)> {
    let Some(value) = doc.get(field) else {
        return Vec::new();
    };
    let Some(list) = value.as_sequence() else {
        problems.push(field, show_value(value), &format!("a list of {what}"));
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .filter_map(
            |(i, item)| match serde_yaml::from_value::<T>(item.clone()) {
                Ok(t) => Some((i, t)),
                Err(e) => {
                    problems.push(
                        &format!("{field}[{i}]"),
                        show_value(item),
                        &format!("{what} ({e})"),
                    );
                    None
                }
            },
        )
        .collect()
}

/// Reads a province file and resolves it: every problem of the file and of each park's
/// scenario (with its overrides) at once. The parks' scenarios load `jobs` at a time.
///
/// # Errors
/// [`ScenarioError::Unreadable`] when the file cannot be read, [`ScenarioError::Invalid`]
/// with every problem otherwise.
pub fn read(path: &Path, extra: &ParkOverrides, jobs: usize) -> Result<Province, ScenarioError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Unreadable {
        path: file.clone(),
        source,
    })?;
    let mut problems = Problems {
        file: file.clone(),
        list: Vec::new(),
    };
    let doc: Mapping = match serde_yaml::from_str::<Value>(&text) {
        Ok(Value::Mapping(m)) => m,
        Ok(other) => {
            problems.push(
                "(document)",
                show_value(&other),
                "a mapping with name, parks and quotas",
            );
            return Err(ScenarioError::Invalid(problems.list));
        }
        Err(e) => {
            problems.push("(document)", e, "valid YAML");
            return Err(ScenarioError::Invalid(problems.list));
        }
    };
    const KNOWN: [&str; 7] = [
        "name",
        "description",
        "set",
        "parks",
        "quotas",
        "intensity_goal",
        "curves",
    ];
    for key in doc.keys() {
        let name = key.as_str().unwrap_or_default();
        if !KNOWN.contains(&name) {
            problems.push(
                &show_value(key),
                "(a field)",
                &format!("one of {}", KNOWN.join(", ")),
            );
        }
    }
    let name = match doc.get("name").and_then(Value::as_str) {
        Some(n) if !n.trim().is_empty() => n.to_string(),
        other => {
            problems.push(
                "name",
                other.map_or("(missing)".into(), str::to_string),
                "the province's name",
            );
            String::new()
        }
    };
    let description = doc
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let common = match doc.get("set") {
        None => Vec::new(),
        Some(Value::Mapping(m)) => overrides_of(m, "set", &mut problems),
        Some(other) => {
            problems.push("set", show_value(other), "a mapping of dotted.path: value");
            Vec::new()
        }
    };
    let curves = match doc.get("curves") {
        None => CurvesSpec::default(),
        Some(v) => serde_yaml::from_value(v.clone()).unwrap_or_else(|e| {
            problems.push("curves", show_value(v), &format!("levels settings ({e})"));
            CurvesSpec::default()
        }),
    };
    if !(2..=50).contains(&curves.levels) {
        problems.push("curves.levels", curves.levels, "a whole number in 2..=50");
    }
    if !(2..=20).contains(&curves.levels_per_quota_2d) {
        problems.push(
            "curves.levels_per_quota_2d",
            curves.levels_per_quota_2d,
            "a whole number in 2..=20",
        );
    }
    let goal = match doc.get("intensity_goal") {
        None => None,
        Some(v) => match serde_yaml::from_value::<IntensityGoalSpec>(v.clone()) {
            Ok(g) if g.resolution_t.is_some_and(|r| !(r.is_finite() && r > 0.0)) => {
                problems.push(
                    "intensity_goal.resolution_t",
                    g.resolution_t.unwrap_or_default(),
                    "> 0 t CO2/yr",
                );
                None
            }
            Ok(g) if g.t_per_tce > 0.0 && g.t_per_tce < LIFTED_INTENSITY_LIMIT => Some(g),
            Ok(g) => {
                problems.push(
                    "intensity_goal.t_per_tce",
                    g.t_per_tce,
                    &format!("in (0, {LIFTED_INTENSITY_LIMIT}) t CO2 per tce"),
                );
                None
            }
            Err(e) => {
                problems.push(
                    "intensity_goal",
                    show_value(v),
                    &format!("{{ t_per_tce: … }} ({e})"),
                );
                None
            }
        },
    };

    let entries: Vec<(usize, ParkEntry)> = items(&doc, "parks", "parks", &mut problems);
    if doc.get("parks").is_none() {
        problems.push("parks", "(missing)", "a list of at least one park");
    } else if doc
        .get("parks")
        .and_then(Value::as_sequence)
        .is_some_and(|l| l.is_empty())
    {
        problems.push("parks", "[]", "a list of at least one park");
    }
    let specs: Vec<(usize, QuotaSpec)> = items(&doc, "quotas", "quotas", &mut problems);
    if specs.is_empty() && goal.is_none() && problems.list.is_empty() {
        problems.push(
            "quotas",
            "(none)",
            "at least one quota (or an intensity_goal) to allocate",
        );
    }

    // Parks: names and groups.
    let mut seen = Vec::new();
    for (i, park) in &entries {
        if !valid_name(&park.name) {
            problems.push(
                &format!("parks[{i}].name"),
                &park.name,
                "a name of 1-64 letters, digits, '-' or '_' (it names the park's directory)",
            );
        }
        if seen.contains(&&park.name) {
            problems.push(
                &format!("parks[{i}].name"),
                &park.name,
                "unique among the parks",
            );
        }
        seen.push(&park.name);
    }
    let groups: Vec<&String> = entries
        .iter()
        .filter_map(|(_, p)| p.group.as_ref())
        .collect();

    // Quotas.
    let mut quotas = Vec::new();
    let mut quota_names: Vec<String> = Vec::new();
    for (i, q) in &specs {
        let field = |f: &str| format!("quotas[{i}].{f}");
        if !valid_name(&q.name) || q.name == INTENSITY_GOAL {
            problems.push(
                &field("name"),
                &q.name,
                &format!("a name of 1-64 letters, digits, '-' or '_', not {INTENSITY_GOAL}"),
            );
        }
        if quota_names.contains(&q.name) {
            problems.push(&field("name"), &q.name, "unique among the quotas");
        }
        quota_names.push(q.name.clone());
        let pairing = q.kind == QuotaKind::StoragePairing;
        let (sense, total) = if pairing {
            if q.sense == Some(Sense::AtMost) {
                problems.push(&field("sense"), "<=", "absent or >= for a storage pairing");
            }
            if let Some(t) = q.total {
                problems.push(
                    &field("total"),
                    t,
                    "absent for a storage pairing (the row is Σ storage − ratio × renewables ≥ 0)",
                );
            }
            // Storage ≥ ratio × renewables, summed: Σ unpaired ≤ 0.
            (Sense::AtMost, 0.0)
        } else {
            let total = match q.total {
                Some(t) if t.is_finite() && t >= 0.0 => t,
                Some(t) => {
                    problems.push(&field("total"), t, &format!("≥ 0 {}", q.kind.unit()));
                    0.0
                }
                None => {
                    problems.push(
                        &field("total"),
                        "(missing)",
                        &format!("the quota's total, {}", q.kind.unit()),
                    );
                    0.0
                }
            };
            (q.sense.unwrap_or_default(), total)
        };
        let measure = match q.kind {
            QuotaKind::NewPvMw => QuotaMeasure::NewPvMw,
            QuotaKind::NewWindMw => QuotaMeasure::NewWindMw,
            QuotaKind::NewRenewableMw => QuotaMeasure::NewRenewableMw,
            QuotaKind::GridImportMw => QuotaMeasure::GridImportPeakMw,
            QuotaKind::GreenPowerMwh => QuotaMeasure::GreenPowerMwh,
            QuotaKind::MechanismMwh => QuotaMeasure::ExportMwh,
            QuotaKind::StoragePairing => {
                let ratio = q.ratio_mwh_per_mw.unwrap_or(f64::NAN);
                if !(ratio.is_finite() && ratio > 0.0) {
                    problems.push(
                        &field("ratio_mwh_per_mw"),
                        q.ratio_mwh_per_mw
                            .map_or("(missing)".into(), |r| r.to_string()),
                        "> 0 MWh of storage per MW of new PV and wind",
                    );
                }
                QuotaMeasure::UnpairedStorageMwh {
                    ratio_mwh_per_mw: ratio,
                }
            }
        };
        if !pairing && q.ratio_mwh_per_mw.is_some() {
            problems.push(
                &field("ratio_mwh_per_mw"),
                q.ratio_mwh_per_mw.unwrap_or_default(),
                "absent except for kind storage_pairing",
            );
        }
        if let Some(g) = &q.group {
            if !groups.contains(&g) {
                problems.push(&field("group"), g, "the group of at least one park");
            }
        }
        let members: Vec<usize> = entries
            .iter()
            .enumerate()
            .filter(|(_, (_, p))| q.group.is_none() || p.group == q.group)
            .map(|(k, _)| k)
            .collect();
        if let Some(r) = q.resolution {
            if !(r.is_finite() && r > 0.0) {
                problems.push(&field("resolution"), r, &format!("> 0 {}", q.kind.unit()));
            }
        }
        quotas.push(Quota {
            name: q.name.clone(),
            kind: Some(q.kind),
            unit: q.kind.unit(),
            sense,
            total,
            measure,
            members,
            resolution: q.resolution.unwrap_or(f64::NAN),
            min_share: BTreeMap::new(),
            max_share: BTreeMap::new(),
        });
    }
    if let Some(goal) = &goal {
        quotas.push(Quota {
            name: INTENSITY_GOAL.into(),
            kind: None,
            unit: "t CO2/yr",
            sense: Sense::AtMost,
            total: 0.0,
            measure: QuotaMeasure::IntensityExcessT {
                goal_t_per_tce: goal.t_per_tce,
            },
            members: (0..entries.len()).collect(),
            resolution: goal.resolution_t.unwrap_or(f64::NAN),
            min_share: BTreeMap::new(),
            max_share: BTreeMap::new(),
        });
    }

    // Shares.
    for (k, (i, park)) in entries.iter().enumerate() {
        for (which, map) in [
            ("min_share", &park.min_share),
            ("max_share", &park.max_share),
        ] {
            for (quota, share) in map {
                let field = format!("parks[{i}].{which}.{quota}");
                let Some(q) = quotas.iter_mut().find(|q| &q.name == quota) else {
                    problems.push(&field, quota, "the name of a quota of this file");
                    continue;
                };
                if !(q.kind.is_some_and(QuotaKind::non_negative) && q.sense == Sense::AtMost) {
                    problems.push(
                        &field,
                        share,
                        "absent: shares apply to '<=' quotas of MW or MWh only",
                    );
                    continue;
                }
                if !q.members.contains(&k) {
                    problems.push(
                        &field,
                        share,
                        "absent: the park is not in the quota's group",
                    );
                    continue;
                }
                if !(0.0..=1.0).contains(share) {
                    problems.push(&field, share, "a share of the total in [0, 1]");
                    continue;
                }
                if which == "min_share" {
                    q.min_share.insert(k, *share);
                } else {
                    q.max_share.insert(k, *share);
                }
            }
        }
    }
    for q in &quotas {
        for (k, lo) in &q.min_share {
            if let Some(hi) = q.max_share.get(k) {
                if lo > hi {
                    problems.push(
                        &format!("parks[{}].min_share.{}", entries[*k].0, q.name),
                        lo,
                        &format!("≤ the park's max_share ({hi})"),
                    );
                }
            }
        }
        let sum: f64 = q.min_share.values().sum();
        if sum > 1.0 + 1e-9 {
            problems.push(
                &format!("quotas.{}", q.name),
                format!("min_share summing to {}", crate::csv_input::shown(sum)),
                "min_share of the parks adding to at most 1",
            );
        }
    }

    // Each park's scenario, with its overrides; its problems under its own file names.
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut tasks = Vec::new();
    // Each park's problems with its overrides, listed before those of its scenario.
    let mut set_problems = Vec::new();
    for (i, entry) in &entries {
        let mut overrides = common.clone();
        let mut own = Problems {
            file: file.clone(),
            list: Vec::new(),
        };
        overrides.extend(overrides_of(
            &entry.set,
            &format!("parks[{i}].set"),
            &mut own,
        ));
        set_problems.push(own.list);
        overrides.extend(extra.set.iter().map(|o| Override {
            origin: o.origin.clone().or_else(|| Some(format!("--set {o}"))),
            ..o.clone()
        }));
        overrides.extend(extra.typical_days.map(typical_days_override));
        if goal.is_some() {
            overrides.push(Override {
                path: "rules.intensity_limit".into(),
                value: Value::from(LIFTED_INTENSITY_LIMIT),
                origin: None,
            });
        }
        let scenario = dir.join(&entry.scenario);
        let label = format!("{file}: parks[{i}] ({})", entry.name);
        tasks.push((scenario, overrides, label));
    }
    // The parks load `jobs` at a time (most of the time of a new total from cached curves).
    let mut loads: Vec<Option<Result<LoadedScenario, ScenarioError>>> =
        (0..tasks.len()).map(|_| None).collect();
    run_pool(
        jobs,
        &tasks,
        |(scenario, overrides, label)| {
            load_with(&ScenarioSource::Disk(scenario.clone()), overrides, label)
        },
        |event| {
            if let Event::Finished(k, result) = event {
                loads[k] = Some(result);
            }
        },
    );
    let mut parks = Vec::new();
    for (k, ((((i, entry), (scenario, overrides, label)), load), set_problems)) in entries
        .iter()
        .zip(tasks)
        .zip(loads)
        .zip(set_problems)
        .enumerate()
    {
        problems.list.extend(set_problems);
        // run_pool finishes every task (a panic in one is raised again here).
        match load.expect("every park's scenario was loaded") {
            Ok(loaded) => parks.push(ProvincePark {
                index: k,
                name: entry.name.clone(),
                description: entry.description.clone(),
                group: entry.group.clone(),
                scenario,
                overrides,
                loaded,
                quotas: quotas
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| q.members.contains(&k))
                    .map(|(j, _)| j)
                    .collect(),
            }),
            Err(ScenarioError::Unreadable { path, source }) => problems.push(
                &format!("parks[{i}].scenario"),
                &entry.scenario,
                &format!("a readable scenario file ({path}: {source})"),
            ),
            Err(ScenarioError::Invalid(issues)) => {
                for issue in issues {
                    problems.list.push(Issue {
                        file: format!("{label}: {}", issue.file),
                        ..issue
                    });
                }
            }
        }
    }
    // A bad value of the province's `set` or of `--set` reaches every park: said once.
    let mut seen = Vec::new();
    problems.list.retain(|issue| {
        let Some((_, by)) = issue.file.split_once(" (set by ") else {
            return true;
        };
        let shared = !by.contains(": parks[");
        let key = (by.to_string(), issue.field.clone(), issue.value.clone());
        let first = !seen.contains(&key);
        if shared {
            seen.push(key);
        }
        !shared || first
    });
    if !problems.list.is_empty() {
        return Err(ScenarioError::Invalid(problems.list));
    }
    let quota_count = quotas.len();
    for q in &mut quotas {
        if q.resolution.is_nan() {
            q.resolution = match q.measure {
                QuotaMeasure::UnpairedStorageMwh { .. } => DEFAULT_PAIRING_RESOLUTION_MWH,
                QuotaMeasure::IntensityExcessT { .. } => DEFAULT_GOAL_RESOLUTION_T,
                _ if q.total > 0.0 => {
                    round_step(q.total, if quota_count > 1 { 400.0 } else { 10_000.0 })
                }
                _ => 1.0,
            };
        }
    }
    Ok(Province {
        path: file,
        name,
        description,
        parks,
        quotas,
        curves,
    })
}
