/*
 * device.c - virtual devices, their lines and their RING listeners (see device.h).
 */
#include "device.h"

#include <string.h>

/* RINGs closer together than this belong to one call: one ring packet per call. A
 * caller rings every 6 s on a real line, every 0.5 s on modem-sim's fast line. */
#define SAME_CALL_MS 8000

/* VDEV-6, VDEV-7: LocalAlloc(LPTR, sizeof(LINEMESSAGE)), never the service heap (the
 * service frees rings with LocalFree); hDevice is our device ID, the rest 0. */
static void post_ring(device *d)
{
    LINEMESSAGE *ring = LocalAlloc(LPTR, sizeof(*ring));
    if (!ring)
        return;
    ring->hDevice = d->id;
    ring->dwParam1 = LINEDEVSTATE_RINGING;
    if (!PostQueuedCompletionStatus(d->ring_port, sizeof(*ring), d->ring_key,
                                    (LPOVERLAPPED)ring))
        LocalFree(ring); /* not posted: still ours */
}

/* Called for every RING the modem sends while the line is idle. */
static void ring_seen(device *d)
{
    ULONGLONG now = GetTickCount64();
    BOOL new_call = d->last_ring_ms == 0 || now - d->last_ring_ms > SAME_CALL_MS;
    d->last_ring_ms = now;
    if (new_call)
        post_ring(d);
}

/* The listener: reads the idle line until its gate is aborted (a job claims the
 * device, or Shutdown) or the line goes away. It only listens: RING is unsolicited, so
 * the modem needs no command for it. The wait is cancelled by the gate, not timed. */
static DWORD WINAPI listen_for_rings(void *arg)
{
    device *d = arg;
    char text[64];
    size_t kept = 0;
    for (;;) {
        DWORD got = 0;
        line_status status = line_read(&d->line, &d->listener_gate, text + kept,
                                       (DWORD)(sizeof(text) - 1 - kept), &got, INFINITE);
        if (status == LINE_TIMEOUT)
            continue;
        if (status != LINE_OK)
            return 0;
        kept += got;
        text[kept] = '\0';
        for (char *ring = strstr(text, "RING"); ring; ring = strstr(ring + 4, "RING"))
            ring_seen(d);
        /* keep a tail that may be the start of a RING split across reads */
        size_t tail = kept < 3 ? kept : 3;
        memmove(text, text + kept - tail, tail);
        kept = tail;
    }
}

void device_init(device *d, DWORD index, DWORD id, const refsp_device_config *config)
{
    ZeroMemory(d, sizeof(*d));
    d->index = index;
    d->id = id;
    d->config = config;
    InitializeSRWLock(&d->lock);
}

/* Under d->lock: the line, opened now if it is not. */
static BOOL open_line_locked(device *d)
{
    if (!d->line_is_open)
        d->line_is_open = line_open(&d->line, d->config->line);
    return d->line_is_open;
}

/* Under d->lock: a listener that ended by itself found its line gone (the modem went
 * away, the peer closed): reap it, and close the line so it is opened afresh. */
static void reap_dead_listener(device *d)
{
    if (!d->listener || WaitForSingleObject(d->listener, 0) != WAIT_OBJECT_0)
        return;
    CloseHandle(d->listener);
    d->listener = NULL;
    if (d->line_is_open)
        line_close(&d->line);
    d->line_is_open = FALSE;
}

BOOL device_start_listener(device *d, HANDLE ring_port, ULONG_PTR ring_key)
{
    AcquireSRWLockExclusive(&d->lock);
    d->ring_port = ring_port;
    d->ring_key = ring_key;
    reap_dead_listener(d);
    BOOL started = d->listener != NULL || d->shut;
    if (!started && !d->job && ring_port && open_line_locked(d)) {
        line_gate_init(&d->listener_gate);
        d->last_ring_ms = 0;
        d->listener = CreateThread(NULL, 0, listen_for_rings, d, 0, NULL);
        started = d->listener != NULL;
    }
    ReleaseSRWLockExclusive(&d->lock);
    return started;
}

/* Stops the listener and waits for its thread: the gate cancels its read at once. */
static void stop_listener(device *d)
{
    AcquireSRWLockExclusive(&d->lock);
    HANDLE listener = d->listener;
    d->listener = NULL;
    if (listener) /* under d->lock: no start can re-initialise the gate in between */
        line_gate_abort(&d->listener_gate);
    ReleaseSRWLockExclusive(&d->lock);
    if (!listener)
        return;
    WaitForSingleObject(listener, INFINITE);
    CloseHandle(listener);
}

BOOL device_claim(device *d, struct refsp_job *job)
{
    AcquireSRWLockExclusive(&d->lock);
    BOOL free_device = d->job == NULL;
    if (free_device)
        d->job = job;
    ReleaseSRWLockExclusive(&d->lock);
    if (!free_device) {
        SetLastError(ERROR_BUSY);
        return FALSE;
    }
    stop_listener(d);
    AcquireSRWLockExclusive(&d->lock);
    reap_dead_listener(d);
    if (open_line_locked(d))
        line_flush_input(&d->line); /* replies a past session left unread are not ours */
    ReleaseSRWLockExclusive(&d->lock);
    return TRUE;
}

line *device_line(device *d)
{
    AcquireSRWLockShared(&d->lock);
    line *open = d->line_is_open ? &d->line : NULL;
    ReleaseSRWLockShared(&d->lock);
    return open;
}

void device_release(device *d, BOOL line_broken)
{
    AcquireSRWLockExclusive(&d->lock);
    d->job = NULL;
    if (line_broken && d->line_is_open) {
        line_close(&d->line);
        d->line_is_open = FALSE;
    }
    HANDLE port = d->ring_port;
    ULONG_PTR key = d->ring_key;
    ReleaseSRWLockExclusive(&d->lock);
    device_start_listener(d, port, key);
}

void device_shutdown(device *d)
{
    AcquireSRWLockExclusive(&d->lock);
    d->shut = TRUE; /* an EndJob racing with Shutdown must not start a listener now */
    ReleaseSRWLockExclusive(&d->lock);
    stop_listener(d);
    AcquireSRWLockExclusive(&d->lock);
    if (d->line_is_open)
        line_close(&d->line);
    d->line_is_open = FALSE;
    d->ring_port = NULL;
    ReleaseSRWLockExclusive(&d->lock);
}
