/*
 * Mutant failure_without_status: a failed send or receive sets its error and returns
 * FALSE, but posts no failure status: FaxDevReportStatus still gives the last progress
 * status (FS_DIALING, FS_TRANSMITTING), so the service cannot tell busy from no answer,
 * nor decide on a retry. Breaks SEND-9: FALSE, and ReportStatus gives the failure.
 *
 * mutant-link: -Wl,--wrap=job_fail
 * breaks: SEND-9 FAIL
 */
#include "job.h"

BOOL __real_job_fail(refsp_job *job, DWORD status_id, DWORD error);
BOOL __wrap_job_fail(refsp_job *job, DWORD status_id, DWORD error);

BOOL __wrap_job_fail(refsp_job *job, DWORD status_id, DWORD error)
{
    (void)job; (void)status_id;
    SetLastError(error); /* the breach: no job_post of the failure */
    return FALSE;
}
