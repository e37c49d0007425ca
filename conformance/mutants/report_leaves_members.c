/*
 * Mutant report_leaves_members: FaxDevReportStatus writes the members it cares about
 * (SizeOfStruct, StatusId, PageCount, ErrorCode, the strings) but does not clear the
 * service's buffer first, so StringId and Reserved keep whatever bytes the service's
 * allocation held. Breaks RPT-7: every member filled, or zero.
 *
 * mutant-link: -Wl,--wrap=job_report
 * breaks: RPT-7 FAIL
 */
#include <string.h>

#include "job.h"

BOOL __real_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required);
BOOL __wrap_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required);

BOOL __wrap_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required)
{
    if (!status || size < sizeof(*status))
        return __real_job_report(job, status, size, required);
    FAX_DEV_STATUS before;
    memcpy(&before, status, sizeof(before)); /* what the service's buffer held */
    BOOL ok = __real_job_report(job, status, size, required);
    if (ok) { /* the breach: as if those members had never been written */
        status->StringId = before.StringId;
        memcpy(status->Reserved, before.Reserved, sizeof(status->Reserved));
    }
    return ok;
}
