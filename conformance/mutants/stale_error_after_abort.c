/*
 * Mutant stale_error_after_abort: an aborted operation sets its error (SetLastError), and
 * then, on the way out, makes sure its log folder exists before noting the abort there:
 * CreateDirectoryW, with ERROR_ALREADY_EXISTS "ignored" - but left as the thread's last
 * error once the folder is there (from the second abort on). The service reads that as
 * the reason FaxDevSend/Receive returned FALSE. Breaks ERR-2 (SetLastError right away:
 * any later Win32 call may overwrite it).
 *
 * mutant-link: -Wl,--wrap=job_fail
 * breaks: ERR-2 WARN (a stale code is a doubt: the kit cannot tell it from a reason)
 */
#include "job.h"

BOOL __real_job_fail(refsp_job *job, DWORD status_id, DWORD error);
BOOL __wrap_job_fail(refsp_job *job, DWORD status_id, DWORD error);

BOOL __wrap_job_fail(refsp_job *job, DWORD status_id, DWORD error)
{
    BOOL result = __real_job_fail(job, status_id, error);
    if (status_id == FS_USER_ABORT) {
        wchar_t folder[MAX_PATH + 16];
        DWORD n = GetTempPathW(MAX_PATH, folder);
        if (n > 0 && n < MAX_PATH) {
            wcscat(folder, L"refsp-aborts");
            /* the breach: a Win32 call after SetLastError */
            if (!CreateDirectoryW(folder, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
                return result;
        }
    }
    return result;
}
