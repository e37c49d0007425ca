/*
 * check_clauses.c - the clause table (include/fsp_clauses.h) against the contract it is
 * read from (docs/contract.md): the same IDs in the same order, and each violation
 * level following from the clause's strength. A clause added to the contract and not
 * to the table (or the other way round) fails here, not silently in a report.
 */
#include <stdio.h>
#include <string.h>

#include "check_harness.h"
#include "fsp_clauses.h"

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

int main(void)
{
    const harness_test tests[] = {
        {"table", table_lists_every_contract_clause_in_order, TIMEOUT_UNIT, 0, 0},
        {"table", only_documented_clauses_fail, TIMEOUT_UNIT, 0, 0},
        {"table", level_names_round_trip, TIMEOUT_UNIT, 0, 0},
    };
    return harness_main("clauses", tests, HARNESS_COUNT(tests));
}
