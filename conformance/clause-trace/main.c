/*
 * clause-trace - writes docs/clauses.md, the contract's traceability matrix, from the
 * sources themselves: for each clause of docs/contract.md, the rule modules that judge it
 * (or the written reason why none does: conformance/unjudged.txt), the built-in battery's
 * scenarios that exercise it, the example scenarios, the Check tests, the mutants that
 * break it and the reference FSP's code that honours it - every mention a link to its
 * line. `make` regenerates it; check_clauses fails when the committed copy is stale.
 *
 * Usage: clause-trace [--help]    (run from the repository root; writes to stdout)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "battery.h"
#include "clause_reasons.h"
#include "clause_report.h"
#include "fsp_clauses.h"
#include "source_scan.h"

#define CELL_FILES 4       /* files named in one cell; the rest are counted */

/* The columns after the clause's own: what is searched for its ID. */
typedef struct column {
    const char *title;
    const char *const *patterns;
} column;

static const char *const rule_files[] = {"fake-faxsvc/rules/*.c", NULL};
static const char *const scenario_files[] = {"conformance/scenarios/*.fsc", NULL};
static const char *const test_files[] = {
    "conformance/tests/check_*.c", "fake-faxsvc/tests/check_*.c", "faxpage/tests/check_*.c",
    "harness/tests/check_*.c", "modem-sim/tests/check_*.c", "reference-fsp/tests/check_*.c",
    "testpage/tests/check_*.c", NULL};
static const char *const mutant_files[] = {
    "conformance/mutants/*.c", "conformance/modem-mutants/*.c",
    "conformance/testfsp/mutants/*.c", NULL};
static const char *const reference_files[] = {"reference-fsp/*.c", "reference-fsp/*.h", NULL};

static const column columns[] = {
    {"rules", rule_files},
    {"example scenarios", scenario_files},
    {"Check tests", test_files},
    {"mutants", mutant_files},
    {"reference FSP", reference_files},
};
#define COLUMNS (sizeof(columns) / sizeof(columns[0]))

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: clause-trace [--help]\n"
            "Write docs/clauses.md - every clause of docs/contract.md with the rules that\n"
            "judge it (or why none does), the battery scenarios, example scenarios, Check\n"
            "tests, mutants and reference FSP code that mention it, each a link to the line -\n"
            "to standard output. Run from the repository root (make does).\n"
            "\n"
            "Exit status: 0 written, 2 a source or conformance/unjudged.txt cannot be read\n"
            "(FILE:LINE: message on stderr).\n");
}

/* One cell: each file that mentions `id`, linked to its first mention - in code, to the
 * first place it is a string ("SEND-8"), where a rule names its verdict, rather than to a
 * comment. */
static void print_cell(FILE *out, const source_set *set, const char *id)
{
    size_t files = 0, more = 0;
    char quoted[24];
    snprintf(quoted, sizeof(quoted), "\"%s\"", id);
    for (size_t i = 0; i < set->count; i++) {
        unsigned line;
        size_t n = source_mentions(&set->files[i], quoted, &line, 1);
        if (n == 0)
            n = source_mentions(&set->files[i], id, &line, 1);
        if (n == 0)
            continue;
        if (files++ >= CELL_FILES) {
            more++;
            continue;
        }
        const char *name = strrchr(set->files[i].path, '/');
        name = name ? name + 1 : set->files[i].path;
        fprintf(out, "%s[%s:%u](../%s#L%u)", files > 1 ? "<br>" : "", name, line,
                set->files[i].path, line);
        if (n > 1)
            fprintf(out, " (%zu)", n);
    }
    if (more)
        fprintf(out, "<br>+%zu more", more);
    if (files == 0)
        fputs("-", out);
}

/* The battery's scenarios whose table entry names the clause. */
static void print_battery(FILE *out, const char *id)
{
    size_t count, shown = 0;
    const battery_scenario *table = battery_table(&count);
    for (size_t i = 0; i < count; i++)
        if (battery_exercises(&table[i], id))
            fprintf(out, "%s[%s](../conformance/battery/%s.fsc)", shown++ ? "<br>" : "",
                    table[i].name, table[i].name);
    if (!shown)
        fputs("-", out);
}

/* Markdown table cells hold no '|' and no line break. */
static void print_text(FILE *out, const char *text)
{
    for (; *text; text++) {
        if (*text == '|')
            fputs("\\|", out);
        else
            fputc(*text == '\n' ? ' ' : *text, out);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        int help = strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0;
        usage(help ? stdout : stderr);
        if (!help)
            fprintf(stderr, "clause-trace: unexpected argument '%s'\n", argv[1]);
        return help ? 0 : 2;
    }
    char why[512];
    clause_reasons reasons;
    if (clause_reasons_load(CLAUSE_REASONS_FILE, &reasons, why, sizeof(why)) != 0) {
        fprintf(stderr, "clause-trace: %s\n", why);
        return 2;
    }
    source_set sets[COLUMNS];
    for (size_t c = 0; c < COLUMNS; c++)
        if (source_set_load(&sets[c], columns[c].patterns, why, sizeof(why)) != 0) {
            fprintf(stderr, "clause-trace: %s\n", why);
            return 2;
        }
    size_t count, fsp = 0, judged = 0;
    const fsp_clause *clauses = fsp_clause_table(&count);
    for (size_t i = 0; i < count; i++) {
        fsp += clauses[i].party == CLAUSE_FSP;
        judged += clauses[i].party == CLAUSE_FSP && clause_report_judgeable(clauses[i].id);
    }
    printf("# Clauses: where each is judged, exercised, tested and honoured\n\n"
           "Generated by `make` (conformance/clause-trace) from the sources; do not edit.\n"
           "One row per clause of [contract.md](contract.md): the rule modules that give it "
           "a verdict (for an FSP clause no rule judges, the reason, from "
           "[conformance/unjudged.txt](../conformance/unjudged.txt)), the built-in battery's "
           "scenarios that exercise it ([battery.md](battery.md)), and the files that "
           "mention it - example scenarios, Check tests, mutants (each says which clause it "
           "breaks) and the reference FSP's code - each linked to its first mention, with "
           "the count when there are more. The service's clauses are the kit's to play, "
           "not the FSP's to break.\n\n"
           "%zu clauses: %zu the FSP's, %zu of them judged by a rule.\n\n"
           "| clause | binds as | judged by | battery | example scenarios | Check tests | "
           "mutants | reference FSP |\n"
           "|---|---|---|---|---|---|---|---|\n",
           count, fsp, judged);
    for (size_t i = 0; i < count; i++) {
        const fsp_clause *c = &clauses[i];
        printf("| **%s** | %s | ", c->id, clause_strength_name(c->strength));
        const clause_reason *reason = clause_reasons_find(&reasons, c->id);
        if (c->party == CLAUSE_SERVICE)
            fputs("the service's part (the kit plays it)", stdout);
        else if (clause_report_judgeable(c->id))
            print_cell(stdout, &sets[0], c->id);
        else if (reason) {
            fputs("not judged: ", stdout);
            print_text(stdout, reason->reason);
        } else {
            fputs("**not judged, no reason given**", stdout);
        }
        fputs(" | ", stdout);
        print_battery(stdout, c->id);
        for (size_t col = 1; col < COLUMNS; col++) {
            fputs(" | ", stdout);
            print_cell(stdout, &sets[col], c->id);
        }
        fputs(" |\n", stdout);
    }
    for (size_t c = 0; c < COLUMNS; c++)
        source_set_free(&sets[c]);
    clause_reasons_free(&reasons);
    return ferror(stdout) ? 2 : 0;
}
