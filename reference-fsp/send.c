/*
 * send.c - FaxDevSend's work (see operations.h): the number checked by the FSP itself,
 * the document opened (and checked), then one Class 2.0 send session on the job's line,
 * which takes the pages one at a time.
 */
#include "operations.h"

#include <stdio.h>
#include <stdlib.h>

#include "document.h"
#include "dte_link.h"
#include "outcome.h"

#define DIAL_MAX 40   /* digits and modifiers a modem takes in one ATD */

/*
 * FS_BAD_ADDRESS is the FSP's own validation (RETRY-1: not retried). The service may
 * put T or P first for tone or pulse dialling (SampleFSP's comment); formatting (spaces,
 * dashes, brackets, dots, a leading +) is dropped; digits, * # and the pause comma
 * stay. Anything else, or nothing left, is a bad address.
 */
static BOOL dial_string(const wchar_t *number, char *dial, size_t size)
{
    size_t n = 0;
    if (!number)
        return FALSE;
    if (*number == L'T' || *number == L'P' || *number == L't' || *number == L'p')
        dial[n++] = (char)(*number++ & ~0x20);
    for (; *number; number++) {
        wchar_t c = *number;
        if ((c >= L'0' && c <= L'9') || c == L'*' || c == L'#' || c == L',') {
            if (n + 1 >= size)
                return FALSE;
            dial[n++] = (char)c;
        } else if (!wcschr(L" -().+/", c)) {
            return FALSE;
        }
    }
    dial[n] = '\0';
    return n > 0 && !(n == 1 && (dial[0] == 'T' || dial[0] == 'P'));
}

typedef struct send_state {
    refsp_job *job;
    HANDLE fax_handle;
    PFAX_SEND_CALLBACK callback;
    document_reader *doc;   /* one page in memory at a time */
    BOOL fine;              /* the first page is fine: the session asks for fine */
} send_state;

/* SEND-4: a damaged page is refused before the call is placed, as a whole-document load
 * would refuse it - but one page at a time, so memory stays at one page. The pages are
 * decoded again when they are sent. This is work, not a wait, so the abort cannot wake
 * it: it looks at the job's state between pages instead (ABORT-1). */
static BOOL check_every_page(send_state *s)
{
    char why[256];
    for (size_t i = 0; i < document_page_count(s->doc); i++) {
        if (job_is_aborted(s->job))
            return job_fail(s->job, FS_USER_ABORT, ERROR_OPERATION_ABORTED);
        fax_page page;
        if (document_read_page(s->doc, i, &page, why, sizeof(why)) != 0) {
            OutputDebugStringA(why);
            return job_fail(s->job, FS_FATAL_ERROR, ERROR_BAD_FORMAT);
        }
        if (i == 0)
            s->fine = page.yres == FAX_YRES_FINE;
        fax_page_free(&page);
    }
    return TRUE;
}

/* The DTE asks for page `index` in the session it negotiated. */
static int page_data(void *context, unsigned index, const dte_params *params,
                     unsigned char **data, size_t *size)
{
    send_state *s = context;
    char why[256];
    fax_page page;
    /* Decoded from the file for this attempt, encoded, and let go: memory holds one
     * page, however long the document. */
    int rc = document_read_page(s->doc, index, &page, why, sizeof(why));
    if (rc == 0) {
        rc = document_encode_page(&page, params->df ? FAX_CODING_MR : FAX_CODING_MH,
                                  params->vr ? FAX_YRES_FINE : FAX_YRES_NORMAL, FAX_LSB_FIRST,
                                  data, size, why, sizeof(why));
        fax_page_free(&page);
    }
    if (rc != 0)
        OutputDebugStringA(why);
    return rc;
}

static void page_free(void *context, unsigned char *data)
{
    (void)context;
    free(data); /* document.c allocates pages with malloc: see document.h */
}

/* Protocol events become status packets; the call's start is FaxSendCallback's moment. */
static void send_event(void *context, dte_event event, unsigned page)
{
    send_state *s = context;
    if (event == DTE_EV_CONNECTED && s->callback) {
        /* SEND-5..7: a virtual device has no TAPI call (hence 0), and need not call it;
         * this FSP does, at the moment SEND-5 names, so the service can stop the send:
         * FALSE asks for it to end (SEND-6), the same way an abort does. */
        if (!s->callback(s->fax_handle, 0, 0, 0))
            job_abort(s->job);
    } else if (event == DTE_EV_PAGE_START) {
        job_post(s->job, FS_TRANSMITTING, page, NO_ERROR);
    }
}

static BOOL send_session(send_state *s, line *ln, const char *number)
{
    dte_link link;
    dte_io io;
    dte_link_init(&link, &io, s->job, ln, send_event, s);
    const device *d = s->job->device;
    dte_send_request request = {
        .number = number,
        .local_id = d->config->station_id,
        .page_count = (unsigned)document_page_count(s->doc),
        .fine = s->fine,
        .rtn_retries = d->config->rtn_retries,
        .page_data = page_data,
        .page_free = page_free,
        .page_context = s,
    };
    dte_result result;
    job_post(s->job, FS_DIALING, 0, NO_ERROR);
    dte_send(&io, &request, &result);
    job_set_remote_id(s->job, FALSE, result.remote_id);
    OutputDebugStringA(result.detail);
    refsp_outcome out = outcome_of_session(&result, FALSE);
    if (!out.ok)
        return job_fail(s->job, out.status, out.error);
    job_post(s->job, FS_COMPLETED, result.pages, NO_ERROR); /* SEND-8 */
    return TRUE;
}

static BOOL send_operation(refsp_job *job, HANDLE fax_handle, const FAX_SEND *request,
                           PFAX_SEND_CALLBACK callback)
{
    job_post(job, FS_INITIALIZING, 0, NO_ERROR);
    char number[DIAL_MAX + 2], why[256];
    if (!dial_string(request->ReceiverNumber, number, sizeof(number)))
        return job_fail(job, FS_BAD_ADDRESS, ERROR_INVALID_PARAMETER);
    send_state s = {job, fax_handle, callback, NULL, FALSE};
    if (document_open(request->FileName, &s.doc, why, sizeof(why)) != 0) {
        OutputDebugStringA(why); /* SEND-4: not a fax document we can send */
        return job_fail(job, FS_FATAL_ERROR, ERROR_BAD_FORMAT);
    }
    BOOL ok = check_every_page(&s);
    if (ok) {
        line *ln = device_line(job->device);
        ok = ln ? send_session(&s, ln, number)
                : job_fail(job, FS_LINE_UNAVAILABLE, ERROR_DEVICE_NOT_CONNECTED);
    }
    DWORD error = GetLastError();
    document_close(s.doc);
    SetLastError(error); /* ERR-2: the close must not change what the service reads */
    return ok;
}

BOOL operation_send(refsp_job *job, HANDLE fax_handle, const FAX_SEND *request,
                    PFAX_SEND_CALLBACK callback)
{
    /* An abort before the send began: nothing to undo, and nothing to retry (ABORT-5). */
    if (!job_begin_operation(job))
        return job_fail(job, FS_USER_ABORT, ERROR_OPERATION_ABORTED);
    BOOL ok = send_operation(job, fax_handle, request, callback);
    DWORD error = GetLastError();
    job_end_operation(job);   /* RUNNING .. -> DONE: the reader stops waiting for us */
    SetLastError(error);      /* ERR-2 */
    return ok;
}
