#!/bin/sh
# run-tests.sh - run every Check test binary, let each print its own summary, then
# print one closing line for all of them ("N passed, N failed").
#
# Usage: tools/run-tests.sh TEST_BINARY...
# Exit status: 0 when every binary passed, 1 otherwise (all of them run either way).
set -u
total=0
failed=0
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
    else
        echo "run-tests: $(basename "$test") printed no Check summary (exit $rc)"
        total=$((total + 1))
        failed=$((failed + 1))
    fi
    [ "$rc" -eq 0 ] || status=1
done
echo "$((total - failed)) passed, $failed failed"
exit $status
