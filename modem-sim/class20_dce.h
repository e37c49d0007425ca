/*
 * class20_dce.h - a Class 2.0 (T.32 / TIA-592) fax modem, as the DTE sees it.
 *
 * Bytes from the DTE go in (dce_input), bytes for the DTE come out (dce->out), and
 * time moves it on (dce_run). Between the DCE and the far end sits remote_fax.c; the
 * line itself (pty or TCP) is main.c's business - this file knows nothing about it.
 *
 * The session runs as a chain of timed steps (dial, answer, phase B, page, post-page,
 * hangup). A step that is a hold point stops the chain while a hold is armed there;
 * the DCE keeps reading the DTE all the same, so an abort (a byte during ATD/ATA/
 * +FDT/+FDR, DLE ETX, CAN, AT+FKS, ATH) is answered at once, as class20-notes.md
 * section 7 says. Every choice where real DTEs disagree is in docs/modem-sim.md.
 */
#ifndef MODEMSIM_CLASS20_DCE_H
#define MODEMSIM_CLASS20_DCE_H

#include <stddef.h>
#include <stdint.h>

#include "at_parser.h"
#include "byte_queue.h"
#include "hold_points.h"
#include "remote_fax.h"
#include "sim_events.h"

typedef enum dce_state {
    DCE_IDLE,            /* on hook, command mode */
    DCE_RINGING,         /* an incoming call rings; command mode */
    DCE_DIALING,         /* ATD executing, before +FCO */
    DCE_TX_PHASE_B,      /* ATD executing: +FCO seen, reports and OK to come */
    DCE_TX_COMMAND,      /* connected as sender, command mode (after ATD OK / page OK) */
    DCE_TX_FDT,          /* +FDT executing, before CONNECT */
    DCE_TX_DATA,         /* page data from the DTE */
    DCE_TX_POST_PAGE,    /* the DTE's post-page message is in; the remote's answer is due */
    DCE_TX_HANGUP,       /* EOP confirmed; +FHS:00 OK to come */
    DCE_ANSWERING,       /* ATA executing, before +FCO/OK */
    DCE_RX_COMMAND,      /* connected as receiver, command mode */
    DCE_RX_FDR,          /* +FDR executing: CONNECT given, waiting for DC2 */
    DCE_RX_DATA,         /* page data to the DTE */
    DCE_RX_HANGUP        /* last page done; +FHS:00 OK to come */
} dce_state;

typedef enum dce_step {
    STEP_NONE,
    STEP_DIAL_RESULT,    /* the far end answers (or not) */
    STEP_PHASE_B,        /* +FCI/+FIS reports, ATD's OK */
    STEP_FDT_CONNECT,    /* DCS/TCF/CFR done: +FCS, CONNECT */
    STEP_POST_PAGE,      /* MCF/RTN from the remote: OK/ERROR */
    STEP_HANGUP,         /* DCN: +FHS:00 OK */
    STEP_TX_PACE,        /* realtime: the line caught up with the DTE's data: XON */
    STEP_RING,           /* the next RING */
    STEP_ANSWER,         /* CED/DIS exchange done: +FCO ... OK */
    STEP_RX_CONNECT,     /* +FDR: the previous PPR goes out, the next page comes: CONNECT */
    STEP_RX_SEND,        /* feed the DTE more page data */
    STEP_RX_HANGUP       /* +FHS:00 OK after the last +FDR */
} dce_step;

/* Parameters a DTE sets with AT commands (reset by ATZ, AT&F, AT+FIP). */
typedef struct dce_params {
    int echo;            /* ATE */
    int verbose;         /* ATV */
    int quiet;           /* ATQ */
    int fclass20;        /* +FCLASS=2.0 selected (else 0: data, which we do not do) */
    long fis[8];         /* +FIS: the DTE's session offer VR,BR,WD,LN,DF,EC,BF,ST */
    long fcc[8];         /* +FCC: DCE capabilities the DTE allows */
    long fnr[4];         /* +FNR: rpr,tpr,idr,nsr reports */
    long fbo;            /* +FBO: bit 0 = phase C data reversed (MSB first) */
    long flo;            /* +FLO: 0 none, 1 XON/XOFF, 2 RTS/CTS (buffered on a pty) */
    long fcr;            /* +FCR: able to receive */
    long faa;            /* +FAA: adaptive answer */
    long fct;            /* +FCT: phase C timeout, seconds */
    long fps;            /* +FPS: PPR the next +FDR releases (receive) / last PPR (send) */
    long s0;             /* ATS0: rings before auto-answer, 0 = never */
    char fli[21];        /* +FLI: local ID (TSI/CSI) */
    char fpi[21];        /* +FPI: local polling ID */
    char other[16][24];  /* other +F parameters accepted and echoed back on query */
    char other_values[16][32];
    size_t other_count;
} dce_params;

typedef struct dce_config {
    remote_fax *remote;
    const sim_events *events;
    int realtime;              /* pace at the negotiated bit rate; realistic delays */
    unsigned max_rings;        /* a caller gives up after this many rings */
    unsigned min_page_ms;      /* fast mode: a page takes at least this long from CONNECT
                                  to the post-page answer (efax 0.9a divides by the page
                                  time in whole seconds; 0 is "as fast as possible") */
} dce_config;

typedef struct class20_dce {
    dce_config config;
    dce_params params;
    dce_state state;
    byte_queue out;            /* bytes for the DTE */

    /* command line assembly */
    char line[AT_MAX_LINE + 1];
    size_t line_len;
    int line_overflow;
    unsigned long commands_seen; /* AT command lines from the DTE in this run (last-call:
                                    did the DTE ever use the line?) */

    /* the timed chain */
    dce_step step;
    uint64_t step_due_ms;

    /* holds */
    hold_point armed;          /* kind HOLD_NONE when nothing is armed */
    int held;                  /* the chain is frozen at `held_at` */
    hold_point held_at;
    size_t out_held;           /* held at "ending": the first out_held bytes of `out` may
                                  go to the DTE, the answer after them waits */

    /* the call */
    int hangup_code;           /* last +FHS code, for AT+FHS? */
    unsigned page;             /* page number in progress, from 1 */
    unsigned long page_bytes;  /* data bytes of that page so far */
    uint64_t page_connect_ms;  /* when that page's CONNECT went out */
    int dle_pending;           /* send data: the last byte was DLE */
    fax_ppm ppm;               /* the DTE's post-page message, or the remote's (+FET) */
    int ppr;                   /* the remote's answer to the last page */
    int flow_stopped;          /* we sent XOFF to pace or hold the DTE */
    unsigned rings;            /* RINGs given for the current incoming call */
    int fail_next;             /* a `fail` injected from the control socket */
    /* receive: the page being sent to the DTE */
    unsigned char *rx_data;
    size_t rx_len, rx_pos;
    int dte_xoff;              /* the DTE sent XOFF during receive data */
    uint64_t pace_origin_ms;   /* realtime pacing: when the page data started */
    unsigned long pace_bytes;  /* and how much was sent since */
} class20_dce;

void dce_init(class20_dce *dce, const dce_config *config);
void dce_release(class20_dce *dce);

/* How many bytes of dce->out may go to the DTE now: all of them, but while held at
 * "ending" (its answer waits for release). */
size_t dce_output_ready(const class20_dce *dce);
/* `len` bytes of dce->out went to the DTE. */
void dce_output_sent(class20_dce *dce, size_t len);

/* Bytes from the DTE. */
void dce_input(class20_dce *dce, const unsigned char *data, size_t len, uint64_t now_ms);
/* Runs the steps that are due (unless held). */
void dce_run(class20_dce *dce, uint64_t now_ms);
/* Milliseconds until dce_run has something to do, or -1 for "only input will". */
int64_t dce_next_timeout_ms(const class20_dce *dce, uint64_t now_ms);
/* The DTE vanished (the pty slave closed, the TCP peer left): on hook, no report. */
void dce_line_lost(class20_dce *dce);

/* The simulator stops: a call in progress ends ("simulator-stopped"), so the remote
 * stores what it has. */
void dce_stop(class20_dce *dce);

/* --- the control socket's handles ------------------------------------------------------ */

void dce_arm_hold(class20_dce *dce, const hold_point *point);
/* Lets a held chain go on (and disarms a hold that has not fired). */
void dce_release_hold(class20_dce *dce, uint64_t now_ms);
/* An incoming call: ring the DTE and, once answered, send FILE. */
int dce_ring(class20_dce *dce, const char *file, const char *caller_id, uint64_t now_ms,
             char *why, size_t why_size);
/* The caller of a call still ringing hangs up, as after --rings rings: "caller-gave-up",
 * the line idle. Returns 1, or 0 when no call is ringing (nothing changes). */
int dce_caller_give_up(class20_dce *dce);
/* The remote hangs up now, whatever the call's state (control `hang-up`): the kit frees a
 * line a DTE left off hook. A ringing caller gives up; ATD/ATA get NO CARRIER; a call in
 * command, action or data mode ends with +FHS:40 (sending) or +FHS:90 (receiving), OK.
 * The call's result is "remote-hung-up". Returns 1, or 0 when no call is up. */
int dce_remote_hang_up(class20_dce *dce);
/* Failure injection: "disconnect" (the remote hangs up at its next step), "rtn" (the
 * next page gets RTN). Returns 0, or -1 for an unknown failure. */
int dce_fail(class20_dce *dce, const char *what);
/* One line: state, page, held point, last hangup code. */
void dce_describe(const class20_dce *dce, char *buf, size_t size);
const char *dce_state_name(dce_state state);

#endif /* MODEMSIM_CLASS20_DCE_H */
