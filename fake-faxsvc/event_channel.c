/*
 * event_channel.c - the event log's path through stdin (see event_channel.h).
 */
#include "event_channel.h"

#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES (4 * MAX_PATH)

BOOL event_channel_receive(wchar_t *path, size_t count)
{
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    char line[LINE_MAX_BYTES];
    DWORD len = 0, got;
    /* byte by byte up to the newline: nothing after it is consumed */
    while (in && in != INVALID_HANDLE_VALUE && len + 1 < sizeof(line) &&
           ReadFile(in, line + len, 1, &got, NULL) && got == 1 && line[len] != '\n')
        len++;
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == '\n'))
        len--;
    line[len] = '\0';
    if (in && in != INVALID_HANDLE_VALUE)
        CloseHandle(in);
    SetStdHandle(STD_INPUT_HANDLE, NULL);
    return len > 0 && MultiByteToWideChar(CP_UTF8, 0, line, -1, path, (int)count) > 0;
}

BOOL event_channel_start_child(wchar_t *command_line, const wchar_t *events_path,
                               PROCESS_INFORMATION *child)
{
    SECURITY_ATTRIBUTES inherit = {sizeof(inherit), NULL, TRUE};
    HANDLE read_end, write_end;
    if (!CreatePipe(&read_end, &write_end, &inherit, 0))
        return FALSE;
    SetHandleInformation(write_end, HANDLE_FLAG_INHERIT, 0); /* the child gets one end */
    STARTUPINFOW startup = {.cb = sizeof(startup)};
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = read_end;
    startup.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    BOOL started = CreateProcessW(NULL, command_line, NULL, NULL, TRUE, 0, NULL, NULL,
                                  &startup, child);
    DWORD error = GetLastError();
    CloseHandle(read_end);
    if (started) {
        char line[LINE_MAX_BYTES];
        int n = WideCharToMultiByte(CP_UTF8, 0, events_path, -1, line, sizeof(line) - 1,
                                    NULL, NULL);
        DWORD written;
        if (n > 0) { /* n counts the NUL: it becomes the newline */
            line[n - 1] = '\n';
            WriteFile(write_end, line, (DWORD)n, &written, NULL);
        }
    }
    CloseHandle(write_end);
    SetLastError(error);
    return started;
}
