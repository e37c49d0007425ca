/*
 * service_job.c - a fax job as the service runs it (see service_job.h).
 */
#include "service_job.h"

#include <stdio.h>
#include <string.h>

#include "call_trace.h"

/* How long a thread held at an injection point waits for its abort at most: a lost
 * abort must not freeze the host (the abort's own hang guard is shorter). */
#define INJECTION_GUARD_MS 120000

/* What the service writes into a FaxDevReportStatus buffer before the call: a member
 * still holding it afterwards was not filled (RPT-7). */
#define UNFILLED_BYTE 0xA5
#define UNFILLED_DWORD 0xA5A5A5A5u

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
    if (!job->thread_lost)
        judge_violation(job->judge, "ERR-1", "job %s: its thread ended inside %s without "
                        "returning (a stack overflow the process could not report, or "
                        "ExitThread in the FSP)", job->name, call);
    job->thread_lost = TRUE;
    return TRUE;
}

/* FaxSendCallback gets no context but the FaxHandle, so the host keeps the live jobs
 * where the callback can find them: the only process-wide table of the host, forced by
 * the contract's prototype. A job is in it from StartJob until EndJob. */
static SRWLOCK live_jobs_lock = SRWLOCK_INIT;
static service_job *live_jobs[64];

static void register_job(service_job *job, BOOL live)
{
    AcquireSRWLockExclusive(&live_jobs_lock);
    for (size_t i = 0; i < ARRAYSIZE(live_jobs); i++) {
        if (live && !live_jobs[i]) {
            live_jobs[i] = job;
            break;
        }
        if (!live && live_jobs[i] == job)
            live_jobs[i] = NULL;
    }
    ReleaseSRWLockExclusive(&live_jobs_lock);
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
    if (!job)
        return TRUE; /* no job to judge it for: a handle the host never gave out */
    /* A race pass may aim its abort here, while the FSP waits for this call. */
    injection_reach(job->injection, INJECT_IN_CALLBACK, INJECTION_GUARD_MS);
    event e;
    event_start(&e, "send-callback");
    event_str(&e, "job", job->name);
    event_u64(&e, "call_handle", call);
    event_u64(&e, "reserved1", reserved1);
    event_u64(&e, "reserved2", reserved2);
    event_emit(job->judge->log, &e);
    if (reserved1 || reserved2)
        judge_violation(job->judge, "SEND-5", "job %s: FaxSendCallback called with reserved "
                        "arguments %lu, %lu; they must be 0", job->name,
                        (unsigned long)reserved1, (unsigned long)reserved2);
    else if (get_phase(job) != JOB_OPERATING)
        judge_violation(job->judge, "SEND-5", "job %s: FaxSendCallback called outside "
                        "FaxDevSend", job->name);
    else
        judge_pass(job->judge, "SEND-5", "job %s: FaxSendCallback(handle, call %lu, 0, 0)",
                   job->name, (unsigned long)call);
    return TRUE;
}

/* --- ReportStatus ----------------------------------------------------------------------- */

static void check_report_strings(service_job *job, const FAX_DEV_STATUS *status, DWORD size)
{
    const char *block = (const char *)status + sizeof(*status);
    const char *end = (const char *)status + size;
    const struct { const char *name; LPWSTR value; } strings[] = {
        {"CSI", status->CSI}, {"CallerId", status->CallerId}, {"RoutingInfo", status->RoutingInfo},
    };
    for (size_t i = 0; i < ARRAYSIZE(strings); i++) {
        const char *p = (const char *)strings[i].value;
        if (p && (p < block || p >= end))
            judge_violation(job->judge, "RPT-6", "job %s: FAX_DEV_STATUS.%s points outside "
                            "the block after the struct (%p, block %p..%p)", job->name,
                            strings[i].name, (const void *)p, (const void *)block,
                            (const void *)end);
    }
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
    if (unfilled[0])
        judge_violation(job->judge, "RPT-7", "job %s: FaxDevReportStatus left %s unfilled",
                        job->name, unfilled);
    else
        judge_pass(job->judge, "RPT-7", "job %s: every FAX_DEV_STATUS member filled", job->name);
    if (status->SizeOfStruct != sizeof(FAX_DEV_STATUS))
        judge_violation(job->judge, "RPT-7", "job %s: SizeOfStruct is %lu, not %u", job->name,
                        (unsigned long)status->SizeOfStruct, (unsigned)sizeof(FAX_DEV_STATUS));
}

/* The size negotiation (RPT-3..5), then the real call. Returns the StatusId, or 0. */
static DWORD report_status(service_job *job, const char *why)
{
    fsp_exports *fn = &job->provider->fsp->fn;
    judge *j = job->judge;
    call_trace trace;
    DWORD required = 0;
    trace_call(j->log, &trace, "FaxDevReportStatus", job->name);
    BOOL ok = fn->report_status(job->fax_handle, NULL, 0, &required);
    DWORD error = GetLastError();
    trace_return(j->log, &trace, ok, error);
    if (!ok) {
        judge_violation(j, "RPT-3", "job %s (%s): the NULL/0 size probe returned FALSE "
                        "(error %lu)", job->name, why, (unsigned long)error);
        judge_failure_reason(j, "FaxDevReportStatus", error);
        return 0;
    }
    if (required < sizeof(FAX_DEV_STATUS)) {
        judge_violation(j, "RPT-3", "job %s: the size probe asked for %lu bytes, less than "
                        "FAX_DEV_STATUS itself (%u)", job->name, (unsigned long)required,
                        (unsigned)sizeof(FAX_DEV_STATUS));
        return 0;
    }
    judge_pass(j, "RPT-3", "job %s: the size probe asked for %lu bytes", job->name,
               (unsigned long)required);

    /* RPT-5: the documented buffer is the struct plus FAXDEVREPORTSTATUS_SIZE. */
    DWORD size = sizeof(FAX_DEV_STATUS) + FAXDEVREPORTSTATUS_SIZE;
    if (required > size)
        judge_violation(j, "RPT-5", "job %s: the probe asked for %lu bytes, more than the "
                        "service's %lu-byte buffer", job->name, (unsigned long)required,
                        (unsigned long)size);
    FAX_DEV_STATUS *status = HeapAlloc(GetProcessHeap(), 0, size);
    if (!status)
        return 0;
    memset(status, UNFILLED_BYTE, size);
    trace_call(j->log, &trace, "FaxDevReportStatus", job->name);
    ok = fn->report_status(job->fax_handle, status, size, &required);
    error = GetLastError();
    trace_return(j->log, &trace, ok, error);
    DWORD id = 0;
    if (!ok) {
        judge_violation(j, "RPT-4", "job %s (%s): FaxDevReportStatus failed with the "
                        "service's %lu-byte buffer (error %lu)", job->name, why,
                        (unsigned long)size, (unsigned long)error);
        judge_failure_reason(j, "FaxDevReportStatus", error);
    } else {
        check_report_members(job, status);
        check_report_strings(job, status, size);
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
    report_status(job, why);
}

/* --- the operation thread ---------------------------------------------------------------- */

static void call_start_job(service_job *job)
{
    fsp_exports *fn = &job->provider->fsp->fn;
    call_trace trace;
    size_t bytes;
    heap_census(job->provider->heap, &job->blocks_before, &bytes);
    job->fax_handle = NULL;
    entering(job, "FaxDevStartJob");
    trace_call(job->judge->log, &trace, "FaxDevStartJob", job->name);
    /* JOB-7: no TAPI line here, so the line handle is 0; the device ID is the scenario's. */
    BOOL ok = fn->start_job(0, job->device_id, &job->fax_handle, job->status.port, job->key);
    DWORD error = GetLastError();
    trace_return(job->judge->log, &trace, ok, error);
    entering(job, NULL);
    if (!ok) {
        judge_failure_reason(job->judge, "FaxDevStartJob", error);
        set_phase(job, JOB_START_FAILED);
        return;
    }
    register_job(job, TRUE);
    if (job->fax_handle)
        judge_pass(job->judge, "JOB-5", "job %s: StartJob set the handle %p", job->name,
                   (void *)job->fax_handle);
    else
        judge_violation(job->judge, "JOB-5", "job %s: StartJob returned TRUE but left "
                        "*FaxHandle NULL", job->name);
    set_phase(job, JOB_STARTED);
}

/* RECV-2, IMG-3: a receive that returned TRUE left a TIFF in the service's file, in the
 * CPU's byte order. (The pages themselves are the suite's to compare.) */
static void judge_received_file(service_job *job)
{
    unsigned char header[4] = {0};
    DWORD got = 0;
    HANDLE file = CreateFileW(job->file, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
                              NULL, OPEN_EXISTING, 0, NULL);
    if (file != INVALID_HANDLE_VALUE) {
        ReadFile(file, header, sizeof(header), &got, NULL);
        CloseHandle(file);
    }
    if (got == sizeof(header) && memcmp(header, "II*\0", 4) == 0)
        judge_pass(job->judge, "RECV-2", "job %s: FaxDevReceive left a little-endian TIFF in "
                   "FAX_RECEIVE.FileName", job->name);
    else if (got == sizeof(header) && memcmp(header, "MM\0*", 4) == 0)
        judge_info(job->judge, "IMG-3", "job %s: the received TIFF is big-endian (MM); the "
                   "service's own files are little-endian (II), and what it accepts back "
                   "is UNCONFIRMED", job->name);
    else
        judge_violation(job->judge, "RECV-2", "job %s: FaxDevReceive returned TRUE but "
                        "FAX_RECEIVE.FileName holds no TIFF (%lu byte(s) read)", job->name,
                        (unsigned long)got);
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
    ReleaseSRWLockExclusive(&job->lock);
    entering(job, job->operation);
    trace_call(job->judge->log, &trace, job->operation, job->name);
    BOOL ok = request == JOB_REQ_SEND
        ? fn->send(job->fax_handle, &job->send, send_callback)
        : fn->receive(job->fax_handle, job->call_handle, (PFAX_RECEIVE)job->receive_buffer);
    DWORD error = GetLastError();
    job->operation_us = trace_return(job->judge->log, &trace, ok, error);
    entering(job, NULL);
    job->result = ok;
    job->last_error = error;
    AcquireSRWLockExclusive(&job->lock); /* abort, then return: how long it took (a figure) */
    if (job->abort_returned_ms)
        job->completed_after_abort_ms = GetTickCount64() - job->abort_returned_ms;
    ReleaseSRWLockExclusive(&job->lock);
    if (!ok)
        judge_failure_reason(job->judge, job->operation, error);
    else if (request == JOB_REQ_RECEIVE)
        judge_received_file(job);
    set_phase(job, JOB_OPERATED);
    SetEvent(job->operation_done);
}

/* SEND-8, SEND-9: what the end-of-job report says must fit what FaxDevSend returned. */
static void judge_send_outcome(service_job *job, DWORD final_status)
{
    const char *name = fs_status_name(final_status);
    if (job->result && final_status != FS_COMPLETED)
        judge_violation(job->judge, "SEND-8", "job %s: FaxDevSend returned TRUE but the status "
                        "is %s, not FS_COMPLETED", job->name, name ? name : "other");
    else if (job->result)
        judge_pass(job->judge, "SEND-8", "job %s: TRUE and FS_COMPLETED", job->name);
    if (!job->result && (final_status == FS_COMPLETED || final_status == FS_TRANSMITTING ||
                         final_status == FS_RECEIVING))
        judge_violation(job->judge, "SEND-9", "job %s: FaxDevSend returned FALSE but the "
                        "status is %s", job->name, name);
}

/* ABORT-4: an operation the abort ended reports FS_USER_ABORT. */
static void judge_abort_outcome(service_job *job, DWORD final_status)
{
    if (!job->aborted || job->result)
        return;
    const char *name = fs_status_name(final_status);
    if (final_status == FS_USER_ABORT)
        judge_pass(job->judge, "ABORT-4", "job %s: aborted, reports FS_USER_ABORT", job->name);
    else
        judge_violation(job->judge, "ABORT-4", "job %s: aborted and failed, but reports %s "
                        "instead of FS_USER_ABORT", job->name, name ? name : "other");
}

static void judge_outcome(service_job *job, DWORD final_status)
{
    if (!job->operation)
        return;
    if (strcmp(job->operation, "FaxDevSend") == 0)
        judge_send_outcome(job, final_status);
    judge_abort_outcome(job, final_status);
}

static void call_end_job(service_job *job)
{
    fsp_exports *fn = &job->provider->fsp->fn;
    entering(job, "FaxDevReportStatus");
    job->final_status = report_status(job, "end of job"); /* RPT-2, JOB-4 */
    entering(job, NULL);
    judge_outcome(job, job->final_status);
    call_trace trace;
    entering(job, "FaxDevEndJob");
    trace_call(job->judge->log, &trace, "FaxDevEndJob", job->name);
    BOOL ok = fn->end_job(job->fax_handle);
    DWORD error = GetLastError();
    trace_return(job->judge->log, &trace, ok, error);
    entering(job, NULL);
    set_phase(job, JOB_ENDED);
    register_job(job, FALSE);            /* END-3: the handle is dead from here on */
    status_port_sync(&job->status);      /* packets posted before EndJob are taken */
    status_port_mark_ended(&job->status);
    if (!ok)
        judge_failure_reason(job->judge, "FaxDevEndJob", error);
    /* END-1: the job's data must be gone. Other jobs' blocks would blur this, so it is
     * only judged when this job is the one alive (the scenario says so in the log). */
    size_t blocks, bytes;
    if (job->provider->heap_corrupt)
        return; /* no walking a corrupt heap */
    heap_census(job->provider->heap, &blocks, &bytes);
    if (blocks > job->blocks_before)
        judge_violation(job->judge, "END-1", "job %s: %zu more block(s) on the private heap "
                        "after EndJob than before StartJob", job->name,
                        blocks - job->blocks_before);
    else
        judge_pass(job->judge, "END-1", "job %s: EndJob freed what the job allocated",
                   job->name);
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
    InitializeSRWLock(&job->lock);
    job->wake = CreateEventW(NULL, FALSE, FALSE, NULL);
    job->acknowledged = CreateEventW(NULL, FALSE, FALSE, NULL);
    job->operation_done = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!job->wake || !job->acknowledged || !job->operation_done ||
        !status_port_open(&job->status, job->name, provider->heap, key, j))
        return FALSE;
    job->thread = CreateThread(NULL, 0, operation_thread, job, 0, NULL);
    if (!job->thread)
        return FALSE;
    HANDLE started[2] = {job->acknowledged, job->thread};
    DWORD waited = WaitForMultipleObjects(2, started, FALSE, timeout_ms);
    if (waited == WAIT_OBJECT_0 + 1 && thread_died_in_call(job))
        return FALSE;
    if (waited != WAIT_OBJECT_0) {
        judge_violation(j, "JOB-8", "job %s: FaxDevStartJob has not returned after %lu ms",
                        name, (unsigned long)timeout_ms);
        return FALSE;
    }
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

BOOL service_job_send(service_job *job, const wchar_t *file, const wchar_t *number)
{
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
    trace_call(job->judge->log, &trace, "FaxDevAbortOperation", job->name);
    call->result = job->provider->fsp->fn.abort_operation(job->fax_handle);
    call->last_error = GetLastError();
    trace_return(job->judge->log, &trace, call->result, call->last_error);
    InterlockedExchange(&call->returned, 1);
    if (InterlockedCompareExchange(&call->holders, 0, 0) == 2) /* the caller still waits */
        service_provider_heap_intact(job->provider, job->judge, "FaxDevAbortOperation",
                                     job->name);
    let_go(call);
    return 0;
}

BOOL service_job_abort(service_job *job, DWORD limit_ms, DWORD hang_guard_ms)
{
    job_phase phase = get_phase(job);
    if (phase == JOB_NEW || phase == JOB_START_FAILED || phase == JOB_ENDED)
        return TRUE; /* the handle is not alive: never call into it */
    /* ABORT-4 is judged only for an abort that came while the operation ran: whether
     * one before Send or after its return means anything is UNCONFIRMED. */
    AcquireSRWLockShared(&job->lock);
    BOOL entered = job->operation_entered;
    ReleaseSRWLockShared(&job->lock);
    job->abort_phase = phase;
    if (phase == JOB_OPERATING && entered)
        job->aborted = TRUE;
    abort_call *call = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*call));
    if (!call)
        return TRUE;
    call->job = job;
    call->holders = 2;
    ULONGLONG started = GetTickCount64();
    HANDLE thread = CreateThread(NULL, 0, abort_thread, call, 0, NULL);
    if (!thread) {
        HeapFree(GetProcessHeap(), 0, call);
        return TRUE;
    }
    /* ABORT-2, ABORT-3: judged structurally. If Abort is still inside the FSP when the
     * limit passes while the operation is still running, it is waiting for it. */
    DWORD waited = WaitForSingleObject(thread, limit_ms);
    if (waited == WAIT_TIMEOUT && get_phase(job) == JOB_OPERATING) {
        judge_violation(job->judge, "ABORT-3", "job %s: FaxDevAbortOperation has not returned "
                        "after %lu ms while %s is still running: it waits for the operation",
                        job->name, (unsigned long)limit_ms, job->operation);
    }
    if (waited == WAIT_TIMEOUT && WaitForSingleObject(thread, hang_guard_ms) == WAIT_TIMEOUT) {
        judge_violation(job->judge, "ABORT-3", "job %s: FaxDevAbortOperation never returned "
                        "(hang guard %lu ms)", job->name, (unsigned long)hang_guard_ms);
        /* The thread is stuck inside the DLL; it cannot be taken back safely. */
        CloseHandle(thread);
        let_go(call);
        return FALSE;
    }
    ULONGLONG returned = GetTickCount64(), took = returned - started;
    AcquireSRWLockExclusive(&job->lock);
    job->abort_returned_ms = returned;
    ReleaseSRWLockExclusive(&job->lock);
    CloseHandle(thread);
    BOOL came_back = call->returned, result = call->result;
    DWORD last_error = call->last_error;
    if (!came_back)
        HeapFree(GetProcessHeap(), 0, call); /* its thread is gone without letting go */
    else
        let_go(call);
    if (!came_back) {
        judge_violation(job->judge, "ERR-1", "job %s: the thread calling FaxDevAbortOperation "
                        "ended inside it without returning (a stack overflow the process could "
                        "not report, or ExitThread in the FSP)", job->name);
        return TRUE; /* that thread is gone; none is inside the DLL */
    }
    if (waited == WAIT_OBJECT_0) {
        if (took > limit_ms / 10)
            judge_violation(job->judge, "ABORT-3", "job %s: FaxDevAbortOperation took %llu ms "
                            "(returned while %s was %s)", job->name, took,
                            job->operation ? job->operation : "the job",
                            get_phase(job) == JOB_OPERATING ? "still running" : "done");
        else
            judge_pass(job->judge, "ABORT-3", "job %s: FaxDevAbortOperation returned in "
                       "%llu ms", job->name, took);
    }
    if (!result)
        judge_failure_reason(job->judge, "FaxDevAbortOperation", last_error);
    return TRUE;
}

BOOL service_job_end(service_job *job, DWORD timeout_ms)
{
    if (!job->thread)
        return TRUE;
    job_phase phase = get_phase(job);
    if (phase == JOB_STARTED || phase == JOB_OPERATING || phase == JOB_OPERATED) {
        /* END-2/END-3: EndJob follows every successful StartJob, after the operation. */
        if (!service_job_wait(job, timeout_ms))
            return FALSE;
        AcquireSRWLockExclusive(&job->lock);
        job->request = JOB_REQ_END;
        ReleaseSRWLockExclusive(&job->lock);
        SetEvent(job->wake);
    }
    if (WaitForSingleObject(job->thread, timeout_ms) != WAIT_OBJECT_0 || thread_died_in_call(job))
        return FALSE; /* hung, or lost inside a call: the caller stops without Shutdown */
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
