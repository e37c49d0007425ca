/*
 * line.c - the modem line: opening it, and one overlapped read and one overlapped write
 * at a time (see line.h).
 *
 * Facts about Wine 8 on a pty COM port that shape this file (design.md, "Measured facts"):
 * overlapped reads cancelled by CancelIoEx end at once with ERROR_OPERATION_ABORTED, and
 * report the bytes they had already taken; the {MAXDWORD, MAXDWORD, constant} "wait for
 * a byte" timeouts never complete, so reads use {interval 20, constant 1000} and ask for
 * exactly what is queued (or 1 byte), which completes as soon as a byte is there; a
 * timed-out read fails with ERROR_TIMEOUT where Windows returns 0 bytes; modem-control
 * lines (DTR, RTS/CTS, DCD) do not exist, so flow control is the modem's XON/XOFF, read
 * as bytes by the DTE (class20_send.c).
 */
#include <winsock2.h>   /* before windows.h, which line.h includes */
#include <ws2tcpip.h>
#include "line.h"

#include <string.h>
#include <wchar.h>

#define SERIAL_BAUD CBR_19200     /* efax's default; above 14400 bit/s fax data */
#define SERIAL_READ_TIMER_MS 1000 /* an idle serial read ends after this; the reader reads on */

const char *line_status_name(line_status status)
{
    static const char *const names[] = {"LINE_OK", "LINE_TIMEOUT", "LINE_ABORTED",
                                        "LINE_CLOSED", "LINE_FAILED"};
    return (unsigned)status < ARRAYSIZE(names) ? names[status] : "LINE_?";
}

line_status line_status_of_error(DWORD error)
{
    switch (error) {
    case ERROR_TIMEOUT:          /* Wine 8: a serial read's own timeout (design.md) */
        return LINE_TIMEOUT;
    case ERROR_OPERATION_ABORTED:
        return LINE_ABORTED;
    case ERROR_BROKEN_PIPE:      /* Wine 8: reading a pty whose modem (master) is gone */
    case ERROR_NOT_READY:        /* Wine 8: writing to it */
    case ERROR_HANDLE_EOF:
    case ERROR_NETNAME_DELETED:  /* a reset connection, as GetOverlappedResult says it */
    case ERROR_CONNECTION_ABORTED:
    case ERROR_DEVICE_NOT_CONNECTED:
    case ERROR_DEV_NOT_EXIST:
    case ERROR_INVALID_HANDLE:
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

/* Starts one overlapped transfer on `ov`. TRUE when it is in flight or already done (the
 * event and the OVERLAPPED carry the result either way); FALSE with the error set. */
static BOOL issue(line *ln, OVERLAPPED *ov, BOOL reading, void *buf, DWORD size)
{
    HANDLE event = ov->hEvent;
    memset(ov, 0, sizeof(*ov));
    ov->hEvent = event;
    ResetEvent(event);   /* ReadFile resets it itself; WSARecv does not promise to */
    if (ln->kind == LINE_KIND_SERIAL) {
        BOOL done = reading ? ReadFile(ln->port, buf, size, NULL, ov)
                            : WriteFile(ln->port, buf, size, NULL, ov);
        return done || GetLastError() == ERROR_IO_PENDING;
    }
    WSABUF wsabuf = {.len = size, .buf = buf};
    DWORD flags = 0;
    int rc = reading ? WSARecv((SOCKET)ln->sock, &wsabuf, 1, NULL, &flags, ov, NULL)
                     : WSASend((SOCKET)ln->sock, &wsabuf, 1, NULL, 0, ov, NULL);
    if (rc != 0 && WSAGetLastError() != WSA_IO_PENDING) {
        SetLastError((DWORD)WSAGetLastError());
        return FALSE;
    }
    return TRUE;
}

/* Waits until the transfer on `ov` has completed, however it ends: an OVERLAPPED must
 * outlive its I/O. 0 or the error; *done gets the bytes moved (also when cancelled). */
static DWORD completion(line *ln, OVERLAPPED *ov, DWORD *done)
{
    BOOL ok;
    *done = 0;
    if (ln->kind == LINE_KIND_TCP) {
        DWORD flags = 0;
        ok = WSAGetOverlappedResult((SOCKET)ln->sock, ov, done, TRUE, &flags);
    } else {
        ok = GetOverlappedResult(ln->port, ov, done, TRUE);
    }
    return ok ? 0 : GetLastError();
}

/* Serial: the bytes waiting in the port's input queue (ClearCommError's count). */
static DWORD serial_queued(line *ln)
{
    DWORD errors;
    COMSTAT stat;
    return ClearCommError(ln->port, &errors, &stat) ? stat.cbInQue : 0;
}

BOOL line_start_read(line *ln, void *buf, DWORD size)
{
    if (size == 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (ln->kind == LINE_KIND_SERIAL) {
        DWORD queued = serial_queued(ln);
        size = queued == 0 ? 1 : queued < size ? queued : size;
    }
    return issue(ln, &ln->read_ov, TRUE, buf, size);
}

line_status line_finish_read(line *ln, DWORD *got)
{
    DWORD error = completion(ln, &ln->read_ov, got);
    if (*got > 0)
        return LINE_OK;       /* bytes taken before a cancel or a timeout still count */
    if (error == 0)           /* 0 bytes: TCP's orderly close; serial: Windows' timeout */
        return ln->kind == LINE_KIND_TCP ? LINE_CLOSED : LINE_TIMEOUT;
    SetLastError(error);
    return line_status_of_error(error);
}

void line_cancel_read(line *ln)
{
    CancelIoEx(line_handle(ln), &ln->read_ov);
}

BOOL line_start_write(line *ln, const void *data, DWORD size)
{
    /* WriteFile/WSASend take a non-const buffer but only read it */
    return issue(ln, &ln->write_ov, FALSE, (void *)data, size);
}

line_status line_finish_write(line *ln, DWORD timeout_ms, DWORD *written)
{
    BOOL timed_out = WaitForSingleObject(ln->write_ov.hEvent, timeout_ms) != WAIT_OBJECT_0;
    if (timed_out)
        CancelIoEx(line_handle(ln), &ln->write_ov);   /* our own time is up */
    DWORD error = completion(ln, &ln->write_ov, written);
    if (error == 0)
        return LINE_OK;
    SetLastError(error);
    if (error == ERROR_OPERATION_ABORTED)
        return timed_out ? LINE_TIMEOUT : LINE_ABORTED;
    return line_status_of_error(error);
}

void line_cancel_write(line *ln)
{
    CancelIoEx(line_handle(ln), &ln->write_ov);
}

BOOL line_write_pending(line *ln)
{
    return !HasOverlappedIoCompleted(&ln->write_ov);
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
 * stays off: the DTE reads the modem's XON/XOFF as bytes (class20_send.c). fAbortOnError off, so a
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
    COMMTIMEOUTS timeouts = {.ReadIntervalTimeout = 20, .ReadTotalTimeoutMultiplier = 0,
                             .ReadTotalTimeoutConstant = SERIAL_READ_TIMER_MS,
                             .WriteTotalTimeoutMultiplier = 0, .WriteTotalTimeoutConstant = 0};
    if (!SetCommState(ln->port, &dcb) || !SetCommTimeouts(ln->port, &timeouts))
        return FALSE;
    PurgeComm(ln->port, PURGE_RXCLEAR | PURGE_TXCLEAR);
    return TRUE;
}

/* An overlapped socket (WSA_FLAG_OVERLAPPED), so CancelIoEx reaches its WSARecv/WSASend.
 * The connect itself blocks: it runs on the line's reader thread (device.c), which opens
 * the line, never in an operation an abort must reach. */
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
    ln->read_ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    ln->write_ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
    BOOL opened = ln->read_ov.hEvent && ln->write_ov.hEvent &&
                  (serial ? open_serial(ln, path) : open_tcp(ln, host, port));
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
    if (ln->read_ov.hEvent)
        CloseHandle(ln->read_ov.hEvent);
    if (ln->write_ov.hEvent)
        CloseHandle(ln->write_ov.hEvent);
    memset(ln, 0, sizeof(*ln));
    ln->port = INVALID_HANDLE_VALUE;
    ln->sock = INVALID_SOCKET;
}
