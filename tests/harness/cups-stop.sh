#!/bin/bash
# cups-stop.sh DIR: stops the scheduler (and its watchdog) that
# cups-start.sh started in DIR.  Safe to call when none runs; checks that
# the recorded pid is still that scheduler before it signals it.
set -u

if [ $# -ne 1 ]; then
  echo "usage: cups-stop.sh DIR" >&2
  exit 2
fi
[ -d "$1" ] || exit 0
dir=$(cd "$1" && pwd)

# alive PID: running and not a zombie (an orphan's zombie may wait a while
# for init to reap it; its command line is already empty).
alive () {
  [ -n "$(tr -d '\0' < "/proc/$1/cmdline" 2>/dev/null)" ]
}

# stop PIDFILE WORD: signals the pid in PIDFILE if its command line holds WORD.
stop () {
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  rm -f "$1"
  case "$pid" in ''|*[!0-9]*) return 0 ;; esac
  [ -r "/proc/$pid/cmdline" ] || return 0
  if ! tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$2"; then
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do
    alive "$pid" || return 0
    sleep 0.02
  done
  kill -KILL "$pid" 2>/dev/null || true
}

stop "$dir/watchdog.pid" "cups-start"
stop "$dir/cupsd.pid" "$dir/etc/cupsd.conf"
exit 0
