/*
 * Mutant shutdown_leaks: FaxDevShutdown returns S_OK but frees nothing, so the
 * provider's block stays on the service's heap. Breaks SHUT-1.
 *
 * mutant-export: FaxDevShutdown=mutant_shutdown
 */
#include "faxdev.h"

HRESULT WINAPI mutant_shutdown(void)
{
    return S_OK;
}
