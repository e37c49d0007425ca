/*
 * vfsp mutant stale_error_after_abort: FaxDevSend first looks for an optional settings
 * file that is not there (GetFileAttributesW fails: error 2 or 3), and when aborted it
 * posts FS_USER_ABORT and returns FALSE without calling SetLastError - so the service
 * reads that old "file not found" as the reason, as it does after every successful send
 * too. Breaks ERR-2 (SetLastError right away on failure) in a way the host's sentinel
 * cannot see: the code is there, but stale. The kit's verdict is a doubt (WARN).
 *
 * mutant-export: FaxDevSend=mutant_send
 *
 * breaks: ERR-2 WARN (a stale code is a doubt: the kit cannot tell it from a reason)
 */
#include "vfsp.h"

#define PAGES 3
#define PAGE_MS 200
#define POLL_MS 10  /* Sleep leaves the last error alone; a timed-out wait would not */

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND send, PFAX_SEND_CALLBACK callback)
{
    (void)callback;
    GetFileAttributesW(L"C:\\fspkit-absent\\settings.ini"); /* optional: fine if absent */
    vfsp_job *job = vfsp_send_begins(fax_handle, send);
    if (!job)
        return FALSE;
    for (DWORD page = 1; page <= PAGES; page++) {
        vfsp_post_status(job, vfsp_service_heap, FS_TRANSMITTING, page);
        for (DWORD waited = 0; waited < PAGE_MS; waited += POLL_MS) {
            Sleep(POLL_MS);
            if (vfsp_abort_flag(job)) {
                vfsp_post_status(job, vfsp_service_heap, FS_USER_ABORT, page);
                return FALSE; /* the bug: no SetLastError */
            }
        }
    }
    vfsp_post_status(job, vfsp_service_heap, FS_COMPLETED, PAGES);
    return TRUE;
}
