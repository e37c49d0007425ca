/*
 * ring.c - the ring packet (see ring.h).
 */
#include "ring.h"

/* VDEV-6, VDEV-7: LocalAlloc(LPTR, sizeof(LINEMESSAGE)), never the service heap (the
 * service frees rings with LocalFree); hDevice is our device ID, the rest 0. */
void ring_post(HANDLE port, ULONG_PTR key, DWORD device_id)
{
    LINEMESSAGE *ring = LocalAlloc(LPTR, sizeof(*ring));
    if (!ring)
        return;
    ring->hDevice = device_id;
    ring->dwParam1 = LINEDEVSTATE_RINGING;
    if (!PostQueuedCompletionStatus(port, sizeof(*ring), key, (LPOVERLAPPED)ring))
        LocalFree(ring); /* not posted: still ours */
}
