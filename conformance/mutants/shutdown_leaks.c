/*
 * Mutant shutdown_leaks: FaxDevInitialize keeps provider data on the service's heap
 * (INIT-2, as it should), but FaxDevShutdown returns S_OK without freeing it, so the
 * block is still there when the service unloads the DLL. Breaks SHUT-1.
 *
 * mutant-export: FaxDevInitialize=mutant_initialize
 * breaks: SHUT-1 FAIL
 */
#include "faxdev.h"
#include "provider.h"

BOOL WINAPI mutant_initialize(HLINEAPP line_app, HANDLE heap, PFAX_LINECALLBACK *line_callback,
                              PFAX_SERVICE_CALLBACK service_callback)
{
    if (!FaxDevInitialize(line_app, heap, line_callback, service_callback))
        return FALSE;
    return provider_alloc(64) != NULL; /* the breach: nothing will ever free this */
}
