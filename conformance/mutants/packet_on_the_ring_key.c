/*
 * Mutant packet_on_the_ring_key: status packets go to the job's completion port, but with
 * the key FaxDevVirtualDeviceCreation gave for rings instead of the key FaxDevStartJob
 * gave for this job - one key kept for "everything I post". The service tells jobs
 * apart by key: the packets land on no job, or on the wrong one. Breaks STAT-3.
 *
 * mutant-link: -Wl,--wrap=job_post
 * breaks: STAT-3 FAIL
 */
#include "job.h"
#include "provider.h"

void __real_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);
void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);

void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code)
{
    AcquireSRWLockExclusive(&job->lock);
    job->status_id = status_id;
    job->page = page;
    job->error_code = error_code;
    ReleaseSRWLockExclusive(&job->lock);
    provider *p = provider_get();
    AcquireSRWLockShared(&p->lock);
    ULONG_PTR key = p->ring_key;
    ReleaseSRWLockShared(&p->lock);
    FAX_DEV_STATUS *packet = provider_alloc(sizeof(*packet));
    if (!packet)
        return;
    packet->SizeOfStruct = sizeof(*packet);
    packet->StatusId = status_id;
    packet->PageCount = page;
    packet->ErrorCode = error_code;
    if (!PostQueuedCompletionStatus(job->port, sizeof(*packet), key, (LPOVERLAPPED)packet))
        provider_free(packet); /* the breach is the key above */
}
