/*
 * Mutant thread_outlives_shutdown: FaxDevInitialize starts a housekeeping thread (it
 * would trim logs once an hour) and FaxDevShutdown never stops or joins it: when the
 * service unloads the DLL, the thread is still running in code that is about to
 * vanish. Breaks SHUT-1: Shutdown frees the global resources Initialize took.
 *
 * mutant-export: FaxDevInitialize=mutant_initialize
 * breaks: SHUT-1 FAIL
 */
#include "faxdev.h"

static DWORD WINAPI housekeeping(void *arg)
{
    (void)arg;
    for (;;)
        Sleep(3600 * 1000);
    return 0;
}

BOOL WINAPI mutant_initialize(HLINEAPP line_app, HANDLE heap, PFAX_LINECALLBACK *line_callback,
                              PFAX_SERVICE_CALLBACK service_callback)
{
    if (!FaxDevInitialize(line_app, heap, line_callback, service_callback))
        return FALSE;
    HANDLE thread = CreateThread(NULL, 0, housekeeping, NULL, 0, NULL);
    if (thread)
        CloseHandle(thread); /* the breach: nothing will ever stop it */
    return TRUE;
}
