/*
 * crash_guard.c - exceptions and hangs inside the FSP become verdicts (see crash_guard.h).
 */
#include "crash_guard.h"

#include <stdio.h>
#include <string.h>

#include "rules/errors.h"

#define MAX_GUARDED_THREADS 64
#define WATCHDOG_TICK_MS 100

/* One thread's call into the FSP. */
typedef struct guarded_call {
    DWORD thread;             /* 0: a free slot */
    const char *fn;
    const char *job;
    ULONGLONG started;        /* GetTickCount64() */
    DWORD limit_ms;           /* 0: no limit (Send, Receive) */
    DWORD exception;          /* the first exception raised during the call, or 0 */
    void *exception_address;
} guarded_call;

typedef struct guard {
    judge *judge;
    HMODULE fsp_module;
    DWORD call_limit_ms;
    volatile LONG reporting;  /* only the first crash or hang reports */
    SRWLOCK lock;             /* guards calls[] */
    guarded_call calls[MAX_GUARDED_THREADS];
    HANDLE watchdog;
} guard;

static guard the_guard = {NULL, NULL, 0, 0, SRWLOCK_INIT, {{0}}, NULL};

const char *crash_guard_exception_name(DWORD code)
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

/* This thread's slot, or NULL. The caller holds the lock. */
static guarded_call *slot_of_thread(DWORD thread)
{
    for (size_t i = 0; i < MAX_GUARDED_THREADS; i++)
        if (the_guard.calls[i].thread == thread)
            return &the_guard.calls[i];
    return NULL;
}

static void describe_address(const void *address, char *where, size_t size)
{
    HMODULE module = NULL;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                       GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, (LPCWSTR)address, &module);
    if (module && module == the_guard.fsp_module)
        snprintf(where, size, "the FSP+0x%lx",
                 (unsigned long)((const char *)address - (const char *)module));
    else
        snprintf(where, size, "%p", address);
}

void crash_guard_stop(judge *j, int exit_code)
{
    judge_summarize(j, exit_code);
    fflush(stdout);
    fflush(stderr);
    TerminateProcess(GetCurrentProcess(), (UINT)exit_code);
    for (;;)
        Sleep(INFINITE);
}

static LONG WINAPI report_crash(EXCEPTION_POINTERS *info)
{
    guard *g = &the_guard;
    if (InterlockedExchange(&g->reporting, 1) != 0)
        Sleep(INFINITE); /* another thread is reporting and will end the process */
    const EXCEPTION_RECORD *record = info->ExceptionRecord;
    AcquireSRWLockShared(&g->lock);
    guarded_call *call = slot_of_thread(GetCurrentThreadId());
    const char *fn = call ? call->fn : NULL, *job = call ? call->job : NULL;
    ReleaseSRWLockShared(&g->lock);
    HMODULE module = NULL;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                       GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       (LPCWSTR)record->ExceptionAddress, &module);
    char where[64];
    describe_address(record->ExceptionAddress, where, sizeof(where));
    const char *what = crash_guard_exception_name(record->ExceptionCode);
    if (g->judge && (fn || (module && module == g->fsp_module))) {
        rule_exception(&g->judge->sink, fn, job, record->ExceptionCode, what, where);
        crash_guard_stop(g->judge, 1);
    }
    fprintf(stderr, "fake-faxsvc: internal error: exception 0x%08lx (%s) at %s\n",
            (unsigned long)record->ExceptionCode, what, where);
    fflush(stderr);
    TerminateProcess(GetCurrentProcess(), 2);
    return EXCEPTION_EXECUTE_HANDLER;
}

/* First chance: remember the first exception of a guarded call. The FSP may handle its
 * own (LOAD-5 advises it to), so nothing is judged here. */
static LONG CALLBACK note_exception(EXCEPTION_POINTERS *info)
{
    guard *g = &the_guard;
    AcquireSRWLockExclusive(&g->lock);
    guarded_call *call = slot_of_thread(GetCurrentThreadId());
    if (call && !call->exception) {
        call->exception = info->ExceptionRecord->ExceptionCode;
        call->exception_address = info->ExceptionRecord->ExceptionAddress;
    }
    ReleaseSRWLockExclusive(&g->lock);
    return EXCEPTION_CONTINUE_SEARCH;
}

static DWORD WINAPI watch_calls(void *started)
{
    guard *g = &the_guard;
    SetEvent(started); /* past this thread's own start-up, which takes the loader lock */
    for (;;) {
        Sleep(WATCHDOG_TICK_MS);
        ULONGLONG now = GetTickCount64();
        const char *fn = NULL, *job = NULL;
        DWORD waited = 0, thread = 0;
        AcquireSRWLockShared(&g->lock);
        for (size_t i = 0; i < MAX_GUARDED_THREADS && !fn; i++) {
            guarded_call *c = &g->calls[i];
            if (c->thread && c->limit_ms && now - c->started > c->limit_ms) {
                fn = c->fn;
                job = c->job;
                waited = (DWORD)(now - c->started);
                thread = c->thread;
            }
        }
        ReleaseSRWLockShared(&g->lock);
        if (!fn || InterlockedExchange(&g->reporting, 1) != 0)
            continue;
        /* A thread that ended inside its call is lost, not hung. */
        HANDLE handle = OpenThread(SYNCHRONIZE, FALSE, thread);
        BOOL ended = !handle || WaitForSingleObject(handle, 0) == WAIT_OBJECT_0;
        if (handle)
            CloseHandle(handle);
        if (ended)
            rule_thread_lost(&g->judge->sink, fn, job);
        else
            rule_call_hung(&g->judge->sink, fn, job, waited);
        crash_guard_stop(g->judge, 1);
    }
    return 0;
}

void crash_guard_install(judge *j, DWORD call_limit_ms)
{
    the_guard.judge = j;
    /* The host's own waits (which name the clause a hang breaks) come first; this is the
     * backstop for calls nobody else waits for. */
    the_guard.call_limit_ms = call_limit_ms + 1000;
    SetUnhandledExceptionFilter(report_crash);
    AddVectoredExceptionHandler(0, note_exception);
    if (the_guard.watchdog)
        return;
    /* A new thread's start-up runs every DLL's DllMain under the loader lock: a DllMain
     * that hangs while holding it would keep a watchdog started later from ever running.
     * So the watchdog is running before any DLL is loaded. */
    HANDLE started = CreateEventW(NULL, TRUE, FALSE, NULL);
    the_guard.watchdog = CreateThread(NULL, 0, watch_calls, started, 0, NULL);
    if (the_guard.watchdog && started)
        WaitForSingleObject(started, INFINITE);
    if (started)
        CloseHandle(started);
}

void crash_guard_set_module(HMODULE fsp_module)
{
    the_guard.fsp_module = fsp_module;
}

static BOOL unlimited(const char *fn)
{
    return strcmp(fn, "FaxDevSend") == 0 || strcmp(fn, "FaxDevReceive") == 0;
}

void crash_guard_enter(const char *fn, const char *job)
{
    guard *g = &the_guard;
    DWORD thread = GetCurrentThreadId();
    AcquireSRWLockExclusive(&g->lock);
    guarded_call *call = slot_of_thread(thread);
    if (!call)
        call = slot_of_thread(0);
    if (call) {
        call->thread = thread;
        call->fn = fn;
        call->job = job;
        call->started = GetTickCount64();
        call->limit_ms = unlimited(fn) ? 0 : g->call_limit_ms;
        call->exception = 0;
        call->exception_address = NULL;
    }
    ReleaseSRWLockExclusive(&g->lock);
}

void crash_guard_leave(void)
{
    guard *g = &the_guard;
    AcquireSRWLockExclusive(&g->lock);
    guarded_call *call = slot_of_thread(GetCurrentThreadId());
    if (call)
        call->thread = 0;
    ReleaseSRWLockExclusive(&g->lock);
}

BOOL crash_guard_swallowed_exception(DWORD *code, char *where, size_t where_size)
{
    guard *g = &the_guard;
    AcquireSRWLockExclusive(&g->lock);
    guarded_call *call = slot_of_thread(GetCurrentThreadId());
    BOOL found = call && call->exception;
    if (found) {
        *code = call->exception;
        describe_address(call->exception_address, where, where_size);
    }
    ReleaseSRWLockExclusive(&g->lock);
    return found;
}
