/*
 * vfsp variant caches_on_first_job: a CORRECT FSP, different from vfsp - its first
 * FaxDevStartJob builds a provider-wide cache (a block on the private heap and an
 * event) that every later job reuses, and FaxDevShutdown frees both. So the first job
 * keeps a block and a handle past its EndJob, and no later job does. END-1 must not
 * blame the cache on the first job (a host that judged every job alone once did).
 *
 * mutant-export: FaxDevStartJob=variant_start_job
 * mutant-export: FaxDevShutdown=variant_shutdown
 */
#include "vfsp.h"

static void *cache;          /* built on first use, freed at Shutdown */
static HANDLE cache_ready;

BOOL WINAPI variant_start_job(HLINE line, DWORD device, PHANDLE fax_handle, HANDLE port,
                              ULONG_PTR key)
{
    if (!cache && vfsp_service_heap)
        cache = HeapAlloc(vfsp_service_heap, HEAP_ZERO_MEMORY, 4096);
    if (!cache_ready)
        cache_ready = CreateEventW(NULL, TRUE, TRUE, NULL);
    return FaxDevStartJob(line, device, fax_handle, port, key);
}

HRESULT WINAPI variant_shutdown(void)
{
    if (cache)
        HeapFree(vfsp_service_heap, 0, cache);
    cache = NULL;
    if (cache_ready)
        CloseHandle(cache_ready);
    cache_ready = NULL;
    return FaxDevShutdown();
}
