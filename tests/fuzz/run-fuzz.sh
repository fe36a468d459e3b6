#!/bin/sh
# run-fuzz.sh TARGET SEED_DIR SECONDS: a time-boxed libFuzzer run that
# starts from the seed corpus and writes new inputs to a scratch folder.
# Fails when the target finds a crash, a leak or a sanitizer report.
set -u
target=$1
seeds=$2
seconds=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
"$target" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$scratch/" "$scratch" "$seeds" >"$scratch.log" 2>&1 || status=$?
tail -n 25 "$scratch.log"
if [ "$status" -ne 0 ]; then
  echo "fuzz target failed with status $status; the crashing input:"
  for f in "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-*; do
    [ -f "$f" ] && od -c "$f" | head -n 20
  done
fi
rm -f "$scratch.log"
# libFuzzer reports findings with status 77, which meson would count as
# a skipped test: any failure is a plain 1 here.
[ "$status" -eq 0 ] || exit 1
exit 0
