/*
 * event_log.h - the host's JSON-lines event log (format: docs/events.md).
 *
 * Every line carries the schema version, a sequence number, a monotonic timestamp in
 * microseconds since the log was opened and the Win32 thread ID. Lines are written with
 * one WriteFile each, under a lock, unbuffered: if the FSP takes the process down, every
 * event before the crash is already on disk.
 *
 * Bounded whatever the DLL does (issue 13): past EVENT_LOG_LIMIT bytes a process writes
 * only the events a verdict rests on (verdicts, calls and returns, the run's records;
 * one `log-limit` event says so), past twice that only its completion record.
 */
#ifndef FAKE_FAXSVC_EVENT_LOG_H
#define FAKE_FAXSVC_EVENT_LOG_H

#include <windows.h>
#include <stdint.h>

#include "json_line.h"

#define EVENT_SCHEMA_VERSION 1
#define EVENT_LOG_LIMIT (64ull * 1024 * 1024)

typedef struct event_log {
    HANDLE file;               /* INVALID_HANDLE_VALUE: events are counted, not written */
    CRITICAL_SECTION lock;
    LARGE_INTEGER origin, frequency;
    uint64_t next_seq;
    uint64_t bytes;            /* written by this process, under lock */
    uint64_t left_out;         /* events not written because of the limit */
} event_log;

/* Opens `path` (emptied first unless `append`), or keeps no file when path is NULL.
 * Every line is appended at the end of the file, so the parent and its per-scenario
 * children (isolation.h) can share one log, one at a time. Returns FALSE with
 * GetLastError set when the file cannot be created. */
BOOL event_log_open(event_log *log, const wchar_t *path, BOOL append);
void event_log_close(event_log *log);

/* One event under construction: start it, add members, emit it. */
typedef struct event {
    json_line line;
    const char *type;
} event;

void event_start(event *e, const char *type);
void event_str(event *e, const char *key, const char *utf8);
void event_wstr(event *e, const char *key, const wchar_t *text); /* converts to UTF-8 */
void event_u64(event *e, const char *key, uint64_t value);
void event_i64(event *e, const char *key, int64_t value);
void event_bool(event *e, const char *key, int value);
/* Adds seq/t_us/tid, writes the line and releases the event. */
void event_emit(event_log *log, event *e);

#endif /* FAKE_FAXSVC_EVENT_LOG_H */
