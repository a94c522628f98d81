#!/usr/bin/env bash
# Full-year figures for the closing notes: each solve phase, staged against plain, gap and
# peak memory, from single runs of the release binary.
#
# Usage: bash benches/full_year.sh [SCENARIO] [TIME_LIMIT_S] [STRATEGIES] [-- PLAN ARGS...]
#   STRATEGIES: "staged plain" (default), or one of them
#   PLAN ARGS:  passed to `zcpark plan`, e.g. --set hydrogen.electrolyser.commitment=integer
# ZCPARK=/path/to/zcpark runs that binary instead of building target/release/zcpark.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-models/ordos.yaml}
limit=${2:-1800}
strategies=${3:-staged plain}
shift $(( $# < 3 ? $# : 3 ))
[[ ${1:-} == "--" ]] && shift
if [[ -z ${ZCPARK:-} ]]; then
  cargo build --release --locked -q
  ZCPARK=./target/release/zcpark
fi
out=$(mktemp -d)
for strategy in $strategies; do
  echo "== $scenario $* --strategy $strategy --time-limit $limit"
  /usr/bin/time -v "$ZCPARK" plan "$scenario" --strategy "$strategy" \
    --time-limit "$limit" --out "$out/$strategy" "$@" > "$out/$strategy.txt" 2> "$out/$strategy.time" || true
  if [[ ! -f $out/$strategy/plan.json ]]; then
    echo "$strategy: no plan.json"; tail -5 "$out/$strategy.txt" "$out/$strategy.time"; continue
  fi
  python3 - "$out/$strategy/plan.json" "$out/$strategy.time" "$strategy" <<'PY'
import json, re, sys
plan = json.load(open(sys.argv[1]))
time = open(sys.argv[2]).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", time).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", time).group(1)
cpu = float(re.search(r"User time \(seconds\): (\S+)", time).group(1)) + \
      float(re.search(r"System time \(seconds\): (\S+)", time).group(1))
objective = plan['objective_rmb_per_yr']
objective = f"{objective/1e6:.3f} M RMB/yr" if objective is not None else "-"
gap = plan['mip_gap']
gap = f"{100*gap:.3f} %" if gap is not None else "-"
print(f"{sys.argv[3]}: status {plan['status']}, objective {objective}, gap {gap}, "
      f"build {plan['build_seconds']:.2f} s, plan solve {plan['solve_seconds']:.1f} s, "
      f"process wall {wall} / CPU {cpu:.0f} s (baseline included), peak RSS {rss/1024:.0f} MiB")
for phase in plan['solve']['phases']:
    print(f"    {phase['name']:<40} {phase['seconds']:8.2f} s  objective {phase['objective_krmb']}")
s = plan['solve']['problem']
print(f"    problem: {s['variables']} columns ({s['integers']} integer), {s['constraints']} rows")
caps = plan.get('capacities') or {}
print("    capacities: " + ", ".join(f"{k} {v}" for k, v in caps.items() if not isinstance(v, dict)))
PY
done
rm -rf "$out"
