#!/bin/sh
# fuzz-smoke.sh - run every libFuzzer target for a bounded time; any crash, leak or
# sanitizer report fails. The corpus for each target lives in build/fuzz/corpus/NAME
# (seeded from fuzz/seeds/NAME when that folder exists) and grows across runs.
#
# Usage: tools/fuzz-smoke.sh SECONDS FUZZ_BINARY...
set -eu
seconds=$1
shift
status=0
for target in "$@"; do
    name=$(basename "$target")
    corpus="$(dirname "$target")/corpus/$name"
    mkdir -p "$corpus"
    seeds="fuzz/seeds/$name"
    if [ -d "$seeds" ]; then cp -n "$seeds"/* "$corpus"/ 2>/dev/null || true; fi
    log="$(dirname "$target")/$name.log"
    if "$target" -max_total_time="$seconds" -print_final_stats=1 "$corpus" > "$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz: $name: ${runs:-?} inputs in ${seconds}s, no finding"
    else
        echo "fuzz: $name: FINDING (see $log):"
        grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
        status=1
    fi
done
exit $status
