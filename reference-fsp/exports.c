/*
 * exports.c - the reference FSP's exports, in the order the fax service calls them.
 *
 * Each export checks what the service passed, names the clauses it honours (IDs from
 * docs/contract.md) and hands the work to one file: provider.c (start and stop),
 * device.c (virtual devices, their lines and the lines' reader threads), job.c (a job's
 * state, lock, status and abort), send.c and receive.c (the Class 2.0 sessions).
 *
 * Every FALSE return sets the reason with SetLastError as the very last call (ERR-1,
 * ERR-2).
 */
#include "faxdev.h"

#include "job.h"
#include "operations.h"
#include "provider.h"

static BOOL fail(DWORD error)
{
    SetLastError(error);
    return FALSE;
}

/* LINE-1: the service delivers TAPI events here; virtual devices get none. */
static void CALLBACK refsp_line_callback(HANDLE fax_handle, DWORD device, DWORD message,
                                         DWORD_PTR instance, DWORD_PTR param1,
                                         DWORD_PTR param2, DWORD_PTR param3)
{
    (void)fax_handle; (void)device; (void)message; (void)instance;
    (void)param1; (void)param2; (void)param3;
}

/* VDEV-1..7, INIT-9: may come before Initialize, so no heap here: the settings and
 * the device table live in the provider (provider.h). The port and key are where the
 * devices' reader threads post rings (VDEV-5). */
BOOL WINAPI FaxDevVirtualDeviceCreation(LPDWORD DeviceCount, LPWSTR DeviceNamePrefix,
                                        LPDWORD DeviceIdPrefix, HANDLE CompletionPort,
                                        ULONG_PTR CompletionKey)
{
    if (!DeviceCount || !DeviceNamePrefix || !DeviceIdPrefix || !CompletionPort)
        return fail(ERROR_INVALID_PARAMETER);
    if (!provider_create_devices(CompletionPort, CompletionKey))
        return FALSE; /* the reason is set (ERROR_BAD_CONFIGURATION, ...) */
    const refsp_config *config = &provider_get()->config;
    *DeviceCount = config->device_count;                /* VDEV-2 */
    lstrcpynW(DeviceNamePrefix, config->name_prefix, 128); /* VDEV-3: 128 WCHARs */
    *DeviceIdPrefix = config->id_prefix;                /* VDEV-4: nonzero */
    return TRUE;
}

/* INIT-1, INIT-2: keep the service's heap; every allocation comes from it (INIT-3).
 * INIT-5: hand back our line callback. INIT-6/7: the service callback is unused and a
 * virtual FSP needs no TAPI handle. INIT-8: FALSE means "do not use me", with a reason. */
BOOL WINAPI FaxDevInitialize(HLINEAPP LineAppHandle, HANDLE HeapHandle,
                             PFAX_LINECALLBACK *LineCallbackFunction,
                             PFAX_SERVICE_CALLBACK FaxServiceCallback)
{
    (void)LineAppHandle; (void)FaxServiceCallback;
    if (!HeapHandle || !LineCallbackFunction)
        return fail(ERROR_INVALID_PARAMETER);
    if (!provider_start(HeapHandle))
        return FALSE;
    *LineCallbackFunction = refsp_line_callback;
    return TRUE;
}

/* JOB-2, JOB-5..8: a job of its own on the service heap, holding its device's line.
 * DeviceId is the device ID (VDEV-10); an index 0..n-1 is taken too, since what the
 * service passes for virtual devices is UNCONFIRMED. No TAPI line (LineHandle). */
BOOL WINAPI FaxDevStartJob(HLINE LineHandle, DWORD DeviceId, PHANDLE FaxHandle,
                           HANDLE CompletionPortHandle, ULONG_PTR CompletionKey)
{
    (void)LineHandle;
    if (!FaxHandle || !CompletionPortHandle)
        return fail(ERROR_INVALID_PARAMETER);
    if (!provider_running())
        return fail(ERROR_SERVICE_NOT_ACTIVE);
    device *d = provider_device(DeviceId);
    if (!d)
        return fail(ERROR_INVALID_PARAMETER); /* not one of our devices */
    refsp_job *job = job_create(d, CompletionPortHandle, CompletionKey);
    if (!job)
        return FALSE; /* ERROR_BUSY or ERROR_NOT_ENOUGH_MEMORY, set by job_create */
    *FaxHandle = (HANDLE)job;
    return TRUE;
}

/* SEND-1..11: one send; the status goes out as packets on the job's port (STAT-1..5)
 * and the return says how it ended (SEND-8, SEND-9). */
BOOL WINAPI FaxDevSend(HANDLE FaxHandle, PFAX_SEND FaxSend, PFAX_SEND_CALLBACK FaxSendCallback)
{
    if (!FaxHandle)
        return fail(ERROR_INVALID_HANDLE);
    if (!FaxSend || FaxSend->SizeOfStruct != sizeof(FAX_SEND) || !FaxSend->FileName)
        return fail(ERROR_INVALID_PARAMETER);
    return operation_send((refsp_job *)FaxHandle, FaxHandle, FaxSend, FaxSendCallback);
}

/* RECV-2..6, VDEV-8: the service calls this after our ring; CallHandle is no TAPI call
 * for a virtual device (RECV-4, RECV-5: with or without one, we answer the line). */
BOOL WINAPI FaxDevReceive(HANDLE FaxHandle, HCALL CallHandle, PFAX_RECEIVE FaxReceive)
{
    (void)CallHandle;
    if (!FaxHandle)
        return fail(ERROR_INVALID_HANDLE);
    if (!FaxReceive || FaxReceive->SizeOfStruct != sizeof(FAX_RECEIVE) ||
        !FaxReceive->FileName)
        return fail(ERROR_INVALID_PARAMETER);
    return operation_receive((refsp_job *)FaxHandle, FaxReceive);
}

/* RPT-1..9: from any thread, at any time of the job; the size probe first. */
BOOL WINAPI FaxDevReportStatus(HANDLE FaxHandle, PFAX_DEV_STATUS FaxStatus,
                               DWORD FaxStatusSize, LPDWORD FaxStatusSizeRequired)
{
    if (!FaxHandle)
        return fail(ERROR_INVALID_HANDLE); /* RPT-9: SampleFSP's answer to NULL */
    return job_report((refsp_job *)FaxHandle, FaxStatus, FaxStatusSize,
                      FaxStatusSizeRequired);
}

/* ABORT-1..4: lock the job, mark it aborted, wake its operation, unlock, return; the
 * operation wakes on its condition variable, ends the modem session and reports
 * FS_USER_ABORT. */
BOOL WINAPI FaxDevAbortOperation(HANDLE FaxHandle)
{
    if (!FaxHandle)
        return fail(ERROR_INVALID_HANDLE);
    job_abort((refsp_job *)FaxHandle);
    return TRUE;
}

/* END-1..3: after the operation, also an aborted one: give the device back, free
 * everything of the job. The handle is dead afterwards. */
BOOL WINAPI FaxDevEndJob(HANDLE FaxHandle)
{
    if (!FaxHandle)
        return fail(ERROR_INVALID_HANDLE);
    job_destroy((refsp_job *)FaxHandle);
    return TRUE;
}

/* SHUT-1, SHUT-2: stop and join every line's reader, close every line; an HRESULT. */
HRESULT WINAPI FaxDevShutdown(void)
{
    provider_stop();
    return S_OK;
}
