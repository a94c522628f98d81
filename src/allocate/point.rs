//! One plan of one park with its quota terms (a share bounded, a quota priced): the unit of
//! work of every method. Each result is kept on disk under `DIR/points/<park>/<key>.json`,
//! written atomically once solved, and found again by its key: a run killed at any moment
//! resumes where it stopped, shards fill their own directories for `--merge`, and a new total
//! (`--quota`) re-uses every plan that does not depend on it.
//!
//! The key is a hash of the point's identity: the park's scenario (the SHA-256 of every
//! input file and every override), its quota terms and the solver settings that change a
//! result (gap, strategy, time limit; not the thread count).

use super::province::{Province, ProvincePark, Quota};
use crate::batch::run::{run_pool, Event};
use crate::batch::spec::fnv1a;
use crate::batch::table::numbers_of;
use crate::model::quota::{QuotaMeasure, QuotaTerm};
use crate::plan;
use crate::plan::dispatch::{Capacities, Dispatch};
use crate::plan::kpi::Kpis;
use crate::report::atomic::write_atomic;
use crate::scenario::{LoadedScenario, Park};
use crate::solve::SolveOptions;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Folder of the cached plans inside an allocation's output directory.
pub const POINTS_DIR: &str = "points";

/// A plan of one park, as asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointSpec {
    /// The park, by index in the province.
    pub park: usize,
    /// One term per quota the park shares (in the park's quota order): the share as a bound
    /// on the amount, or a price on it.
    pub terms: Vec<QuotaTerm>,
}

/// A rule a park cannot meet, and the best it reaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shortfall {
    /// `carbon-intensity`, `clean-share`, `electricity-balance` or `heat-balance`.
    pub rule: String,
    /// The limit.
    pub limit: f64,
    /// The best reachable.
    pub reachable: f64,
}

/// What a plan found, as kept on disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointResult {
    /// The point's identity (its key is a hash of it).
    pub identity: serde_json::Value,
    /// The plan's status, as in `plan.json`.
    pub status: String,
    /// True when a plan was found.
    pub has_plan: bool,
    /// Annual cost of the plan, RMB/yr (without any quota price).
    pub cost_rmb_per_yr: Option<f64>,
    /// Relative gap of the plan.
    pub mip_gap: Option<f64>,
    /// The amount of each quota the park shares (park's quota order), in the quota's unit,
    /// as written in the quota (not in `≤` form).
    pub amounts: Vec<f64>,
    /// New capacities (`*_new_*` numbers of `plan.json` → `capacities`).
    pub new_capacities: BTreeMap<String, f64>,
    /// EM / EC, t CO2 per tce.
    pub intensity_t_per_tce: Option<f64>,
    /// λ in force, t CO2 per tce.
    pub intensity_limit_t_per_tce: Option<f64>,
    /// Clean-energy share, 0–1.
    pub clean_share: Option<f64>,
    /// Rules the park cannot meet (no plan), with the best it reaches.
    pub shortfalls: Vec<Shortfall>,
    /// Why there is no result, when the solver failed.
    pub error: Option<String>,
    /// Wall time, seconds.
    pub seconds: f64,
}

impl PointResult {
    /// The cost when a plan was found.
    pub fn cost(&self) -> Option<f64> {
        self.cost_rmb_per_yr.filter(|_| self.has_plan)
    }

    /// The best intensity reached when the intensity rule cannot be met.
    pub fn best_intensity(&self) -> Option<f64> {
        self.shortfalls
            .iter()
            .find(|s| s.rule == "carbon-intensity")
            .map(|s| s.reachable)
    }
}

/// The amount of `measure` in a plan, read from its capacities, indicators and dispatch (the
/// same quantity the model's [`crate::model::quota::amount`] writes).
pub fn measured(
    park: &Park,
    measure: QuotaMeasure,
    caps: &Capacities,
    kpis: &Kpis,
    dispatch: Option<&Dispatch>,
) -> f64 {
    let wind_mw = f64::from(caps.wind_new_turbines) * park.wind.as_ref().map_or(0.0, |w| w.unit_mw);
    let renewable = caps.pv_new_mw + wind_mw;
    match measure {
        QuotaMeasure::NewPvMw => caps.pv_new_mw,
        QuotaMeasure::NewWindMw => wind_mw,
        QuotaMeasure::NewRenewableMw => renewable,
        QuotaMeasure::GridImportPeakMw => dispatch.map_or(f64::NAN, |d| {
            (0..d.import_mw.len())
                .map(|t| d.import_mw[t] + d.green_mw.get(t).copied().unwrap_or(0.0))
                .fold(0.0, f64::max)
        }),
        QuotaMeasure::GreenPowerMwh => kpis.green_purchase_mwh,
        QuotaMeasure::ExportMwh => kpis.grid_export_mwh,
        QuotaMeasure::UnpairedStorageMwh { ratio_mwh_per_mw } => {
            ratio_mwh_per_mw * renewable - caps.battery_new_mwh
        }
        QuotaMeasure::IntensityExcessT { goal_t_per_tce } => {
            kpis.emissions_t - goal_t_per_tce * kpis.energy_tce
        }
    }
}

/// The `*_new_*` numbers of a plan's capacities.
pub fn new_capacities(caps: Option<&Capacities>) -> BTreeMap<String, f64> {
    let value = caps.and_then(|c| serde_json::to_value(c).ok());
    numbers_of(value.as_ref())
        .into_iter()
        .filter(|(name, _)| name.contains("_new_"))
        .collect()
}

/// What every point of a run shares.
pub struct Context<'a> {
    /// The province.
    pub province: &'a Province,
    /// Each park's scenario for the points: on typical days, the full-year check off.
    pub scenarios: Vec<LoadedScenario>,
    /// Solver settings (threads per plan).
    pub options: SolveOptions,
    /// Plans at a time.
    pub jobs: usize,
    /// The output directory.
    pub out: PathBuf,
    /// Show a progress bar.
    pub show_progress: bool,
}

/// The scenario of a park's points: the final plan's, with typical days' full-year check off
/// (the curves compare typical-day estimates; the allocation's plans are checked at the end).
pub fn point_scenario(park: &ProvincePark) -> LoadedScenario {
    let mut loaded = park.loaded.clone();
    let horizon = &mut loaded.resolved.spec.horizon;
    if horizon.typical_days.is_some() {
        let mut aggregation = horizon.aggregation.clone().unwrap_or_default();
        aggregation.full_year_check = Some(false);
        horizon.aggregation = Some(aggregation);
    }
    loaded
}

impl Context<'_> {
    /// The identity of a point: what its result depends on.
    pub fn identity(&self, spec: &PointSpec) -> serde_json::Value {
        let park = &self.province.parks[spec.park];
        let inputs: Vec<String> = self.scenarios[spec.park]
            .inputs
            .iter()
            .map(|f| format!("{} {}", f.role, f.sha256))
            .collect();
        serde_json::json!({
            "park": park.name,
            "inputs": inputs,
            "overrides": park.overrides.iter().map(|o| o.to_string()).collect::<Vec<_>>(),
            "terms": spec.terms,
            "solve": {
                "mip_gap": self.options.mip_gap,
                "strategy": self.options.strategy,
                "time_limit_s": self.options.time_limit_s,
                "highs_options": self.options.highs_options,
            },
            "zcpark": env!("CARGO_PKG_VERSION"),
        })
    }

    fn path_of(&self, spec: &PointSpec, identity: &serde_json::Value) -> PathBuf {
        let key = format!("{:016x}", fnv1a(&identity.to_string()));
        self.out
            .join(POINTS_DIR)
            .join(&self.province.parks[spec.park].name)
            .join(format!("{key}.json"))
    }

    /// The cached result of `spec`, if any.
    pub fn cached(&self, spec: &PointSpec) -> Option<PointResult> {
        let identity = self.identity(spec);
        read_point(&self.path_of(spec, &identity)).filter(|r| r.identity == identity)
    }

    /// Solves one point (no cache).
    fn solve(&self, spec: &PointSpec) -> PointResult {
        let started = Instant::now();
        let identity = self.identity(spec);
        let park = &self.province.parks[spec.park];
        let loaded = &self.scenarios[spec.park];
        let outcome = plan::plan_with_quota(loaded, &spec.terms, &self.options, &mut |_: &str| {});
        let seconds = started.elapsed().as_secs_f64();
        let outcome = match outcome {
            Ok(o) => o,
            Err(e) => {
                return PointResult {
                    identity,
                    status: "error".into(),
                    has_plan: false,
                    cost_rmb_per_yr: None,
                    mip_gap: None,
                    amounts: Vec::new(),
                    new_capacities: BTreeMap::new(),
                    intensity_t_per_tce: None,
                    intensity_limit_t_per_tce: None,
                    clean_share: None,
                    shortfalls: Vec::new(),
                    error: Some(e.to_string()),
                    seconds,
                }
            }
        };
        let report = &outcome.report;
        let has_plan = report.status.has_plan();
        let amounts = match (&report.capacities, &report.kpis) {
            (Some(caps), Some(kpis)) if has_plan => park
                .quotas
                .iter()
                .map(|j| {
                    let measure = self.province.quotas[*j].measure;
                    measured(&loaded.park, measure, caps, kpis, outcome.dispatch.as_ref())
                })
                .collect(),
            _ => Vec::new(),
        };
        PointResult {
            identity,
            status: serde_json::to_value(report.status)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            has_plan,
            cost_rmb_per_yr: report.objective_rmb_per_yr,
            mip_gap: report.mip_gap,
            amounts,
            new_capacities: new_capacities(report.capacities.as_ref()),
            intensity_t_per_tce: report.kpis.as_ref().map(|k| k.intensity_t_per_tce),
            intensity_limit_t_per_tce: Some(report.accounting.intensity_limit_used_t_per_tce),
            clean_share: report.kpis.as_ref().map(|k| k.clean_share),
            shortfalls: report
                .infeasibility
                .iter()
                .map(|i| Shortfall {
                    rule: i.rule.clone(),
                    limit: i.limit,
                    reachable: i.reachable,
                })
                .collect(),
            error: None,
            seconds,
        }
    }

    /// Results of `specs`, in order: each from the cache or solved (`jobs` at a time) and
    /// cached. `phase` labels the progress bar.
    pub fn run(&self, phase: &str, specs: &[PointSpec]) -> Vec<PointResult> {
        let mut results: Vec<Option<PointResult>> = specs.iter().map(|s| self.cached(s)).collect();
        let todo: Vec<usize> = (0..specs.len()).filter(|i| results[*i].is_none()).collect();
        if todo.is_empty() {
            return results.into_iter().flatten().collect();
        }
        let bar = self.bar(phase, specs.len(), specs.len() - todo.len());
        run_pool(
            self.jobs,
            &todo,
            |i| {
                let spec = &specs[*i];
                let result = self.solve(spec);
                if result.error.is_none() {
                    let path = self.path_of(spec, &result.identity);
                    if let Err(e) = write_point(&path, &result) {
                        eprintln!("warning: {}: cannot keep the plan: {e}", path.display());
                    }
                }
                result
            },
            |event| match event {
                Event::Started(_) => {}
                Event::Finished(k, result) => {
                    bar.inc(1);
                    results[todo[k]] = Some(result);
                }
            },
        );
        bar.finish_and_clear();
        results.into_iter().flatten().collect()
    }

    /// A progress bar over `total` plans of `phase`, `done` of them cached (hidden when
    /// standard error is not a terminal, or with `--quiet`).
    pub fn bar(&self, phase: &str, total: usize, done: usize) -> ProgressBar {
        let target = if self.show_progress && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(total as u64), target);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg} [{elapsed_precise}] {wide_bar} {pos}/{len} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message(phase.to_string());
        bar.set_position(done as u64);
        bar.enable_steady_tick(Duration::from_millis(500));
        bar
    }
}

/// A quota term of park `park` for quota `quota`: its amount at most `share` (in the quota's
/// own sense: at least `share` for a `≥` quota).
pub fn share_term(quota: &Quota, share: f64) -> QuotaTerm {
    let mut term = QuotaTerm::exposed(quota.measure);
    if quota.sign() > 0.0 {
        term.upper = Some(share);
    } else {
        term.lower = Some(share);
    }
    term
}

/// A quota term pricing the amount in `≤` form at `price` RMB per unit-year.
pub fn price_term(quota: &Quota, price: f64) -> QuotaTerm {
    QuotaTerm {
        // `+ 0.0`: a zero price is +0 whatever the sign, so it keys like an unpriced term.
        price_rmb_per_unit: quota.sign() * price + 0.0,
        ..QuotaTerm::exposed(quota.measure)
    }
}

/// Reads a cached point.
pub fn read_point(path: &Path) -> Option<PointResult> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

fn write_point(path: &Path, result: &PointResult) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let json = crate::report::files::json_pretty(result).map_err(std::io::Error::other)?;
    write_atomic(path, json.as_bytes())
}
