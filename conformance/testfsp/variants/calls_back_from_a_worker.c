/*
 * vfsp variant calls_back_from_a_worker: a CORRECT FSP, different from vfsp - its
 * FaxSendCallback comes from a thread of its own, started for the purpose, while
 * FaxDevSend waits for it. SEND-5 asks for the call once the call exists, during the
 * send; it names no thread. A host that judged "the thread that called FaxDevSend"
 * instead of "during FaxDevSend" would blame it.
 *
 * mutant-export: FaxDevSend=variant_send
 */
#include "vfsp.h"

/* The callback vfsp's send makes, carried to the worker. One send at a time per FSP
 * here (the scenarios run one), so a variant may keep it in globals. */
typedef struct callback_call {
    PFAX_SEND_CALLBACK callback;
    HANDLE fax_handle;
    HCALL call;
    DWORD reserved1, reserved2;
    BOOL result;
} callback_call;

static PFAX_SEND_CALLBACK real_callback;

static DWORD WINAPI call_back(void *context)
{
    callback_call *c = context;
    c->result = c->callback(c->fax_handle, c->call, c->reserved1, c->reserved2);
    return 0;
}

/* What vfsp calls: the same call, made on a new thread, waited for. */
static BOOL CALLBACK through_a_worker(HANDLE fax_handle, HCALL call, DWORD reserved1,
                                      DWORD reserved2)
{
    callback_call c = {real_callback, fax_handle, call, reserved1, reserved2, FALSE};
    HANDLE worker = CreateThread(NULL, 0, call_back, &c, 0, NULL);
    if (!worker)
        return real_callback(fax_handle, call, reserved1, reserved2);
    WaitForSingleObject(worker, INFINITE);
    CloseHandle(worker);
    return c.result;
}

BOOL WINAPI variant_send(HANDLE fax_handle, PFAX_SEND fax_send, PFAX_SEND_CALLBACK callback)
{
    real_callback = callback;
    return FaxDevSend(fax_handle, fax_send, through_a_worker);
}
