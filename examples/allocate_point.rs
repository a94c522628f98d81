//! Plans one value-curve point of a province's park with the solver's log: for finding out
//! where a point's time goes.
//!
//! `cargo run --release --example allocate_point -- PROVINCE.yaml PARK SHARE [NAME=VALUE ...]`
//! plans park PARK (by name) with its first quota's share at most SHARE (`none`: no bound),
//! on the province's typical days with the full-year check off, as `zcpark allocate` does;
//! NAME=VALUE pairs are passed to HiGHS.

use std::path::Path;
use std::time::Instant;
use zcpark::allocate::point::{point_scenario, share_term};
use zcpark::allocate::province::{read, ParkOverrides};
use zcpark::model::quota::QuotaTerm;
use zcpark::solve::SolveOptions;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [province, park, share, highs @ ..] = args.as_slice() else {
        eprintln!("usage: allocate_point PROVINCE.yaml PARK SHARE [NAME=VALUE ...]");
        std::process::exit(2);
    };
    let overrides = ParkOverrides {
        set: Vec::new(),
        typical_days: None,
    };
    let province = read(Path::new(province), &overrides, 2).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2);
    });
    let Some(p) = province.parks.iter().find(|p| &p.name == park) else {
        eprintln!("{park}: no such park");
        std::process::exit(2);
    };
    let terms: Vec<QuotaTerm> = p
        .quotas
        .iter()
        .enumerate()
        .map(|(k, j)| {
            let quota = &province.quotas[*j];
            match share.parse::<f64>() {
                Ok(s) if k == 0 => share_term(quota, s),
                _ => QuotaTerm::exposed(quota.measure),
            }
        })
        .collect();
    let options = SolveOptions {
        verbose: true,
        threads: Some(1),
        highs_options: highs
            .iter()
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..SolveOptions::default()
    };
    let started = Instant::now();
    let outcome =
        zcpark::plan::plan_with_quota(&point_scenario(p), &terms, &options, &mut |_: &str| {});
    match outcome {
        Ok(o) => {
            for phase in &o.report.solve.phases {
                println!(
                    "  {:<40} {:>8.3} s  {:?}",
                    phase.name, phase.seconds, phase.objective_krmb
                );
            }
            println!(
                "{:?} cost {:?} gap {:?} in {:.2} s",
                o.report.status,
                o.report.objective_rmb_per_yr,
                o.report.mip_gap,
                started.elapsed().as_secs_f64()
            )
        }
        Err(e) => println!("error: {e} in {:.2} s", started.elapsed().as_secs_f64()),
    }
}
