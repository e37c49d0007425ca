/*
 * far_end.h - the far end of a modem line: what modem-sim's remote fax machine saw,
 * asked on its control socket (docs/control.md) and judged beside what the FSP said.
 * A send's pages, number and outcome (`expect JOB sent`, SEND-1/2/8/9), the modem back on
 * hook after an aborted operation (ABORT-1) and the file a receive stored against what
 * the remote sent (RECV-2). Every command and reply goes to the event log.
 */
#ifndef FAKE_FAXSVC_FAR_END_H
#define FAKE_FAXSVC_FAR_END_H

#include "scenario_exec.h"

/* One command to modem-sim and its reply, both logged. Returns modem_control_command's. */
int far_end_command(scenario_exec *ctx, const char *command, char *reply, size_t size,
                    DWORD within_ms);

typedef enum far_end_calls { FAR_END_PLACED, FAR_END_RUNG } far_end_calls;
/* How many calls the DTE placed (`last-call`) or the remote rang (`last-incoming`) have
 * ended so far - asked before an operation, so that its own call can be told apart - or
 * -1 without modem-sim. */
long far_end_calls_ended(scenario_exec *ctx, far_end_calls which);

/* `expect JOB sent "FILE"`, once the job's FaxDevSend returned: SEND-1, SEND-2, SEND-8,
 * SEND-9 from modem-sim's `last-call FILE` (and ABORT-1 when the send was aborted).
 * EXEC_OK, or EXEC_ERROR when modem-sim does not answer as documented. */
int far_end_expect_sent(scenario_exec *ctx, service_job *job, const char *file);

/* The first time a statement finds the job's operation returned (wait, expect ...
 * returns, end before EndJob): after an abort the modem must be on hook (ABORT-1), and a
 * receive that returned TRUE must have stored what the remote sent (RECV-2). Nothing
 * without modem-sim, or when neither applies; once per operation. */
void far_end_after_operation(scenario_exec *ctx, service_job *job);

#endif /* FAKE_FAXSVC_FAR_END_H */
