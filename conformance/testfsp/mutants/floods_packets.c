/*
 * vfsp mutant floods_packets: FaxDevSend posts 20,000 FS_TRANSMITTING packets for the
 * same page before its FS_COMPLETED - a progress packet per scan line, say - and honours
 * an abort between them. STAT-1 WARN: a packet is for a change of status. The kit must
 * stay bounded and right (issue 13): the status history, the log and fspconform's memory
 * are bounded, and a scenario's `expect status ... then FS_COMPLETED` still sees the last
 * packet (with a 512-packet history it saw only the first 512: a false SCN-1 FAIL).
 *
 * mutant-export: FaxDevSend=mutant_send
 *
 * breaks: STAT-1 WARN (a figure past the kit's threshold: the contract sets none)
 */
#include "vfsp.h"

#define FLOOD 20000

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND send, PFAX_SEND_CALLBACK callback)
{
    (void)callback;
    vfsp_job *job = vfsp_send_begins(fax_handle, send);
    if (!job)
        return FALSE;
    for (int i = 0; i < FLOOD; i++) {
        if (i % 100 == 0 && vfsp_abort_flag(job))
            return vfsp_send_aborted(job, 1);
        vfsp_post_status(job, vfsp_service_heap, FS_TRANSMITTING, 1);
    }
    vfsp_post_status(job, vfsp_service_heap, FS_COMPLETED, 1);
    return TRUE;
}
