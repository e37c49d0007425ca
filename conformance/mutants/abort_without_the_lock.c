/*
 * Mutant abort_without_the_lock: FaxDevAbortOperation sets the job's state and wakes the
 * operation without taking the job's lock - "it is one word, the write is atomic". The
 * operation checks the state under the lock and then sleeps on the condition variable;
 * an abort that writes and wakes between that check and that sleep wakes nobody, and the
 * operation sleeps on until its read times out: a lost wakeup, an abort that takes a
 * read timeout to land. Breaks ABORT-2 (the FSP must synchronize with an abort from
 * another thread).
 *
 * uncatchable: the lost wakeup needs the abort to land in the few instructions between the operation's check and its sleep, both under the operation's own lock; no schedule the host can aim from outside hits that window, so the race sweeps see a correct FSP almost every time
 *
 * mutant-link: -Wl,--wrap=job_abort
 */
#include "job.h"

void __wrap_job_abort(refsp_job *job);

void __wrap_job_abort(refsp_job *job)
{
    /* the breach: the same moves as job_abort, without AcquireSRWLockExclusive */
    volatile job_state *state = &job->state;
    if (*state == JOB_READY)
        *state = JOB_ABORTED_EARLY;
    else if (*state == JOB_RUNNING)
        *state = JOB_ABORTING;
    if (job->writing && *state == JOB_ABORTING)
        line_cancel_write(job->writing);
    WakeAllConditionVariable(&job->changed);
}
