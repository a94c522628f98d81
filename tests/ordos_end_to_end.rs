//! End to end on the shipped example at 8760 hours, electricity side: `models/ordos.yaml`
//! without its `hydrogen` section (the hydrogen chain makes the full-year solve several
//! minutes long; tests/model_hydrogen.rs, model_heat.rs and model_ccus.rs cover it on short
//! horizons). The plan meets λ while its baseline does not, and its cost and capacities
//! match the previous run recorded in `tests/golden/ordos.json` (objective tightly,
//! capacities loosely: MILP optima can be degenerate). After a deliberate change to the model
//! or the example, regenerate the golden file with
//! `ZCPARK_BLESS=1 cargo test --release --test ordos_end_to_end`.

use std::path::Path;
use zcpark::plan;
use zcpark::scenario::{self, ScenarioSource};
use zcpark::solve::{SolveOptions, SolveStatus};

#[test]
fn ordos_plan_meets_the_rule_and_matches_the_previous_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("models/ordos.yaml");
    let mut value: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    value.as_mapping_mut().unwrap().remove("hydrogen");
    let loaded = scenario::load_value(&ScenarioSource::Disk(path), value).unwrap();
    let options = SolveOptions {
        mip_gap: 1e-3,
        ..SolveOptions::default()
    };
    let outcome = plan::plan(&loaded, &options, &mut |_: &str| {}).unwrap();
    let r = &outcome.report;
    assert_eq!(r.status, SolveStatus::Optimal);
    let k = r.kpis.as_ref().unwrap();
    let limit = r.accounting.intensity_limit_used_t_per_tce;
    assert!(
        k.intensity_t_per_tce <= limit + 1e-6,
        "plan {} > {limit}",
        k.intensity_t_per_tce
    );
    let base = r.baseline.kpis.as_ref().unwrap();
    assert!(
        base.intensity_t_per_tce > limit,
        "the baseline already meets λ"
    );
    if let Some(clean) = r.accounting.data.clean_share {
        assert!(k.clean_share >= clean.target - 1e-6);
    }

    let golden_path = root.join("tests/golden/ordos.json");
    let now = serde_json::json!({
        "objective_rmb_per_yr": r.objective_rmb_per_yr,
        "capacities": r.capacities,
        "intensity_t_per_tce": k.intensity_t_per_tce,
    });
    if std::env::var("ZCPARK_BLESS").is_ok() {
        std::fs::write(&golden_path, serde_json::to_string_pretty(&now).unwrap()).unwrap();
        return;
    }
    let golden: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&golden_path).unwrap()).unwrap();
    let objective = r.objective_rmb_per_yr.unwrap();
    let golden_objective = golden["objective_rmb_per_yr"].as_f64().unwrap();
    // Both runs are within the 0.1 % gap of the same optimum.
    assert!(
        (objective - golden_objective).abs() <= 2e-3 * golden_objective,
        "objective {objective} vs golden {golden_objective}"
    );
    let caps = serde_json::to_value(r.capacities.as_ref().unwrap()).unwrap();
    for (name, golden_value) in golden["capacities"].as_object().unwrap() {
        let (Some(now), Some(then)) = (caps[name].as_f64(), golden_value.as_f64()) else {
            continue; // a breakdown such as modules by source; its total is compared
        };
        assert!(
            (now - then).abs() <= 0.15 * then.abs().max(10.0),
            "{name}: {now} vs golden {then}"
        );
    }
}
