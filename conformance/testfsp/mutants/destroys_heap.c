/*
 * vfsp mutant destroys_heap: FaxDevInitialize destroys the private heap the service
 * lent it (INIT-2, INIT-4: the service creates and destroys it). Breaks ERR-1: the host
 * must name the call, not crash on the heap itself ("internal error").
 *
 * mutant-export: FaxDevInitialize=mutant_initialize
 *
 * breaks: ERR-1 FAIL
 */
#include "vfsp.h"

BOOL WINAPI mutant_initialize(HLINEAPP app, HANDLE heap, PFAX_LINECALLBACK *line_callback,
                              PFAX_SERVICE_CALLBACK service_callback)
{
    BOOL ok = FaxDevInitialize(app, heap, line_callback, service_callback);
    HeapDestroy(heap);
    return ok;
}
