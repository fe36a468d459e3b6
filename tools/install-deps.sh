#!/bin/sh
# install-deps.sh [run|test]: installs, with apt-get, the Debian 12 packages
# that are missing for running (default) or for testing stsvend.  Does
# nothing when everything is there, so it is safe to call every time.
set -eu

what=${1:-run}

packages="build-essential meson ninja-build pkg-config libssl-dev libglib2.0-dev libjson-glib-dev libsqlite3-dev libgtk-4-dev libadwaita-1-dev libcairo2-dev libpango1.0-dev libcups2-dev libpcsclite-dev libnfc-dev fonts-dejavu-core gettext"
if [ "$what" = test ]; then
  # clang and its runtime for libFuzzer; the sanitizers come with gcc.
  packages="$packages clang libclang-rt-14-dev xvfb xauth desktop-file-utils appstream xdotool cups cups-client cups-bsd poppler-utils pcscd vsmartcard-vpcd libnfc-bin python3 util-linux"
fi

missing=""
for p in $packages; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "install-deps: missing packages:$missing (run as root or install sudo)" >&2
  exit 1
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
