/*
 * device.c - virtual devices, their lines and the lines' reader threads (see device.h).
 *
 * The reader thread's loop, all of it under the device's lock except the two waits that
 * must not hold it (opening the line, and a read in flight):
 *
 *   stopping?                 -> close the line, end
 *   an open request?          -> close the line if open, open it (unlocked), answer
 *   no usable line?           -> wait on the device's condition variable for a request
 *   else                      -> start a read, wait for it (unlocked), hand the bytes on:
 *                                to the job holding the line, else to the RING watcher
 *
 * Requests come from StartJob (the line must be open for the job), EndJob (open it
 * afresh after a job that broke it) and Shutdown; each cancels the read in flight, the
 * reader's own I/O, so the reader sees it at once. Only the reader opens and closes the
 * line, and only while no job is using it, so a job's write never meets a closed handle.
 */
#include "device.h"

#include <string.h>

#include "job.h"
#include "ring.h"

/* RINGs closer together than this belong to one call: one ring packet per call. A
 * caller rings every 6 s on a real line, every 0.5 s on modem-sim's fast line. */
#define SAME_CALL_MS 8000
#define READ_CHUNK 4096

/* Under d->lock: the RING watcher, for bytes that came while no job holds the line. RING
 * is unsolicited, so the modem needs no command for it. */
static void watch_for_ring(device *d, const unsigned char *bytes, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (d->ring_text_len == sizeof(d->ring_text))
            d->ring_text_len = 0;
        char c = (char)bytes[i];
        d->ring_text[d->ring_text_len++] = c;
        if (d->ring_text_len < 4 || memcmp(d->ring_text + d->ring_text_len - 4, "RING", 4) != 0)
            continue;
        d->ring_text_len = 0;
        ULONGLONG now = GetTickCount64();
        BOOL new_call = d->last_ring_ms == 0 || now - d->last_ring_ms > SAME_CALL_MS;
        d->last_ring_ms = now;
        if (new_call && d->ring_port)
            ring_post(d->ring_port, d->ring_key, d->id);
    }
}

/* Under d->lock: the bytes go to the line's holder. A job gets them outside the device's
 * lock (it may have to wait for room), with `delivering` telling EndJob to wait. */
static void hand_on(device *d, const unsigned char *bytes, size_t size)
{
    struct refsp_job *job = d->job;
    if (!job) {
        watch_for_ring(d, bytes, size);
        return;
    }
    d->delivering = TRUE;
    ReleaseSRWLockExclusive(&d->lock);
    job_deliver(job, bytes, size);
    AcquireSRWLockExclusive(&d->lock);
    d->delivering = FALSE;
    WakeAllConditionVariable(&d->changed);
}

/* Under d->lock: (re)opens the line, unlocked while it connects. */
static void open_line(device *d)
{
    unsigned request = d->open_requests;
    if (d->line_is_open || d->line_gone)
        line_close(&d->line);
    d->line_is_open = d->line_gone = FALSE;
    ReleaseSRWLockExclusive(&d->lock);
    line fresh;
    BOOL opened = line_open(&fresh, d->config->line);
    AcquireSRWLockExclusive(&d->lock);
    if (opened)
        d->line = fresh;   /* no I/O has started on it yet: a plain copy is sound */
    d->line_is_open = opened;
    d->opens_done = request;
    d->ring_text_len = 0;
    WakeAllConditionVariable(&d->changed);
}

/* Under d->lock: one read, waited for unlocked; what it brought is handed on. */
static void read_once(device *d, unsigned char *buf)
{
    if (!line_start_read(&d->line, buf, READ_CHUNK)) {
        d->line_gone = TRUE;   /* nothing can be read from it any more */
        if (d->job)
            job_line_gone(d->job);
        return;
    }
    d->reading = TRUE;
    ReleaseSRWLockExclusive(&d->lock);
    DWORD got = 0;
    line_status status = line_finish_read(&d->line, &got);
    AcquireSRWLockExclusive(&d->lock);
    d->reading = FALSE;
    if (got > 0)
        hand_on(d, buf, got);
    if (status == LINE_CLOSED || status == LINE_FAILED) {
        d->line_gone = TRUE;   /* the modem or its TCP peer went away */
        if (d->job)
            job_line_gone(d->job);
    }
    /* LINE_TIMEOUT (a serial read's own timer) and LINE_ABORTED (a request) read on */
}

/* Under d->lock: a line found gone is closed once no job uses it. It is opened again
 * only on request (the next StartJob or EndJob): no timer retries it. */
static void close_gone_line(device *d)
{
    line_close(&d->line);
    d->line_is_open = d->line_gone = FALSE;
}

static DWORD WINAPI read_line(void *arg)
{
    device *d = arg;
    unsigned char buf[READ_CHUNK];
    AcquireSRWLockExclusive(&d->lock);
    while (!d->stopping) {
        if (d->open_requests != d->opens_done)
            open_line(d);
        else if (d->line_gone && !d->job)
            close_gone_line(d);
        else if (!d->line_is_open || d->line_gone)
            SleepConditionVariableSRW(&d->changed, &d->lock, INFINITE, 0);
        else
            read_once(d, buf);
    }
    if (d->line_is_open || d->line_gone)
        line_close(&d->line);
    d->line_is_open = d->line_gone = FALSE;
    ReleaseSRWLockExclusive(&d->lock);
    return 0;
}

void device_init(device *d, DWORD index, DWORD id, const refsp_device_config *config)
{
    ZeroMemory(d, sizeof(*d));
    d->index = index;
    d->id = id;
    d->config = config;
    InitializeSRWLock(&d->lock);
    InitializeConditionVariable(&d->changed);
}

/* Under d->lock: asks the reader to (re)open the line, and gets its read out of the
 * way. Returns the request's number, for waiting on its answer. */
static unsigned request_open(device *d)
{
    d->open_requests++;
    if (d->reading)
        line_cancel_read(&d->line);   /* the reader's own read, not an abort */
    WakeAllConditionVariable(&d->changed);
    return d->open_requests;
}

BOOL device_start(device *d, HANDLE ring_port, ULONG_PTR ring_key)
{
    AcquireSRWLockExclusive(&d->lock);
    d->ring_port = ring_port;
    d->ring_key = ring_key;
    if (!d->reader && !d->stopping) {
        request_open(d);
        d->reader = CreateThread(NULL, 0, read_line, d, 0, NULL);
    }
    BOOL started = d->reader != NULL;
    ReleaseSRWLockExclusive(&d->lock);
    return started;
}

/* Under d->lock: until the reader has answered open request `request`. */
static void wait_for_open(device *d, unsigned request)
{
    while ((int)(request - d->opens_done) > 0 && !d->stopping)
        SleepConditionVariableSRW(&d->changed, &d->lock, INFINITE, 0);
}

BOOL device_claim(device *d, struct refsp_job *job)
{
    AcquireSRWLockExclusive(&d->lock);
    if (d->job) {
        ReleaseSRWLockExclusive(&d->lock);
        SetLastError(ERROR_BUSY);
        return FALSE;
    }
    d->job = job;   /* from now on the modem's bytes go to the job's inbox */
    if (d->reader) {
        /* Opening is StartJob's work: wait for an open under way, and if the line is
         * still not usable (it could not be opened, or went away), have it tried now. */
        wait_for_open(d, d->open_requests);
        if (!d->line_is_open || d->line_gone)
            wait_for_open(d, request_open(d));
    }
    ReleaseSRWLockExclusive(&d->lock);
    return TRUE;
}

line *device_line(device *d)
{
    AcquireSRWLockShared(&d->lock);
    line *usable = d->line_is_open && !d->line_gone ? &d->line : NULL;
    ReleaseSRWLockShared(&d->lock);
    return usable;
}

void device_release(device *d, BOOL reopen)
{
    AcquireSRWLockExclusive(&d->lock);
    while (d->delivering)   /* the reader may be inside the job: let it leave first */
        SleepConditionVariableSRW(&d->changed, &d->lock, INFINITE, 0);
    d->job = NULL;
    d->ring_text_len = 0;
    d->last_ring_ms = 0;   /* a job had the line: the next RING starts a new call */
    /* A broken line, or one that never opened, is opened afresh: rings resume. */
    if (d->reader && !d->stopping && (reopen || !d->line_is_open))
        request_open(d);
    ReleaseSRWLockExclusive(&d->lock);
}

void device_shutdown(device *d)
{
    AcquireSRWLockExclusive(&d->lock);
    d->stopping = TRUE; /* an EndJob racing with Shutdown must not open the line again */
    if (d->reading)
        line_cancel_read(&d->line);
    WakeAllConditionVariable(&d->changed);
    HANDLE reader = d->reader;
    d->reader = NULL;
    ReleaseSRWLockExclusive(&d->lock);
    if (reader) {
        WaitForSingleObject(reader, INFINITE);   /* it closes the line on its way out */
        CloseHandle(reader);
    }
    AcquireSRWLockExclusive(&d->lock);
    d->ring_port = NULL;
    ReleaseSRWLockExclusive(&d->lock);
}
