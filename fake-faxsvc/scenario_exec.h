/*
 * scenario_exec.h - what each scenario statement does, on the service's side: one
 * function per statement kind, with its operands already expanded. The walker over
 * the parsed scenario (scenario_run.c) calls these; they call into the FSP through
 * service_provider.c and service_job.c and judge what they see.
 *
 * Each returns EXEC_OK when the scenario may go on; EXEC_STOP when the DLL failed a
 * step the rest depends on (StartJob refused, a call hung: verdicts say so, the run
 * goes on with the next scenario); EXEC_ERROR when the scenario or its environment is
 * at fault (a copy failed, modem-sim unreachable, a job never started): an error event
 * says so and fake-faxsvc exits 2.
 */
#ifndef FAKE_FAXSVC_SCENARIO_EXEC_H
#define FAKE_FAXSVC_SCENARIO_EXEC_H

#include "modem_control.h"
#include "ring_port.h"
#include "fsp_module.h"
#include "judge.h"
#include "resource_trend.h"
#include "scenario_vars.h"
#include "service_job.h"
#include "service_provider.h"

#define SCENARIO_MAX_JOBS 16

enum { EXEC_OK = 0, EXEC_STOP = -1, EXEC_ERROR = -2 };

typedef struct scenario_limits {
    DWORD call_ms;          /* hang guard for a call that should return promptly */
    DWORD abort_ms;         /* ABORT-3: a slower FaxDevAbortOperation is a doubt (WARN);
                               an operation that ends five times this long after the
                               abort, before the abort returns, proves it waited (FAIL) */
} scenario_limits;

/* Where the contract is UNCONFIRMED, the reading the host follows: the documented
 * reading by default, the alternatives by option (docs/scenarios.md, "Readings"); the
 * log's `readings` event says which were used. */
typedef struct host_readings {
    BOOL init_first;        /* INIT-9, --init-order init-first: a `virtual-devices` before
                               `init` runs just after it instead */
    BOOL device_index;      /* --device-id index: StartJob gets the device's index 0..n-1
                               (SampleFSP's habit), not prefix + index (VDEV-10) */
    DWORD ring_call_handle; /* --ring-call-handle N: FaxDevReceive's CallHandle after a
                               virtual ring (default 0: there is no TAPI call) */
} host_readings;

typedef struct scenario_exec scenario_exec;

/* What a race pass (race.c) hooks into the statements it runs, so the executor needs
 * to know nothing of races: before an operation is handed over, `attach` hooks the
 * pass's host-side point into the job; an `abort` inside the pass goes to `aimed_abort`.
 * Set by the pass for as long as its body runs, else NULL. */
typedef struct race_hooks {
    void *pass;
    void (*attach)(void *pass, scenario_exec *ctx, service_job *job);
    void (*aimed_abort)(void *pass, scenario_exec *ctx, service_job *job);
} race_hooks;

struct scenario_exec {
    fsp_module *fsp;
    service_provider provider;
    BOOL initialized;            /* FaxDevInitialize returned TRUE */
    BOOL shut_down;              /* FaxDevShutdown was called: no more calls (SHUT-1) */
    BOOL line_missing;           /* `line-missing`: the FSP's line was taken away (RETRY-4) */
    judge *judge;
    scenario_vars vars;
    modem_control *modem;        /* NULL without --modem */
    scenario_limits limits;
    host_readings readings;
    ring_port rings;             /* the VirtualDeviceCreation port (VDEV-5) */
    BOOL vdc_deferred;           /* INIT-9 init-first: virtual-devices waits for init */
    long vdc_expect_count;       /* ... with this expect-count (-1: none) */
    int vdc_if_exported;         /* ... and `if-exported` */
    service_job jobs[SCENARIO_MAX_JOBS];
    size_t job_count;
    ULONG_PTR next_key;          /* each job gets its own completion key */
    DWORD device_id_prefix;      /* from VirtualDeviceCreation, 0 before */
    DWORD device_count;
    char where[160];             /* "file:line" of the statement running, for messages */
    const race_hooks *race;      /* the race pass running, or NULL */
    resource_trend resources;    /* END-1: handles after each job (quiet points), memory */
    int has_seed;                /* --seed: race fuzz replays this seed */
    uint64_t seed;
};

void scenario_exec_init(scenario_exec *ctx, fsp_module *fsp, judge *j, modem_control *modem,
                        const scenario_limits *limits, const host_readings *readings);
/* The `readings` event: which reading of each UNCONFIRMED point this run follows. */
void scenario_exec_log_readings(scenario_exec *ctx);
/* Ends what the scenario left open, in the service's order: EndJob for every started
 * job, then Shutdown, unload, heap. */
void scenario_exec_finish(scenario_exec *ctx);

/* The job of that name (the live one, or the one ended last); NULL when never started. */
service_job *scenario_find_job(scenario_exec *ctx, const char *name);

/* A call into the FSP never returned (a thread is stuck inside the DLL): the verdict,
 * the summary, and the process ends without Shutdown or unloading. Does not return. */
void scenario_exec_stop_hung(scenario_exec *ctx, const char *job);

/* A problem of the scenario or its environment, not of the DLL: one line on stderr
 * with the statement's place, one "error" event. Returns EXEC_ERROR. */
int scenario_exec_error(scenario_exec *ctx, const char *fmt, ...)
    __attribute__((format(gnu_printf, 2, 3)));

int exec_registry_string(scenario_exec *ctx, const char *key, const char *name, const char *value);
int exec_registry_dword(scenario_exec *ctx, const char *key, const char *name, DWORD value);
int exec_copy(scenario_exec *ctx, const char *from, const char *to);
int exec_run(scenario_exec *ctx, const char *command);
/* `line-missing "PORT"`: checks that PORT does not open, so that what follows runs
 * without the FSP's line (RETRY-4); a port that opens is a scenario error. */
int exec_line_missing(scenario_exec *ctx, const char *port);
int exec_virtual_devices(scenario_exec *ctx, long expect_count, int if_exported);
int exec_init(scenario_exec *ctx);
int exec_enable_devices(scenario_exec *ctx);
int exec_shutdown(scenario_exec *ctx);
int exec_start(scenario_exec *ctx, const char *job, long device);
/* send JOB "FILE" to "NUMBER" [refuse-callback]: FaxDevSend, not waited for; with
 * `refuse_callback` the host's FaxSendCallback answers FALSE (SEND-6). */
int exec_send(scenario_exec *ctx, const char *job, const char *file, const char *number,
              int refuse_callback);
int exec_receive(scenario_exec *ctx, const char *job, const char *file);
/* answer JOB "FILE": waits for a virtual ring, then StartJob on the ringing device and
 * FaxDevReceive into FILE (VDEV-8). */
int exec_answer(scenario_exec *ctx, const char *name, const char *file, DWORD within_ms,
                int optional);
int exec_wait(scenario_exec *ctx, const char *job, DWORD within_ms);
int exec_abort(scenario_exec *ctx, const char *job);
int exec_report(scenario_exec *ctx, const char *job);
int exec_end(scenario_exec *ctx, const char *job);
int exec_modem(scenario_exec *ctx, const char *command, DWORD within_ms);
/* expect JOB returns true|false [error N] [within MS] */
int exec_expect_return(scenario_exec *ctx, const char *job, BOOL want, BOOL has_error,
                       DWORD error, DWORD within_ms);
/* expect JOB status A [then B ...] [within MS] */
int exec_expect_status(scenario_exec *ctx, const char *job, const DWORD *sequence, size_t n,
                       DWORD within_ms);
/* expect JOB final A [or B ...] */
int exec_expect_final(scenario_exec *ctx, const char *job, const DWORD *allowed, size_t n);
/* expect JOB sent "FILE": once the send returned and modem-sim's line is idle, what its
 * remote received (`last-call FILE`) against what the job reported (SEND-1/2/8/9). */
int exec_expect_sent(scenario_exec *ctx, const char *job, const char *file);

#endif /* FAKE_FAXSVC_SCENARIO_EXEC_H */
