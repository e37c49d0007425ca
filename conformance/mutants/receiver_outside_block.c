/*
 * Mutant receiver_outside_block: after a received fax, FaxDevReceive points
 * ReceiverName and ReceiverNumber at the FSP's own constant strings instead of copying
 * them into the service's block after the FileName string - the pointers outlive nothing
 * the service owns, and go stale once the DLL is unloaded. Breaks RECV-6 (advice: set
 * them, in that block).
 *
 * mutant-link: -Wl,--wrap=operation_receive
 * breaks: RECV-6 WARN
 */
#include "operations.h"

BOOL __real_operation_receive(refsp_job *job, FAX_RECEIVE *request);
BOOL __wrap_operation_receive(refsp_job *job, FAX_RECEIVE *request);

static wchar_t station[] = L"REFSP";

BOOL __wrap_operation_receive(refsp_job *job, FAX_RECEIVE *request)
{
    BOOL ok = __real_operation_receive(job, request);
    if (ok && request) {
        request->ReceiverName = station; /* the breach: the DLL's memory, not the block */
        request->ReceiverNumber = station;
    }
    return ok;
}
