#!/usr/bin/env bash
# The allocation's scaling table (docs/allocate.md): provinces of N parks
# (examples/province_scale.rs: the eight Mengxi parks varied by load and resource, one quota
# of new wind and PV, 12 typical days each), allocated by the value curves from an empty
# output directory. For each N: wall time and peak memory of the allocation alone
# (--no-park-plans: survey, curves, knapsack, the lower bound, the equal split) and of the
# parks' final plans after it (each checked on the full year), the province's cost, the lower
# bound and gap, and a new total from the cached curves (--allocation-only --quota). Single
# runs of the release binary, --jobs from the cores, one HiGHS thread a plan; markdown rows.
#
# Usage: bash benches/allocate_scale.sh [N...]   (default 10 20 50 100)
# ZCPARK=/path/to/zcpark runs that binary instead of building target/release/zcpark.
set -euo pipefail
cd "$(dirname "$0")/.."
counts=${*:-10 20 50 100}
if [[ -z ${ZCPARK:-} ]]; then
  cargo build --release --locked -q
  ZCPARK=./target/release/zcpark
fi
cargo build --release --locked -q --example province_scale
out=$(mktemp -d)
echo "| parks | allocation s | peak MiB | plans solved | final plans s | cost M RMB/yr | bound M RMB/yr | gap | new total s |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in $counts; do
  province="$out/scale-$n.yaml"
  ./target/release/examples/province_scale "$n" > "$province"
  dir="$out/scale-$n"
  /usr/bin/time -f "%e %M" -o "$out/$n.alloc.time" "$ZCPARK" allocate "$province" --out "$dir" \
    --quiet --no-park-plans > "$out/$n.alloc.txt" 2>&1 || true
  cp "$dir/timings.json" "$out/$n.alloc.timings.json" 2>/dev/null || true
  /usr/bin/time -f "%e %M" -o "$out/$n.plans.time" "$ZCPARK" allocate "$province" --out "$dir" \
    --quiet > "$out/$n.plans.txt" 2>&1 || true
  cp "$dir/allocation.json" "$out/$n.allocation.json" 2>/dev/null || true
  total=$(awk '/total:/ {print $2}' "$province")
  /usr/bin/time -f "%e %M" -o "$out/$n.new.time" "$ZCPARK" allocate "$province" --out "$dir" \
    --quiet --allocation-only --quota "renewables=$(awk "BEGIN {print $total * 0.9}")" \
    > "$out/$n.new.txt" 2>&1 || true
  # The last line of each: a run that exits 1 (a park falls short) has a line before it.
  read -r wall rss < <(tail -1 "$out/$n.alloc.time")
  read -r plans_wall _ < <(tail -1 "$out/$n.plans.time")
  read -r new_wall _ < <(tail -1 "$out/$n.new.time")
  python3 - "$dir" "$out/$n.allocation.json" "$n" "$wall" "$rss" "$plans_wall" "$new_wall" <<'PY'
import json, os, sys
d, allocation, n, wall, rss, plans_wall, new_wall = sys.argv[1:]
solved = sum(len(files) for _, _, files in os.walk(os.path.join(d, "points")))
try:
    # The allocation of the second run (with the final plans) is the first's, from the cache.
    report = json.load(open(allocation))
    m = report["methods"][0]
    cost, bound, gap = m["total_cost_rmb_per_yr"], m.get("lower_bound_rmb_per_yr"), m.get("gap")
except (OSError, KeyError, IndexError):
    cost = bound = gap = None
fmt = lambda v: f"{v/1e6:.2f}" if v is not None else "-"
gap_s = f"{100*gap:.3f} %" if gap is not None else "-"
print(f"| {n} | {float(wall):.1f} | {int(rss)//1024} | {solved} | {float(plans_wall):.1f} | {fmt(cost)} | {fmt(bound)} | {gap_s} | {float(new_wall):.2f} |")
PY
done
echo "outputs in $out"
