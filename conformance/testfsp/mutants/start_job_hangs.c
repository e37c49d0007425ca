/*
 * vfsp mutant start_job_hangs: FaxDevStartJob never returns. Breaks ERR-1: the host's
 * hang guard must name FaxDevStartJob (a hang is never a "permission" of JOB-8's).
 *
 * mutant-export: FaxDevStartJob=mutant_start_job
 *
 * breaks: ERR-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_start_job(HLINE line, DWORD device, PHANDLE fax_handle, HANDLE port,
                             ULONG_PTR key)
{
    (void)line; (void)device; (void)fax_handle; (void)port; (void)key;
    Sleep(INFINITE);
    return FALSE;
}
