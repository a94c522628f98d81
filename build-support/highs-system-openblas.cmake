# Read by CMake as a toolchain file (see .cargo/config.toml) when highs-sys builds HiGHS.
#
# highs-sys's `hipo` feature asks HiGHS to download and build OpenBLAS from GitHub
# (BUILD_OPENBLAS=ON), which needs internet access and ~10 minutes on 2 cores. This file makes
# HiGHS use the system OpenBLAS instead (Debian/Ubuntu: libopenblas-dev, installed by
# scripts/install-deps.sh). FORCE overrides the -DBUILD_OPENBLAS=ON given on the command line,
# because a toolchain file is read after the command-line cache entries.
set(BUILD_OPENBLAS OFF CACHE BOOL "Use the system OpenBLAS (zcpark)" FORCE)
