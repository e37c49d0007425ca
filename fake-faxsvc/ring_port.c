/*
 * ring_port.c - virtual-device ring packets (see ring_port.h).
 */
#include "ring_port.h"

#include <string.h>

/* A key no FSP uses: the watcher stops once the packets queued before it are taken. */
#define STOP_KEY ((ULONG_PTR)-7)

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

/* VDEV-5, VDEV-7: a ring for one of the FSP's own devices, with every other field 0.
 * Returns TRUE when the packet names a device the service can answer on. */
static BOOL judge_fields(ring_port *rp, const LINEMESSAGE *m)
{
    judge *j = rp->judge;
    AcquireSRWLockShared(&rp->lock);
    DWORD prefix = rp->device_prefix, count = rp->device_count;
    ReleaseSRWLockShared(&rp->lock);
    BOOL device_known = m->hDevice >= prefix && m->hDevice - prefix < count;
    if (m->dwParam1 != LINEDEVSTATE_RINGING) {
        judge_violation(j, "VDEV-5", "a packet on the VirtualDeviceCreation port with "
                        "dwParam1 0x%lx: the only event is a ring (LINEDEVSTATE_RINGING, 0x%x)",
                        (unsigned long)m->dwParam1, (unsigned)LINEDEVSTATE_RINGING);
        return FALSE;
    }
    if (!device_known)
        judge_violation(j, "VDEV-7", "ring for device 0x%lx, which is not one of the FSP's "
                        "devices 0x%lx..0x%lx (hDevice is the device ID: prefix + index)",
                        (unsigned long)m->hDevice, (unsigned long)prefix,
                        (unsigned long)(prefix + count - 1));
    else if (m->dwMessageID || m->dwCallbackInstance || m->dwParam2 || m->dwParam3)
        judge_violation(j, "VDEV-7", "ring for device 0x%lx with nonzero fields (message "
                        "%lu, instance %lu, param2 %lu, param3 %lu); they must be 0",
                        (unsigned long)m->hDevice, (unsigned long)m->dwMessageID,
                        (unsigned long)m->dwCallbackInstance, (unsigned long)m->dwParam2,
                        (unsigned long)m->dwParam3);
    else
        judge_pass(j, "VDEV-7", "ring for device 0x%lx", (unsigned long)m->hDevice);
    return device_known;
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
    judge *j = rp->judge;
    AcquireSRWLockShared(&rp->lock);
    BOOL late = rp->shut_down;
    ReleaseSRWLockShared(&rp->lock);
    rp->rings++; /* the watcher's own counters: only it and ring_port_close (after the
                    watcher is joined) touch them */
    if (key != rp->key)
        judge_violation(j, "VDEV-5", "ring posted with key %llu; VirtualDeviceCreation "
                        "gave key %llu", (unsigned long long)key, (unsigned long long)rp->key);
    if (late)
        judge_violation(j, "SHUT-1", "a ring packet arrived after FaxDevShutdown returned: "
                        "the device listeners must be stopped by then");
    LINEMESSAGE *message = (LINEMESSAGE *)overlapped;
    BOOL local = message && HeapValidate(GetProcessHeap(), 0, message);
    BOOL service = message && !local && rp->service_heap &&
                   HeapValidate(rp->service_heap, 0, message);
    log_ring(rp, bytes, local || service ? message : NULL,
             local ? "local" : service ? "service" : "foreign");
    if (!local) {
        judge_violation(j, "VDEV-6", "ring packet %p is %s; it must come from "
                        "LocalAlloc(LPTR, sizeof(LINEMESSAGE))", (void *)message,
                        service ? "a block of the service's private heap" :
                        "not a LocalAlloc block (foreign, freed or on a stack)");
        rp->bad_rings++;
    } else if (bytes != sizeof(LINEMESSAGE) || LocalSize(message) < sizeof(LINEMESSAGE)) {
        judge_violation(j, "VDEV-6", "ring packet posted with %lu bytes in a %lu-byte block; "
                        "both must be sizeof(LINEMESSAGE) = %u", (unsigned long)bytes,
                        (unsigned long)LocalSize(message), (unsigned)sizeof(LINEMESSAGE));
        rp->bad_rings++;
    }
    if ((local || service) && judge_fields(rp, message) && !late)
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
        BOOL ok = GetQueuedCompletionStatus(rp->port, &bytes, &key, &overlapped, INFINITE);
        if ((!ok && !overlapped) || (key == STOP_KEY && !overlapped))
            return 0;
        take_ring(rp, bytes, key, overlapped);
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
    rp->thread = CreateThread(NULL, 0, watch, rp, 0, NULL);
    if (!rp->thread) {
        CloseHandle(rp->port);
        rp->port = NULL;
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
    PostQueuedCompletionStatus(rp->port, 0, STOP_KEY, NULL);
    WaitForSingleObject(rp->thread, INFINITE);
    CloseHandle(rp->thread);
    CloseHandle(rp->port);
    rp->port = NULL;
    if (rp->rings > 0 && rp->bad_rings == 0)
        judge_pass(rp->judge, "VDEV-6", "all %u ring packets were LocalAlloc'd LINEMESSAGEs "
                   "posted with their size", rp->rings);
    if (rp->pending_count > 0)
        judge_info(rp->judge, "VDEV-8", "%zu ring(s) not answered by the scenario (no "
                   "'answer' statement took them)", rp->pending_count);
}
