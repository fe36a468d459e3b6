#!/bin/sh
# run.sh [COMMAND ...]: installs what is missing, builds, and starts stsvend.
#
# With no arguments it starts the GTK cashier app (build/ui/gtk/stsvend) on
# the per-user database ($STSVEND_DB, else ~/.local/share/stsvend/stsvend.db),
# created with demonstration data the first time: log in as cashier /
# demo-cashier (key passphrase "stsvend demo passphrase").  Without a
# display ($DISPLAY and $WAYLAND_DISPLAY both unset) it says so and shows the
# command-line demonstration instead.  With arguments it runs them as
# stsvend-cli would, logged in as the demo cashier, e.g.
#   tools/run.sh customer find dlamini
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

tools/install-deps.sh run
if [ -f build/build.ninja ]; then
  meson setup --reconfigure build >/dev/null
else
  meson setup build >/dev/null
fi
ninja -C build >/dev/null

cli="$top/build/ui/cli/stsvend-cli"
gui="$top/build/ui/gtk/stsvend"
db=${STSVEND_DB:-${XDG_DATA_HOME:-$HOME/.local/share}/stsvend/stsvend.db}
export STSVEND_DB="$db"
if [ ! -f "$db" ]; then
  echo "No database yet: creating a demonstration one at $db"
  "$cli" demo
fi

if [ $# -eq 0 ]; then
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    echo "Starting the cashier app on $db"
    echo "(demonstration logins: cashier / demo-cashier, supervisor / demo-supervisor,"
    echo " admin / demo-admin; vending keys passphrase: stsvend demo passphrase)"
    exec "$gui" --db "$db"
  fi
  echo "There is no display (neither \$DISPLAY nor \$WAYLAND_DISPLAY is set), so the"
  echo "cashier app cannot open a window. Showing the command-line front end instead."
  echo
fi

# The demonstration database's published credentials (see stsvend-cli demo --help).
export STSVEND_USER=${STSVEND_USER:-cashier}
export STSVEND_PASSWORD=${STSVEND_PASSWORD:-demo-cashier}
export STSVEND_PASSPHRASE=${STSVEND_PASSPHRASE:-stsvend demo passphrase}

if [ $# -gt 0 ]; then
  exec "$cli" "$@"
fi

"$cli" --help
echo
echo "Demonstration on $db, as user $STSVEND_USER:"
meter=$("$cli" customer find ACC-000001 | awk '{print $NF}')
"$cli" shift open --point "Main office" --float 500 2>/dev/null || true
echo "Selling 100.00 of electricity to meter $meter:"
"$cli" vend --meter "$meter" --amount 100.00
