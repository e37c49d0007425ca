#!/bin/sh
# install-kit.sh - `make install` and `make uninstall`: the built kit in its conventional
# places under DESTDIR/PREFIX (README, "Installing"; conformance/fspconform/kit_paths.h
# says how the installed fspconform finds each part).
#
# Usage: tools/install-kit.sh install|uninstall BUILD_DIR PREFIX [DESTDIR]
#
#   PREFIX/bin/                 fspconform, modem-sim, fax-testpage (no sanitizers)
#   PREFIX/lib/fspkit/          x64/ and x86/fake-faxsvc.exe, wine-rig.sh
#   PREFIX/share/fspkit/        battery/ (the built-in scenarios), examples/ (the reference
#                               FSP and vfsp.dll, both architectures, and their .reg files)
#   PREFIX/share/doc/fspkit/    README.md and docs/*.md
#   PREFIX/share/man/man1, man5 fspconform(1), modem-sim(1), fake-faxsvc(1), fsc(5)
#
# Every file is readable by all, programs executable by all; nothing under PREFIX is
# written when the kit runs (the Wine prefix goes to the user's cache folder).
set -eu
action=${1:-}
build=${2:-}
prefix=${3:-}
destdir=${4:-}
if [ -z "$action" ] || [ -z "$build" ] || [ -z "$prefix" ]; then
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
case $prefix in
/*) ;;
*) echo "install-kit: PREFIX must be an absolute path, not '$prefix'" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$destdir$prefix"

uninstall() {
    for f in bin/fspconform bin/modem-sim bin/fax-testpage share/man/man1/fspconform.1 \
             share/man/man1/modem-sim.1 share/man/man1/fake-faxsvc.1 share/man/man5/fsc.5; do
        rm -f "$dest/$f"
    done
    rm -rf "$dest/lib/fspkit" "$dest/share/fspkit" "$dest/share/doc/fspkit"
}

# put MODE SOURCE DIR: one file into DESTDIR/PREFIX/DIR, made there whole.
put() {
    mkdir -p "$dest/$3"
    chmod 755 "$dest/$3"
    cp "$2" "$dest/$3/.$(basename "$2").partial"
    chmod "$1" "$dest/$3/.$(basename "$2").partial"
    mv "$dest/$3/.$(basename "$2").partial" "$dest/$3/$(basename "$2")"
}

need() {
    [ -f "$1" ] || { echo "install-kit: $1 is not built (run make)" >&2; exit 2; }
}

case $action in
uninstall)
    uninstall
    echo "install-kit: removed the kit from $dest"
    ;;
install)
    for f in plain/fspconform plain/modem-sim plain/fax-testpage x64/fake-faxsvc.exe \
             x64/refsp.dll x64/vfsp.dll share/fspkit/battery/start_up.fsc; do
        need "$build/$f"
    done
    uninstall   # what an older install left is not mixed with this one
    for p in fspconform modem-sim fax-testpage; do
        put 755 "$build/plain/$p" bin
    done
    put 755 "$root/tools/wine-rig.sh" lib/fspkit
    for arch in x64 x86; do
        [ -f "$build/$arch/fake-faxsvc.exe" ] || continue   # x86 needs wine32 at build time
        put 644 "$build/$arch/fake-faxsvc.exe" "lib/fspkit/$arch"
        put 644 "$build/$arch/refsp.dll" "share/fspkit/examples/$arch"
        put 644 "$build/$arch/vfsp.dll" "share/fspkit/examples/$arch"
    done
    for f in "$root"/conformance/reference-fsp*.reg; do
        put 644 "$f" share/fspkit/examples
    done
    for f in "$build"/share/fspkit/battery/*; do
        put 644 "$f" share/fspkit/battery
    done
    put 644 "$root/README.md" share/doc/fspkit
    for f in "$root"/docs/*.md; do
        put 644 "$f" share/doc/fspkit/docs
    done
    for f in "$root"/man/*.1; do
        put 644 "$f" share/man/man1
    done
    put 644 "$root/man/fsc.5" share/man/man5
    echo "install-kit: installed in $dest (fspconform --help; man fspconform)"
    ;;
*)
    echo "install-kit: unknown action '$action' (install or uninstall)" >&2
    exit 2
    ;;
esac
