/*
 * vfsp mutant abort_polls_slowly: FaxDevAbortOperation only sets a flag (vfsp's), and
 * FaxDevSend looks at it every 250 ms, between fixed sleeps, instead of being woken -
 * the way SampleFSP does it. The send does end with FS_USER_ABORT, but only up to a
 * quarter of a second after the abort returned, every time. Not a breach of a number
 * the contract sets, so the kit's verdict is a doubt: ABORT-1 WARN with the figure.
 *
 * mutant-export: FaxDevSend=mutant_send
 *
 * breaks: ABORT-1 WARN (slow, not stuck: the abort acts, later than the kit's threshold)
 */
#include "vfsp.h"

#define PAGES 3
#define POLLS_PER_PAGE 2
#define POLL_MS 250

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND send, PFAX_SEND_CALLBACK callback)
{
    vfsp_job *job = vfsp_send_begins(fax_handle, send);
    if (!job)
        return FALSE;
    if (callback && !callback(fax_handle, 0, 0, 0))
        return vfsp_send_aborted(job, 0);
    for (DWORD page = 1; page <= PAGES; page++) {
        vfsp_post_status(job, vfsp_service_heap, FS_TRANSMITTING, page);
        for (int poll = 0; poll < POLLS_PER_PAGE; poll++) {
            Sleep(POLL_MS); /* the bug: a fixed sleep, not a wait the abort wakes */
            if (vfsp_abort_flag(job))
                return vfsp_send_aborted(job, page);
        }
    }
    vfsp_post_status(job, vfsp_service_heap, FS_COMPLETED, PAGES);
    return TRUE;
}
