/*
 * vfsp mutant send_hangs: FaxDevSend blocks forever and ignores FaxDevAbortOperation.
 * Breaks ERR-1 (the call never returns) and ABORT-1. The host must give the verdict
 * within its hang guard and stop without unloading a DLL a thread is still inside.
 *
 * mutant-export: FaxDevSend=mutant_send
 *
 * breaks: ERR-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND fax_send, PFAX_SEND_CALLBACK callback)
{
    (void)fax_handle; (void)fax_send; (void)callback;
    HANDLE never = CreateEventW(NULL, TRUE, FALSE, NULL);
    WaitForSingleObject(never, INFINITE);
    CloseHandle(never);
    return TRUE;
}
