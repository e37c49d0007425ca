/*
 * Mutant rtn_taken_as_success: a page the remote refused (RTN, the DCE's ERROR to the
 * post-page message) again and again ends the send as a success - FS_COMPLETED and
 * TRUE - as if "the remote answered" were "the remote took the page". The service would
 * drop a fax whose page never arrived. The modem battery's RTN number, judged at the
 * remote (`expect JOB sent`), must FAIL it: SEND-8, success for a call whose remote
 * confirmed fewer pages than the document has.
 *
 * mutant-link: -Wl,--wrap=outcome_of_session
 * breaks: SEND-8 FAIL
 */
#include "outcome.h"

refsp_outcome __real_outcome_of_session(const dte_result *result, BOOL receiving);
refsp_outcome __wrap_outcome_of_session(const dte_result *result, BOOL receiving);

refsp_outcome __wrap_outcome_of_session(const dte_result *result, BOOL receiving)
{
    if (result->outcome == DTE_PAGE_REJECTED) {
        refsp_outcome taken = {FS_COMPLETED, NO_ERROR, TRUE}; /* the breach */
        return taken;
    }
    return __real_outcome_of_session(result, receiving);
}
