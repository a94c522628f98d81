//! Model build alone and build + solve, for the Ordos example at 8760 h and a 168-h cut.
//!
//! The 8760-h build + solve takes minutes, so criterion times it over few samples only when
//! `ZCPARK_BENCH_FULL_YEAR=1`; `benches/full_year.sh` prints the full-year figures (phases,
//! staged against plain, peak memory) from single runs of the binary.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;
use zcpark::model::{self, BuildOptions, PolicyRows};
use zcpark::scenario::{self, LoadedScenario, ScenarioSource};
use zcpark::solve::{self, SolveOptions};

fn ordos(hours: usize) -> LoadedScenario {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = ScenarioSource::Disk(root.join("models/ordos.yaml"));
    let mut value: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("models/ordos.yaml")).unwrap())
            .unwrap();
    // A summer week for the cut (hours 4000–4167), the whole year otherwise.
    let start = if hours == 8760 { 0 } else { 4000 };
    value["horizon"] =
        serde_yaml::from_str(&format!("{{start_hour: {start}, hours: {hours}}}")).unwrap();
    scenario::load_value(&source, value).unwrap()
}

fn plan_build() -> BuildOptions {
    BuildOptions::new(
        true,
        PolicyRows::Enforce {
            intensity_limit: 0.2,
        },
    )
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    for hours in [168, 8760] {
        let loaded = ordos(hours);
        group.bench_function(format!("ordos_{hours}h"), |b| {
            b.iter(|| model::build(&loaded.park, plan_build()))
        });
    }
    group.finish();
}

fn build_and_solve(c: &mut Criterion) {
    let mut group = c.benchmark_group("build_and_solve");
    group.sample_size(10);
    let mut cases = vec![168];
    if std::env::var("ZCPARK_BENCH_FULL_YEAR").is_ok() {
        cases.push(8760);
    }
    for hours in cases {
        let loaded = ordos(hours);
        group.bench_function(format!("ordos_{hours}h"), |b| {
            b.iter(|| {
                let built = model::build(&loaded.park, plan_build());
                solve::solve(built.problem, &SolveOptions::default(), &mut |_: &str| {}).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, build, build_and_solve);
criterion_main!(benches);
