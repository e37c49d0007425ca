/*
 * vfsp mutant dllmain_raises: DllMain raises an access violation while the DLL is
 * loaded. A loader may swallow it (LoadLibrary then fails with ERROR_NOACCESS, 998):
 * the host must still name it - an ERR-1 verdict on the load, not "cannot load:
 * error 998", which would blame the kit's input.
 *
 * breaks: ERR-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH)
        RaiseException(EXCEPTION_ACCESS_VIOLATION, 0, 0, NULL);
    return TRUE;
}
