/*
 * exports.c - the reference FSP's exports, in the order the fax service calls them.
 *
 * Each function opens with the clauses it honours (IDs from docs/contract.md). This is
 * the spine stage: Initialize and Shutdown work; the job exports refuse with
 * ERROR_CALL_NOT_IMPLEMENTED until the send/receive work lands (issue 5), which is
 * honest (ERR-1, ERR-2) and lets the host exercise everything around them.
 */
#include "faxdev.h"
#include "provider.h"

/* LINE-1: the service delivers TAPI events here. A virtual FSP gets none yet. */
static void CALLBACK refsp_line_callback(HANDLE fax_handle, DWORD device, DWORD message,
                                         DWORD_PTR instance, DWORD_PTR param1,
                                         DWORD_PTR param2, DWORD_PTR param3)
{
    (void)fax_handle; (void)device; (void)message; (void)instance;
    (void)param1; (void)param2; (void)param3;
}

/* Not there yet: fail the documented way, with the reason set at once (ERR-1, ERR-2). */
static BOOL not_implemented(void)
{
    SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
    return FALSE;
}

/* INIT-9, VDEV-2..4: may come before Initialize, so it must not touch the heap. */
BOOL WINAPI FaxDevVirtualDeviceCreation(LPDWORD DeviceCount, LPWSTR DeviceNamePrefix,
                                        LPDWORD DeviceIdPrefix, HANDLE CompletionPort,
                                        ULONG_PTR CompletionKey)
{
    (void)DeviceCount; (void)DeviceNamePrefix; (void)DeviceIdPrefix;
    (void)CompletionPort; (void)CompletionKey;
    return not_implemented();
}

/* INIT-1, INIT-2: keep the service's heap; every allocation comes from it (INIT-3).
 * INIT-5: hand back our line callback. INIT-6/7: the service callback is unused and
 * a virtual FSP needs no TAPI handle. INIT-8: FALSE means "do not use me", with a
 * reason (ERR-2). */
BOOL WINAPI FaxDevInitialize(HLINEAPP LineAppHandle, HANDLE HeapHandle,
                             PFAX_LINECALLBACK *LineCallbackFunction,
                             PFAX_SERVICE_CALLBACK FaxServiceCallback)
{
    (void)LineAppHandle; (void)FaxServiceCallback;
    if (!HeapHandle || !LineCallbackFunction) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (provider_current()) {
        SetLastError(ERROR_ALREADY_INITIALIZED);
        return FALSE;
    }
    if (!provider_start(HeapHandle))
        return FALSE;
    *LineCallbackFunction = refsp_line_callback;
    return TRUE;
}

/* JOB-5..7 (issue 5). */
BOOL WINAPI FaxDevStartJob(HLINE LineHandle, DWORD DeviceId, PHANDLE FaxHandle,
                           HANDLE CompletionPortHandle, ULONG_PTR CompletionKey)
{
    (void)LineHandle; (void)DeviceId; (void)FaxHandle;
    (void)CompletionPortHandle; (void)CompletionKey;
    return not_implemented();
}

/* SEND-1..10 (issue 5). */
BOOL WINAPI FaxDevSend(HANDLE FaxHandle, PFAX_SEND FaxSend, PFAX_SEND_CALLBACK FaxSendCallback)
{
    (void)FaxHandle; (void)FaxSend; (void)FaxSendCallback;
    return not_implemented();
}

/* RECV-2..6 (issue 5). */
BOOL WINAPI FaxDevReceive(HANDLE FaxHandle, HCALL CallHandle, PFAX_RECEIVE FaxReceive)
{
    (void)FaxHandle; (void)CallHandle; (void)FaxReceive;
    return not_implemented();
}

/* RPT-1..9 (issue 5). */
BOOL WINAPI FaxDevReportStatus(HANDLE FaxHandle, PFAX_DEV_STATUS FaxStatus,
                               DWORD FaxStatusSize, LPDWORD FaxStatusSizeRequired)
{
    (void)FaxHandle; (void)FaxStatus; (void)FaxStatusSize; (void)FaxStatusSizeRequired;
    return not_implemented();
}

/* ABORT-1..4 (issue 5). */
BOOL WINAPI FaxDevAbortOperation(HANDLE FaxHandle)
{
    (void)FaxHandle;
    return not_implemented();
}

/* END-1..3 (issue 5). */
BOOL WINAPI FaxDevEndJob(HANDLE FaxHandle)
{
    (void)FaxHandle;
    return not_implemented();
}

/* SHUT-1, SHUT-2: free what Initialize made; answer with an HRESULT, not a BOOL. */
HRESULT WINAPI FaxDevShutdown(void)
{
    provider_stop();
    return S_OK;
}
