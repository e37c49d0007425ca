/*
 * vfsp mutant ring_from_service_heap: rings with a LINEMESSAGE from the service's
 * private heap instead of LocalAlloc. Breaks VDEV-6 - the FSP mixed up its two
 * allocation rules: status packets come from the service heap (STAT-2), ring packets
 * from LocalAlloc, because the service frees each kind with its own function.
 *
 * mutant-export: FaxDevVirtualDeviceCreation=mutant_virtual_device_creation
 *
 * breaks: VDEV-6 FAIL
 * needs: ring
 */
#include "vfsp.h"

static BOOL ring_from_service_heap(HANDLE port, ULONG_PTR key, DWORD device_id)
{
    LINEMESSAGE *message = HeapAlloc(vfsp_service_heap, HEAP_ZERO_MEMORY, sizeof(*message));
    if (!message)
        return FALSE;
    message->hDevice = device_id;
    message->dwParam1 = LINEDEVSTATE_RINGING;
    return PostQueuedCompletionStatus(port, sizeof(*message), key, (LPOVERLAPPED)message);
}

BOOL WINAPI mutant_virtual_device_creation(LPDWORD count, LPWSTR name_prefix,
                                           LPDWORD id_prefix, HANDLE port, ULONG_PTR key)
{
    return vfsp_create_devices(count, name_prefix, id_prefix, port, key,
                               ring_from_service_heap);
}
