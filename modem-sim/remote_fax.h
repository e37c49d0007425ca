/*
 * remote_fax.h - the fax machine at the far end of the simulated line.
 *
 * For a call the DTE places it is the receiver: the dial plan decides how it answers,
 * it decodes each page the DTE sends (T.4 via faxpage/), judges it (MCF or RTN), keeps
 * the confirmed pages and, when the call ends, writes them pixel-exact as one TIFF
 * Class F file plus a JSON sidecar in the inbox. For a call it places (`ring` on the
 * control socket) it is the sender: it loads a TIFF document and hands out each page
 * coded as the session negotiated.
 *
 * It knows nothing about AT commands or ptys: class20_dce.c drives it.
 */
#ifndef MODEMSIM_REMOTE_FAX_H
#define MODEMSIM_REMOTE_FAX_H

#include <stddef.h>

#include "dial_plan.h"
#include "fax_page.h"
#include "sim_events.h"

/* T.30 post-page responses, numbered as Class 2.0's +FPS <ppr>. */
typedef enum fax_ppr {
    PPR_MCF = 1,   /* page good */
    PPR_RTN = 2,   /* page bad, retrain */
    PPR_RTP = 3,
    PPR_PIN = 4,
    PPR_PIP = 5
} fax_ppr;

/* T.30 post-page messages (Class 2.0 DLE , ; . and +FET: 0 1 2). */
typedef enum fax_ppm {
    PPM_MPS = 0,   /* another page follows */
    PPM_EOM = 1,   /* another document follows (back to phase B) */
    PPM_EOP = 2    /* no more pages */
} fax_ppm;

/* The session parameters both ends agreed on (DCS). */
typedef struct fax_session {
    int vr;                  /* 0 normal (98 lpi), 1 fine (196 lpi) */
    int br;                  /* 0..5: 2400..14400 bit/s */
    fax_coding df;           /* MH or MR */
    fax_bit_order order;     /* bit order of page data on the DTE link (+FBO) */
} fax_session;

typedef struct remote_config {
    const dial_plan *plan;
    const char *inbox_dir;   /* where received documents go (NULL: kept nowhere) */
    const char *docs_dir;    /* relative `ring` files are resolved here (NULL: cwd) */
    const sim_events *events;
} remote_config;

/* The last call the DTE placed, once it ended: what `last-call` reports (control.c). */
typedef struct remote_call_record {
    unsigned calls;              /* outgoing calls ended so far; 0: none yet */
    char number[64];             /* dialled, without V.250 modifiers */
    char result[32];             /* "completed", "busy", ... (remote_fax_end_call) */
    int hangup_code;             /* +FHS */
    fax_session session;         /* as negotiated (zero when no fax handshake happened) */
    fax_doc pages;               /* the pages the remote confirmed (MCF), decoded */
    char id_given[21];           /* the remote's CSI as +FCI gave it; "" when not given */
} remote_call_record;

/* The last call the remote placed (`ring`), once it ended: what `last-incoming` compares
 * the DTE's stored file with (control.c). */
typedef struct remote_ring_record {
    unsigned calls;              /* incoming calls ended so far; 0: none yet */
    char result[32];             /* "completed", "aborted", "not-answered", ... */
    int hangup_code;             /* +FHS */
    unsigned pages_sent;         /* pages whose data went out whole (+FPS, +FET given) */
    fax_doc document;            /* what the remote was sending */
    char id_given[21];           /* the remote's TSI as +FTI gave it; "" when not given */
} remote_ring_record;

/* A page of the document the remote sends, coded both ways the session may ask (MH, MR;
 * MSB first) before the call starts. */
typedef struct coded_page {
    unsigned char *data[2];      /* [0] MH, [1] MR */
    size_t len[2];
} coded_page;

typedef struct remote_fax {
    remote_config config;
    unsigned call_count;         /* calls placed or rung in this run */
    unsigned inbox_number;       /* the last call stored: call-NNNN in the inbox */
    int in_call;
    int outgoing;                /* the DTE dialled (we receive) */
    const dial_rule *rule;       /* outgoing: how we behave */
    char number[64];             /* outgoing: what the DTE dialled */
    char local_id[21];           /* the DTE's station ID (+FLI) */
    char remote_id[21];          /* ours (CSI when we receive, TSI when we send) */
    char id_given[21];           /* remote_id once the DTE was told it on this call */
    fax_session session;
    /* receiving from the DTE */
    unsigned char *page_data;    /* the current page's raw T.4 bytes */
    size_t page_len, page_cap;
    unsigned rejected_current;   /* RTNs given for the current page */
    fax_doc received;            /* confirmed pages */
    /* sending to the DTE */
    fax_doc outgoing_doc;
    coded_page *coded;           /* outgoing_doc's pages, coded when the ring was prepared:
                                    +FDR's CONNECT never waits for a page to be coded, so a
                                    DTE's abort is never answered late behind it */
    size_t coded_count;
    char source_path[1024];
    unsigned pages_sent;         /* of outgoing_doc, whole */
    remote_call_record last_outgoing;
    int store_due;               /* last_outgoing's inbox files are still to be written */
    char store_result[32];
    int store_code;
    remote_ring_record last_incoming;
} remote_fax;

void remote_fax_init(remote_fax *remote, const remote_config *config);
void remote_fax_release(remote_fax *remote);

/* --- a call the DTE places ------------------------------------------------------------ */

/* The DTE dialled: starts the call and returns the rule that says how we answer. */
const dial_rule *remote_fax_dial(remote_fax *remote, const char *dial_string,
                                 const char *local_id);
/* Page data as the DTE sent it (DLE unstuffed). */
void remote_fax_page_bytes(remote_fax *remote, const unsigned char *data, size_t len);
/* The DTE stopped the page without a post-page message (DLE ETX): drop it. */
void remote_fax_page_discard(remote_fax *remote);
/* The page ended with `ppm`: decode, judge, keep it if good. Returns the PPR, or -1
 * when the dial plan makes us hang up on this page (disconnect-page). `page` counts
 * from 1. */
int remote_fax_page_end(remote_fax *remote, unsigned page, fax_ppm ppm);
/* True when the dial plan hangs up during page `page`. */
int remote_fax_disconnects_on(const remote_fax *remote, unsigned page);

/* --- a call we place (`ring`) ---------------------------------------------------------- */

/* Reads a TIFF document; a relative `file` is resolved against docs_dir. Returns 0, or -1
 * with the reason. */
int remote_fax_read_document(const remote_fax *remote, const char *file, fax_doc *doc,
                             char *why, size_t why_size);

/* Loads the document we will send. Returns 0, or -1 with the reason. */
int remote_fax_prepare_ring(remote_fax *remote, const char *file, const char *caller_id,
                            char *why, size_t why_size);
unsigned remote_fax_page_count(const remote_fax *remote);
/* The resolution (0 normal, 1 fine) of page `page` (from 1). */
int remote_fax_page_vr(const remote_fax *remote, unsigned page);
/* Page `page` coded for the session (DLE not yet stuffed), from what the ring prepared:
 * a copy in the session's bit order, no coding now. Caller frees. */
unsigned char *remote_fax_encode_page(remote_fax *remote, unsigned page, size_t *len);
/* A page's data went out whole (its +FPS and +FET given). */
void remote_fax_page_sent(remote_fax *remote);
/* The remote's ID, as the DCE tells the DTE (+FCI on a send, +FTI on a receive): noted
 * for the call's record, which the kit compares with the CSI the FSP reports (DS-4). */
const char *remote_fax_give_id(remote_fax *remote);

/* --- either --------------------------------------------------------------------------- */

/* The call is over: `result` ("completed", "aborted", "disconnected", ...) and the
 * +FHS code. An outgoing call's confirmed pages go to the inbox with a sidecar and to
 * last_outgoing; an incoming call's document and pages sent to last_incoming. */
void remote_fax_end_call(remote_fax *remote, const char *result, int hangup_code);
/* Writes the inbox files of the outgoing call that ended last, if not yet done: main.c
 * calls it once the DCE's answer went out, so the DTE never waits for a TIFF to be
 * written; the next call and remote_fax_release write them first too. */
void remote_fax_flush_store(remote_fax *remote);

#endif /* MODEMSIM_REMOTE_FAX_H */
