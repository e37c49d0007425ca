/*
 * receive.c - FaxDevReceive's work (see operations.h): answer, take every page and write
 * it into the file the service created as it arrives, as the service's own documents
 * are: memory holds one page, however long the call.
 */
#include "operations.h"

#include <stdio.h>
#include <wchar.h>

#include "document.h"
#include "dte_link.h"
#include "outcome.h"
#include "provider.h"

typedef struct receive_state {
    refsp_job *job;
    const FAX_RECEIVE *request;
    document_writer *file;  /* the service's file, from the first page on */
    unsigned pages;         /* written to it */
    BOOL write_failed;      /* the file refused a page: ERROR_WRITE_FAULT, not bad data */
} receive_state;

/* The DTE hands over each page's T.4 data as the modem delivered it. */
static int page_received(void *context, unsigned index, const dte_params *params,
                         const unsigned char *data, size_t size)
{
    receive_state *s = context;
    fax_page page;
    char why[256];
    (void)index;
    if (document_decode_page(data, size, params->df ? FAX_CODING_MR : FAX_CODING_MH,
                             params->vr ? FAX_YRES_FINE : FAX_YRES_NORMAL, FAX_LSB_FIRST,
                             &page, why, sizeof(why)) != 0) {
        OutputDebugStringA(why);
        return -1;
    }
    /* Opened on the first page only: a call that brings none leaves the file as the
     * service made it. */
    int rc = s->file || document_create(s->request->FileName, &s->file, why, sizeof(why)) == 0
                 ? document_append_page(s->file, &page, why, sizeof(why))
                 : -1;
    fax_page_free(&page);
    if (rc != 0) {
        OutputDebugStringA(why);
        s->write_failed = TRUE;
        return -1;
    }
    s->pages++;
    return 0;
}

/* INIT-2: the DTE's page buffer lives on the service's heap like the rest of the job. */
static void *service_realloc(void *context, void *block, size_t size)
{
    (void)context;
    return provider_realloc(block, size);
}

static void receive_event(void *context, dte_event event, unsigned page)
{
    receive_state *s = context;
    if (event == DTE_EV_ANSWERED)
        job_post(s->job, FS_ANSWERED, 0, NO_ERROR);
    else if (event == DTE_EV_RECEIVING)
        job_post(s->job, FS_RECEIVING, 0, NO_ERROR);
    else if (event == DTE_EV_PAGE_RECEIVED)
        job_post(s->job, FS_RECEIVING, page, NO_ERROR);
}

/* RECV-6: ReceiverName/ReceiverNumber point into the service's block after the
 * FileName string that follows the struct; strings that do not fit are left NULL. */
static void set_receiver(FAX_RECEIVE *request, const char *station_id)
{
    wchar_t *block_end = (wchar_t *)((char *)(request + 1) + FAXDEVRECEIVE_SIZE);
    wchar_t *at = request->FileName + wcslen(request->FileName) + 1;
    size_t n = strlen(station_id) + 1;
    if ((char *)request->FileName < (char *)(request + 1) || at + 2 * n > block_end)
        return; /* not the service's layout: do not write past what we know */
    for (int copy = 0; copy < 2; copy++, at += n) {
        for (size_t i = 0; i < n; i++)
            at[i] = (unsigned char)station_id[i];
        if (copy == 0)
            request->ReceiverName = at;
        else
            request->ReceiverNumber = at;
    }
}

static BOOL finish(receive_state *s, FAX_RECEIVE *request, const dte_result *result)
{
    refsp_outcome out = outcome_of_session(result, TRUE);
    char why[256] = "";
    /* RECV-7: after FS_USER_ABORT the service discards the partial fax; we leave the
     * file empty on every failure, so nothing partial passes for a short fax. */
    BOOL saved = document_finish(s->file, out.ok, why, sizeof(why)) == 0;
    s->file = NULL;
    if (s->write_failed)
        return job_fail(s->job, FS_FATAL_ERROR, ERROR_WRITE_FAULT);
    if (!out.ok)
        return job_fail(s->job, out.status, out.error);
    if (!saved) {
        OutputDebugStringA(why[0] ? why : "refsp: no pages to save");
        return job_fail(s->job, FS_FATAL_ERROR, ERROR_WRITE_FAULT);
    }
    set_receiver(request, s->job->device->config->station_id);
    job_post(s->job, FS_COMPLETED, s->pages, NO_ERROR);
    return TRUE;
}

static BOOL receive_operation(refsp_job *job, FAX_RECEIVE *request)
{
    line *ln = device_line(job->device);
    if (!ln)
        return job_fail(job, FS_LINE_UNAVAILABLE, ERROR_DEVICE_NOT_CONNECTED);
    receive_state s = {job, request, NULL, 0, FALSE};
    dte_link link;
    dte_io io;
    dte_link_init(&link, &io, job, ln, receive_event, &s);
    dte_receive_request dte_request = {
        .local_id = job->device->config->station_id,
        .page_received = page_received,
        .buffer_realloc = service_realloc,
        .page_context = &s,
    };
    dte_result result;
    dte_receive(&io, &dte_request, &result);
    job_set_remote_id(job, TRUE, result.remote_id);
    OutputDebugStringA(result.detail);
    return finish(&s, request, &result);   /* closes the file, sets the error last */
}

BOOL operation_receive(refsp_job *job, FAX_RECEIVE *request)
{
    /* An abort before the receive began: the call is not taken (ABORT-5, RECV-7). */
    if (!job_begin_operation(job))
        return job_fail(job, FS_USER_ABORT, ERROR_OPERATION_ABORTED);
    BOOL ok = receive_operation(job, request);
    DWORD error = GetLastError();
    job_end_operation(job);   /* RUNNING .. -> DONE: the reader stops waiting for us */
    SetLastError(error);      /* ERR-2 */
    return ok;
}
