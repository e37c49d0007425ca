/*
 * vfsp mutant packet_posted_twice: FaxDevSend posts one status packet twice. The
 * service frees each packet it takes (STAT-4), so the second is a block it already
 * freed: the host must catch it without touching it (STAT-2), never double-free it.
 *
 * mutant-export: FaxDevSend=mutant_send
 *
 * breaks: STAT-2 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND fax_send, PFAX_SEND_CALLBACK callback)
{
    vfsp_job *job = fax_handle;
    FAX_DEV_STATUS *packet = HeapAlloc(vfsp_service_heap, HEAP_ZERO_MEMORY, sizeof(*packet));
    if (job && packet) {
        packet->SizeOfStruct = sizeof(*packet);
        packet->StatusId = FS_INITIALIZING;
        PostQueuedCompletionStatus(job->port, sizeof(*packet), job->key, (LPOVERLAPPED)packet);
        PostQueuedCompletionStatus(job->port, sizeof(*packet), job->key, (LPOVERLAPPED)packet);
    }
    return FaxDevSend(fax_handle, fax_send, callback);
}
