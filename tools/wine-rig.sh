#!/bin/sh
# wine-rig.sh - the project's private, headless Wine: one WINEPREFIX under the build
# folder, created once and reused, and one wineserver kept alive for a test run.
#
# Usage:
#   tools/wine-rig.sh prefix BUILD_DIR            create or refresh BUILD_DIR/wineprefix
#   tools/wine-rig.sh run BUILD_DIR -- CMD [ARG]  run CMD with the rig's environment and
#                                                 a persistent wineserver, then stop it
#   tools/wine-rig.sh env BUILD_DIR               print the environment as shell exports
#
# Environment the rig sets (README, "Wine"): WINEPREFIX, WINEARCH=win64, WINEDEBUG=-all,
# WINEDLLOVERRIDES (no Mono/Gecko install prompts, no menu builder), DISPLAY unset, and
# FSPKIT_WINE64 / FSPKIT_WINE32 (the loaders for x64 and x86 programs; FSPKIT_WINE32 is
# empty without wine32). Anything already set by the caller is kept.
set -eu

cmd=${1:-}
build=${2:-}
if [ -z "$cmd" ] || [ -z "$build" ]; then
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
mkdir -p "$build"
build=$(cd "$build" && pwd)

export WINEPREFIX="${WINEPREFIX:-$build/wineprefix}"
# Wine refuses a relative WINEPREFIX ("not an absolute path"): make it one.
case $WINEPREFIX in
/*) ;;
*) WINEPREFIX="$(pwd)/$WINEPREFIX" ;;
esac
export WINEARCH="${WINEARCH:-win64}"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=;winemenubuilder.exe=d}"
export FSPKIT_WINE64="${FSPKIT_WINE64:-/usr/lib/wine/wine64}"
if [ -z "${FSPKIT_WINE32+set}" ]; then
    # Installed is not enough: a kernel without 32-bit support (no IA32 emulation, as
    # in some VMs) refuses the i386 loader with "Exec format error". Ask it to run.
    if /usr/lib/wine/wine --version >/dev/null 2>&1; then
        FSPKIT_WINE32=/usr/lib/wine/wine
    else
        FSPKIT_WINE32=
    fi
fi
export FSPKIT_WINE32
unset DISPLAY WAYLAND_DISPLAY
stamp="$WINEPREFIX/.fspkit-stamp"

wine32_state() {
    if [ -n "$FSPKIT_WINE32" ]; then echo "wine32=yes"; else echo "wine32=no"; fi
}

wine_version() {
    "$FSPKIT_WINE64" --version 2>/dev/null || echo unknown
}

# Headless and quiet: no crash dialog or debugger on an unhandled exception (the host
# reports those itself), no graphics driver to look for.
configure_prefix() {
    "$FSPKIT_WINE64" reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f
    "$FSPKIT_WINE64" reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Debugger /t REG_SZ /d '' /f
    "$FSPKIT_WINE64" reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Auto /t REG_SZ /d 0 /f
    "$FSPKIT_WINE64" reg add 'HKCU\Software\Wine\Drivers' /v Graphics /t REG_SZ /d null /f
}

boot_failed() {
    echo "wine-rig: wineboot failed on $WINEPREFIX; the end of $1:" >&2
    tail -n 5 "$1" >&2
    exit 1
}

ensure_prefix() {
    want="$(wine32_state) $(wine_version)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    log="$WINEPREFIX.log"
    if [ -f "$stamp" ]; then
        echo "wine-rig: refreshing $WINEPREFIX ($(cat "$stamp") -> $want)"
        "$FSPKIT_WINE64" wineboot -u > "$log" 2>&1 || boot_failed "$log"
    else
        echo "wine-rig: creating $WINEPREFIX (once; about 10 s)"
        rm -rf "$WINEPREFIX"
        "$FSPKIT_WINE64" wineboot -i > "$log" 2>&1 || boot_failed "$log"
    fi
    configure_prefix >> "$log" 2>&1
    "$(wineserver_bin)" -w
    echo "$want" > "$stamp"
}

wineserver_bin() {
    if [ -x /usr/lib/wine/wineserver ]; then echo /usr/lib/wine/wineserver; else echo wineserver; fi
}

case $cmd in
prefix)
    ensure_prefix
    ;;
env)
    for v in WINEPREFIX WINEARCH WINEDEBUG WINEDLLOVERRIDES FSPKIT_WINE64 FSPKIT_WINE32; do
        eval "printf 'export %s=\"%s\"\n' $v \"\$$v\""
    done
    echo "unset DISPLAY WAYLAND_DISPLAY"
    ;;
run)
    shift 2
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || { echo "wine-rig: run needs a command after --" >&2; exit 2; }
    ensure_prefix
    server=$(wineserver_bin)
    # One persistent wineserver for the whole run: a cold start costs ~1 s per program.
    # If another run on this prefix already has one, share it and leave it running:
    # killing it at our exit would pull Wine from under that run's programs.
    if "$server" -p 2>/dev/null; then
        trap '"$server" -k 2>/dev/null || true' EXIT INT TERM
    fi
    status=0
    "$@" || status=$?
    exit $status
    ;;
*)
    echo "wine-rig: unknown command '$cmd' (prefix, run or env)" >&2
    exit 2
    ;;
esac
