/*
 * vfsp mutant process_outlives_shutdown: FaxDevInitialize starts a helper process
 * (vfsp_start_helper_process: rundll32 on the DLL's own Linger export, which waits for
 * ever) and FaxDevShutdown never stops it. Breaks SHUT-1: what Initialize sets up,
 * Shutdown must free, and nothing stops that process once the service has unloaded the
 * DLL. The host must name it after Shutdown, end it, and leave nothing running.
 *
 * mutant-export: FaxDevInitialize=mutant_initialize
 * mutant-export: +Linger=vfsp_linger
 *
 * breaks: SHUT-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_initialize(HLINEAPP app, HANDLE heap, PFAX_LINECALLBACK *line_callback,
                              PFAX_SERVICE_CALLBACK service_callback)
{
    BOOL ok = FaxDevInitialize(app, heap, line_callback, service_callback);
    if (ok)
        vfsp_start_helper_process();
    return ok;
}
