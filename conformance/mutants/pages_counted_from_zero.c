/*
 * Mutant pages_counted_from_zero: FS_TRANSMITTING carries the page index the way the
 * FSP's own loop counts it - from 0 - so a two-page send reports pages 0 and 1. The
 * service shows "page 0" and never the last page. Breaks DS-3: PageCount is the number
 * of the page being processed, counting from 1.
 *
 * mutant-link: -Wl,--wrap=job_post
 * breaks: DS-3 FAIL
 */
#include "job.h"

void __real_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);
void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);

void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code)
{
    if (status_id == FS_TRANSMITTING && page > 0)
        page--; /* the breach: the loop's index, not the page's number */
    __real_job_post(job, status_id, page, error_code);
}
