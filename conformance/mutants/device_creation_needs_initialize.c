/*
 * Mutant device_creation_needs_initialize: FaxDevVirtualDeviceCreation refuses to run
 * before FaxDevInitialize ("not ready": it wants the service's heap first), though the
 * service calls it first. Breaks INIT-9: a vendor who tested only with Initialize first
 * ships an FSP that never gets a device. The clause is our reading, so a WARN.
 *
 * mutant-export: FaxDevVirtualDeviceCreation=mutant_virtual_device_creation
 * breaks: INIT-9 WARN
 */
#include "faxdev.h"
#include "provider.h"

BOOL WINAPI mutant_virtual_device_creation(LPDWORD device_count, LPWSTR name_prefix,
                                           LPDWORD id_prefix, HANDLE port, ULONG_PTR key)
{
    if (!provider_running()) {
        SetLastError(ERROR_NOT_READY);
        return FALSE;
    }
    if (!provider_create_devices(port, key))
        return FALSE;
    const refsp_config *config = &provider_get()->config;
    *device_count = config->device_count;
    lstrcpynW(name_prefix, config->name_prefix, 128);
    *id_prefix = config->id_prefix;
    return TRUE;
}
