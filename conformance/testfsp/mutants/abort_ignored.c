/*
 * vfsp mutant abort_ignored: FaxDevAbortOperation returns TRUE at once but does
 * nothing, so the send goes on to the end. Breaks ABORT-1 (the abort asks the FSP to
 * end the active operation) and ABORT-4. Only an abort aimed where the remote cannot
 * have the whole fax yet proves it: the race sweep's in-callback point (SEND-5: the
 * call is just established) or a modem hold point before the last page's confirmation.
 *
 * mutant-export: FaxDevAbortOperation=mutant_abort
 *
 * breaks: ABORT-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_abort(HANDLE fax_handle)
{
    return fax_handle != NULL;
}
