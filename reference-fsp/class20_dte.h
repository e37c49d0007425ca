/*
 * class20_dte.h - the reference FSP's Class 2.0 fax modem driver: the DTE side of
 * ITU-T T.32 / TIA-592, one send or one receive session from the first AT command until
 * the modem is back on hook.
 *
 * Portable C11 without a single OS call: every byte goes through the dte_io callbacks.
 * In the DLL they are line.c's overlapped Win32 I/O, which FaxDevAbortOperation cancels
 * (ABORT-2, ABORT-3); in reference-fsp/tests/check_class20_dte.c they are a TCP socket
 * to modem-sim. The session follows docs/class20-notes.md; the comments in
 * class20_dte_*.c cite its sections ("docs/class20-notes.md 1.3"), and
 * class20_dte_private.h says how the files share the work.
 *
 *   send:    setup -> ATD -> phase B (+FCO +FCI +FIS OK) -> AT+FIS (our DCS)
 *            -> per page: AT+FDT -> +FCS CONNECT -> data DLE ppm -> OK | ERROR (RTN)
 *            -> after EOP: +FHS:00 OK -> ATH0
 *   receive: setup -> ATA -> +FCO +FTI +FCS OK
 *            -> per page: AT+FDR -> CONNECT -> DC2 -> data DLE ETX -> +FPS +FET OK
 *            -> AT+FDR -> +FHS:00 OK -> ATH0
 *   abort:   what docs/class20-notes.md 4 and 7 say for the state the session is in,
 *            each step answered at once; the modem always ends on hook.
 */
#ifndef REFSP_CLASS20_DTE_H
#define REFSP_CLASS20_DTE_H

#include <stddef.h>

/* How many times the FSP sends a page again after RTN before it gives up: two retries,
 * three attempts in all (T.30 leaves the number to the sender; a few tries at the
 * lower speed a retrain brings are worth it, more only hold the line). */
#define DTE_DEFAULT_RTN_RETRIES 2

typedef enum dte_io_status {
    DTE_IO_OK,
    DTE_IO_TIMEOUT,     /* nothing came (read) / could not write within the time */
    DTE_IO_ABORTED,     /* the FSP's abort cancelled the I/O (until begin_cleanup) */
    DTE_IO_LOST         /* the line is gone (port closed, peer closed, device error) */
} dte_io_status;

typedef enum dte_event {
    DTE_EV_DIALING,        /* ATD is about to go out */
    DTE_EV_CONNECTED,      /* +FCO: a fax machine answered, the call is established; the
                            * FSP calls FaxSendCallback here (SEND-5) */
    DTE_EV_PAGE_START,     /* CONNECT to AT+FDT: page `page` (from 1) goes out (again
                            * after RTN) */
    DTE_EV_PAGE_CONFIRMED, /* the remote confirmed page `page` (MCF) */
    DTE_EV_ANSWERED,       /* ATA is about to go out: we take the call */
    DTE_EV_RECEIVING,      /* +FCO after ATA: the caller is a fax machine */
    DTE_EV_PAGE_RECEIVED   /* page `page` was received and taken by page_received */
} dte_event;

typedef struct dte_io {
    void *context;
    /* Writes all `size` bytes; *written says how many went, whatever the status (an
     * abort can refuse a write before its first byte, or cut it short). */
    dte_io_status (*write)(void *context, const void *data, size_t size, size_t *written,
                           unsigned timeout_ms);
    /* Waits up to timeout_ms for at least one byte; *got bytes. The DTE reads with
     * timeout_ms 0 while it sends page data, to see the modem's XOFF: that call must
     * return at once (DTE_IO_TIMEOUT when nothing is waiting). */
    dte_io_status (*read)(void *context, void *buf, size_t size, size_t *got, unsigned timeout_ms);
    /* The DTE saw DTE_IO_ABORTED and now ends the session as docs/class20-notes.md says for
     * the state it is in; from this call on, I/O goes through again (with short
     * timeouts). Called at most once per session. */
    void (*begin_cleanup)(void *context);
    void (*event)(void *context, dte_event event, unsigned page); /* may be NULL */
    /* AT commands and response lines, for logs; bytes that are not text are shown as
     * <CAN>, <DLE><ETX>, "[page 1: 41234 bytes] <DLE>," ... May be NULL. */
    void (*trace)(void *context, const char *direction /* ">" or "<" */, const char *line);
} dte_io;

/* T.32 session subparameters (docs/class20-notes.md 3.4) as +FIS/+FCS carry them. */
typedef struct dte_params {
    unsigned vr;   /* 0 normal 98 lpi, 1 fine 196 lpi */
    unsigned br;   /* 0 2400 ... 5 14400 bit/s */
    unsigned wd;   /* 0 1728 pels (A4) */
    unsigned ln;   /* 0 A4, 1 B4, 2 unlimited */
    unsigned df;   /* 0 MH, 1 MR */
    unsigned ec;   /* 0: no ECM (we never ask for it) */
    unsigned bf;   /* 0: no BFT */
    unsigned st;   /* minimum scan time code, 0-7 */
} dte_params;

typedef enum dte_outcome {
    DTE_COMPLETED,
    DTE_ABORTED,         /* the FSP aborted (I/O returned DTE_IO_ABORTED) */
    DTE_BUSY,
    DTE_NO_DIALTONE,     /* NO DIALTONE, NO DIAL TONE, +FHS:03 (no loop current) */
    DTE_NO_ANSWER,       /* NO ANSWER, +FHS:04, +FHS:11 (T1 timeout) */
    DTE_NO_CARRIER,      /* NO CARRIER to ATD/ATA, before any +FCO */
    DTE_VOICE,           /* answered, but not by a fax machine: +FHS:05, or a data CONNECT */
    DTE_DISCONNECTED,    /* the call ended mid-way: +FHS:xx (hangup_code), NO CARRIER */
    DTE_PAGE_REJECTED,   /* send: RTN on 1 + rtn_retries attempts of one page */
    DTE_MODEM_ERROR,     /* ERROR, silence, nonsense, or the line was lost */
    DTE_DOCUMENT_ERROR   /* send: page_data failed; receive: page_received refused a page */
} dte_outcome;

/* "completed", "aborted", "busy", ... for logs. */
const char *dte_outcome_name(dte_outcome outcome);

typedef struct dte_result {
    dte_outcome outcome;
    unsigned hangup_code;      /* the +FHS:xx value (hex as the modem prints it), 0 if none */
    unsigned pages;            /* pages the remote confirmed (send) / pages received (receive) */
    int last_page_confirmed;   /* send: the remote confirmed the last page (MCF after EOP);
                                * receive: the last page received came with EOP (+FET:2) */
    char remote_id[21];        /* +FCI: (send) / +FTI: (receive), trimmed */
    char detail[160];          /* one line: what happened, with the modem's own words */
} dte_result;

typedef struct dte_send_request {
    const char *number;        /* what to dial: digits and dial modifiers only (the caller
                                * validated it; a CR, LF, ';' or '"' or more than 60
                                * characters is refused anyway: DTE_MODEM_ERROR) */
    const char *local_id;      /* our TSI (+FLI), at most 20 characters */
    unsigned page_count;       /* at least 1 */
    int fine;                  /* the document is fine resolution (VR 1); negotiated if the
                                * remote allows it */
    unsigned rtn_retries;      /* sends of a page after RTN before DTE_PAGE_REJECTED; the
                                * FSP uses DTE_DEFAULT_RTN_RETRIES */
    /* Page `index` (from 0) as T.4 data for `params` (df 0 MH / 1 MR, vr, st), LSB of each
     * byte first (+FBO=0, TIFF FillOrder 2), ending with RTC (the DTE adds nothing but
     * DLE stuffing and the post-page DLE pair). Called before each AT+FDT (after RTN
     * too) with the session the DTE chose, and once more after CONNECT if the modem's
     * +FCS: differs in what the coding depends on (vr, wd, df, st; br when st > 0).
     * Returns 0, or -1: the send ends with DTE_DOCUMENT_ERROR. The DTE frees the data
     * with page_free. */
    int (*page_data)(void *context, unsigned index, const dte_params *params,
                     unsigned char **data, size_t *size);
    void (*page_free)(void *context, unsigned char *data);
    void *page_context;
} dte_send_request;

/* Places the call, sends every page, hangs up. Always fills *result. */
void dte_send(const dte_io *io, const dte_send_request *request, dte_result *result);

typedef struct dte_receive_request {
    const char *local_id;      /* our CSI (+FLI) */
    /* Page `index` (from 0) received: T.4 data as the modem delivered it (DLE unstuffed,
     * LSB first), with the session params; return 0, or -1 to refuse it (the DTE then
     * ends the call: DTE_DOCUMENT_ERROR). */
    int (*page_received)(void *context, unsigned index, const dte_params *params,
                         const unsigned char *data, size_t size);
    /* The DTE's page buffer: grows `block` to `size` bytes (block NULL: a new one), or
     * frees it when size is 0 (returns NULL). The FSP passes its service-heap allocator
     * (INIT-2); NULL means the C library's realloc/free. */
    void *(*buffer_realloc)(void *context, void *block, size_t size);
    void *page_context;
} dte_receive_request;

/* Answers a call that is ringing (ATA), receives every page, hangs up. */
void dte_receive(const dte_io *io, const dte_receive_request *request, dte_result *result);

/* Ends whatever is going on and leaves the modem on hook and idle, for a DTE that finds
 * a line in an unknown state (the FSP's sessions end themselves, and a line whose state
 * is unknown is opened afresh; the DTE's tests use it). DTE_IO_OK when the modem
 * answered a final AT with OK; DTE_IO_ABORTED when an abort came meanwhile (the reset
 * still ran to its end, begin_cleanup was called); else why AT got no OK. */
dte_io_status dte_reset(const dte_io *io);

#endif /* REFSP_CLASS20_DTE_H */
