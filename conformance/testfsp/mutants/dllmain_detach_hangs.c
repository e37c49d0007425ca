/*
 * vfsp mutant dllmain_detach_hangs: DllMain never returns from DLL_PROCESS_DETACH, so
 * FreeLibrary never returns. Breaks ERR-1: the host's hang guard must name the unload.
 *
 * breaks: ERR-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    if (reason == DLL_PROCESS_DETACH && !reserved) /* FreeLibrary, not process exit */
        Sleep(INFINITE);
    return TRUE;
}
