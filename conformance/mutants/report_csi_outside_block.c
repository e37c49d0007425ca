/*
 * Mutant report_csi_outside_block: FaxDevReportStatus fills the struct, but points CSI
 * at the job's own copy of the remote's ID instead of copying the string into the block
 * after the struct - the pointer is good only while the job lives, and the service
 * reads it after EndJob. Breaks RPT-6: the strings go in the block, and the members
 * point into it.
 *
 * mutant-link: -Wl,--wrap=job_report
 * breaks: RPT-6 FAIL
 */
#include "job.h"

BOOL __real_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required);
BOOL __wrap_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required);

BOOL __wrap_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required)
{
    BOOL ok = __real_job_report(job, status, size, required);
    if (ok && status)
        status->CSI = job->csi; /* the breach: the job's memory, not the block */
    return ok;
}
