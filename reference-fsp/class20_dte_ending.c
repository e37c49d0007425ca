/*
 * class20_dte_ending.c - how a Class 2.0 session ends (see class20_dte_private.h): what
 * went wrong, ending the call from the phase it is in as docs/class20-notes.md 4 and 7
 * say - aborted, failed or done - and dte_reset. Bare section numbers in this file, such
 * as (4.1), are docs/class20-notes.md's.
 */
#include "class20_dte_private.h"

#include <stdio.h>
#include <string.h>

/* --- what went wrong ----------------------------------------------------------------- */

/* The T.32 hangup codes (docs/class20-notes.md 3.1): the common ones by name, the rest by
 * range. */
static const char *hangup_text(unsigned code)
{
    static const struct { unsigned code; const char *text; } known[] = {
        {0x00, "normal end"}, {0x01, "ring without handshake"},
        {0x02, "aborted by the DTE"}, {0x03, "no loop current"},
        {0x04, "ringback, no answer"}, {0x05, "answered without fax tones"},
        {0x11, "no answer, T1 timeout"}, {0x25, "DCS sent 3 times without response"},
        {0x27, "failure to train"}, {0x43, "DTE-to-DCE data underflow"},
        {0x52, "no response to MPS"}, {0x54, "no response to EOP"},
        {0x56, "no response to EOM"}, {0x58, "unable to continue after PIN/PIP"},
        {0x73, "T2 timeout, page not received"}, {0x91, "missing EOL after 5 s"},
    };
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (known[i].code == code)
            return known[i].text;
    return code < 0x10 ? "call placement"     : code < 0x20 ? "transmit phase A error"
         : code < 0x40 ? "transmit phase B error" : code < 0x50 ? "transmit phase C error"
         : code < 0x70 ? "transmit phase D error" : code < 0x90 ? "receive phase B error"
         : code < 0xa0 ? "receive phase C error"  : code < 0xc0 ? "receive phase D error"
         : "vendor code";
}

/* What a +FHS code means for the caller of dte_send/dte_receive. */
static dte_outcome outcome_for_hangup(unsigned code)
{
    switch (code) {
    case 0x03: return DTE_NO_DIALTONE;           /* no loop current: no line */
    case 0x04: case 0x11: return DTE_NO_ANSWER;
    /* answered without CED (docs/class20-notes.md 1.2) */
    case 0x05: return DTE_VOICE;
    default: return DTE_DISCONNECTED;
    }
}

/* The I/O of a step failed (s->io_status says how). */
int c20_io_failure(session *s, const char *doing)
{
    if (s->io_status == DTE_IO_ABORTED)
        return c20_fail(s, DTE_ABORTED, "aborted during %s", doing);
    if (s->io_status == DTE_IO_LOST)
        return c20_fail(s, DTE_MODEM_ERROR, "line lost during %s", doing);
    if (s->noisy)
        return c20_fail(s, DTE_MODEM_ERROR, "%d lines but no result during %s",
                        MAX_NOISE_LINES,
                    doing);
    return c20_fail(s, DTE_MODEM_ERROR, "modem silent for %u s during %s",
                s->io_timeout_ms / 1000u, doing);
}

/* A step got a final result other than the one it waits for. */
int c20_step_failed(session *s, reply kind, const char *doing)
{
    const char *words = s->last_final;
    if (kind == REPLY_IO_FAILED)
        return c20_io_failure(s, doing);
    if (s->fhs_count > 0) { /* the call is over, and the code says why */
        unsigned code = s->result->hangup_code;
        return c20_fail(s, outcome_for_hangup(code), "%s: +FHS:%02X %s (%s)", doing, code,
                        words,
                    hangup_text(code));
    }
    switch (kind) {
    case REPLY_BUSY: return c20_fail(s, DTE_BUSY, "%s: %s", doing, words);
    case REPLY_NO_DIALTONE: return c20_fail(s, DTE_NO_DIALTONE, "%s: %s", doing, words);
    case REPLY_NO_ANSWER: return c20_fail(s, DTE_NO_ANSWER, "%s: %s", doing, words);
    case REPLY_NO_CARRIER:
        return c20_fail(s, s->fco ? DTE_DISCONNECTED : DTE_NO_CARRIER, "%s: %s", doing,
                        words);
    case REPLY_CONNECT:
        /* CONNECT to ATD/ATA is a data call (docs/class20-notes.md 1.2): not a fax
         * machine. */
        s->data_call = 1;
        return c20_fail(s, DTE_VOICE, "%s: %s (a data modem, not a fax machine)", doing,
                        words);
    default: /* ERROR, or OK where something else was due */
        return c20_fail(s, DTE_MODEM_ERROR, "%s: %s", doing, words);
    }
}

/* --- ending a session (docs/class20-notes.md 4 and 7) --------------------------------- */

static const unsigned char can_byte[] = {CAN};

/* Notes in a failed session's detail what the modem answered to an ending step:
 * "<CAN> -> +FHS:02 OK". */
static void heard(session *s, const char *shown, reply kind, unsigned fhs_before)
{
    if (kind == REPLY_IO_FAILED)
        c20_note(s, "%s -> nothing", shown);
    else if (s->fhs_count != fhs_before)
        c20_note(s, "%s -> +FHS:%02X %s", shown, s->result->hangup_code, s->last_final);
    else
        c20_note(s, "%s -> %s", shown, s->last_final);
}

/* One step of ending: send `bytes` (`shown` in the trace and the detail) and take the
 * final result within the short cleanup time. */
static reply ending_step(session *s, const void *bytes, size_t size, const char *shown)
{
    if (s->stop)
        return REPLY_IO_FAILED;
    unsigned fhs_before = s->fhs_count;
    reply kind = REPLY_IO_FAILED;
    c20_trace(s, ">", shown);
    if (c20_send_bytes(s, bytes, size, NULL, CLEANUP_TIMEOUT_MS) == DTE_IO_OK)
        kind = c20_wait_final(s, CLEANUP_TIMEOUT_MS);
    heard(s, shown, kind, fhs_before);
    return kind;
}

/* docs/class20-notes.md 4.2: CAN during +FDR data. The DCE ends its stream with DLE ETX,
 * does an implied +FKS and reports +FHS:02 OK; the rest of the page is read and dropped. */
static void cancel_reception(session *s)
{
    unsigned fhs_before = s->fhs_count;
    reply kind = REPLY_IO_FAILED;
    c20_trace(s, ">", "<CAN>");
    if (c20_send_bytes(s, can_byte, 1, NULL, CLEANUP_TIMEOUT_MS) != DTE_IO_OK)
        return;
    if (c20_receive_data(s, CLEANUP_TIMEOUT_MS, 0) == 0)
        kind = c20_wait_final(s, CLEANUP_TIMEOUT_MS);
    heard(s, "<CAN>", kind, fhs_before);
}

/* CONNECT to ATD/ATA put us online with a data modem, where "AT" is data. V.250's
 * escape: a second of silence, "+++", a second of silence (the modem then says OK);
 * ATH0 then hangs up. */
static void escape_data_call(session *s)
{
    c20_drain(s, 1000);
    c20_trace(s, ">", "+++");
    if (c20_send_bytes(s, "+++", 3, NULL, CLEANUP_TIMEOUT_MS) == DTE_IO_OK)
        c20_wait_final(s, 2000);
    s->data_call = 0;
    s->in_call = 0; /* ATH0 ends a data call; +FKS is for fax calls */
}

/* A command line whose write was cut short sits half-sent in the modem's command
 * buffer, and whatever we send next would be appended to it: "ATD55" + "AT+FKS<CR>"
 * dials. One backspace per character that went erases it (V.250 line editing); the
 * line had no CR yet, so the modem never ran it and answers nothing. */
static void erase_unsent(session *s, size_t count)
{
    unsigned char erase[LONGEST_COMMAND];
    char shown[24];
    count = count < sizeof(erase) ? count : sizeof(erase);
    memset(erase, BS, count);
    snprintf(shown, sizeof(shown), "<BS> x %lu", (unsigned long)count);
    c20_trace(s, ">", shown);
    c20_send_bytes(s, erase, count, NULL, CLEANUP_TIMEOUT_MS);
    s->unsent = 0;
}

/* The <CAN> that aborts an action command (4.1), and what its answer means. CAN,
 * because during +FDR it is also the escape from reception (4.2), and a modem in
 * command mode ignores it. The answer may be the action's own result, sent before the
 * CAN arrived: OK moves the call to command mode; CONNECT to +FDT to page data, where
 * only DLE ETX ends it; CONNECT to +FDR leaves the DCE waiting for DC2, where it heard
 * our CAN: its +FHS:02 OK follows; CONNECT to ATD/ATA is a data call. */
static void abort_action(session *s)
{
    reply kind = ending_step(s, can_byte, 1, "<CAN>");
    s->phase = PHASE_COMMAND;
    if (kind != REPLY_CONNECT)
        return;   /* NO CARRIER (before +FCO), +FHS:02 OK (after), or the action's OK */
    if (s->action == ACTION_FDT)
        s->phase = PHASE_SEND_DATA;
    else if (s->action == ACTION_FDR)
        c20_wait_final(s, CLEANUP_TIMEOUT_MS);
    else
        s->data_call = 1;
}

/* One step of ending from the phase the session is in; the phase it leaves the session
 * in (PHASE_COMMAND when the call is back in command mode). */
static void end_phase(session *s)
{
    static const unsigned char end_data[] = {DLE, ETX, DLE, ETX};
    switch (s->phase) {
    case PHASE_ACTION:
        abort_action(s);
        return;
    case PHASE_SEND_DATA:
        /* 4.5: in +FDT data a CAN or "AT" is page data; only DLE ETX ends it (the DCE
         * drops the page, says OK), also while it holds us with XOFF. Twice, as mgetty
         * does: should an aborted write have left half a DLE pair, the second pair still
         * ends the data; otherwise it lands in command mode, which ignores it. */
        ending_step(s, end_data, sizeof(end_data), "<DLE><ETX><DLE><ETX>");
        break;
    case PHASE_POST_PAGE:
        /* 7: DLE ppm is out, the answer pending: any byte aborts (+FHS:02 OK, the page
         * unconfirmed). If the remote had confirmed the last page already, DCN is under
         * way: the byte is ignored, +FHS:00 OK still comes, and the page counts. */
        c20_page_answer(s, ending_step(s, can_byte, 1, "<CAN>"));
        break;
    case PHASE_RECV_DATA:
        cancel_reception(s);
        break;
    case PHASE_RECV_STATUS:
        c20_wait_final(s, CLEANUP_TIMEOUT_MS); /* the page's own OK; AT+FKS follows */
        break;
    case PHASE_IDLE:
    case PHASE_COMMAND:
        break;
    }
    s->phase = PHASE_COMMAND;
}

/* Ends the session from its phase as docs/class20-notes.md 4 and 7 say, then ATH0: the
 * one way out of every session, aborted, failed or done. Every step is answered at once
 * by a modem that got what came before, so none waits out its timeout: a half-sent
 * command is erased (no answer is due), a command that went out whole has its answer
 * read first, and an action's own result, if it crossed our <CAN>, moves the ending on
 * (abort_action). */
void c20_end_session(session *s)
{
    if (s->unsent > 0)
        erase_unsent(s, s->unsent);
    if (s->result_pending && (s->phase == PHASE_IDLE || s->phase == PHASE_COMMAND))
        c20_wait_final(s, CLEANUP_TIMEOUT_MS);   /* a command's answer, due at once */
    if (s->phase == PHASE_IDLE)
        return; /* setup only: no call to end */
    /* At most three steps: ACTION -> SEND_DATA (a CONNECT crossed our CAN) -> COMMAND. */
    for (int steps = 0; steps < 3 && s->phase != PHASE_COMMAND; steps++)
        end_phase(s);
    if (s->data_call)
        escape_data_call(s);
    if (s->in_call)
        ending_step(s, "AT+FKS\r", 7, "AT+FKS"); /* 4.3: DCN, +FHS:02, OK */
    ending_step(s, "ATH0\r", 5, "ATH0");         /* 4.4: on hook, whatever happened */
}

/* --- reset ---------------------------------------------------------------------------- */

/* Whatever the modem is doing, one of these ends it (docs/class20-notes.md 4): backspaces
 * erase a half-sent command line (see erase_unsent; here all of the longest one), the first
 * byte aborts an action command, DLE ETX ends +FDT data (twice: see end_phase), CAN ends
 * +FDR data. In command mode a modem ignores them all. Then AT+FKS ends a call in command
 * mode (idle: just OK), ATH0 puts it on hook, and "AT" must answer OK. */
dte_io_status dte_reset(const dte_io *io)
{
    static const unsigned char stop[] = {DLE, ETX, DLE, ETX, CAN};
    dte_result scratch;
    session s;
    c20_session_init(&s, io, &scratch);
    erase_unsent(&s, LONGEST_COMMAND);
    c20_trace(&s, ">", "<DLE><ETX><DLE><ETX><CAN>");
    c20_send_bytes(&s, stop, sizeof(stop), NULL, CLEANUP_TIMEOUT_MS);
    c20_drain(&s, RESET_QUIET_MS); /* NO CARRIER, +FHS:02 OK, the rest of a page, XON */
    c20_command(&s, "AT+FKS", CLEANUP_TIMEOUT_MS);
    c20_command(&s, "ATH0", CLEANUP_TIMEOUT_MS);
    reply kind = c20_command(&s, "AT", CLEANUP_TIMEOUT_MS);
    if (kind == REPLY_IO_FAILED)
        return s.io_status;
    if (kind != REPLY_OK)
        return DTE_IO_TIMEOUT; /* the modem talks, but not sense */
    return s.cleanup_begun ? DTE_IO_ABORTED : DTE_IO_OK;
}

