/*
 * class20_dte_send.c - dte_send: dial, phase B, the pages and their answers
 * (docs/class20-notes.md 1).
 */
#include "class20_dte_private.h"

#include <stdio.h>
#include <string.h>

/* --- sending (docs/class20-notes.md 1) ------------------------------------------------ */

/* ATD and phase B (docs/class20-notes.md 1.2): +FCO (a fax machine answered), +FCI:, +FIS:,
 * OK. Any other ending - BUSY, NO DIALTONE, NO ANSWER, NO CARRIER, +FHS:xx OK - is
 * step_failed's. */
static int dial(session *s, const char *number)
{
    char command_line[8 + MAX_NUMBER_LENGTH];
    if (!number || !number[0] || strlen(number) > MAX_NUMBER_LENGTH ||
        strpbrk(number, "\r\n;\""))
        return c20_fail(s, DTE_MODEM_ERROR, "refusing to dial \"%.40s\"", number ? number : "");
    snprintf(command_line, sizeof(command_line), "ATD%s", number);
    c20_event(s, DTE_EV_DIALING, 0);
    if (c20_start_action(s, command_line, ACTION_DIAL) != DTE_IO_OK)
        return c20_io_failure(s, command_line);
    reply kind = c20_wait_final(s, DIAL_TIMEOUT_MS);
    if (kind == REPLY_IO_FAILED)
        return c20_io_failure(s, command_line);
    s->phase = PHASE_COMMAND;
    if (kind == REPLY_OK && s->fhs_count == 0)
        return 0;
    return c20_step_failed(s, kind, command_line);
}

/* Phase B is over and the remote's DIS is in s->dis. We choose the DCS ourselves - our
 * resolution if the remote takes fine, MR if it decodes 2-D, its fastest rate (up to
 * 14400), its minimum scan time - and set it with AT+FIS before AT+FDT, as HylaFAX and efax
 * do (docs/class20-notes.md 1.3). So a page can be encoded before CONNECT; +FCS: confirms
 * it. */
static int choose_session(session *s, int fine)
{
    const dte_params *dis = &s->dis;
    dte_params dcs = {0};
    char fis[48];
    dcs.vr = fine && (dis->vr & 1u) ? 1 : 0; /* VR is a bitmap: bit 0 is fine */
    dcs.br = dis->br < 5 ? dis->br : 5;
    dcs.ln = dis->ln < 2 ? dis->ln : 2;
    dcs.df = dis->df >= 1 ? 1 : 0;           /* DF 1 (MR) or more: 2-D is there */
    dcs.st = dis->st < 7 ? dis->st : 7;
    s->dcs = dcs;
    c20_format_params(fis, sizeof(fis), "AT+FIS=", &dcs);
    reply kind = c20_command(s, fis, COMMAND_TIMEOUT_MS);
    return kind == REPLY_OK ? 0 : c20_step_failed(s, kind, fis);
}

typedef struct page_buffer {
    unsigned char *data;
    size_t size;
    dte_params params;      /* what it was encoded for */
} page_buffer;

static int fetch_page(session *s, const dte_send_request *rq, unsigned index, page_buffer *page)
{
    page->params = s->dcs;
    page->data = NULL;
    page->size = 0;
    if (rq->page_data(rq->page_context, index, &page->params, &page->data, &page->size) != 0 ||
        (!page->data && page->size > 0)) {
        page->data = NULL;
        return c20_fail(s, DTE_DOCUMENT_ERROR, "page %u: no %s %s data from the document",
                    s->page, page->params.vr ? "fine" : "normal", page->params.df ? "MR" : "MH");
    }
    return 0;
}

static void release_page(const dte_send_request *rq, page_buffer *page)
{
    if (page->data && rq->page_free)
        rq->page_free(rq->page_context, page->data);
    page->data = NULL;
}

/* The fields a page's coding depends on (ST padding is counted in bytes at BR). */
static int same_coding(const dte_params *a, const dte_params *b)
{
    return a->vr == b->vr && a->wd == b->wd && a->df == b->df && a->st == b->st &&
           (a->st == 0 || a->br == b->br);
}

/* AT+FDT (docs/class20-notes.md 1.3): the DCE sends DCS and trains, reports +FCS:, says
 * CONNECT. */
static int start_page(session *s)
{
    char doing[40];
    snprintf(doing, sizeof(doing), "AT+FDT for page %u", s->page);
    for (int tries = 0; tries < FDT_TRIES; tries++) {
        if (c20_start_action(s, "AT+FDT", ACTION_FDT) != DTE_IO_OK)
            return c20_io_failure(s, doing);
        reply kind = c20_wait_final(s, FDT_TIMEOUT_MS);
        if (kind == REPLY_IO_FAILED)
            return c20_io_failure(s, doing);
        if (kind == REPLY_CONNECT) {
            /* In 2.0 no XON follows CONNECT: the data may go at once (docs/class20-notes.md
             * 1.3). */
            s->phase = PHASE_SEND_DATA;
            c20_event(s, DTE_EV_PAGE_START, s->page);
            return 0;
        }
        s->phase = PHASE_COMMAND;
        if (kind != REPLY_OK || s->fhs_count > 0)
            return c20_step_failed(s, kind, doing);
        /* OK instead of CONNECT: HylaFAX asks again, up to 3 times (docs/class20-notes.md
         * 1.3). */
    }
    return c20_fail(s, DTE_MODEM_ERROR, "%s: OK %d times, never CONNECT", doing, FDT_TRIES);
}

/* +FLO=1 (docs/class20-notes.md 4): the DCE stops us with XOFF (DC3) and lets us go with
 * XON (DC1). In page data it sends nothing else, so any other byte means it has left data
 * mode (the call ended, say): we stop, as page bytes could read as a command in command
 * mode. Returns 0 to write on, 1 when the modem spoke, -1 when the I/O failed. */
static int flow_control(session *s)
{
    for (;;) {
        unsigned char c;
        dte_io_status status = c20_get_byte(s, s->xoff ? PAGE_TIMEOUT_MS : 0, &c);
        if (status == DTE_IO_TIMEOUT && !s->xoff)
            return 0; /* nothing waiting */
        if (status != DTE_IO_OK)
            return -1;
        if (c == DC3) {
            s->xoff = 1;
            s->xoffs++;
        } else if (c == DC1) {
            s->xoff = 0;
        } else {
            s->in_pos--; /* the first byte of a response line: leave it to next_line */
            return 1;
        }
    }
}

/* The modem spoke in the middle of page data: hear it out. */
static int modem_left_data(session *s, const char *doing)
{
    reply kind = c20_wait_final(s, CLEANUP_TIMEOUT_MS);
    if (kind == REPLY_IO_FAILED)
        return c20_io_failure(s, doing); /* still in data mode, for all we know */
    s->phase = PHASE_COMMAND;
    return c20_step_failed(s, kind, doing);
}

/* The page (docs/class20-notes.md 1.3): every DLE doubled, then DLE and the post-page
 * message - ',' MPS when another page follows, '.' EOP after the last. Class 2.0 has no
 * AT+FET=n: that is Class 2. Written in chunks, each after a look for the modem's XOFF. */
static int send_page_data(session *s, const unsigned char *data, size_t size, int last)
{
    unsigned char out[WRITE_CHUNK + 3];
    char doing[40], shown[80];
    size_t pos = 0;
    snprintf(doing, sizeof(doing), "page %u data", s->page);
    s->xoff = 0;
    s->xoffs = 0;
    for (int done = 0; !done;) {
        int flow = flow_control(s);
        if (flow != 0)
            return flow < 0 ? c20_io_failure(s, doing) : modem_left_data(s, doing);
        size_t n = 0;
        while (pos < size && n < WRITE_CHUNK) {
            out[n++] = data[pos];
            if (data[pos++] == DLE)
                out[n++] = DLE;
        }
        if (pos == size) {
            out[n++] = DLE;
            out[n++] = last ? '.' : ',';
            done = 1;
        }
        if (c20_send_bytes(s, out, n, NULL, PAGE_TIMEOUT_MS) != DTE_IO_OK)
            return c20_io_failure(s, doing);
    }
    s->phase = PHASE_POST_PAGE;
    snprintf(shown, sizeof(shown), "[page %u: %lu bytes, %u XOFF] <DLE>%c", s->page,
             (unsigned long)size, s->xoffs, last ? '.' : ',');
    c20_trace(s, ">", shown);
    return 0;
}

/* The remote's answer to the page (docs/class20-notes.md 1.3, 1.4, 3.2): OK is MCF (or RTP,
 * PIP); ERROR is RTN (or PIN - both mean "not taken", as mgetty reads them). After the last
 * page a confirmed call ends at once: +FHS:00 OK. Any other +FHS is the remote hanging up
 * on the page (52 after MPS, 54 after EOP). Returns PAGE_CONFIRMED, PAGE_RTN or -1. */
int c20_page_answer(session *s, reply kind)
{
    char doing[40];
    snprintf(doing, sizeof(doing), "the answer to page %u", s->page);
    if (kind == REPLY_IO_FAILED)
        return c20_io_failure(s, doing);
    s->phase = PHASE_COMMAND;
    if (kind == REPLY_OK && (s->fhs_count == 0 || s->result->hangup_code == 0x00)) {
        s->result->pages++;
        s->result->last_page_confirmed = s->result->pages == s->page_count;
        c20_event(s, DTE_EV_PAGE_CONFIRMED, s->page);
        return PAGE_CONFIRMED;
    }
    if (kind == REPLY_ERROR && s->fhs_count == 0)
        return PAGE_RTN;
    return c20_step_failed(s, kind, doing);
}

/* One attempt at one page: AT+FDT, the data, the answer. */
static int send_page(session *s, const dte_send_request *rq, unsigned index)
{
    page_buffer page;
    if (fetch_page(s, rq, index, &page) != 0)
        return -1;
    int status = start_page(s);
    if (status == 0 && !same_coding(&page.params, &s->dcs)) {
        /* +FCS: says the DCE chose otherwise than AT+FIS asked: encode for what it sends. */
        release_page(rq, &page);
        status = fetch_page(s, rq, index, &page);
    }
    if (status == 0)
        status = send_page_data(s, page.data, page.size, index + 1 == rq->page_count);
    release_page(rq, &page);
    if (status != 0)
        return -1;
    return c20_page_answer(s, c20_wait_final(s, PAGE_TIMEOUT_MS));
}

static int send_document(session *s, const dte_send_request *rq)
{
    if (choose_session(s, rq->fine) != 0)
        return -1;
    for (unsigned index = 0; index < rq->page_count; index++) {
        s->page = index + 1;
        for (unsigned attempt = 1;; attempt++) {
            int answer = send_page(s, rq, index);
            if (answer < 0)
                return -1;
            if (answer == PAGE_CONFIRMED)
                break;
            if (attempt > rq->rtn_retries)
                return c20_fail(s, DTE_PAGE_REJECTED, "page %u: %s (RTN) on %u attempts", s->page,
                            s->last_final, attempt);
            /* RTN: the DCE is in command mode, ready for the page again
             * (docs/class20-notes.md 1.3). */
        }
    }
    /* Some DCEs say OK first and +FHS:00 after DCN (docs/class20-notes.md 1.4). If it never
     * comes, end_session's AT+FKS ends the call, as efax does. */
    if (s->in_call && c20_wait_final(s, CLEANUP_TIMEOUT_MS) == REPLY_IO_FAILED &&
        s->io_status != DTE_IO_TIMEOUT)
        return c20_io_failure(s, "the hangup after the last page");
    return 0;
}

void dte_send(const dte_io *io, const dte_send_request *request, dte_result *result)
{
    session s;
    char params[40];
    c20_session_init(&s, io, result);
    s.page_count = request->page_count;
    if (request->page_count == 0 || !request->page_data) {
        c20_fail(&s, DTE_DOCUMENT_ERROR, "nothing to send");
    } else if (c20_setup(&s, request->local_id, request->fine ? 1 : 0) == 0 &&
               dial(&s, request->number) == 0 && send_document(&s, request) == 0) {
        c20_describe(&s.dcs, params, sizeof(params));
        snprintf(result->detail, sizeof(result->detail), "sent %u page%s to \"%s\" (%s)",
                 result->pages, result->pages == 1 ? "" : "s", result->remote_id, params);
    }
    c20_end_session(&s);
}
