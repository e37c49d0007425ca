/*
 * vfsp mutant shutdown_hangs: FaxDevShutdown never returns. Breaks ERR-1: the host's
 * hang guard must name FaxDevShutdown, and the process must end without unloading.
 *
 * mutant-export: FaxDevShutdown=mutant_shutdown
 *
 * breaks: ERR-1 FAIL
 */
#include "vfsp.h"

HRESULT WINAPI mutant_shutdown(void)
{
    Sleep(INFINITE);
    return S_OK;
}
