#!/usr/bin/env bash
# Regenerates the Ordos example's PV and wind profiles from the shipped TMY3 weather.
# Run from the repository root: bash data/profiles/regenerate.sh
# (The load profile comes from: cargo run --release --example ordos_load > data/profiles/ordos-load.csv)
set -euo pipefail
zcpark=${ZCPARK:-target/release/zcpark}
# PV: fixed 35° south, defaults otherwise, output scaled to 1,600 full-load hours (Inner Mongolia).
"$zcpark" profiles data/weather/723170TYA.CSV --pv tilt_deg=35,target_full_load_hours=1600 \
  --out data/profiles/ordos-pv.csv
# Wind: S126/6150 (6.15 MW) at 100 m; the wind speed is scaled ahead of the power curve to reach
# 2,800 full-load hours (scaling output instead would clip at rated power for weeks).
"$zcpark" profiles data/weather/723170TYA.CSV \
  --wind turbine=S126/6150,hub_height_m=100,target_full_load_hours=2800 \
  --out data/profiles/ordos-wind.csv
