/*
 * class20_dte_private.h - what the files of the Class 2.0 DTE share (the API is
 * class20_dte.h). Section numbers ("docs/class20-notes.md 4.5") cite the notes the
 * session follows; in this header a bare number, such as (4.1), is a section of them. The files, one job each, as modem-sim's DCE is split:
 *
 *   class20_dte_reader.c   the session record; the one reader of the modem
 *   class20_dte_ending.c   what went wrong; ending a session from any phase; dte_reset
 *   class20_dte_setup.c    the set-up commands
 *   class20_dte_send.c     dte_send
 *   class20_dte_receive.c  dte_receive
 *
 * Three rules carry the design:
 * 1. One reader of the modem. Every response line goes through c20_next_reply(), which
 *    records what information lines say (+FCO, +FCI/+FTI, +FIS, +FCS, +FHS, +FET) and
 *    passes over the rest (RING, an echo, noise). A step then only looks at the final
 *    result: OK, CONNECT, ERROR, NO CARRIER, BUSY, ...
 * 2. The session always knows its phase: which of the abort procedures of
 *    docs/class20-notes.md 4 and 7 applies at this moment. c20_end_session() runs that
 *    procedure however a session ends - aborted, failed or done - and always finishes
 *    with ATH0, as HylaFAX and efax do (4.4). So the modem ends on hook on every path.
 *    A step is only in a phase once the modem has it: an action command enters
 *    PHASE_ACTION when its whole line went out, never before, so an ending never waits
 *    for the answer to a command the modem did not get.
 * 3. The first thing that goes wrong decides the outcome (c20_fail()); what the ending
 *    learns later (a page confirmed after all, a +FHS code) only adds facts.
 *
 * The phases of a session (enum phase) and how c20_end_session() ends it from each:
 *
 *   phase        entered when                       ended by
 *   IDLE         the session starts (setup)         nothing: no call yet
 *   ACTION       ATD, ATA, AT+FDT, AT+FDR went out  <CAN>: any byte aborts it (4.1)
 *   COMMAND      the final result came              AT+FKS, if a call is up (4.3)
 *   SEND_DATA    CONNECT to AT+FDT                  <DLE><ETX> (4.5), then AT+FKS
 *   POST_PAGE    DLE ppm is written                 <CAN> (7, post-page)
 *   RECV_DATA    DC2 is written after CONNECT       <CAN>, read on to DLE ETX (4.2)
 *   RECV_STATUS  the page's DLE ETX came            its OK, then AT+FKS
 *   and from every phase but IDLE, ATH0 last (4.4). An answer to the <CAN> that moves
 *   the call on (CONNECT to +FDT: page data now) moves the phase on, and the ending
 *   goes on from there.
 *
 * Waits are per read: each step allows a protocol timeout of silence, and a modem that
 * keeps talking without ever giving a result is cut off after MAX_NOISE_LINES lines.
 * Together they bound every wait without a clock (these files make no OS calls). An
 * abort ends a wait at once (the I/O says DTE_IO_ABORTED), so the timeouts only ever
 * run out on a modem that stays silent.
 */
#ifndef REFSP_CLASS20_DTE_PRIVATE_H
#define REFSP_CLASS20_DTE_PRIVATE_H

#include "class20_dte.h"

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
#define DC2 0x12    /* receive: "send the page data now" (docs/class20-notes.md 2) */
#define DC3 0x13    /* XOFF */
#define CAN 0x18
#define SUB 0x1a

/* What ending the session takes at this moment (docs/class20-notes.md 4 and 7). */
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

/* The action command in PHASE_ACTION: what its CONNECT means. */
typedef enum action { ACTION_DIAL, ACTION_ANSWER, ACTION_FDT, ACTION_FDR } action;

typedef enum reply {
    REPLY_INFO,         /* an information line: read on */
    REPLY_OK, REPLY_CONNECT, REPLY_ERROR, REPLY_NO_CARRIER, REPLY_BUSY,
    REPLY_NO_DIALTONE, REPLY_NO_ANSWER,
    REPLY_IO_FAILED     /* the I/O failed or the modem never said a result: io_status */
} reply;

enum { PAGE_CONFIRMED = 1, PAGE_RTN = 2 };   /* c20_page_answer(); -1 ends the session */

typedef struct session {
    const dte_io *io;
    dte_result *result;
    phase phase;
    int receiving;          /* dte_receive (events and words differ a little) */
    int in_call;            /* off hook: no +FHS and no final dial result seen yet */
    int data_call;          /* CONNECT to ATD/ATA: online in data mode */
    int failed;             /* result->outcome is decided */
    int cleanup_begun;      /* begin_cleanup was called */
    int stop;               /* line lost (or an io aborting after cleanup): no more I/O */
    dte_io_status io_status;  /* of the I/O that failed */
    unsigned io_timeout_ms;   /* the wait that ran out */
    int noisy;              /* ... or the modem talked MAX_NOISE_LINES without a result */
    size_t unsent;          /* a command line whose write was cut short: this much of it
                             * sits in the modem's command buffer */
    int result_pending;     /* a command line went out whole; its final result not read */
    int action;             /* in PHASE_ACTION: which command (enum action) */
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

/* --- class20_dte_reader.c ------------------------------------------------------------- */
void c20_session_init(session *s, const dte_io *io, dte_result *result);
/* The first failure decides the outcome; later ones are dropped. Returns -1. */
int c20_fail(session *s, dte_outcome outcome, const char *fmt, ...);
/* Adds "; what" to the detail of a failed session (how the ending went). */
void c20_note(session *s, const char *fmt, ...);
void c20_event(session *s, dte_event ev, unsigned page);
void c20_trace(session *s, const char *direction, const char *text);
/* Writes bytes; *written (may be NULL) gets how many went, whatever the status. */
dte_io_status c20_send_bytes(session *s, const void *data, size_t size, size_t *written,
                             unsigned timeout_ms);
dte_io_status c20_get_byte(session *s, unsigned timeout_ms, unsigned char *byte);
reply c20_wait_final(session *s, unsigned timeout_ms);
dte_io_status c20_send_command(session *s, const char *text, unsigned timeout_ms);
/* A command whose answer is a final result within timeout_ms. */
reply c20_command(session *s, const char *text, unsigned timeout_ms);
/* Sends an action command (ATD, ATA, AT+FDT, AT+FDR): PHASE_ACTION once it went out. */
dte_io_status c20_start_action(session *s, const char *text, action what);
void c20_drain(session *s, unsigned quiet_ms);

/* --- class20_dte_ending.c ------------------------------------------------------------- */
int c20_io_failure(session *s, const char *doing);
int c20_step_failed(session *s, reply kind, const char *doing);
void c20_end_session(session *s);

/* --- class20_dte_setup.c -------------------------------------------------------------- */
void c20_format_params(char *out, size_t size, const char *prefix, const dte_params *p);
int c20_setup(session *s, const char *local_id, unsigned vr);
void c20_describe(const dte_params *p, char *out, size_t size);

/* --- class20_dte_send.c --------------------------------------------------------------- */
/* The remote's answer to the page: PAGE_CONFIRMED, PAGE_RTN or -1. */
int c20_page_answer(session *s, reply kind);

/* --- class20_dte_receive.c ------------------------------------------------------------ */
/* Page data until DLE ETX: kept in the page buffer (keep) or counted and dropped. */
int c20_receive_data(session *s, unsigned timeout_ms, int keep);

#endif /* REFSP_CLASS20_DTE_PRIVATE_H */
