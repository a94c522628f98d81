//! Writes a province of N parks for the allocation's scaling benchmark
//! (`benches/allocate_scale.sh`): the eight parks of `models/province/mengxi.yaml` repeated in
//! turn, each copy varied by scale and resource, sharing one quota of new wind and PV.
//!
//! Copy `i` of park `k = i mod 8` gets, from a deterministic low-discrepancy sequence, a load
//! factor `f ∈ [0.85, 1.15]` (its `loads.electricity_mw.scale` and `grid.import_cap_mw` both
//! times `f`, where the park's load has a scale) and PV and wind full-load-hour targets times
//! factors in [0.88, 1.12]. The quota is 560 MW per park (the eight parks share 4,500 MW in
//! the shipped example), in 5 MW steps; every park is planned on 12 typical days. The base
//! values are read from each park's own file, so the copies follow the shipped scenarios.
//!
//! Run from the repository root:
//! `cargo run --release --example province_scale -- 100 > /tmp/scale-100.yaml`

use serde_yaml::Value;
use std::path::Path;

/// The shipped example's parks, in its order.
const PARKS: [&str; 8] = [
    "baotou-aluminium",
    "baotou-steel",
    "alxa-silicon",
    "wuhai-chemicals",
    "ulanqab-datacentre",
    "ordos-hydrogen",
    "ordos-materials",
    "xilingol-equipment",
];

/// New wind and PV per park, MW (4,500 MW over eight parks in the shipped example).
const QUOTA_PER_PARK_MW: f64 = 560.0;

/// The fractional part of `i · φ⁻¹ + offset`: a sequence that fills [0, 1) evenly.
fn spread(i: usize, offset: f64) -> f64 {
    let golden = 0.618_033_988_749_894_9;
    (i as f64 * golden + offset).fract()
}

/// A number at a dotted path of a YAML document.
fn number(doc: &Value, path: &str) -> Option<f64> {
    path.split('.')
        .try_fold(doc, |v, key| v.get(key))
        .and_then(Value::as_f64)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .filter(|n| *n >= 1)
        .unwrap_or_else(|| {
            eprintln!("usage: province_scale N (parks, at least 1)");
            std::process::exit(2);
        });
    let dir = Path::new("models/province/parks")
        .canonicalize()
        .unwrap_or_else(|e| {
            eprintln!("models/province/parks: {e} (run from the repository root)");
            std::process::exit(2);
        });
    let mut out = format!(
        "name: scale-{n}\n\
         description: >\n  {n} parks for the scaling benchmark: the eight Mengxi parks repeated, \
         varied by\n  scale and resource (examples/province_scale.rs), one quota of new wind \
         and PV.\n\
         set:\n  horizon.typical_days: 12\n\
         parks:\n"
    );
    for i in 0..n {
        let base = PARKS[i % PARKS.len()];
        let path = dir.join(format!("{base}.yaml"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        });
        let doc: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        });
        let load = 0.85 + 0.30 * spread(i, 0.1);
        let pv = 0.88 + 0.24 * spread(i, 0.4);
        let wind = 0.88 + 0.24 * spread(i, 0.7);
        let mut set = Vec::new();
        if let Some(scale) = number(&doc, "loads.electricity_mw.scale") {
            set.push(format!("loads.electricity_mw.scale: {:.4}", scale * load));
            if let Some(cap) = number(&doc, "grid.import_cap_mw") {
                set.push(format!("grid.import_cap_mw: {:.1}", cap * load));
            }
        }
        for (key, factor) in [("pv_from_weather", pv), ("wind_from_weather", wind)] {
            let field = format!("resources.{key}.target_full_load_hours");
            if let Some(hours) = number(&doc, &field) {
                set.push(format!("{field}: {:.0}", hours * factor));
            }
        }
        out.push_str(&format!(
            "  - name: {base}-{i:03}\n    scenario: {}\n    set: {{ {} }}\n",
            path.display(),
            set.join(", ")
        ));
    }
    out.push_str(&format!(
        "quotas:\n  - name: renewables\n    kind: new_renewable_mw\n    total: {:.0}\n    \
         resolution: 5\n",
        QUOTA_PER_PARK_MW * n as f64
    ));
    print!("{out}");
}
