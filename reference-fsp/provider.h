/*
 * provider.h - what the reference FSP keeps from start-up to FaxDevShutdown: its
 * settings, its virtual devices and the service's heap.
 *
 * The service calls the exports with no context argument (only job calls carry a
 * FaxHandle), so a DLL has to keep its provider-wide state in one place the exports can
 * reach: this is the only global in the reference FSP. It is not on the service's heap
 * because FaxDevVirtualDeviceCreation may come before FaxDevInitialize hands us that
 * heap (INIT-9); everything a job or device allocates is on it (INIT-2).
 */
#ifndef REFSP_PROVIDER_H
#define REFSP_PROVIDER_H

#include "faxdev.h"

#include "config.h"
#include "device.h"

typedef struct provider {
    SRWLOCK lock;               /* exports come on many threads: guards every member */
    HANDLE heap;                /* INIT-2: the service's private heap; NULL when not running */
    BOOL devices_created;       /* FaxDevVirtualDeviceCreation ran */
    refsp_config config;        /* read by FaxDevVirtualDeviceCreation */
    HANDLE ring_port;           /* VDEV-5: where device rings are posted */
    ULONG_PTR ring_key;
    device devices[REFSP_MAX_DEVICES];
} provider;

/* The one provider (never NULL). */
provider *provider_get(void);
/* FaxDevVirtualDeviceCreation's work: settings, device table, ring port (no heap). */
BOOL provider_create_devices(HANDLE ring_port, ULONG_PTR ring_key);
/* FaxDevInitialize's work: keep the heap, start the devices' line readers. */
BOOL provider_start(HANDLE heap);
/* FaxDevShutdown's work: stop and join every line's reader, close every line (SHUT-1). */
void provider_stop(void);
/* TRUE between Initialize and Shutdown. */
BOOL provider_running(void);
/* The device with this ID (prefix + index), or - for a service that passes the index
 * itself, as SampleFSP expects (docs/contract.md section 5) - with this index. */
device *provider_device(DWORD device_id);

/* INIT-2, INIT-3: every allocation of the FSP goes through these two, on the heap the
 * service gave us. Zero-filled. NULL (with ERROR_NOT_ENOUGH_MEMORY set) on failure or
 * when no provider is running. */
void *provider_alloc(size_t size);
void provider_free(void *block);
/* Grows or shrinks `block` (NULL: a new one); size 0 frees it and returns NULL. */
void *provider_realloc(void *block, size_t size);

#endif /* REFSP_PROVIDER_H */
