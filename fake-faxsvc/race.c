/*
 * race.c - aimed aborts: race sweep and race fuzz (see race.h).
 */
#include "race.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call_trace.h"
#include "rules/abort.h"
#include "rules/report.h"

#define AFTER_PACKET_MAX 16        /* a sweep's after-packet series stops here at the latest */
#define HELD_POLL_MS 200           /* modem wait-held slices, so a finished call is seen */
/* After an abort that never came back, how long the report beside it may still take:
 * short, as the watchdog's deadline for that report is near. */
#define REPORT_AFTER_HUNG_ABORT_MS 500
#define BASELINE_RUNS 2
#define MAX_FIGURES 256            /* aborts measured per block (a sweep makes about 20) */

/* What a block gathers across passes: the baseline, then each abort's figures. */
struct race_block {
    unsigned baseline_runs;        /* complete runs measured (the operation returned TRUE) */
    uint64_t baseline_short_us, baseline_long_us;
    const char *operation;         /* what the aborts met: "FaxDevSend", ... */
    size_t figures;
    unsigned met_running;          /* aborts that came while the operation ran (ABORT-2) */
    uint64_t went_on_us[MAX_FIGURES];
    char points[MAX_FIGURES][48];
};

/* --- the injection points ------------------------------------------------------------ */

typedef struct body_kind {
    BOOL sends, receives;          /* the body holds a send / a receive or answer */
} body_kind;

static void host_point(race_point *p, const char *name, injection_kind kind, unsigned packet,
                       BOOL completion_allowed)
{
    memset(p, 0, sizeof(*p));
    if (kind == INJECT_AFTER_PACKET)
        snprintf(p->name, sizeof(p->name), "%s %u", name, packet);
    else
        snprintf(p->name, sizeof(p->name), "%s", name);
    p->host = kind;
    p->packet = packet;
    p->completion_allowed = completion_allowed;
}

static void modem_point(race_point *p, const char *name, BOOL completion_allowed)
{
    memset(p, 0, sizeof(*p));
    snprintf(p->name, sizeof(p->name), "%s", name);
    p->modem = TRUE;
    p->completion_allowed = completion_allowed;
    /* At these two the remote has nothing left to abort and waits for the release. */
    p->release_after_abort = strcmp(name, "before-hangup") == 0 ||
                             strncmp(name, "rx-post-page", 12) == 0;
}

/*
 * Every point that fits the body, in the order a call reaches them. What each allows:
 * - before-operation: the abort came before Send/Receive; whether it must count is
 *   UNCONFIRMED (contract section 6), so completing is allowed.
 * - after-packet K, during-report: the host cannot know how far the call got.
 * - in-callback: SEND-5 calls it once the call is established, before any page.
 * - before-end: the operation returned; there is nothing left to abort.
 * - modem points: the remote is frozen before confirming the last page, except at
 *   before-hangup, and at rx-post-page 1 when page 1 was the last (docs/control.md).
 */
static size_t all_points(body_kind kind, BOOL modem, unsigned packet, unsigned mid_bytes,
                         race_point *out)
{
    size_t n = 0;
    host_point(&out[n++], "before-operation", INJECT_BEFORE_OPERATION, 0, TRUE);
    host_point(&out[n++], "after-packet", INJECT_AFTER_PACKET, packet, TRUE);
    if (kind.sends)
        host_point(&out[n++], "in-callback", INJECT_IN_CALLBACK, 0, FALSE);
    host_point(&out[n++], "during-report", INJECT_DURING_REPORT, 0, TRUE);
    host_point(&out[n++], "before-end", INJECT_BEFORE_END, 0, TRUE);
    if (!modem)
        return n;
    char mid[48];
    if (kind.sends) {
        static const char *const strict[] = {"after-dial", "after-connect", "phase-b"};
        for (size_t i = 0; i < sizeof(strict) / sizeof(strict[0]); i++)
            modem_point(&out[n++], strict[i], FALSE);
        snprintf(mid, sizeof(mid), "mid-page 1 %u", mid_bytes);
        modem_point(&out[n++], mid, FALSE);
        modem_point(&out[n++], "post-page-ppr 1", FALSE);
        modem_point(&out[n++], "between-pages 1", FALSE);
        modem_point(&out[n++], "before-hangup", TRUE);
    }
    if (kind.receives) {
        modem_point(&out[n++], "ring", FALSE);
        modem_point(&out[n++], "answering", FALSE);
        snprintf(mid, sizeof(mid), "rx-mid-page 1 %u", mid_bytes);
        modem_point(&out[n++], mid, FALSE);
        modem_point(&out[n++], "rx-post-page 1", TRUE); /* page 1 may be the last */
    }
    return n;
}
#define MAX_POINTS 24

/* The body's abort statements in order (into repeat blocks too) and what it runs. */
static void scan_body(const fsc_block *body, struct race_pass *pass, body_kind *kind)
{
    for (size_t i = 0; i < body->count; i++) {
        const fsc_stmt *s = &body->items[i];
        if (s->op == FSC_OP_SEND)
            kind->sends = TRUE;
        else if (s->op == FSC_OP_RECEIVE || s->op == FSC_OP_ANSWER)
            kind->receives = TRUE;
        else if (s->op == FSC_OP_ABORT && pass->count < RACE_MAX_ABORTS)
            snprintf(pass->jobs[pass->count++], sizeof(pass->jobs[0]), "%s", s->job);
        else if (s->op == FSC_OP_REPEAT)
            scan_body(&s->body, pass, kind);
    }
}

/* --- aiming ------------------------------------------------------------------------------ */

static void attach(void *hooked, scenario_exec *ctx, service_job *job)
{
    struct race_pass *pass = hooked;
    (void)ctx;
    if (pass->baseline)
        return;
    for (size_t i = pass->next; i < pass->count; i++) {
        if (pass->attached[i] || pass->points[i].modem || strcmp(pass->jobs[i], job->name) != 0)
            continue;
        if (!injection_arm(&pass->injections[i], pass->points[i].host, pass->points[i].packet))
            return;
        pass->attached[i] = job;
        job->injection = &pass->injections[i];
        AcquireSRWLockExclusive(&job->status.lock);
        job->status.injection = &pass->injections[i];
        ReleaseSRWLockExclusive(&job->status.lock);
        return;
    }
}

/* Polls modem-sim until the call is held at the armed point, or the operation ended. */
static BOOL wait_modem_held(scenario_exec *ctx, service_job *job)
{
    char command[32], reply[256];
    snprintf(command, sizeof(command), "wait-held %u", HELD_POLL_MS);
    ULONGLONG deadline = GetTickCount64() + ctx->limits.call_ms;
    while (GetTickCount64() < deadline) {
        if (modem_control_command(ctx->modem, command, reply, sizeof(reply),
                                  HELD_POLL_MS + 5000) != 0)
            return FALSE;
        if (strncmp(reply, "HELD", 4) == 0)
            return TRUE;
        if (WaitForSingleObject(job->operation_done, 0) == WAIT_OBJECT_0)
            return FALSE;
    }
    return FALSE;
}

/* Waits until the job reaches a host-side point (or its operation ends without it). */
static BOOL wait_host_point(scenario_exec *ctx, service_job *job, injection *in,
                            const race_point *point)
{
    if (point->host == INJECT_BEFORE_END)
        return WaitForSingleObject(job->operation_done, ctx->limits.call_ms) == WAIT_OBJECT_0;
    if (point->host == INJECT_DURING_REPORT)
        return TRUE;
    if (!in->reached)
        return FALSE; /* never hooked: the abort names a job that did not operate here */
    HANDLE waits[2] = {in->reached, job->operation_done};
    return WaitForMultipleObjects(2, waits, FALSE, ctx->limits.call_ms) == WAIT_OBJECT_0;
}

typedef struct report_hammer {
    service_job *job;
    volatile LONG stop;
    HANDLE started;
} report_hammer;

/* RPT-1, ABORT-2: ReportStatus over and over on its own thread while the abort runs,
 * so the two exports meet inside the FSP. */
static DWORD WINAPI hammer_reports(void *arg)
{
    report_hammer *h = arg;
    for (unsigned n = 0; n < 64 && !InterlockedCompareExchange(&h->stop, 0, 0); n++) {
        SetEvent(h->started);
        service_job_report(h->job, "race: during the abort");
    }
    SetEvent(h->started);
    return 0;
}

/* FALSE when a call into the FSP never came back (the caller stops the scenario). */
static BOOL abort_during_report(scenario_exec *ctx, service_job *job)
{
    report_hammer h = {job, 0, CreateEventW(NULL, TRUE, FALSE, NULL)};
    HANDLE thread = h.started ? CreateThread(NULL, 0, hammer_reports, &h, 0, NULL) : NULL;
    if (thread)
        WaitForSingleObject(h.started, ctx->limits.call_ms);
    BOOL returned = service_job_abort(job, ctx->limits.abort_ms, ctx->limits.call_ms);
    InterlockedExchange(&h.stop, 1);
    /* When the abort never came back, the report it met is looked at now, not after
     * another wait: the hang watchdog would end the process first, and the deadlock of
     * the two exports would go unnamed. */
    DWORD wait = returned ? ctx->limits.call_ms : REPORT_AFTER_HUNG_ABORT_MS;
    if (thread && WaitForSingleObject(thread, wait) != WAIT_OBJECT_0) {
        rule_report_deadlock(&ctx->judge->sink, job->name, wait);
        return FALSE; /* the hammer still uses `h`: the process ends before it returns */
    }
    if (thread && returned)
        rule_report_beside_abort(&ctx->judge->sink, job->name);
    if (thread)
        CloseHandle(thread);
    if (h.started)
        CloseHandle(h.started);
    return returned;
}

static void log_aim(scenario_exec *ctx, const struct race_pass *pass, size_t i)
{
    event e;
    event_start(&e, "race");
    event_str(&e, "mode", pass->mode);
    event_u64(&e, "pass", pass->number);
    if (strcmp(pass->mode, "fuzz") == 0) {
        /* a string: seeds use all 64 bits, which JSON readers' int64 cannot hold */
        char seed[24];
        snprintf(seed, sizeof(seed), "%llu", (unsigned long long)pass->seed);
        event_str(&e, "seed", seed);
    }
    event_str(&e, "job", pass->jobs[i]);
    event_str(&e, "point", pass->points[i].name);
    event_bool(&e, "reached", pass->reached[i]);
    event_emit(ctx->judge->log, &e);
}

static void aimed_abort(void *hooked, scenario_exec *ctx, service_job *job)
{
    struct race_pass *pass = hooked;
    if (pass->baseline)
        return; /* measured without aborts */
    size_t i = pass->next;
    if (i >= pass->count || strcmp(pass->jobs[i], job->name) != 0) {
        /* more aborts than the pass aims (in a repeat): this one runs as written */
        service_job_abort(job, ctx->limits.abort_ms, ctx->limits.call_ms);
        return;
    }
    pass->next++;
    const race_point *point = &pass->points[i];
    pass->fired[i] = TRUE;
    pass->reached[i] = point->modem ? wait_modem_held(ctx, job)
                                    : wait_host_point(ctx, job, &pass->injections[i], point);
    log_aim(ctx, pass, i);
    BOOL returned = point->host == INJECT_DURING_REPORT && !point->modem
                        ? abort_during_report(ctx, job)
                        : service_job_abort(job, ctx->limits.abort_ms, ctx->limits.call_ms);
    if (!returned)
        scenario_exec_stop_hung(ctx, job->name); /* a thread is stuck inside the DLL */
    injection_release(&pass->injections[i]);
    if (point->modem && point->release_after_abort && pass->reached[i])
        exec_modem(ctx, "release", ctx->limits.call_ms);
    /* A modem point stays held: modem-sim answers the DTE's abort at once and ends the
     * hold itself (docs/control.md), so an FSP that aborts properly never needs the
     * remote to go on. One that ignores the abort stays stuck there, and the body's
     * `wait` says so; the pass's clean-up releases the remote afterwards. */
}

/* --- one pass -------------------------------------------------------------------------- */

static void log_figures(scenario_exec *ctx, const struct race_pass *pass, size_t i,
                        const service_job *job, uint64_t went_on_us)
{
    event e;
    event_start(&e, "abort-figures");
    event_str(&e, "mode", pass->mode);
    event_u64(&e, "pass", pass->number);
    event_str(&e, "job", job->name);
    event_str(&e, "point", pass->points[i].name);
    event_str(&e, "operation", job->operation ? job->operation : "");
    event_u64(&e, "landed_us", job->abort_entered_us - job->operation_entered_us);
    event_u64(&e, "call_us", job->abort_left_us - job->abort_entered_us);
    event_u64(&e, "went_on_us", went_on_us);
    event_bool(&e, "returned", job->result);
    event_emit(ctx->judge->log, &e);
}

/* For every abort the pass aimed: ABORT-1 against what the point allows, ABORT-1/4
 * against the baseline, and the figures. */
static void judge_pass_outcome(scenario_exec *ctx, struct race_pass *pass)
{
    struct race_block *block = pass->block;
    for (size_t i = 0; i < pass->count; i++) {
        service_job *job = scenario_find_job(ctx, pass->jobs[i]);
        if (!pass->fired[i] || !job)
            continue;
        uint32_t final_status = job->final_status ? job->final_status
                                                  : status_port_last(&job->status);
        race_abort_fact f = {pass->mode, pass->number, job->name, pass->points[i].name,
                             job->operation, pass->reached[i],
                             pass->points[i].completion_allowed, job->result, job->aborted,
                             final_status, job->completed_after_abort_ms};
        rule_race_abort(&ctx->judge->sink, &f);
        BOOL measured = job->aborted && job->abort_entered_us && job->operation_returned_us;
        abort_baseline_fact b = {pass->mode, pass->number, job->name, pass->points[i].name,
                                 job->operation, block->baseline_runs,
                                 block->baseline_short_us, block->baseline_long_us,
                                 measured,
                                 measured ? job->abort_entered_us - job->operation_entered_us : 0,
                                 job->result, final_status,
                                 measured && job->operation_returned_us > job->abort_entered_us
                                     ? job->operation_returned_us - job->abort_entered_us : 0};
        rule_abort_against_baseline(&ctx->judge->sink, &b);
        if (!measured)
            continue;
        if (job->operation_returned_us > job->abort_entered_us)
            block->met_running++;
        uint64_t went_on_us = job->operation_returned_us > job->abort_left_us
                                  ? job->operation_returned_us - job->abort_left_us : 0;
        log_figures(ctx, pass, i, job, went_on_us);
        if (block->figures < MAX_FIGURES) {
            block->operation = job->operation;
            block->went_on_us[block->figures] = went_on_us;
            snprintf(block->points[block->figures], sizeof(block->points[0]), "%s",
                     pass->points[i].name);
            block->figures++;
        }
    }
}

/* A baseline run: how long the first aimed job's operation took without an abort. */
static void measure_baseline(scenario_exec *ctx, struct race_pass *pass)
{
    service_job *job = scenario_find_job(ctx, pass->jobs[0]);
    struct race_block *block = pass->block;
    BOOL complete = job && job->result && job->operation_entered_us &&
                    job->operation_returned_us > job->operation_entered_us;
    uint64_t us = complete ? job->operation_returned_us - job->operation_entered_us : 0;
    event e;
    event_start(&e, "race-baseline");
    event_u64(&e, "run", pass->number);
    event_str(&e, "job", pass->jobs[0]);
    event_bool(&e, "complete", complete);
    event_u64(&e, "us", us);
    event_emit(ctx->judge->log, &e);
    if (!complete)
        return;
    if (block->baseline_runs == 0 || us < block->baseline_short_us)
        block->baseline_short_us = us;
    if (block->baseline_runs == 0 || us > block->baseline_long_us)
        block->baseline_long_us = us;
    block->baseline_runs++;
}

/* Unhooks the pass from its jobs (ending any the body left running), and gives the
 * next pass an idle modem line. */
static void clean_up_pass(scenario_exec *ctx, struct race_pass *pass, BOOL had_modem_point)
{
    char reply[256];
    /* First let a held remote go on, so ending a job never waits on a frozen line. */
    if (ctx->modem && had_modem_point)
        modem_control_command(ctx->modem, "release", reply, sizeof(reply), ctx->limits.call_ms);
    for (size_t i = 0; i < pass->count; i++) {
        service_job *job = pass->attached[i];
        injection_release(&pass->injections[i]);
        if (job && job->thread)
            exec_end(ctx, job->name);
        if (job) {
            job->injection = NULL;
            AcquireSRWLockExclusive(&job->status.lock);
            job->status.injection = NULL;
            ReleaseSRWLockExclusive(&job->status.lock);
        }
        injection_disarm(&pass->injections[i]);
    }
    if (!ctx->modem)
        return;
    /* ABORT-1 ends the session: whatever the point, the modem must be back on hook (and
     * is hung up by the remote when it is not, so the next pass starts on an idle line);
     * a caller the pass left ringing gives up first. */
    modem_control_command(ctx->modem, "give-up", reply, sizeof(reply), ctx->limits.call_ms);
    if (modem_control_on_hook(ctx->modem, 60000, reply, sizeof(reply)) != 1)
        rule_modem_left_off_hook(&ctx->judge->sink, pass->mode, pass->number, reply);
}

static int run_pass(scenario_exec *ctx, const fsc_file *file, const fsc_block *body,
                    struct race_pass *pass, race_body_fn run)
{
    const race_point *modem = NULL;
    for (size_t i = 0; i < pass->count && !modem; i++)
        if (pass->points[i].modem)
            modem = &pass->points[i];
    if (modem) {
        char command[64];
        snprintf(command, sizeof(command), "hold %s", modem->name);
        if (exec_modem(ctx, command, ctx->limits.call_ms) != EXEC_OK)
            return EXEC_ERROR;
    }
    race_hooks hooks = {pass, attach, aimed_abort};
    ctx->race = &hooks;
    int status = run(ctx, file, body);
    ctx->race = NULL;
    if (status == EXEC_OK && pass->baseline)
        measure_baseline(ctx, pass);
    else if (status == EXEC_OK)
        judge_pass_outcome(ctx, pass);
    clean_up_pass(ctx, pass, modem != NULL);
    return status;
}

/* --- sweep and fuzz ------------------------------------------------------------------- */

static void new_pass(struct race_pass *pass, const struct race_pass *shape, const char *mode,
                     unsigned number, uint64_t seed)
{
    memset(pass, 0, sizeof(*pass));
    pass->block = shape->block;
    pass->mode = mode;
    pass->number = number;
    pass->seed = seed;
    pass->count = shape->count;
    memcpy(pass->jobs, shape->jobs, sizeof(pass->jobs));
}

/* Every point once, every abort aimed at it; the after-packet series goes on for as
 * long as the previous packet was reached. */
static int race_sweep(scenario_exec *ctx, const fsc_file *file, const fsc_block *body,
                      const struct race_pass *shape, body_kind kind, race_body_fn run)
{
    race_point points[MAX_POINTS];
    size_t n = all_points(kind, ctx->modem != NULL, 1, 2048, points);
    unsigned number = 0;
    for (size_t p = 0; p < n; p++) {
        for (unsigned packet = 1; packet <= AFTER_PACKET_MAX; packet++) {
            struct race_pass pass;
            new_pass(&pass, shape, "sweep", ++number, 0);
            for (size_t i = 0; i < pass.count; i++) {
                pass.points[i] = points[p];
                if (points[p].host == INJECT_AFTER_PACKET && !points[p].modem)
                    host_point(&pass.points[i], "after-packet", INJECT_AFTER_PACKET, packet,
                               TRUE);
            }
            int status = run_pass(ctx, file, body, &pass, run);
            if (status != EXEC_OK)
                return status;
            BOOL series = points[p].host == INJECT_AFTER_PACKET && !points[p].modem;
            if (!series || !pass.reached[0])
                break;
        }
    }
    return EXEC_OK;
}

/* SplitMix64: small, and the same numbers from the same seed on every machine. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t draw_seed(void)
{
    LARGE_INTEGER now;
    QueryPerformanceCounter(&now);
    uint64_t state = (uint64_t)now.QuadPart ^ ((uint64_t)GetCurrentProcessId() << 32);
    return next_random(&state);
}

/* One schedule: a point for every abort, at most one of them on the modem (modem-sim
 * holds one point at a time). */
static void draw_schedule(uint64_t *state, body_kind kind, BOOL modem, struct race_pass *pass)
{
    BOOL modem_taken = FALSE;
    for (size_t i = 0; i < pass->count; i++) {
        race_point points[MAX_POINTS];
        unsigned packet = 1 + (unsigned)(next_random(state) % 8);
        unsigned bytes = (unsigned)(next_random(state) % 4097);
        size_t n = all_points(kind, modem && !modem_taken, packet, bytes, points);
        pass->points[i] = points[next_random(state) % n];
        modem_taken |= pass->points[i].modem;
    }
}

static int race_fuzz(scenario_exec *ctx, const fsc_file *file, const fsc_stmt *s,
                     const struct race_pass *shape, body_kind kind, race_body_fn run)
{
    char where[sizeof(ctx->where)];
    snprintf(where, sizeof(where), "%s", ctx->where); /* the body's statements change it */
    uint64_t seed = ctx->has_seed ? ctx->seed : draw_seed();
    uint64_t state = seed;
    printf("%s: race fuzz: seed %llu, %u schedule(s) (replay with --seed %llu)\n", where,
           (unsigned long long)seed, (unsigned)s->as.race_fuzz.schedules,
           (unsigned long long)seed);
    fflush(stdout);
    char failed[256] = "";
    for (uint32_t number = 1; number <= s->as.race_fuzz.schedules; number++) {
        struct race_pass pass;
        new_pass(&pass, shape, "fuzz", number, seed);
        draw_schedule(&state, kind, ctx->modem != NULL, &pass);
        unsigned fails_before = judge_fail_count(ctx->judge);
        int status = run_pass(ctx, file, &s->body, &pass, run);
        if (judge_fail_count(ctx->judge) > fails_before && strlen(failed) < sizeof(failed) - 16)
            snprintf(failed + strlen(failed), sizeof(failed) - strlen(failed), "%s%u",
                     failed[0] ? ", " : "", number);
        if (status != EXEC_OK)
            return status;
    }
    if (failed[0]) {
        printf("%s: race fuzz: schedule(s) %s failed; replay them with --seed %llu\n",
               where, failed, (unsigned long long)seed);
        fflush(stdout);
    }
    return EXEC_OK;
}

/* The body twice with its aborts left out. */
static int run_baseline(scenario_exec *ctx, const fsc_file *file, const fsc_block *body,
                        const struct race_pass *shape, race_body_fn run)
{
    for (unsigned number = 1; number <= BASELINE_RUNS; number++) {
        struct race_pass pass;
        new_pass(&pass, shape, "baseline", number, 0);
        pass.baseline = TRUE;
        int status = run_pass(ctx, file, body, &pass, run);
        if (status != EXEC_OK)
            return status;
    }
    return EXEC_OK;
}

int race_run(scenario_exec *ctx, const fsc_file *file, const fsc_stmt *s, race_body_fn run)
{
    struct race_pass shape;
    memset(&shape, 0, sizeof(shape));
    body_kind kind = {FALSE, FALSE};
    scan_body(&s->body, &shape, &kind);
    if (shape.count == 0) /* the parser refuses this; kept for a hand-made AST */
        return scenario_exec_error(ctx, "%s holds no abort to aim", fsc_op_name(s->op));
    struct race_block *block = calloc(1, sizeof(*block));
    if (!block)
        return scenario_exec_error(ctx, "out of memory for the race block");
    shape.block = block;
    int status = run_baseline(ctx, file, &s->body, &shape, run);
    if (status == EXEC_OK)
        status = s->op == FSC_OP_RACE_SWEEP
                     ? race_sweep(ctx, file, &s->body, &shape, kind, run)
                     : race_fuzz(ctx, file, s, &shape, kind, run);
    if (status == EXEC_OK) {
        const char *points[MAX_FIGURES];
        for (size_t i = 0; i < block->figures; i++)
            points[i] = block->points[i];
        abort_promptness_fact f = {s->op == FSC_OP_RACE_SWEEP ? "sweep" : "fuzz",
                                   block->operation, block->figures, block->went_on_us,
                                   points};
        rule_abort_promptness(&ctx->judge->sink, &f);
        if (block->met_running)
            rule_aborts_from_another_thread(&ctx->judge->sink, f.mode, block->operation,
                                            block->met_running);
    }
    free(block);
    return status;
}
