/*
 * vfsp mutant initialize_hangs: FaxDevInitialize never returns. Breaks ERR-1: the
 * host's hang guard must name FaxDevInitialize (it once waited for the scenario
 * watchdog, or fspconform's, with a generic message).
 *
 * mutant-export: FaxDevInitialize=mutant_initialize
 *
 * breaks: ERR-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_initialize(HLINEAPP app, HANDLE heap, PFAX_LINECALLBACK *line_callback,
                              PFAX_SERVICE_CALLBACK service_callback)
{
    (void)app; (void)heap; (void)line_callback; (void)service_callback;
    Sleep(INFINITE);
    return FALSE;
}
