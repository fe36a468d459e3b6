#!/bin/bash
# pcscd-start.sh DIR: starts a private pcscd for tests, with the vsmartcard
# vpcd driver, all of it under DIR (../shared/TESTBED.md section 2):
#   DIR/run/pcscd.comm    its socket: export PCSCLITE_CSOCK_NAME=DIR/run/pcscd.comm
#   DIR/reader.conf.d     its only reader configuration (no system readers)
#   127.0.0.1:PORT, +1    vpcd's two slots, "stsvend test 00 00" and "... 00 01";
#                         a free port away from vpcd's default, in DIR/port
# Card emulators (card-contact.py, card-mifare-pcsc.py) connect to PORT.
#
# Isolation: pcscd 1.9.9 always makes its socket at /run/pcscd/pcscd.comm.
# It runs here in a private mount namespace (unshare --mount) in which
# DIR/run is bind-mounted on /run/pcscd, so its socket lands in DIR/run and
# a system pcscd (or another test's) is never touched; clients find it
# through PCSCLITE_CSOCK_NAME.  Needs root (CAP_SYS_ADMIN), as tests run.
#
# The daemon never outlives its user: an earlier one in DIR is stopped
# first, and a watchdog stops this one as soon as the process that ran
# this script (or $STSVEND_PCSCD_OWNER) is gone.  Prints the environment
# lines when ready; fails (never skips) when a tool is missing or pcscd
# does not come up.
set -eu

if [ $# -ne 1 ]; then
  echo "usage: pcscd-start.sh DIR" >&2
  exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
dir=$(cd "$1" && pwd)
owner=${STSVEND_PCSCD_OWNER:-$PPID}
driver=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
PATH=$PATH:/usr/sbin:/sbin

for tool in pcscd unshare mount; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "pcscd-start: $tool is not installed (Debian packages pcscd, util-linux, mount)" >&2
    exit 1
  fi
done
if [ ! -e "$driver" ]; then
  echo "pcscd-start: $driver is missing (Debian package vsmartcard-vpcd)" >&2
  exit 1
fi
if [ ! -x /usr/bin/python3 ]; then
  echo "pcscd-start: /usr/bin/python3 is missing (Debian package python3): the card emulators need it" >&2
  exit 1
fi

"$here/pcscd-stop.sh" "$dir" || true

sock=$dir/run/pcscd.comm
if [ ${#sock} -ge 100 ]; then
  echo "pcscd-start: $sock is too long for a unix socket; use a shorter DIR" >&2
  exit 1
fi
rm -rf "$dir/run" "$dir/reader.conf.d"
mkdir -p "$dir/run" "$dir/reader.conf.d" /run/pcscd

# Two free loopback ports in a row, never vpcd's default 35963.
port=$((40000 + ($$ % 5000) * 2))
for _ in $(seq 100); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null \
     && ! (exec 3<>"/dev/tcp/127.0.0.1/$((port + 1))") 2>/dev/null; then
    break
  fi
  port=$((port + 2))
done
echo "$port" > "$dir/port"

cat > "$dir/reader.conf.d/vpcd" <<E
FRIENDLYNAME "stsvend test"
DEVICENAME   /dev/null:$(printf '0x%04X' "$port")
LIBPATH      $driver
CHANNELID    $(printf '0x%04X' "$port")
E

# unshare execs sh, which execs pcscd: $! is pcscd itself.
unshare --mount --propagation private \
  sh -c 'mount --bind "$1/run" /run/pcscd && exec pcscd -f -c "$1/reader.conf.d"' sh "$dir" \
  </dev/null >>"$dir/pcscd.log" 2>&1 &
pid=$!
echo "$pid" > "$dir/pcscd.pid"

if [ "$owner" -gt 1 ] 2>/dev/null; then
  (
    while kill -0 "$owner" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do
      sleep 0.5
    done
    kill "$pid" 2>/dev/null || true
  ) </dev/null >/dev/null 2>&1 &
  echo $! > "$dir/watchdog.pid"
fi

ready=no
for _ in $(seq 200); do
  if ! kill -0 "$pid" 2>/dev/null; then
    break
  fi
  if [ -S "$sock" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    ready=yes
    break
  fi
  sleep 0.02
done
if [ "$ready" != yes ]; then
  echo "pcscd-start: pcscd did not start; its log:" >&2
  tail -n 20 "$dir/pcscd.log" >&2 || true
  "$here/pcscd-stop.sh" "$dir" || true
  exit 1
fi

echo "PCSCLITE_CSOCK_NAME=$sock"
echo "VPCD_PORT=$port"
