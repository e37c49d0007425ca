/*
 * vfsp mutant callback_after_end: keeps the FaxSendCallback and the handle of a send,
 * and calls it once more when the next job starts - with the handle of a job already
 * ended. Breaks SEND-5 (outside FaxDevSend) and END-3 (the handle is dead after EndJob).
 *
 * mutant-export: FaxDevSend=mutant_send
 * mutant-export: FaxDevStartJob=mutant_start_job
 *
 * breaks: SEND-5 FAIL
 */
#include "vfsp.h"

/* What the last send got, kept for the next StartJob: a mutant may keep globals. */
static PFAX_SEND_CALLBACK kept_callback;
static HANDLE kept_handle;

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND fax_send, PFAX_SEND_CALLBACK callback)
{
    kept_callback = callback;
    kept_handle = fax_handle;
    return FaxDevSend(fax_handle, fax_send, callback);
}

BOOL WINAPI mutant_start_job(HLINE line, DWORD device, PHANDLE fax_handle, HANDLE port,
                             ULONG_PTR key)
{
    if (kept_callback)
        kept_callback(kept_handle, 1, 0, 0);
    return FaxDevStartJob(line, device, fax_handle, port, key);
}
