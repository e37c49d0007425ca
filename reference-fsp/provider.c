/*
 * provider.c - provider-wide state and the allocation wrappers (see provider.h).
 */
#include "provider.h"

static provider *running; /* see provider.h for why this one global exists */

BOOL provider_start(HANDLE heap)
{
    provider *p = HeapAlloc(heap, HEAP_ZERO_MEMORY, sizeof(*p));
    if (!p) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY); /* ERR-2: say why, right away */
        return FALSE;
    }
    p->heap = heap;
    running = p;
    return TRUE;
}

void provider_stop(void)
{
    provider *p = running;
    running = NULL;
    if (p)
        HeapFree(p->heap, 0, p);
}

provider *provider_current(void)
{
    return running;
}

void *provider_alloc(size_t size)
{
    void *block = running ? HeapAlloc(running->heap, HEAP_ZERO_MEMORY, size) : NULL;
    if (!block)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return block;
}

void provider_free(void *block)
{
    if (block && running)
        HeapFree(running->heap, 0, block);
}
