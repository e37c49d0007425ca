/*
 * vfsp mutant report_overruns: FaxDevReportStatus fills the buffer it is lent and then
 * 32 bytes more, as an FSP that copies its strings without checking FaxStatusSize
 * would. The bytes after the buffer are the service's. Breaks RPT-3 (the FSP computes
 * the size it needs, and writes no more than that).
 *
 * mutant-export: FaxDevReportStatus=mutant_report_status
 *
 * breaks: RPT-3 FAIL
 */
#include <string.h>

#include "vfsp.h"

BOOL WINAPI mutant_report_status(HANDLE fax_handle, PFAX_DEV_STATUS status, DWORD size,
                                 LPDWORD required)
{
    BOOL ok = FaxDevReportStatus(fax_handle, status, size, required);
    if (ok && status && size >= sizeof(*status))
        memset((BYTE *)status + size, 0, 32);
    return ok;
}
