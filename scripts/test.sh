#!/usr/bin/env bash
# Sets everything up, builds with warnings as errors, and runs every test: unit, database,
# service, command-line and GUI tests (offscreen). Real SQLite files, real windows.
#   scripts/test.sh [ctest arguments…]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
echo "==> Running the tests"
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 LC_ALL=C.UTF-8
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 600 "$@"
