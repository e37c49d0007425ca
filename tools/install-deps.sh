#!/bin/sh
# install-deps.sh - install the Debian packages the kit needs, then try wine32:i386.
#
# Usage: tools/install-deps.sh [STAMP_DIR] [GROUP]
#
# Reads tools/debian-packages.txt (the one package list), installs what is missing with
# apt-get (as root, or through sudo), then attempts the x86 part (i386 multiarch and
# wine32:i386) last, bounded in time and never fatal. The x86 outcome is written to
# STAMP_DIR/wine32.status ("yes" or "no: reason") so the build and tests can say why x86
# is skipped. A failed wine32 attempt is retried at most once a day; when it works, x86
# comes back by itself (tools/wine-rig.sh refreshes the prefix with wineboot -u).
# Lines "@GROUP package..." belong to a target of their own (make timeline-check: a
# browser): skipped by default, installed alone when GROUP is given.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
list="$here/debian-packages.txt"
stamp_dir=${1:-build}
group=${2:-}
mkdir -p "$stamp_dir"

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "install-deps: not root and no sudo: cannot install Debian packages" >&2
    exit 2
fi

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=""
if [ -n "$group" ]; then
    wanted=$(sed -n "s/^@$group[[:space:]]//p" "$list")
else
    wanted=$(grep -v '^[[:space:]]*[#@]' "$list")
fi
for pkg in $(echo "$wanted" | tr -s ' \t' '\n'); do
    is_installed "$pkg" || missing="$missing $pkg"
done

if [ -n "$missing" ]; then
    echo "install-deps: installing:$missing"
    $as_root apt-get update -q || echo "install-deps: apt-get update reported errors; trying the install anyway" >&2
    # shellcheck disable=SC2086 # word splitting of the package list is intended
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -q --no-install-recommends $missing
fi

[ -z "$group" ] || exit 0

# --- x86 (wine32:i386): last, bounded, never fatal -------------------------------------
status_file="$stamp_dir/wine32.status"
# Installed is not enough: the kernel must run 32-bit programs (some VMs have no IA32
# emulation and refuse the i386 loader with "Exec format error"; no package helps).
wine32_runs() {
    /usr/lib/wine/wine --version >/dev/null 2>&1
}
if [ -x /usr/lib/wine/wine ]; then
    if wine32_runs; then
        echo "yes" > "$status_file"
    else
        echo "no: wine32:i386 is installed but this kernel cannot run 32-bit programs (the i386 loader fails: Exec format error)" > "$status_file"
    fi
    exit 0
fi
attempt_file="$stamp_dir/wine32.attempted"
if [ -f "$attempt_file" ] && [ -n "$(find "$attempt_file" -mmin -1440 2>/dev/null)" ]; then
    # Tried within the last day; do not slow every build down with another apt round.
    [ -f "$status_file" ] || echo "no: wine32:i386 is not installed" > "$status_file"
    exit 0
fi
touch "$attempt_file"
echo "install-deps: trying wine32:i386 for x86 FSPs (bounded to 5 minutes, never fatal)"
log="$stamp_dir/wine32-install.log"
added_arch=no
if ! dpkg --print-foreign-architectures | grep -qx i386; then
    $as_root dpkg --add-architecture i386 && added_arch=yes
fi
if timeout 300 sh -c "$as_root apt-get update -q && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -q --no-install-recommends wine32:i386" > "$log" 2>&1 \
   && [ -x /usr/lib/wine/wine ]; then
    if ! wine32_runs; then
        echo "no: wine32:i386 is installed but this kernel cannot run 32-bit programs (the i386 loader fails: Exec format error)" > "$status_file"
        exit 0
    fi
    echo "yes" > "$status_file"
    echo "install-deps: wine32:i386 installed; x86 FSPs will be tested"
    exit 0
fi
reason=$(grep -E "^(E|W): " "$log" | head -n 1 | sed "s/ *\[IP:[^]]*\]//" | cut -c1-240)
[ -n "$reason" ] || reason="apt-get did not finish within 5 minutes"
echo "no: wine32:i386 could not be installed ($reason)" > "$status_file"
# Leave apt as we found it: an i386 architecture with broken indexes would only make
# every later apt-get on this machine print errors.
if [ "$added_arch" = yes ] && ! dpkg -l | awk '$1 == "ii" && $2 ~ /:i386$/' | grep -q .; then
    $as_root dpkg --remove-architecture i386 || true
    $as_root apt-get update -q > /dev/null 2>&1 || true
fi
exit 0
