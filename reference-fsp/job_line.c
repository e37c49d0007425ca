/*
 * job_line.c - the job's side of its line (see job.h): the inbox the line's reader
 * thread fills, the operation's waits on the job's condition variable, and its writes.
 *
 *   reader thread (device.c)               operation thread            any thread
 *   read completes with bytes              job_read:                   job_abort:
 *   lock                                   lock                        lock
 *   append to inbox (wait for room while   while nothing to report:    state -> ABORTING
 *     an operation reads it)                 SleepConditionVariableSRW wake all
 *   wake all                               take bytes, or say ABORTED  unlock
 *   unlock                                 unlock                      (returns: ABORT-3)
 *
 * The three share one lock, so an abort is either seen by the check before a wait or
 * wakes the wait: it can never slip in between (ABORT-2). No system call is made under
 * the lock but the CancelIoEx of a write that blocked, so the abort never waits behind
 * one.
 */
#include "job.h"

#include <string.h>

static DWORD ms_left(ULONGLONG deadline)
{
    ULONGLONG now = GetTickCount64();
    return now >= deadline ? 0 : (DWORD)(deadline - now);
}

/* Under the lock: the operation may use the line now. */
static BOOL io_allowed(const refsp_job *job)
{
    return job->state == JOB_RUNNING || job->state == JOB_HANGING_UP;
}

/* Under the lock: an operation is there, or about to be, to read the inbox. */
static BOOL operation_reads(const refsp_job *job)
{
    return job->state == JOB_RUNNING || job->state == JOB_ABORTING ||
           job->state == JOB_HANGING_UP;
}

line_status job_read(refsp_job *job, void *buf, size_t size, size_t *got, DWORD timeout_ms)
{
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    line_status status;
    *got = 0;
    AcquireSRWLockExclusive(&job->lock);
    for (;;) {
        if (!io_allowed(job)) {
            status = LINE_ABORTED;   /* ABORT-1: an abort wins over data already here */
            break;
        }
        if (job->inbox_len > 0) {
            size_t n = job->inbox_len < size ? job->inbox_len : size;
            memcpy(buf, job->inbox, n);
            memmove(job->inbox, job->inbox + n, job->inbox_len - n);
            job->inbox_len -= n;
            *got = n;
            WakeAllConditionVariable(&job->changed);   /* room for a waiting reader thread */
            status = LINE_OK;
            break;
        }
        if (job->line_lost) {
            status = LINE_CLOSED;
            break;
        }
        DWORD left = ms_left(deadline);
        if (left == 0) {
            status = LINE_TIMEOUT;
            break;
        }
        /* "data, abort or deadline": the reader thread and job_abort both wake us. */
        SleepConditionVariableSRW(&job->changed, &job->lock, left, 0);
    }
    ReleaseSRWLockExclusive(&job->lock);
    if (status == LINE_ABORTED)
        SetLastError(ERROR_OPERATION_ABORTED);
    return status;
}

line_status job_write(refsp_job *job, line *ln, const void *data, size_t size,
                      size_t *written, DWORD timeout_ms)
{
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    const char *next = data;
    *written = 0;
    while (*written < size) {
        AcquireSRWLockExclusive(&job->lock);
        line_status refused = !io_allowed(job) ? LINE_ABORTED
                            : job->line_lost ? LINE_CLOSED : LINE_OK;
        ReleaseSRWLockExclusive(&job->lock);
        if (refused == LINE_ABORTED)
            SetLastError(ERROR_OPERATION_ABORTED);
        if (refused != LINE_OK)
            return refused;
        /* Started outside the lock: WriteFile/WSASend is a system call (a round trip to
         * the wineserver under Wine), and FaxDevAbortOperation must never wait behind
         * one (ABORT-3). */
        if (!line_start_write(ln, next + *written, (DWORD)(size - *written)))
            return line_status_of_error(GetLastError());
        /* A write completes at once unless the other end stopped taking bytes. Only such
         * a write is shown to job_abort, which then cancels it: so an abort makes no
         * system call for the writes that never block. An abort that came before we
         * showed it is seen here, and we cancel the write ourselves. */
        BOOL pending = line_write_pending(ln);
        if (pending) {
            AcquireSRWLockExclusive(&job->lock);
            job->writing = ln;
            if (!io_allowed(job))
                line_cancel_write(ln);
            ReleaseSRWLockExclusive(&job->lock);
        }
        /* The one wait outside the condition variable, for a write that blocked. */
        DWORD done = 0;
        line_status status = line_finish_write(ln, ms_left(deadline), &done);
        if (pending) {
            AcquireSRWLockExclusive(&job->lock);
            job->writing = NULL;
            ReleaseSRWLockExclusive(&job->lock);
        }
        *written += done;
        if (status != LINE_OK)
            return status;
        if (done == 0) {
            SetLastError(ERROR_WRITE_FAULT);   /* no write timeouts are set: cannot happen */
            return LINE_FAILED;
        }
    }
    return LINE_OK;
}

void job_deliver(refsp_job *job, const unsigned char *bytes, size_t size)
{
    AcquireSRWLockExclusive(&job->lock);
    while (size > 0) {
        size_t room = JOB_INBOX_BYTES - job->inbox_len;
        if (room == 0) {
            if (!operation_reads(job))
                break;   /* nobody will read them: a session that ended left them */
            SleepConditionVariableSRW(&job->changed, &job->lock, INFINITE, 0);
            continue;
        }
        size_t n = size < room ? size : room;
        memcpy(job->inbox + job->inbox_len, bytes, n);
        job->inbox_len += n;
        bytes += n;
        size -= n;
        WakeAllConditionVariable(&job->changed);
    }
    ReleaseSRWLockExclusive(&job->lock);
}

void job_line_gone(refsp_job *job)
{
    AcquireSRWLockExclusive(&job->lock);
    job->line_lost = TRUE;
    WakeAllConditionVariable(&job->changed);
    ReleaseSRWLockExclusive(&job->lock);
}
