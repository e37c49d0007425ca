/*
 * abort.h - FaxDevAbortOperation (ABORT-1..5): the call itself must return at once
 * (ABORT-2, ABORT-3), the operation must end (ABORT-1) and say it was aborted
 * (ABORT-4). Timing verdicts are structural - what happened before what - and a slow
 * figure the contract sets no number for is at most a doubt.
 */
#ifndef FAKE_FAXSVC_RULES_ABORT_H
#define FAKE_FAXSVC_RULES_ABORT_H

#include <stdint.h>

#include "verdict.h"

/* One FaxDevAbortOperation call that came back. */
typedef struct abort_call_fact {
    const char *job;
    const char *operation;        /* "FaxDevSend", or NULL when none was started */
    uint64_t call_us;             /* how long the call took */
    int operation_ran_at_call;    /* the operation was running when the abort was made */
    int operation_ended_in_call;  /* ... and returned before the abort call did */
    uint64_t operation_ran_on_us; /* abort called -> operation returned (when it did) */
    uint32_t slow_ms;             /* --abort-ms: a slower return is a doubt */
} abort_call_fact;

/* ABORT-3. The order decides a FAIL: the operation returned while the abort call was
 * still inside the FSP, at least ABORT_WAITED_FACTOR x slow_ms after the call began -
 * the abort waited for it. A prompt abort racing a prompt operation is far from that,
 * whichever thread runs first, and the factor keeps a scheduler's stall on a loaded
 * machine from looking like a wait. A return slower than slow_ms while the operation
 * still ran is a WARN with the figure. */
#define ABORT_WAITED_FACTOR 5
void rule_abort_call(const verdict_sink *sink, const abort_call_fact *f);

/* ABORT-3: the abort call is still inside the FSP after `ms` (the hang guard) while the
 * operation goes on: it waits for it, or hangs - either way it did not return as soon as
 * it posted the request. */
void rule_abort_blocked(const verdict_sink *sink, const char *job, const char *operation,
                        uint32_t ms);

/* How an operation that an abort met ended. */
typedef struct abort_outcome_fact {
    const char *job;
    int aborted_while_running;  /* the abort came after the operation was entered and
                                   before it returned */
    int returned;               /* the operation's BOOL */
    uint32_t final_status;      /* the last FS_* it posted (0: none) */
    uint32_t status_at_abort;   /* the last FS_* in hand when the abort came (0: none) */
} abort_outcome_fact;

/* ABORT-4: an operation aborted while it ran and that then failed reports
 * FS_USER_ABORT. (One that completed is ABORT-1's to judge.) One that had already
 * reported its own failure before the abort came was not cancelled by it. */
void rule_abort_outcome(const verdict_sink *sink, const abort_outcome_fact *f);

/* ABORT-1: after an abort the operation has not returned within `ms`. */
void rule_abort_ignored(const verdict_sink *sink, const char *where, const char *job,
                        const char *operation, uint32_t ms);

/* One aimed abort of a race pass (docs/scenarios.md, "race sweep"). */
typedef struct race_abort_fact {
    const char *mode;             /* "sweep" or "fuzz" */
    unsigned pass;
    const char *job, *point, *operation;
    int reached;                  /* the job reached the point before the abort */
    int completion_allowed;       /* the remote may have the whole fax by then */
    int returned;                 /* what the operation returned */
    int aborted_while_running;
    uint32_t final_status;        /* 0: none */
    uint64_t completed_after_abort_ms;
} race_abort_fact;

/* ABORT-1 against what the point allows. */
void rule_race_abort(const verdict_sink *sink, const race_abort_fact *f);
/* ABORT-1: after a pass, the modem is not back on hook. */
void rule_modem_left_off_hook(const verdict_sink *sink, const char *mode, unsigned pass,
                              const char *modem_reply);

#endif /* FAKE_FAXSVC_RULES_ABORT_H */
