/*
 * Mutant endjob_leaks: FaxDevEndJob gives the device back but never frees the job's
 * memory (the service heap block StartJob allocated) - every job leaks about 9 KB.
 * Breaks END-1: EndJob frees the job data allocated in StartJob.
 *
 * mutant-link: -Wl,--wrap=job_destroy
 * breaks: END-1 FAIL
 */
#include "job.h"

void __real_job_destroy(refsp_job *job);
void __wrap_job_destroy(refsp_job *job);

void __wrap_job_destroy(refsp_job *job)
{
    BOOL reopen = job_end_operation(job);
    device_release(job->device, reopen);
    /* the breach: no provider_free(job) */
}
