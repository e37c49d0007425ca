/*
 * Mutant provider_status_without_string: before each FS_TRANSMITTING the FSP posts a
 * status of its own, 0x40000001 ("training the modem"), and leaves StringId 0 - the
 * FSP's image has no string resources at all. The service has no text to show for it.
 * Breaks DS-2: a provider-defined StatusId needs a StringId naming a string resource the
 * service loads from the FSP's image.
 *
 * mutant-link: -Wl,--wrap=job_post
 * breaks: DS-2 FAIL
 */
#include "job.h"

#define STATUS_TRAINING 0x40000001u /* provider-defined: no FS_* and no LINEERR_* code */

void __real_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);
void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);

void __wrap_job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code)
{
    if (status_id == FS_TRANSMITTING)
        __real_job_post(job, STATUS_TRAINING, page, NO_ERROR); /* the breach: StringId 0 */
    __real_job_post(job, status_id, page, error_code);
}
