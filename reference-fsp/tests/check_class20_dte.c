/*
 * check_class20_dte.c - the reference FSP's Class 2.0 DTE (reference-fsp/class20_dte.c)
 * against modem-sim over its TCP line: pages sent and received pixel-exact, every dial
 * and mid-call outcome, an abort at every hold point (docs/control.md) ending with the
 * modem on hook, and modems that stay silent, drop the line or talk nonsense.
 *
 * The dte_io here plays line.c's part in the DLL: socket reads and writes with a
 * timeout, and an abort that cancels the I/O in flight. The abort comes from the test
 * thread through a pipe in the poll set, so an aborted read returns DTE_IO_ABORTED at
 * once; begin_cleanup drains the pipe and lets I/O through again. The DTE runs on its
 * own thread, as it does in the FSP, while the test steers modem-sim. Writes take time,
 * as on a serial line (LINE_NS_PER_BYTE): otherwise the kernel would swallow a whole page
 * before modem-sim could say XOFF, and no abort would ever land inside page data.
 *
 * DTE_TRACE=1 prints every session's AT trace to stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check_harness.h"
#include "class20_dte.h"
#include "fax_page.h"
#include "kit_temp.h"
#include "modem_sim_proc.h"
#include "testpage.h"

#define CONTROL_MS 10000
#define ABORT_LIMIT_S 5.0       /* an aborted session must end within this */
#define LOCAL_ID "REFSP TEST"
#define LINE_NS_PER_BYTE 4000   /* 250 kB/s: a 256-byte write takes about 1 ms */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* --- the line: dte_io over a TCP socket, abortable ------------------------------------- */

typedef struct sim_line {
    int sock;
    int abort_pipe[2];      /* the test writes a byte: I/O returns DTE_IO_ABORTED */
    int cleanup;            /* begin_cleanup was called: aborts no longer cancel */
    unsigned cleanups;
    char trace[32768];      /* "> ATD5551000\n< OK\n..." */
    size_t trace_len;
    char events[256];       /* "dial conn start1 ok1 " */
    const char *cut_prefix; /* a write starting with this is cancelled after cut_at bytes, */
    size_t cut_at;          /* as CancelIoEx can cut a serial write short */
    dte_io io;
} sim_line;

static dte_io_status line_read(void *context, void *buf, size_t size, size_t *got,
                               unsigned timeout_ms)
{
    sim_line *l = context;
    struct pollfd p[2] = {{.fd = l->sock, .events = POLLIN},
                          {.fd = l->abort_pipe[0], .events = POLLIN}};
    *got = 0;
    int n = poll(p, l->cleanup ? 1 : 2, (int)timeout_ms);
    if (!l->cleanup && n > 0 && (p[1].revents & POLLIN))
        return DTE_IO_ABORTED;
    if (n < 0)
        return errno == EINTR ? DTE_IO_TIMEOUT : DTE_IO_LOST;
    if (n == 0)
        return DTE_IO_TIMEOUT;
    ssize_t r = recv(l->sock, buf, size, 0);
    if (r <= 0)
        return r < 0 && errno == EAGAIN ? DTE_IO_TIMEOUT : DTE_IO_LOST;
    *got = (size_t)r;
    return DTE_IO_OK;
}

static dte_io_status line_write(void *context, const void *data, size_t size,
                                size_t *written, unsigned timeout_ms)
{
    sim_line *l = context;
    const unsigned char *bytes = data;
    *written = 0;
    int cut = !l->cleanup && l->cut_prefix && size > l->cut_at &&
              strncmp(data, l->cut_prefix, strlen(l->cut_prefix)) == 0;
    if (cut)
        size = l->cut_at;
    while (size > 0) {
        struct pollfd p[2] = {{.fd = l->sock, .events = POLLOUT},
                              {.fd = l->abort_pipe[0], .events = POLLIN}};
        int n = poll(p, l->cleanup ? 1 : 2, (int)timeout_ms);
        if (!l->cleanup && n > 0 && (p[1].revents & POLLIN))
            return DTE_IO_ABORTED;
        if (n == 0)
            return DTE_IO_TIMEOUT;
        if (n < 0 || (p[0].revents & (POLLERR | POLLHUP)))
            return DTE_IO_LOST;
        ssize_t w = send(l->sock, bytes, size, MSG_NOSIGNAL);
        if (w < 0 && errno != EAGAIN && errno != EINTR)
            return DTE_IO_LOST;
        if (w > 0) {
            bytes += w;
            size -= (size_t)w;
            *written += (size_t)w;
            long long ns = (long long)w * LINE_NS_PER_BYTE;
            struct timespec carried = {(time_t)(ns / 1000000000), (long)(ns % 1000000000)};
            nanosleep(&carried, NULL);
        }
    }
    return cut ? DTE_IO_ABORTED : DTE_IO_OK;
}

static void line_begin_cleanup(void *context)
{
    sim_line *l = context;
    char drained[16];
    while (read(l->abort_pipe[0], drained, sizeof(drained)) > 0)
        ;
    l->cleanup = 1;
    l->cleanups++;
}

static void line_event(void *context, dte_event event, unsigned page)
{
    static const char *const names[] = {"dial", "conn", "start", "ok", "answer", "recv", "got"};
    sim_line *l = context;
    size_t used = strlen(l->events);
    if (page)
        snprintf(l->events + used, sizeof(l->events) - used, "%s%u ", names[event], page);
    else
        snprintf(l->events + used, sizeof(l->events) - used, "%s ", names[event]);
}

static void line_trace(void *context, const char *direction, const char *text)
{
    sim_line *l = context;
    int n = snprintf(l->trace + l->trace_len, sizeof(l->trace) - l->trace_len, "%s %s\n",
                     direction, text);
    if (n > 0 && (size_t)n < sizeof(l->trace) - l->trace_len)
        l->trace_len += (size_t)n;
    if (getenv("DTE_TRACE"))
        fprintf(stderr, "%s %s\n", direction, text);
}

static int connect_port(unsigned port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        if (s >= 0)
            close(s);
        return -1;
    }
    fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
    return s;
}

static void line_open(sim_line *l, unsigned port)
{
    memset(l, 0, sizeof(*l));
    l->sock = connect_port(port);
    ck_assert_msg(l->sock >= 0, "cannot connect to 127.0.0.1:%u", port);
    ck_assert(pipe(l->abort_pipe) == 0);
    fcntl(l->abort_pipe[0], F_SETFL, O_NONBLOCK);
    dte_io io = {l, line_write, line_read, line_begin_cleanup, line_event, line_trace};
    l->io = io;
}

/* Ready for another session on the same connection. */
static void line_rearm(sim_line *l)
{
    l->cleanup = 0;
    l->cleanups = 0;
    l->trace_len = 0;
    l->trace[0] = '\0';
    l->events[0] = '\0';
}

static void line_abort(sim_line *l)
{
    ck_assert(write(l->abort_pipe[1], "!", 1) == 1);
}

static void line_close(sim_line *l)
{
    close(l->sock);
    close(l->abort_pipe[0]);
    close(l->abort_pipe[1]);
}

/* Reads until `text` has come (raw, outside any session). 0, or -1 after timeout_ms. */
static int line_expect(sim_line *l, const char *text, unsigned timeout_ms)
{
    char seen[4096];
    size_t len = 0;
    double deadline = now_s() + timeout_ms / 1000.0;
    while (now_s() < deadline && len < sizeof(seen) - 1) {
        size_t got = 0;
        if (line_read(l, seen + len, sizeof(seen) - 1 - len, &got, 100) == DTE_IO_OK) {
            len += got;
            seen[len] = '\0';
            if (strstr(seen, text))
                return 0;
        }
    }
    return -1;
}

static void line_say(sim_line *l, const char *text)
{
    size_t written;
    ck_assert(line_write(l, text, strlen(text), &written, 1000) == DTE_IO_OK);
}

/* --- documents: pages to send, pages received ------------------------------------------ */

typedef struct document {
    fax_doc doc;
    unsigned fail_at;       /* page_data fails for this page (from 1); 0: never */
    unsigned fetches;
} document;

static void document_make(document *d, uint64_t seed, unsigned pages, uint16_t yres)
{
    memset(d, 0, sizeof(*d));
    ck_assert_msg(testpage_generate(seed, pages, yres, &d->doc) == 0, "cannot generate pages");
}

/* The page as T.4 for the session the DTE negotiated, LSB first (+FBO=0), with RTC. The
 * test documents are made for the session they get: a mismatch is a failure. */
static int page_data(void *context, unsigned index, const dte_params *params,
                     unsigned char **data, size_t *size)
{
    document *d = context;
    char why[256];
    d->fetches++;
    if (index >= d->doc.count || index + 1 == d->fail_at || params->wd != 0 ||
        d->doc.pages[index].yres != (params->vr ? FAX_YRES_FINE : FAX_YRES_NORMAL))
        return -1;
    *data = t4_encode_page(&d->doc.pages[index], params->df ? FAX_CODING_MR : FAX_CODING_MH,
                           FAX_LSB_FIRST, 1, 0, size, why, sizeof(why));
    return *data ? 0 : -1;
}

static void page_free(void *context, unsigned char *data)
{
    (void)context;
    free(data);
}

static dte_send_request send_request(document *d, const char *number, int fine)
{
    dte_send_request r = {number, LOCAL_ID, (unsigned)d->doc.count, fine,
                          DTE_DEFAULT_RTN_RETRIES, page_data, page_free, d};
    return r;
}

typedef struct received {
    fax_doc doc;
    unsigned bad_lines;
    unsigned refuse_at;     /* page_received refuses this page (from 1); 0: never */
    long live_buffers;      /* buffer_realloc: blocks the DTE holds */
    char why[256];
} received;

static int page_received(void *context, unsigned index, const dte_params *params,
                         const unsigned char *data, size_t size)
{
    received *r = context;
    fax_page page;
    unsigned bad = 0, run = 0;
    if (index + 1 == r->refuse_at)
        return -1;
    if (index != r->doc.count) {
        snprintf(r->why, sizeof(r->why), "page index %u after %zu pages", index, r->doc.count);
        return -1;
    }
    if (t4_decode_page(data, size, params->df ? FAX_CODING_MR : FAX_CODING_MH, FAX_LSB_FIRST,
                       FAX_A4_WIDTH, params->vr ? FAX_YRES_FINE : FAX_YRES_NORMAL, &page,
                       &bad, &run, r->why, sizeof(r->why)) != 0)
        return -1;
    r->bad_lines += bad;
    return fax_doc_append(&r->doc, &page);
}

static void *buffer_realloc(void *context, void *block, size_t size)
{
    received *r = context;
    if (size == 0) {
        r->live_buffers -= block != NULL;
        free(block);
        return NULL;
    }
    void *grown = realloc(block, size);
    r->live_buffers += block == NULL && grown != NULL;
    return grown;
}

static dte_receive_request receive_request(received *r)
{
    memset(r, 0, sizeof(*r));
    dte_receive_request rq = {LOCAL_ID, page_received, buffer_realloc, r};
    return rq;
}

/* --- a DTE session on its own thread ---------------------------------------------------- */

typedef enum job_kind { JOB_SEND, JOB_RECEIVE, JOB_RESET } job_kind;

typedef struct dte_job {
    job_kind kind;
    sim_line *line;
    dte_send_request send;
    dte_receive_request receive;
    dte_result result;
    dte_io_status reset_status;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t finished;
    int done;
    double started, ended;
} dte_job;

static void *job_main(void *arg)
{
    dte_job *job = arg;
    if (job->kind == JOB_SEND)
        dte_send(&job->line->io, &job->send, &job->result);
    else if (job->kind == JOB_RECEIVE)
        dte_receive(&job->line->io, &job->receive, &job->result);
    else
        job->reset_status = dte_reset(&job->line->io);
    if (getenv("DTE_TRACE") && job->kind != JOB_RESET)
        fprintf(stderr, "= %s, %u page(s), +FHS:%02X, last confirmed %d: %s\n",
                dte_outcome_name(job->result.outcome), job->result.pages,
                job->result.hangup_code, job->result.last_page_confirmed, job->result.detail);
    pthread_mutex_lock(&job->lock);
    job->ended = now_s();
    job->done = 1;
    pthread_cond_signal(&job->finished);
    pthread_mutex_unlock(&job->lock);
    return NULL;
}

static void job_start(dte_job *job, job_kind kind, sim_line *line)
{
    pthread_condattr_t attr;
    job->kind = kind;
    job->line = line;
    job->done = 0;
    pthread_mutex_init(&job->lock, NULL);
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&job->finished, &attr);
    pthread_condattr_destroy(&attr);
    job->started = now_s();
    ck_assert(pthread_create(&job->thread, NULL, job_main, job) == 0);
}

/* Waits for the session to end; fails the test (with the trace) if it takes longer. */
static void job_finish(dte_job *job, double limit_s, const char *what)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += (time_t)limit_s + 1;
    pthread_mutex_lock(&job->lock);
    while (!job->done && pthread_cond_timedwait(&job->finished, &job->lock, &deadline) == 0)
        ;
    int done = job->done;
    pthread_mutex_unlock(&job->lock);
    if (!done)
        fprintf(stderr, "%s: trace so far:\n%s", what, job->line->trace);
    ck_assert_msg(done, "%s: the DTE did not return within %.0f s", what, limit_s + 1);
    pthread_join(job->thread, NULL);
    pthread_cond_destroy(&job->finished);
    pthread_mutex_destroy(&job->lock);
}

/* One check on a session's result, saying what was expected, what came, and the scenario;
 * the AT trace goes to stderr. */
static void expect_result(const dte_job *job, dte_outcome outcome, unsigned pages,
                          const char *scenario)
{
    const dte_result *r = &job->result;
    if (r->outcome != outcome || r->pages != pages)
        fprintf(stderr, "--- %s: AT trace ---\n%s", scenario, job->line->trace);
    ck_assert_msg(r->outcome == outcome && r->pages == pages,
                  "%s: expected %s with %u page(s), got %s with %u (detail: %s)", scenario,
                  dte_outcome_name(outcome), pages, dte_outcome_name(r->outcome), r->pages,
                  r->detail);
}

/* --- modem-sim ----------------------------------------------------------------------------- */

static const char dial_plan[] =
    "# numbers the tests dial\n"
    "5551001 busy\n"
    "5551002 no-answer\n"
    "5551003 no-dialtone\n"
    "5551004 voice\n"
    "5551005 disconnect-page 2\n"
    "5551006 reject-page 1\n"
    "5551007 no-carrier\n"
    "*       fax id=\"DTE TEST REMOTE\"\n";

typedef struct rig {
    modem_sim_proc sim;
    sim_line line;
    char plan_dir[64];
    char plan[96];
} rig;

/* modem-sim with a TCP line and the dial plan above; the line connected. min_page_ms 0
 * speeds up tests that are not about pages; -1 keeps modem-sim's default (1 s). */
static void rig_start(rig *r, int min_page_ms)
{
    char why[512], ms[16];
    ck_assert(kit_temp_dir("dte", r->plan_dir, sizeof(r->plan_dir)) == 0);
    snprintf(r->plan, sizeof(r->plan), "%s/plan", r->plan_dir);
    FILE *f = fopen(r->plan, "w");
    ck_assert(f && fputs(dial_plan, f) >= 0 && fclose(f) == 0);
    snprintf(ms, sizeof(ms), "%d", min_page_ms);
    const char *extra[] = {"--tcp", "0", "--dialplan", r->plan,
                           min_page_ms < 0 ? NULL : "--min-page-ms", ms, NULL};
    ck_assert_msg(modem_sim_start(&r->sim, extra, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(r->sim.tcp_port > 0, "modem-sim has no TCP line");
    line_open(&r->line, r->sim.tcp_port);
}

static void control(rig *r, const char *command, const char *want_prefix)
{
    char reply[512];
    ck_assert_msg(modem_sim_command(&r->sim, command, reply, sizeof(reply), CONTROL_MS) == 0,
                  "%s: %s", command, reply);
    ck_assert_msg(strncmp(reply, want_prefix, strlen(want_prefix)) == 0,
                  "control '%s': expected a reply starting '%s', got '%s'", command,
                  want_prefix, reply);
}

/* The modem is idle (on hook) with this last +FHS code, and answers AT with OK. */
static void expect_idle(rig *r, const char *hangup, const char *scenario)
{
    char reply[512], want[32];
    snprintf(want, sizeof(want), "IDLE hangup=%s", hangup);
    ck_assert_msg(modem_sim_command(&r->sim, "wait-idle 5000", reply, sizeof(reply),
                                    CONTROL_MS) == 0 && strcmp(reply, want) == 0,
                  "%s: expected '%s' from wait-idle, got '%s'", scenario, want, reply);
    line_rearm(&r->line);
    r->line.cleanup = 1; /* a raw exchange: no abort pending */
    line_say(&r->line, "AT\r");
    ck_assert_msg(line_expect(&r->line, "OK\r\n", 3000) == 0,
                  "%s: the modem does not answer AT with OK after the session", scenario);
    line_rearm(&r->line);
}

static void rig_stop(rig *r)
{
    line_close(&r->line);
    ck_assert_int_eq(modem_sim_stop(&r->sim), 0);
    unlink(r->plan);
    rmdir(r->plan_dir);
}

static void read_text(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s: missing", path);
    buf[fread(buf, 1, size - 1, f)] = '\0';
    fclose(f);
}

/* Call `call`'s sidecar in the inbox holds every one of `parts`. */
static void expect_sidecar(rig *r, unsigned call, const char *const parts[])
{
    char path[256], json[2048];
    snprintf(path, sizeof(path), "%s/call-%04u.json", r->sim.inbox, call);
    read_text(path, json, sizeof(json));
    for (size_t i = 0; parts[i]; i++)
        ck_assert_msg(strstr(json, parts[i]) != NULL, "%s: expected %s in %s", path, parts[i],
                      json);
}

/* The pages the remote stored for `call` are exactly `want`'s. */
static void expect_inbox_pages(rig *r, unsigned call, const fax_doc *want)
{
    char path[256], why[512];
    fax_doc got = {0};
    snprintf(path, sizeof(path), "%s/call-%04u.tif", r->sim.inbox, call);
    ck_assert_msg(fax_doc_read_tiff(path, &got, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(fax_doc_compare(want, &got, why, sizeof(why)) == 0,
                  "%s differs from the pages sent: %s", path, why);
    fax_doc_free(&got);
}

static unsigned count(const char *text, const char *what)
{
    unsigned n = 0;
    for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

/* --- sending ------------------------------------------------------------------------------- */

static void send_and_check(unsigned pages, uint16_t yres, const char *resolution)
{
    rig r;
    document d;
    dte_job job = {0};
    rig_start(&r, -1);
    document_make(&d, 101 + pages, pages, yres);
    job.send = send_request(&d, "5551000", yres == FAX_YRES_FINE);
    job_start(&job, JOB_SEND, &r.line);
    job_finish(&job, 60, "send");
    expect_result(&job, DTE_COMPLETED, pages, "send to a fax machine");
    ck_assert_msg(job.result.last_page_confirmed && job.result.hangup_code == 0 &&
                  strcmp(job.result.remote_id, "DTE TEST REMOTE") == 0,
                  "expected the last page confirmed, +FHS:00 and remote 'DTE TEST REMOTE'; "
                  "got %d, %02X, '%s'", job.result.last_page_confirmed, job.result.hangup_code,
                  job.result.remote_id);
    char want_events[128] = "dial conn ";
    for (unsigned p = 1; p <= pages; p++) {
        size_t used = strlen(want_events);
        snprintf(want_events + used, sizeof(want_events) - used, "start%u ok%u ", p, p);
    }
    ck_assert_msg(strcmp(r.line.events, want_events) == 0, "expected events '%s', got '%s'",
                  want_events, r.line.events);
    ck_assert_msg(r.line.cleanups == 0, "begin_cleanup called without an abort");
    expect_idle(&r, "00", "send");
    char res[48];
    snprintf(res, sizeof(res), "\"resolution\":\"%s\"", resolution);
    const char *const parts[] = {"\"result\":\"completed\"", "\"coding\":\"MR\"", res,
                                 "\"local_id\":\"" LOCAL_ID "\"", NULL};
    expect_sidecar(&r, 1, parts);
    expect_inbox_pages(&r, 1, &d.doc);
    fax_doc_free(&d.doc);
    rig_stop(&r);
}

START_TEST(send_one_normal_page_arrives_pixel_exact)
{
    send_and_check(1, FAX_YRES_NORMAL, "normal");
}
END_TEST

START_TEST(send_three_fine_pages_arrive_pixel_exact)
{
    send_and_check(3, FAX_YRES_FINE, "fine");
}
END_TEST

/* --- receiving ----------------------------------------------------------------------------- */

/* modem-sim rings with `pages` fine pages; returns the source document. */
static void ring_with(rig *r, unsigned pages, fax_doc *doc)
{
    char path[256], why[256];
    memset(doc, 0, sizeof(*doc));
    ck_assert(testpage_generate(303, pages, FAX_YRES_FINE, doc) == 0);
    snprintf(path, sizeof(path), "%s/incoming.tif", r->sim.docs);
    ck_assert_msg(fax_doc_write_tiff(path, doc, FAX_CODING_MH, FAX_LSB_FIRST, 0, why,
                                     sizeof(why)) == 0, "%s", why);
    /* The FSP's listener resets the modem before it waits for RING; modem-sim also
     * learns from it that its DTE is on the TCP line (it answers the line spoken last). */
    dte_io_status reset = dte_reset(&r->line.io);
    ck_assert_msg(reset == DTE_IO_OK, "dte_reset before the ring: %d\n%s", reset,
                  r->line.trace);
    control(r, "ring incoming.tif from \"RING TEST\"", "OK ringing");
    r->line.cleanup = 1; /* the listener's raw wait for RING */
    ck_assert_msg(line_expect(&r->line, "RING", 5000) == 0, "no RING from modem-sim");
    line_rearm(&r->line);
}

START_TEST(receive_three_pages_pixel_exact)
{
    rig r;
    fax_doc sent;
    received got;
    dte_job job = {0};
    rig_start(&r, 0);
    ring_with(&r, 3, &sent);
    job.receive = receive_request(&got);
    job_start(&job, JOB_RECEIVE, &r.line);
    job_finish(&job, 60, "receive");
    expect_result(&job, DTE_COMPLETED, 3, "receive 3 pages");
    ck_assert_msg(job.result.last_page_confirmed && strcmp(job.result.remote_id, "RING TEST") == 0,
                  "expected EOP on the last page and caller 'RING TEST', got %d '%s'",
                  job.result.last_page_confirmed, job.result.remote_id);
    ck_assert_msg(strcmp(r.line.events, "answer recv got1 got2 got3 ") == 0,
                  "unexpected events '%s'", r.line.events);
    char why[256];
    ck_assert_msg(got.bad_lines == 0, "%u bad lines in the received pages", got.bad_lines);
    ck_assert_msg(fax_doc_compare(&sent, &got.doc, why, sizeof(why)) == 0,
                  "received pages differ: %s", why);
    ck_assert_msg(got.live_buffers == 0, "the DTE kept %ld page buffer(s)", got.live_buffers);
    expect_idle(&r, "00", "receive");
    fax_doc_free(&sent);
    fax_doc_free(&got.doc);
    rig_stop(&r);
}
END_TEST

START_TEST(receive_refused_page_ends_the_call)
{
    rig r;
    fax_doc sent;
    received got;
    dte_job job = {0};
    rig_start(&r, 0);
    ring_with(&r, 3, &sent);
    job.receive = receive_request(&got);
    got.refuse_at = 2;
    job_start(&job, JOB_RECEIVE, &r.line);
    job_finish(&job, 60, "receive, page 2 refused");
    expect_result(&job, DTE_DOCUMENT_ERROR, 1, "receive, page 2 refused");
    ck_assert_msg(got.live_buffers == 0, "the DTE kept %ld page buffer(s)", got.live_buffers);
    expect_idle(&r, "02", "receive, page 2 refused");
    fax_doc_free(&sent);
    fax_doc_free(&got.doc);
    rig_stop(&r);
}
END_TEST

/* --- outcomes -------------------------------------------------------------------------- */

typedef struct dial_case {
    const char *number;
    dte_outcome outcome;
    unsigned hangup_code;
    const char *words;      /* the modem's own words, in the detail */
} dial_case;

static const dial_case dial_cases[] = {
    {"5551001", DTE_BUSY, 0x00, "BUSY"},
    {"5551002", DTE_NO_ANSWER, 0x00, "NO ANSWER"},
    {"5551003", DTE_NO_DIALTONE, 0x00, "NO DIALTONE"},
    {"5551004", DTE_VOICE, 0x05, "+FHS:05"},
    {"5551007", DTE_NO_CARRIER, 0x00, "NO CARRIER"},
};

START_TEST(dial_results_map_to_outcomes)
{
    const dial_case *c = &dial_cases[_i];
    rig r;
    document d;
    dte_job job = {0};
    char scenario[64], hangup[8];
    snprintf(scenario, sizeof(scenario), "dial %s", c->number);
    rig_start(&r, 0);
    document_make(&d, 7, 1, FAX_YRES_NORMAL);
    job.send = send_request(&d, c->number, 0);
    job_start(&job, JOB_SEND, &r.line);
    job_finish(&job, 30, scenario);
    expect_result(&job, c->outcome, 0, scenario);
    ck_assert_msg(job.result.hangup_code == c->hangup_code && strstr(job.result.detail, c->words),
                  "%s: expected +FHS %02X and '%s' in the detail, got %02X '%s'", scenario,
                  c->hangup_code, c->words, job.result.hangup_code, job.result.detail);
    ck_assert_msg(d.fetches == 0, "%s: page data fetched %u times for a call that never came up",
                  scenario, d.fetches);
    snprintf(hangup, sizeof(hangup), "%02X", c->hangup_code);
    expect_idle(&r, hangup, scenario);
    fax_doc_free(&d.doc);
    rig_stop(&r);
}
END_TEST

START_TEST(remote_hanging_up_mid_call_is_disconnected)
{
    rig r;
    document d;
    dte_job job = {0};
    rig_start(&r, 0);
    document_make(&d, 8, 1, FAX_YRES_NORMAL);
    control(&r, "hold phase-b", "OK armed");
    job.send = send_request(&d, "5551000", 0);
    job_start(&job, JOB_SEND, &r.line);
    control(&r, "wait-held", "HELD phase-b");
    control(&r, "fail disconnect", "OK armed fail");
    control(&r, "release", "OK released");
    job_finish(&job, 30, "fail disconnect");
    expect_result(&job, DTE_DISCONNECTED, 0, "fail disconnect during page 1 (EOP)");
    ck_assert_msg(job.result.hangup_code == 0x54, "expected +FHS:54, got %02X (%s)",
                  job.result.hangup_code, job.result.detail);
    expect_idle(&r, "54", "fail disconnect");
    fax_doc_free(&d.doc);
    rig_stop(&r);
}
END_TEST

START_TEST(dial_plan_disconnect_keeps_the_confirmed_page)
{
    rig r;
    document d;
    dte_job job = {0};
    rig_start(&r, 0);
    document_make(&d, 9, 2, FAX_YRES_NORMAL);
    job.send = send_request(&d, "5551005", 0);
    job_start(&job, JOB_SEND, &r.line);
    job_finish(&job, 30, "disconnect-page 2");
    expect_result(&job, DTE_DISCONNECTED, 1, "disconnect-page 2");
    ck_assert_msg(job.result.hangup_code == 0x54 && !job.result.last_page_confirmed,
                  "expected +FHS:54 and the last page unconfirmed, got %02X %d",
                  job.result.hangup_code, job.result.last_page_confirmed);
    expect_idle(&r, "54", "disconnect-page 2");
    const char *const parts[] = {"\"pages\":1", "\"result\":\"disconnected\"", NULL};
    expect_sidecar(&r, 1, parts);
    fax_doc_free(&d.doc);
    rig_stop(&r);
}
END_TEST

START_TEST(rtn_once_then_the_page_is_sent_again)
{
    rig r;
    document d;
    dte_job job = {0};
    rig_start(&r, 0);
    document_make(&d, 10, 1, FAX_YRES_NORMAL);
    control(&r, "fail rtn", "OK armed fail");
    job.send = send_request(&d, "5551000", 0);
    job_start(&job, JOB_SEND, &r.line);
    job_finish(&job, 30, "fail rtn");
    expect_result(&job, DTE_COMPLETED, 1, "fail rtn once");
    ck_assert_msg(count(r.line.trace, "> AT+FDT\n") == 2 &&
                  strcmp(r.line.events, "dial conn start1 start1 ok1 ") == 0,
                  "expected page 1 twice (2 AT+FDT), got %u AT+FDT and events '%s'",
                  count(r.line.trace, "> AT+FDT\n"), r.line.events);
    expect_idle(&r, "00", "fail rtn");
    expect_inbox_pages(&r, 1, &d.doc);
    fax_doc_free(&d.doc);
    rig_stop(&r);
}
END_TEST

START_TEST(rtn_on_every_attempt_is_page_rejected)
{
    rig r;
    document d;
    dte_job job = {0};
    rig_start(&r, 0);
    document_make(&d, 11, 1, FAX_YRES_NORMAL);
    job.send = send_request(&d, "5551006", 0);
    job_start(&job, JOB_SEND, &r.line);
    job_finish(&job, 30, "reject-page 1");
    expect_result(&job, DTE_PAGE_REJECTED, 0, "reject-page 1");
    ck_assert_msg(count(r.line.trace, "> AT+FDT\n") == 1 + DTE_DEFAULT_RTN_RETRIES,
                  "expected %d attempts, got %u", 1 + DTE_DEFAULT_RTN_RETRIES,
                  count(r.line.trace, "> AT+FDT\n"));
    expect_idle(&r, "02", "reject-page 1"); /* the DTE ended the call with AT+FKS */
    fax_doc_free(&d.doc);
    rig_stop(&r);
}
END_TEST

START_TEST(document_error_ends_the_call)
{
    rig r;
    document d;
    dte_job job = {0};
    rig_start(&r, 0);
    document_make(&d, 12, 2, FAX_YRES_NORMAL);
    d.fail_at = 2;
    job.send = send_request(&d, "5551000", 0);
    job_start(&job, JOB_SEND, &r.line);
    job_finish(&job, 30, "page_data fails on page 2");
    expect_result(&job, DTE_DOCUMENT_ERROR, 1, "page_data fails on page 2");
    expect_idle(&r, "02", "page_data fails on page 2");
    const char *const parts[] = {"\"pages\":1", "\"result\":\"aborted\"", NULL};
    expect_sidecar(&r, 1, parts);
    fax_doc_free(&d.doc);
    rig_stop(&r);
}
END_TEST

/* --- aborts at every hold point ----------------------------------------------------------- */

typedef struct abort_case {
    const char *hold;
    int receive;            /* a receive hold point */
    unsigned doc_pages;
    unsigned want_pages;    /* pages confirmed / received before the abort */
    const char *hangup;     /* wait-idle's code afterwards */
    const char *ending;     /* in the trace: how the DTE ended it (docs/class20-notes.md 4, 7) */
    const char *then;       /* ... and later in the trace, if not NULL */
} abort_case;

static const abort_case abort_cases[] = {
    {"after-dial", 0, 1, 0, "02", "> ATD5551000\n> <CAN>\n< NO CARRIER\n> ATH0\n", NULL},
    /* +FCO is out when the hold fires; the abort may reach the DTE before or after it */
    {"after-connect", 0, 1, 0, "02", "> <CAN>\n", "< +FHS:02\n< OK\n> ATH0\n"},
    {"phase-b", 0, 1, 0, "02", "> AT+FDT\n> <CAN>\n< +FHS:02\n", NULL},
    {"mid-page 1 2048", 0, 1, 0, "02",
     "< CONNECT\n> <DLE><ETX><DLE><ETX>\n< OK\n> AT+FKS\n< +FHS:02\n", NULL},
    {"post-page-ppr 1", 0, 1, 0, "02", " <DLE>.\n> <CAN>\n< +FHS:02\n", NULL},
    {"between-pages 1", 0, 2, 1, "02", " <DLE>,\n< OK\n> AT+FDT\n> <CAN>\n< +FHS:02\n", NULL},
    {"before-hangup", 0, 1, 1, "00", " <DLE>.\n> <CAN>\n< +FHS:00\n< OK\n> ATH0\n", NULL},
    {"answering", 1, 3, 0, "02", "> ATA\n> <CAN>\n< NO CARRIER\n> ATH0\n", NULL},
    {"rx-mid-page 1 1024", 1, 3, 0, "02", "> <DC2>\n> <CAN>\n< +FHS:02\n", NULL},
    {"rx-post-page 1", 1, 3, 1, "02", "< +FET:0\n< OK\n> AT+FDR\n> <CAN>\n< +FHS:02\n", NULL},
};

START_TEST(abort_at_hold_point_ends_on_hook)
{
    const abort_case *c = &abort_cases[_i];
    rig r;
    document d = {0};
    fax_doc sent = {0};
    received got;
    dte_job job = {0};
    char arm[64], held[64], scenario[80];
    int before_hangup = strcmp(c->hold, "before-hangup") == 0;
    snprintf(scenario, sizeof(scenario), "abort at %s", c->hold);
    snprintf(arm, sizeof(arm), "hold %s", c->hold);
    snprintf(held, sizeof(held), "HELD %s", c->hold);
    rig_start(&r, 0);
    control(&r, arm, "OK armed");
    if (c->receive) {
        ring_with(&r, c->doc_pages, &sent);
        job.receive = receive_request(&got);
        job_start(&job, JOB_RECEIVE, &r.line);
    } else {
        document_make(&d, 13, c->doc_pages, FAX_YRES_NORMAL);
        job.send = send_request(&d, "5551000", 0);
        job_start(&job, JOB_SEND, &r.line);
    }
    control(&r, "wait-held", held);
    double aborted_at = now_s();
    line_abort(&r.line);
    if (before_hangup)
        control(&r, "release", "OK released"); /* DCN goes on: +FHS:00 OK */
    job_finish(&job, ABORT_LIMIT_S, scenario);
    double took = job.ended - aborted_at;
    if (getenv("DTE_TRACE"))
        fprintf(stderr, "= %s: the DTE returned %.0f ms after the abort\n", scenario,
                took * 1000);
    ck_assert_msg(took < ABORT_LIMIT_S, "%s: the DTE took %.1f s after the abort", scenario, took);
    if (before_hangup) {
        /* Nothing left to abort: the remote had confirmed the last page. */
        ck_assert_msg((job.result.outcome == DTE_ABORTED ||
                       job.result.outcome == DTE_COMPLETED) &&
                      job.result.last_page_confirmed && job.result.pages == 1,
                      "%s: expected aborted or completed with the last page confirmed, got %s,"
                      " %u page(s), last confirmed %d (%s)", scenario,
                      dte_outcome_name(job.result.outcome), job.result.pages,
                      job.result.last_page_confirmed, job.result.detail);
    } else {
        expect_result(&job, DTE_ABORTED, c->want_pages, scenario);
        ck_assert_msg(!job.result.last_page_confirmed, "%s: last page reported confirmed",
                      scenario);
    }
    ck_assert_msg(r.line.cleanups == 1, "%s: begin_cleanup called %u times, expected once",
                  scenario, r.line.cleanups);
    const char *ended = strstr(r.line.trace, c->ending);
    if (ended && c->then)
        ended = strstr(ended, c->then);
    if (!ended)
        fprintf(stderr, "--- %s: AT trace ---\n%s", scenario, r.line.trace);
    ck_assert_msg(ended != NULL, "%s: expected the DTE to end the session with\n%s%sbut it "
                  "did not (trace on stderr)", scenario, c->ending, c->then ? c->then : "");
    if (c->receive)
        ck_assert_msg(got.live_buffers == 0, "%s: the DTE kept a page buffer", scenario);
    expect_idle(&r, c->hangup, scenario);
    if (!c->receive) {
        char pages[16];
        snprintf(pages, sizeof(pages), "\"pages\":%u", c->want_pages);
        const char *const parts[] = {pages, before_hangup ? "\"result\":\"completed\""
                                                          : "\"result\":\"aborted\"", NULL};
        expect_sidecar(&r, 1, parts);
    }
    fax_doc_free(&d.doc);
    fax_doc_free(&sent);
    if (c->receive)
        fax_doc_free(&got.doc);
    rig_stop(&r);
}
END_TEST

START_TEST(abort_inside_a_command_write_erases_the_half_sent_line)
{
    rig r;
    document d;
    dte_job job = {0};
    char path[256];
    rig_start(&r, 0);
    r.line.cut_prefix = "ATD";
    r.line.cut_at = 6; /* "ATD555" reaches the modem, then the abort */
    document_make(&d, 17, 1, FAX_YRES_NORMAL);
    job.send = send_request(&d, "5551000", 0);
    job_start(&job, JOB_SEND, &r.line);
    job_finish(&job, ABORT_LIMIT_S, "abort inside ATD's write");
    expect_result(&job, DTE_ABORTED, 0, "abort inside ATD's write");
    /* Erased, the modem's command line is clean, and the modem never ran the command:
     * no answer is due, so nothing is waited for ("ATD555<CAN>AT+FKS" would be an
     * ERROR, and a real modem might even dial it, skipping what is not a digit). */
    ck_assert_msg(job.ended - job.started < ABORT_LIMIT_S &&
                  strstr(r.line.trace, "> <BS> x 6\n") && !strstr(job.result.detail, "nothing"),
                  "expected the half-sent 'ATD555' erased with exactly 6 backspaces and no "
                  "ending step left unanswered, within %.0f s; took %.1f s, detail: %s, "
                  "trace:\n%s", ABORT_LIMIT_S, job.ended - job.started, job.result.detail,
                  r.line.trace);
    expect_idle(&r, "00", "abort inside ATD's write");
    snprintf(path, sizeof(path), "%s/call-0001.json", r.sim.inbox);
    ck_assert_msg(access(path, F_OK) != 0, "the modem placed a call after all: %s exists", path);
    fax_doc_free(&d.doc);
    rig_stop(&r);
}
END_TEST

/* An abort that refuses an action command's write before its first byte (the
 * reference FSP's after-packet 1 abort on a receive, caught just before ATA): the modem
 * never got the command, so ending the session must not wait for its answer. Before
 * the fix the DTE took itself for in the middle of ATA, sent <CAN> to a modem in command
 * mode, and waited out the 3 s clean-up timeout for an answer that never came. */
START_TEST(abort_before_an_action_command_waits_for_nothing)
{
    static const char *const actions[] = {"ATD", "AT+FDT"};
    const char *prefix = actions[_i];
    rig r;
    document d;
    dte_job job = {0};
    char scenario[64];
    snprintf(scenario, sizeof(scenario), "abort before %s is written", prefix);
    rig_start(&r, 0);
    r.line.cut_prefix = prefix;
    r.line.cut_at = 0; /* refused whole: as job_write refuses an aborted job's write */
    document_make(&d, 19, 1, FAX_YRES_NORMAL);
    job.send = send_request(&d, "5551000", 0);
    job_start(&job, JOB_SEND, &r.line);
    job_finish(&job, ABORT_LIMIT_S, scenario);
    expect_result(&job, DTE_ABORTED, 0, scenario);
    /* Structural, not a stopwatch: no ending step went unanswered ("-> nothing" is what
     * a step that waited out its timeout leaves in the detail). */
    ck_assert_msg(!strstr(job.result.detail, "-> nothing") && !strstr(r.line.trace, "<BS>"),
                  "%s: expected every ending step answered and nothing to erase; detail: "
                  "%s; trace:\n%s", scenario, job.result.detail, r.line.trace);
    expect_idle(&r, _i == 0 ? "00" : "02", scenario);
    fax_doc_free(&d.doc);
    rig_stop(&r);
}
END_TEST

/* --- dte_reset --------------------------------------------------------------------------- */

START_TEST(reset_ends_a_call_left_in_page_data)
{
    rig r;
    dte_job job = {0};
    rig_start(&r, 0);
    r.line.cleanup = 1; /* a raw exchange first: an FSP that died mid-page */
    line_say(&r.line, "ATE0+FCLASS=2.0\r");
    ck_assert(line_expect(&r.line, "OK\r\n", 3000) == 0);
    line_say(&r.line, "ATD5551000\r");
    ck_assert(line_expect(&r.line, "OK\r\n", 3000) == 0);
    line_say(&r.line, "AT+FDT\r");
    ck_assert(line_expect(&r.line, "CONNECT\r\n", 3000) == 0);
    line_say(&r.line, "\x00\x80\x01 some page bytes");
    line_rearm(&r.line);
    job_start(&job, JOB_RESET, &r.line);
    job_finish(&job, 15, "reset mid-page");
    ck_assert_msg(job.reset_status == DTE_IO_OK, "dte_reset returned %d; trace:\n%s",
                  job.reset_status, r.line.trace);
    expect_idle(&r, "02", "reset mid-page");
    rig_stop(&r);
}
END_TEST

START_TEST(reset_of_an_idle_modem_is_quick)
{
    rig r;
    dte_job job = {0};
    rig_start(&r, 0);
    job_start(&job, JOB_RESET, &r.line);
    job_finish(&job, 10, "reset when idle");
    ck_assert_msg(job.reset_status == DTE_IO_OK && job.ended - job.started < 3.0,
                  "expected DTE_IO_OK within 3 s, got %d after %.1f s", job.reset_status,
                  job.ended - job.started);
    rig_stop(&r);
}
END_TEST

/* --- modems that misbehave: a scripted fake on a socket of our own -------------------- */

typedef enum fake_kind { FAKE_SILENT, FAKE_HANGS_UP, FAKE_NOISY } fake_kind;

typedef struct fake_modem {
    fake_kind kind;
    int listener;
    unsigned port;
    pthread_t thread;
    unsigned char *page;    /* noisy: the page it was sent, DLE unstuffed */
    size_t page_len;
    size_t bytes_during_xoff;
    char commands[2048];    /* every command line it got */
} fake_modem;

/* Writes one byte at a time, so the DTE gets lines split over many reads. */
static void fake_say(int fd, const char *text)
{
    for (; *text; text++) {
        if (send(fd, text, 1, MSG_NOSIGNAL) != 1)
            return;
        pause_ms(*text == '\n' ? 2 : 0);
    }
}

static int fake_byte(int fd, unsigned char *c, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, timeout_ms) <= 0)
        return -1;
    return recv(fd, c, 1, 0) == 1 ? 0 : -1;
}

/* One byte of DLE-stuffed page data into f->page; 1 at DLE '.'. */
static int fake_page_byte(fake_modem *f, unsigned char c, int *dle)
{
    if (*dle) {
        *dle = 0;
        if (c == '.')
            return 1;
        if (c == 0x10)
            f->page[f->page_len++] = c;
        return 0;
    }
    if (c == 0x10)
        *dle = 1;
    else
        f->page[f->page_len++] = c;
    return 0;
}

/* Takes a page to DLE '.': after 1000 bytes, XOFF; what was in flight may still come
 * within 200 ms, then nothing may come for 300 ms; then XON. */
static void fake_take_page(fake_modem *f, int fd)
{
    unsigned char c;
    int dle = 0;
    size_t raw = 0;
    while (fake_byte(fd, &c, 5000) == 0) {
        if (fake_page_byte(f, c, &dle))
            return;
        if (++raw != 1000)
            continue;
        fake_say(fd, "\x13");
        pause_ms(200);
        while (fake_byte(fd, &c, 0) == 0)
            if (fake_page_byte(f, c, &dle))
                return;
        pause_ms(300);
        while (fake_byte(fd, &c, 0) == 0) {
            f->bytes_during_xoff++;
            if (fake_page_byte(f, c, &dle))
                return;
        }
        fake_say(fd, "\x11");
    }
}

/* A modem that answers everything right, but with RING, noise, flow control bytes and
 * 8-bit garbage between its lines, and every line split over many reads. */
static void fake_noisy(fake_modem *f, int fd)
{
    char line[256];
    size_t len = 0;
    unsigned char c;
    while (fake_byte(fd, &c, 10000) == 0) {
        if (c != '\r') {
            if (c != '\n' && len < sizeof(line) - 1)
                line[len++] = (char)c;
            continue;
        }
        line[len] = '\0';
        len = 0;
        strncat(f->commands, line, sizeof(f->commands) - strlen(f->commands) - 2);
        strcat(f->commands, "\n");
        if (strncmp(line, "ATD", 3) == 0) {
            fake_say(fd, "\r\nRING\r\n\r\n+FCO\r\n\x13\x11\xfe\xff garbage\r\n"
                         "\r\n+FCI:\"  NOISY  \"\r\n\r\n+FNF:00 01 02\r\n"
                         "\r\n+FIS:1,3,0,2,1,0,0,0\r\n\r\nOKAY?\r\n\r\nOK\r\n");
        } else if (strcmp(line, "AT+FDT") == 0) {
            fake_say(fd, "\r\n+FCS:1,3,0,2,1,0,0,0\r\n\r\nCONNECT\r\n");
            fake_take_page(f, fd);
            fake_say(fd, "\r\nRING\r\n\r\n+FHS:00\r\n\r\nOK\r\n");
        } else {
            fake_say(fd, "\r\nRING\r\n\r\nOK\r\n");
        }
    }
}

static void *fake_main(void *arg)
{
    fake_modem *f = arg;
    int fd = accept(f->listener, NULL, NULL);
    if (fd < 0)
        return NULL;
    if (f->kind == FAKE_NOISY) {
        fake_noisy(f, fd);
    } else if (f->kind == FAKE_SILENT) {
        unsigned char c;
        while (fake_byte(fd, &c, 30000) == 0)
            ; /* reads everything, says nothing, until the DTE goes */
    }
    close(fd);
    return NULL;
}

static void fake_start(fake_modem *f, fake_kind kind)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    socklen_t len = sizeof(addr);
    memset(f, 0, sizeof(*f));
    f->kind = kind;
    f->page = malloc(4u << 20);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    f->listener = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert(f->page && f->listener >= 0 &&
              bind(f->listener, (struct sockaddr *)&addr, sizeof(addr)) == 0 &&
              listen(f->listener, 1) == 0 &&
              getsockname(f->listener, (struct sockaddr *)&addr, &len) == 0);
    f->port = ntohs(addr.sin_port);
    ck_assert(pthread_create(&f->thread, NULL, fake_main, f) == 0);
}

static void fake_stop(fake_modem *f, sim_line *line)
{
    line_close(line);
    pthread_join(f->thread, NULL);
    close(f->listener);
    free(f->page);
}

START_TEST(silent_modem_is_a_modem_error_not_a_hang)
{
    fake_modem f;
    sim_line line;
    dte_job job = {0};
    document d;
    received got;
    fake_start(&f, FAKE_SILENT);
    line_open(&line, f.port);
    document_make(&d, 14, 1, FAX_YRES_NORMAL);
    job.send = send_request(&d, "5551000", 0);
    job_start(&job, JOB_SEND, &line);
    job_finish(&job, 10, "send to a silent modem");
    expect_result(&job, DTE_MODEM_ERROR, 0, "send to a silent modem");
    ck_assert_msg(strstr(job.result.detail, "silent"), "detail: %s", job.result.detail);
    line_rearm(&line);
    job.receive = receive_request(&got);
    job_start(&job, JOB_RECEIVE, &line);
    job_finish(&job, 10, "receive on a silent modem");
    expect_result(&job, DTE_MODEM_ERROR, 0, "receive on a silent modem");
    line_rearm(&line);
    job_start(&job, JOB_RESET, &line);
    job_finish(&job, 15, "reset a silent modem");
    ck_assert_msg(job.reset_status == DTE_IO_TIMEOUT, "dte_reset: expected DTE_IO_TIMEOUT, got %d",
                  job.reset_status);
    fake_stop(&f, &line);
    fax_doc_free(&d.doc);
}
END_TEST

START_TEST(lost_line_is_a_modem_error)
{
    fake_modem f;
    sim_line line;
    dte_job job = {0};
    document d;
    fake_start(&f, FAKE_HANGS_UP);
    line_open(&line, f.port);
    document_make(&d, 15, 1, FAX_YRES_NORMAL);
    job.send = send_request(&d, "5551000", 0);
    job_start(&job, JOB_SEND, &line);
    job_finish(&job, 10, "line lost");
    expect_result(&job, DTE_MODEM_ERROR, 0, "line lost");
    ck_assert_msg(strstr(job.result.detail, "line lost") && job.ended - job.started < 2.0,
                  "expected 'line lost' at once, got '%s' after %.1f s", job.result.detail,
                  job.ended - job.started);
    fake_stop(&f, &line);
    fax_doc_free(&d.doc);
}
END_TEST

START_TEST(noise_ring_and_split_lines_do_not_disturb_a_send)
{
    fake_modem f;
    sim_line line;
    dte_job job = {0};
    document d;
    fax_page page;
    unsigned bad = 0, run = 0;
    char why[256];
    fake_start(&f, FAKE_NOISY);
    line_open(&line, f.port);
    document_make(&d, 16, 1, FAX_YRES_FINE);
    job.send = send_request(&d, "5551000", 1);
    job_start(&job, JOB_SEND, &line);
    job_finish(&job, 30, "noisy modem");
    expect_result(&job, DTE_COMPLETED, 1, "noisy modem");
    ck_assert_msg(strcmp(job.result.remote_id, "NOISY") == 0 &&
                  strstr(job.result.detail, "fine, MR, 9600 bit/s"),
                  "expected remote 'NOISY' and 'fine, MR, 9600 bit/s', got '%s' '%s'",
                  job.result.remote_id, job.result.detail);
    ck_assert_msg(strstr(f.commands, "AT+FIS=1,3,0,2,1,0,0,0\n"),
                  "the DTE did not set the DCS from the remote's DIS: %s", f.commands);
    ck_assert_msg(f.bytes_during_xoff == 0, "%zu bytes came while the DTE was XOFF'd",
                  f.bytes_during_xoff);
    ck_assert_msg(t4_decode_page(f.page, f.page_len, FAX_CODING_MR, FAX_LSB_FIRST, FAX_A4_WIDTH,
                                 FAX_YRES_FINE, &page, &bad, &run, why, sizeof(why)) == 0 &&
                  bad == 0, "the page the modem got does not decode: %s (%u bad lines)", why,
                  bad);
    fax_doc got = {0};
    ck_assert(fax_doc_append(&got, &page) == 0);
    ck_assert_msg(fax_doc_compare(&d.doc, &got, why, sizeof(why)) == 0, "page differs: %s", why);
    fax_doc_free(&got);
    fake_stop(&f, &line);
    fax_doc_free(&d.doc);
}
END_TEST


int main(void)
{
    const harness_test tests[] = {
        {"pages", send_one_normal_page_arrives_pixel_exact, TIMEOUT_SESSION, 0, 0},
        {"pages", send_three_fine_pages_arrive_pixel_exact, TIMEOUT_SESSION, 0, 0},
        {"pages", receive_three_pages_pixel_exact, TIMEOUT_SESSION, 0, 0},
        {"pages", receive_refused_page_ends_the_call, TIMEOUT_SESSION, 0, 0},
        {"outcomes", dial_results_map_to_outcomes, TIMEOUT_PROCESS, 0, (int)(sizeof(dial_cases) / sizeof(dial_cases[0]))},
        {"outcomes", remote_hanging_up_mid_call_is_disconnected, TIMEOUT_PROCESS, 0, 0},
        {"outcomes", dial_plan_disconnect_keeps_the_confirmed_page, TIMEOUT_PROCESS, 0, 0},
        {"outcomes", rtn_once_then_the_page_is_sent_again, TIMEOUT_PROCESS, 0, 0},
        {"outcomes", rtn_on_every_attempt_is_page_rejected, TIMEOUT_PROCESS, 0, 0},
        {"outcomes", document_error_ends_the_call, TIMEOUT_PROCESS, 0, 0},
        {"aborts", abort_at_hold_point_ends_on_hook, TIMEOUT_PROCESS, 0, (int)(sizeof(abort_cases) / sizeof(abort_cases[0]))},
        {"aborts", abort_inside_a_command_write_erases_the_half_sent_line, TIMEOUT_PROCESS, 0, 0},
        {"aborts", abort_before_an_action_command_waits_for_nothing, TIMEOUT_PROCESS, 0, 2},
        {"aborts", reset_ends_a_call_left_in_page_data, TIMEOUT_PROCESS, 0, 0},
        {"aborts", reset_of_an_idle_modem_is_quick, TIMEOUT_PROCESS, 0, 0},
        {"misbehaving modems", silent_modem_is_a_modem_error_not_a_hang, TIMEOUT_PROCESS, 0, 0},
        {"misbehaving modems", lost_line_is_a_modem_error, TIMEOUT_PROCESS, 0, 0},
        {"misbehaving modems", noise_ring_and_split_lines_do_not_disturb_a_send, TIMEOUT_PROCESS, 0, 0},
    };
    return harness_main("reference FSP: Class 2.0 DTE", tests, HARNESS_COUNT(tests));
}
