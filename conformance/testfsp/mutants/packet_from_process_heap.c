/*
 * vfsp mutant packet_from_process_heap: FaxDevSend posts its first status packet from
 * the process heap instead of the heap the service gave FaxDevInitialize.
 * Breaks STAT-2 (and INIT-2): the service frees packets on its own heap.
 *
 * mutant-export: FaxDevSend=mutant_send
 *
 * breaks: STAT-2 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND fax_send, PFAX_SEND_CALLBACK callback)
{
    (void)fax_send; (void)callback;
    vfsp_job *job = fax_handle;
    vfsp_post_status(job, GetProcessHeap(), FS_INITIALIZING, 0);
    vfsp_post_status(job, vfsp_service_heap, FS_COMPLETED, 1);
    return TRUE;
}
