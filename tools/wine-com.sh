#!/bin/sh
# wine-com.sh - make COMn in the kit's Wine prefix a given pty (e.g. modem-sim's --pty link).
#
# Usage:
#   tools/wine-com.sh BUILD_DIR N PTY_PATH   map COMn -> PTY_PATH (symlinks resolved: /dev/pts/M)
#   tools/wine-com.sh BUILD_DIR N -          unmap COMn
#
# Why not just `ln -s`: Wine's mount manager (mountmgr.sys) rewrites dosdevices/comN
# links once per wineserver session, when the session's first program starts. It maps
# every value of HKLM\Software\Wine\Ports (COMn = unix path) first, then the serial
# ports it detects (/dev/ttyS*, ttyUSB*, ttyACM*) as COM1, COM2, ... skipping the numbers
# the registry took. It never removes other links. Measured with Wine 8.0 (2026-11-25):
#   - a link made while a session runs works at once and lasts for that session;
#   - a link made between sessions survives the next start only if no registry value and
#     no detected port claims its number: with Ports\COM7 = /dev/pts/99 left over from an
#     earlier run, the next session turned our fresh com7 -> /dev/pts/0 back into
#     /dev/pts/99 (and here /dev/ttyS0 always becomes COM1).
# So this script records COMn in the registry (every later session maps it the same way,
# and no detected port takes the number) and then makes the link itself (this session).
# Run it inside `tools/wine-rig.sh run` or not: without a running wineserver, `wine reg`
# starts one (about 1 s cold). Exit status: 0 done, 1 failed, 2 usage.
set -eu

build=${1:-}
n=${2:-}
pty=${3:-}
if [ -z "$build" ] || [ -z "$n" ] || [ -z "$pty" ]; then
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
case $n in
    [1-9] | [1-9][0-9] | 1[0-9][0-9] | 2[0-4][0-9] | 25[0-5]) ;;
    *) echo "wine-com: N must be 1..255, not '$n'" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
sh "$here/wine-rig.sh" prefix "$build" >/dev/null      # the prefix must exist first
eval "$(sh "$here/wine-rig.sh" env "$build")"
link="$WINEPREFIX/dosdevices/com$n"
key='HKLM\Software\Wine\Ports'

if [ "$pty" = "-" ]; then
    "$FSPKIT_WINE64" reg delete "$key" /v "COM$n" /f >/dev/null 2>&1 || true
    rm -f "$link"
    exit 0
fi

# Wine opens the link's target: point it at the device itself, not at modem-sim's link
# (which disappears when modem-sim stops, while /dev/pts/M is what the pty really is).
target=$(readlink -f "$pty" 2>/dev/null || true)
if [ -z "$target" ] || [ ! -c "$target" ]; then
    echo "wine-com: $pty: not a terminal device (is modem-sim running?)" >&2
    exit 1
fi

# Link first (covers a session that is already up), then the registry (covers every later
# session), then the link again: should this very session's mountmgr have read the old
# value before `reg add` wrote the new one, its rewrite is undone here.
ln -sfn "$target" "$link"
# Three tries: under load (mutation-score's parallel prefixes) a `reg add` that meets its
# prefix's wineserver while it shuts down fails once and works on the next try (seen in
# make check, stale_error_after_abort: "wine reg add failed (exit 1)").
# Its words go to a file, not through a pipe: when `reg add` is the session's first
# program, Wine's services start under it and inherit its output, so a $(...) capture
# would wait for them - for the whole session (seen: wine-com.sh never returned).
why=$(mktemp "${TMPDIR:-/tmp}/wine-com.XXXXXX")
trap 'rm -f "$why"' EXIT
tries=0
until "$FSPKIT_WINE64" reg add "$key" /v "COM$n" /t REG_SZ /d "$target" /f >/dev/null 2>"$why"; do
    tries=$((tries + 1))
    if [ $tries -ge 3 ]; then
        echo "wine-com: could not record COM$n in $key (wine reg add failed 3 times: $(tail -n 1 "$why"))" >&2
        exit 1
    fi
    sleep 0.5
done
ln -sfn "$target" "$link"
if [ "$(readlink "$link")" != "$target" ]; then
    echo "wine-com: $link does not point at $target" >&2
    exit 1
fi
