//! Each park's final plan at its share: the park's own `zcpark plan` outputs in
//! `DIR/parks/<name>/` (`plan.json`, `dispatch.csv`, `report.html`, …), planned with its share
//! as a bound and, on typical days, checked on the full year unless the scenario turns the
//! check off. A park that falls short is planned at what it is granted (its diagnosis says by
//! how much it misses its rules); one that cannot meet its rules at any share is planned with
//! no bound (the same diagnosis). `allocated.json`, written after the plan outputs, records the
//! share the plan was made for, so a killed run redoes only the plans not finished.

use super::found::{Found, ParkFound};
use super::point::{share_term, Context, PointSpec};
use super::AllocateError;
use crate::batch::run::{run_pool, Event};
use crate::model::quota::QuotaTerm;
use crate::plan;
use crate::report::atomic::write_atomic;
use crate::report::files::write_plan_outputs;
use crate::report::lang::{self, Lang};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Folder of the parks' plans inside an allocation's output directory.
pub const PARKS_DIR: &str = "parks";

/// Name of the file recording what a park's plan was made for.
pub const ALLOCATED_JSON: &str = "allocated.json";

/// A park's final plan, as recorded in `allocated.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinalPlan {
    /// What the plan was made for (park, scenario, terms, solver settings).
    pub identity: serde_json::Value,
    /// The plan's status, as in its `plan.json`.
    pub status: String,
    /// Its annual cost, RMB/yr (the full year's when checked).
    pub cost_rmb_per_yr: Option<f64>,
    /// EM / EC, t CO2 per tce.
    pub intensity_t_per_tce: Option<f64>,
    /// Clean-energy share, 0–1.
    pub clean_share: Option<f64>,
    /// True when the typical-day sizes were checked on all 8,760 hours.
    pub full_year_checked: bool,
    /// What the check said, when made.
    pub check: Option<String>,
    /// The same in Chinese (absent from plans recorded before it was added).
    #[serde(default)]
    pub check_zh: Option<String>,
}

/// The terms of park `i`'s final plan.
fn terms(ctx: &Context, i: usize, found: &ParkFound) -> Vec<QuotaTerm> {
    let province = ctx.province;
    let park = &province.parks[i];
    match found.share() {
        Some(share) => park
            .quotas
            .iter()
            .zip(share)
            .map(|(j, b)| {
                let q = &province.quotas[*j];
                share_term(q, q.sign() * b)
            })
            .collect(),
        None => park
            .quotas
            .iter()
            .map(|j| QuotaTerm::exposed(province.quotas[*j].measure))
            .collect(),
    }
}

/// Plans every park at its share into `DIR/parks/<name>/` (those done already are kept).
///
/// # Errors
/// [`AllocateError::Io`] when an output cannot be written.
pub fn final_plans(ctx: &Context, found: &Found) -> Result<Vec<Option<FinalPlan>>, AllocateError> {
    let province = ctx.province;
    let n = province.parks.len();
    let specs = final_specs(ctx, found);
    let identity = |spec: &PointSpec| final_identity(ctx, spec);
    let dir_of = |i: usize| park_dir(ctx, i);
    let mut plans: Vec<Option<FinalPlan>> = specs
        .iter()
        .map(|s| {
            let id = identity(s);
            read_final(&dir_of(s.park)).filter(|p| p.identity == id)
        })
        .collect();
    let todo: Vec<usize> = (0..n).filter(|i| plans[*i].is_none()).collect();
    let mut errors = Vec::new();
    let bar = ctx.bar("each park's plan at its share", n, n - todo.len());
    run_pool(
        ctx.jobs,
        &todo,
        |i| -> Result<FinalPlan, (String, std::io::Error)> {
            let park = &province.parks[*i];
            let dir = dir_of(*i);
            let outcome = plan::plan_with_quota(
                &park.loaded,
                &specs[*i].terms,
                &ctx.options,
                &mut |_: &str| {},
            )
            .map_err(|e| {
                (
                    dir.display().to_string(),
                    std::io::Error::other(e.to_string()),
                )
            })?;
            let finance = crate::finance::for_plan(&outcome.report, &park.loaded.park);
            write_plan_outputs(&dir, &outcome, &park.loaded.resolved, &finance)
                .map_err(|e| (dir.display().to_string(), e))?;
            let report = &outcome.report;
            let plan = FinalPlan {
                identity: identity(&specs[*i]),
                status: serde_json::to_value(report.status)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
                cost_rmb_per_yr: report.objective_rmb_per_yr,
                intensity_t_per_tce: report.kpis.as_ref().map(|k| k.intensity_t_per_tce),
                clean_share: report.kpis.as_ref().map(|k| k.clean_share),
                full_year_checked: report.full_year_check.is_some(),
                check: report.full_year_check.as_ref().map(|c| c.message.clone()),
                check_zh: report
                    .full_year_check
                    .as_ref()
                    .and_then(|c| serde_json::to_value(c).ok())
                    .map(|c| lang::full_year_check_message(&c, Lang::Zh)),
            };
            let path = dir.join(ALLOCATED_JSON);
            let json = crate::report::files::json_pretty(&plan).unwrap_or_default();
            write_atomic(&path, json.as_bytes()).map_err(|e| (path.display().to_string(), e))?;
            Ok(plan)
        },
        |event| {
            if let Event::Finished(k, result) = event {
                bar.inc(1);
                match result {
                    Ok(plan) => plans[todo[k]] = Some(plan),
                    Err(e) => errors.push(e),
                }
            }
        },
    );
    bar.finish_and_clear();
    if let Some((path, source)) = errors.into_iter().next() {
        return Err(AllocateError::Io { path, source });
    }
    Ok(plans)
}

/// The final plan of each park of `found`, as asked for.
fn final_specs(ctx: &Context, found: &Found) -> Vec<PointSpec> {
    (0..ctx.province.parks.len())
        .map(|i| PointSpec {
            park: i,
            terms: terms(ctx, i, &found.parks[i]),
        })
        .collect()
}

/// What a final plan depends on: its point's identity, its horizon, and that it is final.
fn final_identity(ctx: &Context, spec: &PointSpec) -> serde_json::Value {
    let mut id = ctx.identity(spec);
    id["final"] = serde_json::Value::Bool(true);
    id["horizon"] =
        serde_json::to_value(&ctx.province.parks[spec.park].loaded.resolved.spec.horizon)
            .unwrap_or_default();
    id
}

fn park_dir(ctx: &Context, i: usize) -> std::path::PathBuf {
    ctx.out.join(PARKS_DIR).join(&ctx.province.parks[i].name)
}

/// Without planning: each park's final plan already in `DIR/parks/<name>/` when it was made
/// for its share in `found`, and the names of the parks whose directory holds one made for
/// other shares (an earlier run's, before a new `--quota` total with the final plans
/// skipped).
pub fn kept(ctx: &Context, found: &Found) -> (Vec<Option<FinalPlan>>, Vec<String>) {
    let mut stale = Vec::new();
    let plans = final_specs(ctx, found)
        .iter()
        .map(|spec| {
            let plan = read_final(&park_dir(ctx, spec.park))?;
            if plan.identity == final_identity(ctx, spec) {
                Some(plan)
            } else {
                stale.push(ctx.province.parks[spec.park].name.clone());
                None
            }
        })
        .collect();
    (plans, stale)
}

fn read_final(dir: &Path) -> Option<FinalPlan> {
    if !dir.join(crate::report::files::PLAN_JSON).exists() {
        return None;
    }
    let text = std::fs::read_to_string(dir.join(ALLOCATED_JSON)).ok()?;
    serde_json::from_str(&text).ok()
}
