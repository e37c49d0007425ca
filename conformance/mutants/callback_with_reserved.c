/*
 * Mutant callback_with_reserved: FaxDevSend calls FaxSendCallback with 1 in the first
 * reserved argument - a vendor's guess at a "version" the service might check. The
 * call is FaxSendCallback(FaxHandle, CallHandle, 0, 0): both reserved arguments are 0.
 * Breaks SEND-5.
 *
 * mutant-link: -Wl,--wrap=operation_send
 * breaks: SEND-5 FAIL
 */
#include "operations.h"

BOOL __real_operation_send(refsp_job *job, HANDLE fax_handle, const FAX_SEND *request,
                           PFAX_SEND_CALLBACK callback);
BOOL __wrap_operation_send(refsp_job *job, HANDLE fax_handle, const FAX_SEND *request,
                           PFAX_SEND_CALLBACK callback);

/* The service's callback. A mutant may keep a global: every send of the service passes
 * the same function. */
static PFAX_SEND_CALLBACK volatile service_callback;

static BOOL CALLBACK callback_with_version(HANDLE fax_handle, HCALL call_handle,
                                           DWORD reserved1, DWORD reserved2)
{
    (void)reserved1; (void)reserved2;
    return service_callback(fax_handle, call_handle, 1, 0); /* the breach */
}

BOOL __wrap_operation_send(refsp_job *job, HANDLE fax_handle, const FAX_SEND *request,
                           PFAX_SEND_CALLBACK callback)
{
    if (!callback)
        return __real_operation_send(job, fax_handle, request, NULL);
    service_callback = callback;
    return __real_operation_send(job, fax_handle, request, callback_with_version);
}
