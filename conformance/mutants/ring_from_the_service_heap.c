/*
 * Mutant ring_from_the_service_heap: the ring packet for an incoming call comes from the
 * service's private heap, like the status packets - but the service frees rings with
 * LocalFree, so a ring must come from LocalAlloc(LPTR, sizeof(LINEMESSAGE)). Breaks
 * VDEV-6.
 *
 * mutant-link: -Wl,--wrap=ring_post
 * breaks: VDEV-6 FAIL
 */
#include "provider.h"
#include "ring.h"

void __wrap_ring_post(HANDLE port, ULONG_PTR key, DWORD device_id);

void __wrap_ring_post(HANDLE port, ULONG_PTR key, DWORD device_id)
{
    LINEMESSAGE *ring = provider_alloc(sizeof(*ring)); /* the breach: the service heap */
    if (!ring)
        return;
    ring->hDevice = device_id;
    ring->dwParam1 = LINEDEVSTATE_RINGING;
    if (!PostQueuedCompletionStatus(port, sizeof(*ring), key, (LPOVERLAPPED)ring))
        provider_free(ring);
}
