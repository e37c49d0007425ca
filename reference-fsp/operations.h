/*
 * operations.h - FaxDevSend and FaxDevReceive's work, once exports.c has checked the
 * arguments: a Class 2.0 session on the job's line, with the service's document.
 */
#ifndef REFSP_OPERATIONS_H
#define REFSP_OPERATIONS_H

#include "faxdev.h"

#include "job.h"

/* SEND-1..9: dials FAX_SEND.ReceiverNumber and sends FileName's pages. */
BOOL operation_send(refsp_job *job, HANDLE fax_handle, const FAX_SEND *request,
                    PFAX_SEND_CALLBACK callback);
/* RECV-2..6: answers the ringing line and receives into FileName. */
BOOL operation_receive(refsp_job *job, FAX_RECEIVE *request);

#endif /* REFSP_OPERATIONS_H */
