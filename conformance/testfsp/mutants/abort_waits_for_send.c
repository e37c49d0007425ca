/*
 * vfsp mutant abort_waits_for_send: FaxDevAbortOperation waits until FaxDevSend has
 * finished instead of flagging the job and returning. Breaks ABORT-3 (return as soon
 * as the request is posted; never wait for the operation).
 *
 * mutant-export: FaxDevAbortOperation=mutant_abort
 *
 * breaks: ABORT-3 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_abort(HANDLE fax_handle)
{
    vfsp_job *job = fax_handle;
    AcquireSRWLockExclusive(&job->lock);
    while (job->sending)
        SleepConditionVariableSRW(&job->changed, &job->lock, INFINITE, 0);
    ReleaseSRWLockExclusive(&job->lock);
    return TRUE;
}
