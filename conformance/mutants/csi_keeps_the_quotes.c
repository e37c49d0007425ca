/*
 * Mutant csi_keeps_the_quotes: the FSP takes the remote's ID from the modem's +FCI:/+FTI:
 * line with the quotes around it, so the service shows "\"ACME SALES\"" as the remote's
 * station. Breaks DS-4: CSI is the remote device's ID (its CSI on a send, its TSI on a
 * receive), not the modem's report of it.
 *
 * mutant-link: -Wl,--wrap=job_set_remote_id
 * breaks: DS-4 FAIL
 */
#include "job.h"

#include <stdio.h>

void __real_job_set_remote_id(refsp_job *job, BOOL receiving, const char *id);
void __wrap_job_set_remote_id(refsp_job *job, BOOL receiving, const char *id);

void __wrap_job_set_remote_id(refsp_job *job, BOOL receiving, const char *id)
{
    char quoted[REFSP_ID_CHARS + 2];
    if (!id[0]) {
        __real_job_set_remote_id(job, receiving, id);
        return;
    }
    snprintf(quoted, sizeof(quoted), "\"%s\"", id); /* the breach: the line's quotes kept */
    __real_job_set_remote_id(job, receiving, quoted);
}
