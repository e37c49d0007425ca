/*
 * service_job.c - a fax job as the service runs it (see service_job.h).
 */
#include "service_job.h"

#include <stdio.h>
#include <string.h>

#include "api_watch.h"
#include "call_trace.h"
#include "crash_guard.h"
#include "rules/abort.h"
#include "rules/errors.h"
#include "rules/lifecycle.h"
#include "rules/operation.h"
#include "rules/report.h"

/* How long an abort waits for the packet watcher to take what is already queued before it
 * notes the status it came on: microseconds normally; bounded for a watcher busy with a
 * flood. */
#define STATUS_SETTLE_MS 50

/* How long a thread held at an injection point waits for its abort at most: a lost
 * abort must not freeze the host (the abort's own hang guard is shorter). */
#define INJECTION_GUARD_MS 120000

/* How close the operation's return and the abort's may be and still count as "the
 * abort returned only once the operation had": the two threads' stamps are taken a
 * scheduling step apart. */
#define ABORT_ORDER_SLACK_MS 20

/* What the service writes into a FaxDevReportStatus buffer before the call: a member
 * still holding it afterwards was not filled (RPT-7). */
#define UNFILLED_BYTE 0xA5
#define UNFILLED_DWORD 0xA5A5A5A5u

/* A monotonic clock in microseconds, for ordering the abort and the operation. */
static uint64_t clock_us(void)
{
    LARGE_INTEGER now, frequency;
    QueryPerformanceCounter(&now);
    QueryPerformanceFrequency(&frequency);
    return (uint64_t)now.QuadPart / (uint64_t)frequency.QuadPart * 1000000u +
           (uint64_t)now.QuadPart % (uint64_t)frequency.QuadPart * 1000000u /
               (uint64_t)frequency.QuadPart;
}

static void set_phase(service_job *job, job_phase phase)
{
    AcquireSRWLockExclusive(&job->lock);
    job->phase = phase;
    ReleaseSRWLockExclusive(&job->lock);
}

static job_phase get_phase(service_job *job)
{
    AcquireSRWLockShared(&job->lock);
    job_phase phase = job->phase;
    ReleaseSRWLockShared(&job->lock);
    return phase;
}

/* The export the operation thread is about to enter (NULL: it returned), so a thread
 * that dies inside the FSP can be named (thread_died_in_call). After each call the
 * service heap is checked: a corrupting call is named too. */
static void entering(service_job *job, const char *fn)
{
    AcquireSRWLockExclusive(&job->lock);
    const char *left = job->in_call;
    job->in_call = fn;
    ReleaseSRWLockExclusive(&job->lock);
    if (!fn && left)
        service_provider_heap_intact(job->provider, job->judge, left, job->name);
}

/* The operation thread has ended while inside a call into the FSP: a stack overflow
 * the process could not report on that thread, or ExitThread in the FSP. Judged once;
 * the job is lost (its EndJob cannot be called on its own thread any more). */
static BOOL thread_died_in_call(service_job *job)
{
    if (!job->thread || WaitForSingleObject(job->thread, 0) != WAIT_OBJECT_0)
        return FALSE;
    AcquireSRWLockShared(&job->lock);
    const char *call = job->in_call;
    ReleaseSRWLockShared(&job->lock);
    if (!call)
        return FALSE;
    if (!job->thread_lost) {
        crash_guard_forget_thread(GetThreadId(job->thread));
        rule_thread_lost(&job->judge->sink, call, job->name);
    }
    job->thread_lost = TRUE;
    return TRUE;
}

/* FaxSendCallback gets no context but the FaxHandle, so the host keeps the live jobs
 * where the callback can find them: the only process-wide table of the host, forced by
 * the contract's prototype. A job is in it from StartJob until EndJob. */
static SRWLOCK live_jobs_lock = SRWLOCK_INIT;
static service_job *live_jobs[64];
/* The handles of ended jobs, newest last: a callback with one is judged by name (END-3),
 * with the judge those jobs reported to (one per process). */
typedef struct dead_handle {
    HANDLE handle;
    char job[32];
} dead_handle;
static dead_handle dead_handles[64];
static size_t dead_handle_count;
static judge *callback_judge;

static void register_job(service_job *job, BOOL live)
{
    AcquireSRWLockExclusive(&live_jobs_lock);
    callback_judge = job->judge;
    for (size_t i = 0; i < ARRAYSIZE(live_jobs); i++) {
        if (live && !live_jobs[i]) {
            live_jobs[i] = job;
            break;
        }
        if (!live && live_jobs[i] == job)
            live_jobs[i] = NULL;
    }
    if (!live) {
        dead_handle *d = &dead_handles[dead_handle_count++ % ARRAYSIZE(dead_handles)];
        d->handle = job->fax_handle;
        snprintf(d->job, sizeof(d->job), "%s", job->name);
    }
    ReleaseSRWLockExclusive(&live_jobs_lock);
}

/* A callback with no live job behind its handle: a dead job's (END-3), or one no
 * StartJob gave out (SEND-5). */
static void judge_unknown_handle(HANDLE fax_handle)
{
    char name[32] = "";
    AcquireSRWLockShared(&live_jobs_lock);
    judge *j = callback_judge;
    size_t kept = dead_handle_count < ARRAYSIZE(dead_handles) ? dead_handle_count
                                                              : ARRAYSIZE(dead_handles);
    for (size_t back = 1; back <= kept && !name[0]; back++) { /* the newest first */
        const dead_handle *d = &dead_handles[(dead_handle_count - back) % ARRAYSIZE(dead_handles)];
        if (d->handle == fax_handle)
            snprintf(name, sizeof(name), "%s", d->job);
    }
    ReleaseSRWLockShared(&live_jobs_lock);
    if (!j)
        return; /* no job ever started: nothing to judge it by */
    if (name[0])
        rule_dead_handle_called_back(&j->sink, name);
    else
        rule_send_callback_unknown_handle(&j->sink, (uintptr_t)fax_handle);
}

static service_job *job_of_handle(HANDLE fax_handle)
{
    service_job *found = NULL;
    AcquireSRWLockShared(&live_jobs_lock);
    for (size_t i = 0; i < ARRAYSIZE(live_jobs) && !found; i++)
        if (live_jobs[i] && live_jobs[i]->fax_handle == fax_handle)
            found = live_jobs[i];
    ReleaseSRWLockShared(&live_jobs_lock);
    return found;
}

/* SEND-5/6: once the call exists the FSP hands the service its call handle with
 * (FaxHandle, CallHandle, 0, 0); TRUE means "go on". A virtual FSP need not call it
 * (SEND-7). */
static BOOL CALLBACK send_callback(HANDLE fax_handle, HCALL call, DWORD reserved1,
                                   DWORD reserved2)
{
    service_job *job = job_of_handle(fax_handle);
    if (!job) {
        judge_unknown_handle(fax_handle);
        return TRUE; /* nothing to go on with: the service has no such operation */
    }
    /* A race pass may aim its abort here, while the FSP waits for this call. */
    injection_reach(job->injection, INJECT_IN_CALLBACK, INJECTION_GUARD_MS);
    event e;
    event_start(&e, "send-callback");
    event_str(&e, "job", job->name);
    event_u64(&e, "call_handle", call);
    event_u64(&e, "reserved1", reserved1);
    event_u64(&e, "reserved2", reserved2);
    event_emit(job->judge->log, &e);
    rule_send_callback(&job->judge->sink, job->name, get_phase(job) == JOB_OPERATING, call,
                       reserved1, reserved2);
    if (!job->refuse_callback)
        return TRUE;
    InterlockedIncrement(&job->callbacks_refused);
    return FALSE; /* SEND-6: the service wants the operation terminated */
}

/* --- ReportStatus ----------------------------------------------------------------------- */

static void check_report_strings(service_job *job, const FAX_DEV_STATUS *status, DWORD size)
{
    const char *block = (const char *)status + sizeof(*status);
    const char *end = (const char *)status + size;
    const struct { const char *name; LPWSTR value; } strings[] = {
        {"CSI", status->CSI}, {"CallerId", status->CallerId}, {"RoutingInfo", status->RoutingInfo},
    };
    unsigned set = 0, outside = 0;
    for (size_t i = 0; i < ARRAYSIZE(strings); i++) {
        const char *p = (const char *)strings[i].value;
        set += p != NULL;
        if (p && (p < block || p >= end)) {
            outside++;
            rule_report_string_outside(&job->judge->sink, job->name, strings[i].name,
                                       (uintptr_t)p, (uintptr_t)block, (uintptr_t)end);
        }
    }
    if (outside == 0)
        rule_report_strings_inside(&job->judge->sink, job->name, set);
}

/* One string member of a report, kept for the job's end - read only where RPT-6 allows
 * it (inside the block after the struct) and only up to the block's end. */
static void read_reported(const FAX_DEV_STATUS *status, DWORD size, const wchar_t *member,
                          reported_string *out)
{
    const char *block = (const char *)(status + 1), *end = (const char *)status + size;
    out->set = FALSE;
    out->text[0] = '\0';
    if (!member || (const char *)member < block || (const char *)member >= end)
        return;
    size_t room = (size_t)(end - (const char *)member) / sizeof(wchar_t), n = 0;
    while (n < room && member[n])
        n++;
    if (n == room)
        return; /* not terminated inside the block: RPT-6's to judge, not ours to read */
    out->set = TRUE;
    int bytes = n ? WideCharToMultiByte(CP_UTF8, 0, member, (int)n, out->text,
                                        sizeof(out->text) - 1, NULL, NULL) : 0;
    out->text[bytes > 0 ? bytes : 0] = '\0'; /* too long to keep: "" */
}

/* DS-4..6: the station strings of the last report. */
static void note_reported_ids(service_job *job, const FAX_DEV_STATUS *status, DWORD size)
{
    read_reported(status, size, status->CSI, &job->reported_csi);
    read_reported(status, size, status->CallerId, &job->reported_caller_id);
    read_reported(status, size, status->RoutingInfo, &job->reported_routing);
}

/* RPT-7: every member written (or zeroed): none may keep the service's fill pattern. */
static void check_report_members(service_job *job, const FAX_DEV_STATUS *status)
{
    char unfilled[160] = "";
    const struct { const char *name; DWORD value; } members[] = {
        {"SizeOfStruct", status->SizeOfStruct}, {"StatusId", status->StatusId},
        {"StringId", status->StringId}, {"PageCount", status->PageCount},
        {"ErrorCode", status->ErrorCode}, {"Reserved[0]", status->Reserved[0]},
    };
    for (size_t i = 0; i < ARRAYSIZE(members); i++)
        if (members[i].value == UNFILLED_DWORD)
            snprintf(unfilled + strlen(unfilled), sizeof(unfilled) - strlen(unfilled), "%s%s",
                     unfilled[0] ? ", " : "", members[i].name);
    rule_report_members(&job->judge->sink, job->name, unfilled, status->SizeOfStruct,
                        sizeof(FAX_DEV_STATUS));
}

/* The size negotiation (RPT-3..5), then the real call. Returns the StatusId, or 0 when
 * no status could be read. */
/* Bytes after every buffer the host lends ReportStatus: what the FSP writes there is
 * past the size it was given. */
#define REPORT_CANARY_BYTES 256

/* One FaxDevReportStatus call with a heap buffer of `size` bytes (NULL for 0), followed
 * by the canary. Returns the block (HeapFree it; NULL for size 0) and the call's result;
 * an overrun is judged here. */
static FAX_DEV_STATUS *report_call(service_job *job, DWORD size, const char *which,
                                   DWORD required_before, BOOL *ok, DWORD *error,
                                   DWORD *required)
{
    fsp_exports *fn = &job->provider->fsp->fn;
    call_trace trace;
    BYTE *block = NULL;
    if (size) {
        block = HeapAlloc(GetProcessHeap(), 0, size + REPORT_CANARY_BYTES);
        if (!block)
            return NULL;
        memset(block, UNFILLED_BYTE, size + REPORT_CANARY_BYTES);
    }
    trace_call(job->judge, &trace, "FaxDevReportStatus", job->name);
    *ok = fn->report_status(job->fax_handle, (PFAX_DEV_STATUS)block, size, required);
    *error = GetLastError();
    trace_return(job->judge, &trace, *ok, *error);
    if (block) {
        size_t past = 0;
        for (size_t i = 0; i < REPORT_CANARY_BYTES; i++)
            if (block[size + i] != UNFILLED_BYTE)
                past = i + 1;
        if (past)
            rule_report_overrun(&job->judge->sink, job->name, which, size, required_before,
                                past);
    }
    return (FAX_DEV_STATUS *)block;
}

/* FaxDevReportStatus as the service calls it (RPT-3, RPT-4): a size probe, then a buffer
 * of the size asked for (at least the documented one). `thorough` adds what a careful
 * service may also do: a buffer too small for the status (RPT-8) and one of exactly the
 * size asked for; every buffer is watched for writes past its end (RPT-3). */
static DWORD report_status(service_job *job, const char *why, BOOL thorough)
{
    judge *j = job->judge;
    DWORD required = 0, error;
    BOOL ok;
    report_call(job, 0, "the size probe", 0, &ok, &error, &required);
    /* RPT-5: the documented buffer is the struct plus FAXDEVREPORTSTATUS_SIZE. */
    DWORD documented = sizeof(FAX_DEV_STATUS) + FAXDEVREPORTSTATUS_SIZE;
    report_probe_fact probe = {job->name, why, ok, error, error == HOST_LAST_ERROR_SENTINEL,
                               required, sizeof(FAX_DEV_STATUS), documented};
    if (!rule_report_probe(&j->sink, &probe))
        return 0;
    DWORD asked = required;
    if (thorough && asked > 1) {
        DWORD small = asked / 2, ignored = 0;
        FAX_DEV_STATUS *block = report_call(job, small, "a buffer too small", asked, &ok,
                                            &error, &ignored);
        rule_report_small_buffer(&j->sink, job->name, small, asked, ok, error);
        if (!ok)
            judge_failure_reason(j, "FaxDevReportStatus", error);
        HeapFree(GetProcessHeap(), 0, block);
    }
    if (thorough && asked >= sizeof(FAX_DEV_STATUS) && asked != documented) {
        DWORD ignored = 0;
        FAX_DEV_STATUS *exact = report_call(job, asked, "a buffer of exactly the size asked for",
                                            asked, &ok, &error, &ignored);
        if (!ok) {
            rule_report_refused(&j->sink, job->name, why, asked, error);
            judge_failure_reason(j, "FaxDevReportStatus", error);
        }
        HeapFree(GetProcessHeap(), 0, exact);
    }
    /* RPT-4: the service allocates what the probe asked for (at least the documented). */
    DWORD size = asked > documented ? asked : documented;
    FAX_DEV_STATUS *status = report_call(job, size, "the service's buffer", asked, &ok, &error,
                                         &required);
    if (!status)
        return 0;
    DWORD id = 0;
    if (!ok) {
        rule_report_refused(&j->sink, job->name, why, size, error);
        judge_failure_reason(j, "FaxDevReportStatus", error);
    } else {
        check_report_members(job, status);
        check_report_strings(job, status, size);
        note_reported_ids(job, status, size);
        id = status->StatusId;
        const char *name = fs_status_name(id);
        event e;
        event_start(&e, "report");
        event_str(&e, "job", job->name);
        event_str(&e, "why", why);
        event_str(&e, "status", name ? name : "other");
        event_u64(&e, "status_id", id);
        event_u64(&e, "page", status->PageCount);
        event_u64(&e, "error", status->ErrorCode);
        event_emit(j->log, &e);
    }
    HeapFree(GetProcessHeap(), 0, status);
    return id;
}

void service_job_report(service_job *job, const char *why)
{
    job_phase phase = get_phase(job);
    if (phase == JOB_NEW || phase == JOB_START_FAILED || phase == JOB_ENDED)
        return; /* no live handle: never call into a dead one */
    /* the scenario's own reports probe every size; the race hammer's are the service's */
    report_status(job, why, strcmp(why, "asked by the scenario") == 0);
}

/* --- the operation thread ---------------------------------------------------------------- */

static void call_start_job(service_job *job)
{
    fsp_exports *fn = &job->provider->fsp->fn;
    call_trace trace;
    service_provider_job_coming(job->provider, job->name); /* END-1, per group */
    job->fax_handle = NULL;
    entering(job, "FaxDevStartJob");
    trace_call(job->judge, &trace, "FaxDevStartJob", job->name);
    /* JOB-7: no TAPI line here, so the line handle is 0; the device ID is the scenario's. */
    BOOL ok = fn->start_job(0, job->device_id, &job->fax_handle, job->status.port, job->key);
    DWORD error = GetLastError();
    trace_return(job->judge, &trace, ok, error);
    entering(job, NULL);
    judge_return_reason(job->judge, "FaxDevStartJob", ok, error);
    if (!ok) {
        service_provider_job_gone(job->provider, job->judge, FALSE);
        set_phase(job, JOB_START_FAILED);
        return;
    }
    register_job(job, TRUE);
    rule_start_job(&job->judge->sink, job->name, job->fax_handle != NULL,
                   (uintptr_t)job->fax_handle);
    set_phase(job, JOB_STARTED);
}

/* RECV-2, IMG-2..5: a receive that returned TRUE left a TIFF in the service's file, in
 * the service's own form. (The pages themselves are the suite's to compare.) A fax
 * file is at most a few MB; a larger one is judged by its header alone. */
enum { RECEIVED_FILE_MAX = 64 * 1024 * 1024 };

static void judge_received_file(service_job *job)
{
    unsigned char header[4] = {0};
    unsigned char *data = NULL;
    DWORD got = 0;
    int whole = 0;
    HANDLE file = CreateFileW(job->file, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
                              NULL, OPEN_EXISTING, 0, NULL);
    if (file != INVALID_HANDLE_VALUE) {
        LARGE_INTEGER size;
        if (GetFileSizeEx(file, &size) && size.QuadPart >= 4 &&
            size.QuadPart <= RECEIVED_FILE_MAX &&
            (data = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)size.QuadPart)) != NULL)
            whole = ReadFile(file, data, (DWORD)size.QuadPart, &got, NULL) &&
                    got == (DWORD)size.QuadPart;
        if (!whole) {
            SetFilePointer(file, 0, NULL, FILE_BEGIN);
            ReadFile(file, header, sizeof(header), &got, NULL);
        }
        CloseHandle(file);
    }
    rule_received_file(&job->judge->sink, job->name, whole ? data : header, got, whole);
    if (data)
        HeapFree(GetProcessHeap(), 0, data);
}

/* RECV-6: the receiver's strings, after a TRUE receive. The block is what the service
 * lent after the struct (FAXDEVRECEIVE_SIZE bytes), past the FileName string it wrote. */
static receiver_place receiver_place_of(const wchar_t *member, const char *start,
                                        const char *end)
{
    const char *at = (const char *)member;
    if (!at)
        return RECEIVER_UNSET;
    return at >= start && at + sizeof(wchar_t) <= end ? RECEIVER_IN_BLOCK : RECEIVER_OUTSIDE;
}

static void judge_receiver(service_job *job)
{
    const FAX_RECEIVE *receive = job->receive_buffer;
    const char *start = (const char *)(receive + 1) + (wcslen(job->file) + 1) * sizeof(wchar_t);
    const char *end = (const char *)(receive + 1) + FAXDEVRECEIVE_SIZE;
    receiver_fact fact = {job->name,
                          receiver_place_of(receive->ReceiverName, start, end),
                          receiver_place_of(receive->ReceiverNumber, start, end),
                          (uintptr_t)receive->ReceiverName, (uintptr_t)receive->ReceiverNumber,
                          (uintptr_t)start, (uintptr_t)end};
    rule_receiver_strings(&job->judge->sink, &fact);
}

static void call_operation(service_job *job, job_request request)
{
    fsp_exports *fn = &job->provider->fsp->fn;
    call_trace trace;
    job->operation = request == JOB_REQ_SEND ? "FaxDevSend" : "FaxDevReceive";
    set_phase(job, JOB_OPERATING);
    SetEvent(job->acknowledged);
    injection_reach(job->injection, INJECT_BEFORE_OPERATION, INJECTION_GUARD_MS);
    AcquireSRWLockExclusive(&job->lock);
    job->operation_entered = TRUE;
    job->operation_entered_us = clock_us();
    ReleaseSRWLockExclusive(&job->lock);
    if (request == JOB_REQ_RECEIVE)
        api_watch_receive_begin(job->file); /* RECV-3: how the FSP opens it */
    entering(job, job->operation);
    trace_call(job->judge, &trace, job->operation, job->name);
    BOOL ok = request == JOB_REQ_SEND
        ? fn->send(job->fax_handle, &job->send, send_callback)
        : fn->receive(job->fax_handle, job->call_handle, (PFAX_RECEIVE)job->receive_buffer);
    uint64_t returned_us = clock_us();
    DWORD error = GetLastError();
    /* ABORT-3 compares this with the abort's own return: published at once, before the
     * log write and the heap check, so an abort waiting for it is seen as waiting. */
    AcquireSRWLockExclusive(&job->lock);
    job->operation_returned_us = returned_us;
    ReleaseSRWLockExclusive(&job->lock);
    job->operation_us = trace_return(job->judge, &trace, ok, error);
    entering(job, NULL);
    job->result = ok;
    job->last_error = error;
    AcquireSRWLockExclusive(&job->lock); /* abort, then return: how long it took (a figure) */
    if (job->abort_returned_ms)
        job->completed_after_abort_ms = GetTickCount64() - job->abort_returned_ms;
    ReleaseSRWLockExclusive(&job->lock);
    judge_return_reason(job->judge, job->operation, ok, error);
    if (request == JOB_REQ_RECEIVE)
        api_watch_receive_end(job->file, job->name);
    if (ok && request == JOB_REQ_RECEIVE) {
        judge_received_file(job);
        judge_receiver(job);
    }
    set_phase(job, JOB_OPERATED);
    SetEvent(job->operation_done);
}

/* SEND-8, SEND-9, ABORT-4: what the end-of-job report says must fit what the
 * operation returned. */
static void judge_outcome(service_job *job, DWORD final_status)
{
    if (!job->operation) {
        status_port_sync(&job->status);
        idle_report_fact idle = {job->name, final_status,
                                 job->aborted || job->abort_before_return ||
                                     job->abort_phase != JOB_NEW, /* aborted before any operation */
                                 status_port_last(&job->status) != 0};
        rule_idle_report(&job->judge->sink, &idle);
        return;
    }
    if (strcmp(job->operation, "FaxDevSend") == 0) {
        rule_send_outcome(&job->judge->sink, job->name, job->result, final_status);
        if (job->refuse_callback) {
            send_refused_fact refused = {job->name, job->callbacks_refused, job->result,
                                         final_status};
            rule_send_refused(&job->judge->sink, &refused);
        }
    }
    abort_outcome_fact fact = {job->name, job->aborted, job->result, final_status,
                               job->status_at_abort};
    rule_abort_outcome(&job->judge->sink, &fact);
    if (job->without_ring && strcmp(job->operation, "FaxDevReceive") == 0) {
        receive_without_ring_fact ringless = {job->name, job->result, final_status,
                                              job->aborted || job->abort_before_return,
                                              job->remote_called};
        rule_receive_without_ring(&job->judge->sink, &ringless);
    }
    if (job->after_ring && strcmp(job->operation, "FaxDevReceive") == 0) {
        status_port_sync(&job->status); /* what was posted before EndJob */
        virtual_receive_fact packets = {job->name, job->result, status_port_last(&job->status),
                                        job->aborted || job->abort_before_return};
        rule_virtual_receive_packets(&job->judge->sink, &packets);
    }
    if (job->line_missing) {
        line_missing_fact missing = {job->name, job->operation, job->result, final_status,
                                     job->aborted || job->abort_before_return};
        rule_line_missing_outcome(&job->judge->sink, &missing);
    }
    BOOL receive = strcmp(job->operation, "FaxDevReceive") == 0;
    if (job->remote_id_known) {
        csi_fact csi = {job->name, job->operation, job->reported_csi.set,
                        job->reported_csi.text, job->remote_id};
        rule_report_csi(&job->judge->sink, &csi);
        if (receive && job->result) {
            caller_id_fact caller = {job->name, job->reported_caller_id.set,
                                     job->reported_caller_id.text, job->remote_id};
            rule_report_caller_id(&job->judge->sink, &caller);
        }
    }
    if (job->reported_routing.set || (receive && job->result))
        rule_routing_info(&job->judge->sink, job->name, job->reported_routing.set,
                          job->reported_routing.text);
}

static void call_end_job(service_job *job)
{
    fsp_exports *fn = &job->provider->fsp->fn;
    entering(job, "FaxDevReportStatus");
    job->final_status = report_status(job, "end of job", TRUE); /* RPT-2, JOB-4 */
    entering(job, NULL);
    judge_outcome(job, job->final_status);
    call_trace trace;
    entering(job, "FaxDevEndJob");
    trace_call(job->judge, &trace, "FaxDevEndJob", job->name);
    BOOL ok = fn->end_job(job->fax_handle);
    DWORD error = GetLastError();
    trace_return(job->judge, &trace, ok, error);
    entering(job, NULL);
    set_phase(job, JOB_ENDED);
    register_job(job, FALSE);            /* END-3: the handle is dead from here on */
    status_port_sync(&job->status);      /* packets posted before EndJob are taken */
    status_port_mark_ended(&job->status);
    status_port_release_held(&job->status); /* STAT-4; before END-1 looks at the heap */
    judge_return_reason(job->judge, "FaxDevEndJob", ok, error);
    /* END-1: the job's data must be gone; judged for the group of jobs alive together
     * once the last of them has ended (service_provider.h). */
    service_provider_job_gone(job->provider, job->judge, TRUE);
}

static DWORD WINAPI operation_thread(void *arg)
{
    service_job *job = arg;
    call_start_job(job); /* JOB-2: on the operation's own thread */
    SetEvent(job->acknowledged);
    if (get_phase(job) != JOB_STARTED)
        return 0;
    for (;;) {
        WaitForSingleObject(job->wake, INFINITE);
        AcquireSRWLockExclusive(&job->lock);
        job_request request = job->request;
        job->request = JOB_REQ_NONE;
        ReleaseSRWLockExclusive(&job->lock);
        if (request == JOB_REQ_SEND || request == JOB_REQ_RECEIVE) {
            call_operation(job, request);
        } else if (request == JOB_REQ_END) {
            call_end_job(job);
            return 0;
        }
    }
}

/* --- the scenario's side --------------------------------------------------------------------- */

BOOL service_job_start(service_job *job, service_provider *provider, judge *j,
                       const char *name, DWORD device_id, ULONG_PTR key, DWORD timeout_ms)
{
    memset(job, 0, sizeof(*job));
    snprintf(job->name, sizeof(job->name), "%s", name);
    job->provider = provider;
    job->judge = j;
    job->device_id = device_id;
    job->key = key;
    job->remote_called = -1; /* not asked (RECV-5) */
    InitializeSRWLock(&job->lock);
    job->wake = CreateEventW(NULL, FALSE, FALSE, NULL);
    job->acknowledged = CreateEventW(NULL, FALSE, FALSE, NULL);
    job->operation_done = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!job->wake || !job->acknowledged || !job->operation_done ||
        !status_port_open(&job->status, job->name, provider->heap, provider->fsp->module, key,
                          j))
        return FALSE;
    job->thread = CreateThread(NULL, 0, operation_thread, job, 0, NULL);
    if (!job->thread)
        return FALSE;
    /* A StartJob that never returns is the crash guard's watchdog's to judge (ERR-1,
     * naming the call); this wait only has to outlast it. */
    HANDLE started[2] = {job->acknowledged, job->thread};
    DWORD waited = WaitForMultipleObjects(2, started, FALSE, timeout_ms * 2 + 10000);
    if (waited == WAIT_OBJECT_0 + 1 && thread_died_in_call(job))
        return FALSE;
    if (waited != WAIT_OBJECT_0)
        return FALSE;
    return get_phase(job) == JOB_STARTED;
}

static BOOL hand_over(service_job *job, job_request request)
{
    if (get_phase(job) != JOB_STARTED)
        return FALSE; /* one operation per job, and only on a live handle */
    AcquireSRWLockExclusive(&job->lock);
    job->request = request;
    ReleaseSRWLockExclusive(&job->lock);
    SetEvent(job->wake);
    WaitForSingleObject(job->acknowledged, INFINITE); /* set just before the FSP call */
    return TRUE;
}

BOOL service_job_send(service_job *job, const wchar_t *file, const wchar_t *number,
                      BOOL refuse_callback)
{
    job->refuse_callback = refuse_callback; /* before hand_over: the FSP's thread reads it */
    /* S-SEND: the service's FAX_SEND - size set, Unicode strings, reserved fields zero. */
    DWORD n = GetFullPathNameW(file, MAX_PATH, job->file, NULL);
    if (n == 0 || n >= MAX_PATH)
        wcsncpy(job->file, file, MAX_PATH - 1);
    wcsncpy(job->number, number, ARRAYSIZE(job->number) - 1);
    memset(&job->send, 0, sizeof(job->send));
    job->send.SizeOfStruct = sizeof(FAX_SEND);
    job->send.FileName = job->file;
    job->send.CallerName = L"FSPKit fake fax service";
    job->send.CallerNumber = L"+1 555 0100";
    job->send.ReceiverName = L"FSPKit receiver";
    job->send.ReceiverNumber = job->number;
    return hand_over(job, JOB_REQ_SEND);
}

BOOL service_job_receive(service_job *job, const wchar_t *file, HCALL call_handle)
{
    /* RECV-3: the service creates the file before the call; S-RECV: its buffer holds
     * the struct, then the FileName string, then room for the FSP's strings. */
    DWORD n = GetFullPathNameW(file, MAX_PATH, job->file, NULL);
    if (n == 0 || n >= MAX_PATH)
        return FALSE;
    HANDLE created = CreateFileW(job->file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                                 FILE_ATTRIBUTE_NORMAL, NULL);
    if (created == INVALID_HANDLE_VALUE)
        return FALSE;
    CloseHandle(created);
    size_t size = sizeof(FAX_RECEIVE) + FAXDEVRECEIVE_SIZE;
    job->receive_buffer = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size);
    if (!job->receive_buffer)
        return FALSE;
    FAX_RECEIVE *receive = job->receive_buffer;
    receive->SizeOfStruct = sizeof(FAX_RECEIVE);
    receive->FileName = (LPWSTR)(receive + 1);
    wcscpy(receive->FileName, job->file);
    job->call_handle = call_handle;
    return hand_over(job, JOB_REQ_RECEIVE);
}

BOOL service_job_wait(service_job *job, DWORD timeout_ms)
{
    job_phase phase = get_phase(job);
    if (phase != JOB_OPERATING && phase != JOB_OPERATED)
        return TRUE; /* no operation was started: nothing to wait for */
    HANDLE done[2] = {job->operation_done, job->thread};
    DWORD waited = WaitForMultipleObjects(2, done, FALSE, timeout_ms);
    if (waited == WAIT_OBJECT_0 + 1)
        thread_died_in_call(job);
    return waited == WAIT_OBJECT_0;
}

/* One FaxDevAbortOperation call on its own thread. Shared by that thread and the
 * caller, and freed by whichever lets go last: a caller that gives up on a hung abort
 * must not leave the thread writing into a stack frame that is gone. */
typedef struct abort_call {
    service_job *job;
    BOOL result;
    DWORD last_error;
    uint64_t started_us, returned_us;  /* clock_us() around the call */
    DWORD status_before;               /* the last FS_* in hand as the call began */
    volatile LONG returned;     /* the call came back (else its thread died inside it) */
    volatile LONG holders;      /* 2, then 1, then freed */
} abort_call;

static void let_go(abort_call *call)
{
    if (InterlockedDecrement(&call->holders) == 0)
        HeapFree(GetProcessHeap(), 0, call);
}

static DWORD WINAPI abort_thread(void *arg)
{
    abort_call *call = arg;
    service_job *job = call->job;
    call_trace trace;
    /* what the FSP had posted before the abort, queued packets included (ABORT-4) */
    call->status_before = status_port_last_posted(&job->status, STATUS_SETTLE_MS);
    trace_call(job->judge, &trace, "FaxDevAbortOperation", job->name);
    call->started_us = clock_us();
    call->result = job->provider->fsp->fn.abort_operation(job->fax_handle);
    call->returned_us = clock_us();
    call->last_error = GetLastError();
    trace_return(job->judge, &trace, call->result, call->last_error);
    InterlockedExchange(&call->returned, 1);
    if (InterlockedCompareExchange(&call->holders, 0, 0) == 2) /* the caller still waits */
        service_provider_heap_intact(job->provider, job->judge, "FaxDevAbortOperation",
                                     job->name);
    let_go(call);
    return 0;
}

BOOL service_job_abort(service_job *job, DWORD slow_ms, DWORD hang_guard_ms)
{
    job_phase phase = get_phase(job);
    if (phase == JOB_NEW || phase == JOB_START_FAILED || phase == JOB_ENDED)
        return TRUE; /* the handle is not alive: never call into it */
    /* ABORT-4 is judged only for an abort that came while the operation ran: whether
     * one before Send or after its return means anything is UNCONFIRMED. */
    AcquireSRWLockShared(&job->lock);
    BOOL entered = job->operation_entered, returned = job->operation_returned_us != 0;
    ReleaseSRWLockShared(&job->lock);
    job->abort_phase = phase;
    BOOL running = phase == JOB_OPERATING && entered && !returned;
    if (phase == JOB_OPERATING && !returned)
        job->abort_before_return = TRUE;
    abort_call *call = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*call));
    if (!call)
        return TRUE;
    call->job = job;
    call->holders = 2;
    HANDLE thread = CreateThread(NULL, 0, abort_thread, call, 0, NULL);
    if (!thread) {
        HeapFree(GetProcessHeap(), 0, call);
        return TRUE;
    }
    /* ABORT-2: on a thread of its own. A call that never returns is a hang (ERR-1). */
    if (WaitForSingleObject(thread, hang_guard_ms) == WAIT_TIMEOUT) {
        if (get_phase(job) == JOB_OPERATING)
            rule_abort_blocked(&job->judge->sink, job->name, job->operation, hang_guard_ms);
        else
            rule_call_hung(&job->judge->sink, "FaxDevAbortOperation", job->name, hang_guard_ms);
        /* The thread is stuck inside the DLL; it cannot be taken back safely. */
        if (running)
            job->aborted = TRUE;
        CloseHandle(thread);
        let_go(call);
        return FALSE;
    }
    DWORD abort_thread_id = GetThreadId(thread);
    CloseHandle(thread);
    BOOL came_back = call->returned, result = call->result;
    DWORD last_error = call->last_error;
    uint64_t started_us = call->started_us, returned_us = call->returned_us;
    DWORD status_before = call->status_before;
    if (!came_back)
        HeapFree(GetProcessHeap(), 0, call); /* its thread is gone without letting go */
    else
        let_go(call);
    if (!came_back) {
        crash_guard_forget_thread(abort_thread_id);
        rule_thread_lost(&job->judge->sink, "FaxDevAbortOperation", job->name);
        return TRUE; /* that thread is gone; none is inside the DLL */
    }
    /* The abort met the operation only if it entered the FSP before the operation
     * returned: creating its thread takes a while, and an operation that ended in the
     * meantime (a receive refused at once, RECV-5) was not cancelled by it (ABORT-4). */
    AcquireSRWLockShared(&job->lock);
    uint64_t ended_us = job->operation_returned_us;
    ReleaseSRWLockShared(&job->lock);
    if (running && ended_us && ended_us <= started_us)
        running = FALSE;
    if (running && !job->aborted) {
        job->aborted = TRUE;
        job->status_at_abort = status_before;
        job->abort_entered_us = started_us;
        job->abort_left_us = returned_us;
    }
    AcquireSRWLockExclusive(&job->lock);
    job->abort_returned_ms = GetTickCount64();
    ReleaseSRWLockExclusive(&job->lock);
    /* ABORT-3 by order: did the operation return while the abort was still inside? An
     * abort that waits on something the operation signals just before returning wakes
     * a moment before the operation's own return is stamped: a slow abort gets that
     * moment to show it, and returns that close together count as "in the call". */
    if (running && returned_us - started_us >= (uint64_t)slow_ms * 1000u)
        WaitForSingleObject(job->operation_done, ABORT_ORDER_SLACK_MS);
    AcquireSRWLockShared(&job->lock);
    uint64_t operation_returned_us = job->operation_returned_us;
    ReleaseSRWLockShared(&job->lock);
    abort_call_fact fact = {job->name, job->operation, returned_us - started_us, running,
                            running && operation_returned_us &&
                                operation_returned_us <= returned_us + ABORT_ORDER_SLACK_MS * 1000u,
                            operation_returned_us > started_us
                                ? operation_returned_us - started_us : 0,
                            slow_ms};
    rule_abort_call(&job->judge->sink, &fact);
    judge_return_reason(job->judge, "FaxDevAbortOperation", result, last_error);
    return TRUE;
}

BOOL service_job_end(service_job *job, DWORD timeout_ms)
{
    if (!job->thread)
        return TRUE;
    job_phase phase = get_phase(job);
    if (phase == JOB_STARTED || phase == JOB_OPERATING || phase == JOB_OPERATED) {
        /* END-2/END-3: EndJob follows every successful StartJob, after the operation. */
        if (!service_job_wait(job, timeout_ms)) {
            if (!job->thread_lost)
                rule_call_hung(&job->judge->sink, job->operation ? job->operation
                                                                 : "the operation",
                               job->name, timeout_ms);
            return FALSE;
        }
        AcquireSRWLockExclusive(&job->lock);
        job->request = JOB_REQ_END;
        ReleaseSRWLockExclusive(&job->lock);
        SetEvent(job->wake);
    }
    if (WaitForSingleObject(job->thread, timeout_ms) != WAIT_OBJECT_0) {
        AcquireSRWLockShared(&job->lock);
        const char *call = job->in_call;
        ReleaseSRWLockShared(&job->lock);
        rule_call_hung(&job->judge->sink, call ? call : "FaxDevEndJob", job->name, timeout_ms);
        return FALSE; /* hung: the caller stops without Shutdown */
    }
    if (thread_died_in_call(job))
        return FALSE; /* lost inside a call: the caller stops without Shutdown */
    CloseHandle(job->thread);
    job->thread = NULL;
    status_port_close(&job->status);
    CloseHandle(job->wake);
    CloseHandle(job->acknowledged);
    CloseHandle(job->operation_done);
    if (job->receive_buffer)
        HeapFree(GetProcessHeap(), 0, job->receive_buffer);
    job->receive_buffer = NULL;
    return TRUE;
}
