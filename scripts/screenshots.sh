#!/usr/bin/env bash
# Rebuilds docs/screenshots from a fresh demo site, on a virtual X display (Xvfb): the station's
# screens on a demo site, and the sync screen of a laptop of scripts/sync-demo.sh with its
# central running; then Laptop B refused (revoked) and its screen to enrol it again, after which
# it is enrolled again with a code for it (vaxctl enroll) and syncs, so the demo stays whole.
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
demo=demo-data/sync-demo
laptop_b=$(build/app/main/vaxcentral admin --db "$demo/central.db" --json device list 2>/dev/null |
  python3 -c 'import json,sys; print(next(d["id"] for d in json.load(sys.stdin) if d["name"] == "Laptop B"))')
build/app/main/vaxcentral admin --db "$demo/central.db" device revoke "$laptop_b" >/dev/null
VAX_CREDENTIAL_STORE=file xvfb-run -a -s "-screen 0 1280x800x24" build/tools/vaxshots/vaxshots --db "$tmp/demo.vaxdb" \
  --sync-db "$demo/site-a.vaxdb" --refused-db "$demo/site-b.vaxdb" --out docs/screenshots
code=$(build/app/main/vaxcentral admin --db "$demo/central.db" enrol-code --device "$laptop_b" 2>/dev/null)
VAX_CREDENTIAL_STORE=file build/app/main/vaxctl --db "$demo/site-b.vaxdb" enroll --server "http://127.0.0.1:$port" --code "$code" >/dev/null
VAX_CREDENTIAL_STORE=file build/app/main/vaxctl --db "$demo/site-b.vaxdb" sync >/dev/null
