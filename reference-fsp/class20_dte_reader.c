/*
 * class20_dte_reader.c - the Class 2.0 DTE's session record and its one reader of the
 * modem (see class20_dte_private.h): bytes in and out, response lines, final results,
 * and what information lines say. Section numbers cite docs/class20-notes.md.
 */
#include "class20_dte_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const outcome_names[] = {
    "completed", "aborted", "busy", "no dial tone", "no answer", "no carrier", "voice",
    "disconnected", "page rejected", "modem error", "document error",
};

const char *dte_outcome_name(dte_outcome outcome)
{
    size_t i = (size_t)outcome;
    return i < sizeof(outcome_names) / sizeof(outcome_names[0]) ? outcome_names[i] : "?";
}

/* --- the session record ------------------------------------------------------------- */

void c20_session_init(session *s, const dte_io *io, dte_result *result)
{
    memset(s, 0, sizeof(*s));
    memset(result, 0, sizeof(*result));
    result->outcome = DTE_COMPLETED;
    s->io = io;
    s->result = result;
    s->phase = PHASE_IDLE;
    s->fet = -1;
}

/* The first failure decides the outcome; later ones (often consequences) are dropped.
 * Returns -1, so that a step can end with `return c20_fail(...)`. */
int c20_fail(session *s, dte_outcome outcome, const char *fmt, ...)
{
    if (s->failed)
        return -1;
    s->failed = 1;
    s->result->outcome = outcome;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->result->detail, sizeof(s->result->detail), fmt, ap);
    va_end(ap);
    return -1;
}

/* Adds "; what" to the detail of a failed session (how the ending went). */
void c20_note(session *s, const char *fmt, ...)
{
    char *detail = s->result->detail;
    size_t used = strlen(detail);
    if (!s->failed || used + 3 >= sizeof(s->result->detail))
        return;
    memcpy(detail + used, "; ", 3);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail + used + 2, sizeof(s->result->detail) - used - 2, fmt, ap);
    va_end(ap);
}

void c20_event(session *s, dte_event ev, unsigned page)
{
    if (s->io->event)
        s->io->event(s->io->context, ev, page);
}

void c20_trace(session *s, const char *direction, const char *text)
{
    if (s->io->trace)
        s->io->trace(s->io->context, direction, text);
}

/* --- talking to the modem ------------------------------------------------------------ */

/* Every I/O result passes here. The first DTE_IO_ABORTED starts the cleanup: the FSP's
 * callbacks let I/O through again from begin_cleanup on, and say "aborted" no more
 * (class20_dte.h; the reference FSP's job ignores a further abort while it hangs up). A
 * lost line, or an io that says "aborted" after begin_cleanup all the same, stops all
 * further I/O: there is nothing more the session can do. */
static dte_io_status checked(session *s, dte_io_status status, unsigned timeout_ms)
{
    if (status == DTE_IO_OK)
        return status;
    s->io_status = status;
    s->io_timeout_ms = timeout_ms;
    s->noisy = 0;
    if (status == DTE_IO_LOST || (status == DTE_IO_ABORTED && s->cleanup_begun))
        s->stop = 1;
    if (status == DTE_IO_ABORTED && !s->cleanup_begun) {
        s->cleanup_begun = 1;
        s->io->begin_cleanup(s->io->context);
    }
    return status;
}

dte_io_status c20_send_bytes(session *s, const void *data, size_t size, size_t *written,
                             unsigned timeout_ms)
{
    size_t went = 0;
    dte_io_status status = s->stop ? s->io_status
        : checked(s, s->io->write(s->io->context, data, size, &went, timeout_ms),
                  timeout_ms);
    if (written)
        *written = went;
    return status;
}

/* The next byte from the modem. A LF right after the CR that ended a response line
 * belongs to that line and is dropped here, so page data after "CONNECT<CR><LF>"
 * starts with its first byte. */
dte_io_status c20_get_byte(session *s, unsigned timeout_ms, unsigned char *byte)
{
    for (;;) {
        if (s->in_pos == s->in_len) {
            size_t got = 0;
            if (s->stop)
                return s->io_status;
            dte_io_status status = s->io->read(s->io->context, s->in, sizeof(s->in), &got,
                                               timeout_ms);
            if (status == DTE_IO_OK && got == 0)
                status = DTE_IO_TIMEOUT;
            if (checked(s, status, timeout_ms) != DTE_IO_OK)
                return status;
            s->in_pos = 0;
            s->in_len = got < sizeof(s->in) ? got : sizeof(s->in);
        }
        *byte = s->in[s->in_pos++];
        int after_cr = s->after_cr;
        s->after_cr = 0;
        if (!(after_cr && *byte == '\n'))
            return DTE_IO_OK;
    }
}

/* The next response line, without CR LF, in s->line. Lines may come split over reads or
 * several in one; empty lines and bytes that are never part of a response (DC1/DC3 from
 * flow control, NUL, 8-bit noise) are skipped; an overlong line is cut. */
static dte_io_status next_line(session *s, unsigned timeout_ms)
{
    for (;;) {
        unsigned char c;
        dte_io_status status = c20_get_byte(s, timeout_ms, &c);
        if (status != DTE_IO_OK)
            return status;
        if (c == '\r' || c == '\n') {
            s->after_cr = c == '\r';
            if (s->line_len == 0)
                continue;
            s->line[s->line_len] = '\0';
            s->line_len = 0;
            c20_trace(s, "<", s->line);
            return DTE_IO_OK;
        }
        if (c >= 0x20 && c < 0x7f && s->line_len < sizeof(s->line) - 1)
            s->line[s->line_len++] = (char)c;
    }
}

/* Parses "vr,br,wd,ln,df,ec,bf,st" (+FIS:, +FCS:). T.32 writes them in hex
 * (docs/class20-notes.md 3.4); an empty or missing field leaves the value as it was
 * (docs/class20-notes.md 1.1). */
static void parse_params(const char *text, dte_params *p)
{
    unsigned *fields[8] = {&p->vr, &p->br, &p->wd, &p->ln, &p->df, &p->ec, &p->bf, &p->st};
    for (int i = 0; i < 8 && text; i++) {
        char *end;
        unsigned long value = strtoul(text, &end, 16);
        if (end != text && value <= 0xff)
            *fields[i] = (unsigned)value;
        text = strchr(end, ',');
        if (text)
            text++;
    }
}

/* +FCI:"ACME SALES" -> ACME SALES (quotes and padding spaces dropped, 20 at most). */
static void copy_id(char id[21], const char *text)
{
    while (*text == ' ' || *text == '"')
        text++;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '"'))
        n--;
    n = n < 20 ? n : 20;
    memcpy(id, text, n);
    id[n] = '\0';
}

/* Records what an information line says (docs/class20-notes.md 1.2, 1.3, 2, 3.1). */
static void take_info(session *s, const char *line)
{
    if (strcmp(line, "+FCO") == 0 && !s->fco) {
        s->fco = 1; /* a fax machine: the call is established (SEND-5) */
        c20_event(s, s->receiving ? DTE_EV_RECEIVING : DTE_EV_CONNECTED, 0);
    } else if (strncmp(line, "+FCI:", 5) == 0 || strncmp(line, "+FTI:", 5) == 0) {
        copy_id(s->result->remote_id, line + 5);
    } else if (strncmp(line, "+FIS:", 5) == 0) {
        parse_params(line + 5, &s->dis);
    } else if (strncmp(line, "+FCS:", 5) == 0) {
        parse_params(line + 5, &s->dcs);
    } else if (strncmp(line, "+FHS:", 5) == 0) {
        /* The call is over (the DCE is on hook); OK follows. Two hex digits. */
        s->result->hangup_code = (unsigned)strtoul(line + 5, NULL, 16) & 0xffu;
        s->fhs_count++;
        s->in_call = 0;
    } else if (strncmp(line, "+FET:", 5) == 0) {
        /* 0 MPS, 1 EOM, 2 EOP (docs/class20-notes.md 3.3) */
        s->fet = (int)strtol(line + 5, NULL, 16);
    }
    /* Anything else - RING, an echo, +FNF:, +FPS:, noise - tells us nothing we need. */
}

/* One response line: a final result, or an information line (recorded). */
static reply next_reply(session *s, unsigned timeout_ms)
{
    static const struct { const char *text; reply kind; int ends_call; } finals[] = {
        {"OK", REPLY_OK, 0}, {"ERROR", REPLY_ERROR, 0},
        {"NO CARRIER", REPLY_NO_CARRIER, 1}, {"BUSY", REPLY_BUSY, 1},
        {"NO DIALTONE", REPLY_NO_DIALTONE, 1}, {"NO DIAL TONE", REPLY_NO_DIALTONE, 1},
        {"NO ANSWER", REPLY_NO_ANSWER, 1},
    };
    if (next_line(s, timeout_ms) != DTE_IO_OK)
        return REPLY_IO_FAILED;
    reply kind = REPLY_INFO;
    if (strncmp(s->line, "CONNECT", 7) == 0) /* V.250 may add a speed: "CONNECT 9600" */
        kind = REPLY_CONNECT;
    for (size_t i = 0; i < sizeof(finals) / sizeof(finals[0]) && kind == REPLY_INFO; i++) {
        if (strcmp(s->line, finals[i].text) == 0) {
            kind = finals[i].kind;
            if (finals[i].ends_call)
                s->in_call = 0;
        }
    }
    if (kind == REPLY_INFO)
        take_info(s, s->line);
    else
        snprintf(s->last_final, sizeof(s->last_final), "%.39s", s->line);
    return kind;
}

/* Reads lines until a final result, recording information lines on the way. */
reply c20_wait_final(session *s, unsigned timeout_ms)
{
    for (int lines = 0; lines < MAX_NOISE_LINES; lines++) {
        reply kind = next_reply(s, timeout_ms);
        if (kind != REPLY_INFO && kind != REPLY_IO_FAILED)
            s->result_pending = 0;
        if (kind != REPLY_INFO)
            return kind;
    }
    s->io_status = DTE_IO_TIMEOUT;
    s->noisy = 1;
    return REPLY_IO_FAILED;
}

/* Sends one command line; traced without its CR. A line cut short leaves its first
 * bytes in the modem's command buffer: s->unsent says how many (c20_end_session erases
 * them). A line that went out whole is answered by a final result: result_pending. */
dte_io_status c20_send_command(session *s, const char *text, unsigned timeout_ms)
{
    char line[LONGEST_COMMAND];
    size_t n = strlen(text), written = 0;
    if (n + 1 > sizeof(line))
        return DTE_IO_TIMEOUT; /* cannot happen: our commands are short */
    c20_trace(s, ">", text);
    memcpy(line, text, n);
    line[n] = '\r';
    dte_io_status status = c20_send_bytes(s, line, n + 1, &written, timeout_ms);
    if (status == DTE_IO_OK)
        s->result_pending = 1;
    else
        s->unsent = written;
    return status;
}

dte_io_status c20_start_action(session *s, const char *text, action what)
{
    dte_io_status status = c20_send_command(s, text, COMMAND_TIMEOUT_MS);
    if (status != DTE_IO_OK)
        return status;   /* the modem did not get it: the phase stays as it was */
    s->phase = PHASE_ACTION;
    s->action = what;
    if (what == ACTION_DIAL || what == ACTION_ANSWER)
        s->in_call = 1;   /* off hook from now on, until a final result or +FHS says not */
    return status;
}

/* A command whose answer is a final result within timeout_ms. */
reply c20_command(session *s, const char *text, unsigned timeout_ms)
{
    /* Once an abort was seen - even by a read whose result was not needed, such as a
     * drain - no new command starts: the session's only way on is end_session, whose
     * steps do not come through here. Otherwise I/O let through again for the clean-up
     * would carry the rest of the session to its end, as if nothing had been aborted. */
    if (s->cleanup_begun) {
        s->io_status = DTE_IO_ABORTED; /* c20_io_failure() then says "aborted during ..." */
        return REPLY_IO_FAILED;
    }
    if (c20_send_command(s, text, timeout_ms) != DTE_IO_OK)
        return REPLY_IO_FAILED;
    return c20_wait_final(s, timeout_ms);
}

/* Reads and drops what the modem sends until it has been quiet for quiet_ms (0: what is
 * already waiting). A modem that never stops is left talking after MAX_PAGE_BYTES. */
void c20_drain(session *s, unsigned quiet_ms)
{
    unsigned char c;
    for (unsigned long n = 0; n < MAX_PAGE_BYTES; n++)
        if (c20_get_byte(s, quiet_ms, &c) != DTE_IO_OK)
            break;
    s->line_len = 0;
}
