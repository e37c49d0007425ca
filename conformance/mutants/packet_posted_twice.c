/*
 * Mutant packet_posted_twice: each FS_TRANSMITTING packet is posted twice - the block
 * once, then the same block again, the way a vendor "makes sure" a status that matters
 * gets through. The service frees every packet it takes (STAT-4), so the second post
 * hands it a block it has already freed. Breaks STAT-2: every packet is a block of the
 * service's heap, allocated for that packet.
 *
 * mutant-link: -Wl,--wrap=job_post
 * breaks: STAT-2 FAIL
 */
#include "job.h"

#include "provider.h"

void __real_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);
void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);

void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code)
{
    if (status_id != FS_TRANSMITTING) {
        __real_job_post(job, status_id, page, error_code);
        return;
    }
    AcquireSRWLockExclusive(&job->lock);
    job->status_id = status_id;
    job->page = page;
    job->error_code = error_code;
    ReleaseSRWLockExclusive(&job->lock);
    FAX_DEV_STATUS *packet = provider_alloc(sizeof(*packet));
    if (!packet)
        return;
    packet->SizeOfStruct = sizeof(*packet);
    packet->StatusId = status_id;
    packet->PageCount = page;
    packet->ErrorCode = error_code;
    if (!PostQueuedCompletionStatus(job->port, sizeof(*packet), job->key, (LPOVERLAPPED)packet)) {
        provider_free(packet);
        return;
    }
    /* the breach: the service owns the block now, and may have freed it already */
    PostQueuedCompletionStatus(job->port, sizeof(*packet), job->key, (LPOVERLAPPED)packet);
}
