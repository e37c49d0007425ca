/*
 * crash_guard.c - exceptions inside the FSP become verdicts (see crash_guard.h).
 */
#include "crash_guard.h"

#include <stdio.h>

typedef struct guard {
    judge *judge;
    HMODULE fsp_module;
    DWORD tls;                /* per thread: the FSP call it is in, or NULL */
    volatile LONG reporting;  /* only the first crashing thread reports */
} guard;

static guard the_guard = {NULL, NULL, TLS_OUT_OF_INDEXES, 0};

typedef struct current_call {
    const char *fn;
    const char *job;
} current_call;

static const char *exception_name(DWORD code)
{
    switch (code) {
    case EXCEPTION_ACCESS_VIOLATION:      return "access violation";
    case EXCEPTION_STACK_OVERFLOW:        return "stack overflow";
    case EXCEPTION_INT_DIVIDE_BY_ZERO:    return "integer divide by zero";
    case EXCEPTION_ILLEGAL_INSTRUCTION:   return "illegal instruction";
    case EXCEPTION_PRIV_INSTRUCTION:      return "privileged instruction";
    case EXCEPTION_ARRAY_BOUNDS_EXCEEDED: return "array bounds exceeded";
    case EXCEPTION_DATATYPE_MISALIGNMENT: return "misaligned data";
    case STATUS_HEAP_CORRUPTION:          return "heap corruption";
    case EXCEPTION_BREAKPOINT:            return "breakpoint";
    default:                              return "exception";
    }
}

static LONG WINAPI report_crash(EXCEPTION_POINTERS *info)
{
    guard *g = &the_guard;
    if (InterlockedExchange(&g->reporting, 1) != 0) {
        Sleep(INFINITE); /* another thread is reporting and will end the process */
    }
    const EXCEPTION_RECORD *record = info->ExceptionRecord;
    current_call *call = g->tls != TLS_OUT_OF_INDEXES ? TlsGetValue(g->tls) : NULL;
    HMODULE module = NULL;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                       GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       (LPCWSTR)record->ExceptionAddress, &module);
    char where[64];
    if (module && module == g->fsp_module)
        snprintf(where, sizeof(where), "the FSP+0x%lx",
                 (unsigned long)((const char *)record->ExceptionAddress - (const char *)module));
    else
        snprintf(where, sizeof(where), "%p", record->ExceptionAddress);

    if (g->judge && call) {
        judge_violation(g->judge, "ERR-1", "%s%s%s raised exception 0x%08lx (%s) at %s "
                        "instead of returning", call->fn, call->job ? " of job " : "",
                        call->job ? call->job : "", (unsigned long)record->ExceptionCode,
                        exception_name(record->ExceptionCode), where);
        judge_summarize(g->judge, 1);
        ExitProcess(1);
    }
    if (g->judge && module && module == g->fsp_module) {
        judge_violation(g->judge, "ERR-1", "a thread of the FSP raised exception 0x%08lx (%s) "
                        "at %s", (unsigned long)record->ExceptionCode,
                        exception_name(record->ExceptionCode), where);
        judge_summarize(g->judge, 1);
        ExitProcess(1);
    }
    fprintf(stderr, "fake-faxsvc: internal error: exception 0x%08lx (%s) at %s\n",
            (unsigned long)record->ExceptionCode, exception_name(record->ExceptionCode), where);
    ExitProcess(2);
    return EXCEPTION_EXECUTE_HANDLER;
}

void crash_guard_install(judge *j, HMODULE fsp_module)
{
    the_guard.judge = j;
    the_guard.fsp_module = fsp_module;
    if (the_guard.tls == TLS_OUT_OF_INDEXES)
        the_guard.tls = TlsAlloc();
    SetUnhandledExceptionFilter(report_crash);
}

void crash_guard_set_module(HMODULE fsp_module)
{
    the_guard.fsp_module = fsp_module;
}

void crash_guard_enter(const char *fn, const char *job)
{
    if (the_guard.tls == TLS_OUT_OF_INDEXES)
        return;
    current_call *call = TlsGetValue(the_guard.tls);
    if (!call) {
        call = HeapAlloc(GetProcessHeap(), 0, sizeof(*call));
        if (!call)
            return;
        TlsSetValue(the_guard.tls, call);
    }
    call->fn = fn;
    call->job = job;
}

void crash_guard_leave(void)
{
    if (the_guard.tls == TLS_OUT_OF_INDEXES)
        return;
    current_call *call = TlsGetValue(the_guard.tls);
    if (call) {
        /* Freed here, on the thread that made it: nothing outlives the call. */
        TlsSetValue(the_guard.tls, NULL);
        HeapFree(GetProcessHeap(), 0, call);
    }
}
