#!/usr/bin/env bash
# build-libtiff-mingw.sh - cross-compile Debian 12's own libtiff (source package "tiff")
# into a static library for one mingw-w64 architecture, for the reference FSP DLL.
#
# Usage:
#   tools/build-libtiff-mingw.sh ARCH OUTDIR
#     ARCH    x64 (x86_64-w64-mingw32) or x86 (i686-w64-mingw32)
#     OUTDIR  install prefix; gets OUTDIR/include/{tiff,tiffio,tiffconf,tiffvers}.h,
#             OUTDIR/lib/libtiff.a (and libtiff-4.pc, CMake package files)
#
# Environment (all optional):
#   FSPKIT_BUILD     the project's build folder (default: <project>/build). The source
#                    cache lives in $FSPKIT_BUILD/libtiff-src (shared by both
#                    architectures), the per-arch build tree in
#                    $FSPKIT_BUILD/ARCH/libtiff-build (with build.log).
#   LIBTIFF_CFLAGS   compiler flags for libtiff (default: -O2 -g, as Debian builds it)
#   LIBTIFF_JOBS     parallel compile jobs (default: nproc)
#
# What it does, in order:
#   1. If OUTDIR/lib/libtiff.a is newer than the source stamp and than this script:
#      print one line, stop.
#   2. Once per build folder (shared by x64 and x86): derive deb-src entries from this
#      machine's own Debian apt sources into a PRIVATE apt configuration, `apt-get
#      update` that private configuration, `apt-get source --download-only tiff`, and
#      unpack it with dpkg-source (which applies Debian's patches, CVE fixes included).
#      The machine's apt setup (/etc/apt, /var/lib/apt, /var/cache/apt) is never changed.
#   3. Configure libtiff with CMake for the mingw host: static library only, no tools,
#      tests, docs or C++, and none of the codecs that need another library (JPEG,
#      zlib/Deflate, PixarLog, LZMA, ZSTD, WebP, JBIG, LERC). The built-in codecs stay,
#      CCITT Group 3/4 (fax) among them: that is what the FSP needs.
#   4. Build out of tree, install into a staging folder, check the result (right object
#      format, CCITT on, no external codec), then move it into OUTDIR.
#
# Why CMake and not autotools: Debian's orig tarball is the upstream git tag archive,
# which has configure.ac but no generated ./configure (Debian runs dh_autoreconf), so
# autotools would need autoconf, automake and libtool on top; libtiff 4.5's CMake build
# is complete and needs only the cmake package.
#
# Quiet by default: the output of apt, dpkg-source, CMake and make goes to log files;
# on failure the last 40 lines of the log and its path are printed and the exit
# status is nonzero. To pick up a newer Debian upload (a security update of tiff),
# delete $FSPKIT_BUILD/libtiff-src: the next run downloads it again and rebuilds.
set -euo pipefail

prog="build-libtiff-mingw"

usage() {
    sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

die() {
    echo "$prog: $*" >&2
    exit 1
}

[ $# -eq 2 ] || usage
arch=$1
outdir_arg=$2
case $arch in
x64) host=x86_64-w64-mingw32; cpu=x86_64; objfmt=pe-x86-64 ;;
x86) host=i686-w64-mingw32; cpu=i686; objfmt=pe-i386 ;;
*) usage ;;
esac

# --- Paths --------------------------------------------------------------------------------
# Everything is made absolute: CMake, apt and dpkg-source run in other directories.
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FSPKIT_BUILD:-$root/build}
mkdir -p "$build" "$outdir_arg"
build=$(cd "$build" && pwd)
outdir=$(cd "$outdir_arg" && pwd)

cache=$build/libtiff-src      # shared by both architectures
stamp=$cache/source.stamp     # "DEBIAN_VERSION UPSTREAM_VERSION", written last
work=$build/$arch/libtiff-build
lib=$outdir/lib/libtiff.a
shown_lib=${outdir_arg%/}/lib/libtiff.a   # the path as the caller spelled it

# --- 1. Up to date? -------------------------------------------------------------------------
# The stamp is rewritten only when a new source is unpacked, so a library newer than it
# was built from the current source; newer than this script, with the current options.
if [ -f "$stamp" ] && [ -f "$lib" ] && [ "$lib" -nt "$stamp" ] && [ "$lib" -nt "$0" ]; then
    read -r debver upver < "$stamp"
    echo "libtiff $upver for $arch: up to date ($shown_lib, Debian tiff $debver)"
    exit 0
fi

# --- Logging helpers ------------------------------------------------------------------------
log=/dev/null
# run CMD...: log the command line, run it with its output appended to $log; on failure
# show the tail of the log and stop.
run() {
    local status=0
    echo "## $*" >> "$log"
    "$@" >> "$log" 2>&1 || status=$?
    if [ $status -ne 0 ]; then
        {
            echo "$prog: ${*:1:2} ... failed (exit status $status)"
            echo "---- last 40 lines of $log ----"
            tail -n 40 "$log"
            echo "---- full log: $log"
        } >&2
        exit 1
    fi
}

# Tools the build needs, each with the Debian package that provides it (all are listed
# in tools/debian-packages.txt, which `make` installs).
need() {
    command -v "$1" > /dev/null 2>&1 || die "$1 not found (install the Debian package $2)"
}
need apt-get apt
need dpkg-source dpkg-dev
need cmake cmake
need "$host-gcc" mingw-w64
need "$host-g++" mingw-w64   # see "CXX compiler" below
need flock util-linux

# --- 2. Source: download once, verify, unpack ------------------------------------------------

# derive_sources CODENAME list|deb822: print this machine's Debian apt entries for
# release CODENAME as deb-src entries. "list" reads the one-line format files
# (sources.list, sources.list.d/*.list) and prints one-line entries; "deb822" reads
# sources.list.d/*.sources and prints deb822 stanzas.
#
# Only entries that are Debian's own archive are used: the suite must be the release
# itself, its -updates or its -security suite (not -backports: that would not be Debian
# 12's tiff), and the entry must be signed by a Debian archive keyring (a Signed-By file
# named debian-archive-*) or, without one (or with an inline key), point at a
# .../debian or .../debian-security URI. Third-party repositories are left out: they may
# carry no source packages at all, and only Debian's tiff is wanted.
derive_sources() {
    local codename=$1 kind=$2 SL SP f
    # The machine's own source list locations, as apt itself is configured.
    eval "$(apt-config shell SL Dir::Etc::sourcelist/f SP Dir::Etc::sourceparts/d)"
    SL=${SL:-/etc/apt/sources.list}
    SP=${SP:-/etc/apt/sources.list.d}
    if [ "$kind" = list ]; then
        # apt reads sources.list and sources.list.d/*.list (nothing else, e.g. not *.save).
        for f in "$SL" "$SP"/*.list; do
            [ -f "$f" ] || continue
            awk -v cn="$codename" '
                { sub(/#.*/, "") }                        # comments
                $1 != "deb" && $1 != "deb-src" { next }
                {
                    # Split off an optional "[ opt=val ... ]" options block.
                    line = $0; opts = ""
                    sub(/^[ \t]*deb(-src)?[ \t]+/, "", line)
                    if (substr(line, 1, 1) == "[") {
                        i = index(line, "]"); if (i == 0) next
                        opts = substr(line, 1, i); line = substr(line, i + 1)
                    }
                    n = split(line, w, /[ \t]+/)
                    j = 1; while (j <= n && w[j] == "") j++
                    uri = w[j]; suite = w[j + 1]
                    if (suite != cn && suite != cn "-updates" && suite != cn "-security") next
                    if (opts ~ /signed-by=/) { if (opts !~ /debian-archive/) next }
                    else if (uri !~ /\/debian(-security)?\/?$/) next
                    gsub(/arch(itecture)?=[^ \]]*/, "", opts)   # meaningless for deb-src
                    rest = ""; for (k = j + 1; k <= n; k++) rest = rest " " w[k]
                    print "deb-src " opts " " uri rest
                }' "$f"
        done | sort -u
    else
        for f in "$SP"/*.sources; do
            [ -f "$f" ] || continue
            # A stanza is a run of non-blank lines; a field may continue on lines that
            # start with white space (Signed-By can hold a whole armoured key).
            awk -v cn="$codename" '
                function flush(   i, s, suites, n, keep, types) {
                    if (nf == 0) return
                    keep = 1
                    if (tolower(val["enabled"]) ~ /^[ \t]*no/) keep = 0
                    types = " " val["types"] " "
                    if (types !~ /[ \t]deb[ \t]/ && types !~ /[ \t]deb-src[ \t]/) keep = 0
                    n = split(val["suites"], s, /[ \t]+/); suites = ""
                    for (i = 1; i <= n; i++)
                        if (s[i] == cn || s[i] == cn "-updates" || s[i] == cn "-security")
                            suites = suites " " s[i]
                    if (suites == "") keep = 0
                    if (("signed-by" in val) && val["signed-by"] !~ /BEGIN PGP/) {
                        if (val["signed-by"] !~ /debian-archive/) keep = 0
                    }
                    else if (val["uris"] !~ /\/debian(-security)?\/?([ \t]|$)/) keep = 0
                    if (keep) {
                        print "Types: deb-src"
                        print "Suites:" suites
                        for (i = 1; i <= nf; i++) {
                            k = tolower(name[i])
                            if (k == "types" || k == "suites" || k == "architectures") continue
                            print text[i]
                        }
                        print ""
                    }
                    nf = 0; delete val; delete name; delete text
                }
                /^[ \t]*#/ { next }
                /^[ \t]*$/ { flush(); next }
                /^[ \t]/   { if (nf) { text[nf] = text[nf] "\n" $0; val[tolower(name[nf])] = val[tolower(name[nf])] " " $0 } next }
                {
                    i = index($0, ":"); if (i == 0) next
                    nf++; name[nf] = substr($0, 1, i - 1); text[nf] = $0
                    v = substr($0, i + 1); sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
                    val[tolower(name[nf])] = v
                }
                END { flush() }' "$f"
        done
    fi
}

fetch_source() {
    local codename apt aptconf dl started dsc debver upver tmpsrc sandbox_user=""
    log=$cache/fetch.log
    : > "$log"
    started=$(date +%s)

    # The release this machine runs, e.g. bookworm: the source must come from it.
    # shellcheck disable=SC1091 # a system file, read at run time
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    [ -n "$codename" ] || die "cannot tell the Debian release (no VERSION_CODENAME in /etc/os-release)"

    # A private apt configuration: its own source list, lists and cache folders. apt
    # reads the machine's configuration (/etc/apt/apt.conf{,.d}: proxies, Acquire
    # settings) first, then this file (-c), which points every path apt would write to
    # under $cache/apt. apt-get update and source need no root with it.
    apt=$cache/apt
    rm -rf "$apt"
    mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial"
    derive_sources "$codename" list > "$apt/sources.list"
    derive_sources "$codename" deb822 > "$apt/sources.list.d/debian-src.sources"
    if ! grep -q '^deb-src' "$apt/sources.list" && ! grep -q '^Types: deb-src' "$apt/sources.list.d/debian-src.sources"; then
        die "no Debian '$codename' archive found in this machine's apt sources to derive a deb-src entry from"
    fi
    aptconf=$apt/apt.conf
    cat > "$aptconf" <<EOF
// Private apt configuration for tools/build-libtiff-mingw.sh (generated; do not edit).
Dir::Etc::SourceList "$apt/sources.list";
Dir::Etc::SourceParts "$apt/sources.list.d";
Dir::State::Lists "$apt/lists";
Dir::Cache "$apt/cache";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
// The machine's update hooks are for its own package lists, not for this one.
#clear APT::Update::Pre-Invoke;
#clear APT::Update::Post-Invoke;
#clear APT::Update::Post-Invoke-Success;
EOF

    # Download folder, fresh each time so that exactly one .dsc is in it.
    dl=$cache/download
    rm -rf "$dl" "$cache"/tiff-*
    mkdir -p "$dl"

    # As root, apt downloads as the unprivileged user _apt ("sandbox"); _apt must be
    # able to write the target folder (apt itself hands lists/partial to _apt). When the
    # build folder is out of _apt's reach (a parent without o+x), apt would fall back to
    # downloading as root with a warning: do that explicitly and say so once. Everything
    # downloaded is still checked against the signed archive index. As a normal user
    # there is no sandbox to set up.
    if [ "$(id -u)" -eq 0 ] && getent passwd _apt > /dev/null; then
        chown _apt "$dl" "$apt/cache/archives/partial"
        if ! setpriv --reuid=_apt --regid="$(id -g _apt)" --clear-groups -- test -w "$dl" 2> /dev/null; then
            sandbox_user=root
            echo "$prog: note: _apt cannot reach $dl; apt downloads run as root (unsandboxed)"
        fi
    fi
    local apt_opts=(-c "$aptconf" -q)
    [ -z "$sandbox_user" ] || apt_opts+=(-o "APT::Sandbox::User=$sandbox_user")

    # The archive's Release/InRelease is checked against the Signed-By keyring (Debian's
    # archive key), the Sources index against the hashes in it, and apt-get source
    # checks the downloaded .dsc and tarballs against the hashes in Sources. No
    # --allow-unauthenticated anywhere: a bad signature or hash stops the build.
    run apt-get "${apt_opts[@]}" update
    (cd "$dl" && run apt-get "${apt_opts[@]}" source --download-only tiff)
    # Hand the download folder back to the invoking user.
    if [ "$(id -u)" -eq 0 ]; then chown "$(id -u):$(id -g)" "$dl"; fi

    local dscs=("$dl"/tiff_*.dsc)
    [ -f "${dscs[0]}" ] || die "apt-get source left no tiff_*.dsc in $dl (see $log)"
    dsc=${dscs[0]}
    debver=$(sed -n 's/^Version: *//p' "$dsc" | head -n 1)

    # Unpack and apply Debian's patch series. dpkg-source checks every file against
    # the .dsc's checksums (requiring SHA-256 ones) and checks the .dsc's OpenPGP
    # signature with the Debian developers' keyring when the debian-keyring package is
    # installed (then a bad signature is fatal); without it, it logs "cannot verify
    # signature" and relies on the archive chain of trust above, as apt does.
    # --no-copy: do not leave a copy of the orig tarball next to the unpacked tree.
    local dpkg_opts=(--require-strong-checksums --no-copy)
    [ ! -f /usr/share/keyrings/debian-keyring.gpg ] || dpkg_opts+=(--require-valid-signature)
    tmpsrc=$cache/tiff-$debver.tmp
    run dpkg-source "${dpkg_opts[@]}" -x "$dsc" "$tmpsrc"
    mv "$tmpsrc" "$cache/tiff-$debver"
    upver=$(cat "$cache/tiff-$debver/VERSION")

    echo "$debver $upver" > "$stamp.tmp"
    mv "$stamp.tmp" "$stamp"
    echo "libtiff: Debian source tiff $debver (libtiff $upver) downloaded, verified and unpacked in $(( $(date +%s) - started )) s: $cache/tiff-$debver"
}

# Both architectures may run at once (make -j): the first one downloads, the other waits
# on the lock and then finds the stamp.
mkdir -p "$cache"
exec 9> "$cache/.lock"
flock 9
if [ ! -f "$stamp" ]; then
    fetch_source
fi
flock -u 9
read -r debver upver < "$stamp"
src=$cache/tiff-$debver
[ -f "$src/CMakeLists.txt" ] || die "$src is incomplete; delete $cache and run again"

# --- 3. Configure ----------------------------------------------------------------------------
# A fresh build tree every time: this script only builds when the library is missing or
# the source changed, and a stale CMakeCache.txt would keep old options.
rm -rf "$work"
mkdir -p "$work"
log=$work/build.log
: > "$log"
stage=$work/stage

# The inner make must not inherit an outer make's flags (-n, -k, jobserver pipes it
# cannot reach); it gets its own -j.
unset MAKEFLAGS MFLAGS MAKELEVEL

# Cross-compiling: CMAKE_SYSTEM_NAME=Windows makes CMake treat this as a cross build
# (no running of test programs, Windows naming: libtiff.a, .exe). find_package and
# find_library look only in the mingw sysroot, so no Linux library (the machine's
# zlib, libjpeg, ...) can ever be picked up; the codec switches below say the same
# explicitly. PKG_CONFIG_LIBDIR likewise hides the machine's .pc files.
#
# CXX compiler: libtiff's CMakeLists.txt declares "LANGUAGES C CXX", so CMake needs a
# C++ compiler even with cxx=OFF; without the mingw g++ it would test the host's c++.
#
# No -Werror (libtiff's own warnings are not ours to fix); no -DNDEBUG, as Debian's
# build: libtiff's assert()s stay in.
cflags=${LIBTIFF_CFLAGS:--O2 -g}
cmake_flags=(
    -G "Unix Makefiles"
    -DCMAKE_SYSTEM_NAME=Windows
    "-DCMAKE_SYSTEM_PROCESSOR=$cpu"
    "-DCMAKE_C_COMPILER=$host-gcc"
    "-DCMAKE_CXX_COMPILER=$host-g++"
    "-DCMAKE_RC_COMPILER=$host-windres"
    "-DCMAKE_FIND_ROOT_PATH=/usr/$host"
    -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER
    -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY
    -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY
    -DCMAKE_FIND_ROOT_PATH_MODE_PACKAGE=ONLY
    -DCMAKE_BUILD_TYPE=
    "-DCMAKE_C_FLAGS=$cflags"
    "-DCMAKE_INSTALL_PREFIX=$outdir"
    -DCMAKE_INSTALL_LIBDIR=lib
    -DCMAKE_INSTALL_INCLUDEDIR=include
    -DBUILD_SHARED_LIBS=OFF
    -Dtiff-tools=OFF -Dtiff-tests=OFF -Dtiff-contrib=OFF -Dtiff-docs=OFF
    -Dtiff-opengl=OFF -Dcxx=OFF
    -Dzlib=OFF -Dlibdeflate=OFF -Dpixarlog=OFF
    -Djpeg=OFF -Dold-jpeg=OFF -Djpeg12=OFF
    -Djbig=OFF -Dlerc=OFF -Dlzma=OFF -Dzstd=OFF -Dwebp=OFF
    -Dccitt=ON -Dwin32-io=ON
)
export PKG_CONFIG_LIBDIR=/nonexistent PKG_CONFIG_PATH=
run cmake -S "$src" -B "$work" "${cmake_flags[@]}"

# --- 4. Build, stage, check, install ------------------------------------------------------------
run cmake --build "$work" --parallel "${LIBTIFF_JOBS:-$(nproc)}"
# Stage first: OUTDIR only ever holds a complete, checked install.
run cmake --install "$work" --prefix "$stage"

staged_lib=$stage/lib/libtiff.a
[ -f "$staged_lib" ] || die "the build produced no lib/libtiff.a (see $log)"
# Right architecture? Every member must be $objfmt (pe-x86-64 or pe-i386).
formats=$("$host-objdump" -a "$staged_lib" | sed -n 's/.*file format //p' | sort -u | tr '\n' ' ')
[ "$formats" = "$objfmt " ] || die "$staged_lib holds '$formats' objects, not $objfmt only"
# Fax codec in, external codecs out (tiffconf.h is what callers see).
conf=$stage/include/tiffconf.h
grep -q '^#define CCITT_SUPPORT 1' "$conf" || die "CCITT support is not enabled in $conf"
if grep -Eq '^#define (ZIP|JPEG|OJPEG|LZMA|ZSTD|WEBP|JBIG|LERC|PIXARLOG)_SUPPORT' "$conf"; then
    die "an external codec got enabled in $conf"
fi
# Record what libtiff.a needs from outside (only the C runtime and kernel32 are fine).
{
    echo "## undefined symbols of libtiff.a not defined in it:"
    comm -23 <("$host-nm" -u "$staged_lib" | awk 'NF == 2 {print $2}' | sort -u) \
             <("$host-nm" --defined-only "$staged_lib" | awk 'NF == 3 {print $3}' | sort -u)
} >> "$log"

mkdir -p "$outdir"
rm -rf "${outdir:?}/include" "${outdir:?}/lib"
mv "$stage/include" "$stage/lib" "$outdir/"
[ ! -d "$stage/share" ] || { rm -rf "$outdir/share"; mv "$stage/share" "$outdir/"; }
rm -rf "$stage"
touch "$lib"   # newer than the stamp, even on a coarse-timestamp file system

echo "libtiff $upver for $arch: $shown_lib (Debian tiff $debver, $(stat -c %s "$lib") bytes)"
