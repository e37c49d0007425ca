/*
 * vfsp variant dials_slowly: a CORRECT FSP, different from vfsp - its send takes long
 * enough for the kit to weigh an abort against a full run (600 ms of dialling, then
 * three pages of 200 ms), and an abort wakes it at once: FS_USER_ABORT, FALSE, error
 * ERROR_OPERATION_ABORTED. Neither false completion (ABORT-1, ABORT-4), nor slowness
 * (ABORT-1's promptness), nor a stale error (ERR-2) may be blamed on it.
 *
 * mutant-export: FaxDevSend=variant_send
 */
#include "vfsp.h"

#define DIAL_MS 600
#define PAGES 3
#define PAGE_MS 200

BOOL WINAPI variant_send(HANDLE fax_handle, PFAX_SEND send, PFAX_SEND_CALLBACK callback)
{
    vfsp_job *job = vfsp_send_begins(fax_handle, send);
    if (!job)
        return FALSE;
    if (!vfsp_line_time_passes(job, DIAL_MS))
        return vfsp_send_aborted(job, 0);
    if (callback && !callback(fax_handle, 0, 0, 0))
        return vfsp_send_aborted(job, 0);
    for (DWORD page = 1; page <= PAGES; page++) {
        vfsp_post_status(job, vfsp_service_heap, FS_TRANSMITTING, page);
        if (!vfsp_line_time_passes(job, PAGE_MS))
            return vfsp_send_aborted(job, page);
    }
    vfsp_post_status(job, vfsp_service_heap, FS_COMPLETED, PAGES);
    return TRUE;
}
