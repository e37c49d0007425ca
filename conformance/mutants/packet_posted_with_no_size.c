/*
 * Mutant packet_posted_with_no_size: progress packets are posted with
 * dwNumberOfBytesTransferred 0 - "the size is in SizeOfStruct anyway" - instead of the
 * bytes allocated. Breaks STAT-3 (post with the packet's size, the port and the key).
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
    FAX_DEV_STATUS *packet = provider_alloc(sizeof(*packet));
    if (!packet)
        return;
    packet->SizeOfStruct = sizeof(*packet);
    packet->StatusId = status_id;
    packet->PageCount = page;
    packet->ErrorCode = error_code;
    if (!PostQueuedCompletionStatus(job->port, 0 /* the breach */, job->key,
                                    (LPOVERLAPPED)packet))
        provider_free(packet);
}
