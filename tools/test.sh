#!/bin/sh
# test.sh: installs what is missing, builds with -Werror, and runs every
# test: once normally, once under AddressSanitizer + UndefinedBehavior-
# Sanitizer, then the libFuzzer targets (clang) for a short time, and
# finally prints the benchmark figures.  Exit status 0 only if all passed.
#
# The STS vectors are read from ../shared (beside the checkout) unless
# STSVEND_SHARED_DIR says otherwise.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

tools/install-deps.sh test || exit 1

shared=${STSVEND_SHARED_DIR:-$top/../shared}
fuzz_seconds=${FUZZ_SECONDS:-20}
passed=0
failed=0

step () {  # step NAME COMMAND...: runs a step and counts it
  name=$1
  shift
  echo "==> $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "FAILED: $name"
    failed=$((failed + 1))
  fi
}

setup () {  # setup DIR ARGS...: a fresh build directory
  dir=$1
  shift
  rm -rf "$dir"
  meson setup "$dir" -Dwerror=true -Dshared_dir="$shared" "$@" >"$dir.setup.log" 2>&1 \
    || { cat "$dir.setup.log"; return 1; }
  rm -f "$dir.setup.log"
}

build_and_test () {  # build_and_test DIR: everything but the benchmarks
  ninja -C "$1" && meson test -C "$1" --print-errorlogs --num-processes 2
}

# 1. gcc, -Werror, optimised with assertions on.
setup build-test --buildtype=debugoptimized && step "tests (gcc -O2 -Werror)" build_and_test build-test \
  || failed=$((failed + 1))

# 2. The same suite under ASan + UBSan (any report is fatal).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
setup build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fno-sanitize-recover=all \
  && step "tests under AddressSanitizer + UndefinedBehaviorSanitizer" build_and_test build-asan \
  || failed=$((failed + 1))

# 3. libFuzzer targets, built with clang, a short run each.
CC=clang setup build-fuzz --buildtype=debugoptimized -Dfuzzing=true -Dfuzz_seconds="$fuzz_seconds" \
    -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fno-sanitize-recover=all \
  && step "fuzzing (clang libFuzzer, ${fuzz_seconds}s per target)" \
       sh -c 'ninja -C build-fuzz && meson test -C build-fuzz --suite fuzz --print-errorlogs --num-processes 1 --verbose' \
  || failed=$((failed + 1))
unset ASAN_OPTIONS UBSAN_OPTIONS

# 4. Figures, from the optimised build (printed, never asserted): every
# benchmark of tests/bench/, at the sizes CI can afford (see each one's
# --help for the full sizes).
step "benchmarks" meson test -C build-test --benchmark --verbose --num-processes 1

# What this run tested against, so a failure elsewhere can be compared.
echo
echo "== tested against"
for pkg in cups-daemon libcups2 pcscd libpcsclite1 libnfc6 libsqlite3-0 libgtk-4-1 libadwaita-1-0 \
    libglib2.0-0 libcairo2 libssl3 libjson-glib-1.0-0 xvfb gcc clang; do
  printf '  %-22s %s\n' "$pkg" "$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || echo 'not installed')"
done
printf '  %-22s %s\n' "SQLite (library)" "$(pkg-config --modversion sqlite3 2>/dev/null || echo unknown)"
printf '  %-22s %s\n' "GTK (pkg-config)" "$(pkg-config --modversion gtk4 2>/dev/null || echo unknown)"
printf '  %-22s %s\n' "libadwaita" "$(pkg-config --modversion libadwaita-1 2>/dev/null || echo unknown)"
printf '  %-22s %s\n' "libnfc" "$(pkg-config --modversion libnfc 2>/dev/null || echo unknown)"

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
