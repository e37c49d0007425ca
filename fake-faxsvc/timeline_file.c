/*
 * timeline_file.c - one HTML timeline per failing scenario (see timeline_file.h).
 */
#include "timeline_file.h"

#include <stdio.h>
#include <stdlib.h>

#include "timeline_html.h"

LONGLONG timeline_log_mark(const wchar_t *events_path)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    if (!events_path || !GetFileAttributesExW(events_path, GetFileExInfoStandard, &data))
        return 0;
    return ((LONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
}

/* The log from `from` to its end, read through a handle of our own (the log's is
 * append-only), malloc'd. NULL when it cannot be read. */
static char *read_slice(const wchar_t *path, LONGLONG from, size_t *size)
{
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                              OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
        return NULL;
    LARGE_INTEGER end, start = {.QuadPart = from};
    char *text = NULL;
    if (GetFileSizeEx(file, &end) && end.QuadPart >= from &&
        end.QuadPart - from < 512ll * 1024 * 1024 && SetFilePointerEx(file, start, NULL, FILE_BEGIN)) {
        *size = (size_t)(end.QuadPart - from);
        DWORD got = 0;
        text = malloc(*size + 1);
        if (text && (!ReadFile(file, text, (DWORD)*size, &got, NULL) || got != *size)) {
            free(text);
            text = NULL;
        }
    }
    CloseHandle(file);
    return text;
}

/* "02-01-abort_at_mid-page": numbers for order, the name's safe characters for people. */
static void page_name(wchar_t *out, size_t count, size_t file_number, size_t scenario_number,
                      const char *name)
{
    char stem[64];
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < sizeof(stem); p++) {
        char c = *p;
        int safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_';
        if (safe || (n && stem[n - 1] != '_'))
            stem[n++] = safe ? c : '_';
    }
    stem[n] = '\0';
    _snwprintf(out, count, L"%02zu-%02zu-%hs.html", file_number, scenario_number, stem);
    out[count - 1] = L'\0';
}

BOOL timeline_write(const wchar_t *events_path, LONGLONG from, const wchar_t *dir,
                    size_t file_number, size_t scenario_number, const char *scenario_name,
                    const char *title)
{
    size_t size = 0;
    char *slice = read_slice(events_path, from, &size);
    if (!slice) {
        fprintf(stderr, "fake-faxsvc: --html: cannot read the event log (error %lu)\n",
                GetLastError());
        return FALSE;
    }
    CreateDirectoryW(dir, NULL); /* an existing folder is fine */
    wchar_t name[96], path[MAX_PATH];
    page_name(name, 96, file_number, scenario_number, scenario_name);
    _snwprintf(path, MAX_PATH, L"%ls\\%ls", dir, name);
    path[MAX_PATH - 1] = L'\0';
    FILE *out = _wfopen(path, L"wb"); /* binary: the page's newlines stay \n */
    char why[256] = "";
    BOOL ok = out && timeline_render(slice, size, title, out, why, sizeof(why)) == 0;
    if (out && fclose(out) != 0)
        ok = FALSE;
    free(slice);
    if (ok)
        printf("timeline: %ls\n", path);
    else
        fprintf(stderr, "fake-faxsvc: --html: cannot write %ls%s%s\n", path, why[0] ? ": " : "",
                why);
    fflush(stdout);
    return ok;
}
