/*
 * class20_receive.c - a call that comes in: RING, ATA (or auto-answer), phase B
 * reports, +FDR, page data to the DTE with DLE stuffing, the post-page report and the
 * hangup (class20-notes.md section 2).
 *
 *   ring -> RING [ring] ... ATA -> [answering] -> +FCO +FTI +FCS OK
 *   +FDR -> [rx-post-page P-1] -> CONNECT -> DC2 -> data [rx-mid-page P BYTES]
 *        -> DLE ETX +FPS +FET OK ... last +FDR -> [rx-post-page N] -> +FHS:00 OK
 */
#include "class20_internal.h"

#include <stdlib.h>
#include <string.h>

#define FAST_RING_MS      500   /* --speed fast: rings come quickly, one at a time */
#define RT_RING_MS       6000   /* a ring cadence of 2 s on, 4 s off */
#define RT_ANSWER        3000   /* CED, DIS, DCS, TCF, CFR */
#define RT_DCN            500
#define FAST_LOOKAHEAD  16384   /* fast: how far page data may run ahead of the line */
#define PACE_SLICE_MS      20   /* realtime: page data goes out in 20 ms slices */

static const unsigned bit_rates[] = {2400, 4800, 7200, 9600, 12000, 14400};

static void start_answering(class20_dce *dce, uint64_t now_ms)
{
    dce->state = DCE_ANSWERING;
    sim_event(dce->config.events, "answer", "after %u ring(s)", dce->rings);
    dce_schedule(dce, STEP_ANSWER, 0, RT_ANSWER, now_ms);
}

static void give_up(class20_dce *dce, const char *why)
{
    sim_event(dce->config.events, "caller-gave-up", "%s after %u ring(s)", why, dce->rings);
    dce_end_call(dce, "not-answered", HANGUP_NORMAL);
}

int dce_caller_give_up(class20_dce *dce)
{
    if (dce->state != DCE_RINGING)
        return 0;
    give_up(dce, "on request");
    return 1;
}

/* One RING; the caller gives up after max_rings; ATS0=n answers on the n-th. */
static void ring(class20_dce *dce, uint64_t now_ms)
{
    if (dce->rings >= dce->config.max_rings) {
        give_up(dce, "unanswered");
        return;
    }
    dce->rings++;
    dce_result(dce, "RING");
    if (dce->params.s0 > 0 && dce->rings >= (unsigned)dce->params.s0) {
        start_answering(dce, now_ms);
        return;
    }
    dce_schedule(dce, STEP_RING, FAST_RING_MS, RT_RING_MS, now_ms);
    /* A hold here freezes the caller between rings: no more RINGs, no giving up. */
    dce_hold_step(dce, STEP_RING, HOLD_RING, 0, dce->step_due_ms);
}

cmd_status dce_receive_answer(class20_dce *dce, uint64_t now_ms)
{
    if (dce->state == DCE_RINGING) {
        start_answering(dce, now_ms);
        return CMD_STARTED;
    }
    if (dce->state == DCE_IDLE) {
        dce_result(dce, "NO CARRIER"); /* nobody is calling */
        return CMD_SILENT;
    }
    return CMD_ERROR;
}

/* The remote's DCS: what it will send, within what the DTE said it can take. */
static void negotiate(class20_dce *dce)
{
    remote_fax *remote = dce->config.remote;
    const dce_params *p = &dce->params;
    fax_session *s = &remote->session;
    s->vr = remote_fax_page_vr(remote, 1);
    s->br = (int)(p->fis[1] < 5 ? p->fis[1] : 5);
    s->df = p->fis[4] >= 1 ? FAX_CODING_MR : FAX_CODING_MH;
    s->order = (p->fbo & 1) ? FAX_MSB_FIRST : FAX_LSB_FIRST;
}

/* CED/DIS/DCS/TCF done. HylaFAX requires the +FCS: report before OK. */
static void answered(class20_dce *dce, uint64_t now_ms)
{
    if (dce_hold_step(dce, STEP_ANSWER, HOLD_ANSWERING, 0, now_ms))
        return;
    negotiate(dce);
    const fax_session *s = &dce->config.remote->session;
    dce->state = DCE_RX_COMMAND;
    dce->page = 1;
    dce_info(dce, "+FCO");
    if (dce->params.fnr[2])
        dce_info(dce, "+FTI:\"%s\"", remote_fax_give_id(dce->config.remote));
    if (dce->params.fnr[1])
        dce_info(dce, "+FCS:%d,%d,0,2,%d,0,0,0", s->vr, s->br, (int)s->df);
    dce_result(dce, "OK");
}

cmd_status dce_receive_fdr(class20_dce *dce, uint64_t now_ms)
{
    if (dce->state != DCE_RX_COMMAND)
        return CMD_ERROR;
    if (dce->page > 1)
        sim_event(dce->config.events, "dte-ppr", "page %u: %s", dce->page - 1,
                  dce->params.fps == PPR_MCF ? "MCF" : "RTN");
    if (dce->page > remote_fax_page_count(dce->config.remote)) {
        dce->state = DCE_RX_HANGUP;
        dce_schedule(dce, STEP_RX_HANGUP, 0, RT_DCN, now_ms);
    } else {
        dce->state = DCE_RX_FDR;
        dce_schedule(dce, STEP_RX_CONNECT, 0, 0, now_ms);
    }
    return CMD_STARTED;
}

/* +FDR releases the previous page's PPR; the next page's data is ready: CONNECT, then
 * wait for the DTE's DC2. */
static void rx_connect(class20_dce *dce, uint64_t now_ms)
{
    if (dce->page > 1 &&
        dce_hold_step(dce, STEP_RX_CONNECT, HOLD_RX_POST_PAGE, dce->page - 1, now_ms))
        return;
    dce->params.fps = PPR_MCF;
    free(dce->rx_data);
    dce->rx_data = remote_fax_encode_page(dce->config.remote, dce->page, &dce->rx_len);
    if (!dce->rx_data) {
        dce_hang_up_with(dce, "error", 0x40); /* unspecified phase C error */
        return;
    }
    dce->rx_pos = 0;
    dce->page_bytes = 0;
    dce_result(dce, "CONNECT");
}

/* Sends `len` page bytes, doubling every DLE (emit only DLE DLE and DLE ETX: efax maps
 * DLE SUB wrongly, class20-notes.md 2). */
static void emit_stuffed(class20_dce *dce, const unsigned char *data, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (data[i] != DLE)
            continue;
        byte_queue_put(&dce->out, data + run, i + 1 - run);
        byte_queue_put(&dce->out, (const unsigned char[]){DLE}, 1);
        run = i + 1;
    }
    byte_queue_put(&dce->out, data + run, len - run);
}

static void page_done(class20_dce *dce)
{
    const fax_page *page = &dce->config.remote->outgoing_doc.pages[dce->page - 1];
    int last = dce->page == remote_fax_page_count(dce->config.remote);
    byte_queue_put(&dce->out, (const unsigned char[]){DLE, ETX}, 2);
    /* Counts in decimal: HylaFAX parses decimal, mgetty hex - any count >= 50 reads as
     * a good page to both (docs/modem-sim.md). */
    dce_info(dce, "+FPS:1,%u,0,0,0", page->height);
    dce_info(dce, "+FET:%d", last ? PPM_EOP : PPM_MPS);
    sim_event(dce->config.events, "page-sent", "%u bytes=%zu", dce->page, dce->rx_len);
    remote_fax_page_sent(dce->config.remote);
    free(dce->rx_data);
    dce->rx_data = NULL;
    dce->page++;
    dce->state = DCE_RX_COMMAND;
    dce_result(dce, "OK");
}

/* How many bytes may go out now: all that fits the look-ahead when fast; at the bit
 * rate when realtime. */
static size_t send_budget(class20_dce *dce, uint64_t now_ms)
{
    if (!dce->config.realtime) {
        size_t queued = byte_queue_length(&dce->out);
        return queued < FAST_LOOKAHEAD ? FAST_LOOKAHEAD - queued : 0;
    }
    uint64_t elapsed = now_ms - dce->pace_origin_ms;
    unsigned long due = (unsigned long)(elapsed * bit_rates[dce->config.remote->session.br] /
                                        8000u);
    return due > dce->pace_bytes ? due - dce->pace_bytes : 0;
}

static void rx_send(class20_dce *dce, uint64_t now_ms)
{
    if (dce->dte_xoff)
        return; /* the DTE's XON schedules us again */
    size_t budget = send_budget(dce, now_ms);
    size_t left = dce->rx_len - dce->rx_pos;
    size_t take = budget < left ? budget : left;
    const hold_point *armed = &dce->armed;
    if (armed->kind == HOLD_RX_MID_PAGE && armed->page == dce->page &&
        armed->bytes >= dce->page_bytes && armed->bytes - dce->page_bytes < take)
        take = armed->bytes - dce->page_bytes;
    emit_stuffed(dce, dce->rx_data + dce->rx_pos, take);
    dce->rx_pos += take;
    dce->page_bytes += take;
    dce->pace_bytes += take;
    if (dce_hold_here(dce, HOLD_RX_MID_PAGE, dce->page, dce->page_bytes)) {
        dce->step = STEP_RX_SEND;
        dce->step_due_ms = now_ms;
        return;
    }
    if (dce->rx_pos == dce->rx_len) {
        page_done(dce);
        return;
    }
    /* More to come: fast mode waits for the line to drain, realtime for the clock. */
    dce_schedule(dce, STEP_RX_SEND, 1, PACE_SLICE_MS, now_ms);
}

static void rx_hang_up(class20_dce *dce, uint64_t now_ms)
{
    if (dce_hold_step(dce, STEP_RX_HANGUP, HOLD_RX_POST_PAGE,
                      remote_fax_page_count(dce->config.remote), now_ms))
        return;
    dce_hang_up_with(dce, "completed", HANGUP_NORMAL);
}

/* CAN during +FDR: end the data with DLE ETX, an implied +FKS, +FHS:02 OK
 * (class20-notes.md 4, "<CAN>, escape from reception"). */
static void dte_cancel(class20_dce *dce)
{
    sim_event(dce->config.events, "dte-abort", "CAN during %s, page %u",
              dce_state_name(dce->state), dce->page);
    static const unsigned char end_of_data[] = {DLE, ETX};
    dce_end_on_request(dce, end_of_data, dce->state == DCE_RX_DATA ? sizeof(end_of_data) : 0);
}

void dce_receive_data_input(class20_dce *dce, const unsigned char *data, size_t len,
                            uint64_t now_ms)
{
    for (size_t i = 0; i < len && (dce->state == DCE_RX_FDR || dce->state == DCE_RX_DATA);
         i++) {
        switch (data[i]) {
        case CAN:
            dte_cancel(dce);
            return;
        case DC2:
            if (dce->state == DCE_RX_FDR && dce->rx_data) {
                dce->state = DCE_RX_DATA;
                dce->pace_origin_ms = now_ms;
                dce->pace_bytes = 0;
                dce_schedule(dce, STEP_RX_SEND, 0, 0, now_ms);
            }
            break;
        case DC3:
            dce->dte_xoff = 1;
            break;
        case DC1:
            if (dce->dte_xoff && dce->state == DCE_RX_DATA && !dce->held)
                dce_schedule(dce, STEP_RX_SEND, 0, 0, now_ms);
            dce->dte_xoff = 0;
            break;
        default:
            break; /* in this state the DCE hears only DC1, DC2, DC3 and CAN */
        }
    }
}

void dce_receive_step(class20_dce *dce, dce_step step, uint64_t now_ms)
{
    switch (step) {
    case STEP_RING:       ring(dce, now_ms); break;
    case STEP_ANSWER:     answered(dce, now_ms); break;
    case STEP_RX_CONNECT: rx_connect(dce, now_ms); break;
    case STEP_RX_SEND:    rx_send(dce, now_ms); break;
    case STEP_RX_HANGUP:  rx_hang_up(dce, now_ms); break;
    default: break;
    }
}
