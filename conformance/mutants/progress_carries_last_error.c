/*
 * Mutant progress_carries_last_error: every status packet's ErrorCode is GetLastError()
 * at the moment it is posted - "attach the last error, in case" - so FS_DIALING and
 * FS_TRANSMITTING go out carrying whatever the last Win32 call left (ERROR_IO_PENDING
 * from an overlapped read, say). Breaks DS-7: NO_ERROR while running.
 *
 * mutant-link: -Wl,--wrap=job_post
 * breaks: DS-7 FAIL
 */
#include "job.h"

void __real_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);
void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);

void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code)
{
    DWORD last = GetLastError();
    if (error_code == NO_ERROR && status_id != FS_COMPLETED)
        error_code = last ? last : ERROR_IO_PENDING; /* the breach */
    __real_job_post(job, status_id, page, error_code);
}
