/*
 * vfsp mutant misbehaves_in_export: the export named by the environment variable
 * FSPKIT_MISBEHAVE_IN (e.g. "FaxDevSend") misbehaves; every other export is vfsp's own.
 * FSPKIT_MISBEHAVE_HOW picks how:
 *   "access"  writes through NULL (the default)
 *   "stack"   recurses without end: a stack overflow
 *   "heap"    writes over the service heap's bookkeeping, then returns as if nothing happened
 *   "raise"   raises a C++ exception (code 0xE06D7363) that nothing catches
 *   "divide"  divides an integer by zero
 *   "hang"    never returns, and ignores FaxDevAbortOperation
 *   "memory"  allocates and uses 1 MB blocks until an allocation fails, then uses the
 *             NULL it got, as code that never checks does
 *   "hoard"   allocates as "memory" does, keeps it all, and goes on as vfsp: the host
 *             must judge the rest of the run with next to no memory left
 *             ("memory" and "hoard" only under a memory limit - fspconform --memory-limit,
 *             the suites' HOST_CHECK_MEMORY_MB: without one they take all the machine has)
 * One DLL stands for "each kind of misbehaviour in each export" (issue 13): the host must
 * turn each into an ERR-1 verdict naming the call, end the call's process within its
 * guards, and go on with the next scenario (ERR-1, LOAD-4).
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
 *
 * not a breach: vfsp itself unless FSPKIT_MISBEHAVE_IN names an export (check_hostile does)
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

/* Blocks for good: an event nothing ever sets. */
static void hang(void)
{
    HANDLE never = CreateEventW(NULL, TRUE, FALSE, NULL);
    WaitForSingleObject(never, INFINITE);
    CloseHandle(never);
}

/* Takes memory until there is none, using every block (untouched memory may never be
 * backed). The blocks are never freed: the process's memory limit, not the DLL, must
 * end this. With `check`, stops at the first refusal; without, uses its NULL. */
static void exhaust_memory(int check)
{
    const SIZE_T block_size = 1u << 20;
    for (;;) {
        unsigned char *block = HeapAlloc(GetProcessHeap(), 0, block_size);
        if (!block && check)
            return;
        memset(block, 0xA5, block_size); /* NULL at the end: an access violation */
    }
}

static void misbehave(void)
{
    char how[16] = "access";
    GetEnvironmentVariableA("FSPKIT_MISBEHAVE_HOW", how, sizeof(how));
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
    } else if (strcmp(how, "hang") == 0) {
        hang();
    } else if (strcmp(how, "memory") == 0) {
        exhaust_memory(0);
    } else if (strcmp(how, "hoard") == 0) {
        exhaust_memory(1);
        return;
    }
    volatile int *nowhere = NULL;
    *nowhere = 1; /* "access", and the end of anything that did not end things itself */
}

static void misbehave_if_named(const char *export)
{
    char named[64];
    DWORD n = GetEnvironmentVariableA("FSPKIT_MISBEHAVE_IN", named, sizeof(named));
    if (n > 0 && n < sizeof(named) && strcmp(named, export) == 0)
        misbehave();
}

BOOL WINAPI mutant_virtual_device_creation(LPDWORD count, LPWSTR prefix, LPDWORD id_prefix,
                                           HANDLE port, ULONG_PTR key)
{
    misbehave_if_named("FaxDevVirtualDeviceCreation");
    return FaxDevVirtualDeviceCreation(count, prefix, id_prefix, port, key);
}

BOOL WINAPI mutant_initialize(HLINEAPP app, HANDLE heap, PFAX_LINECALLBACK *callback,
                              PFAX_SERVICE_CALLBACK service)
{
    misbehave_if_named("FaxDevInitialize");
    return FaxDevInitialize(app, heap, callback, service);
}

BOOL WINAPI mutant_start_job(HLINE line, DWORD device, PHANDLE handle, HANDLE port,
                             ULONG_PTR key)
{
    misbehave_if_named("FaxDevStartJob");
    return FaxDevStartJob(line, device, handle, port, key);
}

BOOL WINAPI mutant_send(HANDLE handle, PFAX_SEND send, PFAX_SEND_CALLBACK callback)
{
    misbehave_if_named("FaxDevSend");
    return FaxDevSend(handle, send, callback);
}

BOOL WINAPI mutant_receive(HANDLE handle, HCALL call, PFAX_RECEIVE receive)
{
    misbehave_if_named("FaxDevReceive");
    return FaxDevReceive(handle, call, receive);
}

BOOL WINAPI mutant_report_status(HANDLE handle, PFAX_DEV_STATUS status, DWORD size,
                                 LPDWORD required)
{
    misbehave_if_named("FaxDevReportStatus");
    return FaxDevReportStatus(handle, status, size, required);
}

BOOL WINAPI mutant_abort_operation(HANDLE handle)
{
    misbehave_if_named("FaxDevAbortOperation");
    return FaxDevAbortOperation(handle);
}

BOOL WINAPI mutant_end_job(HANDLE handle)
{
    misbehave_if_named("FaxDevEndJob");
    return FaxDevEndJob(handle);
}

HRESULT WINAPI mutant_shutdown(void)
{
    misbehave_if_named("FaxDevShutdown");
    return FaxDevShutdown();
}
