/*
 * Mutant missing_dependency: the reference FSP importing a function from
 * fspkit_absent.dll, which is never built or shipped. Not a contract clause: the host
 * must name the missing DLL and exit 2 (error 126 alone names nothing).
 *
 * mutant-link: -lfspkit_absent
 * not a breach: a DLL that cannot be hosted - the host must name the missing DLL and exit 2
 */
#include <windows.h>

__declspec(dllimport) int fspkit_absent_function(void); /* cdecl: one name on both arches */

/* Never called; referencing it is what puts fspkit_absent.dll into the import table. */
int WINAPI mutant_reference_absent(void)
{
    return fspkit_absent_function();
}
