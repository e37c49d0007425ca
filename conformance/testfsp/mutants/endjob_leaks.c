/*
 * vfsp mutant endjob_leaks: FaxDevEndJob returns TRUE but keeps the job's memory.
 * Breaks END-1 (EndJob frees the job data allocated in StartJob).
 *
 * mutant-export: FaxDevEndJob=mutant_end_job
 *
 * breaks: END-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_end_job(HANDLE fax_handle)
{
    (void)fax_handle;
    return TRUE;
}
