/*
 * mutant_decl.h - what a mutant of the reference FSP says of itself, next to its code
 * (conformance/mutants/, conformance/modem-mutants/), in its header comment:
 *
 *     breaks: CLAUSE LEVEL [(reason)]   the clause it breaks and the verdict it must get:
 *                                       the level the clause table gives a violation, or
 *                                       another with the reason in brackets
 *     not a breach: REASON              it tests the kit, not a clause (a DLL that cannot
 *                                       be hosted, an environment the kit cannot give)
 *     uncatchable: REASON               no black-box check can see the breach
 *     needs: ring                       (beside one of those) it is caught only when a
 *                                       call comes in: its family's --ring makes one
 *
 * The suites that run the mutants check that what they catch is what is declared, and
 * check_clauses that every mutant declares something valid.
 */
#ifndef FSPKIT_MUTANT_DECL_H
#define FSPKIT_MUTANT_DECL_H

#include <stddef.h>

#define MUTANT_DECL_MAX 8

typedef struct mutant_breach {
    char clause[16];
    char level[8];          /* FAIL or WARN */
    int has_reason;         /* a "(reason)" followed the level */
} mutant_breach;

typedef struct mutant_decl {
    mutant_breach breaks[MUTANT_DECL_MAX];
    size_t breach_count;
    int not_a_breach;       /* "not a breach:" with a reason */
    int uncatchable;        /* "uncatchable:" with a reason */
    int needs_ring;         /* "needs: ring" */
} mutant_decl;

/* Reads the declarations of the mutant source `path`. 0, or -1 with "PATH:LINE: problem"
 * in `why` (an unknown clause, a level the table does not give and no reason, a service
 * clause, nothing declared, or more than one kind). */
int mutant_decl_read(const char *path, mutant_decl *decl, char *why, size_t why_size);
/* 1 when `decl` declares `clause` at `level`. */
int mutant_decl_breaks(const mutant_decl *decl, const char *clause, const char *level);

#endif /* FSPKIT_MUTANT_DECL_H */
