/*
 * check_clauses.c - the clause table (include/fsp_clauses.h) against the contract it is
 * read from (docs/contract.md): the same IDs in the same order, and each violation
 * level following from the clause's strength. A clause added to the contract and not
 * to the table (or the other way round) fails here, not silently in a report.
 */
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check_harness.h"
#include "clause_reasons.h"
#include "clause_report.h"
#include "fsp_clauses.h"
#include "host_run.h"
#include "kit_temp.h"
#include "mutant_decl.h"
#include "proc_run.h"

#define CONTRACT "docs/contract.md"
#define MAX_IDS 256

/* The IDs of "- **ID** ..." lines, in document order. */
static size_t contract_ids(char ids[][16])
{
    FILE *f = fopen(CONTRACT, "r");
    ck_assert_msg(f != NULL, "%s: cannot open (run from the repository root)", CONTRACT);
    char line[2048];
    size_t n = 0;
    while (fgets(line, sizeof(line), f) && n < MAX_IDS) {
        char id[16];
        if (sscanf(line, "- **%15[A-Z0-9-]**", id) == 1 && strchr(id, '-'))
            snprintf(ids[n++], sizeof(ids[0]), "%s", id);
    }
    fclose(f);
    return n;
}

START_TEST(table_lists_every_contract_clause_in_order)
{
    char ids[MAX_IDS][16];
    size_t n = contract_ids(ids), count;
    const fsp_clause *table = fsp_clause_table(&count);
    ck_assert_msg(n >= 100, "expected 100+ clauses in %s, found %zu", CONTRACT, n);
    size_t kit_own = 0;
    for (size_t i = 0; i < count; i++)
        kit_own += strncmp(table[i].id, "SCN-", 4) == 0;
    ck_assert_msg(count - kit_own == n, "the table has %zu contract clauses, %s has %zu",
                  count - kit_own, CONTRACT, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(strcmp(table[i].id, ids[i]) == 0,
                      "clause %zu: the table has %s where %s has %s", i + 1, table[i].id,
                      CONTRACT, ids[i]);
}
END_TEST

START_TEST(only_documented_clauses_fail)
{
    size_t count;
    const fsp_clause *table = fsp_clause_table(&count);
    for (size_t i = 0; i < count; i++) {
        verdict_level want = table[i].strength == CLAUSE_DOCUMENTED ? VERDICT_FAIL : VERDICT_WARN;
        ck_assert_msg(fsp_clause_violation_level(&table[i]) == want,
                      "%s (%s): a violation should be %s", table[i].id,
                      clause_strength_name(table[i].strength), verdict_level_name(want));
    }
    /* The markings of the contract text are honoured: spot checks. */
    static const struct { const char *id; clause_strength strength; } marked[] = {
        {"EXP-4", CLAUSE_OUR_READING}, {"RPT-8", CLAUSE_SAMPLE_CONVENTION},
        {"RPT-9", CLAUSE_UNCONFIRMED}, {"ABORT-3", CLAUSE_DOCUMENTED},
        {"STAT-1", CLAUSE_ADVICE}, {"LINE-2", CLAUSE_DOCUMENTED},
    };
    for (size_t i = 0; i < sizeof(marked) / sizeof(marked[0]); i++) {
        const fsp_clause *c = fsp_clause_find(marked[i].id);
        ck_assert_msg(c && c->strength == marked[i].strength, "%s: expected %s, got %s",
                      marked[i].id, clause_strength_name(marked[i].strength),
                      c ? clause_strength_name(c->strength) : "no such clause");
    }
    /* LINE-2 is what the service does (the enable signal), so it never judges a DLL. */
    const fsp_clause *line2 = fsp_clause_find("LINE-2");
    ck_assert_msg(line2 && line2->party == CLAUSE_SERVICE, "LINE-2: expected a service clause");
    ck_assert_msg(fsp_clause_find("NOPE-1") == NULL, "an unknown ID was found");
}
END_TEST

START_TEST(level_names_round_trip)
{
    for (int level = VERDICT_PASS; level <= VERDICT_FAIL; level++) {
        verdict_level back;
        ck_assert_msg(verdict_level_from_name(verdict_level_name(level), &back) &&
                      (int)back == level, "level %d did not survive its name", level);
    }
    verdict_level ignored;
    ck_assert_msg(!verdict_level_from_name("MAYBE", &ignored), "MAYBE was taken as a level");
}
END_TEST

/* Every FSP clause is judged by a rule or says why not (conformance/unjudged.txt), never
 * both: a clause a new rule starts judging loses its stale reason. */
START_TEST(every_fsp_clause_is_judged_or_says_why_not)
{
    clause_reasons reasons;
    char why[512];
    ck_assert_msg(clause_reasons_load(CLAUSE_REASONS_FILE, &reasons, why, sizeof(why)) == 0,
                  "%s", why);
    size_t count;
    const fsp_clause *table = fsp_clause_table(&count);
    for (size_t i = 0; i < count; i++) {
        const clause_reason *reason = clause_reasons_find(&reasons, table[i].id);
        int judged = clause_report_judgeable(table[i].id);
        if (table[i].party == CLAUSE_SERVICE)
            expect_that(!reason && !judged, "%s is the service's: no rule and no reason (%s:%u)",
                        table[i].id, CLAUSE_REASONS_FILE, reason ? reason->line : 0);
        else
            expect_that(judged != (reason != NULL), "%s: %s", table[i].id,
                        judged ? "a rule judges it, yet " CLAUSE_REASONS_FILE " gives a reason"
                               : "no rule judges it and " CLAUSE_REASONS_FILE " gives no reason");
    }
    clause_reasons_free(&reasons);
}
END_TEST

/* A file's mistakes, read by `reader` from a temporary copy of `text`: 0 when accepted,
 * else -1 with the message in `why`. */
typedef int (*file_reader)(const char *path, char *why, size_t why_size);

static int read_text(const char *suffix, const char *text, file_reader reader, char *why,
                     size_t why_size)
{
    char path[256];
    int fd = kit_temp_file("trace", suffix, path, sizeof(path));
    ck_assert_msg(fd >= 0, "cannot make a temporary file");
    ck_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    int status = reader(path, why, why_size);
    unlink(path);
    return status;
}

static int read_reasons(const char *path, char *why, size_t why_size)
{
    clause_reasons reasons;
    int status = clause_reasons_load(path, &reasons, why, why_size);
    if (status == 0)
        clause_reasons_free(&reasons);
    return status;
}

static int read_declaration(const char *path, char *why, size_t why_size)
{
    mutant_decl decl;
    return mutant_decl_read(path, &decl, why, why_size);
}

/* The reasons file's mistakes are FILE:LINE messages. */
START_TEST(a_bad_reasons_file_names_its_line)
{
    static const struct { const char *text, *says; } cases[] = {
        {"# c\nLOAD-1  why\nNOPE-9  why\n", ":3: NOPE-9 is no clause"},
        {"LOAD-1  why\nLOAD-1  again\n", ":2: LOAD-1 has a reason already (line 1)"},
        {"\nLOAD-1\n", ":2: LOAD-1: the reason is missing"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char why[512] = "";
        int loaded = read_text(".txt", cases[i].text, read_reasons, why, sizeof(why));
        expect_that(loaded != 0 && strstr(why, cases[i].says), "case %zu: expected '%s', got '%s'",
                    i, cases[i].says, loaded ? why : "no error");
    }
}
END_TEST

/* docs/clauses.md is what clause-trace makes from today's sources: a rule, a test or a
 * mutant added without `make` leaves it stale, and that fails here. */
START_TEST(the_traceability_matrix_is_current)
{
    char tool[512], why[512];
    snprintf(tool, sizeof(tool), "%s/native/clause-trace", host_build_dir());
    const char *argv[] = {tool, NULL};
    proc_result r;
    ck_assert_msg(proc_run(argv, 60, &r, why, sizeof(why)) == 0, "%s", why);
    expect_that(r.exit_code == 0, "clause-trace exited %d: %s", r.exit_code, r.err);
    FILE *f = fopen("docs/clauses.md", "rb");
    ck_assert_msg(f != NULL, "docs/clauses.md is missing: `make` writes it");
    static char committed[1 << 20];
    size_t n = fread(committed, 1, sizeof(committed) - 1, f);
    fclose(f);
    committed[n] = '\0';
    size_t at = 0;
    while (committed[at] && committed[at] == r.out[at])
        at++;
    expect_that(strcmp(committed, r.out) == 0, "docs/clauses.md is stale (run make): it differs "
                "from clause-trace's output at byte %zu: '%.120s' against '%.120s'", at,
                committed + at, r.out + at);
    proc_result_free(&r);
}
END_TEST

/* Every mutant of the kit's FSPs says next to its code what it breaks (or why it is no
 * breach), in words mutation-score, check_loading and check_battery then hold it to. */
START_TEST(every_mutant_declares_its_breach)
{
    static const char *const patterns[] = {"conformance/mutants/*.c",
                                           "conformance/modem-mutants/*.c",
                                           "conformance/testfsp/mutants/*.c"};
    size_t seen = 0;
    for (size_t p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
        glob_t found;
        if (glob(patterns[p], 0, NULL, &found) != 0)
            continue;
        for (size_t i = 0; i < found.gl_pathc; i++, seen++) {
            mutant_decl decl;
            char why[512];
            expect_that(mutant_decl_read(found.gl_pathv[i], &decl, why, sizeof(why)) == 0,
                        "%s", why);
        }
        globfree(&found);
    }
    expect_that(seen >= 50, "found %zu mutant sources (run from the repository root)", seen);
}
END_TEST

/* A declaration that is wrong says where and why. */
START_TEST(a_bad_mutant_declaration_names_its_line)
{
    static const struct { const char *text, *says; } cases[] = {
        {"/*\n * breaks: NOPE-1 FAIL\n */\n", ":2: NOPE-1 is no clause"},
        {"/*\n * x\n * breaks: EXP-4 FAIL\n */\n",
         ":3: EXP-4: the clause table makes a violation WARN, not FAIL"},
        {"/*\n * breaks: LINE-2 FAIL\n */\n", ":2: LINE-2 is the service's clause"},
        {"/*\n * breaks: SEND-8\n */\n", ":2: 'breaks:' wants a clause and a level"},
        {"/*\n * a mutant\n */\n", "declares nothing"},
        {"/*\n * breaks: SEND-8 FAIL\n * uncatchable: why\n */\n", "more than one kind"},
        {"/*\n * breaks: VDEV-6 FAIL\n * needs: a modem\n */\n", ":3: 'needs: a modem'"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char why[512] = "";
        int read = read_text(".c", cases[i].text, read_declaration, why, sizeof(why));
        expect_that(read != 0 && strstr(why, cases[i].says), "case %zu: expected '%s', got '%s'",
                    i, cases[i].says, read ? why : "accepted");
    }
    /* a level other than the table's, with its reason, is right */
    mutant_decl decl;
    char why[512];
    expect_that(mutant_decl_read("conformance/modem-mutants/received_not_service_form.c", &decl,
                                 why, sizeof(why)) == 0 &&
                mutant_decl_breaks(&decl, "IMG-2", "WARN"), "%s", why);
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"table", table_lists_every_contract_clause_in_order, TIMEOUT_UNIT, 0, 0},
        {"table", only_documented_clauses_fail, TIMEOUT_UNIT, 0, 0},
        {"table", level_names_round_trip, TIMEOUT_UNIT, 0, 0},
        {"trace", every_fsp_clause_is_judged_or_says_why_not, TIMEOUT_UNIT, 0, 0},
        {"trace", a_bad_reasons_file_names_its_line, TIMEOUT_UNIT, 0, 0},
        {"trace", the_traceability_matrix_is_current, TIMEOUT_PROCESS, 0, 0},
        {"trace", every_mutant_declares_its_breach, TIMEOUT_UNIT, 0, 0},
        {"trace", a_bad_mutant_declaration_names_its_line, TIMEOUT_UNIT, 0, 0},
    };
    return harness_main("clauses", tests, HARNESS_COUNT(tests));
}
