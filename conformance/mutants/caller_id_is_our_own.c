/*
 * Mutant caller_id_is_our_own: on a receive the FSP reports its own station ID as the
 * caller's (CallerId), mixing up the two ends of the call. Breaks DS-5: CallerId
 * identifies the calling device - here it names the answering one. A WARN: the clause
 * says what CallerId is for, not a form it must have.
 *
 * mutant-link: -Wl,--wrap=job_set_remote_id
 * breaks: DS-5 WARN (CallerId: the clause says what it is for, not a form it must have)
 */
#include "job.h"

#include <wchar.h>

void __real_job_set_remote_id(refsp_job *job, BOOL receiving, const char *id);
void __wrap_job_set_remote_id(refsp_job *job, BOOL receiving, const char *id);

void __wrap_job_set_remote_id(refsp_job *job, BOOL receiving, const char *id)
{
    __real_job_set_remote_id(job, receiving, id);
    if (!receiving)
        return;
    AcquireSRWLockExclusive(&job->lock);
    wcscpy(job->caller_id, L"FSPKit"); /* the breach: the answering side's own ID */
    ReleaseSRWLockExclusive(&job->lock);
}
