/*
 * judge.h - where the verdicts of the rules (rules/, one module per clause family) go:
 * the event log, stdout, and the counts that decide the exit status. The judge gives no
 * verdict of its own; it is the host's verdict sink (rules/verdict.h).
 *
 * Only FAIL makes a run fail (exit 1). PASS verdicts record that a clause was checked,
 * so reports can tell "held" from "never exercised".
 */
#ifndef FAKE_FAXSVC_JUDGE_H
#define FAKE_FAXSVC_JUDGE_H

#include <stdint.h>

#include "event_log.h"
#include "fsp_clauses.h"
#include "rules/verdict.h"

/* What successful calls of one export left in GetLastError (ERR-2: a failure that
 * leaves the same value gave no reason of its own; call_trace.c). */
#define JUDGE_REMEMBERED_ERRORS 4
typedef struct success_errors {
    const char *fn;
    uint32_t values[JUDGE_REMEMBERED_ERRORS];
    unsigned count;
} success_errors;
#define JUDGE_REMEMBERED_EXPORTS 12
#define JUDGE_REMEMBERED_FAILS 32

typedef struct judge {
    event_log *log;
    CRITICAL_SECTION lock;             /* verdicts come from several threads */
    unsigned counts[VERDICT_FAIL + 1]; /* indexed by verdict_level */
    int verbose;                       /* print PASS verdicts too */
    verdict_sink sink;                 /* what the rules give their verdicts to */
    success_errors left_by_success[JUDGE_REMEMBERED_EXPORTS]; /* under `lock` */
    size_t left_count;
    const fsp_clause *failed[JUDGE_REMEMBERED_FAILS]; /* clauses with a FAIL, under `lock` */
    size_t failed_count;
    unsigned calls_returned;           /* calls into the FSP that came back: call_trace.c, under `lock` */
} judge;

void judge_init(judge *j, event_log *log, int verbose);
void judge_release(judge *j);

/* 1 when any FAIL was recorded. */
int judge_failed(const judge *j);
/* How many FAIL verdicts so far (a race pass compares before and after). */
unsigned judge_fail_count(judge *j);
/* 1 when `clause_id` got a FAIL in this process (the first JUDGE_REMEMBERED_FAILS
 * clauses to fail are remembered; a later one answers 1 too, to stay on the safe side). */
int judge_clause_failed(judge *j, const char *clause_id);
/* Prints the counts and emits the "summary" event. */
void judge_summarize(judge *j, int exit_code);

#endif /* FAKE_FAXSVC_JUDGE_H */
