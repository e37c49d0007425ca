/*
 * vfsp mutant job_leaks_a_handle: every FaxDevStartJob opens an event for the job and
 * nothing ever closes it - EndJob frees the job's memory but not its handle. Breaks
 * END-1 (EndJob frees the job data StartJob allocated) for handles, which the contract
 * does not name: the kit's verdict is a doubt (WARN) with the count's growth.
 *
 * mutant-export: FaxDevStartJob=mutant_start_job
 *
 * breaks: END-1 WARN (handles: the contract names only the job data)
 */
#include "vfsp.h"

BOOL WINAPI mutant_start_job(HLINE line, DWORD device, PHANDLE fax_handle, HANDLE port,
                             ULONG_PTR key)
{
    HANDLE job_event = CreateEventW(NULL, TRUE, FALSE, NULL); /* never closed: the bug */
    (void)job_event;
    return FaxDevStartJob(line, device, fax_handle, port, key);
}
