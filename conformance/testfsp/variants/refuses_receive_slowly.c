/*
 * vfsp variant refuses_receive_slowly: a CORRECT FSP, different from vfsp - asked to
 * receive without a ring (CallHandle 0), it cannot (RECV-5 lets it fail the call): it
 * posts FS_LINE_UNAVAILABLE, then takes its time (300 ms) tidying up before it returns
 * FALSE. An abort that comes in that time finds an operation that has already failed:
 * nothing is cancelled, so ABORT-4's FS_USER_ABORT is not owed (the kit once gave it
 * ABORT-4 FAIL).
 *
 * mutant-export: FaxDevReceive=variant_receive
 */
#include "vfsp.h"

BOOL WINAPI variant_receive(HANDLE fax_handle, HCALL call_handle, PFAX_RECEIVE receive)
{
    if (call_handle != 0)
        return FaxDevReceive(fax_handle, call_handle, receive);
    vfsp_post_status((vfsp_job *)fax_handle, vfsp_service_heap, FS_LINE_UNAVAILABLE, 0);
    Sleep(300);
    SetLastError(ERROR_NOT_SUPPORTED);
    return FALSE;
}
