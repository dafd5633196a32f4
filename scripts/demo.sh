#!/usr/bin/env bash
# Sets everything up and opens VaxStation on a demo site: a local SQLite database with one
# user per role, stock on hand, 2,000 people (many with earlier doses) and a morning already
# under way. No network is needed.
#   scripts/demo.sh [--persons N] [--fresh]
set -euo pipefail
cd "$(dirname "$0")/.."

persons=2000
fresh=0
while [ $# -gt 0 ]; do
  case "$1" in
    --persons) persons="$2"; shift 2 ;;
    --fresh) fresh=1; shift ;;
    *) echo "usage: scripts/demo.sh [--persons N] [--fresh]" >&2; exit 2 ;;
  esac
done

scripts/setup.sh
db=demo-data/demo-site.vaxdb
mkdir -p demo-data
[ "$fresh" = 1 ] && rm -f "$db" "$db-wal" "$db-shm"
if [ ! -f "$db" ]; then
  echo "==> Creating the demo site ($persons people)"
  build/app/main/vaxctl --db "$db" demo --persons "$persons"
fi

cat <<'TEXT'

Log in as one of the demo users (user / password):
  nurse    / demo-nurse      Nurse
  manager  / demo-manager    Site manager
  teamlead / demo-teamlead   Mobile team lead
  admin    / demo-admin      Administrator

TEXT

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec build/app/main/vaxstation --db "$db"
fi
# No desktop here (a server or a container): serve the window over VNC instead.
echo "No display found: VaxStation runs on a VNC screen. Connect a VNC viewer to $(hostname -I 2>/dev/null | awk '{print $1}'):5900 (Ctrl+C here stops it)."
exec build/app/main/vaxstation --db "$db" -platform vnc:size=1280x800:port=5900
