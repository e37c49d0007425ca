#!/bin/sh
# fuzz-smoke.sh - run every libFuzzer target for a bounded time; any crash, leak, timeout
# or sanitizer report fails. The corpus for each target lives in build/fuzz/corpus/NAME
# (seeded from fuzz/seeds/NAME when that folder exists) and grows across runs.
#
# Usage: tools/fuzz-smoke.sh [--runs N] SECONDS FUZZ_BINARY...
#   --runs N   stop each target after N executions (make fuzz: 1e6), SECONDS bounding it;
#              a target that could not reach N in that time is named, and fails the run
# An input that takes more than 25 s is a finding (a hang), as is one past 2 GB of RSS.
set -eu
runs=""
if [ "${1:-}" = "--runs" ]; then
    runs=$2
    shift 2
fi
seconds=$1
shift
status=0
for target in "$@"; do
    name=$(basename "$target")
    corpus="$(dirname "$target")/corpus/$name"
    mkdir -p "$corpus"
    seeds="fuzz/seeds/$name"
    if [ -d "$seeds" ]; then cp -n "$seeds"/* "$corpus"/ 2>/dev/null || true; fi
    # NAME.log once the run is over: a run going on beside (make check's smoke run during
    # a deep one) writes its own partial file, and never clobbers this one's figures
    log="$(dirname "$target")/$name.log"
    partial="$log.partial.$$"
    started=$(date +%s)
    found=0
    "$target" -max_total_time="$seconds" ${runs:+-runs="$runs"} -timeout=25 \
        -rss_limit_mb=2048 -print_final_stats=1 "$corpus" > "$partial" 2>&1 || found=$?
    mv -f "$partial" "$log"
    if [ $found -eq 0 ]; then
        done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
        took=$(($(date +%s) - started))
        if [ -n "$runs" ] && [ "${done_runs:-0}" -lt "$runs" ]; then
            echo "fuzz: $name: ${done_runs:-?} inputs in ${took}s, no finding - but short of $runs (the time bound came first)"
            status=1
        else
            echo "fuzz: $name: ${done_runs:-?} inputs in ${took}s, no finding"
        fi
    else
        echo "fuzz: $name: FINDING (see $log):"
        grep -E 'ERROR|SUMMARY|Test unit written|timeout' "$log" | head -5
        status=1
    fi
done
exit $status
