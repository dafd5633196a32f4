#!/usr/bin/env bash
# Rebuilds docs/screenshots from a fresh demo site, on a virtual X display (Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build/app/main/vaxctl --db "$tmp/demo.vaxdb" demo --persons 2000 >/dev/null
xvfb-run -a -s "-screen 0 1280x800x24" build/tools/vaxshots/vaxshots --db "$tmp/demo.vaxdb" --out docs/screenshots
