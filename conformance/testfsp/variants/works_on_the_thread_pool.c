/*
 * vfsp variant works_on_the_thread_pool: a CORRECT FSP, different from vfsp - every
 * StartJob hands a small piece of bookkeeping to the system thread pool
 * (QueueUserWorkItem) and waits for it. The pool's worker threads stay alive, idle,
 * after Shutdown: they are Windows', not the FSP's, and none runs the FSP's code any
 * more. SHUT-1 must not be blamed on them (a host that counted every new thread, or
 * scanned their stacks for old return addresses, would).
 *
 * mutant-export: FaxDevStartJob=variant_start_job
 */
#include "vfsp.h"

static DWORD WINAPI bookkeeping(void *done)
{
    SetEvent(done);
    return 0;
}

BOOL WINAPI variant_start_job(HLINE line, DWORD device, PHANDLE fax_handle, HANDLE port,
                              ULONG_PTR key)
{
    HANDLE done = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!done)
        return FALSE; /* CreateEventW set the last error */
    if (QueueUserWorkItem(bookkeeping, done, WT_EXECUTEDEFAULT))
        WaitForSingleObject(done, INFINITE);
    CloseHandle(done);
    return FaxDevStartJob(line, device, fax_handle, port, key);
}
