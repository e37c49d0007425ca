/*
 * service_provider.c - provider start and stop as the fax service does them
 * (see service_provider.h).
 */
#include "service_provider.h"

#include <stdio.h>

#include "call_trace.h"

/* INIT-6: the service passes a callback it never uses; ours records a call anyway. */
static BOOL CALLBACK unused_service_callback(HANDLE fax_handle, DWORD device_id,
                                             DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
    (void)fax_handle; (void)device_id; (void)p1; (void)p2; (void)p3;
    return TRUE;
}

BOOL service_provider_prepare(service_provider *sp, fsp_module *fsp)
{
    if (sp->heap)
        return TRUE;
    sp->fsp = fsp;
    sp->line_callback = NULL;
    sp->initialized = FALSE;
    /* INIT-2: a private heap created when the DLL is loaded, just for this FSP. It
     * exists before FaxDevVirtualDeviceCreation too, which may come first (INIT-9). */
    sp->heap = HeapCreate(0, 0, 0);
    if (!sp->heap)
        fprintf(stderr, "fake-faxsvc: HeapCreate failed (error %lu)\n", GetLastError());
    return sp->heap != NULL;
}

BOOL service_provider_initialize(service_provider *sp, fsp_module *fsp, judge *j)
{
    if (!service_provider_prepare(sp, fsp))
        return FALSE;

    call_trace trace;
    trace_call(j->log, &trace, "FaxDevInitialize", NULL);
    /* INIT-7: no TAPI here, so the line app handle is 0. */
    BOOL ok = fsp->fn.initialize(0, sp->heap, &sp->line_callback, unused_service_callback);
    DWORD last_error = GetLastError();
    trace_return(j->log, &trace, ok, last_error);

    service_provider_heap_intact(sp, j, "FaxDevInitialize", NULL);
    if (!ok) {
        judge_failure_reason(j, "FaxDevInitialize", last_error);
        judge_info(j, "INIT-8", "FaxDevInitialize returned FALSE: the service would not "
                   "use this FSP");
        return FALSE;
    }
    sp->initialized = TRUE;
    if (sp->line_callback)
        judge_pass(j, "INIT-5", "FaxDevInitialize stored a line callback");
    else
        judge_violation(j, "INIT-5", "FaxDevInitialize returned TRUE but left "
                        "*LineCallbackFunction NULL");
    return TRUE;
}

static void shut_down_fsp(service_provider *sp, judge *j)
{
    call_trace trace;
    trace_call(j->log, &trace, "FaxDevShutdown", NULL);
    HRESULT hr = sp->fsp->fn.shutdown();
    trace_return(j->log, &trace, hr, GetLastError());

    /* SHUT-2: an HRESULT, S_OK or E_FAIL. A BOOL-minded TRUE arrives as 1 (S_FALSE). */
    if (hr == S_OK || hr == E_FAIL)
        judge_pass(j, "SHUT-2", "FaxDevShutdown returned 0x%08lx", (unsigned long)hr);
    else if (hr > 0)
        judge_violation(j, "SHUT-2", "FaxDevShutdown returned %ld: a success code other "
                        "than S_OK; a BOOL TRUE? It returns HRESULT (S_OK is 0)", (long)hr);
    else
        judge_violation(j, "SHUT-2", "FaxDevShutdown returned 0x%08lx: the contract names "
                        "S_OK or E_FAIL", (unsigned long)hr);

    if (!service_provider_heap_intact(sp, j, "FaxDevShutdown", NULL))
        return; /* a corrupt heap cannot be walked safely */
    size_t blocks, bytes;
    heap_census(sp->heap, &blocks, &bytes);
    if (blocks == 0)
        judge_pass(j, "SHUT-1", "the private heap is empty after FaxDevShutdown");
    else
        judge_violation(j, "SHUT-1", "%zu block(s), %zu bytes, still allocated on the private "
                        "heap after FaxDevShutdown", blocks, bytes);
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

BOOL service_provider_heap_intact(service_provider *sp, judge *j, const char *fn,
                                  const char *job)
{
    if (!sp->heap || InterlockedCompareExchange(&sp->heap_corrupt, 0, 0))
        return !sp->heap_corrupt;
    if (HeapValidate(sp->heap, 0, NULL))
        return TRUE;
    if (InterlockedExchange(&sp->heap_corrupt, 1) == 0)
        judge_violation(j, "ERR-1", "%s%s%s corrupted the service's private heap (HeapValidate "
                        "fails after the call): a write past a block, or a double free",
                        fn, job ? " of job " : "", job ? job : "");
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
