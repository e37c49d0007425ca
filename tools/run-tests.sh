#!/bin/sh
# run-tests.sh - run every Check test binary, let each print its own summary, then
# print one closing line for all of them ("N passed, N failed, N skipped"). A suite on
# the shared harness (harness/check_harness.h) prints "N skipped" after Check's line;
# Check counts a skipped test as passed, so it is taken out of the passes here.
#
# Usage: tools/run-tests.sh TEST_BINARY...
# Exit status: 0 when every binary passed, 1 otherwise (all of them run either way).
set -u
total=0
failed=0
skipped=0
status=0
for test in "$@"; do
    echo "== $(basename "$test")"
    out=$("$test" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    # Check's summary: "100%: Checks: 7, Failures: 0, Errors: 0"
    line=$(printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks: [0-9]+' | tail -n 1)
    if [ -n "$line" ]; then
        checks=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
        fails=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
        errors=$(echo "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
        total=$((total + checks))
        failed=$((failed + fails + errors))
        skips=$(printf '%s\n' "$out" | grep -E '^[0-9]+ skipped$' | tail -n 1 | cut -d' ' -f1)
        skipped=$((skipped + ${skips:-0}))
    else
        echo "run-tests: $(basename "$test") printed no Check summary (exit $rc)"
        total=$((total + 1))
        failed=$((failed + 1))
    fi
    [ "$rc" -eq 0 ] || status=1
done
echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
exit $status
