/*
 * Mutant abort_waits_for_operation: FaxDevAbortOperation marks the job aborted and wakes
 * the operation, as the reference FSP does - and then waits for the operation to end
 * before it returns, so that "the abort is done" when it comes back (a vendor's natural
 * reading of "abort"). The contract says the opposite: return as soon as the request is
 * posted (ABORT-3). The service's abort thread is held for the whole hang-up. Only the
 * service's call waits: the FSP's own abort of a send the service refused (SEND-6) runs
 * on the operation's thread, which must not wait for itself.
 *
 * mutant-export: FaxDevAbortOperation=mutant_abort_operation
 * breaks: ABORT-3 FAIL
 */
#include "job.h"

BOOL WINAPI mutant_abort_operation(HANDLE fax_handle);

BOOL WINAPI mutant_abort_operation(HANDLE fax_handle)
{
    if (!fax_handle) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    refsp_job *job = (refsp_job *)fax_handle;
    job_abort(job);
    /* the breach: wait on the job's own condition variable until the operation is over
     * (or never began: READY stays READY until Send or EndJob comes) */
    AcquireSRWLockExclusive(&job->lock);
    while (job->state == JOB_ABORTING || job->state == JOB_HANGING_UP ||
           job->state == JOB_RUNNING)
        SleepConditionVariableSRW(&job->changed, &job->lock, INFINITE, 0);
    ReleaseSRWLockExclusive(&job->lock);
    return TRUE;
}
