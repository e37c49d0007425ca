/*
 * clause_reasons.h - conformance/unjudged.txt: why the FSP clauses no rule judges are not
 * judged, one line each ("ID  reason"; # comments and blank lines). Read by clause-trace
 * (docs/clauses.md) and by check_clauses, which fails when an FSP clause has neither a
 * rule nor a reason, or has both.
 */
#ifndef FSPKIT_CLAUSE_REASONS_H
#define FSPKIT_CLAUSE_REASONS_H

#include <stddef.h>

#define CLAUSE_REASONS_FILE "conformance/unjudged.txt"

typedef struct clause_reason {
    char id[16];
    char *reason;
    unsigned line;
} clause_reason;

typedef struct clause_reasons {
    clause_reason *items;
    size_t count;
} clause_reasons;

/* Reads `path`. 0, or -1 with "PATH:LINE: problem" in `why` (an unknown clause ID, one
 * given twice, a line with no reason). */
int clause_reasons_load(const char *path, clause_reasons *out, char *why, size_t why_size);
/* The reason for `id`, or NULL. */
const clause_reason *clause_reasons_find(const clause_reasons *reasons, const char *id);
void clause_reasons_free(clause_reasons *reasons);

#endif /* FSPKIT_CLAUSE_REASONS_H */
