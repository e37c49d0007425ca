/*
 * Mutant init_without_callback: FaxDevInitialize succeeds but never stores its line
 * callback. Breaks INIT-5.
 *
 * mutant-export: FaxDevInitialize=mutant_initialize
 * breaks: INIT-5 FAIL
 */
#include "faxdev.h"
#include "provider.h"

BOOL WINAPI mutant_initialize(HLINEAPP line_app, HANDLE heap, PFAX_LINECALLBACK *line_callback,
                              PFAX_SERVICE_CALLBACK service_callback)
{
    (void)line_app; (void)line_callback; (void)service_callback;
    return provider_start(heap);
}
