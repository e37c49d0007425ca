/*
 * report.h - FaxDevReportStatus (RPT-1..9): the size probe, the call with the
 * service's buffer, and what the FSP wrote into it.
 */
#ifndef FAKE_FAXSVC_RULES_REPORT_H
#define FAKE_FAXSVC_RULES_REPORT_H

#include <stdint.h>

#include "verdict.h"

/* The NULL/0 size probe. `required` is what *FaxStatusSizeRequired held afterwards
 * (the host sets it to 0 first). */
typedef struct report_probe_fact {
    const char *job, *why;
    int returned;
    uint32_t last_error;
    int error_untouched;          /* the host's last-error sentinel was still set */
    uint32_t required;
    uint32_t struct_size;         /* sizeof(FAX_DEV_STATUS) here */
    uint32_t documented_size;     /* sizeof(FAX_DEV_STATUS) + FAXDEVREPORTSTATUS_SIZE */
} report_probe_fact;

/* RPT-3 judges only what the clause says: the size was stored. How the probe returned
 * is the FSP's choice (a Win32 size probe often returns FALSE with
 * ERROR_INSUFFICIENT_BUFFER). Returns 1 when a size came back, so the service can go on
 * with a buffer (RPT-4). */
int rule_report_probe(const verdict_sink *sink, const report_probe_fact *f);

/* The call with the service's buffer of `size` bytes failed: no status (RPT-7). */
void rule_report_refused(const verdict_sink *sink, const char *job, const char *why,
                         uint32_t size, uint32_t last_error);
/* RPT-7: `unfilled` lists the members still holding the service's fill pattern ("" for
 * none); `size_of_struct` is what the FSP set. */
void rule_report_members(const verdict_sink *sink, const char *job, const char *unfilled,
                         uint32_t size_of_struct, uint32_t struct_size);
/* RPT-6: a string member points outside the block after the struct. */
void rule_report_string_outside(const verdict_sink *sink, const char *job, const char *member,
                                uint64_t pointer, uint64_t block, uint64_t end);
/* RPT-3: the FSP wrote `bytes_past` bytes after the `size`-byte buffer it was lent
 * (`which`), having asked for `asked`. */
void rule_report_overrun(const verdict_sink *sink, const char *job, const char *which,
                         uint32_t size, uint32_t asked, size_t bytes_past);
/* RPT-8 (a sample convention): a buffer smaller than the probe asked for fails with
 * ERROR_INSUFFICIENT_BUFFER. */
void rule_report_small_buffer(const verdict_sink *sink, const char *job, uint32_t size,
                              uint32_t asked, int returned, uint32_t last_error);
/* RPT-6: the string members set (each inside the block), or a note that none was. */
void rule_report_strings_inside(const verdict_sink *sink, const char *job, unsigned strings);
/* RPT-1: reports on another thread met an abort and both returned. */
/* DS-4: the CSI a job's last report gave against the ID the remote gave the DTE on the
 * operation's call (a send: the remote's CSI, +FCI; a receive: its TSI, +FTI). */
typedef struct csi_fact {
    const char *job;
    const char *operation;            /* "FaxDevSend" or "FaxDevReceive" */
    int csi_set;                      /* CSI not NULL */
    const char *csi;                  /* UTF-8 */
    const char *remote_id;            /* "" when the remote gave none */
} csi_fact;
void rule_report_csi(const verdict_sink *sink, const csi_fact *f);
/* DS-5: after a receive that returned TRUE, the CallerId the last report gave against
 * the TSI the calling machine gave on the call (+FTI). */
typedef struct caller_id_fact {
    const char *job;
    int caller_id_set;                /* CallerId not NULL */
    const char *caller_id;            /* UTF-8 */
    const char *remote_id;            /* the caller's TSI; "" when it gave none */
} caller_id_fact;
void rule_report_caller_id(const verdict_sink *sink, const caller_id_fact *f);
/* DS-6: the RoutingInfo the last report gave (judged when set, and noted when a receive
 * that returned TRUE gave none): Canonical-Phone-Number[|Additional-Routing-Info]. */
void rule_routing_info(const verdict_sink *sink, const char *job, int set,
                       const char *routing);
void rule_report_beside_abort(const verdict_sink *sink, const char *job);
/* RPT-1: ReportStatus from another thread did not return while an abort ran. */
void rule_report_deadlock(const verdict_sink *sink, const char *job, uint32_t limit_ms);

/* RPT-7: a job that ran no operation and posted no packet has no outcome of its own, so
 * an outcome in its end-of-job report (FS_COMPLETED, a failure; FS_USER_ABORT unless it
 * was aborted) is another operation's - a status kept per device or per provider
 * instead of per job: FAIL. 0, a progress status or a provider's own code: nothing to
 * judge. */
typedef struct idle_report_fact {
    const char *job;
    uint32_t reported;      /* the end-of-job report's StatusId */
    int aborted;            /* the job was aborted */
    int posted;             /* it posted a packet */
} idle_report_fact;
void rule_idle_report(const verdict_sink *sink, const idle_report_fact *f);

#endif /* FAKE_FAXSVC_RULES_REPORT_H */
