#!/usr/bin/env bash
# Fresh machine to a first plan: install build dependencies, build zcpark, plan the shipped
# Ordos example and write its outputs to out/ordos.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --release --locked
./target/release/zcpark plan models/ordos.yaml --out out/ordos
