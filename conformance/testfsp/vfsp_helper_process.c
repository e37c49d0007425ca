/*
 * vfsp_helper_process.c - a helper process for the hostile mutants that start one
 * (process_outlives_shutdown, initialize_hangs_with_a_helper): rundll32 running the
 * DLL's own Linger export, which waits for ever. vfsp itself never starts it; a mutant
 * exports the entry with "mutant-export: +Linger=vfsp_linger".
 */
#include "vfsp.h"

#include <stdio.h>

void CALLBACK vfsp_linger(HWND window, HINSTANCE instance, LPSTR args, int show)
{
    (void)window;
    (void)instance;
    (void)args;
    (void)show;
    Sleep(INFINITE);
}

BOOL vfsp_start_helper_process(void)
{
    HMODULE self = NULL;
    wchar_t dll[MAX_PATH], line[2 * MAX_PATH + 64];
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                                GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            (LPCWSTR)(void *)vfsp_start_helper_process, &self) ||
        !GetModuleFileNameW(self, dll, MAX_PATH))
        return FALSE;
    _snwprintf(line, sizeof(line) / sizeof(line[0]), L"rundll32.exe \"%ls\",Linger", dll);
    line[sizeof(line) / sizeof(line[0]) - 1] = L'\0';
    STARTUPINFOW startup = {.cb = sizeof(startup)};
    PROCESS_INFORMATION helper;
    if (!CreateProcessW(NULL, line, NULL, NULL, FALSE, DETACHED_PROCESS, NULL, NULL, &startup,
                        &helper))
        return FALSE;
    CloseHandle(helper.hThread);
    CloseHandle(helper.hProcess);
    return TRUE;
}
