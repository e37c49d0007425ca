/*
 * job.c - the job: its state, its abort, its status (see job.h).
 *
 * The job's states and how it moves between them. Every arrow is taken under the job's
 * one lock, and every arrow wakes the job's one condition variable.
 *
 *     StartJob
 *        |
 *        v               abort
 *      READY ------------------------------> ABORTED_EARLY
 *        |                                        |
 *        | Send/Receive begins                    | Send/Receive: refused at once,
 *        v                                        | FS_USER_ABORT, line untouched
 *     RUNNING ---- abort ----> ABORTING           | (ABORT-1)
 *        |                        |               |
 *        |                        | the session   |
 *        |                        | sees it       |
 *        |                        v               |
 *        |                   HANGING_UP           |
 *        |                        |               |
 *        v   Send/Receive returns v               v
 *      DONE <-------------------------------------+   (also from READY, when EndJob
 *        |                                             comes without an operation,
 *        | (an abort in ABORTING, HANGING_UP           and from ABORTING)
 *        |  or DONE changes nothing)
 *        v
 *     EndJob: the device is given back, the job freed (END-1)
 *
 * What each state allows:
 * - RUNNING and HANGING_UP: the operation reads and writes the line.
 * - ABORTING: reads and writes say LINE_ABORTED at once; a wait in progress wakes.
 *   The session learns of the abort that way, picks the way to end the call that
 *   docs/class20-notes.md 4 and 7 give for where it is (class20_dte_ending.c), and moves
 *   to HANGING_UP to do it.
 * - HANGING_UP: a further abort changes nothing. The hang-up must run to its end - the
 *   call is down when the operation returns (ABORT-1) - and every step of it is bounded
 *   by the short cleanup time anyway (class20_dte_private.h), so a second abort has
 *   nothing to make faster.
 * The reader thread keeps delivering the modem's bytes in every state; it waits for room
 * in the inbox only while an operation is there to read it (RUNNING .. HANGING_UP).
 */
#include "job.h"

#include <wchar.h>

#include "provider.h"

refsp_job *job_create(device *d, HANDLE port, ULONG_PTR key)
{
    refsp_job *job = provider_alloc(sizeof(*job)); /* JOB-6: per operation, service heap */
    if (!job)
        return NULL;
    InitializeSRWLock(&job->lock);
    InitializeConditionVariable(&job->changed);
    job->state = JOB_READY;
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
    /* EndJob without an operation, or one still running (a service that broke JOB-4):
     * DONE first, so the reader stops waiting for the job to read. */
    BOOL reopen = job_end_operation(job);
    device_release(job->device, reopen);
    provider_free(job); /* END-1: nothing of the job is left */
}

BOOL job_begin_operation(refsp_job *job)
{
    AcquireSRWLockExclusive(&job->lock);
    BOOL begins = job->state == JOB_READY;
    job->state = begins ? JOB_RUNNING : JOB_DONE;
    WakeAllConditionVariable(&job->changed);
    ReleaseSRWLockExclusive(&job->lock);
    return begins;
}

BOOL job_end_operation(refsp_job *job)
{
    AcquireSRWLockExclusive(&job->lock);
    job->state = JOB_DONE;
    BOOL reopen = job->line_lost;
    WakeAllConditionVariable(&job->changed);
    ReleaseSRWLockExclusive(&job->lock);
    return reopen;
}

void job_abort(refsp_job *job)
{
    AcquireSRWLockExclusive(&job->lock);
    switch (job->state) {
    case JOB_READY: job->state = JOB_ABORTED_EARLY; break;
    case JOB_RUNNING: job->state = JOB_ABORTING; break;
    default: break;   /* already aborted, hanging up, or done: nothing more to do */
    }
    /* The one I/O that can block: a write the other end stopped taking. Reads need no
     * cancel: the operation waits for them on our condition variable. */
    if (job->writing && job->state == JOB_ABORTING)
        line_cancel_write(job->writing);
    WakeAllConditionVariable(&job->changed);
    ReleaseSRWLockExclusive(&job->lock);
}

BOOL job_is_aborted(refsp_job *job)
{
    AcquireSRWLockShared(&job->lock);
    BOOL aborted = job->state == JOB_ABORTED_EARLY || job->state == JOB_ABORTING ||
                   job->state == JOB_HANGING_UP;
    ReleaseSRWLockShared(&job->lock);
    return aborted;
}

void job_begin_hangup(refsp_job *job)
{
    AcquireSRWLockExclusive(&job->lock);
    if (job->state == JOB_ABORTING)
        job->state = JOB_HANGING_UP;
    WakeAllConditionVariable(&job->changed);
    ReleaseSRWLockExclusive(&job->lock);
}

/* Under the lock: remembered for ReportStatus. */
static void remember_status(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code)
{
    job->status_id = status_id;
    job->page = page;
    job->error_code = error_code;
}

/* STAT-2..5: the packet is built and posted outside the lock (nothing of the job in it
 * can change what the service reads), so the abort never waits for the heap. */
static void post_packet(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code)
{
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

void job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code)
{
    AcquireSRWLockExclusive(&job->lock);
    remember_status(job, status_id, page, error_code);
    ReleaseSRWLockExclusive(&job->lock);
    post_packet(job, status_id, page, error_code);
}

BOOL job_fail(refsp_job *job, DWORD status_id, DWORD error)
{
    AcquireSRWLockExclusive(&job->lock);
    DWORD page = job->page;
    remember_status(job, status_id, page, error);
    ReleaseSRWLockExclusive(&job->lock);
    post_packet(job, status_id, page, error);
    SetLastError(error); /* ERR-2: last, so no later call can overwrite it */
    return FALSE;
}

/* DS-4: CSI is the remote's ID both ways - its CSI on a send, its TSI on a receive;
 * on a receive the TSI is also what identifies the calling device (DS-5: CallerId). */
void job_set_remote_id(refsp_job *job, BOOL receiving, const char *id)
{
    AcquireSRWLockExclusive(&job->lock);
    size_t n = 0;
    for (; id[n] && n < REFSP_ID_CHARS - 1; n++)
        job->csi[n] = (unsigned char)id[n]; /* station IDs are ASCII (T.30) */
    job->csi[n] = L'\0';
    if (receiving)
        wmemcpy(job->caller_id, job->csi, n + 1);
    ReleaseSRWLockExclusive(&job->lock);
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
    AcquireSRWLockShared(&job->lock);
    DWORD status_id = job->status_id, page = job->page, error_code = job->error_code;
    wcscpy(csi, job->csi);
    wcscpy(caller_id, job->caller_id);
    ReleaseSRWLockShared(&job->lock);
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
