/*
 * judge.h - what one mutant's fspconform run says of the mutant, against what the mutant
 * declares next to its code (conformance/lib/mutant_decl.h).
 */
#ifndef MUTATION_JUDGE_H
#define MUTATION_JUDGE_H

#include <stddef.h>

#include "mutant_decl.h"
#include "proc_run.h"

typedef enum mutant_outcome {
    MUTANT_CAUGHT,          /* every declared breach is in the report at its level */
    MUTANT_WRONG,           /* a FAIL, or a declared clause at the other level, but not
                               every declared breach at its level */
    MUTANT_SURVIVED,        /* no FAIL, no declared clause: a hole in the suite */
    MUTANT_AS_DECLARED,     /* "not a breach": no FAIL, and the run ended as a PASS or
                               an environment error (exit 0 or 2) */
    MUTANT_NOT_AS_DECLARED, /* "not a breach", but the run judged it or passed it */
    MUTANT_NO_RUN,          /* the run did not end by itself (hang guard), could not
                               start, or judged no clause (exit 2; exit 1 with no
                               clause line) */
} mutant_outcome;

typedef struct mutant_judgement {
    mutant_outcome outcome;
    char detail[1200];       /* what the report said, for the outcome's line */
} mutant_judgement;

/* Judges the run `r` of a mutant that declares `decl`. */
void mutant_judge(const mutant_decl *decl, const proc_result *r, mutant_judgement *j);
/* "caught", "WRONG CLAUSE", ... */
const char *mutant_outcome_name(mutant_outcome outcome);
/* TRUE for the outcomes that leave the suite whole (caught, as declared). */
int mutant_outcome_good(mutant_outcome outcome);

#endif /* MUTATION_JUDGE_H */
