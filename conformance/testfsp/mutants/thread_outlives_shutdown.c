/*
 * vfsp mutant thread_outlives_shutdown: FaxDevInitialize starts a housekeeping thread
 * (its own function, a 50 ms loop) that FaxDevShutdown never stops. Breaks SHUT-1: the
 * service unloads the DLL right after Shutdown, and the thread then runs into code that
 * is gone. The host must see the FSP's code on the thread's stack after Shutdown.
 *
 * mutant-export: FaxDevInitialize=mutant_initialize
 *
 * breaks: SHUT-1 FAIL
 */
#include "vfsp.h"

static DWORD WINAPI housekeeping(void *unused)
{
    (void)unused;
    for (;;)
        Sleep(50);
    return 0;
}

BOOL WINAPI mutant_initialize(HLINEAPP app, HANDLE heap, PFAX_LINECALLBACK *line_callback,
                              PFAX_SERVICE_CALLBACK service_callback)
{
    BOOL ok = FaxDevInitialize(app, heap, line_callback, service_callback);
    HANDLE thread = ok ? CreateThread(NULL, 0, housekeeping, NULL, 0, NULL) : NULL;
    if (thread)
        CloseHandle(thread);
    return ok;
}
