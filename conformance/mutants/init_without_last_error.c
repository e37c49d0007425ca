/*
 * Mutant init_without_last_error: FaxDevInitialize fails without saying why.
 * Breaks ERR-2 (a FALSE return must come with SetLastError, right away).
 *
 * mutant-export: FaxDevInitialize=mutant_initialize
 * breaks: ERR-2 FAIL
 */
#include "faxdev.h"

BOOL WINAPI mutant_initialize(HLINEAPP line_app, HANDLE heap, PFAX_LINECALLBACK *line_callback,
                              PFAX_SERVICE_CALLBACK service_callback)
{
    (void)line_app; (void)heap; (void)line_callback; (void)service_callback;
    return FALSE;
}
