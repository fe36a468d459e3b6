#!/bin/sh
# run.sh [COMMAND ...]: installs what is missing, builds, and starts stsvend.
#
# The GTK cashier app arrives with a later issue; until then this starts the
# command-line front end, stsvend-cli, on the per-user database (created
# with demonstration data the first time).  With no arguments it shows the
# help and sells a demonstration token; with arguments it runs them as
# stsvend-cli would, e.g.  tools/run.sh customer find dlamini
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
db=${STSVEND_DB:-${XDG_DATA_HOME:-$HOME/.local/share}/stsvend/stsvend.db}
export STSVEND_DB="$db"
if [ ! -f "$db" ]; then
  echo "No database yet: creating a demonstration one at $db"
  "$cli" demo
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
