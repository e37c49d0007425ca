/*
 * vfsp variant rings_while_shutting_down: a CORRECT FSP, different from vfsp - its
 * devices ring (a burst of 50 rings) while FaxDevShutdown runs, before it returns.
 * SHUT-1 forbids rings after Shutdown returned, not before: the kit must judge a ring
 * by when it was posted, not by when its watcher got to it (it once gave SHUT-1 FAIL
 * for rings still queued when Shutdown returned).
 *
 * Variants are built like mutants (tools/mutant-def.sh reads the same lines):
 * mutant-export: FaxDevVirtualDeviceCreation=variant_virtual_device_creation
 * mutant-export: FaxDevShutdown=variant_shutdown
 */
#include "vfsp.h"

#define RINGS 50

/* The port VirtualDeviceCreation was given: a variant may keep globals. */
static HANDLE ring_port;
static ULONG_PTR ring_key;
static DWORD first_device;

BOOL WINAPI variant_virtual_device_creation(LPDWORD count, LPWSTR name_prefix,
                                            LPDWORD id_prefix, HANDLE port, ULONG_PTR key)
{
    BOOL ok = FaxDevVirtualDeviceCreation(count, name_prefix, id_prefix, port, key);
    ring_port = port;
    ring_key = key;
    first_device = *id_prefix;
    return ok;
}

HRESULT WINAPI variant_shutdown(void)
{
    HRESULT hr = FaxDevShutdown();
    for (int i = 0; i < RINGS && ring_port; i++)
        vfsp_ring_local(ring_port, ring_key, first_device);
    return hr;
}
