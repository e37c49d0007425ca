/*
 * device.h - one virtual fax device of the reference FSP: its modem line, and while no
 * job uses the line, a listener thread that watches it for RING and tells the service
 * (VDEV-5..7). A job claims the device in FaxDevStartJob and gives it back in
 * FaxDevEndJob; the listener stops while the job has the line, and starts again after.
 */
#ifndef REFSP_DEVICE_H
#define REFSP_DEVICE_H

#include "faxdev.h"

#include "config.h"
#include "line.h"

struct refsp_job;

typedef struct device {
    DWORD index;                     /* 0..count-1 */
    DWORD id;                        /* the device ID the service uses: prefix + index */
    const refsp_device_config *config;
    SRWLOCK lock;                    /* guards the members below */
    line line;                       /* the modem line, open while line_is_open */
    BOOL line_is_open;
    struct refsp_job *job;           /* the job that has the line, or NULL */
    HANDLE ring_port;                /* VDEV-5: rings go here */
    ULONG_PTR ring_key;
    HANDLE listener;                 /* the listener thread, or NULL */
    line_gate listener_gate;         /* its lock, condition variable and stop flag */
    ULONGLONG last_ring_ms;          /* when RING was last seen (one ring packet a call) */
    BOOL shut;                       /* Shutdown has begun: no listener starts again */
} device;

void device_init(device *d, DWORD index, DWORD id, const refsp_device_config *config);
/* Opens the line if needed and starts watching it for RING, posting ring packets on
 * port/key. FALSE when the line cannot be opened (no rings until the next try). */
BOOL device_start_listener(device *d, HANDLE ring_port, ULONG_PTR ring_key);
/* StartJob: takes the device for `job` (stopping its listener) and opens its line if it
 * is not open. FALSE with ERROR_BUSY when another job has it. The line may still be
 * closed afterwards (device_line() says so): the operation reports that itself. */
BOOL device_claim(device *d, struct refsp_job *job);
/* The open line of a claimed device, or NULL when it could not be opened. */
line *device_line(device *d);
/* EndJob: gives the device back; the listener starts again. A line the job found
 * broken (the port went away, the peer closed) is closed first and opened afresh. */
void device_release(device *d, BOOL line_broken);
/* Shutdown: stops and joins the listener, closes the line (SHUT-1). */
void device_shutdown(device *d);

#endif /* REFSP_DEVICE_H */
