/*
 * Mutant report_ignores_the_size: FaxDevReportStatus writes the whole status - the
 * struct and the CSI and CallerId strings after it - into whatever buffer it is given,
 * because "the service always passes a big enough one". A service that lends a smaller
 * buffer (FaxStatusSize says how big) gets its heap overwritten past the end. Breaks
 * RPT-3 as the host judges it: a write past the buffer's size (the host watches the bytes
 * after every buffer it lends, and a careful service's too-small buffer, RPT-8, is one).
 *
 * mutant-link: -Wl,--wrap=job_report
 * breaks: RPT-3 FAIL
 */
#include "job.h"

BOOL __real_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required);
BOOL __wrap_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required);

BOOL __wrap_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required)
{
    if (!status)
        return __real_job_report(job, status, size, required);
    DWORD needed = 0;
    __real_job_report(job, NULL, 0, &needed);
    /* the breach: the size it needs, not the size it was given */
    return __real_job_report(job, status, needed > size ? needed : size, required);
}
