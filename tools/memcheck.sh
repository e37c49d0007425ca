#!/bin/bash
# memcheck.sh - `make memcheck`: modem-sim and fspconform (both built without sanitizers)
# under valgrind for whole default batteries - the reference FSP's through modem-sim's
# TCP line (its set-up in a .reg file, as check_battery does it) and vfsp.dll's - and
# fail on any memory error or definite leak in either. Wine's own processes are not
# traced: valgrind watches the kit's native programs.
#
# Usage: tools/memcheck.sh BUILD PLAIN_MODEM_SIM PLAIN_FSPCONFORM
set -euo pipefail
build=$1
modem_sim=$2
fspconform=$3
dir=$(mktemp -d "${FSPKIT_TMPDIR:-${TMPDIR:-/tmp}}/fspkit-memcheck-XXXXXX")
sim=""
cleanup() {
    [ -z "$sim" ] || kill "$sim" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT
mkdir "$dir/inbox" "$dir/docs"
# exit 9: a memory error or a definite leak (valgrind's own notes, such as a syscall it
# does not know - pidfd_open, which proc_run.c then does without - are not findings)
vg=(valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9)

"${vg[@]}" --log-file="$dir/modem-sim.valgrind" "$modem_sim" --tcp 0 --control 0 \
    --inbox "$dir/inbox" --docs "$dir/docs" > "$dir/ready" 2> "$dir/modem.log" &
sim=$!
for _ in $(seq 200); do grep -q READY "$dir/ready" 2>/dev/null && break; sleep 0.1; done
tcp=$(sed -n 's/.*tcp=\([0-9]*\).*/\1/p' "$dir/ready")
control=$(sed -n 's/.*control=\([0-9]*\).*/\1/p' "$dir/ready")
[ -n "$tcp" ] || { echo "memcheck: modem-sim did not start"; cat "$dir/modem.log"; exit 1; }
printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\FSPKit\\ReferenceFSP]\r\n"DeviceCount"=dword:00000001\r\n\r\n[HKEY_CURRENT_USER\\Software\\FSPKit\\ReferenceFSP\\Devices\\0]\r\n"Line"="tcp:127.0.0.1:%s"\r\n' \
    "$tcp" > "$dir/refsp.reg"

status=0
run() { # LABEL ARGS... : fspconform under valgrind; its verdict must be PASS
    label=$1
    shift
    started=$(date +%s)
    code=0
    "${vg[@]}" --log-file="$dir/$label.valgrind" "$fspconform" --build "$build" "$@" \
        > "$dir/$label.out" 2> "$dir/$label.err" || code=$?
    if [ "$code" -eq 9 ]; then
        echo "memcheck: fspconform on $label: FINDING:"
        grep -v '^--' "$dir/$label.valgrind" || true
        status=1
    elif [ "$code" -ne 0 ] || ! grep -q "fspconform: PASS" "$dir/$label.out"; then
        echo "memcheck: fspconform on $label: no PASS (exit $code):"
        tail -n 5 "$dir/$label.out" "$dir/$label.err"
        status=1
    else
        echo "memcheck: fspconform on $label: no errors, no leaks ($(($(date +%s) - started)) s, PASS)"
    fi
}
run refsp --setup "$dir/refsp.reg" "$build/x64/refsp.dll"
run vfsp "$build/x64/vfsp.dll"

exec 3<>"/dev/tcp/127.0.0.1/$control"
echo quit >&3
sim_status=0
wait "$sim" || sim_status=$?
sim=""
if [ "$sim_status" -ne 0 ]; then
    echo "memcheck: modem-sim: FINDING (exit $sim_status):"
    grep -v '^--' "$dir/modem-sim.valgrind" || true
    status=1
else
    echo "memcheck: modem-sim: no errors, no leaks (the reference FSP's battery through it)"
fi
exit $status
