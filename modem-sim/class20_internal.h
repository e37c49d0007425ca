/*
 * class20_internal.h - what the parts of the Class 2.0 DCE share, and nobody else:
 *   class20_dce.c      command mode, results, the step chain, holds, aborts
 *   class20_params.c   the +F parameters: set, query, test
 *   class20_send.c     a call the DTE places: ATD, +FDT, page data, post-page
 *   class20_receive.c  a call that comes in: RING, ATA, +FDR, page data to the DTE
 */
#ifndef MODEMSIM_CLASS20_INTERNAL_H
#define MODEMSIM_CLASS20_INTERNAL_H

#include "class20_dce.h"

#define DLE 0x10
#define ETX 0x03
#define SUB 0x1a
#define DC1 0x11   /* XON */
#define DC2 0x12   /* receive: "send the data now" */
#define DC3 0x13   /* XOFF */
#define CAN 0x18

/* +FHS hangup codes (class20-notes.md 3.1). */
#define HANGUP_NORMAL        0x00
#define HANGUP_ABORTED       0x02  /* +FKS or CAN: the DTE asked */
#define HANGUP_ANSWER_NO_CED 0x05  /* answered, no fax tones: a voice answer */
#define HANGUP_T1_TIMEOUT    0x11
#define HANGUP_TX_PHASE_C    0x40  /* unspecified transmit phase C error (T.32) */
#define HANGUP_RX_PHASE_C    0x90  /* unspecified receive phase C error (T.32) */
#define HANGUP_NO_MPS_REPLY  0x52
#define HANGUP_NO_EOP_REPLY  0x54
#define HANGUP_NO_EOM_REPLY  0x56

typedef enum cmd_status {
    CMD_OK,        /* done; go on with the line */
    CMD_ERROR,     /* stop the line with ERROR */
    CMD_STARTED,   /* an action command took over: its result comes later */
    CMD_SILENT     /* done, and it already said what it had to */
} cmd_status;

/* Output: a final result code ("OK", "CONNECT", "NO CARRIER"), honouring ATV/ATQ. */
void dce_result(class20_dce *dce, const char *result);
/* Output: an information line ("+FCO", "+FHS:02", a query's value). */
void dce_info(class20_dce *dce, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The next step of the chain, due after `fast_ms` (--speed fast) or `realtime_ms`. */
void dce_schedule(class20_dce *dce, dce_step step, unsigned fast_ms, unsigned realtime_ms,
                  uint64_t now_ms);
/* Has the chain reached the armed hold point? Then it stops here (one-shot). */
int dce_hold_here(class20_dce *dce, hold_kind kind, unsigned page, unsigned long bytes);
/* The same for a step of the chain: when it holds, `step` stays pending and runs again
 * from its top on release. Returns 1 when held. */
int dce_hold_step(class20_dce *dce, dce_step step, hold_kind kind, unsigned page,
                  uint64_t now_ms);
/* The point a hold froze no longer exists (the DTE ended the page, the call ended):
 * nothing is frozen any more. */
void dce_drop_hold(class20_dce *dce, const char *why);
/* The call is over: tell the remote, go on hook, back to command mode. */
void dce_end_call(class20_dce *dce, const char *result, int hangup_code);
/* The DCE took the DTE's request to end the page or the call (DLE ETX in page data, a
 * byte aborting an action, CAN in +FDR, AT+FKS): an armed "ending" hold fires here and
 * keeps back whatever the DCE says from now on - a real DCE answers only after DCN,
 * about 1 s. Call it before queuing the answer. */
void dce_ending_taken(class20_dce *dce);
/* The DTE ended the call (an abort byte after +FCO, CAN in +FDR, AT+FKS): the call is
 * over, then (the ending taken) `lead` (lead_len bytes, may be 0), +FHS:02 and OK. */
void dce_end_on_request(class20_dce *dce, const void *lead, size_t lead_len);
/* "+FHS:xx" then OK, and the call is over. */
void dce_hang_up_with(class20_dce *dce, const char *result, int hangup_code);

/* class20_params.c */
void dce_params_reset(dce_params *params);
cmd_status dce_param_command(class20_dce *dce, const at_command *cmd, uint64_t now_ms);

/* class20_send.c */
cmd_status dce_send_dial(class20_dce *dce, const char *dial_string, uint64_t now_ms);
cmd_status dce_send_fdt(class20_dce *dce, uint64_t now_ms);
/* Page data from the DTE; returns how many bytes it took (it stops where the data
 * phase ends, so the caller hands the rest to command mode). */
size_t dce_send_data(class20_dce *dce, const unsigned char *data, size_t len, uint64_t now_ms);
void dce_send_step(class20_dce *dce, dce_step step, uint64_t now_ms);

/* class20_receive.c */
cmd_status dce_receive_answer(class20_dce *dce, uint64_t now_ms);
cmd_status dce_receive_fdr(class20_dce *dce, uint64_t now_ms);
void dce_receive_data_input(class20_dce *dce, const unsigned char *data, size_t len,
                            uint64_t now_ms);
void dce_receive_step(class20_dce *dce, dce_step step, uint64_t now_ms);

#endif /* MODEMSIM_CLASS20_INTERNAL_H */
