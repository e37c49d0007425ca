/*
 * Mutant receive_outcome_only_reported: a receive posts its progress (FS_ANSWERED,
 * FS_RECEIVING) but not its outcome: FS_COMPLETED is kept for FaxDevReportStatus only, as
 * if the end-of-job report were enough. For a virtual receive the service follows the job
 * by its packets until it calls EndJob. Breaks STAT-6 (the last packet a progress status:
 * a WARN, the reading of "keeps posting" being ours).
 *
 * mutant-link: -Wl,--wrap=job_post -Wl,--wrap=operation_receive
 * breaks: STAT-6 WARN (the outcome missing from the packets: our reading of "keeps posting")
 */
#include "job.h"
#include "operations.h"

void __real_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);
void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);
BOOL __real_operation_receive(refsp_job *job, FAX_RECEIVE *request);
BOOL __wrap_operation_receive(refsp_job *job, FAX_RECEIVE *request);

static _Thread_local int receiving; /* on the receive's own thread */

BOOL __wrap_operation_receive(refsp_job *job, FAX_RECEIVE *request)
{
    receiving = 1;
    BOOL ok = __real_operation_receive(job, request);
    DWORD error = GetLastError();
    receiving = 0;
    SetLastError(error);
    return ok;
}

void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code)
{
    if (!receiving || status_id != FS_COMPLETED) {
        __real_job_post(job, status_id, page, error_code);
        return;
    }
    /* the breach: remembered for ReportStatus, never posted (no port, so no packet) */
    HANDLE port = job->port;
    job->port = NULL;
    __real_job_post(job, status_id, page, error_code);
    job->port = port;
}
