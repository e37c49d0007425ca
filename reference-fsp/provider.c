/*
 * provider.c - provider-wide state and the allocation wrappers (see provider.h).
 */
#include "provider.h"

static provider the_provider; /* see provider.h for why this exists; zero is a valid
                                  * SRWLOCK (SRWLOCK_INIT), so nothing else to set */

provider *provider_get(void)
{
    return &the_provider;
}

BOOL provider_create_devices(HANDLE ring_port, ULONG_PTR ring_key)
{
    provider *p = &the_provider;
    refsp_config config;
    if (!config_read(&config)) /* ERR-2: config_read set the reason */
        return FALSE;
    AcquireSRWLockExclusive(&p->lock);
    BOOL fresh = !p->devices_created;
    if (fresh) {
        p->config = config;
        p->ring_port = ring_port;
        p->ring_key = ring_key;
        for (DWORD i = 0; i < config.device_count; i++)
            device_init(&p->devices[i], i, config.id_prefix + i, &p->config.devices[i]);
        p->devices_created = TRUE;
    }
    BOOL start_readers = fresh && p->heap; /* Initialize came first (INIT-9) */
    ReleaseSRWLockExclusive(&p->lock);
    for (DWORD i = 0; start_readers && i < config.device_count; i++)
        device_start(&p->devices[i], ring_port, ring_key);
    if (!fresh)
        SetLastError(ERROR_ALREADY_INITIALIZED);
    return fresh;
}

BOOL provider_start(HANDLE heap)
{
    provider *p = &the_provider;
    AcquireSRWLockExclusive(&p->lock);
    BOOL fresh = p->heap == NULL;
    if (fresh)
        p->heap = heap;
    DWORD count = p->devices_created ? p->config.device_count : 0;
    ReleaseSRWLockExclusive(&p->lock);
    if (!fresh) {
        SetLastError(ERROR_ALREADY_INITIALIZED);
        return FALSE;
    }
    /* The readers post rings on VirtualDeviceCreation's port; when that call comes
     * after this one, it starts them itself. */
    for (DWORD i = 0; i < count; i++)
        device_start(&p->devices[i], p->ring_port, p->ring_key);
    return TRUE;
}

void provider_stop(void)
{
    provider *p = &the_provider;
    AcquireSRWLockShared(&p->lock);
    DWORD count = p->devices_created ? p->config.device_count : 0;
    ReleaseSRWLockShared(&p->lock);
    for (DWORD i = 0; i < count; i++)
        device_shutdown(&p->devices[i]); /* joins the reader, which closes the line */
    AcquireSRWLockExclusive(&p->lock);
    p->heap = NULL;
    p->devices_created = FALSE;
    p->ring_port = NULL;
    ReleaseSRWLockExclusive(&p->lock);
}

BOOL provider_running(void)
{
    AcquireSRWLockShared(&the_provider.lock);
    BOOL running = the_provider.heap != NULL;
    ReleaseSRWLockShared(&the_provider.lock);
    return running;
}

device *provider_device(DWORD device_id)
{
    provider *p = &the_provider;
    device *found = NULL;
    AcquireSRWLockShared(&p->lock);
    DWORD count = p->devices_created ? p->config.device_count : 0;
    if (device_id - p->config.id_prefix < count)
        found = &p->devices[device_id - p->config.id_prefix];
    else if (device_id < count)
        found = &p->devices[device_id];
    ReleaseSRWLockShared(&p->lock);
    return found;
}

void *provider_alloc(size_t size)
{
    AcquireSRWLockShared(&the_provider.lock);
    HANDLE heap = the_provider.heap;
    ReleaseSRWLockShared(&the_provider.lock);
    void *block = heap ? HeapAlloc(heap, HEAP_ZERO_MEMORY, size) : NULL;
    if (!block)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return block;
}

void provider_free(void *block)
{
    AcquireSRWLockShared(&the_provider.lock);
    HANDLE heap = the_provider.heap;
    ReleaseSRWLockShared(&the_provider.lock);
    if (block && heap)
        HeapFree(heap, 0, block);
}

void *provider_realloc(void *block, size_t size)
{
    if (size == 0) {
        provider_free(block);
        return NULL;
    }
    if (!block)
        return provider_alloc(size);
    AcquireSRWLockShared(&the_provider.lock);
    HANDLE heap = the_provider.heap;
    ReleaseSRWLockShared(&the_provider.lock);
    void *grown = heap ? HeapReAlloc(heap, HEAP_ZERO_MEMORY, block, size) : NULL;
    if (!grown)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return grown;
}
