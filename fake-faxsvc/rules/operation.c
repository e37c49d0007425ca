/*
 * operation.c - SEND and RECV rules (see operation.h).
 */
#include "operation.h"

#include <string.h>

#include "fax_status_codes.h"
#include "fsc_scenario.h" /* fsc_status_name */

void rule_send_callback(const verdict_sink *sink, const char *job, int in_send,
                        uint32_t call_handle, uint32_t reserved1, uint32_t reserved2)
{
    if (reserved1 || reserved2)
        verdict_broken(sink, "SEND-5", "job %s: FaxSendCallback called with reserved "
                       "arguments %lu, %lu; they must be 0", job, (unsigned long)reserved1,
                       (unsigned long)reserved2);
    else if (!in_send)
        verdict_broken(sink, "SEND-5", "job %s: FaxSendCallback called outside FaxDevSend", job);
    else
        verdict_held(sink, "SEND-5", "job %s: FaxSendCallback(handle, call %lu, 0, 0)", job,
                     (unsigned long)call_handle);
}

void rule_send_callback_unknown_handle(const verdict_sink *sink, uint64_t handle)
{
    verdict_broken(sink, "SEND-5", "FaxSendCallback was called with FaxHandle 0x%llx, which "
                   "no FaxDevStartJob returned: it must be the job's own handle",
                   (unsigned long long)handle);
}

void rule_received_file(const verdict_sink *sink, const char *job,
                        const unsigned char *header, size_t got)
{
    if (got >= 4 && memcmp(header, "II*\0", 4) == 0) {
        verdict_held(sink, "RECV-2", "job %s: FaxDevReceive left a little-endian TIFF in "
                     "FAX_RECEIVE.FileName", job);
        verdict_held(sink, "IMG-3", "job %s: the received TIFF is little-endian (II), as the "
                     "CPU", job);
    }
    else if (got >= 4 && memcmp(header, "MM\0*", 4) == 0)
        verdict_note(sink, "IMG-3", "job %s: the received TIFF is big-endian (MM); the "
                     "service's own files are little-endian (II), and what it accepts back "
                     "is UNCONFIRMED", job);
    else
        verdict_broken(sink, "RECV-2", "job %s: FaxDevReceive returned TRUE but "
                       "FAX_RECEIVE.FileName holds no TIFF (%zu byte(s) read)", job, got);
}

void rule_send_outcome(const verdict_sink *sink, const char *job, int returned,
                       uint32_t final_status)
{
    const char *name = fsc_status_name(final_status);
    if (final_status == 0) { /* no status could be read: nothing to compare with */
        verdict_note(sink, "SEND-8", "job %s: no end-of-job status could be read, so "
                     "FaxDevSend's return (%s) is not compared with one", job,
                     returned ? "TRUE" : "FALSE");
        return;
    }
    if (returned && final_status != FS_COMPLETED)
        verdict_broken(sink, "SEND-8", "job %s: FaxDevSend returned TRUE but the status is %s, "
                       "not FS_COMPLETED", job, name ? name : "other");
    else if (returned)
        verdict_held(sink, "SEND-8", "job %s: TRUE and FS_COMPLETED", job);
    if (!returned && (final_status == FS_COMPLETED || final_status == FS_TRANSMITTING ||
                      final_status == FS_RECEIVING))
        verdict_broken(sink, "SEND-9", "job %s: FaxDevSend returned FALSE but the status is %s",
                       job, name);
    else if (!returned)
        verdict_held(sink, "SEND-9", "job %s: FALSE and %s, a failure status", job,
                     name ? name : "a provider-defined status");
}
