/*
 * report_formats.h - fspconform's report in the forms CI tools read: TAP (report_tap.c;
 * `prove` and any TAP 13 consumer) and JUnit XML (report_junit.c; what CI servers
 * show as test results). Both say what the human report says (clause_report.h): one test
 * per clause, then one for the run's verdict, so an INCOMPLETE run fails there too.
 *
 * How the statuses map:
 *   status    TAP                           JUnit
 *   PASS      ok                            a passing testcase
 *   INFO      ok                            a passing testcase
 *   WARN      not ok ... # TODO (not a      a passing testcase; the messages in
 *             failure of the run)           system-out (JUnit has no "warning")
 *   FAIL      not ok, the messages and      <failure>, the messages; the replay in
 *             the replay as YAML            system-out
 *   SKIP      ok ... # SKIP reason          <skipped message="reason">
 *   SERVICE   ok ... # SKIP the service's   <skipped message="...">
 *             part
 */
#ifndef FSPKIT_REPORT_FORMATS_H
#define FSPKIT_REPORT_FORMATS_H

#include <stdio.h>

#include "clause_report.h"

/* What the report says about the run as a whole. */
typedef struct report_run {
    const char *version;      /* fspconform's */
    const char *dll;          /* as the user named it */
    const char *host;         /* "x64" or "x86" */
    int passed;               /* the run's verdict is PASS */
    const char *verdict;      /* the closing line's words: "PASS - no documented ..." */
    double seconds;           /* the whole run */
    const char *timestamp;    /* ISO 8601, when the run began */
    /* The command that runs it again ("fspconform --line COM5 X.dll"), and whether a
     * clause can narrow it with --only (some battery scenario exercises it); may be NULL:
     * the command is given as it is. */
    const char *replay_program;
    const char *replay_args;
    int (*narrowable)(const char *clause_id);
} report_run;

/* The replay of `clause_id` (NULL: the whole run) into buf. */
void report_replay(const report_run *run, const char *clause_id, char *buf, size_t size);

/* TAP version 13 to `out`: the plan, a test point per clause and one for the run, the
 * messages and replay of a failure as a YAML block. `comments` (may be NULL) are printed
 * as "# " lines after the plan: the human report's other lines. */
void report_write_tap(FILE *out, const clause_results *results, const report_run *run,
                      const char *comments);

/* JUnit XML to `out`: one <testsuite> of a testcase per clause and one for the run. */
void report_write_junit(FILE *out, const clause_results *results, const report_run *run);

/* --- text for the formats (report_text.c) ------------------------------------------- */

/* `text` with XML's five special characters escaped, and whatever XML 1.0 cannot carry
 * (control characters, bytes that are not UTF-8) as U+FFFD. */
void report_put_xml(FILE *out, const char *text);
/* `text` as a YAML double-quoted scalar (quotes included), valid UTF-8. */
void report_put_yaml(FILE *out, const char *text);
/* `text` as a TAP description: '#' and '\' escaped, line breaks as spaces. */
void report_put_tap(FILE *out, const char *text);

#endif /* FSPKIT_REPORT_FORMATS_H */
