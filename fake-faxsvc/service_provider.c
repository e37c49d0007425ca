/*
 * service_provider.c - provider start and stop as the fax service does them
 * (see service_provider.h).
 */
#include "service_provider.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include "api_watch.h"
#include "call_trace.h"
#include "rules/errors.h"
#include "rules/lifecycle.h"

/* INIT-6: the service passes a callback it never uses. Ours only counts the calls, for
 * a note at Shutdown: it gets no context, so the count is process-wide - forced by the
 * contract's prototype, like the live-job table of service_job.c. */
static volatile LONG service_callback_calls;

static BOOL CALLBACK unused_service_callback(HANDLE fax_handle, DWORD device_id,
                                             DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
    (void)fax_handle; (void)device_id; (void)p1; (void)p2; (void)p3;
    InterlockedIncrement(&service_callback_calls);
    return TRUE;
}

BOOL service_provider_prepare(service_provider *sp, fsp_module *fsp, judge *j)
{
    if (sp->heap)
        return TRUE;
    api_watch_install(fsp->module, j); /* before the first export is called */
    sp->fsp = fsp;
    sp->line_callback = NULL;
    sp->initialized = FALSE;
    InitializeSRWLock(&sp->jobs_lock);
    /* INIT-2: a private heap created when the DLL is loaded, just for this FSP. It
     * exists before FaxDevVirtualDeviceCreation too, which may come first (INIT-9). */
    sp->heap = HeapCreate(0, 0, 0);
    if (!sp->heap)
        fprintf(stderr, "fake-faxsvc: HeapCreate failed (error %lu)\n", GetLastError());
    return sp->heap != NULL;
}

BOOL service_provider_initialize(service_provider *sp, fsp_module *fsp, judge *j)
{
    if (!service_provider_prepare(sp, fsp, j))
        return FALSE;

    call_trace trace;
    trace_call(j, &trace, "FaxDevInitialize", NULL);
    /* INIT-7: no TAPI here, so the line app handle is 0. */
    BOOL ok = fsp->fn.initialize(0, sp->heap, &sp->line_callback, unused_service_callback);
    DWORD last_error = GetLastError();
    trace_return(j, &trace, ok, last_error);

    service_provider_heap_intact(sp, j, "FaxDevInitialize", NULL);
    judge_return_reason(j, "FaxDevInitialize", ok, last_error);
    rule_initialize(&j->sink, ok, sp->line_callback != NULL);
    sp->initialized = ok;
    return ok;
}

static void shut_down_fsp(service_provider *sp, judge *j)
{
    call_trace trace;
    trace_call(j, &trace, "FaxDevShutdown", NULL);
    HRESULT hr = sp->fsp->fn.shutdown();
    trace_return(j, &trace, hr, GetLastError());

    rule_shutdown_result(&j->sink, (int32_t)hr);
    api_watch_judge(); /* LOAD-3: what it asked of the registry and the file system */
    if (InterlockedCompareExchange(&service_callback_calls, 0, 0))
        rule_service_callback_called(&j->sink);
    /* SHUT-1: the FSP's own threads end in Shutdown; one still running its code keeps the
     * DLL loaded (unloading it under the thread would be a crash the host caused). */
    sp->fsp_threads_left = leftover_threads_judge(&sp->fsp->threads_before_load,
                                                  sp->fsp->module, j);

    if (!service_provider_heap_intact(sp, j, "FaxDevShutdown", NULL))
        return; /* a corrupt heap cannot be walked safely */
    size_t blocks, bytes;
    heap_census(sp->heap, &blocks, &bytes);
    rule_shutdown_heap(&j->sink, blocks, bytes);
}

void service_provider_call_shutdown(service_provider *sp, judge *j)
{
    /* SHUT-1: Shutdown just before unloading; never after it. */
    if (sp->initialized && sp->fsp->fn.shutdown)
        shut_down_fsp(sp, j);
    sp->initialized = FALSE;
}

void service_provider_unload(service_provider *sp)
{
    if (sp->fsp_threads_left)
        return; /* a thread still runs the FSP's code, maybe on its heap: both stay */
    fsp_module_unload(sp->fsp);
    /* INIT-4: the service destroys the private heap when it unloads the DLL - unless
     * the FSP corrupted it, when destroying it could take the host down: it is left. */
    if (sp->heap && !sp->heap_corrupt)
        HeapDestroy(sp->heap);
    sp->heap = NULL;
}

void service_provider_shutdown(service_provider *sp, judge *j)
{
    service_provider_call_shutdown(sp, j);
    service_provider_unload(sp);
}

BOOL heap_exists(HANDLE heap)
{
    HANDLE heaps[256];
    DWORD n = GetProcessHeaps(ARRAYSIZE(heaps), heaps);
    if (n > ARRAYSIZE(heaps))
        return TRUE; /* too many to list: assume it is there */
    for (DWORD i = 0; i < n; i++)
        if (heaps[i] == heap)
            return TRUE;
    return FALSE;
}

BOOL service_provider_heap_intact(service_provider *sp, judge *j, const char *fn,
                                  const char *job)
{
    if (!sp->heap || InterlockedCompareExchange(&sp->heap_corrupt, 0, 0))
        return !sp->heap_corrupt;
    BOOL exists = heap_exists(sp->heap);
    if (exists && HeapValidate(sp->heap, 0, NULL))
        return TRUE;
    if (InterlockedExchange(&sp->heap_corrupt, 1) == 0) {
        if (exists)
            rule_heap_corrupted(&j->sink, fn, job);
        else
            rule_heap_destroyed(&j->sink, fn, job);
    }
    return FALSE;
}

void heap_census(HANDLE heap, size_t *blocks, size_t *bytes)
{
    PROCESS_HEAP_ENTRY entry;
    entry.lpData = NULL;
    *blocks = *bytes = 0;
    if (!HeapLock(heap))
        return;
    while (HeapWalk(heap, &entry)) {
        if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY) {
            (*blocks)++;
            *bytes += entry.cbData;
        }
    }
    HeapUnlock(heap);
}

/* --- END-1 per group of jobs ----------------------------------------------------------- */

static int compare_addresses(const void *a, const void *b)
{
    uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
    return x < y ? -1 : x > y;
}

static void snapshot_free(heap_snapshot *s)
{
    free(s->blocks);
    free(s->sizes);
    memset(s, 0, sizeof(*s));
}

/* Appends one block, growing the arrays as needed. FALSE when out of memory. */
static BOOL snapshot_add(heap_snapshot *s, size_t *capacity, uintptr_t block, size_t size)
{
    if (s->count == *capacity) {
        size_t grown = *capacity ? *capacity * 2 : 256;
        uintptr_t *blocks = realloc(s->blocks, grown * sizeof(*blocks));
        if (blocks)
            s->blocks = blocks;
        size_t *sizes = blocks ? realloc(s->sizes, grown * sizeof(*sizes)) : NULL;
        if (!sizes)
            return FALSE;
        s->sizes = sizes;
        *capacity = grown;
    }
    s->blocks[s->count] = block;
    s->sizes[s->count++] = size;
    return TRUE;
}

/* The busy blocks of `heap`, sorted by address (sizes kept beside them): all of them,
 * in one walk under the heap's lock - a cut-short list would make blocks look new. */
static BOOL snapshot_take(HANDLE heap, heap_snapshot *s)
{
    size_t capacity = 0;
    BOOL complete = TRUE;
    memset(s, 0, sizeof(*s));
    if (!HeapLock(heap))
        return FALSE;
    PROCESS_HEAP_ENTRY entry;
    entry.lpData = NULL;
    while (complete && HeapWalk(heap, &entry))
        if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY)
            complete = snapshot_add(s, &capacity, (uintptr_t)entry.lpData, entry.cbData);
    HeapUnlock(heap);
    if (!complete) {
        snapshot_free(s);
        return FALSE;
    }
    /* By address, for bsearch. HeapWalk goes in address order in practice, so this
     * insertion sort is linear; it is here so correctness does not rest on that. */
    for (size_t i = 1; i < s->count; i++) {
        uintptr_t b = s->blocks[i];
        size_t z = s->sizes[i], k = i;
        while (k > 0 && s->blocks[k - 1] > b) {
            s->blocks[k] = s->blocks[k - 1];
            s->sizes[k] = s->sizes[k - 1];
            k--;
        }
        s->blocks[k] = b;
        s->sizes[k] = z;
    }
    return TRUE;
}

static size_t snapshot_bytes(const heap_snapshot *s)
{
    size_t bytes = 0;
    for (size_t i = 0; i < s->count; i++)
        bytes += s->sizes[i];
    return bytes;
}

void service_provider_job_coming(service_provider *sp, const char *name)
{
    AcquireSRWLockExclusive(&sp->jobs_lock);
    if (sp->live_jobs++ == 0) {
        snapshot_free(&sp->before_jobs);
        sp->before_taken = FALSE;
        if (!sp->heap_corrupt)
            sp->before_taken = snapshot_take(sp->heap, &sp->before_jobs);
        sp->group_names[0] = '\0';
        sp->group_size = 0;
        sp->group_ended = FALSE;
    }
    size_t len = strlen(sp->group_names);
    if (len + strlen(name) + 3 < sizeof(sp->group_names))
        snprintf(sp->group_names + len, sizeof(sp->group_names) - len, "%s%s",
                 len ? ", " : "", name);
    sp->group_size++;
    ReleaseSRWLockExclusive(&sp->jobs_lock);
}

void service_provider_job_gone(service_provider *sp, judge *j, BOOL ended)
{
    AcquireSRWLockExclusive(&sp->jobs_lock);
    sp->group_ended |= ended;
    if (--sp->live_jobs == 0 && sp->group_ended && !sp->heap_corrupt && sp->before_taken) {
        heap_snapshot after;
        BOOL taken = snapshot_take(sp->heap, &after);
        /* Leaked: blocks born while the group lived and still there - but no more than
         * the heap grew by, so a global block a correct FSP reallocated (it moved) is
         * not one. */
        size_t born = 0;
        for (size_t i = 0; i < after.count; i++)
            born += !bsearch(&after.blocks[i], sp->before_jobs.blocks, sp->before_jobs.count,
                             sizeof(uintptr_t), compare_addresses);
        size_t grown = after.count > sp->before_jobs.count
                       ? after.count - sp->before_jobs.count : 0;
        size_t leaked = born < grown ? born : grown;
        size_t bytes_after = snapshot_bytes(&after), bytes_before = snapshot_bytes(&sp->before_jobs);
        size_t bytes = leaked && bytes_after > bytes_before ? bytes_after - bytes_before : 0;
        if (taken) {
            jobs_leak_fact f = {sp->group_names, sp->group_size, leaked, bytes,
                                sp->groups_kept > 0};
            rule_jobs_leak(&j->sink, &f);
            sp->groups_kept += leaked > 0;
        }
        snapshot_free(&after);
    }
    if (sp->live_jobs == 0)
        snapshot_free(&sp->before_jobs);
    ReleaseSRWLockExclusive(&sp->jobs_lock);
}
