#!/bin/sh
# run-tests.sh - run every Check test binary, let each print its own summary, then
# print one closing line for all of them ("N passed, N failed, N skipped"). A suite on
# the shared harness (harness/check_harness.h) prints "N skipped" after Check's line;
# Check counts a skipped test as passed, so it is taken out of the passes here.
#
# Usage: tools/run-tests.sh TEST_BINARY... [-- TEST_BINARY...]
# Binaries after `--` form a second lane that runs beside the first (the machine has two
# cores; `make check` puts the suites that run Wine in one lane and the native ones in
# the other, so no two Wine suites share the prefix at once: see the Makefile).
# Within a lane, suites run one after another. Each suite's output is printed whole when
# it ends, with the seconds it took.
# Exit status: 0 when every binary passed, 1 otherwise (all of them run either way).
set -u
work=$(mktemp -d /tmp/fspkit-run-tests-XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

# run_lane NAME TEST... - runs the tests in order; appends "checks fails skips rc" per
# suite to $work/NAME.counts and prints each suite's output under a lock.
run_lane() {
    lane=$1
    shift
    : > "$work/$lane.counts"
    for test in "$@"; do
        start=$(date +%s)
        "$test" > "$work/$lane.out" 2>&1
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

first=""
second=""
in_second=0
for arg in "$@"; do
    if [ "$arg" = "--" ]; then
        in_second=1
    elif [ $in_second -eq 0 ]; then
        first="$first $arg"
    else
        second="$second $arg"
    fi
done

# shellcheck disable=SC2086 # the lists are words on purpose (paths without blanks)
run_lane first $first &
first_pid=$!
[ -z "$second" ] || run_lane second $second
wait $first_pid

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
