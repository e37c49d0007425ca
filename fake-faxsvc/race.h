/*
 * race.h - `race sweep` and `race fuzz` blocks (docs/scenarios.md): the block's body
 * runs once per pass, and in each pass every `abort` is aimed at an injection point -
 * a modem-sim hold point (with --modem) or a place in the host itself - and lands
 * exactly there. Each pass's outcome is judged against what its point allows (ABORT-1):
 * before the remote can have confirmed the last page only an aborted operation is
 * right; after that, FS_COMPLETED is as right as FS_USER_ABORT.
 *
 * Before its passes a block runs its body twice with every abort left out: how long
 * the operation takes when nobody aborts it is what tells an operation that stopped
 * yet claimed completion, or ignored the abort, from one that finished legitimately
 * (rules/abort.h). Every aimed abort that met the operation running gives figures - how
 * far in it landed, how long the call took, how long the operation went on after it
 * returned - in an `abort-figures` event, and the block's promptness is judged on them.
 *
 * `race fuzz N` draws N schedules (a point for every abort) from a seed; the same seed
 * replays the same schedules. Which thread the OS runs first is not ours to replay.
 */
#ifndef FAKE_FAXSVC_RACE_H
#define FAKE_FAXSVC_RACE_H

#include "scenario_exec.h" /* first: it brings winsock2.h before windows.h */

#include <stdint.h>

#include "fsc_scenario.h"
#include "injection.h"

#define RACE_MAX_ABORTS 8          /* aimed aborts per pass; more run unaimed */

typedef struct race_point {
    char name[48];                 /* as logged, and for modem points as `hold` takes it:
                                      "before-operation", "after-packet 3", "mid-page 1 2048" */
    BOOL modem;                    /* a modem-sim hold point */
    injection_kind host;           /* else: the host-side point */
    unsigned packet;               /* INJECT_AFTER_PACKET: K */
    BOOL completion_allowed;       /* the remote may have the whole fax by now */
    BOOL release_after_abort;      /* modem-sim ignores a DTE abort here (docs/control.md):
                                      the remote goes on only when released */
} race_point;

/* What a whole race block gathers across its passes (race.c). */
struct race_block;

/* One pass: the points its aborts are aimed at, in the order the body reaches them. */
struct race_pass {
    struct race_block *block;      /* the block it belongs to */
    BOOL baseline;                 /* a run with the aborts left out, to measure the
                                      operation (rules/abort.h, false completion) */
    const char *mode;              /* "sweep" or "fuzz" */
    unsigned number;               /* from 1 */
    uint64_t seed;                 /* fuzz: the block's seed */
    size_t count;                  /* aimed aborts */
    char jobs[RACE_MAX_ABORTS][32];/* the job each abort names */
    race_point points[RACE_MAX_ABORTS];
    injection injections[RACE_MAX_ABORTS];
    service_job *attached[RACE_MAX_ABORTS]; /* the job a host point was hooked into */
    BOOL fired[RACE_MAX_ABORTS], reached[RACE_MAX_ABORTS];
    size_t next;                   /* the next abort to aim */
};

/* Runs a block's body once; the walker's own function (scenario_run.c). */
typedef int (*race_body_fn)(scenario_exec *ctx, const fsc_file *file, const fsc_block *body);

/* The whole `race sweep` / `race fuzz N` statement. Returns an EXEC_* status. */
int race_run(scenario_exec *ctx, const fsc_file *file, const fsc_stmt *race, race_body_fn run);

#endif /* FAKE_FAXSVC_RACE_H */
