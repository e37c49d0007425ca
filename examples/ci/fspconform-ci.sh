#!/bin/sh
# fspconform-ci.sh - the steps of a CI job that judges your FSP with the FSP Conformance
# Kit; examples/ci/github-actions.yml and gitlab-ci.yml run exactly this (docs/ci.md).
#
# Usage: sh fspconform-ci.sh          (in your FSP's repository, on Debian 12, as root)
#
# Environment (all optional):
#   FSPKIT_TARBALL  the kit's release tarball (make dist), default
#                   third_party/fspkit-*.tar.gz; not needed when fspconform is on PATH
#   FSP_BUILD       the command that builds your DLL (default: mingw-w64 on src/*.c and
#                   src/*.def, as below)
#   FSP_DLL         the DLL it makes (default build/MyFsp.dll)
#   FSPCONFORM_ARGS more options for fspconform: --line COM5 --setup vendor.reg ...
#
# Writes fspconform.tap (TAP 13), fspconform.xml (JUnit, for the CI's test view) and
# fspconform.txt (stderr: progress). Exits as fspconform does: 0 PASS, 1 FAIL or
# INCOMPLETE, 2 usage or hosting error.
set -eu

# 1. The kit: installed from its release tarball unless this image already has it.
if ! command -v fspconform >/dev/null 2>&1; then
    tarball=${FSPKIT_TARBALL:-$(ls third_party/fspkit-*.tar.gz 2>/dev/null | tail -n 1)}
    [ -n "$tarball" ] && [ -f "$tarball" ] || {
        echo "fspconform-ci: no kit: set FSPKIT_TARBALL to the kit's release tarball" >&2
        exit 2
    }
    apt-get update -q && apt-get install -y -q make sudo
    kit=$(mktemp -d)
    tar -xzf "$tarball" -C "$kit" --strip-components=1
    make -C "$kit"                     # installs the Debian packages it needs first
    make -C "$kit" install PREFIX=/usr/local
fi

# 2. Your DLL, built in this pipeline.
dll=${FSP_DLL:-build/MyFsp.dll}
mkdir -p "$(dirname "$dll")"
if [ -n "${FSP_BUILD:-}" ]; then
    sh -c "$FSP_BUILD"
else
    x86_64-w64-mingw32-gcc -shared -O2 -std=c11 -DUNICODE -D_UNICODE -static-libgcc \
        -Isrc -o "$dll" src/*.c src/*.def
fi

# 3. The verdict: TAP on stdout, JUnit beside it; the exit status is fspconform's.
status=0
# shellcheck disable=SC2086 # FSPCONFORM_ARGS is a list of options
fspconform --tap --junit fspconform.xml ${FSPCONFORM_ARGS:-} "$dll" \
    > fspconform.tap 2> fspconform.txt || status=$?
tail -n 1 fspconform.tap
exit $status
