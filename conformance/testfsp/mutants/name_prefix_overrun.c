/*
 * vfsp mutant name_prefix_overrun: FaxDevVirtualDeviceCreation writes a 200-WCHAR name
 * into the service's 128-WCHAR DeviceNamePrefix. Breaks VDEV-3: the host must see the
 * overrun (72 WCHARs, 144 bytes) instead of having its own memory wrecked.
 *
 * mutant-export: FaxDevVirtualDeviceCreation=mutant_virtual_device_creation
 *
 * breaks: VDEV-3 FAIL
 */
#include <wchar.h>

#include "vfsp.h"

BOOL WINAPI mutant_virtual_device_creation(LPDWORD count, LPWSTR name_prefix,
                                           LPDWORD id_prefix, HANDLE port, ULONG_PTR key)
{
    BOOL ok = FaxDevVirtualDeviceCreation(count, name_prefix, id_prefix, port, key);
    wmemset(name_prefix, L'N', 199);
    name_prefix[199] = L'\0';
    return ok;
}
