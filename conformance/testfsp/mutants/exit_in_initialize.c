/*
 * vfsp mutant exit_in_initialize: FaxDevInitialize ends the whole process with exit
 * status 0. Breaks ERR-1 (the call never returns): a host that ends before its work
 * is done must never read as a pass.
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
    ExitProcess(0);
}
