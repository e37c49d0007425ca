/*
 * call_trace.c - call/return events and the last-error rule (see call_trace.h).
 */
#include "call_trace.h"

#include <string.h>

#include "crash_guard.h"
#include "rules/errors.h"

void trace_call(judge *j, call_trace *trace, const char *fn, const char *job)
{
    trace->fn = fn;
    trace->job = job;
    event e;
    event_start(&e, "call");
    event_str(&e, "fn", fn);
    if (job)
        event_str(&e, "job", job);
    event_emit(j->log, &e);
    crash_guard_enter(fn, job);
    QueryPerformanceCounter(&trace->started);
    SetLastError(HOST_LAST_ERROR_SENTINEL);
}

uint64_t trace_return(judge *j, const call_trace *trace, int64_t value, DWORD last_error)
{
    LARGE_INTEGER now, frequency;
    QueryPerformanceCounter(&now);
    crash_guard_leave();
    QueryPerformanceFrequency(&frequency);
    uint64_t us = (uint64_t)(now.QuadPart - trace->started.QuadPart) * 1000000u /
                  (uint64_t)frequency.QuadPart;
    event e;
    event_start(&e, "return");
    event_str(&e, "fn", trace->fn);
    if (trace->job)
        event_str(&e, "job", trace->job);
    event_i64(&e, "ret", value);
    event_u64(&e, "last_error", last_error);
    event_u64(&e, "us", us);
    event_emit(j->log, &e);
    EnterCriticalSection(&j->lock);
    j->calls_returned++;
    LeaveCriticalSection(&j->lock);
    return us;
}

void judge_calls_returned(judge *j)
{
    EnterCriticalSection(&j->lock);
    unsigned calls = j->calls_returned;
    LeaveCriticalSection(&j->lock);
    if (calls > 0 && !judge_clause_failed(j, "ERR-1"))
        rule_calls_returned(&j->sink, calls);
}

/* The export's memory, or NULL (a new one is made when `add`). The caller holds j->lock. */
static success_errors *remembered(judge *j, const char *fn, BOOL add)
{
    for (size_t i = 0; i < j->left_count; i++)
        if (strcmp(j->left_by_success[i].fn, fn) == 0)
            return &j->left_by_success[i];
    if (!add || j->left_count == JUDGE_REMEMBERED_EXPORTS)
        return NULL;
    success_errors *m = &j->left_by_success[j->left_count++];
    m->fn = fn;
    m->count = 0;
    return m;
}

void judge_failure_reason(judge *j, const char *fn, DWORD last_error)
{
    int left_by_success = 0;
    EnterCriticalSection(&j->lock);
    const success_errors *m = remembered(j, fn, FALSE);
    for (unsigned i = 0; m && i < m->count; i++)
        left_by_success |= m->values[i] == last_error;
    LeaveCriticalSection(&j->lock);
    failure_reason_fact f = {fn, last_error, last_error == HOST_LAST_ERROR_SENTINEL,
                             left_by_success};
    rule_failure_reason(&j->sink, &f);
}

void judge_return_reason(judge *j, const char *fn, BOOL ok, DWORD last_error)
{
    if (!ok) {
        judge_failure_reason(j, fn, last_error);
        return;
    }
    /* The sentinel and 0 say the FSP left the code alone or cleared it: not a reason a
     * failure could be confused with. */
    if (last_error == HOST_LAST_ERROR_SENTINEL || last_error == 0)
        return;
    EnterCriticalSection(&j->lock);
    success_errors *m = remembered(j, fn, TRUE);
    BOOL known = FALSE;
    for (unsigned i = 0; m && i < m->count; i++)
        known |= m->values[i] == last_error;
    if (m && !known && m->count < JUDGE_REMEMBERED_ERRORS)
        m->values[m->count++] = last_error;
    LeaveCriticalSection(&j->lock);
}
