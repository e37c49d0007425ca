/*
 * line.h - the reference FSP's modem line: a serial port ("COM5", "\\.\COM12") or a
 * network modem line ("tcp:HOST:PORT"), opened for overlapped I/O.
 *
 * This file only moves bytes; it neither waits for an abort nor knows about jobs. Two
 * threads use a line at once, each with its own OVERLAPPED:
 * - the line's reader thread (device.c) keeps one read in flight all the time and hands
 *   what arrives to whoever holds the line (a job's inbox, job_line.c, or the RING
 *   watcher). So a job never waits in a read: it waits on its own condition variable
 *   for "data, abort or deadline" (job.h), and FaxDevAbortOperation needs no cancel.
 * - the thread that holds the line (a job's operation) writes. A write can block only
 *   when the other end stops taking bytes (a full pty or socket buffer); that is the
 *   one I/O an abort cancels (line_cancel_write, CancelIoEx).
 */
#ifndef REFSP_LINE_H
#define REFSP_LINE_H

#include <windows.h>

typedef enum line_status { LINE_OK, LINE_TIMEOUT, LINE_ABORTED, LINE_CLOSED, LINE_FAILED } line_status;

typedef enum line_kind { LINE_KIND_NONE, LINE_KIND_SERIAL, LINE_KIND_TCP } line_kind;

typedef struct line {
    line_kind kind;
    HANDLE port;                  /* serial: the COM port, opened overlapped */
    UINT_PTR sock;                /* tcp: the SOCKET (kept as UINT_PTR so this header
                                   * needs no winsock2.h, which must precede windows.h) */
    BOOL winsock_started;         /* tcp: WSAStartup succeeded, WSACleanup owed */
    OVERLAPPED read_ov;           /* the reader thread's read; hEvent manual-reset */
    OVERLAPPED write_ov;          /* the holder's write; hEvent manual-reset */
    wchar_t spec[272];            /* as given to line_open, for messages */
} line;

/* Opens the line. FALSE with SetLastError: ERROR_INVALID_PARAMETER for a malformed spec,
 * the CreateFile / Winsock error otherwise. Serial: 19200 8N1, no flow control,
 * overlapped, timeouts {ReadIntervalTimeout 20, multiplier 0, constant 1000}.
 * TCP: overlapped socket, TCP_NODELAY; WSAStartup/WSACleanup paired per line. */
BOOL line_open(line *ln, const wchar_t *spec);
/* Closes what line_open opened. Never with I/O in flight. Safe on a line that failed
 * to open. */
void line_close(line *ln);

/* Reading (the reader thread only). line_start_read starts one read of at most `size`
 * bytes and never blocks; FALSE with the error set when nothing started. A serial read
 * asks for what is queued, or for 1 byte when nothing is, so it completes as soon as
 * the modem says anything (Wine 8 never completes the documented "wait for the first
 * byte" timeouts, design.md). line_finish_read then waits for it: LINE_OK with *got
 * bytes; LINE_TIMEOUT when the port's 1 s timer ended it empty (serial); LINE_CLOSED
 * when the peer closed or the port is gone; LINE_ABORTED when line_cancel_read ended
 * it; LINE_FAILED otherwise. line_cancel_read may be called from any thread while the
 * read is in flight. */
BOOL line_start_read(line *ln, void *buf, DWORD size);
line_status line_finish_read(line *ln, DWORD *got);
void line_cancel_read(line *ln);

/* Writing (the thread that holds the line). line_start_write starts one write and never
 * blocks; line_finish_write waits up to timeout_ms for it and cancels it itself when the
 * time is up. *written gets the bytes that went, also when it was cut short: LINE_OK
 * (possibly a partial write), LINE_TIMEOUT, LINE_ABORTED (line_cancel_write from another
 * thread), LINE_CLOSED, LINE_FAILED. */
BOOL line_start_write(line *ln, const void *data, DWORD size);
line_status line_finish_write(line *ln, DWORD timeout_ms, DWORD *written);
void line_cancel_write(line *ln);
/* The write started last has not completed yet (it may be blocked). */
BOOL line_write_pending(line *ln);

/* What a Win32 or Winsock error code means for the line. */
line_status line_status_of_error(DWORD error);
/* "LINE_OK", ... for messages. */
const char *line_status_name(line_status status);

#endif /* REFSP_LINE_H */
