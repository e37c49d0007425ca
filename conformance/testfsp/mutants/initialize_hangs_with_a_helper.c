/*
 * vfsp mutant initialize_hangs_with_a_helper: FaxDevInitialize starts a helper process
 * (vfsp_start_helper_process) and then never returns. Breaks ERR-1 like initialize_hangs;
 * it is here for the kit's own promise (issue 13): when the hang guard, fspconform's
 * --timeout, Ctrl-C or SIGTERM ends the run, the host, the helper the DLL started and
 * the run's temporary files are all gone within seconds.
 *
 * mutant-export: FaxDevInitialize=mutant_initialize
 * mutant-export: +Linger=vfsp_linger
 *
 * breaks: ERR-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_initialize(HLINEAPP app, HANDLE heap, PFAX_LINECALLBACK *line_callback,
                              PFAX_SERVICE_CALLBACK service_callback)
{
    (void)app; (void)heap; (void)line_callback; (void)service_callback;
    vfsp_start_helper_process();
    Sleep(INFINITE);
    return FALSE;
}
