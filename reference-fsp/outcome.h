/*
 * outcome.h - how every way a fax call can end becomes what the service sees: the
 * FS_* status of the last packet and of FaxDevReportStatus, the Win32 error set before
 * FALSE, and the return value (SEND-8, SEND-9, ABORT-4). docs/reference-fsp.md has the
 * same table for people; the suite tests each row.
 */
#ifndef REFSP_OUTCOME_H
#define REFSP_OUTCOME_H

#include "faxdev.h"

#include "class20_dte.h"

typedef struct refsp_outcome {
    DWORD status;       /* FS_* */
    DWORD error;        /* the Win32 error for SetLastError (0 for success) */
    BOOL ok;            /* what FaxDevSend / FaxDevReceive returns */
} refsp_outcome;

/* The outcome of a Class 2.0 session (a receive has no dial, so no busy or dial tone). */
refsp_outcome outcome_of_session(const dte_result *result, BOOL receiving);

#endif /* REFSP_OUTCOME_H */
