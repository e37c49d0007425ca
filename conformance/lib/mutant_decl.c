/*
 * mutant_decl.c - a mutant's declarations (see mutant_decl.h).
 */
#include "mutant_decl.h"

#include <stdio.h>
#include <string.h>

#include "fsp_clauses.h"

/* "breaks: CLAUSE LEVEL [(reason)]", after the comment's leading " * ". */
static int read_breach(const char *text, mutant_breach *b, char *problem, size_t size)
{
    int used = 0;
    memset(b, 0, sizeof(*b));
    if (sscanf(text, "%15s %7s %n", b->clause, b->level, &used) < 2) {
        snprintf(problem, size, "'breaks:' wants a clause and a level");
        return -1;
    }
    const fsp_clause *c = fsp_clause_find(b->clause);
    b->has_reason = text[used] == '(' && strchr(text + used, ')') != NULL;
    if (!c) {
        snprintf(problem, size, "%s is no clause of docs/contract.md", b->clause);
        return -1;
    }
    if (c->party != CLAUSE_FSP) {
        snprintf(problem, size, "%s is the service's clause: an FSP cannot break it", b->clause);
        return -1;
    }
    const char *table_level = verdict_level_name(fsp_clause_violation_level(c));
    if (strcmp(b->level, "FAIL") != 0 && strcmp(b->level, "WARN") != 0) {
        snprintf(problem, size, "level %s: a breach is FAIL or WARN", b->level);
        return -1;
    }
    if (strcmp(b->level, table_level) != 0 && !b->has_reason) {
        snprintf(problem, size, "%s: the clause table makes a violation %s, not %s (give the "
                 "reason in brackets)", b->clause, table_level, b->level);
        return -1;
    }
    return 0;
}

int mutant_decl_read(const char *path, mutant_decl *decl, char *why, size_t why_size)
{
    memset(decl, 0, sizeof(*decl));
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(why, why_size, "%s: cannot be opened", path);
        return -1;
    }
    char line[1024], problem[256] = "";
    unsigned number = 0, problem_line = 0;
    while (!problem[0] && fgets(line, sizeof(line), f)) {
        number++;
        line[strcspn(line, "\r\n")] = '\0';
        const char *p = line + strspn(line, " \t*");
        if (strncmp(p, "breaks:", 7) == 0) {
            if (decl->breach_count == MUTANT_DECL_MAX)
                snprintf(problem, sizeof(problem), "more than %d breaches", MUTANT_DECL_MAX);
            else if (read_breach(p + 7, &decl->breaks[decl->breach_count], problem,
                                 sizeof(problem)) == 0)
                decl->breach_count++;
        } else if (strncmp(p, "needs:", 6) == 0) {
            const char *what = p + 6 + strspn(p + 6, " \t");
            if (strcmp(what, "ring") != 0)
                snprintf(problem, sizeof(problem), "'needs: %s': the one need is 'ring'", what);
            decl->needs_ring = 1;
        } else if (strncmp(p, "not a breach:", 13) == 0 || strncmp(p, "uncatchable:", 12) == 0) {
            int *flag = p[0] == 'n' ? &decl->not_a_breach : &decl->uncatchable;
            const char *reason = strchr(p, ':') + 1;
            if (*(reason + strspn(reason, " \t")) == '\0')
                snprintf(problem, sizeof(problem), "'%.*s' wants its reason",
                         (int)(reason - p), p);
            *flag = 1;
        }
        problem_line = number;
    }
    fclose(f);
    int kinds = (decl->breach_count > 0) + decl->not_a_breach + decl->uncatchable;
    if (problem[0]) {
        snprintf(why, why_size, "%s:%u: %s", path, problem_line, problem);
        return -1;
    }
    if (kinds != 1) {
        snprintf(why, why_size, "%s: %s", path, kinds == 0
                 ? "declares nothing: 'breaks: CLAUSE LEVEL', 'not a breach: REASON' or "
                   "'uncatchable: REASON' (conformance/lib/mutant_decl.h)"
                 : "declares more than one kind (breaks, not a breach, uncatchable)");
        return -1;
    }
    return 0;
}

int mutant_decl_breaks(const mutant_decl *decl, const char *clause, const char *level)
{
    for (size_t i = 0; i < decl->breach_count; i++)
        if (strcmp(decl->breaks[i].clause, clause) == 0 && strcmp(decl->breaks[i].level, level) == 0)
            return 1;
    return 0;
}
