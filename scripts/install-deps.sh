#!/usr/bin/env bash
# Installs what the HiGHS build needs on Debian/Ubuntu: cmake, clang, libclang-dev, a C++
# compiler and OpenBLAS (libopenblas-dev, for HiGHS's HiPO interior-point solver); and
# Chromium with the Noto CJK fonts, in which the tests render report.html. Skips apt
# when all are present. Uses sudo when not root.
set -euo pipefail
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust first (https://rustup.rs), then run this again" >&2
  exit 1
fi
missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v clang >/dev/null 2>&1 || missing+=(clang)
command -v c++ >/dev/null 2>&1 || missing+=(g++)
dpkg -s libclang-dev >/dev/null 2>&1 || missing+=(libclang-dev)
dpkg -s libopenblas-dev >/dev/null 2>&1 || missing+=(libopenblas-dev)
# The HTML report's test renders it in a real browser; Chinese needs a CJK font.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
