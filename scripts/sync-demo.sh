#!/usr/bin/env bash
# Two site laptops and a mobile team's laptop syncing through a local central server
# (vaxcentral on SQLite). Sets everything up, plays a morning of work — site laptop A
# registers and vaccinates, the team works with no internet and sends its work as a bundle
# file that laptop B carries — then opens laptop B's app with sync running.
#   scripts/sync-demo.sh [--no-gui] [--persons N] [--port N]
set -euo pipefail
cd "$(dirname "$0")/.."

gui=1
persons=300
port=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-gui) gui=0; shift ;;
    --persons) persons="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "usage: scripts/sync-demo.sh [--no-gui] [--persons N] [--port N]" >&2; exit 2 ;;
  esac
done

scripts/setup.sh
C=build/app/main/vaxcentral
V=build/app/main/vaxctl
dir=demo-data/sync-demo
rm -rf "$dir"
mkdir -p "$dir"
# The demo keeps each laptop's credential in a file beside its database (0600); a real
# laptop keeps it in the desktop's keychain.
export VAX_CREDENTIAL_STORE=file
site=HN-BD-PX01
team=HN-BD-PX01-T1
sitename="Trạm Y tế phường Phúc Xá"

store=HN-KHO
echo "==> Central: the city's vaccine store, the site under it, its mobile team, the vaccine catalogue and the users"
$C admin site add --db "$dir/central.db" --code "$store" --name "Kho vắc xin thành phố Hà Nội" --kind province_store --province 01
$C admin site add --db "$dir/central.db" --code "$site" --name "$sitename" --province 01 --parent "$store"
$C admin site add --db "$dir/central.db" --code "$team" --name "Đội tiêm lưu động 1" --kind team --parent "$site"
$C admin catalogue load --db "$dir/central.db"
$C admin user add --db "$dir/central.db" --site "$site" --username nurse --name "Nguyễn Thị Mai" --role nurse --password demo-nurse
$C admin user add --db "$dir/central.db" --site "$site" --username manager --name "Lê Thị Thu Hà" --role site_manager --password demo-manager
$C admin user add --db "$dir/central.db" --site "$site" --username teamlead --name "Phạm Văn Đức" --role team_lead --password demo-teamlead

$C serve --db "$dir/central.db" --listen "127.0.0.1:$port" >"$dir/central.log" 2>&1 &
central=$!
trap 'kill $central 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/central.log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$dir/central.log"; exit 1; }
echo "==> vaxcentral listening on $url (log: $dir/central.log)"

echo "==> Three laptops, each enrolled with its own one-time code"
$V --db "$dir/site-a.vaxdb" init --site "$site" --name "$sitename" --province 01 --no-admin
$V --db "$dir/site-b.vaxdb" init --site "$site" --name "$sitename" --province 01 --no-admin
$V --db "$dir/team.vaxdb" init --site "$site" --name "$sitename" --province 01 --team "$team" --team-name "Đội tiêm lưu động 1" --no-admin
$V --db "$dir/site-a.vaxdb" enroll --server "$url" --code "$($C admin enrol-code --db "$dir/central.db" --site "$site")" --name "Laptop A"
$V --db "$dir/site-b.vaxdb" enroll --server "$url" --code "$($C admin enrol-code --db "$dir/central.db" --site "$site")" --name "Laptop B"
$V --db "$dir/team.vaxdb" enroll --server "$url" --code "$($C admin enrol-code --db "$dir/central.db" --site "$site" --team "$team")" --name "Team laptop"
for l in site-a site-b team; do $V --db "$dir/$l.vaxdb" sync >/dev/null; done

echo "==> The city store receives vaccine and ships a lot to the site (in transit until the site confirms)"
$C admin stock receive --db "$dir/central.db" --store "$store" --product VAXZEVRIA --lot ABS5501 --expiry "$(date -d '+200 days' +%F)" --doses 5000 --note "Lô nhập từ kho quốc gia"
$C admin stock issue --db "$dir/central.db" --store "$store" --to "$site" --lot ABS5501 --doses 1000 --note "Phiếu xuất 0412"
$V --db "$dir/site-a.vaxdb" sync >/dev/null
shipment=$($V --db "$dir/site-a.vaxdb" --json stock incoming | python3 -c 'import json,sys; print(json.load(sys.stdin)["incoming"][0]["shipment"])')
echo "==> Laptop A's manager confirms it: one 10-dose vial arrived broken"
$V --db "$dir/site-a.vaxdb" --user manager stock confirm --shipment "$shipment" --doses 990 --difference damaged --note "1 lọ vỡ"
$V --db "$dir/site-a.vaxdb" sync >/dev/null
echo "==> Central shows the store what arrived, and the same balance the site has"
$C admin stock shipments --db "$dir/central.db" --store "$store"
$C admin stock show --db "$dir/central.db" --site "$site"

echo "==> Laptop A: a morning at the site ($persons people, stock, doses), then sync"
$V --db "$dir/site-a.vaxdb" demo --persons "$persons" --seed 11 >/dev/null
$V --db "$dir/site-a.vaxdb" sync
echo "==> The mobile team, with no internet: its own stock and people, then a bundle on a USB stick"
$V --db "$dir/team.vaxdb" demo --persons 40 --seed 12 --no-history >/dev/null
$V --db "$dir/team.vaxdb" bundle export "$dir/team-day1.vaxbundle"
echo "==> Laptop B carries the bundle: the team's work shows at once, and goes to central on sync"
$V --db "$dir/site-b.vaxdb" bundle import "$dir/team-day1.vaxbundle"
$V --db "$dir/site-b.vaxdb" sync
$V --db "$dir/site-a.vaxdb" sync
echo "==> Where each laptop stands"
for l in site-a site-b team; do echo "--- $l"; $V --db "$dir/$l.vaxdb" sync status --history 3; done
echo "(The team laptop still counts its changes as waiting: it has had no internet since it exported"
echo " them. Laptop B carried them to central; when the team next syncs, central takes each once, by id.)"
$V --db "$dir/site-b.vaxdb" check

if [ "$gui" = 0 ]; then
  cat <<TEXT

Central has stopped with the demo; the laptops' files stay in $dir. Open one (offline) with
  build/app/main/vaxstation --db $dir/site-b.vaxdb
and log in as nurse / demo-nurse or manager / demo-manager; F7 shows sync.
TEXT
else
  cat <<TEXT

Laptop B is open with sync running (central at $url; it stops when the window closes).
Log in as nurse / demo-nurse or manager / demo-manager; F7 shows sync. To open another laptop:
  build/app/main/vaxstation --db $dir/site-a.vaxdb
TEXT
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    build/app/main/vaxstation --db "$dir/site-b.vaxdb"
  else
    echo "No display found: VaxStation runs on a VNC screen at $(hostname -I 2>/dev/null | awk '{print $1}'):5900 (Ctrl+C here stops it)."
    build/app/main/vaxstation --db "$dir/site-b.vaxdb" -platform vnc:size=1280x800:port=5900
  fi
fi
