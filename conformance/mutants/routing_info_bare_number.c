/*
 * Mutant routing_info_bare_number: the FSP fills FAX_DEV_STATUS.RoutingInfo with the
 * number as dialled, "5551000", for the service's inbound routing. Breaks DS-6: the form
 * is Canonical-Phone-Number[|Additional-Routing-Info], TAPI's canonical number first
 * ("+1 (425) 555-0100").
 *
 * mutant-link: -Wl,--wrap=job_report
 * breaks: DS-6 FAIL
 */
#include "job.h"

#include <wchar.h>

static const wchar_t routing[] = L"5551000"; /* the breach: no canonical number */

BOOL __real_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required);
BOOL __wrap_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required);

/* The reference FSP's report, with the routing string placed after its own strings. */
BOOL __wrap_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required)
{
    DWORD own = 0;
    if (!required || !__real_job_report(job, NULL, 0, &own))
        return __real_job_report(job, status, size, required);
    *required = own + (DWORD)sizeof(routing);
    if (!status && size == 0)
        return TRUE; /* RPT-3: the size probe */
    if (!status || size < *required) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    if (!__real_job_report(job, status, size - (DWORD)sizeof(routing), &own))
        return FALSE;
    if (own + sizeof(routing) > size) { /* its strings grew meanwhile */
        *required = own + (DWORD)sizeof(routing);
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    status->RoutingInfo = (wchar_t *)((char *)status + own);
    wmemcpy(status->RoutingInfo, routing, sizeof(routing) / sizeof(wchar_t));
    return TRUE;
}
