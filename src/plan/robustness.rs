//! What meeting λ under every reading of `rules.robust` costs: the plan made without those
//! rows, its cost and its intensity under each reading, beside the robust plan.

use super::dispatch::Capacities;
use super::kpi::ReadingIntensity;
use super::PlanReport;
use crate::solve::SolveStatus;
use serde::Serialize;

/// The plan made for the scenario's own reading only, and the extra cost of the robust one.
#[derive(Debug, Clone, Serialize)]
pub struct RobustnessReport {
    /// How the solve without `rules.robust` ended.
    pub status_without_robust: SolveStatus,
    /// Annual cost of the plan without `rules.robust`, RMB/yr.
    pub objective_without_robust_rmb_per_yr: Option<f64>,
    /// Robust plan's cost minus that, RMB/yr: the extra cost of robustness.
    pub extra_cost_rmb_per_yr: Option<f64>,
    /// The capacities of the plan without `rules.robust`.
    pub capacities_without_robust: Option<Capacities>,
    /// The intensity of the plan without `rules.robust` under each reading (the enforced
    /// readings of the robust plan among them), so the readings it would fail show.
    pub intensity_by_reading_without_robust: Vec<ReadingIntensity>,
}

impl RobustnessReport {
    /// Compares the robust plan with the plan made without `rules.robust`.
    pub fn new(robust: &PlanReport, without: &PlanReport) -> Self {
        let objective = without
            .status
            .has_plan()
            .then_some(without.objective_rmb_per_yr)
            .flatten();
        Self {
            status_without_robust: without.status,
            objective_without_robust_rmb_per_yr: objective,
            extra_cost_rmb_per_yr: robust
                .objective_rmb_per_yr
                .zip(objective)
                .map(|(r, w)| r - w),
            capacities_without_robust: without.capacities.clone(),
            intensity_by_reading_without_robust: without
                .kpis
                .as_ref()
                .map(|k| k.intensity_by_reading.clone())
                .unwrap_or_default(),
        }
    }
}
