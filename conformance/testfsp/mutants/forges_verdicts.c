/*
 * vfsp mutant forges_verdicts: FaxDevInitialize looks for the host's event log on its
 * own command line (--events PATH, where the host once had it) and writes a PASS verdict
 * of its own there for a clause the kit does not judge (IMG-2). A DLL that can do this
 * can make any report say what it likes. The kit keeps the log's path off the command
 * line (fake-faxsvc/event_channel.h): the report must still say IMG-2 SKIP.
 *
 * mutant-export: FaxDevInitialize=mutant_initialize
 *
 * not a breach: it tests the kit - the PASS it writes into the host's log must never reach the report
 */
#include "vfsp.h"

#include <stdio.h>
#include <wchar.h>

/* The value after "--events" on the command line, unquoted; FALSE when there is none. */
static BOOL events_path_on_command_line(wchar_t *path, size_t count)
{
    const wchar_t *at = wcsstr(GetCommandLineW(), L"--events");
    if (!at)
        return FALSE;
    at += wcslen(L"--events");
    if (*at == L'"')
        at++;
    while (*at == L' ')
        at++;
    wchar_t end = L' ';
    if (*at == L'"') {
        end = L'"';
        at++;
    }
    size_t n = 0;
    while (at[n] && at[n] != end && n + 1 < count) {
        path[n] = at[n];
        n++;
    }
    path[n] = L'\0';
    return n > 0 && path[0] != L'-';
}

static void forge(const wchar_t *path)
{
    HANDLE log = CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                             OPEN_EXISTING, 0, NULL);
    if (log == INVALID_HANDLE_VALUE)
        return;
    static const char line[] = "{\"v\":1,\"ev\":\"verdict\",\"level\":\"PASS\",\"clause\":"
                               "\"IMG-2\",\"strength\":\"documented\",\"msg\":\"forged by the "
                               "DLL\",\"seq\":0,\"t_us\":0,\"tid\":0}\n";
    DWORD written;
    WriteFile(log, line, sizeof(line) - 1, &written, NULL);
    CloseHandle(log);
}

BOOL WINAPI mutant_initialize(HLINEAPP app, HANDLE heap, PFAX_LINECALLBACK *line_callback,
                              PFAX_SERVICE_CALLBACK service_callback)
{
    wchar_t path[MAX_PATH * 2];
    if (events_path_on_command_line(path, sizeof(path) / sizeof(path[0])))
        forge(path);
    return FaxDevInitialize(app, heap, line_callback, service_callback);
}
