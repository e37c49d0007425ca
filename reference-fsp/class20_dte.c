/*
 * class20_dte.c - the reference FSP's Class 2.0 DTE (see class20_dte.h).
 *
 * Section numbers ("notes 4.5") are those of class20-notes.md. Read top to bottom: the
 * session record, talking to the modem, what went wrong, ending a session, setup,
 * sending, receiving, dte_reset.
 *
 * Three rules carry the design:
 * 1. One reader of the modem. Every response line goes through next_reply(), which
 *    records what information lines say (+FCO, +FCI/+FTI, +FIS, +FCS, +FHS, +FET) and
 *    passes over the rest (RING, an echo, noise). A step then only looks at the final
 *    result: OK, CONNECT, ERROR, NO CARRIER, BUSY, ...
 * 2. The session always knows its phase: which of the abort procedures of notes 4 and 7
 *    applies at this moment. end_session() runs that procedure however a session ends -
 *    aborted, failed or done - and always finishes with ATH0, as HylaFAX and efax do
 *    (notes 4.4). So the modem ends on hook on every path.
 * 3. The first thing that goes wrong decides the outcome (fail()); what the ending learns
 *    later (a page confirmed after all, a +FHS code) only adds facts.
 *
 * The phases of a session (enum phase) and how end_session() ends it from each:
 *
 *   phase        entered when                     ended by
 *   IDLE         the session starts (setup)       nothing: no call yet
 *   ACTION       ATD, ATA, AT+FDT, AT+FDR is sent <CAN>: any byte aborts it (4.1)
 *   COMMAND      the final result came            AT+FKS, if a call is up (4.3)
 *   SEND_DATA    CONNECT to AT+FDT                <DLE><ETX> (4.5), then AT+FKS
 *   POST_PAGE    DLE ppm is written               <CAN> (7, post-page)
 *   RECV_DATA    DC2 is written after CONNECT     <CAN>, read on to DLE ETX (4.2)
 *   RECV_STATUS  the page's DLE ETX came          its OK, then AT+FKS
 *   and from every phase but IDLE, ATH0 last (4.4).
 *
 * Waits are per read: each step allows a protocol timeout of silence, and a modem that
 * keeps talking without ever giving a result is cut off after MAX_NOISE_LINES lines.
 * Together they bound every wait without a clock (this file makes no OS calls).
 */
#include "class20_dte.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Protocol timeouts: how long the modem may stay silent in each step. */
#define COMMAND_TIMEOUT_MS   5000u  /* a parameter command: any modem answers at once */
#define DIAL_TIMEOUT_MS     90000u  /* ATD to OK: dial, ring, T.30 T1 (35 s), phase B */
#define ANSWER_TIMEOUT_MS   60000u  /* ATA to OK: CED, DIS, DCS, TCF; T1 with margin */
#define FDT_TIMEOUT_MS      60000u  /* AT+FDT to CONNECT: DCS, TCF, CFR, retrains */
#define FDR_TIMEOUT_MS      60000u  /* AT+FDR to CONNECT / +FHS: T2 (6 s), retrains */
#define PAGE_TIMEOUT_MS     60000u  /* silence in page data, XOFF held, post-page answer
                                     * (3 tries of T4 plus the DCE draining its buffer) */
#define CLEANUP_TIMEOUT_MS   3000u  /* each step of ending a call: DCN takes about 1 s */
#define RESET_QUIET_MS       1000u  /* dte_reset: the modem has said all it had to */

#define MAX_NOISE_LINES        64   /* lines without a final result in one wait */
#define MAX_PAGE_BYTES  (16ul << 20) /* a received page bigger than this is not a fax */
#define MAX_RECEIVE_PAGES     999   /* a caller sending more is a modem gone wrong */
#define MAX_NUMBER_LENGTH      60
#define WRITE_CHUNK           256   /* page bytes per write: how late an XOFF is seen */
#define FDT_TRIES               3   /* AT+FDT answered OK, not CONNECT: HylaFAX retries */
#define LONGEST_COMMAND        80   /* "ATD" + number + CR, our longest command line */
_Static_assert(LONGEST_COMMAND >= 4 + MAX_NUMBER_LENGTH, "ATD + number + CR must fit");

#define ETX 0x03
#define BS  0x08    /* V.250 command line editing: erases the last character */
#define DLE 0x10
#define DC1 0x11    /* XON */
#define DC2 0x12    /* receive: "send the page data now" (notes 2) */
#define DC3 0x13    /* XOFF */
#define CAN 0x18
#define SUB 0x1a

/* What ending the session takes at this moment (notes 4 and 7). */
typedef enum phase {
    PHASE_IDLE,         /* setup: no call placed or answered, nothing to end */
    PHASE_COMMAND,      /* in command mode (a call may be up: AT+FKS ends it, 4.3) */
    PHASE_ACTION,       /* ATD, ATA, +FDT or +FDR sent, its result not in: any byte
                         * aborts it (4.1) */
    PHASE_SEND_DATA,    /* inside +FDT data: only DLE ETX reaches the DCE (4.5) */
    PHASE_POST_PAGE,    /* DLE ppm sent, OK/ERROR not in: any byte aborts (7) */
    PHASE_RECV_DATA,    /* inside +FDR data: CAN, the DCE ends with DLE ETX (4.2) */
    PHASE_RECV_STATUS   /* the page's DLE ETX is in; +FPS +FET OK are on their way */
} phase;

typedef enum reply {
    REPLY_INFO,         /* an information line: read on */
    REPLY_OK, REPLY_CONNECT, REPLY_ERROR, REPLY_NO_CARRIER, REPLY_BUSY,
    REPLY_NO_DIALTONE, REPLY_NO_ANSWER,
    REPLY_IO_FAILED     /* the I/O failed or the modem never said a result: io_status */
} reply;

enum { PAGE_CONFIRMED = 1, PAGE_RTN = 2 };   /* page_answer(); -1 ends the session */

typedef struct session {
    const dte_io *io;
    dte_result *result;
    phase phase;
    int receiving;          /* dte_receive (events and words differ a little) */
    int in_call;            /* off hook: no +FHS and no final dial result seen yet */
    int data_call;          /* CONNECT to ATD/ATA: online in data mode */
    int failed;             /* result->outcome is decided */
    int cleanup_begun;      /* begin_cleanup was called */
    int stop;               /* line lost, or aborted again while ending: no more I/O */
    dte_io_status io_status;  /* of the I/O that failed */
    unsigned io_timeout_ms;   /* the wait that ran out */
    int noisy;              /* ... or the modem talked MAX_NOISE_LINES without a result */
    size_t unsent;          /* a command line whose write failed: this much of it may sit
                             * in the modem's command buffer */
    /* input: bytes read but not used yet, and the response line being assembled */
    unsigned char in[512];
    size_t in_pos, in_len;
    int after_cr;           /* a LF now still belongs to the last line */
    char line[128];
    size_t line_len;
    char last_final[40];    /* the last final result line, for messages */
    unsigned fhs_count;     /* +FHS lines seen (the code is in result->hangup_code) */
    /* what the modem has told us */
    int fco;                /* +FCO: a fax machine is on the line */
    int fet;                /* receive: +FET of the last page, -1 none */
    dte_params dis;         /* send: the remote's DIS (+FIS:) */
    dte_params dcs;         /* the DCS in force: chosen with AT+FIS, reported by +FCS: */
    /* the page at hand */
    unsigned page;          /* from 1 */
    unsigned page_count;    /* send */
    int xoff;               /* send: the DCE said XOFF and not yet XON */
    unsigned xoffs;
    const dte_receive_request *rx;
    unsigned char *rx_buf;  /* receive: the page, DLE unstuffed */
    size_t rx_len, rx_cap;
    int rx_dle;             /* the last byte read was a DLE */
} session;

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

static void session_init(session *s, const dte_io *io, dte_result *result)
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
 * Returns -1, so that a step can end with `return fail(...)`. */
static int fail(session *s, dte_outcome outcome, const char *fmt, ...)
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
static void note(session *s, const char *fmt, ...)
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

static void event(session *s, dte_event ev, unsigned page)
{
    if (s->io->event)
        s->io->event(s->io->context, ev, page);
}

static void trace(session *s, const char *direction, const char *text)
{
    if (s->io->trace)
        s->io->trace(s->io->context, direction, text);
}

/* --- talking to the modem ------------------------------------------------------------ */

/* Every I/O result passes here. The first DTE_IO_ABORTED starts the cleanup: the FSP's
 * callbacks let I/O through again from begin_cleanup on. A lost line, or an abort that
 * comes while the session is already ending, stops all further I/O. */
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

static dte_io_status send_bytes(session *s, const void *data, size_t size, unsigned timeout_ms)
{
    if (s->stop)
        return s->io_status;
    return checked(s, s->io->write(s->io->context, data, size, timeout_ms), timeout_ms);
}

/* The next byte from the modem. A LF right after the CR that ended a response line
 * belongs to that line and is dropped here, so page data after "CONNECT<CR><LF>"
 * starts with its first byte. */
static dte_io_status get_byte(session *s, unsigned timeout_ms, unsigned char *byte)
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
        dte_io_status status = get_byte(s, timeout_ms, &c);
        if (status != DTE_IO_OK)
            return status;
        if (c == '\r' || c == '\n') {
            s->after_cr = c == '\r';
            if (s->line_len == 0)
                continue;
            s->line[s->line_len] = '\0';
            s->line_len = 0;
            trace(s, "<", s->line);
            return DTE_IO_OK;
        }
        if (c >= 0x20 && c < 0x7f && s->line_len < sizeof(s->line) - 1)
            s->line[s->line_len++] = (char)c;
    }
}

/* Parses "vr,br,wd,ln,df,ec,bf,st" (+FIS:, +FCS:). T.32 writes them in hex (notes 3.4);
 * an empty or missing field leaves the value as it was (notes 1.1). */
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

/* Records what an information line says (notes 1.2, 1.3, 2, 3.1). */
static void take_info(session *s, const char *line)
{
    if (strcmp(line, "+FCO") == 0 && !s->fco) {
        s->fco = 1; /* a fax machine: the call is established (SEND-5) */
        event(s, s->receiving ? DTE_EV_RECEIVING : DTE_EV_CONNECTED, 0);
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
        s->fet = (int)strtol(line + 5, NULL, 16); /* 0 MPS, 1 EOM, 2 EOP (notes 3.3) */
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
static reply wait_final(session *s, unsigned timeout_ms)
{
    for (int lines = 0; lines < MAX_NOISE_LINES; lines++) {
        reply kind = next_reply(s, timeout_ms);
        if (kind != REPLY_INFO)
            return kind;
    }
    s->io_status = DTE_IO_TIMEOUT;
    s->noisy = 1;
    return REPLY_IO_FAILED;
}

/* Sends one command line; traced without its CR. */
static dte_io_status send_command(session *s, const char *text, unsigned timeout_ms)
{
    char line[LONGEST_COMMAND];
    size_t n = strlen(text);
    if (n + 1 > sizeof(line))
        return DTE_IO_TIMEOUT; /* cannot happen: our commands are short */
    trace(s, ">", text);
    memcpy(line, text, n);
    line[n] = '\r';
    dte_io_status status = send_bytes(s, line, n + 1, timeout_ms);
    if (status != DTE_IO_OK)
        s->unsent = n + 1;
    return status;
}

/* A command whose answer is a final result within timeout_ms. */
static reply command(session *s, const char *text, unsigned timeout_ms)
{
    /* Once an abort was seen - even by a read whose result was not needed, such as a
     * drain - no new command starts: the session's only way on is end_session, whose
     * steps do not come through here. Otherwise I/O let through again for the clean-up
     * would carry the rest of the session to its end, as if nothing had been aborted. */
    if (s->cleanup_begun) {
        s->io_status = DTE_IO_ABORTED; /* io_failure() then says "aborted during ..." */
        return REPLY_IO_FAILED;
    }
    if (send_command(s, text, timeout_ms) != DTE_IO_OK)
        return REPLY_IO_FAILED;
    return wait_final(s, timeout_ms);
}

/* --- what went wrong ----------------------------------------------------------------- */

/* The T.32 hangup codes (notes 3.1): the common ones by name, the rest by range. */
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
    case 0x05: return DTE_VOICE;                 /* answered without CED (notes 1.2) */
    default: return DTE_DISCONNECTED;
    }
}

/* The I/O of a step failed (s->io_status says how). */
static int io_failure(session *s, const char *doing)
{
    if (s->io_status == DTE_IO_ABORTED)
        return fail(s, DTE_ABORTED, "aborted during %s", doing);
    if (s->io_status == DTE_IO_LOST)
        return fail(s, DTE_MODEM_ERROR, "line lost during %s", doing);
    if (s->noisy)
        return fail(s, DTE_MODEM_ERROR, "%d lines but no result during %s", MAX_NOISE_LINES,
                    doing);
    return fail(s, DTE_MODEM_ERROR, "modem silent for %u s during %s",
                s->io_timeout_ms / 1000u, doing);
}

/* A step got a final result other than the one it waits for. */
static int step_failed(session *s, reply kind, const char *doing)
{
    const char *words = s->last_final;
    if (kind == REPLY_IO_FAILED)
        return io_failure(s, doing);
    if (s->fhs_count > 0) { /* the call is over, and the code says why */
        unsigned code = s->result->hangup_code;
        return fail(s, outcome_for_hangup(code), "%s: +FHS:%02X %s (%s)", doing, code, words,
                    hangup_text(code));
    }
    switch (kind) {
    case REPLY_BUSY: return fail(s, DTE_BUSY, "%s: %s", doing, words);
    case REPLY_NO_DIALTONE: return fail(s, DTE_NO_DIALTONE, "%s: %s", doing, words);
    case REPLY_NO_ANSWER: return fail(s, DTE_NO_ANSWER, "%s: %s", doing, words);
    case REPLY_NO_CARRIER:
        return fail(s, s->fco ? DTE_DISCONNECTED : DTE_NO_CARRIER, "%s: %s", doing, words);
    case REPLY_CONNECT:
        /* CONNECT to ATD/ATA is a data call (notes 1.2): not a fax machine. */
        s->data_call = 1;
        return fail(s, DTE_VOICE, "%s: %s (a data modem, not a fax machine)", doing, words);
    default: /* ERROR, or OK where something else was due */
        return fail(s, DTE_MODEM_ERROR, "%s: %s", doing, words);
    }
}

/* --- ending a session (notes 4 and 7) -------------------------------------------------- */

static int page_answer(session *s, reply kind);                 /* sending, below */
static int receive_data(session *s, unsigned timeout_ms, int keep); /* receiving, below */

static const unsigned char can_byte[] = {CAN};

/* Notes in a failed session's detail what the modem answered to an ending step:
 * "<CAN> -> +FHS:02 OK". */
static void heard(session *s, const char *shown, reply kind, unsigned fhs_before)
{
    if (kind == REPLY_IO_FAILED)
        note(s, "%s -> nothing", shown);
    else if (s->fhs_count != fhs_before)
        note(s, "%s -> +FHS:%02X %s", shown, s->result->hangup_code, s->last_final);
    else
        note(s, "%s -> %s", shown, s->last_final);
}

/* One step of ending: send `bytes` (`shown` in the trace and the detail) and take the
 * final result within the short cleanup time. */
static reply ending_step(session *s, const void *bytes, size_t size, const char *shown)
{
    if (s->stop)
        return REPLY_IO_FAILED;
    unsigned fhs_before = s->fhs_count;
    reply kind = REPLY_IO_FAILED;
    trace(s, ">", shown);
    if (send_bytes(s, bytes, size, CLEANUP_TIMEOUT_MS) == DTE_IO_OK)
        kind = wait_final(s, CLEANUP_TIMEOUT_MS);
    heard(s, shown, kind, fhs_before);
    return kind;
}

/* Reads and drops what the modem sends until it has been quiet for quiet_ms (0: what is
 * already waiting). A modem that never stops is left talking after MAX_PAGE_BYTES. */
static void drain(session *s, unsigned quiet_ms)
{
    unsigned char c;
    for (unsigned long n = 0; n < MAX_PAGE_BYTES; n++)
        if (get_byte(s, quiet_ms, &c) != DTE_IO_OK)
            break;
    s->line_len = 0;
}

/* Notes 4.2: CAN during +FDR data. The DCE ends its stream with DLE ETX, does an
 * implied +FKS and reports +FHS:02 OK; the rest of the page is read and dropped. */
static void cancel_reception(session *s)
{
    unsigned fhs_before = s->fhs_count;
    reply kind = REPLY_IO_FAILED;
    trace(s, ">", "<CAN>");
    if (send_bytes(s, can_byte, 1, CLEANUP_TIMEOUT_MS) != DTE_IO_OK)
        return;
    if (receive_data(s, CLEANUP_TIMEOUT_MS, 0) == 0)
        kind = wait_final(s, CLEANUP_TIMEOUT_MS);
    heard(s, "<CAN>", kind, fhs_before);
}

/* CONNECT to ATD/ATA put us online with a data modem, where "AT" is data. V.250's
 * escape: a second of silence, "+++", a second of silence (the modem then says OK);
 * ATH0 then hangs up. */
static void escape_data_call(session *s)
{
    drain(s, 1000);
    trace(s, ">", "+++");
    if (send_bytes(s, "+++", 3, CLEANUP_TIMEOUT_MS) == DTE_IO_OK)
        wait_final(s, 2000);
    s->data_call = 0;
    s->in_call = 0; /* ATH0 ends a data call; +FKS is for fax calls */
}

/* A command line whose write was cancelled may sit half-sent in the modem's command
 * buffer, and whatever we send next would be appended to it: "ATD55" + "AT+FKS<CR>"
 * dials. One backspace per character of it erases it (V.250 line editing); if the whole
 * line went through, the first backspace is the byte that aborts the command (4.1). */
static void erase_unsent(session *s, size_t count)
{
    unsigned char erase[LONGEST_COMMAND];
    char shown[24];
    count = count < sizeof(erase) ? count : sizeof(erase);
    memset(erase, BS, count);
    snprintf(shown, sizeof(shown), "<BS> x %lu", (unsigned long)count);
    trace(s, ">", shown);
    send_bytes(s, erase, count, CLEANUP_TIMEOUT_MS);
    s->unsent = 0;
}

/* Ends the session from its phase as notes 4 and 7 say, then ATH0: the one way out of
 * every session, aborted, failed or done. */
static void end_session(session *s)
{
    static const unsigned char end_data[] = {DLE, ETX, DLE, ETX};
    if (s->unsent > 0)
        erase_unsent(s, s->unsent);
    switch (s->phase) {
    case PHASE_IDLE:
        return; /* setup only: no call to end */
    case PHASE_ACTION:
        /* 4.1: any byte aborts ATD, ATA, +FDT or +FDR. CAN, because during +FDR it is
         * also the escape from reception (4.2), and a modem in command mode ignores it.
         * NO CARRIER (before +FCO) or +FHS:02 OK (after) end the call. */
        ending_step(s, can_byte, 1, "<CAN>");
        break;
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
        page_answer(s, ending_step(s, can_byte, 1, "<CAN>"));
        break;
    case PHASE_RECV_DATA:
        cancel_reception(s);
        break;
    case PHASE_RECV_STATUS:
        wait_final(s, CLEANUP_TIMEOUT_MS); /* the page's own OK; AT+FKS follows */
        break;
    case PHASE_COMMAND:
        break;
    }
    if (s->data_call)
        escape_data_call(s);
    if (s->in_call)
        ending_step(s, "AT+FKS\r", 7, "AT+FKS"); /* 4.3: DCN, +FHS:02, OK */
    ending_step(s, "ATH0\r", 5, "ATH0");         /* 4.4: on hook, whatever happened */
}

/* --- setup (notes 1.1) ------------------------------------------------------------------ */

static void format_params(char *out, size_t size, const char *prefix, const dte_params *p)
{
    snprintf(out, size, "%s%X,%X,%X,%X,%X,%X,%X,%X", prefix, p->vr, p->br, p->wd, p->ln,
             p->df, p->ec, p->bf, p->st);
}

/* AT+FLI="id": printable characters except the quote, 20 at most. */
static void format_id(char *out, size_t size, const char *id)
{
    char clean[21];
    size_t n = 0;
    for (; id && *id && n < 20; id++)
        if (*id >= 0x20 && *id < 0x7f && *id != '"')
            clean[n++] = *id;
    clean[n] = '\0';
    snprintf(out, size, "AT+FLI=\"%s\"", clean);
}

/* The setup efax -o0 sends (notes 1.1, 5), with +FCC/+FIS as HylaFAX sets them. Our
 * capabilities: VR as given, up to 14400 bit/s, A4, any length, MH or MR - never MMR or
 * ECM on the line (notes 3.4). */
static int setup(session *s, const char *local_id, unsigned vr)
{
    const dte_params ours = {vr, 5, 0, 2, 1, 0, 0, 0};
    char fcc[48], fis[48], fli[40];
    format_params(fcc, sizeof(fcc), "AT+FCC=", &ours);
    format_params(fis, sizeof(fis), "AT+FIS=", &ours);
    format_id(fli, sizeof(fli), local_id);
    s->dis = s->dcs = ours; /* until the modem reports otherwise */
    const char *const commands[] = {
        "AT+FCLASS=2.0",  /* Class 2.0: +F commands, hex +FHS codes, DLE ppm (notes 5) */
        "AT+FNR=1,1,1,0", /* report +FIS: (DIS), +FCS: (DCS), +FCI:/+FTI:; no NSF */
        "AT+FLO=1",       /* XON/XOFF, the flow control serial, pty and TCP all carry (4) */
        "AT+FBO=0",       /* direct bit order: page bytes LSB first (notes 4, 6) */
        "AT+FCR=1",       /* able to receive (notes 2) */
        fcc,              /* what the DCE may do */
        fis,              /* what we offer; our DIS when we receive */
        fli,              /* our TSI / CSI */
    };
    drain(s, 0); /* what an earlier session left unread */
    /* ATE0V1Q0: no echo, result words (we parse words), results on. Line noise before it
     * makes one bad line with it, answered ERROR: so one ERROR is allowed. */
    reply kind = command(s, "ATE0V1Q0", COMMAND_TIMEOUT_MS);
    if (kind == REPLY_ERROR)
        kind = command(s, "ATE0V1Q0", COMMAND_TIMEOUT_MS);
    if (kind != REPLY_OK)
        return step_failed(s, kind, "ATE0V1Q0");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        kind = command(s, commands[i], COMMAND_TIMEOUT_MS);
        if (kind != REPLY_OK)
            return step_failed(s, kind, commands[i]);
    }
    return 0;
}

/* "fine, MR, 14400 bit/s" */
static void describe(const dte_params *p, char *out, size_t size)
{
    snprintf(out, size, "%s, %s, %u bit/s", p->vr & 1u ? "fine" : "normal",
             p->df ? "MR" : "MH", (p->br + 1) * 2400u);
}

/* --- sending (notes 1) --------------------------------------------------------------------- */

/* ATD and phase B (notes 1.2): +FCO (a fax machine answered), +FCI:, +FIS:, OK. Any other
 * ending - BUSY, NO DIALTONE, NO ANSWER, NO CARRIER, +FHS:xx OK - is step_failed's. */
static int dial(session *s, const char *number)
{
    char command_line[8 + MAX_NUMBER_LENGTH];
    if (!number || !number[0] || strlen(number) > MAX_NUMBER_LENGTH ||
        strpbrk(number, "\r\n;\""))
        return fail(s, DTE_MODEM_ERROR, "refusing to dial \"%.40s\"", number ? number : "");
    snprintf(command_line, sizeof(command_line), "ATD%s", number);
    event(s, DTE_EV_DIALING, 0);
    s->phase = PHASE_ACTION;
    s->in_call = 1;
    if (send_command(s, command_line, COMMAND_TIMEOUT_MS) != DTE_IO_OK)
        return io_failure(s, command_line);
    reply kind = wait_final(s, DIAL_TIMEOUT_MS);
    if (kind == REPLY_IO_FAILED)
        return io_failure(s, command_line);
    s->phase = PHASE_COMMAND;
    if (kind == REPLY_OK && s->fhs_count == 0)
        return 0;
    return step_failed(s, kind, command_line);
}

/* Phase B is over and the remote's DIS is in s->dis. We choose the DCS ourselves - our
 * resolution if the remote takes fine, MR if it decodes 2-D, its fastest rate (up to
 * 14400), its minimum scan time - and set it with AT+FIS before AT+FDT, as HylaFAX and
 * efax do (notes 1.3). So a page can be encoded before CONNECT; +FCS: confirms it. */
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
    format_params(fis, sizeof(fis), "AT+FIS=", &dcs);
    reply kind = command(s, fis, COMMAND_TIMEOUT_MS);
    return kind == REPLY_OK ? 0 : step_failed(s, kind, fis);
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
        return fail(s, DTE_DOCUMENT_ERROR, "page %u: no %s %s data from the document",
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

/* AT+FDT (notes 1.3): the DCE sends DCS and trains, reports +FCS:, says CONNECT. */
static int start_page(session *s)
{
    char doing[40];
    snprintf(doing, sizeof(doing), "AT+FDT for page %u", s->page);
    for (int tries = 0; tries < FDT_TRIES; tries++) {
        s->phase = PHASE_ACTION;
        if (send_command(s, "AT+FDT", COMMAND_TIMEOUT_MS) != DTE_IO_OK)
            return io_failure(s, doing);
        reply kind = wait_final(s, FDT_TIMEOUT_MS);
        if (kind == REPLY_IO_FAILED)
            return io_failure(s, doing);
        if (kind == REPLY_CONNECT) {
            /* In 2.0 no XON follows CONNECT: the data may go at once (notes 1.3). */
            s->phase = PHASE_SEND_DATA;
            event(s, DTE_EV_PAGE_START, s->page);
            return 0;
        }
        s->phase = PHASE_COMMAND;
        if (kind != REPLY_OK || s->fhs_count > 0)
            return step_failed(s, kind, doing);
        /* OK instead of CONNECT: HylaFAX asks again, up to 3 times (notes 1.3). */
    }
    return fail(s, DTE_MODEM_ERROR, "%s: OK %d times, never CONNECT", doing, FDT_TRIES);
}

/* +FLO=1 (notes 4): the DCE stops us with XOFF (DC3) and lets us go with XON (DC1). In
 * page data it sends nothing else, so any other byte means it has left data mode (the
 * call ended, say): we stop, as page bytes could read as a command in command mode.
 * Returns 0 to write on, 1 when the modem spoke, -1 when the I/O failed. */
static int flow_control(session *s)
{
    for (;;) {
        unsigned char c;
        dte_io_status status = get_byte(s, s->xoff ? PAGE_TIMEOUT_MS : 0, &c);
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
    reply kind = wait_final(s, CLEANUP_TIMEOUT_MS);
    if (kind == REPLY_IO_FAILED)
        return io_failure(s, doing); /* still in data mode, for all we know */
    s->phase = PHASE_COMMAND;
    return step_failed(s, kind, doing);
}

/* The page (notes 1.3): every DLE doubled, then DLE and the post-page message - ','
 * MPS when another page follows, '.' EOP after the last. Class 2.0 has no AT+FET=n:
 * that is Class 2. Written in chunks, each after a look for the modem's XOFF. */
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
            return flow < 0 ? io_failure(s, doing) : modem_left_data(s, doing);
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
        if (send_bytes(s, out, n, PAGE_TIMEOUT_MS) != DTE_IO_OK)
            return io_failure(s, doing);
    }
    s->phase = PHASE_POST_PAGE;
    snprintf(shown, sizeof(shown), "[page %u: %lu bytes, %u XOFF] <DLE>%c", s->page,
             (unsigned long)size, s->xoffs, last ? '.' : ',');
    trace(s, ">", shown);
    return 0;
}

/* The remote's answer to the page (notes 1.3, 1.4, 3.2): OK is MCF (or RTP, PIP); ERROR
 * is RTN (or PIN - both mean "not taken", as mgetty reads them). After the last page a
 * confirmed call ends at once: +FHS:00 OK. Any other +FHS is the remote hanging up on
 * the page (52 after MPS, 54 after EOP). Returns PAGE_CONFIRMED, PAGE_RTN or -1. */
static int page_answer(session *s, reply kind)
{
    char doing[40];
    snprintf(doing, sizeof(doing), "the answer to page %u", s->page);
    if (kind == REPLY_IO_FAILED)
        return io_failure(s, doing);
    s->phase = PHASE_COMMAND;
    if (kind == REPLY_OK && (s->fhs_count == 0 || s->result->hangup_code == 0x00)) {
        s->result->pages++;
        s->result->last_page_confirmed = s->result->pages == s->page_count;
        event(s, DTE_EV_PAGE_CONFIRMED, s->page);
        return PAGE_CONFIRMED;
    }
    if (kind == REPLY_ERROR && s->fhs_count == 0)
        return PAGE_RTN;
    return step_failed(s, kind, doing);
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
    return page_answer(s, wait_final(s, PAGE_TIMEOUT_MS));
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
                return fail(s, DTE_PAGE_REJECTED, "page %u: %s (RTN) on %u attempts", s->page,
                            s->last_final, attempt);
            /* RTN: the DCE is in command mode, ready for the page again (notes 1.3). */
        }
    }
    /* Some DCEs say OK first and +FHS:00 after DCN (notes 1.4). If it never comes,
     * end_session's AT+FKS ends the call, as efax does. */
    if (s->in_call && wait_final(s, CLEANUP_TIMEOUT_MS) == REPLY_IO_FAILED &&
        s->io_status != DTE_IO_TIMEOUT)
        return io_failure(s, "the hangup after the last page");
    return 0;
}

void dte_send(const dte_io *io, const dte_send_request *request, dte_result *result)
{
    session s;
    char params[40];
    session_init(&s, io, result);
    s.page_count = request->page_count;
    if (request->page_count == 0 || !request->page_data) {
        fail(&s, DTE_DOCUMENT_ERROR, "nothing to send");
    } else if (setup(&s, request->local_id, request->fine ? 1 : 0) == 0 &&
               dial(&s, request->number) == 0 && send_document(&s, request) == 0) {
        describe(&s.dcs, params, sizeof(params));
        snprintf(result->detail, sizeof(result->detail), "sent %u page%s to \"%s\" (%s)",
                 result->pages, result->pages == 1 ? "" : "s", result->remote_id, params);
    }
    end_session(&s);
}

/* --- receiving (notes 2) ------------------------------------------------------------------ */

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
        return fail(s, DTE_MODEM_ERROR, "page %u: more than %lu MB of data", s->page,
                    MAX_PAGE_BYTES >> 20);
    if (keep && s->rx_len == s->rx_cap) {
        size_t cap = s->rx_cap ? s->rx_cap * 2 : 64 * 1024;
        unsigned char *grown = buffer_realloc(s, s->rx_buf, cap);
        if (!grown)
            return fail(s, DTE_DOCUMENT_ERROR, "page %u: out of memory at %lu bytes", s->page,
                        (unsigned long)s->rx_len);
        s->rx_buf = grown;
        s->rx_cap = cap;
    }
    if (keep)
        s->rx_buf[s->rx_len] = byte;
    s->rx_len++;
    return 0;
}

/* Page data from the DCE until DLE ETX (notes 2, 4): DLE DLE is one 0x10, DLE SUB two
 * (as HylaFAX and mgetty read it); other DLE pairs carry nothing for us. DC1 and DC3
 * here are image data, not flow control. Returns 0 at DLE ETX, -1 on failure. */
static int receive_data(session *s, unsigned timeout_ms, int keep)
{
    s->rx_len = 0;
    for (;;) {
        unsigned char c;
        if (get_byte(s, timeout_ms, &c) != DTE_IO_OK)
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

/* ATA (notes 2): the DCE answers with CED and DIS and takes DCS and TCF: +FCO, +FTI:,
 * +FCS:, OK. efax takes OK alone as fax mode too. */
static int answer(session *s)
{
    event(s, DTE_EV_ANSWERED, 0);
    s->phase = PHASE_ACTION;
    s->in_call = 1;
    if (send_command(s, "ATA", COMMAND_TIMEOUT_MS) != DTE_IO_OK)
        return io_failure(s, "ATA");
    reply kind = wait_final(s, ANSWER_TIMEOUT_MS);
    if (kind == REPLY_IO_FAILED)
        return io_failure(s, "ATA");
    s->phase = PHASE_COMMAND;
    if (kind == REPLY_OK && s->fhs_count == 0)
        return 0;
    return step_failed(s, kind, "ATA");
}

/* One page, after CONNECT to AT+FDR (notes 2): DC2 starts the data, which ends at
 * DLE ETX; then +FPS:, +FET: and OK - or ERROR if the DCE's own copy check failed:
 * HylaFAX takes the page all the same, and so do we (page_received judges it). */
static int receive_page(session *s)
{
    static const unsigned char dc2 = DC2;
    char doing[40], shown[64];
    snprintf(doing, sizeof(doing), "page %u data", s->page);
    s->rx_dle = 0;
    trace(s, ">", "<DC2>");
    if (send_bytes(s, &dc2, 1, COMMAND_TIMEOUT_MS) != DTE_IO_OK)
        return io_failure(s, doing); /* still PHASE_ACTION: CAN ends it */
    s->phase = PHASE_RECV_DATA;
    if (receive_data(s, PAGE_TIMEOUT_MS, 1) != 0)
        return io_failure(s, doing);
    snprintf(shown, sizeof(shown), "[page %u: %lu bytes] <DLE><ETX>", s->page,
             (unsigned long)s->rx_len);
    trace(s, "<", shown);
    s->phase = PHASE_RECV_STATUS;
    s->fet = -1;
    snprintf(doing, sizeof(doing), "the status of page %u", s->page);
    reply kind = wait_final(s, PAGE_TIMEOUT_MS);
    if (kind == REPLY_IO_FAILED)
        return io_failure(s, doing);
    s->phase = PHASE_COMMAND;
    if ((kind != REPLY_OK && kind != REPLY_ERROR) || s->fhs_count > 0)
        return step_failed(s, kind, doing);
    if (s->rx->page_received(s->rx->page_context, s->page - 1, &s->dcs,
                             s->rx_buf ? s->rx_buf : (const unsigned char *)"", s->rx_len) != 0)
        return fail(s, DTE_DOCUMENT_ERROR, "page %u (%lu bytes): refused by page_received",
                    s->page, (unsigned long)s->rx_len);
    s->result->pages = s->page;
    s->result->last_page_confirmed = s->fet == 2;
    event(s, DTE_EV_PAGE_RECEIVED, s->page);
    return 0;
}

/* AT+FDR per page (notes 2). It releases the previous page's post-page response (MCF:
 * we never set AT+FPS=2 - page_received refusing a page ends the call instead) and
 * asks for the next: CONNECT. After the caller's EOP it gives +FHS:00 OK; OK alone means
 * no more pages too (efax). */
static int receive_pages(session *s)
{
    for (s->page = 1;; s->page++) {
        char doing[40];
        snprintf(doing, sizeof(doing), "AT+FDR for page %u", s->page);
        if (s->page > MAX_RECEIVE_PAGES)
            return fail(s, DTE_MODEM_ERROR, "more than %d pages", MAX_RECEIVE_PAGES);
        s->phase = PHASE_ACTION;
        if (send_command(s, "AT+FDR", COMMAND_TIMEOUT_MS) != DTE_IO_OK)
            return io_failure(s, doing);
        reply kind = wait_final(s, FDR_TIMEOUT_MS);
        if (kind == REPLY_IO_FAILED)
            return io_failure(s, doing);
        if (kind == REPLY_CONNECT) {
            if (receive_page(s) != 0)
                return -1;
            continue;
        }
        s->phase = PHASE_COMMAND;
        if (kind == REPLY_OK && (s->fhs_count == 0 || s->result->hangup_code == 0x00))
            return 0;
        return step_failed(s, kind, doing);
    }
}

void dte_receive(const dte_io *io, const dte_receive_request *request, dte_result *result)
{
    session s;
    char params[40];
    session_init(&s, io, result);
    s.receiving = 1;
    s.rx = request;
    if (setup(&s, request->local_id, 1) == 0 && answer(&s) == 0 && receive_pages(&s) == 0) {
        describe(&s.dcs, params, sizeof(params));
        snprintf(result->detail, sizeof(result->detail), "received %u page%s from \"%s\" (%s)",
                 result->pages, result->pages == 1 ? "" : "s", result->remote_id, params);
    }
    end_session(&s);
    if (s.rx_buf)
        buffer_realloc(&s, s.rx_buf, 0);
}

/* --- reset ------------------------------------------------------------------------------ */

/* Whatever the modem is doing, one of these ends it (notes 4): backspaces erase a
 * half-sent command line (see erase_unsent), the first byte aborts an action command,
 * DLE ETX ends +FDT data (twice: see end_session), CAN ends +FDR data. In command mode
 * a modem ignores them all. Then AT+FKS ends a call in command mode (idle: just OK),
 * ATH0 puts it on hook, and "AT" must answer OK. */
dte_io_status dte_reset(const dte_io *io)
{
    static const unsigned char stop[] = {DLE, ETX, DLE, ETX, CAN};
    dte_result scratch;
    session s;
    session_init(&s, io, &scratch);
    erase_unsent(&s, LONGEST_COMMAND);
    trace(&s, ">", "<DLE><ETX><DLE><ETX><CAN>");
    send_bytes(&s, stop, sizeof(stop), CLEANUP_TIMEOUT_MS);
    drain(&s, RESET_QUIET_MS); /* NO CARRIER, +FHS:02 OK, the rest of a page, XON */
    command(&s, "AT+FKS", CLEANUP_TIMEOUT_MS);
    command(&s, "ATH0", CLEANUP_TIMEOUT_MS);
    reply kind = command(&s, "AT", CLEANUP_TIMEOUT_MS);
    if (kind == REPLY_IO_FAILED)
        return s.io_status;
    if (kind != REPLY_OK)
        return DTE_IO_TIMEOUT; /* the modem talks, but not sense */
    return s.cleanup_begun ? DTE_IO_ABORTED : DTE_IO_OK;
}
