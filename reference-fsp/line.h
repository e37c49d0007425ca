/*
 * line.h - the reference FSP's modem line: a serial port ("COM5", "\\.\COM12") or a
 * network modem line ("tcp:HOST:PORT"), with I/O that an abort can cancel.
 *
 * ABORT-2, ABORT-3: FaxDevAbortOperation comes on another thread while the operation
 * thread is blocked in a line read or write, and must return at once. So every line
 * I/O is overlapped, is started under its owner's lock after checking the abort flag,
 * and is cancelled by line_gate_abort with CancelIoEx. A cancel can never slip between
 * the check and the start of the I/O; nothing polls, nothing sleeps.
 *
 * One I/O at a time per gate and per line (the owner's one operation thread).
 * Device control bytes: with output flow control off (the default), DC1/DC3 from the
 * modem arrive as data; the DTE's parser must skip them outside page data.
 */
#ifndef REFSP_LINE_H
#define REFSP_LINE_H

#include <windows.h>

/* line_gate: the owner's (a job's, or a device listener's) one lock, one condition
 * variable and abort flag. All line I/O of that owner goes through it. The owner may
 * keep its own state under `lock`, but must not hold it while calling line_read/write
 * (an SRWLOCK is not recursive: they take it to start and to finish each I/O). */
typedef struct line_gate {
    SRWLOCK lock;
    CONDITION_VARIABLE changed;   /* woken by line_gate_abort */
    BOOL aborted;                 /* set by line_gate_abort; I/O refuses to start */
    BOOL cleanup;                 /* the owner acknowledged the abort: I/O runs again (to hang up) */
    HANDLE pending_handle;        /* the I/O in flight, for CancelIoEx (under lock) */
    OVERLAPPED *pending;
    unsigned aborts;              /* line_gate_abort calls so far: tells an I/O it was hit */
    unsigned cancels;             /* of those, how many found an I/O in flight (for tests) */
} line_gate;

void line_gate_init(line_gate *gate);
/* ABORT-3: any thread. Marks the gate aborted, cancels the I/O in flight (CancelIoEx), wakes
 * waiters, returns at once. Safe to call twice; a call during cleanup cancels the cleanup's
 * I/O and refuses new I/O until the owner calls line_gate_begin_cleanup again. */
void line_gate_abort(line_gate *gate);
/* The owner saw LINE_ABORTED and now ends the session: I/O may start again (a second
 * line_gate_abort still cancels it). */
void line_gate_begin_cleanup(line_gate *gate);
BOOL line_gate_is_aborted(line_gate *gate);

typedef enum line_status { LINE_OK, LINE_TIMEOUT, LINE_ABORTED, LINE_CLOSED, LINE_FAILED } line_status;

typedef enum line_kind { LINE_KIND_NONE, LINE_KIND_SERIAL, LINE_KIND_TCP } line_kind;

typedef struct line {
    line_kind kind;
    HANDLE port;                  /* serial: the COM port, opened overlapped */
    UINT_PTR sock;                /* tcp: the SOCKET (kept as UINT_PTR so this header
                                   * needs no winsock2.h, which must precede windows.h) */
    BOOL winsock_started;         /* tcp: WSAStartup succeeded, WSACleanup owed */
    OVERLAPPED ov;                /* the one transfer in flight; hEvent manual-reset */
    DWORD read_constant;          /* serial: ReadTotalTimeoutConstant now in force */
    BOOL honour_xoff;             /* serial: fOutX now in force */
    wchar_t spec[272];            /* as given to line_open, for messages */
} line;

/* Opens the line. FALSE with SetLastError: ERROR_INVALID_PARAMETER for a malformed spec,
 * the CreateFile / Winsock error otherwise. Serial: 19200 8N1, no flow control,
 * overlapped, timeouts {ReadIntervalTimeout 20, multiplier 0, constant per read}.
 * TCP: overlapped socket, TCP_NODELAY; WSAStartup/WSACleanup paired per line. */
BOOL line_open(line *ln, const wchar_t *spec);
/* Closes what line_open opened. Never called with I/O in flight (no function here
 * returns while its I/O is pending). Safe on a line that failed to open. */
void line_close(line *ln);
/* Writes all bytes within timeout_ms. LINE_ABORTED if the gate is aborted (and not in
 * cleanup) before or during the write. */
line_status line_write(line *ln, line_gate *gate, const void *data, DWORD size, DWORD timeout_ms);
/* Waits up to timeout_ms for at least one byte, returns what is there (up to size) in *got.
 * LINE_TIMEOUT with *got 0 when nothing came; LINE_CLOSED when the peer closed (TCP) or the
 * port is gone; LINE_ABORTED when the gate was aborted before or during the read.
 * timeout_ms 0 returns at once with what has already arrived (LINE_TIMEOUT if nothing). */
line_status line_read(line *ln, line_gate *gate, void *buf, DWORD size, DWORD *got, DWORD timeout_ms);
/* Drops unread input (PurgeComm / drain socket) - before a new session. */
void line_flush_input(line *ln);
/* Serial: honour the modem's XOFF/XON on output (T.32 +FLO=1) - TRUE only while sending
 * page data (+FDT), where DC1/DC3 from the modem are flow control; everywhere else
 * (commands, received page data) they are data and must not stop our output. FALSE
 * also resumes output an XOFF stopped (SETXON), so an aborting DTE can send DLE ETX.
 * TCP: nothing to do (TCP paces itself; DC1/DC3 arrive as bytes). FALSE with the
 * error set when the port refuses. */
BOOL line_set_output_flow(line *ln, BOOL honour_xoff);
/* "LINE_OK", ... for messages. */
const char *line_status_name(line_status status);

#endif /* REFSP_LINE_H */
