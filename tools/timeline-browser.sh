#!/bin/sh
# timeline-browser.sh - `make timeline-check`: the HTML timeline as a browser shows it.
# fspconform --html writes the timelines of a DLL whose runs FAIL (vfsp's mutant
# false_completion: FAILs across a whole scenario); headless Chromium opens the first of
# them in a 1280x900 window, saves a screenshot and prints the page's console. The page
# must open fitted to the whole run with every FAIL mark in view, and log no error.
#
# Usage: tools/timeline-browser.sh BUILD_DIR OUT_DIR    (inside tools/wine-rig.sh run)
set -eu
build=$1
out=$2
rm -rf "$out"
mkdir -p "$out/html"
browser=$(command -v chromium || true)
[ -n "$browser" ] || { echo "timeline-browser: no chromium (make timeline-check installs it)" >&2; exit 2; }
"$build/native/fspconform" --html "$out/html" \
    "$build/x64/vfsp-mutants/false_completion.dll" > "$out/report.txt" 2>&1 || true
page=$(ls "$out"/html/*.html 2>/dev/null | head -n 1)
[ -n "$page" ] || { echo "timeline-browser: fspconform wrote no timeline (see $out/report.txt)" >&2; exit 1; }
# --enable-logging=stderr prints console messages as "... CONSOLE(n)] "text", source: ..."
HOME="$out" timeout 120 "$browser" --headless=new --no-sandbox --disable-gpu \
    --hide-scrollbars --window-size=1280,900 --enable-logging=stderr --v=0 \
    --screenshot="$out/timeline.png" "file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")" \
    > "$out/chromium.log" 2>&1 || true
grep -o 'timeline: [^"]*' "$out/chromium.log" > "$out/console.txt" || true
status=0
if ! grep -q 'whole run in view: true' "$out/console.txt"; then
    echo "timeline-browser: the page did not open fitted to the whole run" >&2; status=1
fi
if ! grep -Eq 'FAIL marks in view: ([1-9][0-9]*) of \1,' "$out/console.txt"; then
    echo "timeline-browser: not every FAIL mark is in view (or there is none)" >&2; status=1
fi
if grep -q 'Uncaught' "$out/chromium.log"; then
    echo "timeline-browser: the page's script failed:" >&2
    grep 'Uncaught' "$out/chromium.log" >&2; status=1
fi
size=$(stat -c %s "$out/timeline.png" 2>/dev/null || echo 0)
if [ "$size" -lt 10000 ]; then
    echo "timeline-browser: no screenshot worth the name ($size bytes)" >&2; status=1
fi
echo "timeline-browser: $page"
echo "timeline-browser: console: $(cat "$out/console.txt")"
echo "timeline-browser: screenshot $out/timeline.png ($size bytes)"
[ $status -eq 0 ] && echo "timeline-browser: PASS" || echo "timeline-browser: FAIL"
exit $status
