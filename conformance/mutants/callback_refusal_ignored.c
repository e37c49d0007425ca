/*
 * Mutant callback_refusal_ignored: FaxDevSend calls FaxSendCallback once the call is up,
 * as it should, but takes the call for a notification and drops its answer - the send
 * goes on to the last page and reports FS_COMPLETED even when the service answered FALSE.
 * FALSE asks for the operation to be terminated. Breaks SEND-6.
 *
 * mutant-link: -Wl,--wrap=operation_send
 * breaks: SEND-6 FAIL
 */
#include "operations.h"

BOOL __real_operation_send(refsp_job *job, HANDLE fax_handle, const FAX_SEND *request,
                           PFAX_SEND_CALLBACK callback);
BOOL __wrap_operation_send(refsp_job *job, HANDLE fax_handle, const FAX_SEND *request,
                           PFAX_SEND_CALLBACK callback);

/* The service's callback. A mutant may keep a global: every send of the service passes
 * the same function. */
static PFAX_SEND_CALLBACK volatile service_callback;

static BOOL CALLBACK answer_dropped(HANDLE fax_handle, HCALL call_handle, DWORD reserved1,
                                    DWORD reserved2)
{
    (void)service_callback(fax_handle, call_handle, reserved1, reserved2);
    return TRUE; /* the breach: the service's FALSE is dropped */
}

BOOL __wrap_operation_send(refsp_job *job, HANDLE fax_handle, const FAX_SEND *request,
                           PFAX_SEND_CALLBACK callback)
{
    if (!callback)
        return __real_operation_send(job, fax_handle, request, NULL);
    service_callback = callback;
    return __real_operation_send(job, fax_handle, request, answer_dropped);
}
