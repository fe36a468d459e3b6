#!/bin/bash
# cups-start.sh DIR: starts a private CUPS scheduler for tests, all of it
# under DIR (../shared/TESTBED.md section 4 and A.12):
#   DIR/run/cups.sock      its socket: export CUPS_SERVER=DIR/run/cups.sock
#   127.0.0.1:PORT         a private loopback port (never 631), in DIR/port
#   queue "receipt"        raw, default, capture backend -> DIR/out/receipt/job-N.out
#   queue "pdf"            raw, capture backend          -> DIR/out/pdf/job-N.out
# A file DIR/out/QUEUE/FAIL holding an exit code makes that queue's backend
# fail with it ("simulated printer failure"); CUPS then stops the queue.
# A file DIR/out/QUEUE/SLOW holding seconds makes it take that long.
#
# The scheduler never outlives its user: an earlier scheduler in DIR is
# stopped first, and a watchdog stops this one as soon as the process that
# ran this script (or $STSVEND_CUPS_OWNER) is gone, even if it was killed
# before it could run cups-stop.sh.  Prints CUPS_SERVER=... when ready;
# fails (never skips) when cupsd is not installed or does not come up.
set -eu

if [ $# -ne 1 ]; then
  echo "usage: cups-start.sh DIR" >&2
  exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
dir=$(cd "$1" && pwd)
owner=${STSVEND_CUPS_OWNER:-$PPID}

for tool in cupsd lpadmin lpstat; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "cups-start: $tool is not installed (Debian packages cups, cups-client)" >&2
    exit 1
  fi
done
PATH=$PATH:/usr/sbin

"$here/cups-stop.sh" "$dir" || true

sock=$dir/run/cups.sock
if [ ${#sock} -ge 100 ]; then
  echo "cups-start: $sock is too long for a unix socket; use a shorter DIR" >&2
  exit 1
fi

rm -rf "$dir/etc" "$dir/spool" "$dir/cache" "$dir/run" "$dir/log" "$dir/out" "$dir/serverbin"
mkdir -p "$dir"/etc/ppd "$dir"/spool/tmp "$dir"/cache "$dir"/run "$dir"/log \
         "$dir"/out/receipt "$dir"/out/pdf "$dir"/serverbin/backend
for d in filter daemon cgi-bin driver monitor notifier; do
  ln -s "/usr/lib/cups/$d" "$dir/serverbin/$d"
done

# The capture backend: copies the job, byte for byte, into the folder its
# device URI names; fails on demand.  0700 and owned by root: cupsd runs it
# as root.
cat > "$dir/serverbin/backend/capture" <<'B'
#!/bin/sh
if [ $# -eq 0 ]; then echo 'direct capture "Unknown" "Capture to a directory (tests)"'; exit 0; fi
out=${DEVICE_URI#capture:}
if [ -f "$out/FAIL" ]; then echo "ERROR: simulated printer failure" >&2; exit "$(cat "$out/FAIL")"; fi
if [ -f "$out/SLOW" ]; then sleep "$(cat "$out/SLOW")"; fi
if [ $# -ge 6 ]; then cat "$6" > "$out/job-$1.tmp"; else cat > "$out/job-$1.tmp"; fi
mv "$out/job-$1.tmp" "$out/job-$1.out"
B
chmod 0700 "$dir/serverbin/backend/capture"

# A free loopback port that is not 631.
port=$((20000 + $$ % 20000))
for _ in $(seq 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    break
  fi
  port=$((port + 1))
done
echo "$port" > "$dir/port"

cat > "$dir/etc/cupsd.conf" <<E
Listen 127.0.0.1:$port
Listen $sock
LogLevel info
MaxLogSize 0
Browsing No
WebInterface No
ErrorPolicy stop-printer
<Location />
  Order allow,deny
  Allow localhost
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
E
cat > "$dir/etc/cups-files.conf" <<E
FileDevice Yes
ServerRoot $dir/etc
RequestRoot $dir/spool
TempDir $dir/spool/tmp
CacheDir $dir/cache
StateDir $dir/run
ServerBin $dir/serverbin
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
Printcap $dir/run/printcap
SystemGroup root
E

cupsd -f -c "$dir/etc/cupsd.conf" -s "$dir/etc/cups-files.conf" \
  </dev/null >>"$dir/log/cupsd.out" 2>&1 &
pid=$!
echo "$pid" > "$dir/cupsd.pid"

# The watchdog (its own output away from our caller's pipes).
if [ "$owner" -gt 1 ] 2>/dev/null; then
  (
    while kill -0 "$owner" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do
      sleep 0.5
    done
    kill "$pid" 2>/dev/null || true
  ) </dev/null >/dev/null 2>&1 &
  echo $! > "$dir/watchdog.pid"
fi

# lpstat -r exits 0 even when no scheduler answers: wait for the words.
ready=no
for _ in $(seq 200); do
  if ! kill -0 "$pid" 2>/dev/null; then
    break
  fi
  if lpstat -h "$sock" -r 2>/dev/null | grep -q "scheduler is running"; then
    ready=yes
    break
  fi
  sleep 0.05
done
if [ "$ready" != yes ]; then
  echo "cups-start: cupsd did not start; its log:" >&2
  tail -n 20 "$dir/log/error_log" "$dir/log/cupsd.out" >&2 2>/dev/null || true
  "$here/cups-stop.sh" "$dir" || true
  exit 1
fi

lpadmin -h "$sock" -p receipt -E -v "capture:$dir/out/receipt" -D "Receipt printer (capture)"
lpadmin -h "$sock" -p pdf -E -v "capture:$dir/out/pdf" -D "PDF printer (capture)"
lpadmin -h "$sock" -d receipt

echo "CUPS_SERVER=$sock"
