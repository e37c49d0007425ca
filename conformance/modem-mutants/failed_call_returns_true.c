/*
 * Mutant failed_call_returns_true: FaxDevSend returns TRUE whatever became of the call -
 * a busy line, no answer, a hang-up or a page the remote refused (RTN) all "succeed".
 * The service would drop a fax that never arrived. The modem battery's outcomes, judged
 * at the remote (`expect JOB sent`), must FAIL it: SEND-8, success reported for a call
 * that failed.
 *
 * mutant-export: FaxDevSend=mutant_send
 * breaks: SEND-8 FAIL
 */
#include "faxdev.h"

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND send, PFAX_SEND_CALLBACK callback)
{
    FaxDevSend(fax_handle, send, callback);
    return TRUE; /* the breach: the outcome is ignored */
}
