/*
 * vfsp mutant send_exits_its_thread: FaxDevSend ends the service's thread it was called
 * on (ExitThread) instead of returning. Breaks ERR-1: every BOOL function returns. The
 * host must name the call at once - the thread is gone, so no hang guard need run out -
 * and end the scenario on its own terms (issue 13: exiting a thread).
 *
 * mutant-export: FaxDevSend=mutant_send
 *
 * breaks: ERR-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND send, PFAX_SEND_CALLBACK callback)
{
    (void)callback;
    vfsp_job *job = vfsp_send_begins(fax_handle, send);
    if (!job)
        return FALSE;
    ExitThread(0);
}
