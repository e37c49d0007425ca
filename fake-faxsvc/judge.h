/*
 * judge.h - turn observations into verdicts: each one names a clause, gets its level
 * from the clause table (include/fsp_clauses.h), goes to the event log and is counted.
 *
 * Only FAIL makes a run fail (exit 1). PASS verdicts record that a clause was checked,
 * so reports can tell "held" from "never exercised".
 */
#ifndef FAKE_FAXSVC_JUDGE_H
#define FAKE_FAXSVC_JUDGE_H

#include "event_log.h"
#include "fsp_clauses.h"

typedef struct judge {
    event_log *log;
    CRITICAL_SECTION lock;             /* verdicts come from several threads */
    unsigned counts[VERDICT_FAIL + 1]; /* indexed by verdict_level */
    int verbose;                       /* print PASS verdicts too */
} judge;

void judge_init(judge *j, event_log *log, int verbose);
void judge_release(judge *j);

/* The clause held. */
void judge_pass(judge *j, const char *clause_id, const char *fmt, ...)
    __attribute__((format(gnu_printf, 3, 4)));
/* The clause was broken: FAIL for a documented rule, WARN for anything softer. */
void judge_violation(judge *j, const char *clause_id, const char *fmt, ...)
    __attribute__((format(gnu_printf, 3, 4)));
/* An observation about a clause that is neither a pass nor a violation. */
void judge_info(judge *j, const char *clause_id, const char *fmt, ...)
    __attribute__((format(gnu_printf, 3, 4)));

/* 1 when any FAIL was recorded. */
int judge_failed(const judge *j);
/* How many FAIL verdicts so far (a race pass compares before and after). */
unsigned judge_fail_count(judge *j);
/* Prints the counts and emits the "summary" event. */
void judge_summarize(judge *j, int exit_code);

#endif /* FAKE_FAXSVC_JUDGE_H */
