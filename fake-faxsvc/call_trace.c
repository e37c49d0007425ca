/*
 * call_trace.c - call/return events and the last-error rule (see call_trace.h).
 */
#include "call_trace.h"

#include "crash_guard.h"
#include "rules/errors.h"

void trace_call(event_log *log, call_trace *trace, const char *fn, const char *job)
{
    trace->fn = fn;
    trace->job = job;
    event e;
    event_start(&e, "call");
    event_str(&e, "fn", fn);
    if (job)
        event_str(&e, "job", job);
    event_emit(log, &e);
    crash_guard_enter(fn, job);
    QueryPerformanceCounter(&trace->started);
    SetLastError(HOST_LAST_ERROR_SENTINEL);
}

uint64_t trace_return(event_log *log, const call_trace *trace, int64_t value, DWORD last_error)
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
    event_emit(log, &e);
    return us;
}

void judge_failure_reason(judge *j, const char *fn, DWORD last_error)
{
    rule_failure_reason(&j->sink, fn, last_error, last_error == HOST_LAST_ERROR_SENTINEL);
}
