/*
 * ring_port.h - the service's end of the completion port it hands to
 * FaxDevVirtualDeviceCreation (VDEV-5): the FSP posts a LINEMESSAGE there when one of
 * its virtual devices rings. A watcher thread takes each packet, judges it (VDEV-5..7),
 * frees it as the service does (LocalFree, VDEV-6) and queues the ringing device for
 * the scenario's `answer`, which then starts a job on it and receives (VDEV-8).
 */
#ifndef FAKE_FAXSVC_RING_PORT_H
#define FAKE_FAXSVC_RING_PORT_H

#include "faxdev.h"
#include "judge.h"
#include "port_marks.h"

#define RING_QUEUE_MAX 64

typedef struct ring_port {
    HANDLE port;                /* given to FaxDevVirtualDeviceCreation */
    HANDLE own_port;            /* the watcher's duplicate of it (port_marks.h) */
    ULONG_PTR key;              /* and its key */
    HANDLE service_heap;        /* a ring from here is on the wrong heap (VDEV-6) */
    judge *judge;
    HANDLE thread;
    SRWLOCK lock;
    CONDITION_VARIABLE rang;
    DWORD device_prefix;        /* what VirtualDeviceCreation reported (VDEV-4) */
    DWORD device_count;
    DWORD pending[RING_QUEUE_MAX]; /* device IDs that rang and are not answered yet */
    size_t pending_count;
    unsigned rings;             /* every ring packet, good or bad */
    unsigned bad_rings;
    BOOL shut_down;             /* FaxDevShutdown returned: a ring now is late */
    port_marks marks;           /* the watcher's stop and sync, and a port lost */
} ring_port;

/* Creates the port and starts its watcher. FALSE when Windows refuses. */
BOOL ring_port_open(ring_port *rp, judge *j, HANDLE service_heap, ULONG_PTR key);
/* The devices VirtualDeviceCreation reported, for judging hDevice (VDEV-7). */
void ring_port_set_devices(ring_port *rp, DWORD prefix, DWORD count);
/* Waits up to timeout_ms for a ring that is not answered yet and takes it: TRUE and
 * the device ID that rang (the packet's hDevice). */
BOOL ring_port_take(ring_port *rp, DWORD timeout_ms, DWORD *device_id);
/* Returns once the watcher has taken every packet posted before this call (the port is
 * first in, first out). Called as soon as FaxDevShutdown returns, before marking it:
 * a ring the FSP posted before returning is not late, however long the watcher takes
 * to get to it. */
void ring_port_sync(ring_port *rp);
/* FaxDevShutdown returned: from now on a ring is a packet after Shutdown (SHUT-1). */
void ring_port_mark_shut_down(ring_port *rp);
/* Takes the packets already queued, stops the watcher, closes the port; rings nobody
 * answered are reported as INFO. Safe on a port that was never opened. */
void ring_port_close(ring_port *rp);

#endif /* FAKE_FAXSVC_RING_PORT_H */
