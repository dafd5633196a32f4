#!/bin/sh
# Runs a command (tst_credentialkeychain) with a real keychain, as on a nurse's desktop: a
# private D-Bus session bus (dbus-run-session) and GNOME Keyring's Secret Service on it, whose
# "login" keyring is created and unlocked, as a desktop login leaves it. HOME and the XDG
# folders point into a new temporary folder, so the keyring is new each run and nobody's own
# keyring is touched. With --locked it keeps the caller's keyrings (XDG_DATA_HOME) but starts a
# daemon of its own that does not unlock them, as after an automatic login.
# The test's own checks say what they need; this script only sets the stage.
# Fails, never skips, when a piece is missing: the keychain path must run in CI.
#   tests/sync/keyring-session.sh [--locked] COMMAND [ARGS…]
set -eu

locked=0
[ "${1:-}" = "--locked" ] && { locked=1; shift; }
[ $# -gt 0 ] || { echo "usage: keyring-session.sh [--locked] COMMAND [ARGS…]" >&2; exit 2; }

missing=""
command -v dbus-run-session >/dev/null 2>&1 || missing="$missing dbus-daemon"
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing="$missing gnome-keyring"
if [ -n "$missing" ]; then
  echo "keyring-session: missing$missing: install it with 'apt-get install --no-install-recommends$missing' (scripts/setup.sh does)." >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/vaxkeyring-XXXXXX")
trap 'rm -rf "$dir"' EXIT
trap 'exit 1' INT TERM
mkdir -m 700 "$dir/run"
export XDG_RUNTIME_DIR="$dir/run"  # the daemon's control socket: one per session
if [ "$locked" -eq 0 ]; then
  mkdir -m 700 "$dir/home"
  export HOME="$dir/home" XDG_DATA_HOME="$dir/home/.local/share" XDG_CONFIG_HOME="$dir/home/.config" XDG_CACHE_HOME="$dir/home/.cache"
fi
# QtKeychain prefers KWallet on a KDE desktop and a display would let D-Bus autolaunch a bus:
# this is about the Secret Service on the bus started here. VAX_KEYRING_PROMPT_DISPLAY gives
# the keyring a display (an Xvfb) to show its unlock prompt on, where nobody answers it.
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION KDE_SESSION_VERSION GNOME_DESKTOP_SESSION_ID GNOME_KEYRING_CONTROL \
  DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
[ -n "${VAX_KEYRING_PROMPT_DISPLAY:-}" ] && export DISPLAY="$VAX_KEYRING_PROMPT_DISPLAY"

# The daemon forks once its Secret Service is on the bus, and quits when the bus goes away.
# stdout (the variables it would have a login session export) is not needed.
export VAX_KEYRING_LOCKED=$locked
status=0
dbus-run-session -- sh -c '
  if [ "$VAX_KEYRING_LOCKED" -eq 1 ]; then
    gnome-keyring-daemon --start --components=secrets >/dev/null
  else
    printf %s vaxstation-test-keyring | gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null
  fi || { echo "keyring-session: gnome-keyring-daemon did not start (see above)." >&2; exit 1; }
  exec "$@"' keyring-session "$@" || status=$?
exit "$status"
