/*
 * vfsp mutant posts_on_stray_keys: FaxDevSend posts, besides its right packets, empty
 * completions (no packet) on keys it was never given - among them the values a host
 * might pick for its own watcher's messages ((ULONG_PTR)-7 and -8, which this kit once
 * used). Breaks STAT-3: packets go on the port and key from FaxDevStartJob. The host
 * must judge them as the packets they are and go on watching: they must neither stop
 * its packet watcher nor stand in for its own sync (issue 13).
 *
 * mutant-export: FaxDevSend=mutant_send
 *
 * breaks: STAT-3 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND send, PFAX_SEND_CALLBACK callback)
{
    (void)callback;
    vfsp_job *job = vfsp_send_begins(fax_handle, send);
    if (!job)
        return FALSE;
    static const ULONG_PTR stray[] = {(ULONG_PTR)-8, (ULONG_PTR)-7, 0x5A5A};
    for (size_t i = 0; i < sizeof(stray) / sizeof(stray[0]); i++)
        PostQueuedCompletionStatus(job->port, 0, stray[i], NULL);
    vfsp_post_status(job, vfsp_service_heap, FS_TRANSMITTING, 1);
    vfsp_post_status(job, vfsp_service_heap, FS_COMPLETED, 1);
    return TRUE;
}
