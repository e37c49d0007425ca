/*
 * fsp_clauses.h - the numbered contract clauses and how strongly each one binds.
 *
 * Every verdict in the kit names a clause from this table. The table is our project's
 * reading of the contract (shared/fsp-contract.md section 4, mirrored in
 * docs/contract.md); a clause's strength decides the level of a verdict that says it
 * was broken:
 *   documented rule        -> FAIL   (the only level that fails a run)
 *   documented advice      -> WARN   ("should", "advised")
 *   our reading            -> WARN
 *   a SampleFSP convention -> WARN
 *   UNCONFIRMED            -> WARN
 * Clauses that describe what the *service* does are followed by the fake service and
 * never used to judge a DLL.
 *
 * Portable C11: used by fake-faxsvc.exe (mingw) and by the native report tools.
 */
#ifndef FSPKIT_FSP_CLAUSES_H
#define FSPKIT_FSP_CLAUSES_H

#include <stddef.h>

typedef enum clause_strength {
    CLAUSE_DOCUMENTED,
    CLAUSE_ADVICE,
    CLAUSE_OUR_READING,
    CLAUSE_SAMPLE_CONVENTION,
    CLAUSE_UNCONFIRMED
} clause_strength;

typedef enum clause_party {
    CLAUSE_FSP,     /* an obligation of the DLL: verdicts judge the DLL on it */
    CLAUSE_SERVICE  /* what the service does: the fake service follows it */
} clause_party;

typedef struct fsp_clause {
    const char *id;          /* "ABORT-3" */
    clause_strength strength;
    clause_party party;
    const char *text;        /* one sentence, our words */
} fsp_clause;

typedef enum verdict_level {
    VERDICT_PASS,  /* the clause was checked and held */
    VERDICT_INFO,  /* a figure or an observation; never a violation */
    VERDICT_WARN,  /* a non-binding clause was not met */
    VERDICT_FAIL   /* a documented rule was broken: the run fails */
} verdict_level;

/* The clause with this ID, or NULL. */
const fsp_clause *fsp_clause_find(const char *id);

/* All clauses in document order; *count receives their number. */
const fsp_clause *fsp_clause_table(size_t *count);

/* The level of a verdict saying that `clause` was broken (FAIL or WARN). */
verdict_level fsp_clause_violation_level(const fsp_clause *clause);

const char *verdict_level_name(verdict_level level);      /* "FAIL", ... */
int verdict_level_from_name(const char *name, verdict_level *level); /* 1 if known */
const char *clause_strength_name(clause_strength strength); /* "documented", ... */

#endif /* FSPKIT_FSP_CLAUSES_H */
