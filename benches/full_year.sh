#!/usr/bin/env bash
# Full-year figures for the closing notes: each solve phase, staged against plain to the
# same gap, and peak memory, from single runs of the release binary.
# Usage: bash benches/full_year.sh [SCENARIO] [PLAIN_TIME_LIMIT_S]
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-models/ordos.yaml}
plain_limit=${2:-1800}
cargo build --release --locked -q
out=$(mktemp -d)
for strategy in staged plain; do
  /usr/bin/time -v ./target/release/zcpark plan "$scenario" --strategy "$strategy" \
    --time-limit "$plain_limit" --out "$out/$strategy" > "$out/$strategy.txt" 2> "$out/$strategy.time" || true
  python3 - "$out/$strategy/plan.json" "$out/$strategy.time" "$strategy" <<'PY'
import json, re, sys
plan = json.load(open(sys.argv[1]))
time = open(sys.argv[2]).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", time).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", time).group(1)
print(f"{sys.argv[3]}: status {plan['status']}, objective {plan['objective_rmb_per_yr']/1e6:.3f} M RMB/yr, "
      f"gap {100*(plan['mip_gap'] or 0):.3f} %, build {plan['build_seconds']:.2f} s, solve {plan['solve_seconds']:.1f} s, "
      f"wall {wall}, peak RSS {rss/1024:.0f} MiB")
for phase in plan['solve']['phases']:
    print(f"    {phase['name']:<32} {phase['seconds']:8.2f} s  objective {phase['objective_krmb']}")
s = plan['solve']['problem']
print(f"    problem: {s['variables']} columns ({s['integers']} integer), {s['constraints']} rows")
PY
done
rm -rf "$out"
