#!/usr/bin/env bash
# Installs what VaxStation needs from Debian 12's packages (only what is missing) and builds
# it into build/. Used by demo.sh and test.sh; safe to run again.
#   scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-qpa-plugins libqt6sql6-sqlite libqt6sql6-psql
  qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev libqt6opengl6-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qtkeychain-qt6-dev
  libphonenumber-dev libqrencode-dev libzxing-dev libssl-dev libsqlite3-dev sqlite3
  postgresql libpq-dev nginx-light iproute2
  xvfb xauth libgl1-mesa-dev fonts-noto-core fonts-dejavu-core
  # a real Secret Service for tst_credentialkeychain (QtKeychain loads libsecret at run time)
  dbus-daemon gnome-keyring libsecret-1-0
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing ${#missing[@]} Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
echo "==> Building VaxStation (build/)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVAX_WERROR=ON "${launcher[@]}" >/dev/null
cmake --build build -j"$(nproc)"
