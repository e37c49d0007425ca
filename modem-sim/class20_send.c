/*
 * class20_send.c - a call the DTE places: ATD, phase B, +FDT, page data with DLE
 * unstuffing, the post-page exchange and the hangup (class20-notes.md section 1).
 *
 *   ATD -> [after-dial] -> +FCO -> [after-connect] -> +FCI +FIS OK
 *   +FDT -> [phase-b | between-pages P] -> +FCS CONNECT -> data [mid-page P BYTES]
 *   DLE ppm -> [post-page-ppr P] -> OK/ERROR ... EOP+MCF -> [before-hangup] -> +FHS:00 OK
 */
#include "class20_internal.h"

#include <string.h>

/* Realistic durations for --speed realtime, in ms (T.30 phases at 9600-14400 bit/s,
 * shortened where a test would only wait longer for nothing). */
#define RT_ANSWER_FAX    1500
#define RT_BUSY          3000
#define RT_NO_ANSWER    10000
#define RT_NO_DIALTONE   1500
#define RT_VOICE         3000
#define RT_NO_CARRIER    4000
#define RT_PHASE_B       1000
#define RT_TRAINING      1500
#define RT_POST_PAGE     1000
#define RT_DCN            500
/* Realtime: the DCE buffers this much of the DTE's data before it sends XOFF, and
 * sends XON once the line has drained it to half. */
#define TX_BUFFER_BYTES  2048

static const unsigned bit_rates[] = {2400, 4800, 7200, 9600, 12000, 14400};

cmd_status dce_send_dial(class20_dce *dce, const char *dial_string, uint64_t now_ms)
{
    if (dce->state != DCE_IDLE || !dial_string[0])
        return CMD_ERROR;
    if (!dce->params.fclass20) {
        /* Class 0 would be a data call; this modem only does fax. */
        dce_result(dce, "NO CARRIER");
        return CMD_SILENT;
    }
    const dial_rule *rule = remote_fax_dial(dce->config.remote, dial_string, dce->params.fli);
    sim_event(dce->config.events, "dial", "%s", dial_string);
    dce->state = DCE_DIALING;
    dce->page = 0;
    static const unsigned delays[] = {
        [REMOTE_FAX] = RT_ANSWER_FAX, [REMOTE_BUSY] = RT_BUSY,
        [REMOTE_NO_ANSWER] = RT_NO_ANSWER, [REMOTE_NO_DIALTONE] = RT_NO_DIALTONE,
        [REMOTE_VOICE] = RT_VOICE, [REMOTE_NO_CARRIER] = RT_NO_CARRIER,
        [REMOTE_DISCONNECT_PAGE] = RT_ANSWER_FAX,
        [REMOTE_REJECT_PAGE] = RT_ANSWER_FAX,
    };
    dce_schedule(dce, STEP_DIAL_RESULT, 0, delays[rule->behaviour], now_ms);
    return CMD_STARTED;
}

/* The far end picked up (or did not). */
static void dial_result(class20_dce *dce, uint64_t now_ms)
{
    if (dce_hold_step(dce, STEP_DIAL_RESULT, HOLD_AFTER_DIAL, 0, now_ms))
        return;
    if (dce->fail_next == 1) {
        dce->fail_next = 0;
        dce_end_call(dce, "disconnected", HANGUP_NORMAL);
        dce_result(dce, "NO CARRIER");
        return;
    }
    switch (dce->config.remote->rule->behaviour) {
    case REMOTE_BUSY:
        dce_end_call(dce, "busy", HANGUP_NORMAL);
        dce_result(dce, "BUSY");
        return;
    case REMOTE_NO_ANSWER:
        dce_end_call(dce, "no-answer", HANGUP_NORMAL);
        dce_result(dce, "NO ANSWER");
        return;
    case REMOTE_NO_DIALTONE:
        dce_end_call(dce, "no-dialtone", HANGUP_NORMAL);
        dce_result(dce, "NO DIALTONE");
        return;
    case REMOTE_NO_CARRIER:
        /* Something answered (a modem that gave up, a dead line) but no carrier came:
         * V.250's final result for a dial that never connected (docs/class20-notes.md). */
        dce_end_call(dce, "no-carrier", HANGUP_NORMAL);
        dce_result(dce, "NO CARRIER");
        return;
    case REMOTE_VOICE:
        /* Answered, but no CED and no DIS: T.32 hangup code 05. */
        dce_hang_up_with(dce, "voice", HANGUP_ANSWER_NO_CED);
        return;
    default:
        dce->state = DCE_TX_PHASE_B;
        dce_info(dce, "+FCO");
        dce_schedule(dce, STEP_PHASE_B, 0, RT_PHASE_B, now_ms);
        return;
    }
}

/* DIS and CSI are in: report them (as +FNR enables) and give ATD's OK. HylaFAX needs
 * the +FIS: line before OK. */
static void phase_b(class20_dce *dce, uint64_t now_ms)
{
    if (dce_hold_step(dce, STEP_PHASE_B, HOLD_AFTER_CONNECT, 0, now_ms))
        return;
    if (dce->params.fnr[2])
        dce_info(dce, "+FCI:\"%s\"", remote_fax_give_id(dce->config.remote));
    if (dce->params.fnr[0])
        dce_info(dce, "+FIS:1,5,0,2,1,0,0,0");
    dce->state = DCE_TX_COMMAND;
    dce->page = 1;
    dce_result(dce, "OK");
}

/* DCS: the DTE's offer (+FIS) cut down to what the remote and this DCE can do. */
static void negotiate(class20_dce *dce)
{
    const dce_params *p = &dce->params;
    fax_session *s = &dce->config.remote->session;
    s->vr = p->fis[0] >= 1 ? 1 : 0;
    s->br = (int)(p->fis[1] < 5 ? p->fis[1] : 5);
    s->df = p->fis[4] >= 1 && p->fcc[4] >= 1 ? FAX_CODING_MR : FAX_CODING_MH;
    s->order = (p->fbo & 1) ? FAX_MSB_FIRST : FAX_LSB_FIRST;
}

cmd_status dce_send_fdt(class20_dce *dce, uint64_t now_ms)
{
    if (dce->state != DCE_TX_COMMAND)
        return CMD_ERROR;
    negotiate(dce);
    dce->state = DCE_TX_FDT;
    dce_schedule(dce, STEP_FDT_CONNECT, 0, RT_TRAINING, now_ms);
    return CMD_STARTED;
}

/* DCS, TCF and CFR are done: the DTE may send the page. In 2.0 no XON follows
 * CONNECT (class20-notes.md 1.3). */
static void fdt_connect(class20_dce *dce, uint64_t now_ms)
{
    if (dce->page == 1 ? dce_hold_step(dce, STEP_FDT_CONNECT, HOLD_PHASE_B, 0, now_ms)
                       : dce_hold_step(dce, STEP_FDT_CONNECT, HOLD_BETWEEN_PAGES,
                                       dce->page - 1, now_ms))
        return;
    const fax_session *s = &dce->config.remote->session;
    if (dce->params.fnr[1])
        dce_info(dce, "+FCS:%d,%d,0,2,%d,0,0,0", s->vr, s->br, (int)s->df);
    dce->state = DCE_TX_DATA;
    dce->page_bytes = 0;
    dce->dle_pending = 0;
    dce->page_connect_ms = now_ms;
    sim_event(dce->config.events, "page-start", "%u %s %s %u bit/s", dce->page,
              s->vr ? "fine" : "normal", s->df == FAX_CODING_MR ? "MR" : "MH",
              bit_rates[s->br]);
    dce_result(dce, "CONNECT");
}

/* Realtime pacing of the DTE's data (+FLO=1): the line drains page bytes at the bit
 * rate; when the DTE is more than TX_BUFFER_BYTES ahead, XOFF, and XON when it has
 * drained to half (STEP_TX_PACE). */
static uint64_t line_drained_at(const class20_dce *dce, unsigned long bytes)
{
    unsigned rate = bit_rates[dce->config.remote->session.br];
    return dce->page_connect_ms + (uint64_t)bytes * 8000u / rate;
}

static void pace_dte(class20_dce *dce, uint64_t now_ms)
{
    if (!dce->config.realtime || dce->params.flo != 1 || dce->flow_stopped || dce->held)
        return;
    unsigned rate = bit_rates[dce->config.remote->session.br];
    unsigned long drained = (unsigned long)((now_ms - dce->page_connect_ms) * rate / 8000u);
    if (dce->page_bytes <= drained + TX_BUFFER_BYTES)
        return;
    dce->flow_stopped = 1;
    byte_queue_put(&dce->out, (const unsigned char[]){DC3}, 1);
    uint64_t xon_at = line_drained_at(dce, dce->page_bytes - TX_BUFFER_BYTES / 2);
    /* due exactly at xon_at: no delay on top of the given time */
    dce_schedule(dce, STEP_TX_PACE, 0, 0, xon_at > now_ms ? xon_at : now_ms);
}

static void tx_pace(class20_dce *dce)
{
    if (dce->state != DCE_TX_DATA || !dce->flow_stopped || dce->held)
        return;
    dce->flow_stopped = 0;
    byte_queue_put(&dce->out, (const unsigned char[]){DC1}, 1);
}

/* Hands page bytes to the remote, stopping exactly at an armed mid-page point. */
static void page_bytes(class20_dce *dce, const unsigned char *data, size_t len)
{
    while (len > 0) {
        size_t take = len;
        const hold_point *armed = &dce->armed;
        if (armed->kind == HOLD_MID_PAGE && armed->page == dce->page &&
            armed->bytes > dce->page_bytes && armed->bytes - dce->page_bytes < take)
            take = armed->bytes - dce->page_bytes;
        remote_fax_page_bytes(dce->config.remote, data, take);
        dce->page_bytes += take;
        data += take;
        len -= take;
        if (dce_hold_here(dce, HOLD_MID_PAGE, dce->page, dce->page_bytes) &&
            dce->params.flo == 1 && !dce->flow_stopped) {
            /* The remote is frozen, so our buffer "fills": XOFF, as a real DCE would.
             * A DTE that wants to abort overrides it (EscapeCommFunction SETXON, or
             * output flow control off) and sends DLE ETX (docs/modem-sim.md). */
            dce->flow_stopped = 1;
            byte_queue_put(&dce->out, (const unsigned char[]){DC3}, 1);
        }
    }
}

static void page_end(class20_dce *dce, fax_ppm ppm, uint64_t now_ms)
{
    if (dce->flow_stopped) {
        /* The page is in; never leave the DTE stopped in command mode. */
        dce->flow_stopped = 0;
        byte_queue_put(&dce->out, (const unsigned char[]){DC1}, 1);
    }
    dce->ppm = ppm;
    dce->state = DCE_TX_POST_PAGE;
    sim_event(dce->config.events, "page-end", "%u bytes=%lu ppm=%s", dce->page,
              dce->page_bytes, ppm == PPM_MPS ? "MPS" : ppm == PPM_EOM ? "EOM" : "EOP");
    uint64_t took = now_ms - dce->page_connect_ms;
    unsigned wait = took < dce->config.min_page_ms ? (unsigned)(dce->config.min_page_ms - took) : 0;
    dce_schedule(dce, STEP_POST_PAGE, wait, RT_POST_PAGE, now_ms);
}

/* DLE handling of the DTE's data; stops where the data phase ends. */
static size_t send_data(class20_dce *dce, const unsigned char *data, size_t len, uint64_t now_ms)
{
    size_t i = 0, run = 0; /* data[run..i) are plain page bytes not yet handed on */
    while (i < len && dce->state == DCE_TX_DATA) {
        unsigned char byte = data[i];
        if (!dce->dle_pending) {
            if (byte == DLE) {
                page_bytes(dce, data + run, i - run);
                dce->dle_pending = 1;
                run = i + 1;
            }
            i++;
            continue;
        }
        dce->dle_pending = 0;
        run = ++i;
        switch (byte) {
        case DLE: page_bytes(dce, (const unsigned char[]){DLE}, 1); break;
        case SUB: page_bytes(dce, (const unsigned char[]){DLE, DLE}, 2); break;
        case ETX:
            /* End of data without a post-page message: the page is abandoned, the DCE
             * returns to command mode (class20-notes.md 4, 7). */
            sim_event(dce->config.events, "page-abandoned", "%u after %lu bytes (DLE ETX)",
                      dce->page, dce->page_bytes);
            remote_fax_page_discard(dce->config.remote);
            dce->state = DCE_TX_COMMAND;
            dce_drop_hold(dce, "page abandoned");
            dce_ending_taken(dce);
            if (dce->flow_stopped) {
                dce->flow_stopped = 0;
                byte_queue_put(&dce->out, (const unsigned char[]){DC1}, 1);
            }
            dce_result(dce, "OK");
            break;
        case ',': page_end(dce, PPM_MPS, now_ms); break;
        case ';': page_end(dce, PPM_EOM, now_ms); break;
        case '.': page_end(dce, PPM_EOP, now_ms); break;
        default:
            break; /* an unknown DLE pair (or HylaFAX's RTFCC hint): dropped */
        }
    }
    if (dce->state == DCE_TX_DATA)
        page_bytes(dce, data + run, i - run);
    return i;
}

size_t dce_send_data(class20_dce *dce, const unsigned char *data, size_t len, uint64_t now_ms)
{
    size_t taken = send_data(dce, data, len, now_ms);
    if (dce->state == DCE_TX_DATA)
        pace_dte(dce, now_ms);
    return taken;
}

/* The remote's answer to the page: MCF/RTP/PIP give OK, RTN/PIN give ERROR; no answer
 * at all (it hung up) gives +FHS:52/54/56 (class20-notes.md 3.1, 3.2). */
static void post_page(class20_dce *dce, uint64_t now_ms)
{
    if (dce_hold_step(dce, STEP_POST_PAGE, HOLD_POST_PAGE_PPR, dce->page, now_ms))
        return;
    int ppr;
    if (dce->fail_next == 1)
        ppr = -1;
    else if (dce->fail_next == 2)
        ppr = PPR_RTN;
    else
        ppr = remote_fax_page_end(dce->config.remote, dce->page, dce->ppm);
    if (dce->fail_next) {
        remote_fax_page_discard(dce->config.remote);
        dce->fail_next = 0;
    }
    if (ppr < 0) {
        int code = dce->ppm == PPM_MPS ? HANGUP_NO_MPS_REPLY
                 : dce->ppm == PPM_EOP ? HANGUP_NO_EOP_REPLY : HANGUP_NO_EOM_REPLY;
        dce_hang_up_with(dce, "disconnected", code);
        return;
    }
    dce->params.fps = ppr;
    int positive = ppr == PPR_MCF || ppr == PPR_RTP || ppr == PPR_PIP;
    if (!positive) {
        dce->state = DCE_TX_COMMAND; /* the DTE may send the page again, or give up */
        dce_result(dce, "ERROR");
        return;
    }
    if (dce->ppm == PPM_EOP) {
        dce->state = DCE_TX_HANGUP;
        dce_schedule(dce, STEP_HANGUP, 0, RT_DCN, now_ms);
        return;
    }
    dce->page++;
    dce->state = DCE_TX_COMMAND;
    dce_result(dce, "OK");
}

/* EOP confirmed: DCN, then +FHS:00 and OK in that order (MT 2.0 example). */
static void hang_up(class20_dce *dce, uint64_t now_ms)
{
    if (dce_hold_step(dce, STEP_HANGUP, HOLD_BEFORE_HANGUP, 0, now_ms))
        return;
    dce_hang_up_with(dce, "completed", HANGUP_NORMAL);
}

void dce_send_step(class20_dce *dce, dce_step step, uint64_t now_ms)
{
    switch (step) {
    case STEP_DIAL_RESULT: dial_result(dce, now_ms); break;
    case STEP_PHASE_B:     phase_b(dce, now_ms); break;
    case STEP_FDT_CONNECT: fdt_connect(dce, now_ms); break;
    case STEP_POST_PAGE:   post_page(dce, now_ms); break;
    case STEP_HANGUP:      hang_up(dce, now_ms); break;
    case STEP_TX_PACE:     tx_pace(dce); break;
    default: break;
    }
}
