/*
 * timeline_file.c - one HTML timeline per failing scenario (see timeline_file.h).
 */
#include "timeline_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "log_slice.h"
#include "timeline_html.h"

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
    char *slice = log_slice_read(events_path, from, &size);
    if (!slice) {
        fprintf(stderr, "fake-faxsvc: --html: cannot read the event log (error %lu)\n",
                GetLastError());
        return FALSE;
    }
    CreateDirectoryW(dir, NULL); /* an existing folder is fine */
    wchar_t name[96], path[MAX_PATH];
    page_name(name, 96, file_number, scenario_number, scenario_name);
    /* the folder's own separator: a Unix path under Wine keeps its slashes */
    size_t dir_length = wcslen(dir);
    const wchar_t *separator = dir_length && (dir[dir_length - 1] == L'/' ||
                                              dir[dir_length - 1] == L'\\') ? L""
                               : wcschr(dir, L'\\') ? L"\\" : L"/";
    _snwprintf(path, MAX_PATH, L"%ls%ls%ls", dir, separator, name);
    path[MAX_PATH - 1] = L'\0';
    /* written beside it and renamed when whole: a full disk or a folder that cannot be
     * written leaves no half page behind (issue 13) */
    wchar_t partial[MAX_PATH + 16];
    _snwprintf(partial, MAX_PATH + 16, L"%ls.partial", path);
    partial[MAX_PATH + 15] = L'\0';
    FILE *out = _wfopen(partial, L"wb"); /* binary: the page's newlines stay \n */
    char why[256] = "";
    BOOL ok = out && timeline_render(slice, size, title, out, why, sizeof(why)) == 0;
    if (out && fclose(out) != 0)
        ok = FALSE;
    if (ok && !MoveFileExW(partial, path, MOVEFILE_REPLACE_EXISTING))
        ok = FALSE;
    if (!ok)
        DeleteFileW(partial);
    free(slice);
    if (ok)
        printf("timeline: %ls\n", path);
    else
        fprintf(stderr, "fake-faxsvc: --html: cannot write %ls%s%s\n", path, why[0] ? ": " : "",
                why[0] ? why : "(the folder cannot be written, or the disk is full)");
    fflush(stdout);
    return ok;
}
