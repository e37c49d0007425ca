/*
 * Mutant endjob_frees_last_packet: the FSP keeps a pointer to the last status packet it
 * allocated and frees it in FaxDevEndJob, "cleaning up after itself" - but the packet
 * was posted, and a posted packet is the service's: the service frees it (and may
 * already have). Breaks STAT-4 (our reading): the FSP must not touch a packet after
 * posting it.
 *
 * mutant-link: -Wl,--wrap=provider_alloc -Wl,--wrap=job_destroy
 * breaks: STAT-4 WARN
 */
#include "job.h"
#include "provider.h"

void *__real_provider_alloc(size_t size);
void *__wrap_provider_alloc(size_t size);
void __real_job_destroy(refsp_job *job);
void __wrap_job_destroy(refsp_job *job);

/* The vendor's shortcut: one pointer for the process (the defect does not need more). */
static void *volatile last_packet;

void *__wrap_provider_alloc(size_t size)
{
    void *block = __real_provider_alloc(size);
    if (block && size == sizeof(FAX_DEV_STATUS))
        last_packet = block;
    return block;
}

void __wrap_job_destroy(refsp_job *job)
{
    void *packet = InterlockedExchangePointer((void *volatile *)&last_packet, NULL);
    if (packet)
        provider_free(packet); /* the breach: the service's packet, freed by the FSP */
    __real_job_destroy(job);
}
