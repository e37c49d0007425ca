/*
 * vfsp mutant callback_with_reserved: FaxDevSend calls FaxSendCallback with a nonzero
 * reserved argument before sending as vfsp does. Breaks SEND-5 (the call is
 * FaxSendCallback(FaxHandle, CallHandle, 0, 0)).
 *
 * mutant-export: FaxDevSend=mutant_send
 *
 * breaks: SEND-5 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND fax_send, PFAX_SEND_CALLBACK callback)
{
    if (callback)
        callback(fax_handle, 1, 7, 0);
    return FaxDevSend(fax_handle, fax_send, callback);
}
