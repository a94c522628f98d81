#!/usr/bin/env bash
# Regenerates the Yancheng example's profiles from the shipped TMY3 weather.
# Run from the repository root: bash data/profiles/regenerate-yancheng.sh
set -euo pipefail
zcpark=${ZCPARK:-target/release/zcpark}
# Synthetic loads (electricity, steam, heat-pump source temperature, kiln pattern).
cargo run --release --example yancheng_profiles > data/profiles/yancheng-loads.csv
# PV: fixed 25° south, scaled to 1,200 full-load hours (coastal Jiangsu, [E]).
# Wind: S126/6150 at 100 m, wind speed scaled ahead of the power curve to 2,400 full-load
# hours, a coastal onshore Jiangsu yield [E] (the Greensboro weather is an inland site).
"$zcpark" profiles data/weather/723170TYA.CSV --pv tilt_deg=25,target_full_load_hours=1200 \
  --wind turbine=S126/6150,hub_height_m=100,target_full_load_hours=2400 \
  --out data/profiles/yancheng-re.csv
