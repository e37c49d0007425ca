/*
 * vfsp mutant report_hangs: FaxDevReportStatus answers the size probe, then never
 * returns from the call with the buffer. Breaks ERR-1: the hang must be named as
 * FaxDevReportStatus of its job.
 *
 * mutant-export: FaxDevReportStatus=mutant_report_status
 *
 * breaks: ERR-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_report_status(HANDLE fax_handle, PFAX_DEV_STATUS status, DWORD size,
                                 LPDWORD required)
{
    if (status)
        Sleep(INFINITE);
    return FaxDevReportStatus(fax_handle, status, size, required);
}
