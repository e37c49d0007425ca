/*
 * dte_link.h - the Class 2.0 DTE's I/O (class20_dte.h) over a job's line: every read
 * and write goes through the job's gate, so FaxDevAbortOperation cancels it (ABORT-3),
 * and the DTE's protocol events become the job's status packets.
 */
#ifndef REFSP_DTE_LINK_H
#define REFSP_DTE_LINK_H

#include "class20_dte.h"
#include "job.h"

typedef struct dte_link {
    refsp_job *job;
    line *line;
    void (*event)(void *context, dte_event event, unsigned page); /* the operation's */
    void *event_context;
} dte_link;

/* Fills `io` so the DTE talks through `ln` under the job's gate. */
void dte_link_init(dte_link *link, dte_io *io, refsp_job *job, line *ln,
                   void (*event)(void *context, dte_event event, unsigned page),
                   void *event_context);

/* After the session: marks the line for reopening when its end was cut short. */
void dte_link_finish(dte_link *link);

#endif /* REFSP_DTE_LINK_H */
