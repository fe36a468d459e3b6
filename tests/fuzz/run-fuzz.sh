#!/bin/sh
# run-fuzz.sh TARGET SEED_DIR SECONDS: a time-boxed libFuzzer run that
# starts from the seed corpus and writes new inputs to a scratch folder.
set -eu
target=$1
seeds=$2
seconds=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$target" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$scratch/" "$scratch" "$seeds" 2>&1 | tail -n 20
