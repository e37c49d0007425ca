/*
 * device.h - one virtual fax device of the reference FSP: its modem line and the line's
 * one reader thread.
 *
 * The reader thread lives from FaxDevInitialize (or VirtualDeviceCreation, whichever
 * comes last) to FaxDevShutdown. It opens the line, keeps one read in flight, and hands
 * every byte the modem sends to whoever holds the line: the job that claimed the device
 * (into its inbox, under the job's lock, waking the job's condition variable: job.h), or,
 * while no job has it, the RING watcher, which tells the service of an incoming call
 * (VDEV-5..7). So a job and the RING watcher share the line by one pointer, `job`, set
 * in StartJob and cleared in EndJob: no thread is stopped, reaped or started for it.
 *
 * Lock order: a device's lock before a job's lock, never the other way round; the
 * reader never holds the device's lock while it waits on a job.
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
    CONDITION_VARIABLE changed;      /* the reader's requests and their answers */
    line line;                       /* the modem line, usable while line_is_open */
    BOOL line_is_open;
    BOOL line_gone;                  /* a read found it gone: closed once no job has it */
    unsigned open_requests;          /* (re)open the line: asked for ... */
    unsigned opens_done;             /* ... and answered by the reader */
    BOOL reading;                    /* the reader's read is in flight */
    BOOL delivering;                 /* the reader hands bytes to `job` (outside the lock) */
    struct refsp_job *job;           /* the job that holds the line, or NULL */
    HANDLE ring_port;                /* VDEV-5: rings go here */
    ULONG_PTR ring_key;
    char ring_text[8];               /* the RING watcher's last bytes (a RING may be split) */
    size_t ring_text_len;
    ULONGLONG last_ring_ms;          /* when RING was last seen (one ring packet a call) */
    HANDLE reader;                   /* the reader thread, from device_start to shutdown */
    BOOL stopping;                   /* Shutdown has begun: the reader ends */
} device;

void device_init(device *d, DWORD index, DWORD id, const refsp_device_config *config);
/* Starts the reader thread (once), which opens the line and watches it for RING,
 * posting ring packets on port/key. FALSE when the thread cannot start. A line that
 * cannot be opened is tried again by the next StartJob or EndJob (no timer). */
BOOL device_start(device *d, HANDLE ring_port, ULONG_PTR ring_key);
/* StartJob: the device's line is now `job`'s, and open if it can be (the reader tries
 * now if it is not). FALSE with ERROR_BUSY when another job has it. The line may still
 * be closed afterwards (device_line() says so): the operation reports that itself. */
BOOL device_claim(device *d, struct refsp_job *job);
/* The open line of a claimed device, or NULL when it could not be opened. */
line *device_line(device *d);
/* EndJob: the line goes back to the RING watcher. `reopen`: the job found it broken or
 * left the modem in an unknown state: the reader closes it and opens it afresh. */
void device_release(device *d, BOOL reopen);
/* Shutdown: stops and joins the reader, which closes the line (SHUT-1). */
void device_shutdown(device *d);

#endif /* REFSP_DEVICE_H */
