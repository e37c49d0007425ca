/*
 * vfsp mutant floods_packets: FaxDevSend posts 100,000 FS_TRANSMITTING packets for the
 * same page before its FS_COMPLETED - a progress packet per scan line, say. STAT-1
 * WARN: a packet is for a change of status. The kit must stay bounded and right (issue
 * 13): the status history, the log and fspconform's memory are bounded, and the
 * scenario's `expect status FS_COMPLETED` still sees the last packet (it once saw only
 * the first 512 and called that SCN-1 FAIL).
 *
 * mutant-export: FaxDevSend=mutant_send
 */
#include "vfsp.h"

#define FLOOD 100000

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND send, PFAX_SEND_CALLBACK callback)
{
    (void)callback;
    vfsp_job *job = vfsp_send_begins(fax_handle, send);
    if (!job)
        return FALSE;
    for (int i = 0; i < FLOOD; i++)
        vfsp_post_status(job, vfsp_service_heap, FS_TRANSMITTING, 1);
    vfsp_post_status(job, vfsp_service_heap, FS_COMPLETED, 1);
    return TRUE;
}
