/*
 * Mutant abort_forgets_to_wake: FaxDevAbortOperation moves the job to ABORTING under the
 * lock but never wakes the condition variable the operation waits on - the classic
 * lost wake-up. The operation notices the abort only when something else wakes it: the
 * modem's next bytes, or the deadline of the wait it is in. With the remote frozen at a
 * modem hold point, that is a protocol timeout later (tens of seconds), not at once.
 * Breaks ABORT-1: the operation is not ended promptly.
 *
 * mutant-link: -Wl,--wrap=job_abort
 * breaks: ABORT-1 FAIL
 */
#include "job.h"

void __real_job_abort(refsp_job *job);
void __wrap_job_abort(refsp_job *job);

void __wrap_job_abort(refsp_job *job)
{
    AcquireSRWLockExclusive(&job->lock);
    if (job->state == JOB_READY)
        job->state = JOB_ABORTED_EARLY;
    else if (job->state == JOB_RUNNING)
        job->state = JOB_ABORTING;
    if (job->writing && job->state == JOB_ABORTING)
        line_cancel_write(job->writing);
    /* the breach: no WakeAllConditionVariable(&job->changed) */
    ReleaseSRWLockExclusive(&job->lock);
}
