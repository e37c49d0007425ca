/*
 * vfsp mutant send_closes_the_port: FaxDevSend posts its packets and then closes the
 * completion port StartJob gave it, as if it were the FSP's own handle. Breaks STAT-3:
 * the port is the service's, only posted to. The host must say so and end the job in
 * bounded time - its packet watcher loses the port under it (issue 13).
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
    vfsp_post_status(job, vfsp_service_heap, FS_TRANSMITTING, 1);
    vfsp_post_status(job, vfsp_service_heap, FS_COMPLETED, 1);
    Sleep(200); /* the watcher has taken them: the close lands under its wait */
    CloseHandle(job->port);
    return TRUE;
}
