/*
 * vfsp variant report_probe_fails_with_size: a CORRECT FSP, different from vfsp - it
 * answers FaxDevReportStatus's NULL/0 size probe the Win32 way: it stores the size and
 * returns FALSE with ERROR_INSUFFICIENT_BUFFER. RPT-3 asks only that the size be stored,
 * so the kit must not blame it (it once gave RPT-3 FAIL, then a false SEND-8).
 *
 * Variants are built like mutants (tools/mutant-def.sh reads the same lines):
 * mutant-export: FaxDevReportStatus=variant_report_status
 */
#include "vfsp.h"

BOOL WINAPI variant_report_status(HANDLE fax_handle, PFAX_DEV_STATUS status, DWORD size,
                                  LPDWORD required)
{
    BOOL ok = FaxDevReportStatus(fax_handle, status, size, required);
    if (ok && !status && size == 0) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    return ok;
}
