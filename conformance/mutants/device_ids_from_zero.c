/*
 * Mutant device_ids_from_zero: FaxDevVirtualDeviceCreation sets *DeviceIdPrefix to 0,
 * so the devices' IDs are 0, 1, 2 ... - the same numbers as their indexes, and the same
 * as any other virtual FSP that does so. The service needs IDs unique across providers
 * and nonzero. Breaks VDEV-4. (The reference FSP itself takes an ID or an index, so it
 * keeps working: only the verdict on the prefix can catch it.)
 *
 * mutant-export: FaxDevVirtualDeviceCreation=mutant_virtual_device_creation
 * breaks: VDEV-4 FAIL
 */
#include "faxdev.h"

BOOL WINAPI mutant_virtual_device_creation(LPDWORD count, LPWSTR name_prefix,
                                           LPDWORD id_prefix, HANDLE port, ULONG_PTR key)
{
    BOOL ok = FaxDevVirtualDeviceCreation(count, name_prefix, id_prefix, port, key);
    if (ok)
        *id_prefix = 0; /* the breach */
    return ok;
}
