#!/bin/sh
# stats.sh - summarize raw samples (one number per line on stdin) as a bench figure.
#
# Usage: ... | bench/stats.sh NAME UNIT
# Prints {"name":..,"unit":..,"n":..,"median":..,"p90":..,"p99":..,"min":..,"max":..}.
# With fewer than 100 samples p99 is the largest but one (or the only) sample: read it
# with n.
set -eu
sort -g | awk -v name="$1" -v unit="$2" '
    { v[NR] = $1 }
    END {
        if (NR == 0) { print "stats.sh: no samples for " name > "/dev/stderr"; exit 1 }
        median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        p90 = v[int(0.9 * (NR - 1)) + 1]
        p99 = v[int(0.99 * (NR - 1)) + 1]
        printf "{\"name\":\"%s\",\"unit\":\"%s\",\"n\":%d,\"median\":%g,\"p90\":%g,\"p99\":%g,\"min\":%g,\"max\":%g}\n",
               name, unit, NR, median, p90, p99, v[1], v[NR]
    }'
