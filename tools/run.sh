#!/bin/sh
# run.sh [COMMAND ...]: installs what is missing, builds, and starts stsvend.
#
# The GTK cashier app arrives with a later issue; until then this starts the
# command-line front end, stsvend-cli.  With no arguments it shows its help
# and makes a demonstration token with the public STS test key; with
# arguments it runs them, e.g.  tools/run.sh sts decode 2371 6100 5011 8319 4197 --help
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

cli=build/ui/cli/stsvend-cli
if [ $# -gt 0 ]; then
  exec "$cli" "$@"
fi

"$cli" --help
demo_vk=$(mktemp)
trap 'rm -f "$demo_vk"' EXIT
# The STS compliance suite's published test vending key, never a real one.
echo abababababababab > "$demo_vk"
echo
echo "Demonstration: 25.6 kWh for meter 600727000000000009 (DKGA02, EA07, base date 2014):"
"$cli" sts token --pan 600727000000000009 --sgc 123456 --ti 1 --krn 1 --kt 2 \
  --base 2014 --ea 7 --dkga 2 --vk-file "$demo_vk" --amount 25.6
