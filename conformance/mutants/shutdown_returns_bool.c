/*
 * Mutant shutdown_returns_bool: FaxDevShutdown cleans up but answers TRUE, as if it
 * returned BOOL; 1 is S_FALSE, not S_OK. Breaks SHUT-2.
 *
 * mutant-export: FaxDevShutdown=mutant_shutdown
 * breaks: SHUT-2 FAIL
 */
#include "faxdev.h"
#include "provider.h"

HRESULT WINAPI mutant_shutdown(void)
{
    provider_stop();
    return TRUE;
}
