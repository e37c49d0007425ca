/*
 * log_slice.c - reading back the host's own event log (see log_slice.h).
 */
#include "log_slice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_flat.h"

#define MAX_SLICE_BYTES (512ll * 1024 * 1024)
#define MAX_THREADS 64

LONGLONG log_slice_mark(const wchar_t *events_path)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    if (!events_path || !GetFileAttributesExW(events_path, GetFileExInfoStandard, &data))
        return 0;
    return ((LONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
}

char *log_slice_read(const wchar_t *path, LONGLONG from, size_t *size)
{
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                              OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
        return NULL;
    LARGE_INTEGER end, start = {.QuadPart = from};
    char *text = NULL;
    if (GetFileSizeEx(file, &end) && end.QuadPart >= from &&
        end.QuadPart - from < MAX_SLICE_BYTES && SetFilePointerEx(file, start, NULL, FILE_BEGIN)) {
        *size = (size_t)(end.QuadPart - from);
        DWORD got = 0;
        text = malloc(*size + 1);
        if (text && (!ReadFile(file, text, (DWORD)*size, &got, NULL) || got != *size)) {
            free(text);
            text = NULL;
        }
        if (text)
            text[*size] = '\0';
    }
    CloseHandle(file);
    return text;
}

/* One thread's call that has not returned yet. */
typedef struct open_call {
    int64_t tid, seq;
    char fn[48], job[32];
} open_call;

void log_slice_ending(const char *slice, size_t size, slice_ending *out)
{
    memset(out, 0, sizeof(*out));
    open_call open[MAX_THREADS];
    size_t threads = 0;
    for (const char *line = slice, *end = slice + size; line < end;) {
        const char *next = memchr(line, '\n', (size_t)(end - line));
        size_t length = next ? (size_t)(next - line) : (size_t)(end - line);
        json_flat event;
        if (json_flat_parse(line, length, &event, NULL, 0) == 0) {
            const char *type = json_flat_str(&event, "ev");
            int64_t tid = 0, seq = 0;
            json_flat_int(&event, "tid", &tid);
            json_flat_int(&event, "seq", &seq);
            /* a summary, or the "error" of a usage, scenario or kit error: the
             * process ended on the kit's terms, not the FSP's */
            if (type && (strcmp(type, "summary") == 0 || strcmp(type, "error") == 0))
                out->completed = TRUE;
            if (type && (strcmp(type, "call") == 0 || strcmp(type, "return") == 0)) {
                size_t i = 0;
                while (i < threads && open[i].tid != tid)
                    i++;
                if (strcmp(type, "return") == 0 && i < threads) {
                    open[i] = open[--threads];
                } else if (strcmp(type, "call") == 0 && (i < threads || threads < MAX_THREADS)) {
                    const char *fn = json_flat_str(&event, "fn");
                    const char *job = json_flat_str(&event, "job");
                    if (i == threads)
                        threads++;
                    open[i].tid = tid;
                    open[i].seq = seq;
                    snprintf(open[i].fn, sizeof(open[i].fn), "%s", fn ? fn : "?");
                    snprintf(open[i].job, sizeof(open[i].job), "%s", job ? job : "");
                }
            }
            json_flat_free(&event);
        }
        line = next ? next + 1 : end;
    }
    const open_call *latest = NULL;
    for (size_t i = 0; i < threads; i++)
        if (!latest || open[i].seq > latest->seq)
            latest = &open[i];
    if (latest) {
        snprintf(out->open_call, sizeof(out->open_call), "%s", latest->fn);
        snprintf(out->open_job, sizeof(out->open_job), "%s", latest->job);
    }
}
