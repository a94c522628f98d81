#!/usr/bin/env bash
# The typical-day error table (docs/typical-days.md): for a scenario, its full-year plan (the
# reference) and its typical-day plans at several N and both storage linkings: wall time,
# peak memory, the typical-day estimate, the full-year-checked cost, the error of each against
# the full-year plan, and the days chosen. Single runs of the release binary; markdown rows.
#
# Usage: bash benches/typical_days.sh [SCENARIO] [FULL_YEAR_COST_RMB] [N...]
#   FULL_YEAR_COST_RMB: the full-year plan's cost, when known (skips that long solve); "-" runs it
#   N: typical-day counts (default 4 8 12 24 48)
# ZCPARK=/path/to/zcpark runs that binary instead of building target/release/zcpark.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-models/ordos.yaml}
reference=${2:--}
shift $(( $# < 2 ? $# : 2 ))
counts=${*:-4 8 12 24 48}
if [[ -z ${ZCPARK:-} ]]; then
  cargo build --release --locked -q
  ZCPARK=./target/release/zcpark
fi
out=$(mktemp -d)
measure() { # name, args...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$ZCPARK" plan "$scenario" --out "$out/$name" "$@" \
    > "$out/$name.txt" 2>&1 || true
}
if [[ $reference == "-" ]]; then
  measure full
  reference=$(python3 -c "import json; print(json.load(open('$out/full/plan.json'))['objective_rmb_per_yr'])")
  read -r wall rss < "$out/full.time"
  echo "full year: $(python3 -c "print(f'{$reference/1e6:.3f}')") M RMB/yr, $wall s, $((rss / 1024)) MiB"
fi
echo "| N | linking | time s | peak MiB | typical-day estimate M RMB/yr | error | full-year checked M RMB/yr | error | repairs | typical days (MM-DD, weight; * extreme) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in $counts; do
  for linking in inter_day cyclic_per_day; do
    name="n$n-$linking"
    measure "$name" --typical-days "$n" --set "horizon.aggregation={storage_linking: $linking}"
    read -r wall rss < "$out/$name.time"
    python3 - "$out/$name/plan.json" "$n" "$linking" "$wall" "$rss" "$reference" <<'PY'
import json, sys
plan_file, n, linking, wall, rss, reference = sys.argv[1:]
reference = float(reference)
try:
    plan = json.load(open(plan_file))
except OSError:
    print(f"| {n} | {linking} | {wall} | {int(rss)//1024} | no plan | | | | | |")
    sys.exit()
check = plan.get("full_year_check") or {}
estimate = check.get("typical_day_estimate_rmb_per_yr")
checked = plan.get("objective_rmb_per_yr")
fmt = lambda v: f"{v/1e6:.3f}" if v is not None else "-"
err = lambda v: f"{100*(v/reference-1):+.2f} %" if v is not None else "-"
days = ", ".join(f"{d['date']} {d['weight_days']}{'*' if d['extreme'] else ''}"
                 for d in plan["aggregation"]["days"]) if int(n) <= 12 else f"{len(plan['aggregation']['days'])} days"
repairs = len(check.get("repairs", []))
print(f"| {n} | {linking} | {float(wall):.1f} | {int(rss)//1024} | {fmt(estimate)} | {err(estimate)} | {fmt(checked)} | {err(checked)} | {repairs} | {days} |")
PY
  done
done
