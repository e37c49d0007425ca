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

/* RECV-2, IMG-3: the first bytes of FAX_RECEIVE.FileName after a TRUE receive. */
void rule_received_file(const verdict_sink *sink, const char *job,
                        const unsigned char *header, size_t got);

/* SEND-8, SEND-9: FaxDevSend's return against the end-of-job status. */
void rule_send_outcome(const verdict_sink *sink, const char *job, int returned,
                       uint32_t final_status);

#endif /* FAKE_FAXSVC_RULES_OPERATION_H */
