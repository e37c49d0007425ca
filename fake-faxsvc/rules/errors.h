/*
 * errors.h - the ERR clauses: a BOOL export returns, and says why it failed (ERR-1,
 * ERR-2). Everything that keeps a call from returning as a call - an exception, a hang,
 * a thread or process ended inside it, the service's heap wrecked by it - is an ERR-1
 * verdict naming that call, whoever saw it (the call's own thread, the crash guard, the
 * hang watchdog, the parent of a scenario's process, fspconform).
 */
#ifndef FAKE_FAXSVC_RULES_ERRORS_H
#define FAKE_FAXSVC_RULES_ERRORS_H

#include <stdint.h>

#include "verdict.h"

/* A FALSE return and what GetLastError said after it. */
typedef struct failure_reason_fact {
    const char *fn;
    uint32_t last_error;
    int untouched;          /* the host's sentinel was still there: no SetLastError */
    int left_by_success;    /* successful calls of the same export left this value too */
} failure_reason_fact;

/* ERR-2. No reason (the sentinel, or 0): FAIL. A reason that looks stale - the value a
 * successful call of the same export also leaves, or a code Windows sets on success
 * (ERROR_ALREADY_EXISTS from a CreateFile or CreateEvent that worked, ERROR_IO_PENDING
 * from overlapped I/O that started) - is left over from an earlier call, not the
 * failure's: WARN with the value, never FAIL (the code may yet be the FSP's own). No
 * particular code is required after an abort. */
void rule_failure_reason(const verdict_sink *sink, const failure_reason_fact *f);

/* ERR-1: `fn` (of `job`, or NULL) raised exception `code` (`what`, e.g. "access
 * violation") at `where` instead of returning. fn NULL: a thread of the FSP of its own,
 * outside any call. `memory_taken_mb`: what the process had taken since it started
 * (-1: unknown); CRASH_MEMORY_NOTED_MB or more is said, as the likely cause - far more
 * than the host and a working FSP take (a few MB), what a DLL that takes memory until
 * an allocation fails has. */
#define CRASH_MEMORY_NOTED_MB 256
void rule_exception(const verdict_sink *sink, const char *fn, const char *job, uint32_t code,
                    const char *what, const char *where, long long memory_taken_mb);
/* ERR-1: `fn` has not returned after `limit_ms`; the host stops, calling and unloading
 * nothing more. */
void rule_call_hung(const verdict_sink *sink, const char *fn, const char *job,
                    uint32_t limit_ms);
/* ERR-1: the thread calling `fn` ended inside it (ExitThread, or a stack overflow the
 * process could not report). */
void rule_thread_lost(const verdict_sink *sink, const char *fn, const char *job);
/* After rule_thread_lost: the host stops without Shutdown (a note, once). */
void rule_stop_after_lost_thread(const verdict_sink *sink, const char *job);
/* ERR-1: after `fn`, HeapValidate fails on the service's private heap. */
void rule_heap_corrupted(const verdict_sink *sink, const char *fn, const char *job);
/* ERR-1: after `fn`, the service's private heap no longer exists (HeapDestroy by the
 * FSP): the service's own blocks went with it. */
void rule_heap_destroyed(const verdict_sink *sink, const char *fn, const char *job);

/* ERR-1 held: `calls` calls into the FSP (calls > 0) all came back as calls - the
 * caller gives it only once its calls are over and no ERR-1 FAIL was given. */
void rule_calls_returned(const verdict_sink *sink, unsigned calls);

/* How a host process ended without its completion record. */
typedef struct early_end_fact {
    const char *process;      /* "the host" or "scenario 2 of file 1" */
    const char *open_call;    /* the last call into the FSP without a return, or NULL */
    const char *open_job;     /* its job, or NULL */
    long exit_code;           /* what the process ended with */
    int killed;               /* the watchdog killed it after `limit_ms` */
    uint32_t limit_ms;
} early_end_fact;

/* ERR-1: the process ended before its work did - the FSP ended it (ExitProcess,
 * TerminateProcess), or it was killed for hanging. Never a pass. */
void rule_host_ended_early(const verdict_sink *sink, const early_end_fact *fact);

#endif /* FAKE_FAXSVC_RULES_ERRORS_H */
