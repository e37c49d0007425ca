/*
 * line.c - the modem line and its cancellable I/O (see line.h).
 *
 * The life of one transfer (transfer() below):
 *
 *   owner thread                                  any thread (line_gate_abort)
 *   lock; aborted? -> LINE_ABORTED                lock
 *   start ReadFile/WriteFile/WSARecv/WSASend      aborted = TRUE
 *   pending = this I/O; unlock                    CancelIoEx(pending) if any; wake; unlock
 *   wait for its event, without the lock          (returns at once: ABORT-3)
 *   own time up? CancelIoEx it ourselves
 *   wait for its completion (always)
 *   lock; pending = NULL; was the gate hit? unlock
 *
 * The check and the start share one hold of the lock, and so do the abort's flag and its
 * cancel, so an abort either comes before the check (the I/O never starts) or finds the
 * I/O as `pending` and cancels it: it cannot slip in between. Cancellation is CancelIoEx
 * only; the waits below are protocol timeouts, never a stand-in for it (ABORT-2, ABORT-3).
 *
 * Facts about Wine 8 on a pty COM port that shape this file (design.md, "Measured facts"):
 * overlapped reads cancelled by CancelIoEx end at once with ERROR_OPERATION_ABORTED, and
 * report the bytes they had already taken; the {MAXDWORD, MAXDWORD, constant} "wait for
 * a byte" timeouts never complete, so reads use {interval 20, constant}; a timed-out read
 * fails with ERROR_TIMEOUT where Windows returns 0 bytes; modem-control lines (DTR,
 * RTS/CTS, DCD) do not exist. A write stopped by the modem's XOFF (fOutX) stays pending
 * and CancelIoEx ends it at once too (reference-fsp/tests/line_probe.c, check 7).
 */
#include <winsock2.h>   /* before windows.h, which line.h includes */
#include <ws2tcpip.h>
#include "line.h"

#include <string.h>
#include <wchar.h>

/* A serial read's own timeout ends the read at the caller's deadline (so data already
 * in the buffer is delivered whole); our wait allows this much more before it cancels. */
#define PORT_TIMER_SLACK_MS 250
#define SERIAL_BAUD CBR_19200     /* efax's default; above 14400 bit/s fax data */

void line_gate_init(line_gate *gate)
{
    memset(gate, 0, sizeof(*gate));
    InitializeSRWLock(&gate->lock);
    InitializeConditionVariable(&gate->changed);
}

/* ABORT-2: any thread, any time. ABORT-3: posts the abort and returns - CancelIoEx only
 * requests the cancel; the owner's thread waits for the I/O to end, not us. */
void line_gate_abort(line_gate *gate)
{
    AcquireSRWLockExclusive(&gate->lock);
    gate->aborted = TRUE;
    gate->cleanup = FALSE;   /* the cleanup's own I/O, if any, is cancelled too */
    gate->aborts++;
    if (gate->pending) {
        CancelIoEx(gate->pending_handle, gate->pending);
        gate->cancels++;
    }
    WakeAllConditionVariable(&gate->changed);
    ReleaseSRWLockExclusive(&gate->lock);
}

void line_gate_begin_cleanup(line_gate *gate)
{
    AcquireSRWLockExclusive(&gate->lock);
    gate->cleanup = TRUE;
    ReleaseSRWLockExclusive(&gate->lock);
}

BOOL line_gate_is_aborted(line_gate *gate)
{
    AcquireSRWLockShared(&gate->lock);
    BOOL aborted = gate->aborted;
    ReleaseSRWLockShared(&gate->lock);
    return aborted;
}

const char *line_status_name(line_status status)
{
    static const char *const names[] = {"LINE_OK", "LINE_TIMEOUT", "LINE_ABORTED",
                                        "LINE_CLOSED", "LINE_FAILED"};
    return (unsigned)status < ARRAYSIZE(names) ? names[status] : "LINE_?";
}

/* LINE_ABORTED, with the reason set for an export that returns FALSE on it (ERR-2). */
static line_status aborted(void)
{
    SetLastError(ERROR_OPERATION_ABORTED);
    return LINE_ABORTED;
}

/* What a failed transfer means to the caller. */
static line_status status_of_error(DWORD error)
{
    switch (error) {
    case ERROR_TIMEOUT:          /* Wine 8: a serial read's own timeout (design.md) */
        return LINE_TIMEOUT;
    case ERROR_BROKEN_PIPE:      /* Wine 8: reading a pty whose modem (master) is gone */
    case ERROR_NOT_READY:        /* Wine 8: writing to it */
    case ERROR_HANDLE_EOF:
    case ERROR_NETNAME_DELETED:  /* a reset connection, as GetOverlappedResult says it */
    case ERROR_CONNECTION_ABORTED:
    case ERROR_DEVICE_NOT_CONNECTED:
    case ERROR_DEV_NOT_EXIST:
    case WSAECONNRESET:
    case WSAECONNABORTED:
    case WSAESHUTDOWN:
    case WSAENOTCONN:
        return LINE_CLOSED;
    default:
        return LINE_FAILED;
    }
}

static HANDLE line_handle(line *ln)
{
    return ln->kind == LINE_KIND_TCP ? (HANDLE)ln->sock : ln->port;
}

/* Starts one overlapped transfer on ln->ov. TRUE when it is in flight or already done
 * (the event and the OVERLAPPED carry the result either way); FALSE with the error set
 * when nothing started. Called with the gate's lock held, and never blocks. */
static BOOL issue(line *ln, BOOL reading, void *buf, DWORD size)
{
    HANDLE event = ln->ov.hEvent;
    memset(&ln->ov, 0, sizeof(ln->ov));
    ln->ov.hEvent = event;
    ResetEvent(event);   /* ReadFile resets it itself; WSARecv does not promise to */
    if (ln->kind == LINE_KIND_SERIAL) {
        BOOL done = reading ? ReadFile(ln->port, buf, size, NULL, &ln->ov)
                            : WriteFile(ln->port, buf, size, NULL, &ln->ov);
        return done || GetLastError() == ERROR_IO_PENDING;
    }
    WSABUF wsabuf = {.len = size, .buf = buf};
    DWORD flags = 0;
    int rc = reading ? WSARecv((SOCKET)ln->sock, &wsabuf, 1, NULL, &flags, &ln->ov, NULL)
                     : WSASend((SOCKET)ln->sock, &wsabuf, 1, NULL, 0, &ln->ov, NULL);
    return rc == 0 || WSAGetLastError() == WSA_IO_PENDING;
}

/* Waits until the transfer on ln->ov has completed, however it ends: an OVERLAPPED must
 * outlive its I/O. 0 or the error; *done gets the bytes moved (also when cancelled). */
static DWORD completion(line *ln, DWORD *done)
{
    BOOL ok;
    if (ln->kind == LINE_KIND_TCP) {
        DWORD flags = 0;
        ok = WSAGetOverlappedResult((SOCKET)ln->sock, &ln->ov, done, TRUE, &flags);
    } else {
        ok = GetOverlappedResult(ln->port, &ln->ov, done, TRUE);
    }
    return ok ? 0 : GetLastError();
}

/* One transfer through the gate (see the diagram at the top). Waits at most wait_ms,
 * then cancels it itself. LINE_OK with *done bytes (possibly 0: a serial read's own
 * timeout, or the peer's close on TCP); LINE_TIMEOUT when our wait ran out with nothing
 * moved; LINE_ABORTED when the gate was aborted before or during it. */
static line_status transfer(line *ln, line_gate *gate, BOOL reading, void *buf, DWORD size,
                            DWORD wait_ms, DWORD *done)
{
    *done = 0;
    AcquireSRWLockExclusive(&gate->lock);
    if (gate->aborted && !gate->cleanup) {
        ReleaseSRWLockExclusive(&gate->lock);
        return aborted();   /* ABORT-1: the line is not touched */
    }
    if (!issue(ln, reading, buf, size)) {
        DWORD error = GetLastError();
        ReleaseSRWLockExclusive(&gate->lock);
        SetLastError(error);
        return status_of_error(error);
    }
    gate->pending_handle = line_handle(ln);
    gate->pending = &ln->ov;
    unsigned aborts_before = gate->aborts;
    ReleaseSRWLockExclusive(&gate->lock);

    BOOL timed_out = WaitForSingleObject(ln->ov.hEvent, wait_ms) != WAIT_OBJECT_0;
    if (timed_out)
        CancelIoEx(line_handle(ln), &ln->ov);   /* our protocol timeout, not an abort */
    DWORD error = completion(ln, done);

    AcquireSRWLockExclusive(&gate->lock);
    gate->pending = NULL;
    gate->pending_handle = NULL;
    BOOL hit = gate->aborts != aborts_before;
    ReleaseSRWLockExclusive(&gate->lock);

    if (hit)
        return aborted();   /* whatever the I/O's own outcome: the owner must stop */
    if (error == 0 || *done > 0)
        return LINE_OK;        /* bytes moved before our own cancel still count */
    SetLastError(error);
    if (error == ERROR_OPERATION_ABORTED)
        return timed_out ? LINE_TIMEOUT : LINE_FAILED;   /* FAILED: someone else's cancel */
    return status_of_error(error);
}

/* An early "no" for an aborted gate, so a refused read does not even set the port's
 * timeouts. Only an optimisation: transfer() checks again, under the lock, with the
 * start of the I/O. */
static BOOL gate_refuses(line_gate *gate)
{
    AcquireSRWLockShared(&gate->lock);
    BOOL refuses = gate->aborted && !gate->cleanup;
    ReleaseSRWLockShared(&gate->lock);
    return refuses;
}

static DWORD ms_left(ULONGLONG deadline)
{
    ULONGLONG now = GetTickCount64();
    return now >= deadline ? 0 : (DWORD)(deadline - now);
}

/* Serial reads end on the port's own timer at the caller's deadline: {interval 20,
 * multiplier 0, constant ms} - the mode design.md measured working under Wine 8. */
static BOOL set_read_constant(line *ln, DWORD ms)
{
    if (ln->read_constant == ms)
        return TRUE;
    COMMTIMEOUTS timeouts = {.ReadIntervalTimeout = 20, .ReadTotalTimeoutMultiplier = 0,
                             .ReadTotalTimeoutConstant = ms,
                             .WriteTotalTimeoutMultiplier = 0, .WriteTotalTimeoutConstant = 0};
    if (!SetCommTimeouts(ln->port, &timeouts))
        return FALSE;
    ln->read_constant = ms;
    return TRUE;
}

/* Serial: nothing has arrived (ClearCommError's count of queued input bytes). */
static BOOL serial_input_empty(line *ln)
{
    DWORD errors;
    COMSTAT stat;
    return ClearCommError(ln->port, &errors, &stat) && stat.cbInQue == 0;
}

line_status line_read(line *ln, line_gate *gate, void *buf, DWORD size, DWORD *got, DWORD timeout_ms)
{
    *got = 0;
    if (size == 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return LINE_FAILED;
    }
    /* timeout 0 is "what is there now" (class20_dte.c looks so for the modem's XOFF
     * between chunks of page data): with nothing queued, answer without starting a read
     * that would last the port's 1 ms minimum. */
    if (timeout_ms == 0 && ln->kind == LINE_KIND_SERIAL && !gate_refuses(gate) &&
        serial_input_empty(ln))
        return LINE_TIMEOUT;
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    for (;;) {
        DWORD left = ms_left(deadline);
        DWORD wait_ms = left;
        if (gate_refuses(gate))
            return aborted();   /* ABORT-1: the line is not touched */
        if (ln->kind == LINE_KIND_SERIAL) {
            if (!set_read_constant(ln, left ? left : 1))
                return LINE_FAILED;
            wait_ms = left + PORT_TIMER_SLACK_MS;
        }
        line_status status = transfer(ln, gate, TRUE, buf, size, wait_ms, got);
        if (status == LINE_OK && *got == 0 && ln->kind == LINE_KIND_TCP)
            return LINE_CLOSED;   /* WSARecv's 0 bytes: the peer closed */
        if (status != LINE_OK && status != LINE_TIMEOUT)
            return status;
        if (*got > 0)
            return LINE_OK;
        /* Serial: 0 bytes on the port's own timer is not the end of the line. Loop until
         * the caller's time is up; each pass goes through the gate again. */
        if (ms_left(deadline) == 0)
            return LINE_TIMEOUT;
    }
}

line_status line_write(line *ln, line_gate *gate, const void *data, DWORD size, DWORD timeout_ms)
{
    const char *next = data;
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    while (size > 0) {
        DWORD done = 0;
        /* WriteFile/WSASend take a non-const buffer but only read it */
        line_status status = transfer(ln, gate, FALSE, (char *)next, size, ms_left(deadline), &done);
        if (status != LINE_OK)
            return status;
        if (done == 0) {
            SetLastError(ERROR_WRITE_FAULT);   /* no write timeouts are set: cannot happen */
            return LINE_FAILED;
        }
        next += done;
        size -= done;
        if (size > 0 && ms_left(deadline) == 0)
            return LINE_TIMEOUT;
    }
    return LINE_OK;
}

/* "COMn" or "\\.\COMn", n 1..255, into the device path "\\.\COMn" (which CreateFile
 * needs from COM10 on). FALSE when spec is not a serial port. */
static BOOL serial_path(const wchar_t *spec, wchar_t path[16])
{
    if (wcsncmp(spec, L"\\\\.\\", 4) == 0)
        spec += 4;
    if (_wcsnicmp(spec, L"COM", 3) != 0)
        return FALSE;
    const wchar_t *digits = spec + 3;
    unsigned n = 0;
    size_t count = wcsspn(digits, L"0123456789");
    if (count == 0 || count > 3 || digits[count] != L'\0' || digits[0] == L'0')
        return FALSE;
    for (size_t i = 0; i < count; i++)
        n = n * 10 + (unsigned)(digits[i] - L'0');
    if (n > 255)
        return FALSE;
    swprintf(path, 16, L"\\\\.\\COM%u", n);
    return TRUE;
}

/* "tcp:HOST:PORT" (HOST may be "[v6]") into its parts. FALSE when malformed. */
static BOOL tcp_parts(const wchar_t *spec, wchar_t host[256], wchar_t port[6])
{
    if (_wcsnicmp(spec, L"tcp:", 4) != 0)
        return FALSE;
    spec += 4;
    const wchar_t *colon = wcsrchr(spec, L':');
    if (!colon)
        return FALSE;
    const wchar_t *start = spec, *end = colon;
    if (*start == L'[' && end > start && end[-1] == L']') {
        start++;
        end--;
    }
    size_t host_len = (size_t)(end - start), port_len = wcslen(colon + 1);
    if (host_len == 0 || host_len >= 256 || port_len == 0 || port_len > 5 ||
        wcsspn(colon + 1, L"0123456789") != port_len)
        return FALSE;
    unsigned long number = wcstoul(colon + 1, NULL, 10);
    if (number == 0 || number > 65535)
        return FALSE;
    wmemcpy(host, start, host_len);
    host[host_len] = L'\0';
    wmemcpy(port, colon + 1, port_len + 1);
    return TRUE;
}

/* 8N1, no flow control at all: a pty has no RTS/CTS under Wine (design.md) and XON/XOFF
 * is switched on only around page data (line_set_output_flow). fAbortOnError off, so a
 * framing error never makes every later I/O fail until ClearCommError. */
static BOOL open_serial(line *ln, const wchar_t *path)
{
    ln->port = CreateFileW(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_FLAG_OVERLAPPED, NULL);
    if (ln->port == INVALID_HANDLE_VALUE)
        return FALSE;
    ln->kind = LINE_KIND_SERIAL;
    DCB dcb = {.DCBlength = sizeof(dcb)};
    if (!GetCommState(ln->port, &dcb))
        return FALSE;
    dcb.BaudRate = SERIAL_BAUD;
    dcb.ByteSize = 8;
    dcb.Parity = NOPARITY;
    dcb.StopBits = ONESTOPBIT;
    dcb.fBinary = TRUE;
    dcb.fParity = FALSE;
    dcb.fOutxCtsFlow = FALSE;
    dcb.fOutxDsrFlow = FALSE;
    dcb.fDtrControl = DTR_CONTROL_ENABLE;   /* a real modem wants DTR; hang-up is ATH */
    dcb.fDsrSensitivity = FALSE;
    dcb.fTXContinueOnXoff = TRUE;
    dcb.fOutX = FALSE;
    dcb.fInX = FALSE;
    dcb.fErrorChar = FALSE;
    dcb.fNull = FALSE;
    dcb.fRtsControl = RTS_CONTROL_ENABLE;
    dcb.fAbortOnError = FALSE;
    dcb.XonChar = 0x11;
    dcb.XoffChar = 0x13;
    if (!SetCommState(ln->port, &dcb) || !set_read_constant(ln, 1000))
        return FALSE;
    PurgeComm(ln->port, PURGE_RXCLEAR | PURGE_TXCLEAR);
    return TRUE;
}

/* An overlapped socket (WSA_FLAG_OVERLAPPED), so CancelIoEx reaches its WSARecv/WSASend.
 * The connect itself blocks: it is part of opening, before any job can be aborted. */
static BOOL open_tcp(line *ln, const wchar_t *host, const wchar_t *port)
{
    WSADATA wsa;
    int error = WSAStartup(MAKEWORD(2, 2), &wsa);
    if (error != 0) {
        SetLastError((DWORD)error);
        return FALSE;
    }
    ln->kind = LINE_KIND_TCP;
    ln->winsock_started = TRUE;
    ADDRINFOW hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                       .ai_protocol = IPPROTO_TCP};
    ADDRINFOW *list = NULL;
    error = GetAddrInfoW(host, port, &hints, &list);
    for (ADDRINFOW *a = error == 0 ? list : NULL; a && ln->sock == INVALID_SOCKET; a = a->ai_next) {
        SOCKET s = WSASocketW(a->ai_family, a->ai_socktype, a->ai_protocol, NULL, 0,
                              WSA_FLAG_OVERLAPPED);
        BOOL nodelay = TRUE;   /* result codes and AT commands are tiny: no Nagle delay */
        if (s != INVALID_SOCKET &&
            setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&nodelay, sizeof(nodelay)) == 0 &&
            connect(s, a->ai_addr, (int)a->ai_addrlen) == 0) {
            ln->sock = s;
            break;
        }
        error = WSAGetLastError();
        if (s != INVALID_SOCKET)
            closesocket(s);
    }
    if (list)
        FreeAddrInfoW(list);
    if (ln->sock == INVALID_SOCKET) {
        SetLastError(error ? (DWORD)error : (DWORD)WSAHOST_NOT_FOUND);
        return FALSE;
    }
    return TRUE;
}

BOOL line_open(line *ln, const wchar_t *spec)
{
    memset(ln, 0, sizeof(*ln));
    ln->port = INVALID_HANDLE_VALUE;
    ln->sock = INVALID_SOCKET;
    wchar_t path[16], host[256], port[6];
    BOOL serial = spec && wcslen(spec) < ARRAYSIZE(ln->spec) && serial_path(spec, path);
    BOOL tcp = !serial && spec && wcslen(spec) < ARRAYSIZE(ln->spec) && tcp_parts(spec, host, port);
    if (!serial && !tcp) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    wcscpy(ln->spec, spec);
    ln->ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    BOOL opened = ln->ov.hEvent && (serial ? open_serial(ln, path) : open_tcp(ln, host, port));
    if (!opened) {
        DWORD error = GetLastError();
        line_close(ln);
        SetLastError(error);
    }
    return opened;
}

void line_close(line *ln)
{
    if (ln->kind == LINE_KIND_SERIAL && ln->port != INVALID_HANDLE_VALUE)
        CloseHandle(ln->port);
    if (ln->kind == LINE_KIND_TCP && ln->sock != INVALID_SOCKET)
        closesocket((SOCKET)ln->sock);
    if (ln->winsock_started)
        WSACleanup();   /* paired with this line's WSAStartup */
    if (ln->ov.hEvent)
        CloseHandle(ln->ov.hEvent);
    memset(ln, 0, sizeof(*ln));
    ln->port = INVALID_HANDLE_VALUE;
    ln->sock = INVALID_SOCKET;
}

void line_flush_input(line *ln)
{
    if (ln->kind == LINE_KIND_SERIAL) {
        DWORD errors;
        COMSTAT stat;
        PurgeComm(ln->port, PURGE_RXCLEAR);
        ClearCommError(ln->port, &errors, &stat);
    } else if (ln->kind == LINE_KIND_TCP) {
        /* only what has arrived: recv never waits while FIONREAD says bytes are there */
        char sink[512];
        u_long avail = 0;
        while (ioctlsocket((SOCKET)ln->sock, FIONREAD, &avail) == 0 && avail > 0)
            if (recv((SOCKET)ln->sock, sink, avail < sizeof(sink) ? (int)avail : (int)sizeof(sink), 0) <= 0)
                break;
    }
}

/* T.32 +FLO=1: the modem sends XOFF (DC3) when its buffer fills during +FDT and XON (DC1)
 * when it drained; modem-sim does so at a held mid-page (docs/modem-sim.md). Under Wine
 * fOutX is the pty's IXON: the line discipline eats DC1/DC3 and stops our output. */
BOOL line_set_output_flow(line *ln, BOOL honour_xoff)
{
    if (ln->kind != LINE_KIND_SERIAL)
        return TRUE;
    if (!honour_xoff && ln->honour_xoff)
        EscapeCommFunction(ln->port, SETXON);   /* lift a pending XOFF; best effort */
    DCB dcb = {.DCBlength = sizeof(dcb)};
    if (!GetCommState(ln->port, &dcb))
        return FALSE;
    dcb.fOutX = honour_xoff ? TRUE : FALSE;
    if (!SetCommState(ln->port, &dcb))
        return FALSE;
    ln->honour_xoff = honour_xoff;
    return TRUE;
}
