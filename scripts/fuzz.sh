#!/usr/bin/env bash
# The long fuzz run of issue 13: every property of tests/fuzz_inputs.rs with many cases.
# Usage: bash scripts/fuzz.sh [CASES_PER_PROPERTY]   (default 20000: five properties at that
# and the weather property at a tenth, 102,000 cases). Prints, per property, its cases, its
# time and pass/fail; a failure
# prints proptest's minimal failing input. Exit status: 0 when every property held.
set -uo pipefail
cd "$(dirname "$0")/.."
cases="${1:-20000}"
bin=$(cargo test --release --locked --test fuzz_inputs --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "fuzz_inputs" and m.get("executable"):
        print(m["executable"])') || true
[ -x "${bin:-}" ] || { echo "build failed: run cargo test --release --test fuzz_inputs to see why" >&2; exit 2; }
# A copy, so that a rebuild during the run changes nothing.
copy=$(mktemp -d)/fuzz_inputs; cp "$bin" "$copy"
properties=$("$copy" --list 2>/dev/null | sed -n 's/: test$//p' | grep -v '^inputs_that_would_blow_up')
status=0
total=0
for p in $properties; do
  start=$(date +%s.%N)
  if PROPTEST_CASES="$cases" "$copy" --exact "$p" >"/tmp/zcpark-fuzz-$p.log" 2>&1; then
    result=pass
  else
    result=FAIL; status=1
    grep -E "minimal failing|Reason" "/tmp/zcpark-fuzz-$p.log" | head -5
  fi
  end=$(date +%s.%N)
  ran=$cases
  # The weather property runs a tenth of the cases (each reads a whole TMY3 year).
  case "$p" in *weather*) ran=$((cases / 10 > 20 ? cases / 10 : 20)) ;; esac
  total=$((total + ran))
  printf '%-64s %8d cases %8.1f s  %s\n' "$p" "$ran" "$(echo "$end - $start" | bc)" "$result"
done
echo "total: $total cases"
exit $status
