/*
 * vfsp mutant false_completion: FaxDevSend takes its time like a real line (three
 * pages, 300 ms each) and stops at once when aborted - but then reports FS_COMPLETED
 * and returns TRUE. It never calls FaxSendCallback (a virtual FSP need not, SEND-7), so
 * no host point inside the call reveals it, and it needs no modem. Breaks ABORT-4: an
 * operation cancelled by FaxDevAbortOperation reports FS_USER_ABORT. Only the length of
 * a send without an abort (the race block's baseline) shows it stopped.
 *
 * mutant-export: FaxDevSend=mutant_send
 *
 * breaks: ABORT-4 FAIL
 */
#include "vfsp.h"

#define PAGES 3
#define PAGE_MS 300

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND send, PFAX_SEND_CALLBACK callback)
{
    (void)callback;
    vfsp_job *job = vfsp_send_begins(fax_handle, send);
    if (!job)
        return FALSE;
    for (DWORD page = 1; page <= PAGES; page++) {
        vfsp_post_status(job, vfsp_service_heap, FS_TRANSMITTING, page);
        if (!vfsp_line_time_passes(job, PAGE_MS))
            break; /* aborted: stops here ... */
    }
    vfsp_post_status(job, vfsp_service_heap, FS_COMPLETED, PAGES); /* ... and lies */
    return TRUE;
}
