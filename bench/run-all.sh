#!/bin/sh
# run-all.sh - run every benchmark under bench/ and merge their figures into one file.
#
# Usage: bench/run-all.sh OUT_DIR      (make bench: OUT_DIR is build/bench)
#
# A benchmark is an executable bench/*.bench. It prints one JSON object per figure on
# stdout, with at least: "name", "unit", "n" (samples), "median", "p90", "min", "max"
# (bench/stats.sh computes these from raw samples). Anything else it prints goes to
# stderr. Figures are meant to be read as ratios within one run, never as absolutes.
set -eu
out_dir=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out_dir"
figures="$out_dir/figures.jsonl"
: > "$figures"
status=0
for bench in "$here"/*.bench; do
    [ -x "$bench" ] || continue
    echo "bench: $(basename "$bench")" >&2
    if ! "$bench" >> "$figures"; then
        echo "bench: $(basename "$bench") failed" >&2
        status=1
    fi
done
{
    printf '{"generated":"%s","host":"%s","figures":[\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(uname -m)"
    sed '$!s/$/,/' "$figures"
    printf ']}\n'
} > "$out_dir/results.json"
echo "bench: $(wc -l < "$figures") figures in $out_dir/results.json" >&2
cat "$figures"
exit $status
