/*
 * line_probe.c - proves the reference FSP's line layer (reference-fsp/line.c) on a real
 * line: a COM port or tcp:HOST:PORT with a Class 2.0 modem (modem-sim) behind it.
 *
 *   line_probe.exe [--seed N] [--control PORT] SPEC
 *
 * One line per check, "ok" or "FAIL", saying what was expected and what came; exit 0
 * when every check held, 1 when one failed, 2 for usage or when the line cannot open.
 * The checks are the line's promises to FaxDevAbortOperation (ABORT-2, ABORT-3): a
 * blocked read ends at once on abort, an abort before the read never touches the line,
 * cleanup I/O works after an abort, and no abort slips between the check and the read.
 * With --control (modem-sim's control port) it also checks a write that the modem's
 * XOFF has stopped (a held mid-page): abort cancels it, and cleanup can still send.
 *
 * Run against modem-sim (docs/modem-sim.md), e.g.:
 *   build/native/modem-sim --tcp 0 --pty /tmp/lineprobe-pty --control 0 --quiet
 *   tools/wine-com.sh build 7 /tmp/lineprobe-pty
 *   tools/wine-rig.sh run build -- sh -c '$FSPKIT_WINE64 line_probe.exe --control CTL COM7'
 * and with tcp:127.0.0.1:TCP (CTL and TCP from modem-sim's READY line).
 *
 * Build: x86_64-w64-mingw32-gcc -std=c11 -O2 -Wall -Wextra -Werror -DUNICODE -D_UNICODE
 *        -D_WIN32_WINNT=0x0601 -D__USE_MINGW_ANSI_STDIO=1 -Iinclude -Ireference-fsp -municode
 *        reference-fsp/tests/line_probe.c reference-fsp/line.c -lws2_32 -o line_probe.exe
 */
#include <winsock2.h>
#include "line.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static int failures;
static LARGE_INTEGER qpc_hz;

static double now_ms(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart * 1000.0 / (double)qpc_hz.QuadPart;
}

static void report(BOOL ok, const char *check, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("%s %s: ", ok ? "ok  " : "FAIL", check);
    vprintf(fmt, ap);
    printf("\n");
    fflush(stdout);
    va_end(ap);
    if (!ok)
        failures++;
}

/* Bytes as C-escaped text, for messages. */
static const char *shown(const char *data, size_t len)
{
    static char text[512];
    size_t out = 0;
    for (size_t i = 0; i < len && out + 5 < sizeof(text); i++) {
        unsigned char c = (unsigned char)data[i];
        out += (size_t)(c == '\r' ? snprintf(text + out, 3, "\\r") : c == '\n' ? snprintf(text + out, 3, "\\n")
                        : c >= 32 && c < 127 ? snprintf(text + out, 2, "%c", c)
                        : snprintf(text + out, 5, "\\x%02x", c));
    }
    text[out] = '\0';
    return text;
}

/* Reads until `want` appears or timeout_ms passed; the bytes seen end up in seen. */
static line_status read_until(line *ln, line_gate *gate, const char *want, char *seen,
                              size_t seen_size, size_t *seen_len, DWORD timeout_ms)
{
    double end = now_ms() + timeout_ms;
    *seen_len = 0;
    seen[0] = '\0';
    for (;;) {
        double left = end - now_ms();
        if (left <= 0)
            return LINE_TIMEOUT;
        DWORD got = 0;
        line_status status = line_read(ln, gate, seen + *seen_len,
                                       (DWORD)(seen_size - 1 - *seen_len), &got, (DWORD)left + 1);
        *seen_len += got;
        seen[*seen_len] = '\0';
        if (strstr(seen, want))
            return LINE_OK;
        if (status != LINE_OK && status != LINE_TIMEOUT)
            return status;
        if (*seen_len + 1 >= seen_size)
            return LINE_FAILED;
    }
}

/* "AT\r" answered with OK within 5 s. */
static BOOL at_ok(line *ln, line_gate *gate, const char *check)
{
    char seen[512];
    size_t len = 0;
    double t0 = now_ms();
    line_status w = line_write(ln, gate, "AT\r", 3, 1000);
    line_status r = w == LINE_OK ? read_until(ln, gate, "OK", seen, sizeof(seen), &len, 5000) : w;
    BOOL ok = w == LINE_OK && r == LINE_OK;
    report(ok, check, "AT -> expected OK within 5000 ms, got %s after %.1f ms: \"%s\" (error %lu)",
           line_status_name(r), now_ms() - t0, shown(seen, len), ok ? 0ul : GetLastError());
    return ok;
}

/* --- a read blocked on another thread ---------------------------------------------- */

typedef struct blocked_read {
    line *ln;
    line_gate *gate;
    DWORD timeout_ms;
    line_status status;
    DWORD got;
    double returned_at;
} blocked_read;

static DWORD WINAPI blocked_read_thread(void *arg)
{
    blocked_read *b = arg;
    char buf[256];
    b->status = line_read(b->ln, b->gate, buf, sizeof(buf), &b->got, b->timeout_ms);
    b->returned_at = now_ms();
    return 0;
}

static BOOL read_in_flight(line_gate *gate)
{
    AcquireSRWLockShared(&gate->lock);
    BOOL in_flight = gate->pending != NULL;
    ReleaseSRWLockShared(&gate->lock);
    return in_flight;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* p50 / p99 / max of n samples (nearest rank), as text. */
static const char *spread(double *v, int n, char *text, size_t size)
{
    qsort(v, (size_t)n, sizeof(*v), by_value);
    int p99 = (n * 99 + 99) / 100 - 1;
    snprintf(text, size, "p50 %.3f ms, p99 %.3f ms, max %.3f ms", v[n / 2], v[p99], v[n - 1]);
    return text;
}

/* Check 2, second half: timeout 0 is "what is there now" - class20_dte.c reads so
 * between chunks of page data to see the modem's XOFF, so it must not wait. */
static void read_now(line *ln)
{
    enum { RUNS = 200 };
    line_gate gate;
    line_gate_init(&gate);
    double took[RUNS];
    int wrong = 0;
    line_status last = LINE_OK;
    for (int i = 0; i < RUNS; i++) {
        char buf[64];
        DWORD got = 0;
        double t0 = now_ms();
        line_status s = line_read(ln, &gate, buf, sizeof(buf), &got, 0);
        took[i] = now_ms() - t0;
        if (s != LINE_TIMEOUT || got != 0)
            wrong++, last = s;
    }
    char spread_text[96];
    spread(took, RUNS, spread_text, sizeof(spread_text));
    BOOL quick = took[RUNS - 1] < 50.0;   /* sorted by spread(): the max */
    char seen[256];
    size_t len = 0;
    line_status w = line_write(ln, &gate, "AT\r", 3, 1000);
    Sleep(300);   /* the reply is waiting now */
    DWORD got = 0;
    double t0 = now_ms();
    line_status s = line_read(ln, &gate, seen, sizeof(seen) - 1, &got, 0);
    double took_data = now_ms() - t0;
    len = got;
    if (s == LINE_OK && !memchr(seen, 'K', len))   /* the rest, if it came in two reads */
        read_until(ln, &gate, "OK", seen + len, sizeof(seen) - len, &len, 1000);
    report(wrong == 0 && quick && w == LINE_OK && s == LINE_OK && got > 0, "2 read-now",
           "timeout 0 with nothing waiting: expected LINE_TIMEOUT at once, %d of %d otherwise "
           "(last %s), %s; with a reply waiting: expected LINE_OK, got %s, %lu bytes in %.3f ms",
           wrong, RUNS, line_status_name(last), spread_text, line_status_name(s), got, took_data);
}

/* Check 3: thread A blocks in line_read(30000); after 200 ms we abort. */
static void abort_blocked_read(line *ln)
{
    enum { RUNS = 50 };
    double abort_ms[RUNS], return_ms[RUNS], worst_abort = 0, worst_return = 0;
    int bad = 0;
    for (int i = 0; i < RUNS; i++) {
        line_gate gate;
        line_gate_init(&gate);
        blocked_read b = {.ln = ln, .gate = &gate, .timeout_ms = 30000};
        HANDLE thread = CreateThread(NULL, 0, blocked_read_thread, &b, 0, NULL);
        Sleep(200);   /* the probe may sleep; the line code never does */
        BOOL in_flight = read_in_flight(&gate);
        double t0 = now_ms();
        line_gate_abort(&gate);
        double t1 = now_ms();
        BOOL ended = WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0;
        CloseHandle(thread);
        abort_ms[i] = t1 - t0;
        return_ms[i] = ended ? b.returned_at - t0 : 5000;
        if (abort_ms[i] > worst_abort) worst_abort = abort_ms[i];
        if (return_ms[i] > worst_return) worst_return = return_ms[i];
        if (!in_flight || !ended || b.status != LINE_ABORTED || abort_ms[i] >= 5.0 || gate.cancels != 1) {
            if (bad++ == 0)
                report(FALSE, "3 abort-blocked-read", "run %d: expected a read in flight, "
                       "LINE_ABORTED, abort < 5 ms; got in_flight=%d ended=%d %s, abort %.3f ms, "
                       "cancels %u", i, in_flight, ended, line_status_name(b.status),
                       abort_ms[i], gate.cancels);
            if (!ended)
                return;   /* the thread still uses b and gate: stop here */
        }
    }
    char a[96], r[96];
    report(bad == 0 && worst_return < 1000, "3 abort-blocked-read",
           "%d runs, %d bad; line_gate_abort took %s; line_read returned LINE_ABORTED %s after it",
           RUNS, bad, spread(abort_ms, RUNS, a, sizeof(a)), spread(return_ms, RUNS, r, sizeof(r)));
}

/* Check 4: an aborted gate refuses the read at once and leaves the line alone: the
 * reply to an AT sent before is still there for the next (un-aborted) read. */
static void abort_before_read(line *ln)
{
    line_gate live, dead;
    line_gate_init(&live);
    line_gate_init(&dead);
    line_status w = line_write(ln, &live, "AT\r", 3, 1000);
    Sleep(300);   /* let the reply arrive in the port's buffer */
    line_gate_abort(&dead);
    char buf[256], seen[512];
    DWORD got = 0;
    size_t len = 0;
    double t0 = now_ms();
    line_status r = line_read(ln, &dead, buf, sizeof(buf), &got, 5000);
    double took = now_ms() - t0;
    line_status after = read_until(ln, &live, "OK", seen, sizeof(seen), &len, 2000);
    report(w == LINE_OK && r == LINE_ABORTED && got == 0 && took < 5.0 && after == LINE_OK &&
           dead.cancels == 0, "4 abort-before-read",
           "expected LINE_ABORTED at once with 0 bytes and the reply left unread; got %s, %lu bytes "
           "in %.3f ms; then the reply: %s \"%s\"", line_status_name(r), got, took,
           line_status_name(after), shown(seen, len));
}

/* Check 5: after abort + line_gate_begin_cleanup the line works again (to hang up), and a
 * second abort still cancels the cleanup's blocked read. */
static void cleanup_after_abort(line *ln)
{
    line_gate gate;
    line_gate_init(&gate);
    line_gate_abort(&gate);
    line_gate_begin_cleanup(&gate);
    at_ok(ln, &gate, "5 cleanup-at-ok");

    blocked_read b = {.ln = ln, .gate = &gate, .timeout_ms = 30000};
    HANDLE thread = CreateThread(NULL, 0, blocked_read_thread, &b, 0, NULL);
    Sleep(200);
    BOOL in_flight = read_in_flight(&gate);
    double t0 = now_ms();
    line_gate_abort(&gate);
    BOOL ended = WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0;
    CloseHandle(thread);
    report(in_flight && ended && b.status == LINE_ABORTED, "5 cleanup-second-abort",
           "expected the cleanup's blocked read to end LINE_ABORTED; got in_flight=%d ended=%d %s "
           "after %.3f ms", in_flight, ended, line_status_name(b.status), b.returned_at - t0);
    if (!ended)
        ExitProcess(1);   /* b and gate are still in use by a stuck thread */
}

/* --- check 6: aborts racing the start of a read ------------------------------------ */

/* Both threads spin to a common instant, then each spins a random extra: the abort lands
 * anywhere from well before the read's gate check to well after its I/O started,
 * whatever the thread wake-up latency. */
typedef struct racer {
    line_gate *gate;
    HANDLE go, done;
    volatile LONGLONG start_at;   /* QPC ticks */
    LONGLONG extra_ticks;
    volatile LONG quit;
} racer;

static void spin_until(LONGLONG ticks)
{
    LARGE_INTEGER t;
    do
        QueryPerformanceCounter(&t);
    while (t.QuadPart < ticks);
}

static DWORD WINAPI racer_thread(void *arg)
{
    racer *r = arg;
    for (;;) {
        WaitForSingleObject(r->go, INFINITE);
        if (r->quit)
            return 0;
        spin_until(r->start_at + r->extra_ticks);
        line_gate_abort(r->gate);
        SetEvent(r->done);
    }
}

static unsigned long long rng_state;

static unsigned long long next_random(void)   /* xorshift64*: seeded, replayable */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

static void abort_races_read(line *ln, unsigned long long seed)
{
    enum { RUNS = 1000, SPREAD_US = 200, LEAD_US = 1000 };
    LONGLONG us = qpc_hz.QuadPart / 1000000 ? qpc_hz.QuadPart / 1000000 : 1;
    rng_state = seed ? seed : 1;
    line_gate gate;
    racer r = {.gate = &gate, .go = CreateEventW(NULL, FALSE, FALSE, NULL),
               .done = CreateEventW(NULL, FALSE, FALSE, NULL)};
    HANDLE thread = CreateThread(NULL, 0, racer_thread, &r, 0, NULL);
    int in_flight = 0, refused = 0, bad = 0;
    double worst = 0;
    for (int i = 0; i < RUNS; i++) {
        line_gate_init(&gate);
        LONGLONG read_extra = (LONGLONG)(next_random() % (SPREAD_US + 1)) * us;
        r.extra_ticks = (LONGLONG)(next_random() % (SPREAD_US + 1)) * us;
        LARGE_INTEGER now;
        QueryPerformanceCounter(&now);
        r.start_at = now.QuadPart + LEAD_US * us;
        SetEvent(r.go);
        spin_until(r.start_at + read_extra);
        char buf[64];
        DWORD got = 0;
        double t0 = now_ms();
        line_status status = line_read(ln, &gate, buf, sizeof(buf), &got, 5000);
        double took = now_ms() - t0;
        WaitForSingleObject(r.done, INFINITE);
        if (took > worst) worst = took;
        if (gate.cancels) in_flight++; else refused++;
        if (status != LINE_ABORTED || took >= 1000.0) {
            if (bad++ < 3)
                report(FALSE, "6 abort-race", "run %d (seed %llu): expected LINE_ABORTED within "
                       "1000 ms, got %s after %.1f ms", i, seed, line_status_name(status), took);
        }
    }
    r.quit = 1;
    SetEvent(r.go);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    CloseHandle(r.go);
    CloseHandle(r.done);
    report(bad == 0, "6 abort-race", "%d runs (seed %llu, read and abort each start 0..%d us "
           "after a common instant): %d bad, %d aborts found the read in flight, %d came "
           "before it started; slowest return %.3f ms", RUNS, seed, SPREAD_US, bad, in_flight,
           refused, worst);
}

/* --- check 7 (with --control): a write stopped by XOFF is cancelled by abort ---------- */

static SOCKET control_open(unsigned port)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((u_short)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s != INVALID_SOCKET && connect(s, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        closesocket(s);
        s = INVALID_SOCKET;
    }
    return s;
}

/* One control command, one reply line (docs/control.md). */
static BOOL control(SOCKET s, const char *command, char *reply, size_t size)
{
    send(s, command, (int)strlen(command), 0);
    size_t len = 0;
    while (len + 1 < size) {
        int n = recv(s, reply + len, 1, 0);
        if (n <= 0)
            break;
        if (reply[len] == '\n')
            break;
        len++;
    }
    reply[len] = '\0';
    return len > 0;
}

static BOOL command(line *ln, line_gate *gate, const char *text, const char *want, char *seen,
                    size_t size)
{
    size_t len = 0;
    return line_write(ln, gate, text, (DWORD)strlen(text), 2000) == LINE_OK &&
           read_until(ln, gate, want, seen, size, &len, 5000) == LINE_OK;
}

typedef struct blocked_write {
    line *ln;
    line_gate *gate;
    const char *data;
    DWORD size;
    line_status status;
    double returned_at;
} blocked_write;

static DWORD WINAPI blocked_write_thread(void *arg)
{
    blocked_write *b = arg;
    b->status = line_write(b->ln, b->gate, b->data, b->size, 30000);
    b->returned_at = now_ms();
    return 0;
}

/* A page sent with +FLO=1 into modem-sim's `hold mid-page 1 4096`: the modem sends XOFF.
 * On a COM port with line_set_output_flow(TRUE) the write must stop there (the pty's
 * IXON); abort must cancel it at once; then cleanup lifts the XOFF, ends the page with
 * DLE ETX and the call with AT+FKS (docs/control.md). On TCP the XOFF is just a byte. */
static void abort_stopped_write(line *ln, unsigned control_port)
{
    static char page[1 << 20];   /* far more than the pty and modem-sim buffer */
    for (size_t i = 0; i + 4 <= sizeof(page); i += 4)
        memcpy(page + i, "\x00\x80\xb2\x59", 4);   /* no DLE, DC1 or DC3 in it */
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET ctl = control_open(control_port);
    char reply[256] = "", seen[1024] = "";
    line_gate gate;
    line_gate_init(&gate);
    BOOL serial = ln->kind == LINE_KIND_SERIAL;
    BOOL ready = ctl != INVALID_SOCKET && control(ctl, "hold mid-page 1 4096\n", reply, sizeof(reply)) &&
                 command(ln, &gate, "ATE0\r", "OK", seen, sizeof(seen)) &&
                 command(ln, &gate, "AT+FCLASS=2.0;+FLO=1\r", "OK", seen, sizeof(seen)) &&
                 command(ln, &gate, "ATD5551000\r", "OK\r\n", seen, sizeof(seen)) &&
                 command(ln, &gate, "AT+FDT\r", "CONNECT", seen, sizeof(seen)) &&
                 line_set_output_flow(ln, TRUE);
    if (!ready) {
        report(FALSE, "7 abort-stopped-write", "expected page data with a mid-page hold armed; got "
               "control %s, reply \"%s\", line \"%s\", error %lu", ctl == INVALID_SOCKET ?
               "unreachable" : "ok", reply, shown(seen, strlen(seen)), GetLastError());
        goto out;
    }
    blocked_write b = {.ln = ln, .gate = &gate, .data = page, .size = sizeof(page)};
    HANDLE thread = CreateThread(NULL, 0, blocked_write_thread, &b, 0, NULL);
    control(ctl, "wait-held 5000\n", reply, sizeof(reply));
    Sleep(500);   /* time for the write to run into the XOFF */
    BOOL in_flight = read_in_flight(&gate);
    double t0 = now_ms();
    line_gate_abort(&gate);
    double abort_took = now_ms() - t0;
    BOOL ended = WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0;
    CloseHandle(thread);
    if (!ended)
        ExitProcess(1);
    if (serial)
        report(strncmp(reply, "HELD", 4) == 0 && in_flight && b.status == LINE_ABORTED &&
               abort_took < 5.0 && b.returned_at - t0 < 100.0, "7 abort-stopped-write",
               "expected the write stopped by XOFF and LINE_ABORTED at once; got \"%s\", "
               "in_flight=%d, %s; abort took %.3f ms, the write returned %.3f ms after it",
               reply, in_flight, line_status_name(b.status), abort_took, b.returned_at - t0);
    else
        report(strncmp(reply, "HELD", 4) == 0, "7 abort-stopped-write", "expected HELD; got \"%s\"; "
               "TCP carries no XOFF: the write %s (%s)", reply, in_flight ? "was still in flight" :
               "had finished", line_status_name(b.status));

    line_gate_begin_cleanup(&gate);
    size_t len = 0;
    BOOL lifted = line_set_output_flow(ln, FALSE);
    line_status w = line_write(ln, &gate, "\x10\x03", 2, 2000);
    line_status r1 = read_until(ln, &gate, "OK", seen, sizeof(seen), &len, 5000);
    char first[256];
    snprintf(first, sizeof(first), "%s", shown(seen, len));
    line_status r2 = command(ln, &gate, "AT+FKS\r", "OK", seen, sizeof(seen)) ? LINE_OK : LINE_FAILED;
    report(lifted && w == LINE_OK && r1 == LINE_OK && r2 == LINE_OK && strstr(seen, "+FHS:02"),
           "7 cleanup-hangup", "expected XOFF lifted, DLE ETX -> OK, AT+FKS -> +FHS:02 OK; got "
           "lifted=%d, %s %s \"%s\", then %s \"%s\"", lifted, line_status_name(w),
           line_status_name(r1), first, line_status_name(r2), shown(seen, strlen(seen)));
out:
    if (ctl != INVALID_SOCKET) {
        control(ctl, "release\n", reply, sizeof(reply));
        closesocket(ctl);
    }
    line_set_output_flow(ln, FALSE);
    WSACleanup();
}

/* Check 0: malformed specs fail with ERROR_INVALID_PARAMETER before anything is opened. */
static void malformed_specs(void)
{
    static const wchar_t *const bad[] = {
        L"", L"COM", L"COM0", L"COM256", L"COM07", L"COM1x", L"LPT1", L"\\\\.\\", L"tcp:",
        L"tcp:host", L"tcp::4001", L"tcp:host:", L"tcp:host:0", L"tcp:host:65536",
        L"tcp:host:40x1", L"udp:host:4001"};
    int wrong = 0;
    for (size_t i = 0; i < ARRAYSIZE(bad); i++) {
        static line ln;
        SetLastError(0);
        BOOL opened = line_open(&ln, bad[i]);
        DWORD error = GetLastError();
        if (opened)
            line_close(&ln);
        if (opened || error != ERROR_INVALID_PARAMETER) {
            wrong++;
            report(FALSE, "0 malformed-spec", "\"%ls\": expected FALSE with ERROR_INVALID_PARAMETER "
                   "(87), got %s with error %lu", bad[i], opened ? "TRUE" : "FALSE", error);
        }
    }
    if (!wrong)
        report(TRUE, "0 malformed-spec", "%u malformed specs refused with ERROR_INVALID_PARAMETER",
               (unsigned)ARRAYSIZE(bad));
}

static void usage(void)
{
    fprintf(stderr, "usage: line_probe.exe [--seed N] [--control PORT] SPEC\n"
                    "  SPEC: COMn, \\\\.\\COMn or tcp:HOST:PORT (a Class 2.0 modem, e.g. modem-sim)\n"
                    "  --seed N        seed of the abort race (check 6); default: from the clock\n"
                    "  --control PORT  modem-sim's control port: also check a write stopped by XOFF\n");
}

int wmain(int argc, wchar_t **argv)
{
    unsigned long long seed = 0;
    unsigned control_port = 0;
    const wchar_t *spec = NULL;
    for (int i = 1; i < argc; i++) {
        if (wcscmp(argv[i], L"--seed") == 0 && i + 1 < argc)
            seed = wcstoull(argv[++i], NULL, 10);
        else if (wcscmp(argv[i], L"--control") == 0 && i + 1 < argc)
            control_port = (unsigned)wcstoul(argv[++i], NULL, 10);
        else if (argv[i][0] == L'-' && argv[i][1] == L'-') {
            usage();
            return 2;
        } else
            spec = argv[i];
    }
    if (!spec) {
        usage();
        return 2;
    }
    QueryPerformanceFrequency(&qpc_hz);
    if (!seed)
        seed = (unsigned long long)GetTickCount64() * 2654435761ull + GetCurrentProcessId();

    malformed_specs();

    static line ln;   /* as in the FSP: the caller owns the line (here: static storage) */
    double t0 = now_ms();
    if (!line_open(&ln, spec)) {
        printf("FAIL 1 open: %ls: error %lu\n", spec, GetLastError());
        return 2;
    }
    report(TRUE, "1 open", "%ls opened in %.1f ms", spec, now_ms() - t0);
    line_flush_input(&ln);

    line_gate gate;
    line_gate_init(&gate);
    at_ok(&ln, &gate, "1 at-ok");

    char buf[64];
    DWORD got = 0;
    t0 = now_ms();
    line_status s = line_read(&ln, &gate, buf, sizeof(buf), &got, 300);
    double took = now_ms() - t0;
    report(s == LINE_TIMEOUT && got == 0 && took >= 300 && took <= 800, "2 read-timeout",
           "expected LINE_TIMEOUT with 0 bytes in 300..800 ms; got %s, %lu bytes in %.1f ms",
           line_status_name(s), got, took);

    read_now(&ln);
    abort_blocked_read(&ln);
    abort_before_read(&ln);
    cleanup_after_abort(&ln);
    abort_races_read(&ln, seed);
    if (control_port)
        abort_stopped_write(&ln, control_port);

    line_close(&ln);
    printf("%s: %d check(s) failed\n", failures ? "FAIL" : "PASS", failures);
    return failures ? 1 : 0;
}
