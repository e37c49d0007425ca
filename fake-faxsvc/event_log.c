/*
 * event_log.c - JSON-lines event log writer (see event_log.h, docs/events.md).
 */
#include "event_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

BOOL event_log_open(event_log *log, const wchar_t *path, BOOL append)
{
    log->file = INVALID_HANDLE_VALUE;
    log->next_seq = 0;
    log->bytes = 0;
    log->left_out = 0;
    QueryPerformanceFrequency(&log->frequency);
    QueryPerformanceCounter(&log->origin);
    if (path) {
        if (!append) {
            HANDLE emptied = CreateFileW(path, GENERIC_WRITE, FILE_SHARE_READ, NULL,
                                         CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
            if (emptied == INVALID_HANDLE_VALUE)
                return FALSE;
            CloseHandle(emptied);
        }
        log->file = CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        if (log->file == INVALID_HANDLE_VALUE)
            return FALSE;
    }
    InitializeCriticalSection(&log->lock);
    return TRUE;
}

void event_log_close(event_log *log)
{
    if (log->file != INVALID_HANDLE_VALUE)
        CloseHandle(log->file);
    log->file = INVALID_HANDLE_VALUE;
    DeleteCriticalSection(&log->lock);
}

void event_start(event *e, const char *type)
{
    e->line.buf = NULL;
    e->line.cap = 0;
    e->type = type;
    json_line_begin(&e->line);
    json_line_u64(&e->line, "v", EVENT_SCHEMA_VERSION);
    json_line_str(&e->line, "ev", type);
}

void event_str(event *e, const char *key, const char *utf8)
{
    json_line_str(&e->line, key, utf8);
}

void event_wstr(event *e, const char *key, const wchar_t *text)
{
    if (!text) {
        json_line_str(&e->line, key, NULL);
        return;
    }
    int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL);
    char *utf8 = n > 0 ? malloc((size_t)n) : NULL;
    if (utf8 && WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, n, NULL, NULL) > 0)
        json_line_str(&e->line, key, utf8);
    else
        json_line_str(&e->line, key, "(unconvertible string)");
    free(utf8);
}

void event_u64(event *e, const char *key, uint64_t value)
{
    json_line_u64(&e->line, key, value);
}

void event_i64(event *e, const char *key, int64_t value)
{
    json_line_i64(&e->line, key, value);
}

void event_bool(event *e, const char *key, int value)
{
    json_line_bool(&e->line, key, value);
}

static BOOL is_one_of(const char *type, const char *const *types)
{
    for (; *types; types++)
        if (strcmp(type, *types) == 0)
            return TRUE;
    return FALSE;
}

/* Past the limit, what a verdict or the run's ending rests on; past twice the limit,
 * the completion record alone. */
static BOOL still_written(const event_log *log, const char *type)
{
    static const char *const essential[] = {"run", "load", "export", "devices", "scenario",
                                            "call", "return", "verdict", "summary", "error",
                                            "log-limit", NULL};
    static const char *const completion[] = {"summary", "error", NULL};
    if (log->bytes < EVENT_LOG_LIMIT)
        return TRUE;
    return is_one_of(type, log->bytes < 2 * EVENT_LOG_LIMIT ? essential : completion);
}

static void write_line(event_log *log, const char *text, size_t len)
{
    DWORD written = 0;
    if (log->file != INVALID_HANDLE_VALUE)
        WriteFile(log->file, text, (DWORD)len, &written, NULL);
    log->bytes += written;
}

void event_emit(event_log *log, event *e)
{
    LARGE_INTEGER now;
    QueryPerformanceCounter(&now);
    uint64_t ticks = (uint64_t)(now.QuadPart - log->origin.QuadPart);
    uint64_t t_us = ticks / (uint64_t)log->frequency.QuadPart * 1000000u +
                    ticks % (uint64_t)log->frequency.QuadPart * 1000000u /
                        (uint64_t)log->frequency.QuadPart;

    EnterCriticalSection(&log->lock);
    if (!still_written(log, e->type)) {
        if (log->left_out++ == 0) { /* once: the log says it stops here */
            char note[160];
            int n = snprintf(note, sizeof(note), "{\"v\":%d,\"ev\":\"log-limit\",\"bytes\":"
                             "%llu,\"seq\":%llu,\"t_us\":%llu,\"tid\":%lu}\n",
                             EVENT_SCHEMA_VERSION, (unsigned long long)log->bytes,
                             (unsigned long long)log->next_seq++, (unsigned long long)t_us,
                             (unsigned long)GetCurrentThreadId());
            if (n > 0 && (size_t)n < sizeof(note))
                write_line(log, note, (size_t)n);
        }
        LeaveCriticalSection(&log->lock);
        json_line_free(&e->line);
        return;
    }
    json_line_u64(&e->line, "seq", log->next_seq++);
    json_line_u64(&e->line, "t_us", t_us);
    json_line_u64(&e->line, "tid", GetCurrentThreadId());
    size_t len = 0;
    const char *text = json_line_finish(&e->line, &len);
    if (text)
        write_line(log, text, len);
    LeaveCriticalSection(&log->lock);
    json_line_free(&e->line);
}
