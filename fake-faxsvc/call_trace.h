/*
 * call_trace.h - how the host records a call into the FSP: a "call" event before, a
 * "return" event after (with GetLastError and the duration), and the ERR-1/ERR-2
 * judgement of a FALSE return. Every call into the DLL goes through these, so the
 * event log is complete and the last-error rule is judged the same way everywhere.
 */
#ifndef FAKE_FAXSVC_CALL_TRACE_H
#define FAKE_FAXSVC_CALL_TRACE_H

#include <stdint.h>

#include "judge.h"

/* Set before every call into the FSP: if it is still there after a FALSE return, the
 * FSP did not call SetLastError (ERR-2). Bit 29 marks an application-defined code, so
 * no system error collides with it. */
#define HOST_LAST_ERROR_SENTINEL 0x2FA5C0DEu

typedef struct call_trace {
    const char *fn;          /* "FaxDevSend" */
    const char *job;         /* the scenario's job name, or NULL */
    LARGE_INTEGER started;
} call_trace;

/* Emits "call", sets the last-error sentinel. Call it right before the FSP call. */
void trace_call(judge *j, call_trace *trace, const char *fn, const char *job);
/* Emits "return" with the value, GetLastError (read it first, pass it in) and the
 * duration in microseconds, which it also returns. */
uint64_t trace_return(judge *j, const call_trace *trace, int64_t value, DWORD last_error);
/* ERR-2 (rules/errors.c): a FALSE return must come with a reason in GetLastError - one
 * of its own: a value that successful calls of the same export also leave is stale. */
void judge_failure_reason(judge *j, const char *fn, DWORD last_error);
/* After a BOOL export returned: TRUE is remembered (what it left in GetLastError),
 * FALSE judged by judge_failure_reason. */
void judge_return_reason(judge *j, const char *fn, BOOL ok, DWORD last_error);
/* ERR-1's held verdict once this process's calls are over (rules/errors.c): every call
 * into the FSP came back - when any was made and no ERR-1 FAIL was given. */
void judge_calls_returned(judge *j);

#endif /* FAKE_FAXSVC_CALL_TRACE_H */
