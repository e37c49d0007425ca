/*
 * check_report.c - fspconform's report (conformance/lib/clause_report.c) on event logs
 * made up here: every clause of the contract exactly once with one status, the worst
 * verdict deciding it, repeats grouped, SKIP lines saying why, SERVICE lines for the
 * service's part, and INCOMPLETE when the run could not get past FaxDevInitialize.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_harness.h"
#include "clause_report.h"
#include "fsp_clauses.h"
#include "kit_temp.h"

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
    clause_report_print(out, events, NULL, 0, counts);
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

int main(void)
{
    const harness_test tests[] = {
        {"report", every_clause_appears_once_with_one_status, TIMEOUT_UNIT, 0, 0},
        {"report", the_worst_verdict_decides_and_repeats_are_grouped, TIMEOUT_UNIT, 0, 0},
        {"report", a_refused_initialize_makes_the_run_incomplete, TIMEOUT_UNIT, 0, 0},
        {"report", a_torn_last_line_does_not_lose_the_log, TIMEOUT_UNIT, 0, 0},
        {"report", verdicts_are_described_worst_first, TIMEOUT_UNIT, 0, 0},
    };
    return harness_main("report", tests, HARNESS_COUNT(tests));
}
