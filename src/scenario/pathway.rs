//! The `pathway:` section of a scenario: the stages of a staged investment pathway (years,
//! each stage's rules, load and costs), read and checked. `zcpark pathway` runs it
//! ([`crate::study::pathway`]); `zcpark plan` plans the scenario as written and ignores it.

use super::issues::Issues;
use super::spec::{GridFactorSpec, IntensityLimitSpec};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How each stage sees the later ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Foresight {
    /// Stage by stage, each inheriting the assets of the one before and blind to later
    /// stages: what a planner without foresight builds.
    Myopic,
    /// One model over all stages, each stage's sizes the builds of it and earlier stages still
    /// in service.
    Perfect,
}

/// `pathway:` as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathwaySpec {
    /// How each stage sees the later ones.
    pub foresight: Foresight,
    /// The stages, years strictly increasing.
    pub stages: Vec<StageSpec>,
    /// Years the last stage stands for (each other stage stands for the years until the
    /// next one), default 5.
    #[serde(default = "default_last_stage_years")]
    pub last_stage_years: u32,
    /// An exogenous learning path: each catalogue section's `capex_*` falls by this share a
    /// year from the first stage's year, `× (1 − d)^(year − first year)` in a stage (on top
    /// of the stage's `capex_factor`), 0..1.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capex_decline_per_yr: BTreeMap<String, f64>,
}

fn default_last_stage_years() -> u32 {
    5
}

/// One stage: its year, and what changes from the scenario as written. Each field is
/// optional; a stage without changes plans the scenario as written (with the assets of the
/// stages before it).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    /// Calendar year the stage starts (its assets are built at its start).
    pub year: u32,
    /// λ of this stage, t CO2/tce, or `auto` (the national tiers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intensity_limit: Option<IntensityLimitSpec>,
    /// The clean-energy share target of this stage, 0..1 (needs `rules.clean_share` or adds
    /// it with α = 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clean_share_target: Option<f64>,
    /// The grid emission factor of this stage: a catalogue name or t/MWh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_factor: Option<GridFactorSpec>,
    /// The electricity load of the scenario times this factor (tenants moving in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electricity_load_scale: Option<f64>,
    /// Each `capex_*` value of a catalogue section (`pv`, `wind`, `battery`, ...) times this
    /// factor (costs falling).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capex_factor: BTreeMap<String, f64>,
    /// Any other value of the scenario for this stage, by dotted path (as `--set`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, serde_yaml::Value>,
}

impl PathwaySpec {
    /// Checks the stages; each problem is pushed naming its field (`pathway.stages[1].year`).
    pub fn check(&self, issues: &mut Issues) {
        if self.stages.is_empty() {
            issues.push("pathway.stages", "[]", "at least one stage");
        }
        for (tech, decline) in &self.capex_decline_per_yr {
            let f = format!("pathway.capex_decline_per_yr.{tech}");
            if !(0.0..1.0).contains(decline) {
                issues.push(
                    &f,
                    decline,
                    "a yearly decline from 0 up to (not including) 1",
                );
            }
        }
        if self.last_stage_years == 0 {
            issues.push("pathway.last_stage_years", "0", "at least 1");
        }
        for (i, stage) in self.stages.iter().enumerate() {
            let f = format!("pathway.stages[{i}]");
            if let Some(before) = i.checked_sub(1).map(|j| &self.stages[j]) {
                if stage.year <= before.year {
                    issues.push(
                        &format!("{f}.year"),
                        stage.year,
                        &format!("a year after the stage before ({})", before.year),
                    );
                }
            }
            if let Some(IntensityLimitSpec::Value(v)) = stage.intensity_limit {
                issues.check_positive(&format!("{f}.intensity_limit"), v);
            }
            if let Some(t) = stage.clean_share_target {
                issues.check_range(&format!("{f}.clean_share_target"), t, 0.0, 1.0);
            }
            if let Some(s) = stage.electricity_load_scale {
                issues.check_positive(&format!("{f}.electricity_load_scale"), s);
            }
            for (tech, factor) in &stage.capex_factor {
                issues.check_positive(&format!("{f}.capex_factor.{tech}"), *factor);
            }
        }
    }
}
