/*
 * Mutant job_leaks_a_handle: FaxDevStartJob creates an event for the job (to signal the
 * end of its operation to a watchdog) and nothing ever closes it: one kernel handle
 * more per job, for the life of the service. Breaks END-1 for a handle rather than
 * memory; the contract names only the job data, so the kit's verdict is a doubt.
 *
 * mutant-link: -Wl,--wrap=job_create
 * breaks: END-1 WARN (handles: the contract names only the job data)
 */
#include "job.h"

refsp_job *__real_job_create(device *d, HANDLE port, ULONG_PTR key);
refsp_job *__wrap_job_create(device *d, HANDLE port, ULONG_PTR key);

refsp_job *__wrap_job_create(device *d, HANDLE port, ULONG_PTR key)
{
    refsp_job *job = __real_job_create(d, port, key);
    if (job)
        (void)CreateEventW(NULL, TRUE, FALSE, NULL); /* the breach: never closed */
    return job;
}
