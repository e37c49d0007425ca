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
/*
 * False completion, judged against the operation's own length. A race block first runs
 * its body twice with the aborts left out (the "baseline"); D is the shorter of the two
 * complete runs. Then an abort that met the operation running, within its first
 * ABORT_EARLY_PERCENT of D, came long before the remote could have the whole fax, and
 * an operation that still reports success (TRUE, or FS_COMPLETED):
 * - ended less than ABORT_STOPPED_PERCENT of D after the abort: it stopped, yet claimed
 *   completion - ABORT-4 FAIL (a cancelled operation reports FS_USER_ABORT);
 * - ended ABORT_IGNORED_PERCENT of D or more after it: it ran its full course - ABORT-1
 *   FAIL (the abort was ignored);
 * - in between: INFO with the figures.
 * Why these numbers: a completion judged false is at least a quarter shorter than the
 * shorter of two complete runs (25 % + 50 % < 100 %), or ran at least 90 % of a full run
 * after an abort in its first quarter; both are outside what the spread of two runs
 * allows once that spread is at most ABORT_BASELINE_SPREAD_PERCENT - a wider spread, a
 * run shorter than ABORT_BASELINE_MIN_MS (a scheduler's hiccup is a large share of it),
 * or no two complete runs: INFO with the figures, never a verdict.
 */
#define ABORT_BASELINE_MIN_MS 500
#define ABORT_BASELINE_SPREAD_PERCENT 20
#define ABORT_EARLY_PERCENT 25
#define ABORT_STOPPED_PERCENT 50
#define ABORT_IGNORED_PERCENT 90

typedef struct abort_baseline_fact {
    const char *mode;             /* "sweep" or "fuzz" */
    unsigned pass;
    const char *job, *point, *operation;
    unsigned baseline_runs;       /* complete runs (TRUE) measured without an abort, 0..2 */
    uint64_t baseline_short_us, baseline_long_us;
    int landed_while_running;     /* the abort entered the FSP while the operation ran */
    uint64_t landed_at_us;        /* abort call began - operation entered */
    int returned;                 /* the operation's BOOL */
    uint32_t final_status;        /* 0: none */
    uint64_t ended_after_abort_us;/* operation returned - abort call began */
} abort_baseline_fact;

/* ABORT-4 / ABORT-1 by the figures above; silent when the operation did not claim
 * completion (rule_abort_outcome judges a failed one). */
void rule_abort_against_baseline(const verdict_sink *sink, const abort_baseline_fact *f);

/*
 * Promptness: how long an aborted operation went on after FaxDevAbortOperation
 * returned, for every aimed abort of a race block that met it running. The contract
 * sets no number, so this is a figure (INFO) - and a doubt (WARN) when the median
 * passes ABORT_PROMPT_MS: an FSP that polls a flag every few hundred milliseconds
 * instead of waking its operation keeps the line, and the service's next job, waiting
 * that long (a 250 ms poller's median is about 250 ms when the abort lands just after a
 * packet, as the sweep aims it; a woken operation's is well under 10 ms). The median,
 * not the slowest, so one stall of a loaded machine does not make a doubt.
 */
#define ABORT_PROMPT_MS 100

typedef struct abort_promptness_fact {
    const char *mode;             /* "sweep" or "fuzz" */
    const char *operation;
    size_t count;                 /* aborts measured */
    const uint64_t *went_on_us;   /* operation returned - abort returned, per abort */
    const char *const *points;    /* where each landed */
} abort_promptness_fact;

void rule_abort_promptness(const verdict_sink *sink, const abort_promptness_fact *f);

/* ABORT-1 on a modem line: an aborted operation counts as returned only once the call
 * is down. `on_hook` 1: it was; 0: modem-sim was still in the call grace_ms after the
 * return (`modem_state`: what it was doing). */
void rule_call_down_after_abort(const verdict_sink *sink, const char *where, const char *job,
                                const char *operation, int on_hook, unsigned grace_ms,
                                const char *modem_state);

/* ABORT-1: after a pass, the modem is not back on hook. */
void rule_modem_left_off_hook(const verdict_sink *sink, const char *mode, unsigned pass,
                              const char *modem_reply);

/* ABORT-2 WARN, beside ERR-1's FAIL: `fn` of `job` raised an exception while the job's
 * operation and an abort of it, on another thread, overlapped. The overlap makes a
 * missing synchronization likely, not certain (the same fault may come without it, and
 * the process ends at the first fault, so the kit cannot try): a WARN, the breach
 * itself being ERR-1's. */
void rule_fault_beside_abort(const verdict_sink *sink, const char *fn, const char *job);
/* ABORT-2 held: a race block (`mode` "sweep" or "fuzz") ended with `met_running` aborts
 * (> 0) that came on a thread of their own while `operation` ran, and the process is
 * still here: no fault, no hang. */
void rule_aborts_from_another_thread(const verdict_sink *sink, const char *mode,
                                     const char *operation, unsigned met_running);

#endif /* FAKE_FAXSVC_RULES_ABORT_H */
