/*
 * Mutant dllmain_false: the reference FSP whose DllMain refuses to load.
 * Not a contract clause: the host must say "DllMain returned FALSE" and exit 2.
 * not a breach: a DLL that cannot be hosted - the host must say why and exit 2
 */
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance; (void)reserved;
    return reason == DLL_PROCESS_ATTACH ? FALSE : TRUE;
}
