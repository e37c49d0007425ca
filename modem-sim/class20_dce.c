/*
 * class20_dce.c - command mode, result codes, the step chain, holds and aborts of the
 * simulated Class 2.0 modem (see class20_dce.h and class20_internal.h).
 */
#include "class20_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEM_IDENTITY "modem-sim 1.0"

static const struct {
    const char *text;
    int code;              /* the ATV0 form */
} result_codes[] = {
    {"OK", 0}, {"CONNECT", 1}, {"RING", 2}, {"NO CARRIER", 3}, {"ERROR", 4},
    {"NO DIALTONE", 6}, {"BUSY", 7}, {"NO ANSWER", 8},
};

const char *dce_state_name(dce_state state)
{
    static const char *const names[] = {
        "idle", "ringing", "dialing", "tx-phase-b", "tx-command", "tx-fdt", "tx-data",
        "tx-post-page", "tx-hangup", "answering", "rx-command", "rx-fdr", "rx-data",
        "rx-hangup",
    };
    return (size_t)state < sizeof(names) / sizeof(names[0]) ? names[state] : "?";
}

void dce_init(class20_dce *dce, const dce_config *config)
{
    memset(dce, 0, sizeof(*dce));
    dce->config = *config;
    if (dce->config.max_rings == 0)
        dce->config.max_rings = 10;
    dce_params_reset(&dce->params);
    byte_queue_init(&dce->out);
    dce->state = DCE_IDLE;
}

void dce_release(class20_dce *dce)
{
    free(dce->rx_data);
    dce->rx_data = NULL;
    byte_queue_free(&dce->out);
}

/* --- output ---------------------------------------------------------------------------- */

void dce_result(class20_dce *dce, const char *result)
{
    sim_event(dce->config.events, "result", "%s", result);
    if (dce->params.quiet)
        return;
    if (dce->params.verbose) {
        byte_queue_puts(&dce->out, "\r\n");
        byte_queue_puts(&dce->out, result);
        byte_queue_puts(&dce->out, "\r\n");
        return;
    }
    for (size_t i = 0; i < sizeof(result_codes) / sizeof(result_codes[0]); i++) {
        if (strcmp(result_codes[i].text, result) == 0) {
            char code[8];
            snprintf(code, sizeof(code), "%d\r", result_codes[i].code);
            byte_queue_puts(&dce->out, code);
            return;
        }
    }
}

void dce_info(class20_dce *dce, const char *fmt, ...)
{
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    sim_event(dce->config.events, "info", "%s", text);
    /* V.250: information text is framed by CR LF in verbose mode; ATV0 drops the
     * leading pair. */
    if (dce->params.verbose)
        byte_queue_puts(&dce->out, "\r\n");
    byte_queue_puts(&dce->out, text);
    byte_queue_puts(&dce->out, "\r\n");
}

/* --- the step chain and holds ---------------------------------------------------------- */

void dce_schedule(class20_dce *dce, dce_step step, unsigned fast_ms, unsigned realtime_ms,
                  uint64_t now_ms)
{
    dce->step = step;
    dce->step_due_ms = now_ms + (dce->config.realtime ? realtime_ms : fast_ms);
}

int dce_hold_here(class20_dce *dce, hold_kind kind, unsigned page, unsigned long bytes)
{
    hold_point reached = {kind, page, bytes};
    if (!hold_point_matches(&dce->armed, &reached))
        return 0;
    char name[64];
    hold_point_format(&dce->armed, name, sizeof(name));
    dce->held = 1;
    dce->held_at = dce->armed;
    dce->armed.kind = HOLD_NONE; /* one-shot: arm again for another hold */
    sim_event(dce->config.events, "held", "%s", name);
    return 1;
}

int dce_hold_step(class20_dce *dce, dce_step step, hold_kind kind, unsigned page,
                  uint64_t now_ms)
{
    if (!dce_hold_here(dce, kind, page, 0))
        return 0;
    dce->step = step;          /* runs again, from its top, on release */
    dce->step_due_ms = now_ms;
    return 1;
}

void dce_arm_hold(class20_dce *dce, const hold_point *point)
{
    dce->armed = *point;
}

void dce_release_hold(class20_dce *dce, uint64_t now_ms)
{
    dce->armed.kind = HOLD_NONE;
    if (!dce->held)
        return;
    char name[64];
    hold_point_format(&dce->held_at, name, sizeof(name));
    dce->held = 0;
    dce->held_at.kind = HOLD_NONE;
    if (dce->flow_stopped && dce->state == DCE_TX_DATA && dce->step != STEP_TX_PACE) {
        /* Realtime pacing may still want the DTE stopped: then STEP_TX_PACE sends XON. */
        dce->flow_stopped = 0;
        byte_queue_put(&dce->out, (const unsigned char[]){DC1}, 1);
    }
    if (dce->step != STEP_NONE && dce->step_due_ms < now_ms)
        dce->step_due_ms = now_ms;
    sim_event(dce->config.events, "released", "%s", name);
}

void dce_drop_hold(class20_dce *dce, const char *why)
{
    if (!dce->held)
        return;
    char name[64];
    hold_point_format(&dce->held_at, name, sizeof(name));
    sim_event(dce->config.events, "released", "%s (%s)", name, why);
    dce->held = 0;
    dce->held_at.kind = HOLD_NONE;
}

void dce_end_call(class20_dce *dce, const char *result, int hangup_code)
{
    remote_fax_end_call(dce->config.remote, result, hangup_code);
    dce->hangup_code = hangup_code;
    dce->state = DCE_IDLE;
    dce->step = STEP_NONE;
    dce->page = 0;
    dce->page_bytes = 0;
    dce->dle_pending = 0;
    dce->rings = 0;
    dce->dte_xoff = 0;
    free(dce->rx_data);
    dce->rx_data = NULL;
    dce->rx_len = dce->rx_pos = 0;
    dce_drop_hold(dce, "call ended");
    if (dce->flow_stopped) {
        dce->flow_stopped = 0;
        byte_queue_put(&dce->out, (const unsigned char[]){DC1}, 1);
    }
}

void dce_ending_taken(class20_dce *dce)
{
    if (dce_hold_here(dce, HOLD_ENDING, 0, 0))
        dce->out_held = byte_queue_length(&dce->out);
}

void dce_end_on_request(class20_dce *dce, const void *lead, size_t lead_len)
{
    dce_end_call(dce, "aborted", HANGUP_ABORTED);
    dce_ending_taken(dce);
    if (lead_len > 0)
        byte_queue_put(&dce->out, lead, lead_len);
    dce_info(dce, "+FHS:%02X", (unsigned)HANGUP_ABORTED);
    dce_result(dce, "OK");
}

size_t dce_output_ready(const class20_dce *dce)
{
    size_t queued = byte_queue_length(&dce->out);
    if (dce->held && dce->held_at.kind == HOLD_ENDING && dce->out_held < queued)
        return dce->out_held;
    return queued;
}

void dce_output_sent(class20_dce *dce, size_t len)
{
    byte_queue_drop(&dce->out, len);
    dce->out_held = dce->out_held > len ? dce->out_held - len : 0;
}

void dce_hang_up_with(class20_dce *dce, const char *result, int hangup_code)
{
    dce_info(dce, "+FHS:%02X", (unsigned)hangup_code);
    dce_end_call(dce, result, hangup_code);
    dce_result(dce, "OK");
}

void dce_run(class20_dce *dce, uint64_t now_ms)
{
    while (!dce->held && dce->step != STEP_NONE && now_ms >= dce->step_due_ms) {
        dce_step step = dce->step;
        dce->step = STEP_NONE;
        switch (step) {
        case STEP_DIAL_RESULT:
        case STEP_PHASE_B:
        case STEP_FDT_CONNECT:
        case STEP_POST_PAGE:
        case STEP_HANGUP:
        case STEP_TX_PACE:
            dce_send_step(dce, step, now_ms);
            break;
        case STEP_RING:
        case STEP_ANSWER:
        case STEP_RX_CONNECT:
        case STEP_RX_SEND:
        case STEP_RX_HANGUP:
            dce_receive_step(dce, step, now_ms);
            break;
        case STEP_NONE:
            break;
        }
    }
}

int64_t dce_next_timeout_ms(const class20_dce *dce, uint64_t now_ms)
{
    if (dce->held || dce->step == STEP_NONE)
        return -1;
    return dce->step_due_ms > now_ms ? (int64_t)(dce->step_due_ms - now_ms) : 0;
}

void dce_line_lost(class20_dce *dce)
{
    /* No DTR on a pty or a socket: losing the DTE acts as a DTR drop with &D3 -
     * on hook without DCN or report, and the parameters back to their defaults. */
    if (dce->state != DCE_IDLE)
        dce_end_call(dce, "dte-gone", dce->hangup_code);
    byte_queue_clear(&dce->out);
    dce->line_len = 0;
    dce->line_overflow = 0;
    dce_params_reset(&dce->params);
    sim_event(dce->config.events, "line-lost", "%s", "");
}

int dce_remote_hang_up(class20_dce *dce)
{
    switch (dce->state) {
    case DCE_IDLE:
        return 0;
    case DCE_RINGING:
        return dce_caller_give_up(dce);
    case DCE_DIALING:
    case DCE_ANSWERING:
        /* the call never connected: ATD or ATA ends as an unanswered call does */
        sim_event(dce->config.events, "remote-hung-up", "%s", dce_state_name(dce->state));
        dce_end_call(dce, "remote-hung-up", HANGUP_T1_TIMEOUT);
        dce_result(dce, "NO CARRIER");
        return 1;
    default: {
        int receiving = dce->state == DCE_RX_COMMAND || dce->state == DCE_RX_FDR ||
                        dce->state == DCE_RX_DATA;
        sim_event(dce->config.events, "remote-hung-up", "%s", dce_state_name(dce->state));
        /* In data mode a real DCE whose carrier dropped also leaves it: what the DTE
         * sends next is read as commands. */
        dce_hang_up_with(dce, "remote-hung-up", receiving ? HANGUP_RX_PHASE_C
                                                          : HANGUP_TX_PHASE_C);
        return 1;
    }
    }
}

void dce_stop(class20_dce *dce)
{
    if (dce->state != DCE_IDLE)
        dce_end_call(dce, "simulator-stopped", dce->hangup_code);
}

/* --- aborts ------------------------------------------------------------------------------ */

/* Any byte while ATD, ATA or +FDT has not given its final result aborts it (V.250;
 * class20-notes.md 4 and 7). The byte itself is discarded. */
static void abort_action(class20_dce *dce)
{
    sim_event(dce->config.events, "dte-abort", "during %s", dce_state_name(dce->state));
    switch (dce->state) {
    case DCE_DIALING:
    case DCE_ANSWERING:
        /* No fax handshake yet: the call never came up. */
        dce_end_call(dce, "aborted", HANGUP_ABORTED);
        dce_ending_taken(dce);
        dce_result(dce, "NO CARRIER");
        break;
    default:
        /* Phase B or D: DCN, then the report (+FHS:02, the DTE asked). */
        dce_end_on_request(dce, NULL, 0);
        break;
    }
}

/* --- command mode -------------------------------------------------------------------------- */

static cmd_status basic_command(class20_dce *dce, const at_command *cmd, uint64_t now_ms)
{
    long value = cmd->value[0] ? strtol(cmd->value, NULL, 10) : 0;
    switch (cmd->name[0]) {
    case 'E': dce->params.echo = value != 0; return CMD_OK;
    case 'V': dce->params.verbose = value != 0; return CMD_OK;
    case 'Q': dce->params.quiet = value != 0; return CMD_OK;
    case 'Z': dce_params_reset(&dce->params); return CMD_OK;
    case 'I': dce_info(dce, "%s", MODEM_IDENTITY); return CMD_OK;
    case 'L': case 'M': case 'X': case 'T': case 'P': return CMD_OK; /* no speaker, no tones */
    case 'O': return CMD_ERROR;           /* there is never a data call to go back to */
    case 'A': return dce_receive_answer(dce, now_ms);
    case 'D': return dce_send_dial(dce, cmd->value, now_ms);
    case 'H':
        /* ATH0: on hook at once, no DCN (class20-notes.md 4). */
        if (dce->state != DCE_IDLE)
            dce_end_call(dce, dce->state == DCE_RINGING ? "rejected" : "dte-hangup",
                         dce->state == DCE_RINGING ? HANGUP_NORMAL : HANGUP_ABORTED);
        return CMD_OK;
    case '&':
        if (strcmp(cmd->name, "&F") == 0)
            dce_params_reset(&dce->params);
        return CMD_OK;                    /* &C, &D, &K, &W: nothing to do on a pty */
    case 'S':
        if (strcmp(cmd->name, "S0") == 0) {
            if (cmd->op == AT_OP_SET)
                dce->params.s0 = strtol(cmd->value, NULL, 10);
            else if (cmd->op == AT_OP_QUERY)
                dce_info(dce, "%03ld", dce->params.s0);
        } else if (cmd->op == AT_OP_QUERY) {
            dce_info(dce, "000");
        }
        return CMD_OK;
    default:
        return CMD_ERROR;
    }
}

static void execute_line(class20_dce *dce, const char *text, size_t len, uint64_t now_ms)
{
    at_line line;
    char why[128] = "";
    at_parse_result parsed = at_parse_line(text, len, &line, why, sizeof(why));
    if (parsed == AT_PARSE_NOT_AT)
        return; /* V.250: a line without the AT prefix is ignored */
    dce->commands_seen++;
    sim_event(dce->config.events, "command", "%.*s", (int)len, text);
    if (parsed != AT_PARSE_OK) {
        sim_event(dce->config.events, "command-error", "%s",
                  parsed == AT_PARSE_TOO_LONG ? "line too long" : why);
        dce_result(dce, "ERROR");
        return;
    }
    for (size_t i = 0; i < line.count; i++) {
        const at_command *cmd = &line.commands[i];
        cmd_status status = cmd->name[0] == '+' ? dce_param_command(dce, cmd, now_ms)
                                                : basic_command(dce, cmd, now_ms);
        if (status == CMD_ERROR) {
            dce_result(dce, "ERROR");
            return;
        }
        if (status == CMD_STARTED || status == CMD_SILENT)
            return; /* the rest of the line is not executed, as after ATD */
    }
    dce_result(dce, "OK");
}

/* V.250 command line editing: echo, backspace, CR ends the line, LF is ignored. */
static void command_input(class20_dce *dce, unsigned char byte, uint64_t now_ms)
{
    if (dce->params.echo)
        byte_queue_put(&dce->out, &byte, 1);
    if (byte == '\r') {
        size_t len = dce->line_len;
        int overflow = dce->line_overflow;
        dce->line_len = 0;
        dce->line_overflow = 0;
        if (overflow) {
            sim_event(dce->config.events, "command-error", "line longer than %d", AT_MAX_LINE);
            dce_result(dce, "ERROR");
        } else if (len > 0) {
            execute_line(dce, dce->line, len, now_ms);
        }
        return;
    }
    if (byte == '\n' || byte == DC1 || byte == DC3)
        return;
    if (byte == '\b' || byte == 0x7f) {
        if (dce->line_len > 0)
            dce->line_len--;
        return;
    }
    if (dce->line_len == 0 && byte != 'A' && byte != 'a')
        return; /* noise before a command: no line starts until "A" */
    if (dce->line_len < AT_MAX_LINE)
        dce->line[dce->line_len++] = (char)byte;
    else
        dce->line_overflow = 1;
}

void dce_input(class20_dce *dce, const unsigned char *data, size_t len, uint64_t now_ms)
{
    size_t i = 0;
    while (i < len) {
        switch (dce->state) {
        case DCE_TX_DATA:
            /* Page data until the DTE ends it; what follows (commands typed after
             * DLE ETX) comes round the loop again in command mode. */
            i += dce_send_data(dce, data + i, len - i, now_ms);
            break;
        case DCE_RX_FDR:
        case DCE_RX_DATA:
            dce_receive_data_input(dce, &data[i++], 1, now_ms);
            break;
        case DCE_DIALING:
        case DCE_TX_PHASE_B:
        case DCE_TX_FDT:
        case DCE_TX_POST_PAGE:
        case DCE_ANSWERING:
            i++;
            abort_action(dce);
            break;
        case DCE_TX_HANGUP:
        case DCE_RX_HANGUP:
            i++; /* DCN is under way: nothing left to abort (class20-notes.md 7) */
            break;
        default:
            command_input(dce, data[i++], now_ms);
            break;
        }
        dce_run(dce, now_ms);
    }
}

/* --- control socket handles ---------------------------------------------------------------- */

int dce_ring(class20_dce *dce, const char *file, const char *caller_id, uint64_t now_ms,
             char *why, size_t why_size)
{
    if (dce->state != DCE_IDLE) {
        snprintf(why, why_size, "the line is busy (%s)", dce_state_name(dce->state));
        return -1;
    }
    if (remote_fax_prepare_ring(dce->config.remote, file, caller_id, why, why_size) != 0)
        return -1;
    dce->state = DCE_RINGING;
    dce->rings = 0;
    sim_event(dce->config.events, "incoming", "%s from \"%s\" pages=%u", file,
              dce->config.remote->remote_id, remote_fax_page_count(dce->config.remote));
    dce_schedule(dce, STEP_RING, 0, 0, now_ms);
    dce_run(dce, now_ms);
    return 0;
}

int dce_fail(class20_dce *dce, const char *what)
{
    if (strcmp(what, "disconnect") == 0)
        dce->fail_next = 1;
    else if (strcmp(what, "rtn") == 0)
        dce->fail_next = 2;
    else
        return -1;
    sim_event(dce->config.events, "fail-armed", "%s", what);
    return 0;
}

void dce_describe(const class20_dce *dce, char *buf, size_t size)
{
    char held[64] = "none", armed[64] = "none";
    if (dce->held)
        hold_point_format(&dce->held_at, held, sizeof(held));
    if (dce->armed.kind != HOLD_NONE)
        hold_point_format(&dce->armed, armed, sizeof(armed));
    snprintf(buf, size, "state=%s page=%u held=%s armed=%s hangup=%02X class=%s",
             dce_state_name(dce->state), dce->page, held, armed, (unsigned)dce->hangup_code,
             dce->params.fclass20 ? "2.0" : "0");
}
