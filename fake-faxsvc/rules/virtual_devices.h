/*
 * virtual_devices.h - FaxDevVirtualDeviceCreation and the rings of virtual devices
 * (VDEV-1..10).
 */
#ifndef FAKE_FAXSVC_RULES_VIRTUAL_DEVICES_H
#define FAKE_FAXSVC_RULES_VIRTUAL_DEVICES_H

#include <stddef.h>
#include <stdint.h>

#include "verdict.h"

/* What a TRUE FaxDevVirtualDeviceCreation left in the service's buffers. */
typedef struct device_creation_fact {
    uint32_t count, id_prefix;
    int name_terminated;        /* a NUL within the 128 WCHARs */
    size_t bytes_past_name;     /* how far it wrote beyond the 128 WCHARs (0: not) */
} device_creation_fact;

/* More devices than this is no fax server's line count but a garbage value: the service
 * creates a device (a name, an ID, registry keys) for each. The host also calls no more
 * devices than this (LINE-2's once-per-device callbacks). */
#define VDEV_PLAUSIBLE_COUNT 4096u

/* VDEV-2 (nonzero; beyond VDEV_PLAUSIBLE_COUNT a WARN), VDEV-3, VDEV-4 (nonzero, and the
 * IDs prefix + 0 .. count - 1 unique: they must not wrap past 0xFFFFFFFF). */
void rule_device_creation(const verdict_sink *sink, const device_creation_fact *f);
/* VDEV-3 alone, for a FaxDevVirtualDeviceCreation that returned FALSE but still wrote
 * past the name buffer. */
void rule_device_creation_overrun(const verdict_sink *sink, const device_creation_fact *f);

typedef enum ring_origin {
    RING_LOCAL_ALLOC,           /* LocalAlloc'd (the process heap under Wine and Windows) */
    RING_SERVICE_HEAP,          /* a block of the private heap: the wrong allocator */
    RING_FOREIGN                /* neither */
} ring_origin;

/* One packet on the VirtualDeviceCreation port. The message fields are read only from a
 * block that is the host's to read (not RING_FOREIGN). */
typedef struct ring_fact {
    uint64_t key, expected_key;
    ring_origin origin;
    uint64_t address;
    uint32_t bytes;             /* dwNumberOfBytesTransferred */
    uint64_t block_size;        /* LocalSize of a LocalAlloc'd block */
    uint32_t message_size;      /* sizeof(LINEMESSAGE) here */
    uint32_t device_prefix, device_count;
    uint32_t device;            /* hDevice */
    uint64_t message_id, instance, param1, param2, param3;
    uint32_t ringing;           /* LINEDEVSTATE_RINGING */
} ring_fact;

/* VDEV-5, VDEV-6, VDEV-7. Returns 1 when the ring names one of the FSP's devices (the
 * service can answer it), 0 otherwise; `*bad` counts VDEV-6 problems. */
int rule_ring(const verdict_sink *sink, const ring_fact *f, unsigned *bad);
/* VDEV-5: the port and key are for the FSP's ring packets; an FSP that closed the port
 * took the service's line events away: FAIL. */
void rule_ring_port_closed(const verdict_sink *sink);
/* At the end: VDEV-6 held for `rings` right packets; rings nobody answered noted. */
void rule_rings_summary(const verdict_sink *sink, unsigned rings, unsigned bad,
                        size_t unanswered);
/* VDEV-8 (the service's part): how the host answered a ring. */
void rule_ring_answered(const verdict_sink *sink, const char *where, uint32_t device,
                        uint32_t call_handle);

#endif /* FAKE_FAXSVC_RULES_VIRTUAL_DEVICES_H */
