#!/bin/sh
# run-tests.sh - run every Check test binary, let each print its own summary, then
# print one closing line for all of them ("N passed, N failed, N skipped"). A suite on
# the shared harness (harness/check_harness.h) prints "N skipped" after Check's line;
# Check counts a skipped test as passed, so it is taken out of the passes here.
#
# Usage: tools/run-tests.sh LANE [-- LANE]...
#        LANE: [--wine-prefix DIR] TEST_BINARY...
# Lanes run side by side; within a lane, suites run one after another. A lane with
# --wine-prefix runs each suite under tools/wine-rig.sh with that prefix of its own
# (BUILD from FSPKIT_BUILD): suites that run Wine share a prefix's inbox folder, COM port
# mappings (Wine's mount manager may rewrite them when other Wine processes start: a COM
# session failed when two ran at once) and its lock, so two of them never share one at
# once - but on two prefixes they run side by side (a Wine suite mostly waits: the
# machine was 75-80% idle while one ran alone). Each suite's output is printed whole
# when it ends, with the seconds it took.
# Exit status: 0 when every binary passed, 1 otherwise (all of them run either way).
set -u
work=$(mktemp -d /tmp/fspkit-run-tests-XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

# run_lane NAME [--wine-prefix DIR] TEST... - runs the tests in order; appends "checks
# fails skips rc" per suite to $work/NAME.counts and prints each suite's output under a
# lock.
run_lane() {
    lane=$1
    shift
    prefix=""
    if [ "${1:-}" = "--wine-prefix" ]; then
        prefix=$2
        shift 2
    fi
    : > "$work/$lane.counts"
    for test in "$@"; do
        start=$(date +%s)
        if [ -n "$prefix" ]; then
            WINEPREFIX=$prefix sh "$rig" run "${FSPKIT_BUILD:?a Wine lane needs FSPKIT_BUILD}" \
                -- "$test" > "$work/$lane.out" 2>&1
        else
            "$test" > "$work/$lane.out" 2>&1
        fi
        rc=$?
        seconds=$(($(date +%s) - start))
        out=$(cat "$work/$lane.out")
        # Check's summary: "100%: Checks: 7, Failures: 0, Errors: 0"
        line=$(printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks: [0-9]+' | tail -n 1)
        if [ -n "$line" ]; then
            checks=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
            fails=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
            errors=$(echo "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
            skips=$(printf '%s\n' "$out" | grep -E '^[0-9]+ skipped$' | tail -n 1 | cut -d' ' -f1)
            echo "$checks $((fails + errors)) ${skips:-0} $rc" >> "$work/$lane.counts"
            note=""
        else
            echo "1 1 0 1" >> "$work/$lane.counts"
            note="run-tests: $(basename "$test") printed no Check summary (exit $rc)"
        fi
        {
            flock 9
            echo "== $(basename "$test") (${seconds} s)"
            printf '%s\n' "$out"
            [ -z "$note" ] || echo "$note"
        } 9> "$work/print.lock"
    done
}

rig="$(dirname "$0")/wine-rig.sh"
lanes=0
lane_args=""
start_lane() {
    lanes=$((lanes + 1))
    # shellcheck disable=SC2086 # the list is words on purpose (paths without blanks)
    run_lane "lane$lanes" $lane_args &
    lane_args=""
}
for arg in "$@"; do
    if [ "$arg" = "--" ]; then
        start_lane
    else
        lane_args="$lane_args $arg"
    fi
done
start_lane
wait

total=0
failed=0
skipped=0
status=0
for counts in "$work"/*.counts; do
    [ -f "$counts" ] || continue
    while read -r checks fails skips rc; do
        total=$((total + checks))
        failed=$((failed + fails))
        skipped=$((skipped + skips))
        [ "$rc" -eq 0 ] || status=1
    done < "$counts"
done
echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
exit $status
