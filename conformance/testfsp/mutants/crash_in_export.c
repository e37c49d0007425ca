/*
 * vfsp mutant crash_in_export: the export named by the environment variable
 * FSPKIT_CRASH_IN (e.g. "FaxDevSend") crashes; every other export is vfsp's own.
 * FSPKIT_CRASH_HOW picks the crash: "access" (write through NULL, the default),
 * "stack" (unbounded recursion: a stack overflow), "heap" (writes over the service
 * heap's bookkeeping, then returns as if nothing happened), "raise" (a C++ exception,
 * code 0xE06D7363, that nothing catches) or "divide" (an integer division by zero). One DLL stands for "a crash in each export": the
 * host must turn each into an ERR-1 verdict naming the call and go on with the next
 * scenario (ERR-1, LOAD-4).
 *
 * mutant-export: FaxDevVirtualDeviceCreation=mutant_virtual_device_creation
 * mutant-export: FaxDevInitialize=mutant_initialize
 * mutant-export: FaxDevStartJob=mutant_start_job
 * mutant-export: FaxDevSend=mutant_send
 * mutant-export: FaxDevReceive=mutant_receive
 * mutant-export: FaxDevReportStatus=mutant_report_status
 * mutant-export: FaxDevAbortOperation=mutant_abort_operation
 * mutant-export: FaxDevEndJob=mutant_end_job
 * mutant-export: FaxDevShutdown=mutant_shutdown
 */
#include <string.h>

#include "vfsp.h"

/* Recursion with no way out, which the compiler must not see through: the depth
 * limit comes from the environment at run time, and is never reached. */
static unsigned recurse(volatile unsigned char *previous, unsigned long depth, unsigned long limit)
{
    volatile unsigned char frame[4096];
    frame[0] = previous ? previous[0] + 1 : 1;
    if (depth >= limit)
        return frame[0];
    return recurse(frame, depth + 1, limit) + frame[1]; /* not a tail call */
}

static void crash(void)
{
    char how[16] = "access";
    GetEnvironmentVariableA("FSPKIT_CRASH_HOW", how, sizeof(how));
    if (strcmp(how, "stack") == 0) {
        recurse(NULL, 0, (unsigned long)GetTickCount64() | 0x80000000ul);
    } else if (strcmp(how, "raise") == 0) {
        RaiseException(0xE06D7363u, 0, 0, NULL);
    } else if (strcmp(how, "divide") == 0) {
        /* both operands volatile: gcc turns 1 / x into a comparison, no division */
        volatile int dividend = 7, zero = 0;
        volatile int quotient = dividend / zero;
        (void)quotient;
    } else if (strcmp(how, "heap") == 0) {
        unsigned char *block = HeapAlloc(vfsp_service_heap ? vfsp_service_heap : GetProcessHeap(),
                                         0, 16);
        memset(block - 32, 0x5A, 96); /* the block's header and its neighbour's */
        return;
    }
    volatile int *nowhere = NULL;
    *nowhere = 1; /* "access", and the end of any crash that did not end things itself */
}

static void crash_if_named(const char *export)
{
    char named[64];
    DWORD n = GetEnvironmentVariableA("FSPKIT_CRASH_IN", named, sizeof(named));
    if (n > 0 && n < sizeof(named) && strcmp(named, export) == 0)
        crash();
}

BOOL WINAPI mutant_virtual_device_creation(LPDWORD count, LPWSTR prefix, LPDWORD id_prefix,
                                           HANDLE port, ULONG_PTR key)
{
    crash_if_named("FaxDevVirtualDeviceCreation");
    return FaxDevVirtualDeviceCreation(count, prefix, id_prefix, port, key);
}

BOOL WINAPI mutant_initialize(HLINEAPP app, HANDLE heap, PFAX_LINECALLBACK *callback,
                              PFAX_SERVICE_CALLBACK service)
{
    crash_if_named("FaxDevInitialize");
    return FaxDevInitialize(app, heap, callback, service);
}

BOOL WINAPI mutant_start_job(HLINE line, DWORD device, PHANDLE handle, HANDLE port,
                             ULONG_PTR key)
{
    crash_if_named("FaxDevStartJob");
    return FaxDevStartJob(line, device, handle, port, key);
}

BOOL WINAPI mutant_send(HANDLE handle, PFAX_SEND send, PFAX_SEND_CALLBACK callback)
{
    crash_if_named("FaxDevSend");
    return FaxDevSend(handle, send, callback);
}

BOOL WINAPI mutant_receive(HANDLE handle, HCALL call, PFAX_RECEIVE receive)
{
    crash_if_named("FaxDevReceive");
    return FaxDevReceive(handle, call, receive);
}

BOOL WINAPI mutant_report_status(HANDLE handle, PFAX_DEV_STATUS status, DWORD size,
                                 LPDWORD required)
{
    crash_if_named("FaxDevReportStatus");
    return FaxDevReportStatus(handle, status, size, required);
}

BOOL WINAPI mutant_abort_operation(HANDLE handle)
{
    crash_if_named("FaxDevAbortOperation");
    return FaxDevAbortOperation(handle);
}

BOOL WINAPI mutant_end_job(HANDLE handle)
{
    crash_if_named("FaxDevEndJob");
    return FaxDevEndJob(handle);
}

HRESULT WINAPI mutant_shutdown(void)
{
    crash_if_named("FaxDevShutdown");
    return FaxDevShutdown();
}
