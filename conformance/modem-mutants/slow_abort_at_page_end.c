/*
 * Mutant slow_abort_at_page_end: FaxDevAbortOperation of a send only sets a flag, and the
 * send looks at it only when it takes the next page of the document - between pages, as
 * a vendor's page loop that checks "aborting?" once per page. An abort during the dial,
 * the handshake or a page waits until the page is over; with the remote frozen there
 * (a modem hold point), it waits for ever. ABORT-3 holds (the call returns at once);
 * ABORT-1 does not: the modem battery's aborts aimed at the modem's hold points must
 * FAIL it, the operation still running long after the abort.
 *
 * mutant-export: FaxDevAbortOperation=mutant_abort
 * mutant-export: FaxDevSend=mutant_send
 * mutant-link: -Wl,--wrap=document_read_page
 * breaks: ABORT-1 FAIL
 */
#include <windows.h>

#include "document.h"
#include "faxdev.h"

#define SENDS 16   /* sends at a time: more than the devices there can be */

typedef struct pending_abort {
    HANDLE job;     /* a send in progress, or NULL */
    BOOL asked;     /* FaxDevAbortOperation came and was not passed on yet */
} pending_abort;

/* The exports carry no context but FaxHandle (as provider.h says of the reference FSP). */
static SRWLOCK sends_lock = SRWLOCK_INIT;
static pending_abort sends[SENDS];
static _Thread_local HANDLE sending;   /* the send this thread is in */

static pending_abort *find(HANDLE job)
{
    for (int i = 0; i < SENDS; i++)
        if (sends[i].job == job)
            return &sends[i];
    return NULL;
}

BOOL WINAPI mutant_abort(HANDLE FaxHandle)
{
    AcquireSRWLockExclusive(&sends_lock);
    pending_abort *p = FaxHandle ? find(FaxHandle) : NULL;
    if (p)
        p->asked = TRUE; /* the breach: noted, nothing woken */
    ReleaseSRWLockExclusive(&sends_lock);
    return p ? TRUE : FaxDevAbortOperation(FaxHandle);
}

BOOL WINAPI mutant_send(HANDLE FaxHandle, PFAX_SEND FaxSend, PFAX_SEND_CALLBACK callback)
{
    AcquireSRWLockExclusive(&sends_lock);
    pending_abort *p = find(NULL);
    if (p) {
        p->job = FaxHandle;
        p->asked = FALSE;
    }
    ReleaseSRWLockExclusive(&sends_lock);
    sending = FaxHandle;
    BOOL ok = FaxDevSend(FaxHandle, FaxSend, callback);
    DWORD error = GetLastError();
    sending = NULL;
    AcquireSRWLockExclusive(&sends_lock);
    if (p)
        p->job = NULL;
    ReleaseSRWLockExclusive(&sends_lock);
    SetLastError(error);
    return ok;
}

int __real_document_read_page(document_reader *reader, size_t index, fax_page *page, char *why,
                              size_t why_size);
int __wrap_document_read_page(document_reader *reader, size_t index, fax_page *page, char *why,
                              size_t why_size);

/* A page is taken: the one moment this send looks at the flag. */
int __wrap_document_read_page(document_reader *reader, size_t index, fax_page *page, char *why,
                              size_t why_size)
{
    AcquireSRWLockExclusive(&sends_lock);
    pending_abort *p = sending ? find(sending) : NULL;
    BOOL asked = p && p->asked;
    if (asked)
        p->asked = FALSE;
    ReleaseSRWLockExclusive(&sends_lock);
    if (asked)
        FaxDevAbortOperation(sending);
    return __real_document_read_page(reader, index, page, why, why_size);
}
