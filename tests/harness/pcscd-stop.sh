#!/bin/bash
# pcscd-stop.sh DIR: stops the pcscd (and its watchdog) that pcscd-start.sh
# started in DIR; waits until it is gone.  Safe to call when none runs.
set -u

if [ $# -ne 1 ]; then
  echo "usage: pcscd-stop.sh DIR" >&2
  exit 2
fi
dir=$1

if [ -f "$dir/watchdog.pid" ]; then
  kill "$(cat "$dir/watchdog.pid")" 2>/dev/null || true
  rm -f "$dir/watchdog.pid"
fi
if [ -f "$dir/pcscd.pid" ]; then
  pid=$(cat "$dir/pcscd.pid")
  # Only if it still is our pcscd (the pid may have been reused).
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "pcscd -f -c $dir/reader.conf.d"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.02
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/pcscd.pid"
fi
rm -f "$dir/run/pcscd.comm"
exit 0
