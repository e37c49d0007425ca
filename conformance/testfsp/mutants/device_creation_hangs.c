/*
 * vfsp mutant device_creation_hangs: FaxDevVirtualDeviceCreation never returns.
 * Breaks ERR-1: the host's hang guard must name it.
 *
 * mutant-export: FaxDevVirtualDeviceCreation=mutant_virtual_device_creation
 *
 * breaks: ERR-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_virtual_device_creation(LPDWORD count, LPWSTR name_prefix,
                                           LPDWORD id_prefix, HANDLE port, ULONG_PTR key)
{
    (void)count; (void)name_prefix; (void)id_prefix; (void)port; (void)key;
    Sleep(INFINITE);
    return FALSE;
}
