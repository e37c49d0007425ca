/*
 * Mutant empty_receive_succeeds: a receive that got no fax - the FSP answered and heard
 * no carrier, nobody was calling - is reported as done: TRUE and FS_COMPLETED, "there
 * was nothing to receive". The service then routes an empty file as a received fax.
 * Breaks RECV-5: a receive without a ring that the FSP cannot do must fail the call.
 *
 * mutant-link: -Wl,--wrap=operation_receive
 * breaks: RECV-5 FAIL
 */
#include "operations.h"

BOOL __real_operation_receive(refsp_job *job, FAX_RECEIVE *request);
BOOL __wrap_operation_receive(refsp_job *job, FAX_RECEIVE *request);

BOOL __wrap_operation_receive(refsp_job *job, FAX_RECEIVE *request)
{
    BOOL ok = __real_operation_receive(job, request);
    if (ok || GetLastError() == ERROR_OPERATION_ABORTED)
        return ok;
    job_post(job, FS_COMPLETED, 0, NO_ERROR); /* the breach: nothing received, "done" */
    return TRUE;
}
