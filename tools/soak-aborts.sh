#!/bin/bash
# soak-aborts.sh - `make soak`'s abort soak: the reference FSP through modem-sim (TCP, no
# page pacing) taking aborts at every injection and hold point, run after run, until
# SOAK_ABORTS (default 10000) FaxDevAbortOperation calls have been made. Each host run is
# one chunk: a `race sweep` of a send and of a receive (every point in turn) and a seeded
# `race fuzz` of 60 passes of each (random points, packet numbers and byte counts). The
# document is two light pages (fax-testpage --content light: the protocol, not page bytes,
# is what an abort races with), and every receive ends with `modem give-up`: a caller an
# abort left ringing hangs up at once instead of after ten rings (5 s, which was most of
# a chunk's time). SOAK_KEEP_LOG=FILE keeps the last chunk's event log. A chunk must end
# with no FAIL (no hang, no crash: ERR-1; no leaked service-heap blocks: END-1, SHUT-1;
# no thread left: SHUT-1; no handle trend: END-1 WARN counts too) - the first that does
# not stops the soak with its seed and its event log kept for the replay.
#
# Prints a progress line per chunk and at the end: aborts done, race passes, races per
# minute, the seed; with SOAK_RATES=FILE also each chunk's own races per minute, one per
# line (bench/soak_rate.bench's samples). Usage: tools/soak-aborts.sh BUILD [ABORTS] [SEED]
set -euo pipefail
build=$1
target=${2:-${SOAK_ABORTS:-10000}}
seed=${3:-${SOAK_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}}
loader=${FSPKIT_WINE64:-/usr/lib/wine/wine64}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${FSPKIT_TMPDIR:-${TMPDIR:-/tmp}}/fspkit-soak-XXXXXX")
sim=""
keep=""
finish() {
    [ -z "$sim" ] || kill "$sim" 2>/dev/null || true
    [ -n "$keep" ] || rm -rf "$work"
}
trap finish EXIT
mkdir -p "$work/docs" "$work/inbox"
"$build/native/fax-testpage" --pages 2 --coding mmr --strips rows --content light \
    "$work/docs/two-pages.tif"
"$build/native/modem-sim" --tcp 0 --control 0 --quiet --min-page-ms 0 --inbox "$work/inbox" \
    --docs "$work/docs" > "$work/ready" 2> "$work/modem-sim.log" &
sim=$!
for _ in $(seq 100); do grep -q READY "$work/ready" 2>/dev/null && break; sleep 0.1; done
control=$(sed -n 's/.*control=\([0-9]*\).*/\1/p' "$work/ready")
tcp=$(sed -n 's/.*tcp=\([0-9]*\).*/\1/p' "$work/ready")
[ -n "$tcp" ] || { echo "soak: modem-sim did not start" >&2; cat "$work/modem-sim.log" >&2; exit 1; }

cat > "$work/chunk.fsc" <<'FSC'
scenario "abort soak chunk"
    registry "HKCU\\Software\\FSPKit\\ReferenceFSP" "DeviceCount" = dword 1
    registry "HKCU\\Software\\FSPKit\\ReferenceFSP\\Devices\\0" "Line" = "${LINE}"
    virtual-devices
    init
    race sweep
        start j1
        send j1 "${DOCS}/two-pages.tif" to "5551000"
        abort j1
        wait j1 within 120000
        end j1
    end
    race sweep
        modem ring "two-pages.tif"
        answer in "rx.tif" within 30000
        abort in
        wait in within 120000
        end in
        modem give-up
    end
    race fuzz 60
        start j1
        send j1 "${DOCS}/two-pages.tif" to "5551000"
        abort j1
        wait j1 within 120000
        end j1
    end
    race fuzz 60
        modem ring "two-pages.tif"
        answer in "rx.tif" within 30000
        abort in
        wait in within 120000
        end in
        modem give-up
    end
    shutdown
end
FSC

aborts=0
passes=0
chunk=0
started=$(date +%s%N)
while [ "$aborts" -lt "$target" ]; do
    chunk=$((chunk + 1))
    chunk_started=$(date +%s%N)
    chunk_seed=$((seed + chunk))
    events="$work/chunk-$chunk.jsonl"
    status=0
    "$loader" "$build/x64/fake-faxsvc.exe" --events "$events" --seed "$chunk_seed" \
        --modem "127.0.0.1:$control" --var "DOCS=$work/docs" --var "LINE=tcp:127.0.0.1:$tcp" \
        --timeout-ms 60000 "$build/x64/refsp.dll" "$work/chunk.fsc" > "$work/chunk.out" 2>&1 ||
        status=$?
    n=$(grep -c '"ev":"call","fn":"FaxDevAbortOperation"' "$events" || true)
    p=$(grep -c '"ev":"race"' "$events" || true)
    warns=$(grep '"ev":"verdict"' "$events" | grep -c '"level":"WARN"' || true)
    aborts=$((aborts + n))
    passes=$((passes + p))
    elapsed_ns=$(($(date +%s%N) - started))
    elapsed=$((elapsed_ns / 1000000000))
    rate=$(awk -v p="$passes" -v ns="$elapsed_ns" 'BEGIN { printf "%.0f", (ns > 0 ? p * 60e9 / ns : 0) }')
    if [ -n "${SOAK_RATES:-}" ]; then
        awk -v p="$p" -v ns="$(($(date +%s%N) - chunk_started))" \
            'BEGIN { printf "%.1f\n", p * 60e9 / ns }' >> "$SOAK_RATES"
    fi
    echo "soak: chunk $chunk (seed $chunk_seed): $n aborts; $aborts/$target in ${elapsed} s, $rate races/min"
    if [ "$status" -ne 0 ] || [ "$warns" -ne 0 ] || [ "$n" -eq 0 ]; then
        keep=1
        echo "soak: chunk $chunk found a problem (exit $status, $warns WARN, $n aborts):"
        grep '"ev":"verdict"' "$events" | grep -E '"level":"(FAIL|WARN)"' | head -5
        echo "soak: replay: $loader $build/x64/fake-faxsvc.exe --seed $chunk_seed --modem ... $work/chunk.fsc (log kept: $events)"
        exit 1
    fi
    [ -z "${SOAK_KEEP_LOG:-}" ] || cp "$events" "$SOAK_KEEP_LOG"
    rm -f "$events"
done
echo "soak: $aborts aborts in $passes race passes over $chunk chunks, $elapsed s: $rate races/min; 0 FAIL, 0 WARN (no hang, crash, leaked heap block, handle or thread); seed $seed"
