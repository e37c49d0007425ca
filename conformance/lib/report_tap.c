/*
 * report_tap.c - the report as TAP version 13 (see report_formats.h): `prove`, and any
 * CI step that reads TAP, counts a FAIL as a failed test and a WARN as a TODO.
 */
#include "report_formats.h"

#include <string.h>

/* "  ---" ... "  ...": what a failed (or TODO) point's reader needs to act. */
static void yaml_block(FILE *out, const clause_result *r, const report_run *run)
{
    char replay[4096];
    report_replay(run, r->clause->id, replay, sizeof(replay));
    fprintf(out, "  ---\n  status: %s\n  binds_as: %s\n  messages:\n",
            clause_status_name(r->status), clause_strength_name(r->clause->strength));
    for (size_t l = 0; l < r->line_count; l++) {
        fprintf(out, "    - text: ");
        report_put_yaml(out, r->lines[l].text);
        fprintf(out, "\n      times: %u\n", r->lines[l].times);
    }
    fprintf(out, "  replay: ");
    report_put_yaml(out, replay);
    fprintf(out, "\n  ...\n");
}

static void test_point(FILE *out, size_t number, const clause_result *r,
                       const report_run *run)
{
    const char *first = r->line_count ? r->lines[0].text : "";
    int failed = r->status == STATUS_FAIL || r->status == STATUS_WARN;
    fprintf(out, "%s %zu - %s", failed ? "not ok" : "ok", number, r->clause->id);
    if (r->status == STATUS_SKIP || r->status == STATUS_SERVICE) {
        fprintf(out, " # SKIP ");   /* the reason, or the kit's word on the service's part */
        report_put_tap(out, first);
    } else {
        fputc(' ', out);
        report_put_tap(out, first);
    }
    if (r->status == STATUS_WARN) {
        fprintf(out, " # TODO WARN: %s, not binding", clause_strength_name(r->clause->strength));
    }
    fputc('\n', out);
    if (failed)
        yaml_block(out, r, run);
}

void report_write_tap(FILE *out, const clause_results *results, const report_run *run,
                      const char *comments)
{
    fprintf(out, "TAP version 13\n1..%zu\n", results->count + 1);
    fprintf(out, "# fspconform %s: ", run->version);
    report_put_tap(out, run->dll);
    fprintf(out, " (%s host)\n", run->host);
    for (const char *line = comments; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        fprintf(out, "# %.*s\n", (int)n, line);
        line += n + (end != NULL);
    }
    for (size_t i = 0; i < results->count; i++)
        test_point(out, i + 1, &results->items[i], run);
    fprintf(out, "%s %zu - the run: ", run->passed ? "ok" : "not ok", results->count + 1);
    report_put_tap(out, run->verdict);
    fputc('\n', out);
    if (!run->passed) {
        char replay[4096];
        report_replay(run, NULL, replay, sizeof(replay));
        fprintf(out, "  ---\n  verdict: ");
        report_put_yaml(out, run->verdict);
        fprintf(out, "\n  replay: ");
        report_put_yaml(out, replay);
        fprintf(out, "\n  ...\n");
    }
}
