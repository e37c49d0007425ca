/*
 * Mutant success_without_completed: a send that went through returns TRUE, but the FSP
 * never posts FS_COMPLETED - the last status it posted was the last page's
 * FS_TRANSMITTING, and FaxDevReportStatus still says so. The service shows the fax as
 * "transmitting" for ever. Breaks SEND-8: TRUE, and ReportStatus gives FS_COMPLETED.
 *
 * mutant-link: -Wl,--wrap=job_post
 * breaks: SEND-8 FAIL
 */
#include "job.h"

void __real_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);
void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);

void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code)
{
    if (status_id == FS_COMPLETED)
        return; /* the breach */
    __real_job_post(job, status_id, page, error_code);
}
