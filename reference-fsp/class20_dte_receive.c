/*
 * class20_dte_receive.c - dte_receive: answer, the pages, their status
 * (docs/class20-notes.md 2).
 */
#include "class20_dte_private.h"

#include <stdio.h>
#include <stdlib.h>

/* --- receiving (docs/class20-notes.md 2) ---------------------------------------------- */

static void *buffer_realloc(session *s, void *block, size_t size)
{
    if (s->rx->buffer_realloc)
        return s->rx->buffer_realloc(s->rx->page_context, block, size);
    if (size == 0) {
        free(block);
        return NULL;
    }
    return realloc(block, size);
}

/* One byte of the page into the buffer (keep), or just counted (skipping after CAN). */
static int keep_byte(session *s, unsigned char byte, int keep)
{
    if (s->rx_len == MAX_PAGE_BYTES)
        return c20_fail(s, DTE_MODEM_ERROR, "page %u: more than %lu MB of data", s->page,
                    MAX_PAGE_BYTES >> 20);
    if (keep && s->rx_len == s->rx_cap) {
        size_t cap = s->rx_cap ? s->rx_cap * 2 : 64 * 1024;
        unsigned char *grown = buffer_realloc(s, s->rx_buf, cap);
        if (!grown)
            return c20_fail(s, DTE_DOCUMENT_ERROR, "page %u: out of memory at %lu bytes",
                            s->page,
                        (unsigned long)s->rx_len);
        s->rx_buf = grown;
        s->rx_cap = cap;
    }
    if (keep)
        s->rx_buf[s->rx_len] = byte;
    s->rx_len++;
    return 0;
}

/* Page data from the DCE until DLE ETX (docs/class20-notes.md 2, 4): DLE DLE is one 0x10,
 * DLE SUB two (as HylaFAX and mgetty read it); other DLE pairs carry nothing for us. DC1
 * and DC3 here are image data, not flow control. Returns 0 at DLE ETX, -1 on failure. */
int c20_receive_data(session *s, unsigned timeout_ms, int keep)
{
    s->rx_len = 0;
    for (;;) {
        unsigned char c;
        if (c20_get_byte(s, timeout_ms, &c) != DTE_IO_OK)
            return -1;
        if (!s->rx_dle) {
            s->rx_dle = c == DLE;
            if (c != DLE && keep_byte(s, c, keep) != 0)
                return -1;
            continue;
        }
        s->rx_dle = 0;
        if (c == ETX)
            return 0;
        if ((c == DLE || c == SUB) && keep_byte(s, DLE, keep) != 0)
            return -1;
        if (c == SUB && keep_byte(s, DLE, keep) != 0)
            return -1;
    }
}

/* ATA (docs/class20-notes.md 2): the DCE answers with CED and DIS and takes DCS and TCF:
 * +FCO, +FTI:, +FCS:, OK. efax takes OK alone as fax mode too. */
static int answer(session *s)
{
    c20_event(s, DTE_EV_ANSWERED, 0);
    if (c20_start_action(s, "ATA", ACTION_ANSWER) != DTE_IO_OK)
        return c20_io_failure(s, "ATA");
    reply kind = c20_wait_final(s, ANSWER_TIMEOUT_MS);
    if (kind == REPLY_IO_FAILED)
        return c20_io_failure(s, "ATA");
    s->phase = PHASE_COMMAND;
    if (kind == REPLY_OK && s->fhs_count == 0)
        return 0;
    return c20_step_failed(s, kind, "ATA");
}

/* One page, after CONNECT to AT+FDR (docs/class20-notes.md 2): DC2 starts the data, which
 * ends at DLE ETX; then +FPS:, +FET: and OK - or ERROR if the DCE's own copy check failed:
 * HylaFAX takes the page all the same, and so do we (page_received judges it). */
static int receive_page(session *s)
{
    static const unsigned char dc2 = DC2;
    char doing[40], shown[64];
    snprintf(doing, sizeof(doing), "page %u data", s->page);
    s->rx_dle = 0;
    c20_trace(s, ">", "<DC2>");
    if (c20_send_bytes(s, &dc2, 1, NULL, COMMAND_TIMEOUT_MS) != DTE_IO_OK)
        return c20_io_failure(s, doing); /* still PHASE_ACTION: CAN ends it (+FDR) */
    s->phase = PHASE_RECV_DATA;
    if (c20_receive_data(s, PAGE_TIMEOUT_MS, 1) != 0)
        return c20_io_failure(s, doing);
    snprintf(shown, sizeof(shown), "[page %u: %lu bytes] <DLE><ETX>", s->page,
             (unsigned long)s->rx_len);
    c20_trace(s, "<", shown);
    s->phase = PHASE_RECV_STATUS;
    s->fet = -1;
    snprintf(doing, sizeof(doing), "the status of page %u", s->page);
    reply kind = c20_wait_final(s, PAGE_TIMEOUT_MS);
    if (kind == REPLY_IO_FAILED)
        return c20_io_failure(s, doing);
    s->phase = PHASE_COMMAND;
    if ((kind != REPLY_OK && kind != REPLY_ERROR) || s->fhs_count > 0)
        return c20_step_failed(s, kind, doing);
    if (s->rx->page_received(s->rx->page_context, s->page - 1, &s->dcs,
                             s->rx_buf ? s->rx_buf : (const unsigned char *)"", s->rx_len) != 0)
        return c20_fail(s, DTE_DOCUMENT_ERROR,
                        "page %u (%lu bytes): refused by page_received", s->page,
                        (unsigned long)s->rx_len);
    s->result->pages = s->page;
    s->result->last_page_confirmed = s->fet == 2;
    c20_event(s, DTE_EV_PAGE_RECEIVED, s->page);
    return 0;
}

/* AT+FDR per page (docs/class20-notes.md 2). It releases the previous page's post-page
 * response (MCF: we never set AT+FPS=2 - page_received refusing a page ends the call
 * instead) and asks for the next: CONNECT. After the caller's EOP it gives +FHS:00 OK; OK
 * alone means no more pages too (efax). */
static int receive_pages(session *s)
{
    for (s->page = 1;; s->page++) {
        char doing[40];
        snprintf(doing, sizeof(doing), "AT+FDR for page %u", s->page);
        if (s->page > MAX_RECEIVE_PAGES)
            return c20_fail(s, DTE_MODEM_ERROR, "more than %d pages", MAX_RECEIVE_PAGES);
        if (c20_start_action(s, "AT+FDR", ACTION_FDR) != DTE_IO_OK)
            return c20_io_failure(s, doing);
        reply kind = c20_wait_final(s, FDR_TIMEOUT_MS);
        if (kind == REPLY_IO_FAILED)
            return c20_io_failure(s, doing);
        if (kind == REPLY_CONNECT) {
            if (receive_page(s) != 0)
                return -1;
            continue;
        }
        s->phase = PHASE_COMMAND;
        if (kind == REPLY_OK && (s->fhs_count == 0 || s->result->hangup_code == 0x00))
            return 0;
        return c20_step_failed(s, kind, doing);
    }
}

void dte_receive(const dte_io *io, const dte_receive_request *request, dte_result *result)
{
    session s;
    char params[40];
    c20_session_init(&s, io, result);
    s.receiving = 1;
    s.rx = request;
    if (c20_setup(&s, request->local_id, 1) == 0 && answer(&s) == 0 &&
        receive_pages(&s) == 0) {
        c20_describe(&s.dcs, params, sizeof(params));
        snprintf(result->detail, sizeof(result->detail), "received %u page%s from \"%s\" (%s)",
                 result->pages, result->pages == 1 ? "" : "s", result->remote_id, params);
    }
    c20_end_session(&s);
    if (s.rx_buf)
        buffer_realloc(&s, s.rx_buf, 0);
}
