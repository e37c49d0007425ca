/*
 * Mutant abort_leaves_call_up: once FaxDevAbortOperation has stopped the session, the
 * FSP returns from FaxDevSend/Receive where it is - no DLE ETX, AT+FKS or ATH - so the
 * call stays up with the remote waiting (a vendor who took "abort must return at once"
 * to mean "drop everything"). The reference FSP ends every session through
 * c20_end_session; here an aborted one skips it. The modem battery's aborts aimed at the
 * modem's hold points must FAIL it: ABORT-1, the call still up after the operation
 * returned.
 *
 * mutant-link: -Wl,--wrap=c20_end_session
 * breaks: ABORT-1 FAIL
 */
#include "class20_dte_private.h"

void __real_c20_end_session(session *s);
void __wrap_c20_end_session(session *s);

void __wrap_c20_end_session(session *s)
{
    if (s->cleanup_begun)
        return; /* the breach: aborted, so the call is simply left as it is */
    __real_c20_end_session(s);
}
