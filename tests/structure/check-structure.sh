#!/bin/sh
# Fails on an #include that crosses a layer boundary (../shared/STYLE.md,
# "Layers") and on banned functions.  Prints TAP.
set -u
top=${1:-$(dirname "$0")/../..}
cd "$top" || exit 1

n=0
failed=0

# check NAME FOLDER REGEX: no file under FOLDER includes a header matching REGEX.
check () {
  n=$((n + 1))
  hits=$(grep -rnE --include='*.c' --include='*.h' \
           "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($3)" "$2" 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "not ok $n - $1"
    echo "$hits" | sed 's/^/# /'
    failed=$((failed + 1))
  else
    echo "ok $n - $1"
  fi
}

# Foreign libraries per layer.
check "sts/ uses only libc and libcrypto" sts \
  'glib|gio/|gobject|gtk/|adwaita|sqlite3|winscard|PCSC/|nfc/|cups/|cairo|json-glib|pango'
check "db/ keeps to SQLite and GLib" db 'gtk/|adwaita|winscard|PCSC/|nfc/|cups/|openssl/'
check "cardio/ keeps to PC/SC, libnfc and GLib" cardio 'gtk/|adwaita|sqlite3|cups/|openssl/'
check "printing/ keeps to CUPS, cairo, pango and GLib" printing \
  'gtk/|adwaita|sqlite3|winscard|PCSC/|nfc/|openssl/'
check "app/ uses no GTK and no foreign header below it" app \
  'gtk/|adwaita|sqlite3|winscard|PCSC/|nfc/|cups/|openssl/|cairo'
check "ui/ uses no foreign header below app/" ui 'sqlite3|winscard|PCSC/|nfc/|cups/|openssl/|cairo'

# Project headers: a lower layer never includes a higher one; ui/ sees app/ only.
check "sts/ includes no higher layer" sts 'pos-'
check "db/ includes no higher layer" db 'pos-(app|card|print|context|sts-|window)|sts[.-]'
check "cardio/ includes no higher layer" cardio 'pos-(app|db|print|context|sts-|window)|sts[.-]'
check "printing/ includes no higher layer" printing 'pos-(app|db|card|context|sts-|window)|sts[.-]'
check "ui/ includes app/ and nothing below" ui 'sts[.-]|pos-db|pos-card|pos-print'

# Banned functions, in project code and tests alike.
n=$((n + 1))
hits=$(grep -rnE --include='*.c' --include='*.h' \
         '(^|[^_[:alnum:]])(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|gets)[[:space:]]*\(' \
         sts db cardio printing app ui tests 2>/dev/null)
if [ -n "$hits" ]; then
  echo "not ok $n - no banned functions (sprintf, strcpy, strcat, strtok, atoi, gets)"
  echo "$hits" | sed 's/^/# /'
  failed=$((failed + 1))
else
  echo "ok $n - no banned functions (sprintf, strcpy, strcat, strtok, atoi, gets)"
fi

# Translations: every file of the cashier app with translatable strings is
# listed in po/POTFILES.in, and there is at least one language.
n=$((n + 1))
unlisted=""
for f in $(grep -rlE '(^|[^_[:alnum:]])(_|N_|C_|NC_|g_dngettext)[[:space:]]*\(|translatable="yes"' \
             --include='*.c' --include='*.ui' ui/gtk 2>/dev/null | sort); do
  grep -qxF "$f" po/POTFILES.in 2>/dev/null || unlisted="$unlisted $f"
done
if [ -n "$unlisted" ]; then
  echo "not ok $n - every translatable file of ui/gtk is in po/POTFILES.in"
  echo "# missing:$unlisted"
  failed=$((failed + 1))
else
  echo "ok $n - every translatable file of ui/gtk is in po/POTFILES.in"
fi
n=$((n + 1))
if [ -n "$(grep -vE '^[[:space:]]*(#|$)' po/LINGUAS 2>/dev/null)" ]; then
  echo "ok $n - po/LINGUAS names at least one language"
else
  echo "not ok $n - po/LINGUAS names at least one language"
  failed=$((failed + 1))
fi

echo "1..$n"
[ "$failed" -eq 0 ]
