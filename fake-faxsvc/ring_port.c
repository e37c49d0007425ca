/*
 * ring_port.c - virtual-device ring packets (see ring_port.h).
 */
#include "ring_port.h"

#include <string.h>

#include "rules/lifecycle.h"
#include "rules/virtual_devices.h"
#include "service_provider.h"

/* Keys no FSP uses: STOP ends the watcher, SYNC marks "everything before me is taken";
 * both only once the packets queued before them are drained (FIFO). */

static void log_ring(ring_port *rp, DWORD bytes, const LINEMESSAGE *message, const char *heap)
{
    event e;
    event_start(&e, "ring");
    event_u64(&e, "bytes", bytes);
    event_str(&e, "heap", heap);
    if (message) {
        event_u64(&e, "device", message->hDevice);
        event_u64(&e, "message_id", message->dwMessageID);
        event_u64(&e, "param1", message->dwParam1);
    }
    event_emit(rp->judge->log, &e);
}

static void queue_ring(ring_port *rp, DWORD device_id)
{
    AcquireSRWLockExclusive(&rp->lock);
    if (rp->pending_count < RING_QUEUE_MAX)
        rp->pending[rp->pending_count++] = device_id;
    WakeAllConditionVariable(&rp->rang);
    ReleaseSRWLockExclusive(&rp->lock);
}

/* VDEV-6: LocalAlloc(LPTR, sizeof(LINEMESSAGE)), posted with that size; the service
 * frees it with LocalFree. A block of the private heap is the FSP mixing up its two
 * allocation rules (status packets come from there, rings do not): judged, and given
 * back to the heap it came from. A pointer from neither is not ours to touch. */
static void take_ring(ring_port *rp, DWORD bytes, ULONG_PTR key, OVERLAPPED *overlapped)
{
    AcquireSRWLockShared(&rp->lock);
    BOOL late = rp->shut_down;
    ring_fact f;
    memset(&f, 0, sizeof(f));
    f.device_prefix = rp->device_prefix;
    f.device_count = rp->device_count;
    ReleaseSRWLockShared(&rp->lock);
    rp->rings++; /* the watcher's own counters: only it and ring_port_close (after the
                    watcher is joined) touch them */
    LINEMESSAGE *message = (LINEMESSAGE *)overlapped;
    BOOL local = message && HeapValidate(GetProcessHeap(), 0, message);
    BOOL service = message && !local && rp->service_heap && heap_exists(rp->service_heap) &&
                   HeapValidate(rp->service_heap, 0, message);
    log_ring(rp, bytes, local || service ? message : NULL,
             local ? "local" : service ? "service" : "foreign");
    if (late)
        rule_ring_after_shutdown(&rp->judge->sink);
    f.key = key;
    f.expected_key = rp->key;
    f.origin = local ? RING_LOCAL_ALLOC : service ? RING_SERVICE_HEAP : RING_FOREIGN;
    f.address = (uintptr_t)message;
    f.bytes = bytes;
    f.block_size = local ? LocalSize(message) : 0;
    f.message_size = sizeof(LINEMESSAGE);
    f.ringing = LINEDEVSTATE_RINGING;
    if (local || service) {
        f.device = message->hDevice;
        f.message_id = message->dwMessageID;
        f.instance = message->dwCallbackInstance;
        f.param1 = message->dwParam1;
        f.param2 = message->dwParam2;
        f.param3 = message->dwParam3;
    }
    if (rule_ring(&rp->judge->sink, &f, &rp->bad_rings) && !late)
        queue_ring(rp, message->hDevice);
    if (local)
        LocalFree(message);
    else if (service)
        HeapFree(rp->service_heap, 0, message);
}

static DWORD WINAPI watch(void *arg)
{
    ring_port *rp = arg;
    for (;;) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        OVERLAPPED *overlapped = NULL;
        BOOL ok = GetQueuedCompletionStatus(rp->own_port, &bytes, &key, &overlapped, INFINITE);
        port_take what = port_marks_classify(&rp->marks, ok, overlapped);
        if (what == PORT_STOP)
            return 0;
        if (what == PORT_PACKET) {
            take_ring(rp, bytes, key, overlapped);
            continue;
        }
        port_marks_note(&rp->marks, what, &rp->lock, &rp->rang);
        if (what == PORT_LOST)
            return 0;
    }
}

BOOL ring_port_open(ring_port *rp, judge *j, HANDLE service_heap, ULONG_PTR key)
{
    memset(rp, 0, sizeof(*rp));
    rp->judge = j;
    rp->service_heap = service_heap;
    rp->key = key;
    InitializeSRWLock(&rp->lock);
    InitializeConditionVariable(&rp->rang);
    rp->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    if (!rp->port)
        return FALSE;
    if (!DuplicateHandle(GetCurrentProcess(), rp->port, GetCurrentProcess(), &rp->own_port, 0,
                         FALSE, DUPLICATE_SAME_ACCESS) ||
        !(rp->thread = CreateThread(NULL, 0, watch, rp, 0, NULL))) {
        if (rp->own_port)
            CloseHandle(rp->own_port);
        CloseHandle(rp->port);
        rp->port = rp->own_port = NULL;
        return FALSE;
    }
    return TRUE;
}

void ring_port_set_devices(ring_port *rp, DWORD prefix, DWORD count)
{
    AcquireSRWLockExclusive(&rp->lock);
    rp->device_prefix = prefix;
    rp->device_count = count;
    ReleaseSRWLockExclusive(&rp->lock);
}

BOOL ring_port_take(ring_port *rp, DWORD timeout_ms, DWORD *device_id)
{
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    BOOL taken = FALSE;
    AcquireSRWLockExclusive(&rp->lock);
    for (;;) {
        if (rp->pending_count > 0) {
            *device_id = rp->pending[0];
            memmove(rp->pending, rp->pending + 1, --rp->pending_count * sizeof(DWORD));
            taken = TRUE;
            break;
        }
        ULONGLONG now = GetTickCount64();
        if (now >= deadline)
            break;
        SleepConditionVariableSRW(&rp->rang, &rp->lock, (DWORD)(deadline - now), 0);
    }
    ReleaseSRWLockExclusive(&rp->lock);
    return taken;
}

void ring_port_sync(ring_port *rp)
{
    if (!rp->port)
        return;
    AcquireSRWLockExclusive(&rp->lock);
    port_marks_sync(&rp->marks, rp->port, &rp->lock, &rp->rang);
    ReleaseSRWLockExclusive(&rp->lock);
}

void ring_port_mark_shut_down(ring_port *rp)
{
    AcquireSRWLockExclusive(&rp->lock);
    rp->shut_down = TRUE;
    ReleaseSRWLockExclusive(&rp->lock);
}

void ring_port_close(ring_port *rp)
{
    if (!rp->port)
        return;
    ring_port_sync(rp); /* through the FSP's handle: is it still there? */
    if (rp->marks.lost)
        rule_ring_port_closed(&rp->judge->sink);
    port_marks_post_stop(&rp->marks, rp->own_port);
    WaitForSingleObject(rp->thread, INFINITE);
    CloseHandle(rp->thread);
    CloseHandle(rp->own_port);
    if (!rp->marks.lost) /* a handle the FSP closed is not ours to close again */
        CloseHandle(rp->port);
    rp->port = NULL;
    rule_rings_summary(&rp->judge->sink, rp->rings, rp->bad_rings, rp->pending_count);
}
