/*
 * dte_link.c - the DTE over a job's line (see dte_link.h).
 */
#include "dte_link.h"

#include <stdio.h>

static dte_io_status status_of(dte_link *link, line_status status)
{
    switch (status) {
    case LINE_OK: return DTE_IO_OK;
    case LINE_TIMEOUT: return DTE_IO_TIMEOUT;
    case LINE_ABORTED: return DTE_IO_ABORTED;
    default:
        job_line_gone(link->job); /* opened afresh after the job (EndJob) */
        return DTE_IO_LOST;
    }
}

static dte_io_status link_write(void *context, const void *data, size_t size,
                                size_t *written, unsigned timeout_ms)
{
    dte_link *link = context;
    return status_of(link, job_write(link->job, link->line, data, size, written, timeout_ms));
}

static dte_io_status link_read(void *context, void *buf, size_t size, size_t *got,
                               unsigned timeout_ms)
{
    dte_link *link = context;
    return status_of(link, job_read(link->job, buf, size, got, timeout_ms));
}

/* The DTE saw the abort and now hangs up properly: ABORTING -> HANGING_UP. */
static void link_begin_cleanup(void *context)
{
    dte_link *link = context;
    job_begin_hangup(link->job);
}

static void link_event(void *context, dte_event event, unsigned page)
{
    dte_link *link = context;
    if (link->event)
        link->event(link->event_context, event, page);
}

/* The session as a debugger sees it (OutputDebugString): no console, no files. */
static void link_trace(void *context, const char *direction, const char *text)
{
    (void)context;
    char line[300];
    snprintf(line, sizeof(line), "refsp: %s %s\n", direction, text);
    OutputDebugStringA(line);
}

void dte_link_init(dte_link *link, dte_io *io, refsp_job *job, line *ln,
                   void (*event)(void *context, dte_event event, unsigned page),
                   void *event_context)
{
    link->job = job;
    link->line = ln;
    link->event = event;
    link->event_context = event_context;
    io->context = link;
    io->write = link_write;
    io->read = link_read;
    io->begin_cleanup = link_begin_cleanup;
    io->event = link_event;
    io->trace = link_trace;
}
