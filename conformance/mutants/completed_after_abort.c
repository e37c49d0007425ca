/*
 * Mutant completed_after_abort: an aborted send or receive ends the call properly, but
 * then reports FS_COMPLETED and returns TRUE - "the operation completed (by the user's
 * abort)". The service would take the fax as sent or received. Breaks ABORT-4: a
 * cancelled operation reports FS_USER_ABORT.
 *
 * mutant-link: -Wl,--wrap=job_fail
 * breaks: ABORT-4 FAIL
 */
#include "job.h"

BOOL __real_job_fail(refsp_job *job, DWORD status_id, DWORD error);
BOOL __wrap_job_fail(refsp_job *job, DWORD status_id, DWORD error);

BOOL __wrap_job_fail(refsp_job *job, DWORD status_id, DWORD error)
{
    if (status_id != FS_USER_ABORT)
        return __real_job_fail(job, status_id, error);
    AcquireSRWLockShared(&job->lock);
    DWORD page = job->page;
    ReleaseSRWLockShared(&job->lock);
    job_post(job, FS_COMPLETED, page, NO_ERROR); /* the breach */
    return TRUE;
}
