/*
 * Mutant name_prefix_overrun: FaxDevVirtualDeviceCreation copies a device name prefix
 * built from the product name and version (150 characters) with lstrcpyW - no bound -
 * into the service's buffer of 128 WCHARs. The last 23 characters and the NUL land past
 * the buffer, in the service's memory. Breaks VDEV-3.
 *
 * mutant-export: FaxDevVirtualDeviceCreation=mutant_virtual_device_creation
 * breaks: VDEV-3 FAIL
 */
#include "faxdev.h"

BOOL WINAPI mutant_virtual_device_creation(LPDWORD count, LPWSTR name_prefix,
                                           LPDWORD id_prefix, HANDLE port, ULONG_PTR key)
{
    BOOL ok = FaxDevVirtualDeviceCreation(count, name_prefix, id_prefix, port, key);
    if (ok) {
        WCHAR long_name[151];
        for (int i = 0; i < 150; i++)
            long_name[i] = L"Reference FSP modem "[i % 20];
        long_name[150] = L'\0';
        lstrcpyW(name_prefix, long_name); /* the breach: 151 WCHARs into 128 */
    }
    return ok;
}
