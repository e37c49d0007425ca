/*
 * dte_link.h - the Class 2.0 DTE's I/O (class20_dte.h) over a job's line: every read is
 * a wait on the job's condition variable and every write goes through the job's lock
 * (job_line.c), so FaxDevAbortOperation reaches the session at once (ABORT-3); the
 * DTE's protocol events become the operation's status packets.
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

/* Fills `io` so the DTE talks through `ln` as job `job`. */
void dte_link_init(dte_link *link, dte_io *io, refsp_job *job, line *ln,
                   void (*event)(void *context, dte_event event, unsigned page),
                   void *event_context);

#endif /* REFSP_DTE_LINK_H */
