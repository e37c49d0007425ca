/*
 * Mutant abort_reported_as_fatal: every failure of an operation is reported as
 * FS_FATAL_ERROR with ERROR_GEN_FAILURE, an abort included - a vendor with one error path.
 * FS_USER_ABORT is what stops the service's retries and discards a partial receive
 * (RETRY-1, RECV-7); after FS_FATAL_ERROR the service retries the fax the user
 * cancelled. Breaks ABORT-4.
 *
 * mutant-link: -Wl,--wrap=job_fail
 * breaks: ABORT-4 FAIL
 */
#include "job.h"

BOOL __real_job_fail(refsp_job *job, DWORD status_id, DWORD error);
BOOL __wrap_job_fail(refsp_job *job, DWORD status_id, DWORD error);

BOOL __wrap_job_fail(refsp_job *job, DWORD status_id, DWORD error)
{
    if (status_id == FS_USER_ABORT)
        return __real_job_fail(job, FS_FATAL_ERROR, ERROR_GEN_FAILURE); /* the breach */
    return __real_job_fail(job, status_id, error);
}
