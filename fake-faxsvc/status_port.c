/*
 * status_port.c - the job's status packets (see status_port.h).
 */
#include "status_port.h"

#include "fsc_scenario.h"
#include "rules/lifecycle.h"
#include "rules/status.h"
#include "service_provider.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Keys no FSP uses: STOP ends the watcher, SYNC marks "everything before me is taken";
 * both only once the packets queued before them are drained (FIFO). */
const char *fs_status_name(DWORD status)
{
    return fsc_status_name(status);
}

#define HISTORY_HALF (STATUS_HISTORY_MAX / 2)

/* How many StatusIds the history holds. */
static size_t history_length(const status_port *sp)
{
    return sp->count < STATUS_HISTORY_MAX ? sp->count : STATUS_HISTORY_MAX;
}

/* The i-th StatusId the history holds (i < history_length), oldest first. */
static DWORD history_at(const status_port *sp, size_t i)
{
    if (sp->count <= STATUS_HISTORY_MAX || i < HISTORY_HALF)
        return sp->history[i];
    size_t packet = sp->count - STATUS_HISTORY_MAX + i; /* its number, from 0 */
    return sp->history[HISTORY_HALF + (packet - HISTORY_HALF) % HISTORY_HALF];
}

static void history_add(status_port *sp, DWORD status)
{
    size_t packet = sp->count++;
    if (packet < STATUS_HISTORY_MAX)
        sp->history[packet] = status;
    else
        sp->history[HISTORY_HALF + (packet - HISTORY_HALF) % HISTORY_HALF] = status;
}

/* A flood must not become a flood of log lines: the first packets in full, then the
 * changes, then only a count. */
static BOOL worth_logging(status_port *sp, const FAX_DEV_STATUS *packet)
{
    BOOL change = !packet || sp->count == 0 || packet->StatusId != sp->last_status ||
                  packet->PageCount != sp->last_page;
    if (sp->logged < STATUS_LOG_FULL || (change && sp->logged < STATUS_LOG_MAX))
        return TRUE;
    sp->unlogged++;
    return FALSE;
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

/* STAT-4: the first member that differs from the copy, as "StatusId 0x20000008 -> 0". */
static void describe_change(const FAX_DEV_STATUS *was, const FAX_DEV_STATUS *now, char *out,
                            size_t size)
{
    const struct { const char *name; size_t offset; } members[] = {
        {"SizeOfStruct", offsetof(FAX_DEV_STATUS, SizeOfStruct)},
        {"StatusId", offsetof(FAX_DEV_STATUS, StatusId)},
        {"StringId", offsetof(FAX_DEV_STATUS, StringId)},
        {"PageCount", offsetof(FAX_DEV_STATUS, PageCount)},
        {"ErrorCode", offsetof(FAX_DEV_STATUS, ErrorCode)},
        {"Reserved[0]", offsetof(FAX_DEV_STATUS, Reserved[0])},
        {"Reserved[1]", offsetof(FAX_DEV_STATUS, Reserved[1])},
        {"Reserved[2]", offsetof(FAX_DEV_STATUS, Reserved[2])},
    };
    for (size_t i = 0; i < ARRAYSIZE(members); i++) {
        DWORD a, b;
        memcpy(&a, (const char *)was + members[i].offset, sizeof(a));
        memcpy(&b, (const char *)now + members[i].offset, sizeof(b));
        if (a != b) {
            snprintf(out, size, "%s 0x%lx -> 0x%lx", members[i].name, (unsigned long)a,
                     (unsigned long)b);
            return;
        }
    }
    snprintf(out, size, "a string pointer or padding");
}

/* Checks the oldest packet kept and frees it. Under sp->lock. */
static void release_oldest(status_port *sp)
{
    held_packet *h = &sp->held[sp->held_first];
    sp->held_first = (sp->held_first + 1) % STATUS_HELD_MAX;
    sp->held_count--;
    sp->tally.held++;
    const char *name = fs_status_name(h->copy.StatusId);
    char id[16], change[96];
    snprintf(id, sizeof(id), "0x%08lx", (unsigned long)h->copy.StatusId);
    if (!heap_exists(sp->heap))
        return; /* the FSP destroyed the heap: judged where that shows (HeapDestroy) */
    if (!HeapValidate(sp->heap, 0, h->packet)) {
        sp->tally.touched++;
        rule_packet_touched(&sp->judge->sink, sp->job, h->number, name ? name : id, 1, NULL);
        return; /* not a block any more: freeing it again would damage the heap */
    }
    if (memcmp(&h->copy, h->packet, sizeof(h->copy)) != 0) {
        sp->tally.touched++;
        describe_change(&h->copy, h->packet, change, sizeof(change));
        rule_packet_touched(&sp->judge->sink, sp->job, h->number, name ? name : id, 0, change);
    }
    HeapFree(sp->heap, 0, h->packet); /* STAT-4: the service frees the packet */
}

/* Keeps a packet of the service's heap beside a copy (the oldest kept makes room).
 * Under sp->lock. */
static void hold_packet(status_port *sp, FAX_DEV_STATUS *packet)
{
    if (sp->held_count == STATUS_HELD_MAX)
        release_oldest(sp);
    held_packet *h = &sp->held[(sp->held_first + sp->held_count++) % STATUS_HELD_MAX];
    h->packet = packet;
    memcpy(&h->copy, packet, sizeof(h->copy));
    h->number = sp->count;
}

/* The block is one the service took and still keeps. */
static BOOL is_held(status_port *sp, const void *block)
{
    BOOL held = FALSE;
    AcquireSRWLockShared(&sp->lock);
    for (size_t i = 0; i < sp->held_count && !held; i++)
        held = sp->held[(sp->held_first + i) % STATUS_HELD_MAX].packet == block;
    ReleaseSRWLockShared(&sp->lock);
    return held;
}

void status_port_release_held(status_port *sp)
{
    AcquireSRWLockExclusive(&sp->lock);
    while (sp->held_count > 0)
        release_oldest(sp);
    ReleaseSRWLockExclusive(&sp->lock);
}

static void take_packet(status_port *sp, DWORD bytes, ULONG_PTR key, OVERLAPPED *overlapped)
{
    packet_fact f;
    memset(&f, 0, sizeof(f));
    f.job = sp->job;
    f.key = key;
    f.expected_key = sp->key;
    f.address = (uintptr_t)overlapped;
    f.bytes = bytes;
    f.struct_size = sizeof(FAX_DEV_STATUS);
    /* STAT-2: the packet must be a block of the service's heap. Anything else is not
     * ours to read or free: a foreign pointer is only logged. A heap the FSP destroyed
     * cannot be asked (service_provider_heap_intact names that call). */
    BOOL heap_alive = heap_exists(sp->heap);
    if (!overlapped)
        f.origin = PACKET_NULL;
    else if (is_held(sp, overlapped))
        f.origin = PACKET_POSTED_AGAIN;
    else if (heap_alive && HeapValidate(sp->heap, 0, overlapped))
        f.origin = PACKET_SERVICE_HEAP;
    else if (HeapValidate(GetProcessHeap(), 0, overlapped))
        f.origin = PACKET_PROCESS_HEAP;
    else
        f.origin = PACKET_FOREIGN;
    FAX_DEV_STATUS *packet = f.origin == PACKET_SERVICE_HEAP ? (FAX_DEV_STATUS *)overlapped
                                                             : NULL;
    if (packet) {
        f.allocated = HeapSize(sp->heap, 0, packet);
        if (f.allocated >= sizeof(FAX_DEV_STATUS)) {
            f.size_of_struct = packet->SizeOfStruct;
            f.status_id = packet->StatusId;
            f.error_code = packet->ErrorCode;
            memcpy(f.reserved, packet->Reserved, sizeof(f.reserved));
            f.string_id = packet->StringId;
            f.string_loads = -1;
            if (!fs_status_name(f.status_id) && !status_is_lineerr(f.status_id)) {
                wchar_t text[2];
                f.string_loads = f.string_id && sp->fsp &&
                                 LoadStringW(sp->fsp, f.string_id, text, 2) > 0;
            }
        }
    }
    const FAX_DEV_STATUS *readable = f.allocated >= sizeof(FAX_DEV_STATUS) ? packet : NULL;
    if (worth_logging(sp, readable)) {
        sp->logged++;
        log_packet(sp, bytes, readable, packet != NULL);
    }
    rule_status_packet(&sp->judge->sink, &f, &sp->tally);
    if (!packet)
        return;
    if (sp->job_ended) {
        sp->tally.after_end++;
        rule_packet_after_end(&sp->judge->sink, sp->job, fs_status_name(f.status_id));
    }

    AcquireSRWLockExclusive(&sp->lock);
    if (sp->count > 0 && f.status_id == sp->last_status && readable &&
        readable->PageCount == sp->last_page)
        sp->repeats++;
    sp->last_status = f.status_id;
    sp->last_page = readable ? readable->PageCount : 0;
    if (readable && f.status_id == FS_TRANSMITTING) {
        sp->transmitting_seen = TRUE;
        if (readable->PageCount < PAGE_NUMBERS_MAX)
            sp->transmitting_pages |= UINT64_C(1) << readable->PageCount;
        if (readable->PageCount > sp->transmitting_highest)
            sp->transmitting_highest = readable->PageCount;
    }
    history_add(sp, f.status_id);
    if (readable)
        hold_packet(sp, packet); /* STAT-4: freed once the job ended (release_oldest) */
    injection_count_packet(sp->injection, sp->count); /* never blocks: safe under the lock */
    WakeAllConditionVariable(&sp->arrived);
    ReleaseSRWLockExclusive(&sp->lock);
    if (!readable)
        HeapFree(sp->heap, 0, packet); /* too small to compare: freed at once */
}

static DWORD WINAPI watch(void *arg)
{
    status_port *sp = arg;
    for (;;) {
        DWORD bytes = 0;
        ULONG_PTR key = 0;
        OVERLAPPED *overlapped = NULL;
        BOOL ok = GetQueuedCompletionStatus(sp->own_port, &bytes, &key, &overlapped, INFINITE);
        port_take what = port_marks_classify(&sp->marks, ok, overlapped);
        if (what == PORT_STOP)
            return 0;
        if (what == PORT_PACKET) {
            take_packet(sp, bytes, key, overlapped);
            continue;
        }
        port_marks_note(&sp->marks, what, &sp->lock, &sp->arrived);
        if (what == PORT_LOST)
            return 0;
    }
}

BOOL status_port_open(status_port *sp, const char *job, HANDLE heap, HMODULE fsp,
                      ULONG_PTR key, judge *j)
{
    memset(sp, 0, sizeof(*sp));
    sp->job = job;
    sp->heap = heap;
    sp->fsp = fsp;
    sp->key = key;
    sp->judge = j;
    InitializeSRWLock(&sp->lock);
    InitializeConditionVariable(&sp->arrived);
    sp->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    if (!sp->port)
        return FALSE;
    if (!DuplicateHandle(GetCurrentProcess(), sp->port, GetCurrentProcess(), &sp->own_port, 0,
                         FALSE, DUPLICATE_SAME_ACCESS) ||
        !(sp->thread = CreateThread(NULL, 0, watch, sp, 0, NULL))) {
        if (sp->own_port)
            CloseHandle(sp->own_port);
        CloseHandle(sp->port);
        sp->port = sp->own_port = NULL;
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
    port_marks_sync(&sp->marks, sp->port, &sp->lock, &sp->arrived);
    ReleaseSRWLockExclusive(&sp->lock);
}

void status_port_close(status_port *sp)
{
    if (!sp->port)
        return;
    status_port_sync(sp); /* through the FSP's handle: is it still there? */
    if (sp->marks.lost)
        rule_status_port_closed(&sp->judge->sink, sp->job);
    port_marks_post_stop(&sp->marks, sp->own_port);
    WaitForSingleObject(sp->thread, INFINITE);
    CloseHandle(sp->thread);
    status_port_release_held(sp); /* packets that came after the job's end, if any */
    CloseHandle(sp->own_port);
    if (!sp->marks.lost) /* a handle the FSP closed is not ours to close again */
        CloseHandle(sp->port);
    sp->port = NULL;
    sp->tally.ended = sp->job_ended;
    rule_status_summary(&sp->judge->sink, sp->job, sp->count, &sp->tally);
    rule_status_flood(&sp->judge->sink, sp->job, sp->count, sp->repeats, sp->unlogged);
}

BOOL status_port_wait_sequence(status_port *sp, const DWORD *sequence, size_t n,
                               DWORD timeout_ms)
{
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    BOOL found = FALSE;
    AcquireSRWLockExclusive(&sp->lock);
    for (;;) {
        size_t matched = 0;
        for (size_t i = 0; i < history_length(sp) && matched < n; i++)
            if (history_at(sp, i) == sequence[matched])
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

DWORD status_port_last_posted(status_port *sp, DWORD timeout_ms)
{
    AcquireSRWLockExclusive(&sp->lock);
    if (sp->port)
        port_marks_sync_within(&sp->marks, sp->port, &sp->lock, &sp->arrived, timeout_ms);
    DWORD last = sp->count ? sp->last_status : 0;
    ReleaseSRWLockExclusive(&sp->lock);
    return last;
}

void status_port_page_numbers(status_port *sp, page_numbers_fact *fact)
{
    AcquireSRWLockShared(&sp->lock);
    fact->seen = sp->transmitting_pages;
    fact->highest = sp->transmitting_highest;
    fact->any = sp->transmitting_seen;
    ReleaseSRWLockShared(&sp->lock);
}

DWORD status_port_last(status_port *sp)
{
    AcquireSRWLockShared(&sp->lock);
    DWORD last = sp->count ? sp->last_status : 0;
    ReleaseSRWLockShared(&sp->lock);
    return last;
}

void status_port_describe(status_port *sp, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    AcquireSRWLockShared(&sp->lock);
    for (size_t i = 0; i < history_length(sp) && len + 1 < size; i++) {
        DWORD status = history_at(sp, i);
        const char *name = fs_status_name(status);
        char hex[16];
        snprintf(hex, sizeof(hex), "0x%08lx", (unsigned long)status);
        if (i == HISTORY_HALF && sp->count > STATUS_HISTORY_MAX)
            len += (size_t)snprintf(buf + len, size - len, " ... (%zu more)",
                                    sp->count - STATUS_HISTORY_MAX);
        if (len + 1 < size)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? " " : "",
                                    name ? name : hex);
    }
    ReleaseSRWLockShared(&sp->lock);
    if (!buf[0])
        snprintf(buf, size, "(no packets)");
}
