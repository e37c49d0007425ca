/*
 * line_probe.c - proves the reference FSP's line layer (reference-fsp/line.c) on a real
 * line: a COM port or tcp:HOST:PORT with a Class 2.0 modem (modem-sim) behind it.
 *
 *   line_probe.exe [--seed N] SPEC
 *
 * One line per check, "ok" or "FAIL", saying what was expected and what came; exit 0
 * when every check held, 1 when one failed, 2 for usage or when the line cannot open.
 * The checks are what the FSP's design rests on (device.c, job_line.c): a write goes
 * out while the reader thread's read is in flight on the same handle; a read completes
 * as soon as the modem answers (not on an interval timer); the reader's read ends at
 * once when cancelled (its stop and reopen requests); and 1000 cancels racing the start
 * of a read never leave one hanging.
 *
 * Run against modem-sim (docs/modem-sim.md), e.g.:
 *   build/native/modem-sim --tcp 0 --pty /tmp/lineprobe-pty --control 0 --quiet
 *   tools/wine-com.sh build 7 /tmp/lineprobe-pty
 *   tools/wine-rig.sh run build -- sh -c '$FSPKIT_WINE64 line_probe.exe COM7'
 * and with tcp:127.0.0.1:TCP (TCP from modem-sim's READY line).
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

/* Reads (one read at a time, as the reader thread does) until `want` has come or
 * `limit_ms` passed; TRUE when it came. */
static BOOL read_until(line *ln, const char *want, double limit_ms, char *seen, size_t size)
{
    size_t len = 0;
    double end = now_ms() + limit_ms;
    seen[0] = '\0';
    while (now_ms() < end && len + 1 < size) {
        DWORD got = 0;
        if (!line_start_read(ln, seen + len, (DWORD)(size - 1 - len)))
            return FALSE;
        /* a TCP read waits for data as long as it takes: bound it as the reader's
         * stop does, with a cancel */
        double left = end - now_ms();
        if (WaitForSingleObject(ln->read_ov.hEvent, left > 0 ? (DWORD)left : 0) != WAIT_OBJECT_0)
            line_cancel_read(ln);
        line_status status = line_finish_read(ln, &got);
        len += got;
        seen[len] = '\0';
        if (strstr(seen, want))
            return TRUE;
        if (status != LINE_OK && status != LINE_TIMEOUT && status != LINE_ABORTED)
            return FALSE;
    }
    return FALSE;
}

static line_status write_all(line *ln, const char *text)
{
    DWORD written = 0;
    if (!line_start_write(ln, text, (DWORD)strlen(text)))
        return LINE_FAILED;
    line_status status = line_finish_write(ln, 2000, &written);
    return status == LINE_OK && written != strlen(text) ? LINE_FAILED : status;
}

typedef struct pending_read {
    line *ln;
    char buf[256];
    DWORD got;
    line_status status;
    double started, ended;
    HANDLE done;
} pending_read;

static DWORD WINAPI reader_thread(void *arg)
{
    pending_read *p = arg;
    p->started = now_ms();
    if (!line_start_read(p->ln, p->buf, sizeof(p->buf) - 1)) {
        p->status = LINE_FAILED;
    } else {
        p->status = line_finish_read(p->ln, &p->got);
    }
    p->ended = now_ms();
    p->buf[p->got] = '\0';
    return 0;
}

/* Check 1: a read in flight on another thread, then our write: the read gets the
 * modem's answer, soon after it was sent (the reader never waits for a timer). */
static void write_while_reading(line *ln)
{
    pending_read p = {.ln = ln};
    HANDLE t = CreateThread(NULL, 0, reader_thread, &p, 0, NULL);
    Sleep(50);   /* the read is in flight now */
    double wrote = now_ms();
    line_status w = write_all(ln, "ATE0V1\r");
    BOOL ended = WaitForSingleObject(t, 3000) == WAIT_OBJECT_0;
    if (!ended) {
        line_cancel_read(ln);
        WaitForSingleObject(t, INFINITE);
    }
    CloseHandle(t);
    report(w == LINE_OK && ended && p.status == LINE_OK && p.got > 0, "write while a read is "
           "in flight", "write %s, read %s with %lu bytes %.1f ms after the write",
           line_status_name(w), line_status_name(p.status), (unsigned long)p.got,
           p.ended - wrote);
    char seen[256];
    read_until(ln, "OK", 500, seen, sizeof(seen));   /* the rest of the answer */
}

/* Check 2: a command's answer arrives within a few ms of being sent (20 runs). */
static void answer_latency(line *ln)
{
    double worst = 0;
    int bad = 0;
    for (int i = 0; i < 20; i++) {
        char seen[256];
        double sent = now_ms();
        if (write_all(ln, "AT\r") != LINE_OK || !read_until(ln, "OK\r\n", 2000, seen, sizeof(seen)))
            bad++;
        double took = now_ms() - sent;
        worst = took > worst ? took : worst;
    }
    report(bad == 0 && worst < 100, "AT answered promptly", "20 runs, %d without OK; "
           "slowest %.1f ms (a read that waited for an interval timer would show it)", bad,
           worst);
}

/* Check 3: an idle read ends at once when cancelled (the reader's stop and reopen). */
static void cancel_idle_read(line *ln)
{
    pending_read p = {.ln = ln};
    HANDLE t = CreateThread(NULL, 0, reader_thread, &p, 0, NULL);
    Sleep(200);
    double cancelled = now_ms();
    line_cancel_read(ln);
    BOOL ended = WaitForSingleObject(t, 3000) == WAIT_OBJECT_0;
    double took = now_ms() - cancelled;
    if (!ended)
        WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    /* A serial read may have ended on its own 1 s timer first: LINE_TIMEOUT is fine. */
    report(ended && (p.status == LINE_ABORTED || p.status == LINE_TIMEOUT) && took < 100,
           "cancelled read ends at once", "%s after %.1f ms", line_status_name(p.status), took);
}

typedef struct racer {
    line *ln;
    volatile LONG go;
    LONGLONG spin;
} racer;

static DWORD WINAPI racer_thread(void *arg)
{
    racer *r = arg;
    while (!r->go)
        ;
    LARGE_INTEGER start, t;
    QueryPerformanceCounter(&start);
    do
        QueryPerformanceCounter(&t);
    while (t.QuadPart - start.QuadPart < r->spin);
    line_cancel_read(r->ln);
    return 0;
}

static unsigned long long rng_state;

static unsigned long long next_random(void)   /* xorshift64*: seeded, replayable */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

/* Check 4: cancels racing the start of a read: every read ends (none hangs); a cancel
 * that came before the read started is the reader's to notice (it checks its flags
 * under its lock before each read, device.c), so the read may run to its own end. */
static void cancels_race_reads(line *ln, unsigned long long seed)
{
    int hung = 0;
    rng_state = seed ? seed : 1;
    for (int i = 0; i < 1000 && !hung; i++) {
        racer r = {.ln = ln, .spin = (LONGLONG)(next_random() % 2000)};
        HANDLE t = CreateThread(NULL, 0, racer_thread, &r, 0, NULL);
        char buf[64];
        DWORD got = 0;
        r.go = 1;
        if (line_start_read(ln, buf, sizeof(buf))) {
            HANDLE event = ln->read_ov.hEvent;
            if (WaitForSingleObject(event, 5000) != WAIT_OBJECT_0) {
                hung = 1;
                line_cancel_read(ln);
            }
            line_finish_read(ln, &got);
        }
        WaitForSingleObject(t, INFINITE);
        CloseHandle(t);
    }
    report(!hung, "1000 cancels racing reads", "seed %llu: %s", seed,
           hung ? "a read did not end within 5 s" : "every read ended");
}

int wmain(int argc, wchar_t **argv)
{
    unsigned long long seed = 1;
    int arg = 1;
    QueryPerformanceFrequency(&qpc_hz);
    if (arg + 1 < argc && wcscmp(argv[arg], L"--seed") == 0) {
        seed = wcstoull(argv[arg + 1], NULL, 10);
        arg += 2;
    }
    if (arg + 1 != argc) {
        fprintf(stderr, "usage: line_probe.exe [--seed N] COMn|tcp:HOST:PORT\n");
        return 2;
    }
    line ln;
    if (!line_open(&ln, argv[arg])) {
        fprintf(stderr, "line_probe: cannot open %ls: error %lu\n", argv[arg], GetLastError());
        return 2;
    }
    write_while_reading(&ln);
    answer_latency(&ln);
    cancel_idle_read(&ln);
    cancels_race_reads(&ln, seed);
    line_close(&ln);
    printf("%s\n", failures ? "FAIL" : "PASS");
    return failures ? 1 : 0;
}
