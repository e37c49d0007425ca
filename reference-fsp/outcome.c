/*
 * outcome.c - the mapping from a session's end to FS_* (see outcome.h).
 */
#include "outcome.h"

/* One row per way a session ends. The FS_* codes the service retries are the ones
 * SEND-9 lists (busy, no answer, no dial tone, disconnected, not a fax call, fatal,
 * line unavailable); the others mean "do not send again". */
static const struct {
    dte_outcome outcome;
    DWORD status;
    DWORD error;
} rows[] = {
    {DTE_COMPLETED, FS_COMPLETED, NO_ERROR},
    {DTE_ABORTED, FS_USER_ABORT, ERROR_OPERATION_ABORTED},          /* ABORT-4 */
    {DTE_BUSY, FS_BUSY, ERROR_BUSY},
    {DTE_NO_DIALTONE, FS_NO_DIAL_TONE, ERROR_NOT_READY},
    {DTE_NO_ANSWER, FS_NO_ANSWER, ERROR_TIMEOUT},
    {DTE_NO_CARRIER, FS_NO_ANSWER, ERROR_TIMEOUT},  /* no fax carrier came back: unanswered */
    {DTE_VOICE, FS_NOT_FAX_CALL, ERROR_NOT_SUPPORTED},
    {DTE_DISCONNECTED, FS_DISCONNECTED, ERROR_CONNECTION_ABORTED},
    {DTE_PAGE_REJECTED, FS_FATAL_ERROR, ERROR_INVALID_DATA}, /* RTN again and again */
    {DTE_MODEM_ERROR, FS_FATAL_ERROR, ERROR_GEN_FAILURE},
    {DTE_DOCUMENT_ERROR, FS_FATAL_ERROR, ERROR_INVALID_DATA},
};

refsp_outcome outcome_of_session(const dte_result *result, BOOL receiving)
{
    refsp_outcome out = {FS_FATAL_ERROR, ERROR_GEN_FAILURE, FALSE};
    /* An abort that came after the remote confirmed the last page (or after the last
     * page of a receive arrived whole) changes nothing: the fax went through. */
    if (result->outcome == DTE_ABORTED && result->last_page_confirmed) {
        out.status = FS_COMPLETED;
        out.error = NO_ERROR;
        out.ok = TRUE;
        return out;
    }
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (rows[i].outcome == result->outcome) {
            out.status = rows[i].status;
            out.error = rows[i].error;
            out.ok = rows[i].status == FS_COMPLETED;
        }
    }
    /* A receive has no dial: whatever ended it before the fax began is a lost call. */
    if (receiving && (out.status == FS_BUSY || out.status == FS_NO_DIAL_TONE))
        out.status = FS_DISCONNECTED;
    return out;
}
