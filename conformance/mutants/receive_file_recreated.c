/*
 * Mutant receive_file_recreated: before the first page the FSP "makes sure" the service's
 * file is there and empty by opening it with CREATE_ALWAYS. On Windows that replaces the
 * file the service created - with the security and attributes the service gave it - by a
 * new one of the FSP's. Breaks RECV-3: the service creates the file before the call, and
 * the FSP must open it with OPEN_EXISTING.
 *
 * mutant-link: -Wl,--wrap=operation_receive
 * breaks: RECV-3 FAIL
 */
#include "operations.h"

BOOL __real_operation_receive(refsp_job *job, FAX_RECEIVE *request);
BOOL __wrap_operation_receive(refsp_job *job, FAX_RECEIVE *request);

BOOL __wrap_operation_receive(refsp_job *job, FAX_RECEIVE *request)
{
    HANDLE file = CreateFileW(request->FileName, GENERIC_WRITE, 0, NULL,
                              CREATE_ALWAYS /* the breach */, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file != INVALID_HANDLE_VALUE)
        CloseHandle(file);
    return __real_operation_receive(job, request);
}
