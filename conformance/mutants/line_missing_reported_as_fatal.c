/*
 * Mutant line_missing_reported_as_fatal: when the FSP cannot open its line (the modem
 * unplugged, the port gone), the send fails - FALSE, with a reason - but the status it
 * reports is FS_FATAL_ERROR, the one it uses for everything it does not expect. The
 * service tries another line only for FS_LINE_UNAVAILABLE. Breaks RETRY-4.
 *
 * mutant-link: -Wl,--wrap=job_fail
 * breaks: RETRY-4 FAIL
 */
#include "job.h"

BOOL __real_job_fail(refsp_job *job, DWORD status_id, DWORD error);
BOOL __wrap_job_fail(refsp_job *job, DWORD status_id, DWORD error);

BOOL __wrap_job_fail(refsp_job *job, DWORD status_id, DWORD error)
{
    /* the breach: "no line" folded into the catch-all status */
    return __real_job_fail(job, status_id == FS_LINE_UNAVAILABLE ? FS_FATAL_ERROR : status_id,
                           error);
}
