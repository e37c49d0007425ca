/*
 * Mutant packet_from_process_heap: progress packets (FS_DIALING, FS_TRANSMITTING, ...)
 * are allocated with HeapAlloc(GetProcessHeap(), ...) - the heap a vendor reaches for by
 * habit - while failures still go through the reference FSP's own path. The service
 * frees every packet on the heap it gave FaxDevInitialize. Breaks STAT-2.
 *
 * mutant-link: -Wl,--wrap=job_post
 * breaks: STAT-2 FAIL
 */
#include "job.h"

void __real_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);
void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);

void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code)
{
    AcquireSRWLockExclusive(&job->lock);
    job->status_id = status_id;
    job->page = page;
    job->error_code = error_code;
    ReleaseSRWLockExclusive(&job->lock);
    FAX_DEV_STATUS *packet = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*packet));
    if (!packet)
        return;
    packet->SizeOfStruct = sizeof(*packet);
    packet->StatusId = status_id;
    packet->PageCount = page;
    packet->ErrorCode = error_code;
    if (!PostQueuedCompletionStatus(job->port, sizeof(*packet), job->key, (LPOVERLAPPED)packet))
        HeapFree(GetProcessHeap(), 0, packet);
}
