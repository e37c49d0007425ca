/*
 * status_port.c - the job's status packets (see status_port.h).
 */
#include "status_port.h"

#include "fsc_scenario.h"

#include <stdio.h>
#include <string.h>

/* Keys no FSP uses: STOP ends the watcher, SYNC marks "everything before me is taken";
 * both only once the packets queued before them are drained (FIFO). */
#define STOP_KEY ((ULONG_PTR)-7)
#define SYNC_KEY ((ULONG_PTR)-8)

/* Progress codes: while running and after a normal finish, ErrorCode is NO_ERROR
 * (DS-7). Every other FS_* code reports a failure. */
static BOOL is_progress_status(DWORD status)
{
    static const DWORD progress[] = {FS_INITIALIZING, FS_DIALING, FS_TRANSMITTING,
                                     FS_RECEIVING, FS_COMPLETED, FS_ANSWERED};
    for (size_t i = 0; i < ARRAYSIZE(progress); i++)
        if (progress[i] == status)
            return TRUE;
    return FALSE;
}

const char *fs_status_name(DWORD status)
{
    return fsc_status_name(status);
}

static void log_packet(status_port *sp, DWORD bytes, const FAX_DEV_STATUS *packet,
                       BOOL from_heap)
{
    char id[16];
    event e;
    event_start(&e, "packet");
    event_str(&e, "job", sp->job);
    event_u64(&e, "bytes", bytes);
    event_bool(&e, "service_heap", from_heap);
    if (packet) {
        const char *name = fs_status_name(packet->StatusId);
        snprintf(id, sizeof(id), "0x%08lx", (unsigned long)packet->StatusId);
        event_str(&e, "status", name ? name : id);
        event_u64(&e, "status_id", packet->StatusId);
        event_u64(&e, "size_of_struct", packet->SizeOfStruct);
        event_u64(&e, "page", packet->PageCount);
        event_u64(&e, "error", packet->ErrorCode);
        event_u64(&e, "string_id", packet->StringId);
    }
    event_emit(sp->judge->log, &e);
}

/* STAT-2..5, DS-7, DS-8 on one packet that came from the right heap. */
static void judge_contents(status_port *sp, DWORD bytes, const FAX_DEV_STATUS *packet,
                           SIZE_T allocated)
{
    judge *j = sp->judge;
    const char *name = fs_status_name(packet->StatusId);
    if (bytes < sizeof(FAX_DEV_STATUS) || bytes > allocated) {
        judge_violation(j, "STAT-3", "job %s: packet posted with %lu bytes; it is a %u-byte "
                        "FAX_DEV_STATUS in a %lu-byte block", sp->job, (unsigned long)bytes,
                        (unsigned)sizeof(FAX_DEV_STATUS), (unsigned long)allocated);
        sp->bad_packets++;
    } else if (bytes != sizeof(FAX_DEV_STATUS) || packet->SizeOfStruct != sizeof(FAX_DEV_STATUS)) {
        judge_violation(j, "STAT-5", "job %s: packet of %lu bytes with SizeOfStruct %lu; "
                        "Microsoft's example posts exactly sizeof(FAX_DEV_STATUS) = %u",
                        sp->job, (unsigned long)bytes, (unsigned long)packet->SizeOfStruct,
                        (unsigned)sizeof(FAX_DEV_STATUS));
        sp->bad_packets++;
    }
    if (packet->Reserved[0] || packet->Reserved[1] || packet->Reserved[2]) {
        judge_violation(j, "DS-8", "job %s: %s packet has nonzero Reserved fields", sp->job,
                        name ? name : "a");
        sp->bad_packets++;
    }
    if (is_progress_status(packet->StatusId) && packet->ErrorCode != NO_ERROR) {
        judge_violation(j, "DS-7", "job %s: %s packet carries ErrorCode %lu; it must be "
                        "NO_ERROR while running and after a normal finish", sp->job, name,
                        (unsigned long)packet->ErrorCode);
        sp->bad_packets++;
    }
    if (!name)
        judge_info(j, "DS-1", "job %s: StatusId 0x%08lx is not an FS_* code (a LINEERR_* or "
                   "provider-defined value)", sp->job, (unsigned long)packet->StatusId);
}

static void take_packet(status_port *sp, DWORD bytes, ULONG_PTR key, OVERLAPPED *overlapped)
{
    judge *j = sp->judge;
    if (key != sp->key) {
        judge_violation(j, "STAT-3", "job %s: packet posted with key %llu; StartJob gave "
                        "key %llu", sp->job, (unsigned long long)key,
                        (unsigned long long)sp->key);
        sp->bad_packets++;
    }
    if (!overlapped) {
        judge_violation(j, "STAT-2", "job %s: packet with no FAX_DEV_STATUS (NULL)", sp->job);
        sp->bad_packets++;
        log_packet(sp, bytes, NULL, FALSE);
        return;
    }
    /* STAT-2: the packet must be a block of the service's heap. Anything else is not
     * ours to read or free: a foreign pointer is only logged. */
    if (!HeapValidate(sp->heap, 0, overlapped)) {
        BOOL process_heap = HeapValidate(GetProcessHeap(), 0, overlapped);
        judge_violation(j, "STAT-2", "job %s: status packet %p is not a block of the heap "
                        "the service passed to FaxDevInitialize%s", sp->job, (void *)overlapped,
                        process_heap ? " (it is from the process heap)"
                                     : " (a foreign, freed or stack pointer)");
        sp->foreign_packets++;
        log_packet(sp, bytes, NULL, FALSE);
        return;
    }
    FAX_DEV_STATUS *packet = (FAX_DEV_STATUS *)overlapped;
    SIZE_T allocated = HeapSize(sp->heap, 0, packet);
    log_packet(sp, bytes, packet, TRUE);
    if (allocated >= sizeof(FAX_DEV_STATUS))
        judge_contents(sp, bytes, packet, allocated);
    if (sp->job_ended)
        judge_violation(j, "END-3", "job %s: %s packet arrived after FaxDevEndJob returned",
                        sp->job, fs_status_name(packet->StatusId) ? fs_status_name(packet->StatusId)
                                                                  : "a");

    AcquireSRWLockExclusive(&sp->lock);
    if (sp->count < STATUS_HISTORY_MAX)
        sp->history[sp->count++] = packet->StatusId;
    injection_count_packet(sp->injection, sp->count); /* never blocks: safe under the lock */
    WakeAllConditionVariable(&sp->arrived);
    ReleaseSRWLockExclusive(&sp->lock);
    HeapFree(sp->heap, 0, packet); /* STAT-4: the service frees the packet */
}

static DWORD WINAPI watch(void *arg)
{
    status_port *sp = arg;
    for (;;) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        OVERLAPPED *overlapped = NULL;
        BOOL ok = GetQueuedCompletionStatus(sp->port, &bytes, &key, &overlapped, INFINITE);
        if (!ok && !overlapped)
            return 0; /* the port is gone */
        if (key == STOP_KEY && !overlapped)
            return 0;
        if (key == SYNC_KEY && !overlapped) {
            AcquireSRWLockExclusive(&sp->lock);
            sp->syncs_seen++;
            WakeAllConditionVariable(&sp->arrived);
            ReleaseSRWLockExclusive(&sp->lock);
            continue;
        }
        take_packet(sp, bytes, key, overlapped);
    }
}

BOOL status_port_open(status_port *sp, const char *job, HANDLE heap, ULONG_PTR key, judge *j)
{
    memset(sp, 0, sizeof(*sp));
    sp->job = job;
    sp->heap = heap;
    sp->key = key;
    sp->judge = j;
    InitializeSRWLock(&sp->lock);
    InitializeConditionVariable(&sp->arrived);
    sp->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    if (!sp->port)
        return FALSE;
    sp->thread = CreateThread(NULL, 0, watch, sp, 0, NULL);
    if (!sp->thread) {
        CloseHandle(sp->port);
        sp->port = NULL;
        return FALSE;
    }
    return TRUE;
}

void status_port_mark_ended(status_port *sp)
{
    AcquireSRWLockExclusive(&sp->lock);
    sp->job_ended = TRUE;
    ReleaseSRWLockExclusive(&sp->lock);
}

void status_port_sync(status_port *sp)
{
    AcquireSRWLockExclusive(&sp->lock);
    unsigned ticket = ++sp->syncs_posted;
    PostQueuedCompletionStatus(sp->port, 0, SYNC_KEY, NULL);
    while (sp->syncs_seen < ticket)
        SleepConditionVariableSRW(&sp->arrived, &sp->lock, INFINITE, 0);
    ReleaseSRWLockExclusive(&sp->lock);
}

void status_port_close(status_port *sp)
{
    if (!sp->port)
        return;
    PostQueuedCompletionStatus(sp->port, 0, STOP_KEY, NULL);
    WaitForSingleObject(sp->thread, INFINITE);
    CloseHandle(sp->thread);
    CloseHandle(sp->port);
    sp->port = NULL;
    if (sp->count > 0 && sp->foreign_packets == 0)
        judge_pass(sp->judge, "STAT-2", "job %s: all %zu status packets came from the "
                   "service's heap", sp->job, sp->count);
    if (sp->count > 0 && sp->bad_packets == 0)
        judge_pass(sp->judge, "STAT-3", "job %s: every packet on the job's port and key, "
                   "with its size", sp->job);
}

BOOL status_port_wait_sequence(status_port *sp, const DWORD *sequence, size_t n,
                               DWORD timeout_ms)
{
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    BOOL found = FALSE;
    AcquireSRWLockExclusive(&sp->lock);
    for (;;) {
        size_t matched = 0;
        for (size_t i = 0; i < sp->count && matched < n; i++)
            if (sp->history[i] == sequence[matched])
                matched++;
        if (matched == n) {
            found = TRUE;
            break;
        }
        ULONGLONG now = GetTickCount64();
        if (now >= deadline)
            break;
        SleepConditionVariableSRW(&sp->arrived, &sp->lock, (DWORD)(deadline - now), 0);
    }
    ReleaseSRWLockExclusive(&sp->lock);
    return found;
}

DWORD status_port_last(status_port *sp)
{
    AcquireSRWLockShared(&sp->lock);
    DWORD last = sp->count ? sp->history[sp->count - 1] : 0;
    ReleaseSRWLockShared(&sp->lock);
    return last;
}

void status_port_describe(status_port *sp, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    AcquireSRWLockShared(&sp->lock);
    for (size_t i = 0; i < sp->count && len + 1 < size; i++) {
        const char *name = fs_status_name(sp->history[i]);
        char hex[16];
        snprintf(hex, sizeof(hex), "0x%08lx", (unsigned long)sp->history[i]);
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? " " : "", name ? name : hex);
    }
    ReleaseSRWLockShared(&sp->lock);
    if (!buf[0])
        snprintf(buf, size, "(no packets)");
}
