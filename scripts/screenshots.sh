#!/usr/bin/env bash
# Rebuilds docs/screenshots from a fresh demo site, on a virtual X display (Xvfb): the station's
# screens on a demo site, and the sync screen of a laptop of scripts/sync-demo.sh with its
# central running.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
tmp=$(mktemp -d)
central=""
trap 'rm -rf "$tmp"; [ -n "$central" ] && kill "$central" 2>/dev/null || true' EXIT
build/app/main/vaxctl --db "$tmp/demo.vaxdb" demo --persons 2000 >/dev/null
port=18765
scripts/sync-demo.sh --no-gui --port "$port" >/dev/null
build/app/main/vaxcentral serve --db demo-data/sync-demo/central.db --listen "127.0.0.1:$port" >"$tmp/central.log" 2>&1 &
central=$!
sleep 1
VAX_CREDENTIAL_STORE=file xvfb-run -a -s "-screen 0 1280x800x24" build/tools/vaxshots/vaxshots --db "$tmp/demo.vaxdb" \
  --sync-db demo-data/sync-demo/site-a.vaxdb --out docs/screenshots
