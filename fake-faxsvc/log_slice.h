/*
 * log_slice.h - read back a piece of the event log the host itself wrote: what a child
 * process (one scenario, isolation.h) appended between two marks. The parent uses it to
 * tell a child that finished from one that ended early, and which call it ended in;
 * --html turns the same piece into a timeline.
 */
#ifndef FAKE_FAXSVC_LOG_SLICE_H
#define FAKE_FAXSVC_LOG_SLICE_H

#include <windows.h>

/* The log's size now: where the next child's events will start. 0 when unknown. */
LONGLONG log_slice_mark(const wchar_t *events_path);
/* The log from `from` to its end, read through a handle of our own (the log's is
 * append-only), malloc'd and NUL-terminated. NULL when it cannot be read. */
char *log_slice_read(const wchar_t *events_path, LONGLONG from, size_t *size);

/* What a slice says about how its process ended. */
typedef struct slice_ending {
    BOOL completed;          /* the process wrote its completion record (a "summary", or
                                the "error" of a problem that was not the FSP's) */
    char open_call[48];      /* the last call into the FSP with no return ("" if none) */
    char open_job[32];
} slice_ending;

/* Scans the slice's events (lines that do not parse are skipped: a process killed
 * mid-write leaves half a line). */
void log_slice_ending(const char *slice, size_t size, slice_ending *out);

#endif /* FAKE_FAXSVC_LOG_SLICE_H */
