#!/bin/bash
# valgrind-modem.sh - run modem-sim (built without sanitizers) under valgrind for one
# efax send and one efax receive, and fail on any memory error or leak.
#
# Usage: tools/valgrind-modem.sh MODEM_SIM FAX_TESTPAGE
set -euo pipefail
modem_sim=$1
testpage=$2
dir=$(mktemp -d /tmp/fspkit-valgrind-XXXXXX)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/inbox" "$dir/docs"
"$testpage" --seed 3 --pages 2 "$dir/docs/in.tif"
"$testpage" --seed 4 --pages 1 "$dir/docs/out.tif"

valgrind --quiet --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
    --error-exitcode=9 --log-file="$dir/valgrind.log" \
    "$modem_sim" --pty "$dir/modem" --control 0 --inbox "$dir/inbox" --docs "$dir/docs" \
    > "$dir/ready" 2> "$dir/modem.log" &
sim=$!
trap 'kill "$sim" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 100); do grep -q READY "$dir/ready" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*control=\([0-9]*\).*/\1/p' "$dir/ready")
[ -n "$port" ] || { echo "valgrind: modem-sim did not start"; cat "$dir/modem.log"; exit 1; }

# efax's own TIFF reader mishandles multi-page TIFF-F (see check_modem_dtes.c); one page
# sends fine.
timeout 120 efax -d "$dir/modem" -o0 -t 5551000 "$dir/docs/out.tif" > "$dir/send.log" 2>&1 ||
    { echo "valgrind: efax send failed"; cat "$dir/send.log"; }
exec 3<>"/dev/tcp/127.0.0.1/$port"
echo "ring in.tif" >&3
read -r reply <&3
timeout 120 efax -d "$dir/modem" -o0 -r "$dir/rx" > "$dir/recv.log" 2>&1 ||
    { echo "valgrind: efax receive failed ($reply)"; cat "$dir/recv.log"; }
echo quit >&3
status=0
wait "$sim" || status=$?
if [ "$status" -ne 0 ] || [ -s "$dir/valgrind.log" ]; then
    echo "valgrind: modem-sim: FINDING (exit $status):"
    cat "$dir/valgrind.log"
    exit 1
fi
echo "valgrind: modem-sim: no errors, no leaks (an efax send and a 2-page efax receive)"
