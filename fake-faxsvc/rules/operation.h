/*
 * operation.h - the operation itself: FaxDevSend (SEND-1..11) and FaxDevReceive
 * (RECV-1..7), judged from what they returned, what they called back and what they
 * left in the service's file.
 */
#ifndef FAKE_FAXSVC_RULES_OPERATION_H
#define FAKE_FAXSVC_RULES_OPERATION_H

#include <stddef.h>
#include <stdint.h>

#include "verdict.h"

/* SEND-5: FaxSendCallback on a live job. `in_send`: the job's FaxDevSend was running. */
void rule_send_callback(const verdict_sink *sink, const char *job, int in_send,
                        uint32_t call_handle, uint32_t reserved1, uint32_t reserved2);
/* SEND-5: FaxSendCallback with a FaxHandle no StartJob ever returned. */
void rule_send_callback_unknown_handle(const verdict_sink *sink, uint64_t handle);

/* RECV-2, IMG-2..5: FAX_RECEIVE.FileName after a TRUE receive, `got` bytes of it (the
 * whole file, or at least its first 4 bytes when `whole` is 0: then only the header is
 * judged). What the service accepts back from FaxDevReceive is UNCONFIRMED
 * (docs/contract.md 7): a file that is a TIFF but not in the service's own form (MMR,
 * RowsPerStrip 1, II, 1728 x 204 dpi) gets WARNs, never a FAIL. */
void rule_received_file(const verdict_sink *sink, const char *job, const unsigned char *data,
                        size_t got, int whole);

/* RECV-6 (advice): after a TRUE receive, where ReceiverName and ReceiverNumber point -
 * nowhere, into the service's block after the FileName string, or elsewhere. */
typedef enum receiver_place { RECEIVER_UNSET, RECEIVER_IN_BLOCK, RECEIVER_OUTSIDE } receiver_place;
typedef struct receiver_fact {
    const char *job;
    receiver_place name, number;
    uint64_t name_at, number_at;      /* the members' values */
    uint64_t block_start, block_end;  /* after the FileName string .. the buffer's end */
} receiver_fact;
void rule_receiver_strings(const verdict_sink *sink, const receiver_fact *f);

/* SEND-8, SEND-9: FaxDevSend's return against the end-of-job status. */
void rule_send_outcome(const verdict_sink *sink, const char *job, int returned,
                       uint32_t final_status);

/* SEND-6: a send whose FaxSendCallback the service answered FALSE ("terminate the
 * operation"), `refused` times; what FaxDevSend returned and the end-of-job status. */
typedef struct send_refused_fact {
    const char *job;
    long refused;            /* FALSE answers given; 0: the FSP never called back */
    int returned;
    uint32_t final_status;   /* 0: none could be read */
} send_refused_fact;
void rule_send_refused(const verdict_sink *sink, const send_refused_fact *f);

/* A send as the remote end saw it (`expect JOB sent "FILE"`, modem-sim's last-call),
 * beside what the job said. */
typedef struct send_at_remote_fact {
    const char *job;
    int returned;                /* FaxDevSend's return */
    uint32_t final_status;       /* the job's last status; 0: none */
    const char *asked_number;    /* FAX_SEND.ReceiverNumber */
    int line_idle;               /* the remote's line was back on hook in time */
    unsigned idle_wait_ms;       /* how long the kit waited for that */
    int call_placed;             /* a call from this send reached the remote */
    int line_used;               /* the FSP ever sent the kit's modem an AT command */
    const char *dialled;         /* as dialled, without V.250 modifiers */
    const char *call_result;     /* how the remote's call ended: completed, busy, ... */
    unsigned pages;              /* pages the remote confirmed */
    const char *match;           /* the pages against FILE: same, fewer, different */
    const char *why;             /* the remote's words on the match ("" when none) */
} send_at_remote_fact;

/* SEND-1 (the call placed, the data sent, the call ended), SEND-2 (the number dialled),
 * SEND-8/9 (the outcome reported against what the remote saw): FAIL only where the FSP
 * reports success for a failed or corrupted delivery, or leaves the call up; a failure
 * status other than the one the kit expects is at most a WARN naming both. */
void rule_send_at_remote(const verdict_sink *sink, const send_at_remote_fact *fact);

/* A receive that returned TRUE, as the far end saw it: the file FaxDevReceive stored
 * against the document modem-sim's remote sent (`last-incoming FILE`). */
typedef struct receive_at_remote_fact {
    const char *job;
    int line_idle;               /* the modem was on hook in time after the return */
    unsigned idle_wait_ms;
    const char *modem_state;     /* what modem-sim said when it was not */
    const char *unreadable;      /* modem-sim cannot read the file: why (else NULL) */
    int call_seen;               /* a call the remote placed ended during this receive */
    const char *call_result;     /* how it ended: completed, aborted, ... */
    unsigned pages_sent;         /* pages that went to the DTE whole */
    unsigned pages_in_document;
    unsigned pages_stored;       /* pages in the file */
    const char *match;           /* same, fewer, different */
    const char *why;             /* where they differ, or what was allowed (may be NULL) */
} receive_at_remote_fact;

/* RECV-2: the data stream received is what the file holds. */
void rule_receive_at_remote(const verdict_sink *sink, const receive_at_remote_fact *f);

/* RECV-5: FaxDevReceive with a NULL CallHandle and no ring asks for a receive without a
 * ring; an FSP that cannot must fail the call. FALSE (with a failure status) holds;
 * FALSE with FS_COMPLETED fails; TRUE fails when modem-sim's remote placed no call
 * while it ran (nothing could be received), holds when one came, and without modem-sim
 * is left to the file it wrote (RECV-2). An abort that met the operation is the ABORT
 * clauses' to judge. */
typedef struct receive_without_ring_fact {
    const char *job;
    int returned;
    uint32_t final_status;       /* the end-of-job report's StatusId (0: none read) */
    int aborted;                 /* an abort was called before the operation returned - met
                                    running, or before the FSP entered it */
    int remote_called;           /* a call of modem-sim's remote ended meanwhile: 1, 0, or
                                    -1 unknown (no modem-sim, or not asked) */
} receive_without_ring_fact;
void rule_receive_without_ring(const verdict_sink *sink, const receive_without_ring_fact *f);

/* RETRY-4: a send or receive the FSP was given while its line was missing (the harness
 * took the port away: `line-missing`). Judged at EndJob, on the end-of-job report. */
typedef struct line_missing_fact {
    const char *job;
    const char *operation;       /* "FaxDevSend" or "FaxDevReceive" */
    int returned;
    uint32_t final_status;       /* the end-of-job report's StatusId (0: none read) */
    int aborted;                 /* an abort came before the operation returned */
} line_missing_fact;
/* FALSE with FS_LINE_UNAVAILABLE holds; TRUE, or FALSE with another status, is a FAIL
 * (the service tries another line only for that status); an aborted one is a note. */
void rule_line_missing_outcome(const verdict_sink *sink, const line_missing_fact *f);
/* RETRY-4 WARN: FaxDevStartJob refused a job while the line was missing - the clause has
 * the operation fail with FS_LINE_UNAVAILABLE; a refused StartJob reports nothing. */
void rule_line_missing_start_refused(const verdict_sink *sink, const char *job);
/* RETRY-4 note: `fn` (device creation, Initialize) refused with the line missing - the
 * FSP's choice (INIT-8); its sends and receives were not reached. */
void rule_line_missing_at_start_up(const verdict_sink *sink, const char *fn);

#endif /* FAKE_FAXSVC_RULES_OPERATION_H */
