/*
 * operation.c - SEND and RECV rules (see operation.h).
 */
#include "operation.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fax_status_codes.h"
#include "fsc_scenario.h" /* fsc_status_name */
#include "tiff_layout.h"

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

/* IMG-5's resolution in dots per inch, whatever ResolutionUnit says. */
static double per_inch(double value, uint16_t unit)
{
    return unit == 3 ? value * 2.54 : value;
}

static int near(double value, double want)
{
    return value > want * 0.98 && value < want * 1.02;
}

/* IMG-2, IMG-4, IMG-5 from the pages' directories: the first page that differs names
 * each doubt. */
static void give_layout_verdicts(const verdict_sink *sink, const char *job,
                                  const tiff_layout *t)
{
    const char *unconfirmed = "the service's own files are so; what it accepts back from "
                              "FaxDevReceive is UNCONFIRMED";
    size_t not_mmr = t->page_count, not_one_row = t->page_count, not_fax = t->page_count;
    for (size_t i = t->page_count; i-- > 0;) {
        const tiff_page_layout *p = &t->pages[i];
        if (p->compression != 4)
            not_mmr = i;
        if (p->rows_per_strip != 1)
            not_one_row = i;
        double x = per_inch(p->xres, p->resolution_unit), y = per_inch(p->yres, p->resolution_unit);
        if (p->width != 1728 || !near(x, 204.0) || !(near(y, 98.0) || near(y, 196.0)))
            not_fax = i;
    }
    if (not_mmr == t->page_count)
        verdict_held(sink, "IMG-2", "job %s: all %zu received page(s) are MMR (Compression 4)",
                     job, t->page_count);
    else
        verdict_doubt(sink, "IMG-2", "job %s: received page %zu has Compression %u%s, not MMR "
                      "(4): %s", job, not_mmr + 1, (unsigned)t->pages[not_mmr].compression,
                      t->pages[not_mmr].compression == 3 ? " (T.4 MH/MR)" : "", unconfirmed);
    if (not_one_row == t->page_count)
        verdict_held(sink, "IMG-4", "job %s: all %zu received page(s) have RowsPerStrip 1",
                     job, t->page_count);
    else if (t->pages[not_one_row].rows_per_strip == 0xffffffffu)
        verdict_doubt(sink, "IMG-4", "job %s: received page %zu has no RowsPerStrip (one "
                      "strip), not 1: %s", job, not_one_row + 1, unconfirmed);
    else
        verdict_doubt(sink, "IMG-4", "job %s: received page %zu has RowsPerStrip %lu, not 1: "
                      "%s", job, not_one_row + 1,
                      (unsigned long)t->pages[not_one_row].rows_per_strip, unconfirmed);
    if (not_fax == t->page_count) {
        verdict_held(sink, "IMG-5", "job %s: all %zu received page(s) are 1728 pels wide at "
                     "204 x 98 or 196 dpi", job, t->page_count);
    } else {
        const tiff_page_layout *p = &t->pages[not_fax];
        verdict_doubt(sink, "IMG-5", "job %s: received page %zu is %lu pels wide at %.0f x %.0f "
                      "dpi, not 1728 at 204 x 98 or 196 (TIFF-F); whether the service takes "
                      "other values is UNCONFIRMED", job, not_fax + 1, (unsigned long)p->width,
                      per_inch(p->xres, p->resolution_unit),
                      per_inch(p->yres, p->resolution_unit));
    }
}

void rule_received_file(const verdict_sink *sink, const char *job, const unsigned char *data,
                        size_t got, int whole)
{
    int little = got >= 4 && memcmp(data, "II*\0", 4) == 0;
    int big = got >= 4 && memcmp(data, "MM\0*", 4) == 0;
    if (!little && !big) {
        verdict_broken(sink, "RECV-2", "job %s: FaxDevReceive returned TRUE but "
                       "FAX_RECEIVE.FileName holds no TIFF (%zu byte(s) read)", job, got);
        return;
    }
    tiff_layout *layout = whole ? malloc(sizeof(*layout)) : NULL;
    if (layout && tiff_layout_read(data, got, layout) != 0) {
        verdict_broken(sink, "RECV-2", "job %s: FaxDevReceive returned TRUE but the TIFF in "
                       "FAX_RECEIVE.FileName cannot be read: %s", job, layout->problem);
        free(layout);
        return;
    }
    if (little) {
        verdict_held(sink, "RECV-2", "job %s: FaxDevReceive left a little-endian TIFF in "
                     "FAX_RECEIVE.FileName", job);
        verdict_held(sink, "IMG-3", "job %s: the received TIFF is little-endian (II), as the "
                     "CPU", job);
    } else {
        verdict_note(sink, "IMG-3", "job %s: the received TIFF is big-endian (MM); the "
                     "service's own files are little-endian (II), and what it accepts back "
                     "is UNCONFIRMED", job);
    }
    if (layout)
        give_layout_verdicts(sink, job, layout);
    free(layout);
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

void rule_receiver_strings(const verdict_sink *sink, const receiver_fact *f)
{
    const struct { const char *name; receiver_place place; uint64_t at; } members[] = {
        {"ReceiverName", f->name, f->name_at}, {"ReceiverNumber", f->number, f->number_at},
    };
    int advised = 1;
    for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
        if (members[i].place == RECEIVER_OUTSIDE) {
            verdict_doubt(sink, "RECV-6", "job %s: %s points at 0x%llx, outside the service's "
                          "block after the FileName string (0x%llx..0x%llx): the strings go "
                          "in that block, which the service owns and reads", f->job,
                          members[i].name, (unsigned long long)members[i].at,
                          (unsigned long long)f->block_start,
                          (unsigned long long)f->block_end);
            advised = 0;
        } else if (members[i].place == RECEIVER_UNSET) {
            verdict_doubt(sink, "RECV-6", "job %s: FaxDevReceive returned TRUE with %s NULL: "
                          "the FSP should set it (in the block after the FileName string)",
                          f->job, members[i].name);
            advised = 0;
        }
    }
    if (advised)
        verdict_held(sink, "RECV-6", "job %s: ReceiverName and ReceiverNumber set, in the "
                     "service's block after the FileName string", f->job);
}

void rule_send_refused(const verdict_sink *sink, const send_refused_fact *f)
{
    if (f->refused == 0) {
        verdict_note(sink, "SEND-6", "job %s: the service would have answered FaxSendCallback "
                     "FALSE, but the FSP never called it (a virtual device need not, SEND-7)",
                     f->job);
        return;
    }
    const char *name = fsc_status_name(f->final_status);
    if (f->returned || f->final_status == FS_COMPLETED)
        verdict_broken(sink, "SEND-6", "job %s: FaxSendCallback answered FALSE, which asks for "
                       "the operation to be terminated, but FaxDevSend went on: it returned %s "
                       "and reports %s", f->job, f->returned ? "TRUE" : "FALSE",
                       name ? name : f->final_status ? "a provider-defined status"
                                                     : "no status");
    else
        verdict_held(sink, "SEND-6", "job %s: FaxSendCallback answered FALSE; FaxDevSend ended "
                     "with FALSE and %s", f->job,
                     name ? name : f->final_status ? "a provider-defined status" : "no status");
}

/* The number's digits, as a modem dials them (SEND-2 compares digits only). */
static void digits_of(const char *number, char *out, size_t size)
{
    size_t n = 0;
    for (; number && *number && n + 1 < size; number++)
        if (isdigit((unsigned char)*number))
            out[n++] = *number;
    out[n] = '\0';
}

/* SEND-2: the digits dialled end with the digits asked for (an FSP may dial a prefix of
 * its own: an outside line, a carrier code). */
static void dialled_number_verdict(const verdict_sink *sink, const send_at_remote_fact *f)
{
    char asked[64], dialled[64];
    digits_of(f->asked_number, asked, sizeof(asked));
    digits_of(f->dialled, dialled, sizeof(dialled));
    size_t a = strlen(asked), d = strlen(dialled);
    if (a > 0 && d >= a && strcmp(dialled + d - a, asked) == 0)
        verdict_held(sink, "SEND-2", "job %s: the remote was dialled as %s for "
                     "ReceiverNumber \"%s\"", f->job, f->dialled, f->asked_number);
    else
        verdict_broken(sink, "SEND-2", "job %s: the modem dialled %s, but ReceiverNumber "
                       "was \"%s\"", f->job, f->dialled, f->asked_number);
}

/* The failure status(es) that say what the remote saw; NULL when its call did not fail
 * in a way the kit maps (the FSP's own hang-up, say). */
static const uint32_t *expected_failure(const char *call_result, size_t *count)
{
    static const uint32_t busy[] = {FS_BUSY}, no_answer[] = {FS_NO_ANSWER},
                          no_dial_tone[] = {FS_NO_DIAL_TONE}, voice[] = {FS_NOT_FAX_CALL},
                          disconnected[] = {FS_DISCONNECTED, FS_NO_ANSWER},
                          /* something answered, no carrier: unanswered, not a fax, or cut */
                          no_carrier[] = {FS_NO_ANSWER, FS_NOT_FAX_CALL, FS_DISCONNECTED};
    static const struct { const char *result; const uint32_t *statuses; size_t count; } map[] = {
        {"busy", busy, 1}, {"no-answer", no_answer, 1}, {"no-dialtone", no_dial_tone, 1},
        {"voice", voice, 1}, {"disconnected", disconnected, 2},
        {"no-carrier", no_carrier, 3},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(call_result, map[i].result) == 0) {
            *count = map[i].count;
            return map[i].statuses;
        }
    return NULL;
}

static const char *status_text(uint32_t status, char *buf, size_t size)
{
    const char *name = fsc_status_name(status);
    if (status == 0)
        return "no status";
    if (name)
        return name;
    snprintf(buf, size, "0x%08lx", (unsigned long)status);
    return buf;
}

void rule_send_at_remote(const verdict_sink *sink, const send_at_remote_fact *f)
{
    char buf[16];
    const char *status = status_text(f->final_status, buf, sizeof(buf));
    int success = f->returned || f->final_status == FS_COMPLETED;
    const char *why = f->why && f->why[0] ? f->why : NULL;
    if (!f->line_idle) {
        verdict_broken(sink, "SEND-1", "job %s: FaxDevSend returned %s, but the remote's "
                       "call was still up %u ms later: the FSP must end the call it placed",
                       f->job, f->returned ? "TRUE" : "FALSE", f->idle_wait_ms);
        return;
    }
    if (!f->call_placed) {
        if (!f->line_used)
            verdict_note(sink, "SEND-1", "job %s: FaxDevSend returned %s (%s) and the FSP "
                         "never used the modem the kit put on its line (no AT command): not "
                         "judged at the remote - an FSP that sends by other means, or whose "
                         "settings name another port", f->job, f->returned ? "TRUE" : "FALSE",
                         status);
        else if (success)
            verdict_broken(sink, "SEND-1", "job %s: FaxDevSend reported success (%s, %s), "
                           "but no call reached the remote", f->job,
                           f->returned ? "TRUE" : "FALSE", status);
        else
            verdict_doubt(sink, "SEND-1", "job %s: FaxDevSend returned FALSE (%s) and no call "
                          "reached the remote: the FSP never dialled through the modem the "
                          "kit put on its line (do its settings name that port?)", f->job,
                          status);
        return;
    }
    dialled_number_verdict(sink, f);
    if (strcmp(f->match, "different") == 0) {
        verdict_broken(sink, "SEND-1", "job %s: what reached the remote is not the document "
                       "(%s)", f->job, why ? why : "the pages differ");
        return;
    }
    int all_arrived = strcmp(f->call_result, "completed") == 0 && strcmp(f->match, "same") == 0;
    if (all_arrived) {
        if (f->returned && f->final_status == FS_COMPLETED)
            verdict_held(sink, "SEND-1", "job %s: %u page(s) arrived at the remote as the "
                         "document has them%s%s", f->job, f->pages, why ? "; " : "",
                         why ? why : "");
        else
            verdict_doubt(sink, "SEND-9", "job %s: the whole document arrived (%u page(s) "
                          "confirmed by the remote), yet FaxDevSend returned %s with %s: the "
                          "service would send it again", f->job, f->pages,
                          f->returned ? "TRUE" : "FALSE", status);
        return;
    }
    /* the delivery failed or is short: success would be a false completion */
    if (success) {
        verdict_broken(sink, "SEND-8", "job %s: FaxDevSend reported success (%s, %s), but "
                       "the remote's call ended '%s' with %u page(s) confirmed%s%s", f->job,
                       f->returned ? "TRUE" : "FALSE", status, f->call_result, f->pages,
                       why ? ": " : "", why ? why : "");
        return;
    }
    size_t count = 0;
    const uint32_t *expected = expected_failure(f->call_result, &count);
    if (!expected) {
        verdict_held(sink, "SEND-9", "job %s: FALSE and %s; the remote's call ended '%s' "
                     "with %u page(s) confirmed", f->job, status, f->call_result, f->pages);
        return;
    }
    for (size_t i = 0; i < count; i++)
        if (f->final_status == expected[i]) {
            verdict_held(sink, "SEND-9", "job %s: FALSE and %s, as the remote's call ended "
                         "'%s'", f->job, status, f->call_result);
            return;
        }
    char want[64];
    snprintf(want, sizeof(want), "%s%s%s", fsc_status_name(expected[0]),
             count > 1 ? " or " : "", count > 1 ? fsc_status_name(expected[1]) : "");
    verdict_doubt(sink, "SEND-9", "job %s: the remote's call ended '%s', for which the kit "
                  "expected %s; FaxDevSend returned FALSE with %s - a failure the contract "
                  "allows, but it tells the service less about retrying", f->job,
                  f->call_result, want, status);
}

void rule_receive_at_remote(const verdict_sink *sink, const receive_at_remote_fact *f)
{
    const char *why = f->why && f->why[0] ? f->why : NULL;
    if (!f->line_idle) {
        verdict_doubt(sink, "RECV-2", "job %s: FaxDevReceive returned TRUE with the call still "
                      "up %u ms later (modem-sim: %s): the file is not compared with what the "
                      "remote sent", f->job, f->idle_wait_ms, f->modem_state);
        return;
    }
    if (f->unreadable) {
        verdict_doubt(sink, "RECV-2", "job %s: the file FaxDevReceive stored is not compared "
                      "with what the remote sent: modem-sim cannot read it (%s)", f->job,
                      f->unreadable);
        return;
    }
    if (!f->call_seen) {
        verdict_note(sink, "RECV-2", "job %s: no call of modem-sim's remote ended during this "
                     "receive: the file is not compared with a sent document", f->job);
        return;
    }
    int completed = f->call_result && strcmp(f->call_result, "completed") == 0;
    if (strcmp(f->match, "same") == 0) {
        verdict_held(sink, "RECV-2", "job %s: the file holds the %u page(s) the remote sent, "
                     "pixel-exact%s%s", f->job, f->pages_stored, why ? "; " : "",
                     why ? why : "");
    } else if (strcmp(f->match, "different") == 0) {
        verdict_broken(sink, "RECV-2", "job %s: FaxDevReceive returned TRUE, but the file is "
                       "not what the remote sent (%s)", f->job, why ? why : "no detail");
    } else if (completed || f->pages_stored < f->pages_sent) {
        verdict_broken(sink, "RECV-2", "job %s: FaxDevReceive returned TRUE, but the file holds "
                       "%u page(s) where the remote's call ended '%s' with %u of its %u page(s) "
                       "sent%s%s", f->job, f->pages_stored,
                       f->call_result ? f->call_result : "?", f->pages_sent,
                       f->pages_in_document, why ? ": " : "", why ? why : "");
    } else {
        verdict_note(sink, "RECV-2", "job %s: the remote's call ended '%s' after %u of its %u "
                     "page(s); FaxDevReceive returned TRUE and the file holds the %u that "
                     "arrived, pixel-exact", f->job, f->call_result ? f->call_result : "?",
                     f->pages_sent, f->pages_in_document, f->pages_stored);
    }
}

void rule_receive_without_ring(const verdict_sink *sink, const receive_without_ring_fact *f)
{
    char buf[16];
    const char *status = status_text(f->final_status, buf, sizeof(buf));
    if (f->aborted) {
        verdict_note(sink, "RECV-5", "job %s: an abort came before the receive without a "
                     "ring returned: its ending is the abort's (ABORT-1, ABORT-4)", f->job);
    } else if (!f->returned && f->final_status == FS_COMPLETED) {
        verdict_broken(sink, "RECV-5", "job %s: FaxDevReceive without a ring returned FALSE, "
                       "yet its status is FS_COMPLETED: a receive it could not do must fail, "
                       "with a failure status", f->job);
    } else if (!f->returned) {
        verdict_held(sink, "RECV-5", "job %s: FaxDevReceive without a ring (CallHandle NULL) "
                     "failed the call: FALSE, %s", f->job, status);
    } else if (f->remote_called == 0) {
        verdict_broken(sink, "RECV-5", "job %s: FaxDevReceive without a ring returned TRUE "
                       "(%s), but no call came to the line while it ran (modem-sim's remote "
                       "placed none): nothing was received - a receive the FSP cannot do must "
                       "fail", f->job, status);
    } else if (f->remote_called > 0) {
        verdict_held(sink, "RECV-5", "job %s: FaxDevReceive without a ring received the call "
                     "that came (TRUE, %s)", f->job, status);
    } else {
        verdict_note(sink, "RECV-5", "job %s: FaxDevReceive without a ring returned TRUE (%s): "
                     "with no modem line to ask, only the file it left is judged (RECV-2)",
                     f->job, status);
    }
}

void rule_line_missing_outcome(const verdict_sink *sink, const line_missing_fact *f)
{
    char buf[16];
    const char *status = status_text(f->final_status, buf, sizeof(buf));
    if (f->aborted)
        verdict_note(sink, "RETRY-4", "job %s: an abort came before %s returned, with the "
                     "line missing: its ending is the abort's (ABORT-1, ABORT-4)", f->job,
                     f->operation);
    else if (f->returned)
        verdict_broken(sink, "RETRY-4", "job %s: %s returned TRUE (%s) while its line was "
                       "missing (the port does not open): without its line it must return "
                       "FALSE and report FS_LINE_UNAVAILABLE, so that the service tries "
                       "another line", f->job, f->operation, status);
    else if (f->final_status == FS_LINE_UNAVAILABLE)
        verdict_held(sink, "RETRY-4", "job %s: %s without its line: FALSE, "
                     "FS_LINE_UNAVAILABLE", f->job, f->operation);
    else
        verdict_broken(sink, "RETRY-4", "job %s: %s without its line returned FALSE, but "
                       "reported %s, not FS_LINE_UNAVAILABLE: the service tries another line "
                       "only for that status", f->job, f->operation, status);
}

void rule_line_missing_start_refused(const verdict_sink *sink, const char *job)
{
    verdict_doubt(sink, "RETRY-4", "job %s: FaxDevStartJob refused the job while the line "
                  "was missing: the clause has the send or receive fail with "
                  "FS_LINE_UNAVAILABLE, the status the service tries another line for; a "
                  "refused StartJob reports none", job);
}

void rule_line_missing_at_start_up(const verdict_sink *sink, const char *fn)
{
    verdict_note(sink, "RETRY-4", "%s refused while the FSP's line was missing: the service "
                 "would not use the FSP (INIT-8, its choice); no send or receive was reached",
                 fn);
}
