/*
 * report.c - RPT rules (see report.h).
 */
#include "report.h"

#include <ctype.h>
#include <string.h>

#include "errors.h"
#include "fax_status_codes.h"
#include "fsc_scenario.h" /* fsc_status_name */
#include "status.h"          /* fs_status_is_under_way */

#define ERROR_INSUFFICIENT_BUFFER_VALUE 122u

int rule_report_probe(const verdict_sink *sink, const report_probe_fact *f)
{
    if (f->required < f->struct_size) {
        verdict_broken(sink, "RPT-3", "job %s (%s): the NULL/0 size probe %s and left %lu in "
                       "*FaxStatusSizeRequired, less than FAX_DEV_STATUS itself (%lu)", f->job,
                       f->why, f->returned ? "returned TRUE" : "returned FALSE",
                       (unsigned long)f->required, (unsigned long)f->struct_size);
        if (!f->returned)
            {
            failure_reason_fact reason = {"FaxDevReportStatus", f->last_error,
                                          f->error_untouched, 0};
            rule_failure_reason(sink, &reason);
        }
        return 0;
    }
    verdict_held(sink, "RPT-3", "job %s: the size probe asked for %lu bytes", f->job,
                 (unsigned long)f->required);
    if (!f->returned)
        verdict_note(sink, "RPT-3", "job %s: the size probe returned FALSE (error %lu%s) with "
                     "the size stored; the clause asks only for the size", f->job,
                     (unsigned long)f->last_error,
                     f->last_error == ERROR_INSUFFICIENT_BUFFER_VALUE
                     ? ", ERROR_INSUFFICIENT_BUFFER: the Win32 size-probe convention" : "");
    /* RPT-4 and RPT-5 disagree on the buffer (contract section 6): the host gives the
     * larger of the two and says so when the probe asked for more than RPT-5's. */
    if (f->required > f->documented_size)
        verdict_note(sink, "RPT-5", "job %s: the probe asked for %lu bytes, more than the "
                     "documented %lu-byte buffer; the host gives what it asked (RPT-4)", f->job,
                     (unsigned long)f->required, (unsigned long)f->documented_size);
    return 1;
}

void rule_report_refused(const verdict_sink *sink, const char *job, const char *why,
                         uint32_t size, uint32_t last_error)
{
    verdict_broken(sink, "RPT-7", "job %s (%s): FaxDevReportStatus failed with a %lu-byte "
                   "buffer, as large as its own size probe asked (error %lu): no status",
                   job, why, (unsigned long)size, (unsigned long)last_error);
}

void rule_report_members(const verdict_sink *sink, const char *job, const char *unfilled,
                         uint32_t size_of_struct, uint32_t struct_size)
{
    if (unfilled[0])
        verdict_broken(sink, "RPT-7", "job %s: FaxDevReportStatus left %s unfilled", job,
                       unfilled);
    else
        verdict_held(sink, "RPT-7", "job %s: every FAX_DEV_STATUS member filled", job);
    if (size_of_struct != struct_size)
        verdict_broken(sink, "RPT-7", "job %s: SizeOfStruct is %lu, not %lu", job,
                       (unsigned long)size_of_struct, (unsigned long)struct_size);
}

void rule_report_string_outside(const verdict_sink *sink, const char *job, const char *member,
                                uint64_t pointer, uint64_t block, uint64_t end)
{
    verdict_broken(sink, "RPT-6", "job %s: FAX_DEV_STATUS.%s points outside the block after "
                   "the struct (0x%llx, block 0x%llx..0x%llx)", job, member,
                   (unsigned long long)pointer, (unsigned long long)block,
                   (unsigned long long)end);
}

void rule_report_overrun(const verdict_sink *sink, const char *job, const char *which,
                         uint32_t size, uint32_t asked, size_t bytes_past)
{
    verdict_broken(sink, "RPT-3", "job %s: FaxDevReportStatus wrote %zu byte(s) past the end of "
                   "%s (%lu bytes; its size probe asked for %lu): it writes more than it "
                   "computes, into the service's memory", job, bytes_past, which,
                   (unsigned long)size, (unsigned long)asked);
}

void rule_report_small_buffer(const verdict_sink *sink, const char *job, uint32_t size,
                              uint32_t asked, int returned, uint32_t last_error)
{
    if (returned)
        verdict_doubt(sink, "RPT-8", "job %s: FaxDevReportStatus returned TRUE for a %lu-byte "
                      "buffer, smaller than the %lu bytes its probe asked for (SampleFSP fails "
                      "with ERROR_INSUFFICIENT_BUFFER)", job, (unsigned long)size,
                      (unsigned long)asked);
    else if (last_error != 122) /* ERROR_INSUFFICIENT_BUFFER */
        verdict_doubt(sink, "RPT-8", "job %s: a %lu-byte buffer (the probe asked for %lu) failed "
                      "with error %lu, not ERROR_INSUFFICIENT_BUFFER as in SampleFSP", job,
                      (unsigned long)size, (unsigned long)asked, (unsigned long)last_error);
    else
        verdict_held(sink, "RPT-8", "job %s: a buffer too small failed with "
                     "ERROR_INSUFFICIENT_BUFFER", job);
}

void rule_report_strings_inside(const verdict_sink *sink, const char *job, unsigned strings)
{
    if (strings)
        verdict_held(sink, "RPT-6", "job %s: %u string member(s) set, each inside the block "
                     "after the struct", job, strings);
    else
        verdict_note(sink, "RPT-6", "job %s: CSI, CallerId and RoutingInfo all NULL: no string "
                     "to place", job);
}

/* Station IDs are padded with blanks by some modems and DTEs (efax right-justifies,
 * docs/class20-notes.md): the ID is what lies between them. */
static void trimmed(const char *id, const char **start, size_t *len)
{
    while (*id == ' ')
        id++;
    size_t n = strlen(id);
    while (n > 0 && id[n - 1] == ' ')
        n--;
    *start = id;
    *len = n;
}

void rule_report_csi(const verdict_sink *sink, const csi_fact *f)
{
    const char *which = strcmp(f->operation, "FaxDevSend") == 0 ? "CSI (+FCI)" : "TSI (+FTI)";
    const char *csi, *remote;
    size_t csi_len, remote_len;
    trimmed(f->csi_set ? f->csi : "", &csi, &csi_len);
    trimmed(f->remote_id, &remote, &remote_len);
    if (csi_len == 0) {
        verdict_note(sink, "DS-4", "job %s: the last report gave no CSI (the remote's ID "
                     "\"%s\"): nothing to compare", f->job, f->remote_id);
    } else if (remote_len == 0) {
        verdict_doubt(sink, "DS-4", "job %s: the report's CSI is \"%s\", but the remote gave "
                      "no ID on this call: CSI is the remote's own ID", f->job, f->csi);
    } else if (csi_len == remote_len && memcmp(csi, remote, csi_len) == 0) {
        verdict_held(sink, "DS-4", "job %s: CSI \"%.*s\" is the remote's %s", f->job,
                     (int)csi_len, csi, which);
    } else {
        verdict_broken(sink, "DS-4", "job %s: the report's CSI is \"%s\", but the remote's "
                       "%s was \"%s\": CSI is the remote device's ID", f->job, f->csi, which,
                       f->remote_id);
    }
}

/* `needle` (len bytes) inside `hay` (hay_len bytes). */
static int contains(const char *hay, size_t hay_len, const char *needle, size_t len)
{
    for (size_t i = 0; len && i + len <= hay_len; i++)
        if (memcmp(hay + i, needle, len) == 0)
            return 1;
    return 0;
}

void rule_report_caller_id(const verdict_sink *sink, const caller_id_fact *f)
{
    const char *caller, *remote;
    size_t caller_len, remote_len;
    trimmed(f->caller_id_set ? f->caller_id : "", &caller, &caller_len);
    trimmed(f->remote_id, &remote, &remote_len);
    if (caller_len == 0)
        verdict_note(sink, "DS-5", "job %s: the last report gave no CallerId (the caller's TSI "
                     "was \"%s\"): nothing to compare", f->job, f->remote_id);
    else if (remote_len == 0)
        verdict_note(sink, "DS-5", "job %s: CallerId \"%s\", but the caller gave no TSI on this "
                     "call: nothing to compare", f->job, f->caller_id);
    else if (contains(caller, caller_len, remote, remote_len))
        verdict_held(sink, "DS-5", "job %s: CallerId \"%.*s\" names the calling device (its TSI "
                     "\"%.*s\")", f->job, (int)caller_len, caller, (int)remote_len, remote);
    else
        verdict_doubt(sink, "DS-5", "job %s: CallerId \"%s\" does not name the calling device: "
                      "its TSI on the call was \"%s\", and the kit's line carries no caller-ID "
                      "number that could stand for it", f->job, f->caller_id, f->remote_id);
}

/* TAPI's canonical address (its "Canonical address format for phone numbers"), up to the
 * '|': "+", a country code of one or more digits, one blank, an optional "(area code) ",
 * then the subscriber number - at least one digit, with formatting characters (blank,
 * '.', '-') and dialing control characters, but no '(', ')' or '^'. */
static int canonical_number(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    if (len == 0 || s[i++] != '+')
        return 0;
    while (i < len && isdigit((unsigned char)s[i]))
        i++, digits++;
    if (digits == 0 || i >= len || s[i++] != ' ')
        return 0;
    if (i < len && s[i] == '(') {
        for (i++; i < len && isdigit((unsigned char)s[i]); i++)
            ;
        if (i + 1 >= len || s[i] != ')' || s[i + 1] != ' ')
            return 0;
        i += 2;
    }
    size_t number = 0;
    for (; i < len; i++) {
        if (isdigit((unsigned char)s[i]))
            number++;
        else if (!s[i] || !strchr(" .-AaBbCcDdPpTtWw*#!@$?", s[i]))
            return 0;
    }
    return number > 0;
}

void rule_routing_info(const verdict_sink *sink, const char *job, int set, const char *routing)
{
    size_t number_len = strcspn(routing, "|");
    if (!set || !*routing)
        verdict_note(sink, "DS-6", "job %s: the last report gave no RoutingInfo: nothing to "
                     "judge (it is for the service's inbound routing)", job);
    else if (canonical_number(routing, number_len))
        verdict_held(sink, "DS-6", "job %s: RoutingInfo \"%s\" is Canonical-Phone-Number"
                     "[|Additional-Routing-Info]", job, routing);
    else
        verdict_broken(sink, "DS-6", "job %s: RoutingInfo \"%s\" does not begin with a "
                       "canonical phone number (\"+1 (425) 555-0100\": TAPI's canonical address) "
                       "before any '|': its form is Canonical-Phone-Number"
                       "[|Additional-Routing-Info]", job, routing);
}

void rule_report_beside_abort(const verdict_sink *sink, const char *job)
{
    verdict_held(sink, "RPT-1", "job %s: FaxDevReportStatus ran on another thread while "
                 "FaxDevAbortOperation did, and both returned", job);
}

void rule_report_deadlock(const verdict_sink *sink, const char *job, uint32_t limit_ms)
{
    verdict_broken(sink, "RPT-1", "job %s: FaxDevReportStatus has not returned within %lu ms "
                   "while an abort ran: the two exports deadlock", job, (unsigned long)limit_ms);
}

void rule_idle_report(const verdict_sink *sink, const idle_report_fact *f)
{
    const char *name = fsc_status_name(f->reported);
    if (f->posted || f->reported == 0 || !name || fs_status_is_under_way(f->reported) ||
        (f->reported == FS_USER_ABORT && f->aborted))
        return;
    verdict_broken(sink, "RPT-7", "job %s ran no operation and posted no packet, yet its "
                   "end-of-job report gave %s, an outcome: another job's status (kept per "
                   "device or per provider instead of per job?)", f->job, name);
}
