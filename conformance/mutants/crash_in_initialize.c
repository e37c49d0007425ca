/*
 * Mutant crash_in_initialize: FaxDevInitialize dereferences NULL. The host must report
 * the exception as a verdict on the call (ERR-1: it never returned; LOAD-4: the service
 * counts an exception as a failed call), with no crash dialog or Wine backtrace.
 *
 * mutant-export: FaxDevInitialize=mutant_initialize
 * breaks: ERR-1 FAIL
 */
#include "faxdev.h"

BOOL WINAPI mutant_initialize(HLINEAPP line_app, HANDLE heap, PFAX_LINECALLBACK *line_callback,
                              PFAX_SERVICE_CALLBACK service_callback)
{
    (void)line_app; (void)heap; (void)service_callback;
    volatile PFAX_LINECALLBACK *nowhere = NULL;
    *nowhere = *line_callback; /* the breach */
    return TRUE;
}
