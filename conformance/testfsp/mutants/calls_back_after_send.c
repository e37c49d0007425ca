/*
 * vfsp mutant calls_back_after_send: keeps the FaxSendCallback vfsp's send makes, lets
 * FaxDevSend return, and makes the call from a thread of its own when FaxDevEndJob
 * comes - the job's handle still alive, the send over. Breaks SEND-5 (the call belongs
 * in FaxDevSend, "once the call is established"): calling back at the wrong time from
 * the wrong thread. (callback_after_end calls with a dead handle: END-3.)
 *
 * mutant-export: FaxDevSend=mutant_send
 * mutant-export: FaxDevEndJob=mutant_end_job
 *
 * breaks: SEND-5 FAIL
 */
#include "vfsp.h"

/* What the send would have called back with; a mutant may keep globals. */
static PFAX_SEND_CALLBACK kept_callback;
static HANDLE kept_handle;
static HCALL kept_call;

static BOOL CALLBACK keep_for_later(HANDLE fax_handle, HCALL call, DWORD reserved1,
                                    DWORD reserved2)
{
    (void)reserved1; (void)reserved2;
    kept_handle = fax_handle;
    kept_call = call;
    return TRUE;
}

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND fax_send, PFAX_SEND_CALLBACK callback)
{
    kept_callback = callback;
    return FaxDevSend(fax_handle, fax_send, keep_for_later);
}

static DWORD WINAPI call_back_late(void *unused)
{
    (void)unused;
    kept_callback(kept_handle, kept_call, 0, 0);
    return 0;
}

BOOL WINAPI mutant_end_job(HANDLE fax_handle)
{
    if (kept_callback && kept_handle == fax_handle) {
        HANDLE worker = CreateThread(NULL, 0, call_back_late, NULL, 0, NULL);
        if (worker) {
            WaitForSingleObject(worker, INFINITE);
            CloseHandle(worker);
        }
        kept_callback = NULL;
    }
    return FaxDevEndJob(fax_handle);
}
