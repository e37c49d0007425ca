/*
 * vfsp variant moves_a_global_block: a CORRECT FSP, different from vfsp - it keeps a
 * provider-wide block on the private heap, allocated by FaxDevInitialize, and replaces
 * it (a new, larger block at a new address; the old one freed) at every StartJob,
 * freeing it at Shutdown. Nothing leaks: END-1 must not count the moved block as one
 * the job left behind (a census by address alone would).
 *
 * Variants are built like mutants (tools/mutant-def.sh reads the same lines):
 * mutant-export: FaxDevInitialize=variant_initialize
 * mutant-export: FaxDevStartJob=variant_start_job
 * mutant-export: FaxDevShutdown=variant_shutdown
 */
#include "vfsp.h"

/* The provider-wide block and how often it was replaced: a variant may keep globals. */
static void *global_block;
static size_t replacements;

BOOL WINAPI variant_initialize(HLINEAPP app, HANDLE heap, PFAX_LINECALLBACK *line_callback,
                               PFAX_SERVICE_CALLBACK service_callback)
{
    BOOL ok = FaxDevInitialize(app, heap, line_callback, service_callback);
    if (ok)
        global_block = HeapAlloc(heap, HEAP_ZERO_MEMORY, 256);
    return ok;
}

BOOL WINAPI variant_start_job(HLINE line, DWORD device, PHANDLE fax_handle, HANDLE port,
                              ULONG_PTR key)
{
    void *grown = HeapAlloc(vfsp_service_heap, HEAP_ZERO_MEMORY, 256 + 64 * ++replacements);
    if (global_block)
        HeapFree(vfsp_service_heap, 0, global_block);
    global_block = grown;
    return FaxDevStartJob(line, device, fax_handle, port, key);
}

HRESULT WINAPI variant_shutdown(void)
{
    if (global_block)
        HeapFree(vfsp_service_heap, 0, global_block);
    global_block = NULL;
    replacements = 0;
    return FaxDevShutdown();
}
