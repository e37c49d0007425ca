/*
 * report_junit.c - the report as JUnit XML (see report_formats.h), the form CI servers
 * show as test results: one testsuite for the DLL, a testcase per clause (classname
 * "fspconform.FAMILY", so a CI's tree groups EXP, SEND, ABORT...) and one for the run.
 */
#include "report_formats.h"

#include <string.h>

static void attribute(FILE *out, const char *name, const char *value)
{
    fprintf(out, " %s=\"", name);
    report_put_xml(out, value);
    fputc('"', out);
}

/* Every line of a clause, one per line of text: "(3 times)" where it repeated. */
static void lines_text(FILE *out, const clause_result *r)
{
    for (size_t l = 0; l < r->line_count; l++) {
        report_put_xml(out, r->lines[l].text);
        if (r->lines[l].times > 1)
            fprintf(out, " (%u times)", r->lines[l].times);
        fputc('\n', out);
    }
}

static void test_case(FILE *out, const clause_result *r, const report_run *run)
{
    char family[32], replay[4096];
    const char *dash = strchr(r->clause->id, '-');
    size_t n = dash ? (size_t)(dash - r->clause->id) : strlen(r->clause->id);
    snprintf(family, sizeof(family), "fspconform.%.*s", (int)(n < 16 ? n : 16),
             r->clause->id);
    const char *first = r->line_count ? r->lines[0].text : "";
    fprintf(out, "    <testcase");
    attribute(out, "classname", family);
    attribute(out, "name", r->clause->id);
    fprintf(out, " time=\"0\">\n");
    switch (r->status) {
    case STATUS_FAIL:
        fprintf(out, "      <failure type=\"FAIL\"");
        attribute(out, "message", first);
        fprintf(out, ">");
        lines_text(out, r);
        fprintf(out, "</failure>\n");
        break;
    case STATUS_SKIP:
    case STATUS_SERVICE:
        fprintf(out, "      <skipped");
        attribute(out, "message", r->status == STATUS_SERVICE ? "the service's part" : first);
        fprintf(out, "/>\n");
        break;
    default:
        break;
    }
    report_replay(run, r->clause->id, replay, sizeof(replay));
    fprintf(out, "      <system-out>%s (binds as %s): ", clause_status_name(r->status),
            clause_strength_name(r->clause->strength));
    lines_text(out, r);
    fprintf(out, "replay: ");
    report_put_xml(out, replay);
    fprintf(out, "</system-out>\n    </testcase>\n");
}

void report_write_junit(FILE *out, const clause_results *results, const report_run *run)
{
    const unsigned *counts = results->counts;
    unsigned failures = counts[STATUS_FAIL] + !run->passed;
    unsigned skipped = counts[STATUS_SKIP] + counts[STATUS_SERVICE];
    size_t tests = results->count + 1;
    char suite[1024], replay[4096];
    snprintf(suite, sizeof(suite), "fspconform %s (%s host)", run->dll, run->host);
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(out, "<testsuites name=\"fspconform\" tests=\"%zu\" failures=\"%u\" errors=\"0\" "
            "skipped=\"%u\" time=\"%.3f\">\n", tests, failures, skipped, run->seconds);
    fprintf(out, "  <testsuite");
    attribute(out, "name", suite);
    fprintf(out, " tests=\"%zu\" failures=\"%u\" errors=\"0\" skipped=\"%u\" time=\"%.3f\"",
            tests, failures, skipped, run->seconds);
    attribute(out, "timestamp", run->timestamp);
    fprintf(out, ">\n    <properties>\n");
    static const char *const names[] = {"fspconform.version", "dll", "host"};
    const char *values[] = {run->version, run->dll, run->host};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        fprintf(out, "      <property");
        attribute(out, "name", names[i]);
        attribute(out, "value", values[i]);
        fprintf(out, "/>\n");
    }
    fprintf(out, "    </properties>\n");
    for (size_t i = 0; i < results->count; i++)
        test_case(out, &results->items[i], run);
    report_replay(run, NULL, replay, sizeof(replay));
    fprintf(out, "    <testcase classname=\"fspconform\" name=\"the run\" time=\"%.3f\">\n",
            run->seconds);
    if (!run->passed) {
        fprintf(out, "      <failure type=\"VERDICT\"");
        attribute(out, "message", run->verdict);
        fprintf(out, ">");
        report_put_xml(out, run->verdict);
        fprintf(out, "</failure>\n");
    }
    fprintf(out, "      <system-out>");
    report_put_xml(out, run->verdict);
    fprintf(out, "\nreplay: ");
    report_put_xml(out, replay);
    fprintf(out, "</system-out>\n    </testcase>\n  </testsuite>\n</testsuites>\n");
}
