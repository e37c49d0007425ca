/*
 * crash_guard.c - exceptions and hangs inside the FSP become verdicts (see crash_guard.h).
 */
#include "crash_guard.h"

#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "rules/abort.h"
#include "rules/errors.h"
#include "resource_trend.h" /* process_private_bytes */

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
    BOOL beside_abort;        /* ABORT-2: an abort of the same job came on another thread
                                 during this operation, or this abort came during it */
} guarded_call;

typedef struct guard {
    judge *judge;
    HMODULE fsp_module;
    uintptr_t fsp_start, fsp_end;  /* the FSP's image in memory: faults are placed by
                                      comparing with it, never by asking the loader,
                                      whose lock a faulting DllMain may hold */
    DWORD call_limit_ms;
    volatile LONG reporter;   /* the thread reporting a crash or hang (0: none): only
                                 the first reports and ends the process */
    SRWLOCK lock;             /* guards calls[] */
    guarded_call calls[MAX_GUARDED_THREADS];
    HANDLE watchdog;
    long long memory_at_start;     /* private bytes when installed, before any DLL */
} guard;

static guard the_guard = {NULL, NULL, 0, 0, 0, 0, SRWLOCK_INIT, {{0}}, NULL, -1};

static BOOL claim_report(void);

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

static BOOL inside_fsp(const void *address)
{
    uintptr_t a = (uintptr_t)address;
    return a >= the_guard.fsp_start && a < the_guard.fsp_end;
}

static void describe_address(const void *address, char *where, size_t size)
{
    if (inside_fsp(address))
        snprintf(where, size, "the FSP+0x%lx",
                 (unsigned long)((uintptr_t)address - the_guard.fsp_start));
    else
        snprintf(where, size, "%p", address);
}

/* Ends the process with the summary last: the judge's lock is held from the summary to
 * the end, so no verdict of another thread can follow it into the log. */
__attribute__((noreturn)) static void stop_process(judge *j, int exit_code)
{
    EnterCriticalSection(&j->lock);
    judge_summarize(j, exit_code);
    fflush(stdout);
    fflush(stderr);
    TerminateProcess(GetCurrentProcess(), (UINT)exit_code);
    for (;;)
        Sleep(INFINITE);
}

/* Makes this thread the one that reports and ends the process. FALSE when another
 * live thread already is (it will end the process). A reporter that died on the way -
 * the crash filter of a thread whose stack overflowed has no room to run - leaves the
 * task to whoever comes next. */
static BOOL claim_report(void)
{
    LONG me = (LONG)GetCurrentThreadId();
    for (;;) {
        LONG owner = InterlockedCompareExchange(&the_guard.reporter, me, 0);
        if (owner == 0 || owner == me)
            return TRUE;
        HANDLE thread = OpenThread(SYNCHRONIZE, FALSE, (DWORD)owner);
        BOOL alive = thread && WaitForSingleObject(thread, 0) == WAIT_TIMEOUT;
        if (thread)
            CloseHandle(thread);
        if (alive)
            return FALSE;
        InterlockedCompareExchange(&the_guard.reporter, 0, owner); /* it died: free it */
    }
}

void crash_guard_stop(judge *j, int exit_code)
{
    /* One stop per process: a crash or hang already being reported ends it. */
    if (!claim_report())
        for (;;)
            Sleep(INFINITE);
    stop_process(j, exit_code);
}

long long crash_guard_memory_taken_mb(void)
{
    long long now = process_private_bytes();
    if (now < 0 || the_guard.memory_at_start < 0)
        return -1;
    return (now - the_guard.memory_at_start) / (1024 * 1024);
}

/* What a crash report needs, copied off the crashing thread's stack. */
typedef struct crash_report {
    DWORD code;
    void *address;
    const char *fn, *job;   /* the guarded call, or NULL */
    BOOL beside_abort;      /* the call and an abort of its job overlapped */
} crash_report;

/* Judges the crash and ends the process (never returns). */
__attribute__((noreturn)) static void report(const crash_report *r)
{
    guard *g = &the_guard;
    char where[64];
    describe_address(r->address, where, sizeof(where));
    const char *what = crash_guard_exception_name(r->code);
    if (g->judge && (r->fn || inside_fsp(r->address))) {
        rule_exception(&g->judge->sink, r->fn, r->job, r->code, what, where,
                       crash_guard_memory_taken_mb());
        if (r->fn && r->beside_abort)
            rule_fault_beside_abort(&g->judge->sink, r->fn, r->job);
        stop_process(g->judge, 1);
    }
    /* The kit's own fault: said as such, with an "error" event, so the parent never
     * reads the ending as the FSP's (isolation.c). */
    char message[160];
    snprintf(message, sizeof(message), "internal error: exception 0x%08lx (%s) at %s",
             (unsigned long)r->code, what, where);
    fprintf(stderr, "fake-faxsvc: %s\n", message);
    fflush(stderr);
    if (g->judge) {
        event e;
        event_start(&e, "error");
        event_str(&e, "msg", message);
        event_emit(g->judge->log, &e);
    }
    TerminateProcess(GetCurrentProcess(), 2);
    for (;;)
        Sleep(INFINITE);
}

static DWORD WINAPI report_on_a_fresh_stack(void *arg)
{
    report(arg);
}

static LONG WINAPI report_crash(EXCEPTION_POINTERS *info)
{
    guard *g = &the_guard;
    if (!claim_report())
        Sleep(INFINITE); /* another thread is reporting and will end the process */
    /* static: after a stack overflow this thread has next to no stack left (the claim
     * keeps it to one reporter) */
    static crash_report r;
    r.code = info->ExceptionRecord->ExceptionCode;
    r.address = info->ExceptionRecord->ExceptionAddress;
    AcquireSRWLockShared(&g->lock);
    guarded_call *call = slot_of_thread(GetCurrentThreadId());
    r.fn = call ? call->fn : NULL;
    r.job = call ? call->job : NULL;
    r.beside_abort = call ? call->beside_abort : FALSE;
    ReleaseSRWLockShared(&g->lock);
    if (r.code == EXCEPTION_STACK_OVERFLOW) {
        /* The verdict and the summary need stack this thread no longer has: measured,
         * a stack overflow in FaxDevShutdown after an aborted send logged its ERR-1 and
         * then hung in the summary, every time. Another thread reports; the process
         * ends there. */
        HANDLE reporter = CreateThread(NULL, 0, report_on_a_fresh_stack, &r, 0, NULL);
        if (reporter) {
            WaitForSingleObject(reporter, INFINITE);
            CloseHandle(reporter);
        }
    }
    report(&r);
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
        if (!fn || !claim_report())
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
        stop_process(g->judge, 1);
    }
    return 0;
}

void crash_guard_install(judge *j, DWORD call_limit_ms)
{
    the_guard.judge = j;
    if (the_guard.memory_at_start < 0)
        the_guard.memory_at_start = process_private_bytes();
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
    the_guard.fsp_start = the_guard.fsp_end = 0;
    if (!fsp_module)
        return;
    /* The loaded image's extent from its own headers (read once, outside any fault). */
    const BYTE *base = (const BYTE *)fsp_module;
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)base;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)(base + dos->e_lfanew);
    the_guard.fsp_start = (uintptr_t)base;
    the_guard.fsp_end = (uintptr_t)base + nt->OptionalHeader.SizeOfImage;
}

void crash_guard_forget_thread(DWORD thread)
{
    AcquireSRWLockExclusive(&the_guard.lock);
    guarded_call *call = slot_of_thread(thread);
    if (call)
        call->thread = 0;
    ReleaseSRWLockExclusive(&the_guard.lock);
}

static BOOL unlimited(const char *fn)
{
    return strcmp(fn, "FaxDevSend") == 0 || strcmp(fn, "FaxDevReceive") == 0;
}

/* ABORT-2: a call of `job` entering while its other half is in flight - an abort while
 * the operation runs, or the operation while an abort of its job is still inside - marks
 * that half, and answers TRUE so the entering call is marked too. The caller holds the
 * lock. */
static BOOL mark_overlap(const char *fn, const char *job)
{
    BOOL entering_abort = strcmp(fn, "FaxDevAbortOperation") == 0;
    if (!job || (!entering_abort && !unlimited(fn)))
        return FALSE;
    BOOL any = FALSE;
    for (size_t i = 0; i < MAX_GUARDED_THREADS; i++) {
        guarded_call *c = &the_guard.calls[i];
        if (!c->thread || !c->job || strcmp(c->job, job) != 0)
            continue;
        if (entering_abort ? unlimited(c->fn) : strcmp(c->fn, "FaxDevAbortOperation") == 0) {
            c->beside_abort = TRUE;
            any = TRUE;
        }
    }
    return any;
}

void crash_guard_enter(const char *fn, const char *job)
{
    guard *g = &the_guard;
    DWORD thread = GetCurrentThreadId();
    AcquireSRWLockExclusive(&g->lock);
    guarded_call *call = slot_of_thread(thread);
    if (!call)
        call = slot_of_thread(0);
    BOOL beside_abort = mark_overlap(fn, job);
    if (call) {
        call->thread = thread;
        call->fn = fn;
        call->job = job;
        call->started = GetTickCount64();
        call->limit_ms = unlimited(fn) ? 0 : g->call_limit_ms;
        call->exception = 0;
        call->exception_address = NULL;
        call->beside_abort = beside_abort;
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
