/*
 * vfsp mutant absurd_device_count: FaxDevVirtualDeviceCreation reports 0xFFFFFFFF
 * devices (the value an uninitialized or -1 count leaves). Breaks VDEV-4: with any
 * nonzero prefix the IDs prefix + 0 .. count - 1 run past 0xFFFFFFFF and collide; and it
 * is no plausible line count (VDEV-2 WARN). The host must say so - it once called it
 * VDEV-2 PASS - and must not try to treat four billion devices (issue 13).
 *
 * mutant-export: FaxDevVirtualDeviceCreation=mutant_virtual_device_creation
 *
 * breaks: VDEV-4 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_virtual_device_creation(LPDWORD DeviceCount, LPWSTR DeviceNamePrefix,
                                           LPDWORD DeviceIdPrefix, HANDLE CompletionPort,
                                           ULONG_PTR CompletionKey)
{
    BOOL ok = vfsp_create_devices(DeviceCount, DeviceNamePrefix, DeviceIdPrefix,
                                  CompletionPort, CompletionKey, vfsp_ring_local);
    if (ok)
        *DeviceCount = 0xFFFFFFFFu;
    return ok;
}
