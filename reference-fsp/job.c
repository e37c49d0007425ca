/*
 * job.c - the job object, its status and its abort (see job.h).
 */
#include "job.h"

#include <wchar.h>

#include "provider.h"

refsp_job *job_create(device *d, HANDLE port, ULONG_PTR key)
{
    refsp_job *job = provider_alloc(sizeof(*job)); /* JOB-6: per operation, service heap */
    if (!job)
        return NULL;
    line_gate_init(&job->gate);
    job->port = port;
    job->key = key;
    job->device = d;
    if (!device_claim(d, job)) {
        DWORD error = GetLastError();
        provider_free(job);
        SetLastError(error);
        return NULL;
    }
    return job;
}

void job_destroy(refsp_job *job)
{
    device_release(job->device, job->line_broken);
    provider_free(job); /* END-1: nothing of the job is left */
}

void job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code)
{
    AcquireSRWLockExclusive(&job->gate.lock);
    job->status_id = status_id;
    job->page = page;
    job->error_code = error_code;
    ReleaseSRWLockExclusive(&job->gate.lock);
    /* STAT-2: the service frees the packet, so it must come from its heap. */
    FAX_DEV_STATUS *packet = provider_alloc(sizeof(*packet));
    if (!packet)
        return; /* ReportStatus still has the status */
    packet->SizeOfStruct = sizeof(*packet);
    packet->StatusId = status_id;
    packet->PageCount = page;
    packet->ErrorCode = error_code;
    if (!PostQueuedCompletionStatus(job->port, sizeof(*packet), job->key, (LPOVERLAPPED)packet))
        provider_free(packet); /* not posted: still ours (STAT-4 only after posting) */
}

BOOL job_fail(refsp_job *job, DWORD status_id, DWORD error)
{
    job_post(job, status_id, job->page, error);
    SetLastError(error); /* ERR-2: last, so no later call can overwrite it */
    return FALSE;
}

void job_set_remote_id(refsp_job *job, BOOL receiving, const char *id)
{
    AcquireSRWLockExclusive(&job->gate.lock);
    wchar_t *target = receiving ? job->caller_id : job->csi;
    size_t n = 0;
    for (; id[n] && n < REFSP_ID_CHARS - 1; n++)
        target[n] = (unsigned char)id[n]; /* station IDs are ASCII (T.30) */
    target[n] = L'\0';
    ReleaseSRWLockExclusive(&job->gate.lock);
}

/* Appends one string to the block after the struct (RPT-6); NULL member when empty. */
static LPWSTR place_string(wchar_t **cursor, const wchar_t *text)
{
    if (!text[0])
        return NULL;
    LPWSTR placed = *cursor;
    size_t n = wcslen(text) + 1;
    wmemcpy(placed, text, n);
    *cursor += n;
    return placed;
}

BOOL job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required)
{
    if (!required) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    /* RPT-1: the operation may be posting now, so take a copy under the lock - and
     * write the service's buffer only after letting go: a fault there must not leave
     * the job's lock held (the abort needs it, ABORT-3). */
    wchar_t csi[REFSP_ID_CHARS], caller_id[REFSP_ID_CHARS];
    AcquireSRWLockShared(&job->gate.lock);
    DWORD status_id = job->status_id, page = job->page, error_code = job->error_code;
    wcscpy(csi, job->csi);
    wcscpy(caller_id, job->caller_id);
    ReleaseSRWLockShared(&job->gate.lock);
    DWORD strings = (DWORD)((wcslen(csi) + 1 + wcslen(caller_id) + 1) * sizeof(wchar_t));
    *required = sizeof(FAX_DEV_STATUS) + strings; /* RPT-3 */
    if (!status && size == 0)
        return TRUE; /* RPT-3: the size probe */
    if (!status || size < *required) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER); /* RPT-8, SampleFSP's convention */
        return FALSE;
    }
    ZeroMemory(status, *required); /* RPT-7: every member filled or zero */
    status->SizeOfStruct = sizeof(FAX_DEV_STATUS);
    status->StatusId = status_id;
    status->PageCount = page;
    status->ErrorCode = error_code;
    wchar_t *cursor = (wchar_t *)(status + 1);
    status->CSI = place_string(&cursor, csi);
    status->CallerId = place_string(&cursor, caller_id);
    return TRUE;
}

void job_abort(refsp_job *job)
{
    line_gate_abort(&job->gate); /* mark, CancelIoEx, wake: returns at once (ABORT-3) */
}
