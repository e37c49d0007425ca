/*
 * check_report.c - fspconform's report (conformance/lib/clause_report.c) on event logs
 * made up here: every clause of the contract exactly once with one status, the worst
 * verdict deciding it, repeats grouped, SKIP lines saying why, SERVICE lines for the
 * service's part, and INCOMPLETE when the run could not get past FaxDevInitialize; and
 * the same report as TAP and JUnit XML, read by the consumers CI uses (prove,
 * python3-junitparser, xmllint).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_harness.h"
#include "clause_report.h"
#include "fsp_clauses.h"
#include "kit_temp.h"
#include "report_formats.h"
#include "report_readers.h"

/* A log from these lines (each a JSON object, "v":1 added). */
static void load_log(event_list *events, const char *const lines[])
{
    char path[256], why[256];
    int fd = kit_temp_file("report", ".jsonl", path, sizeof(path));
    expect_that(fd >= 0, "cannot create a temporary log");
    FILE *f = fdopen(fd, "w");
    for (size_t i = 0; lines && lines[i]; i++)
        fprintf(f, "{\"v\":1,%s}\n", lines[i]);
    fclose(f);
    expect_that(event_list_load(path, events, why, sizeof(why)) == 0, "%s", why);
    unlink(path);
}

/* The report as text. The caller frees it. */
static char *report_of(const event_list *events, unsigned counts[STATUS_COUNT])
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    clause_results results;
    expect_that(clause_results_build(events, NULL, 0, &results) == 0, "out of memory");
    clause_report_print(out, &results);
    memcpy(counts, results.counts, sizeof(results.counts));
    clause_results_free(&results);
    fclose(out);
    return text;
}

/* The report's line for `clause` (its first), or NULL. */
static const char *line_of(const char *report, const char *clause)
{
    size_t n = strlen(clause);
    for (const char *line = report; line && *line; line = strchr(line, '\n'), line += !!line)
        if (strncmp(line, clause, n) == 0 && line[n] == ' ')
            return line;
    return NULL;
}

#define expect_line(report, clause, status, text)                                        \
    do {                                                                                  \
        const char *line_ = line_of((report), (clause));                                  \
        char want_[32];                                                                   \
        snprintf(want_, sizeof(want_), "%-9s %-7s", (clause), (status));                  \
        expect_that(line_ && strncmp(line_, want_, strlen(want_)) == 0 &&                 \
                    (!(text) || strstr(line_, (text))),                                   \
                    "expected %s %s%s%s in:\n%s", (clause), (status),                    \
                    (text) ? " mentioning " : "", (text) ? (text) : "", (report));        \
    } while (0)

START_TEST(every_clause_appears_once_with_one_status)
{
    event_list events;
    load_log(&events, NULL);
    unsigned counts[STATUS_COUNT];
    char *report = report_of(&events, counts);
    size_t count, service = 0;
    const fsp_clause *table = fsp_clause_table(&count);
    for (size_t i = 0; i < count; i++) {
        service += table[i].party == CLAUSE_SERVICE;
        const char *first = line_of(report, table[i].id);
        expect_that(first != NULL, "%s has no line in:\n%s", table[i].id, report);
        expect_that(line_of(first + 1, table[i].id) == NULL, "%s has two lines", table[i].id);
    }
    expect_that(counts[STATUS_SERVICE] == service && counts[STATUS_SKIP] == count - service &&
                counts[STATUS_PASS] + counts[STATUS_FAIL] + counts[STATUS_WARN] +
                counts[STATUS_INFO] == 0, "an empty log: expected %zu SERVICE and %zu SKIP, "
                "got %u and %u", service, count - service, counts[STATUS_SERVICE],
                counts[STATUS_SKIP]);
    char closing[96];
    snprintf(closing, sizeof(closing), "%zu clauses: 0 PASS, 0 FAIL, 0 WARN, 0 INFO, %zu SKIP, "
             "%zu SERVICE", count, count - service, service);
    expect_that(strstr(report, closing) != NULL, "expected '%s' in:\n%s", closing, report);
    free(report);
    event_list_free(&events);
}
END_TEST

START_TEST(the_worst_verdict_decides_and_repeats_are_grouped)
{
    static const char *const lines[] = {
        "\"ev\":\"verdict\",\"level\":\"PASS\",\"clause\":\"SEND-8\",\"msg\":\"job j1: TRUE and FS_COMPLETED\"",
        "\"ev\":\"verdict\",\"level\":\"FAIL\",\"clause\":\"SEND-8\",\"msg\":\"job j2: FaxDevSend returned TRUE but the status is FS_BUSY\"",
        "\"ev\":\"verdict\",\"level\":\"FAIL\",\"clause\":\"SEND-8\",\"msg\":\"job j3: FaxDevSend returned TRUE but the status is FS_BUSY\"",
        "\"ev\":\"verdict\",\"level\":\"PASS\",\"clause\":\"STAT-2\",\"msg\":\"job j1: all 3 status packets came from the service's heap\"",
        "\"ev\":\"verdict\",\"level\":\"PASS\",\"clause\":\"STAT-2\",\"msg\":\"job j2: all 4 status packets came from the service's heap\"",
        "\"ev\":\"verdict\",\"level\":\"INFO\",\"clause\":\"STAT-2\",\"msg\":\"a note\"",
        "\"ev\":\"verdict\",\"level\":\"INFO\",\"clause\":\"RPT-5\",\"msg\":\"job j1: the probe asked for 9000 bytes\"",
        NULL,
    };
    event_list events;
    load_log(&events, lines);
    unsigned counts[STATUS_COUNT];
    char *report = report_of(&events, counts);
    expect_line(report, "SEND-8", "FAIL", "(2 times)");
    expect_line(report, "STAT-2", "PASS", "(2 times)");
    expect_line(report, "RPT-5", "SERVICE", "the probe asked for 9000 bytes");
    expect_line(report, "SEND-5", "SKIP", "no send ran");
    expect_line(report, "LOAD-1", "SKIP", "not judged by this version of the kit");
    expect_line(report, "INIT-1", "SERVICE", "the kit plays it");
    expect_that(counts[STATUS_FAIL] == 1 && counts[STATUS_PASS] == 1, "expected 1 FAIL and "
                "1 PASS, got %u and %u", counts[STATUS_FAIL], counts[STATUS_PASS]);
    free(report);
    event_list_free(&events);
}
END_TEST

/* A refused FaxDevInitialize leaves nothing tested after it: never a PASS. */
START_TEST(a_refused_initialize_makes_the_run_incomplete)
{
    static const char *const refused[] = {
        "\"ev\":\"call\",\"fn\":\"FaxDevInitialize\",\"tid\":7",
        "\"ev\":\"return\",\"fn\":\"FaxDevInitialize\",\"ret\":0,\"last_error\":2,\"tid\":7",
        NULL,
    };
    static const char *const accepted[] = {
        "\"ev\":\"return\",\"fn\":\"FaxDevInitialize\",\"ret\":1,\"last_error\":0,\"tid\":7",
        NULL,
    };
    event_list events;
    char why[256];
    load_log(&events, refused);
    const char *incomplete = clause_report_incomplete(&events, why, sizeof(why));
    expect_that(incomplete && strstr(incomplete, "FaxDevInitialize returned FALSE (error 2)"),
                "expected INCOMPLETE naming FaxDevInitialize, got %s", incomplete ? incomplete
                                                                            : "NULL");
    event_list_free(&events);
    load_log(&events, accepted);
    expect_that(clause_report_incomplete(&events, why, sizeof(why)) == NULL,
                "an accepted Initialize is not INCOMPLETE: %s", why);
    event_list_free(&events);
    /* RETRY-4's scenario takes the line away first: refusing to start then is the FSP's
     * choice (INIT-8), not a run cut short (it made `--only modem_line_missing` INCOMPLETE) */
    static const char *const without_line[] = {
        "\"ev\":\"scenario\",\"file\":\"modem_line_missing.fsc\",\"name\":\"x\",\"tid\":7",
        "\"ev\":\"line-missing\",\"port\":\"COM5\",\"open_error\":2,\"tid\":7",
        "\"ev\":\"return\",\"fn\":\"FaxDevInitialize\",\"ret\":0,\"last_error\":2,\"tid\":7",
        "\"ev\":\"scenario\",\"file\":\"other.fsc\",\"name\":\"y\",\"tid\":7",
        "\"ev\":\"return\",\"fn\":\"FaxDevInitialize\",\"ret\":1,\"last_error\":0,\"tid\":7",
        NULL,
    };
    load_log(&events, without_line);
    expect_that(clause_report_incomplete(&events, why, sizeof(why)) == NULL,
                "a refusal with the line taken away is not INCOMPLETE: %s", why);
    event_list_free(&events);
}
END_TEST

/* A host killed while writing leaves its last line torn: the events before it count
 * (the reader once refused the whole log, and fspconform reported nothing). */
START_TEST(a_torn_last_line_does_not_lose_the_log)
{
    char path[256], why[256];
    int fd = kit_temp_file("report", ".jsonl", path, sizeof(path));
    expect_that(fd >= 0, "cannot create a temporary log");
    FILE *f = fdopen(fd, "w");
    fprintf(f, "{\"v\":1,\"ev\":\"verdict\",\"level\":\"PASS\",\"clause\":\"EXP-1\",\"msg\":\"x\"}\n"
               "{\"v\":1,\"ev\":\"call\",\"fn\":\"FaxDevIni");
    fclose(f);
    event_list events;
    int loaded = event_list_load(path, &events, why, sizeof(why));
    expect_that(loaded == 0 && events.count == 1, "expected the first event, got %d (%s)",
                loaded, loaded ? why : "");
    event_list_free(&events);
    /* ... but a broken line with more after it is a bad log */
    f = fopen(path, "w");
    fprintf(f, "{\"v\":1,\"ev\":\"call\",\"fn\":\"FaxDevIni\n"
               "{\"v\":1,\"ev\":\"verdict\",\"level\":\"PASS\",\"clause\":\"EXP-1\",\"msg\":\"x\"}\n");
    fclose(f);
    expect_that(event_list_load(path, &events, why, sizeof(why)) != 0 && strstr(why, ":1:"),
                "a broken first line must be refused naming line 1, got '%s'", why);
    unlink(path);
}
END_TEST

/* A test's failure message lists the host's verdicts worst first: Check keeps 8 KB of a
 * message, and a FAIL written after hundreds of PASS lines was lost (check_refsp's race
 * sweep: "expected no FAIL verdict; the host gave:" and PASS lines only). */
START_TEST(verdicts_are_described_worst_first)
{
    event_list events = {0};
    for (int i = 0; i < 300; i++)
        expect_that(event_list_add_verdict(&events, "PASS", "ERR-2", "documented",
                                           "FaxDevReportStatus failed with error 122") == 0,
                    "out of memory");
    event_list_add_verdict(&events, "INFO", "RPT-6", "documented", "no string to place");
    event_list_add_verdict(&events, "FAIL", "ABORT-1", "documented", "the call still up");
    char *text = event_list_describe_verdicts(&events);
    static const char first[] = "  FAIL ABORT-1 the call still up\n  INFO RPT-6 ";
    expect_that(text && strncmp(text, first, sizeof(first) - 1) == 0,
                "expected the FAIL, then the INFO, first; got:\n%.300s", text ? text : "?");
    expect_that(text && strstr(text, "  PASS ERR-2") != NULL, "the PASS lines must follow");
    free(text);
    event_list_free(&events);
}
END_TEST

/* --- the formats CI tools read (report_tap.c, report_junit.c) ---------------------------- */

/* A run with one FAIL, one WARN, one PASS and an INFO; the rest SKIP or SERVICE. */
static const char *const mixed_run[] = {
    "\"ev\":\"verdict\",\"level\":\"FAIL\",\"clause\":\"SEND-8\",\"msg\":\"job j2: TRUE # but <FS_BUSY> & \\\"quoted\\\"\"",
    "\"ev\":\"verdict\",\"level\":\"FAIL\",\"clause\":\"SEND-8\",\"msg\":\"job j3: TRUE # but <FS_BUSY> & \\\"quoted\\\"\"",
    "\"ev\":\"verdict\",\"level\":\"WARN\",\"clause\":\"SEND-9\",\"msg\":\"job j4: FALSE with FS_FATAL_ERROR\"",
    "\"ev\":\"verdict\",\"level\":\"PASS\",\"clause\":\"STAT-2\",\"msg\":\"job j1: all 3 status packets came from the service's heap\"",
    "\"ev\":\"verdict\",\"level\":\"INFO\",\"clause\":\"EXP-5\",\"msg\":\"FaxDevConfigure is not exported \\u0001 \\u00e9\"",
    NULL,
};

static int narrow_send_only(const char *clause_id)
{
    return strncmp(clause_id, "SEND-", 5) == 0;
}

static const report_run failed_run = {
    "9.9", "C:\\fsp\\Vendor # FSP.dll", "x64", 0, "FAIL - at least one documented clause "
    "was broken", 12.5, "2026-12-03T08:00:00Z", "fspconform", "--line COM5 Vendor.dll",
    narrow_send_only,
};

/* The report in one format, in a temporary file (path in `path`). */
static void write_format(const char *const lines[], const report_run *run, int junit,
                         char *path, size_t size, clause_results *results,
                         event_list *events)
{
    load_log(events, lines);
    expect_that(clause_results_build(events, NULL, 0, results) == 0, "out of memory");
    int fd = kit_temp_file("report", junit ? ".xml" : ".tap", path, size);
    expect_that(fd >= 0, "cannot create a temporary report");
    FILE *out = fdopen(fd, "w");
    if (junit)
        report_write_junit(out, results, run);
    else
        report_write_tap(out, results, run, "time: total 12.5 s\nreading: none");
    fclose(out);
}

/* prove, Debian's perl TAP harness, reads the TAP: it counts the FAIL and the run as
 * failed, the WARN as a TODO (not a failure), and every clause's test point. */
START_TEST(tap_is_counted_right_by_prove)
{
    char path[256], why[256];
    clause_results results;
    event_list events;
    write_format(mixed_run, &failed_run, 0, path, sizeof(path), &results, &events);
    proc_result r;
    expect_that(tap_prove(path, 1, &r, why, sizeof(why)) == 0, "prove: %s", why);
    char plan[64], failed[64];
    snprintf(plan, sizeof(plan), "1..%zu", results.count + 1);
    snprintf(failed, sizeof(failed), "Failed 2/%zu subtests", results.count + 1);
    expect_that(r.exit_code == 1 && strstr(r.out, plan) && strstr(r.out, failed),
                "prove: expected exit 1, '%s' and '%s'; got %d:\n%s\n%s", plan, failed,
                r.exit_code, r.out, r.err);
    expect_that(strstr(r.out, "TODO passed") == NULL && strstr(r.out, "# TODO WARN"),
                "the WARN must be an unfinished TODO:\n%s", r.out);
    expect_that(strstr(r.out, "not ok") && strstr(r.out, "SEND-8 job j2: TRUE \\# but"),
                "the FAIL's description keeps its '#' escaped:\n%s", r.out);
    expect_that(strstr(r.out, "replay: \"fspconform --only SEND-8 --line COM5 Vendor.dll\""),
                "the FAIL's YAML names its replay:\n%s", r.out);
    proc_result_free(&r);
    /* A passing run: prove says PASS, with the SKIP points counted as skipped. */
    report_run passing = failed_run;
    passing.passed = 1;
    passing.verdict = "PASS - no documented clause was broken";
    static const char *const clean[] = {
        "\"ev\":\"verdict\",\"level\":\"PASS\",\"clause\":\"STAT-2\",\"msg\":\"ok\"", NULL};
    clause_results_free(&results);
    event_list_free(&events);
    unlink(path);
    write_format(clean, &passing, 0, path, sizeof(path), &results, &events);
    expect_that(tap_prove(path, 1, &r, why, sizeof(why)) == 0, "prove: %s", why);
    expect_that(r.exit_code == 0 && strstr(r.out, "Result: PASS"), "prove: expected PASS, "
                "got %d:\n%s", r.exit_code, r.out);
    proc_result_free(&r);
    clause_results_free(&results);
    event_list_free(&events);
    unlink(path);
}
END_TEST

/* python3-junitparser reads the JUnit file with the right counts, and xmllint finds it
 * well-formed although the messages carry XML's special characters, a control character
 * and non-ASCII text. */
START_TEST(junit_is_counted_right_by_junitparser)
{
    char path[256], why[256];
    clause_results results;
    event_list events;
    write_format(mixed_run, &failed_run, 1, path, sizeof(path), &results, &events);
    const char *lint[] = {"/usr/bin/xmllint", "--noout", path, NULL};
    proc_result r;
    expect_that(proc_run(lint, 60, &r, why, sizeof(why)) == 0, "xmllint: %s", why);
    expect_that(r.exit_code == 0, "xmllint: not well-formed:\n%s", r.err);
    proc_result_free(&r);
    expect_that(junit_read(path, &r, why, sizeof(why)) == 0, "python3: %s", why);
    char want[256];
    unsigned skipped = results.counts[STATUS_SKIP] + results.counts[STATUS_SERVICE];
    snprintf(want, sizeof(want), "tests=%zu failures=2 skipped=%u failed=SEND-8|the run "
             "first=job j2: TRUE # but <FS_BUSY> & \"quoted\"", results.count + 1, skipped);
    expect_that(r.exit_code == 0 && strstr(r.out, want), "junitparser: expected '%s', got "
                "%d:\n%s\n%s", want, r.exit_code, r.out, r.err);
    proc_result_free(&r);
    clause_results_free(&results);
    event_list_free(&events);
    unlink(path);
}
END_TEST

/* What XML 1.0 and YAML cannot carry becomes U+FFFD: a control character and bytes that
 * are not UTF-8 (a DLL's station ID may hold anything). */
START_TEST(text_that_formats_cannot_carry_is_replaced)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    report_put_xml(out, "a\x01" "b\xff" "c\xc3\xa9<&>");
    fputc('|', out);
    report_put_yaml(out, "q\"\\\xed\xa0\x80");
    fputc('|', out);
    report_put_tap(out, "x#y\\z\nw");
    fclose(out);
    static const char want[] = "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xc3\xa9&lt;&amp;&gt;|"
                               "\"q\\\"\\\\\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"|x\\#y\\\\z w";
    expect_that(strcmp(text, want) == 0, "expected\n%s\ngot\n%s", want, text);
    free(text);
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"report", every_clause_appears_once_with_one_status, TIMEOUT_UNIT, 0, 0},
        {"report", the_worst_verdict_decides_and_repeats_are_grouped, TIMEOUT_UNIT, 0, 0},
        {"report", a_refused_initialize_makes_the_run_incomplete, TIMEOUT_UNIT, 0, 0},
        {"report", a_torn_last_line_does_not_lose_the_log, TIMEOUT_UNIT, 0, 0},
        {"report", verdicts_are_described_worst_first, TIMEOUT_UNIT, 0, 0},
        {"formats", tap_is_counted_right_by_prove, TIMEOUT_PROCESS, 0, 0},
        {"formats", junit_is_counted_right_by_junitparser, TIMEOUT_PROCESS, 0, 0},
        {"formats", text_that_formats_cannot_carry_is_replaced, TIMEOUT_UNIT, 0, 0},
    };
    return harness_main("report", tests, HARNESS_COUNT(tests));
}
