/*
 * vfsp mutant dllmain_hangs: DllMain never returns from DLL_PROCESS_ATTACH, holding the
 * loader lock. Breaks ERR-1: the host's hang guard must name the load - its watchdog
 * needs nothing the loader lock guards - and end the process without unloading.
 *
 * breaks: ERR-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH)
        Sleep(INFINITE);
    return TRUE;
}
