/*
 * abort.c - ABORT rules (see abort.h).
 */
#include "abort.h"

#include "status.h"

#include "fax_status_codes.h"
#include "fsc_scenario.h" /* fsc_status_name */

void rule_abort_call(const verdict_sink *sink, const abort_call_fact *f)
{
    const char *op = f->operation ? f->operation : "the operation";
    uint64_t slow_us = (uint64_t)f->slow_ms * 1000u;
    if (f->operation_ran_at_call && f->operation_ended_in_call &&
        f->operation_ran_on_us >= ABORT_WAITED_FACTOR * slow_us)
        verdict_broken(sink, "ABORT-3", "job %s: FaxDevAbortOperation returned only after %s "
                       "had returned, %llu ms after the abort was called (the call took %llu "
                       "ms): it waited for the operation", f->job, op,
                       (unsigned long long)(f->operation_ran_on_us / 1000),
                       (unsigned long long)(f->call_us / 1000));
    else if (f->call_us > slow_us)
        verdict_doubt(sink, "ABORT-3", "job %s: FaxDevAbortOperation took %llu ms (returned "
                      "while %s was %s); it should return as soon as it has posted the request",
                      f->job, (unsigned long long)(f->call_us / 1000), op,
                      f->operation_ran_at_call && !f->operation_ended_in_call ? "still running"
                                                                              : "done");
    else
        verdict_held(sink, "ABORT-3", "job %s: FaxDevAbortOperation returned in %llu ms",
                     f->job, (unsigned long long)(f->call_us / 1000));
}

void rule_abort_blocked(const verdict_sink *sink, const char *job, const char *operation,
                        uint32_t ms)
{
    verdict_broken(sink, "ABORT-3", "job %s: FaxDevAbortOperation has not returned after %lu ms "
                   "while %s is still running: it waits for the operation (or hangs)", job,
                   (unsigned long)ms, operation ? operation : "the operation");
}

void rule_abort_outcome(const verdict_sink *sink, const abort_outcome_fact *f)
{
    if (!f->aborted_while_running || f->returned)
        return;
    const char *name = fsc_status_name(f->final_status);
    if (f->final_status == FS_USER_ABORT) {
        verdict_held(sink, "ABORT-4", "job %s: aborted, reports FS_USER_ABORT", f->job);
    } else if (f->status_at_abort && !fs_status_is_progress(f->status_at_abort) &&
               f->final_status == f->status_at_abort) {
        verdict_note(sink, "ABORT-4", "job %s: the operation had already failed (%s) when the "
                     "abort came: nothing left to cancel", f->job, name ? name : "other");
    } else {
        verdict_broken(sink, "ABORT-4", "job %s: aborted and failed, but reports %s instead of "
                       "FS_USER_ABORT", f->job,
                       name ? name : f->final_status ? "other" : "no status");
    }
}

void rule_abort_ignored(const verdict_sink *sink, const char *where, const char *job,
                        const char *operation, uint32_t ms)
{
    verdict_broken(sink, "ABORT-1", "%s: job %s: %s has not returned within %lu ms after "
                   "FaxDevAbortOperation", where, job, operation ? operation : "the operation",
                   (unsigned long)ms);
}

void rule_race_abort(const verdict_sink *sink, const race_abort_fact *f)
{
    if (!f->reached) {
        verdict_note(sink, "ABORT-1", "race %s pass %u: job %s never reached %s (the "
                     "operation ended first); the abort came after it", f->mode, f->pass,
                     f->job, f->point);
        return;
    }
    const char *name = fsc_status_name(f->final_status);
    const char *op = f->operation ? f->operation : "the operation";
    if ((f->returned || f->final_status == FS_COMPLETED) && !f->completion_allowed)
        verdict_broken(sink, "ABORT-1", "race %s pass %u: job %s was aborted at %s, before "
                       "the remote could confirm the last page, yet %s returned %s with %s",
                       f->mode, f->pass, f->job, f->point, op, f->returned ? "TRUE" : "FALSE",
                       name ? name : "no status");
    else if (f->returned && f->aborted_while_running)
        verdict_note(sink, "ABORT-1", "race %s pass %u: job %s was aborted at %s while %s ran, "
                     "and it completed anyway, %llu ms after the abort returned: right only if "
                     "the remote had confirmed the last page by then", f->mode, f->pass,
                     f->job, f->point, op, (unsigned long long)f->completed_after_abort_ms);
    else
        verdict_held(sink, "ABORT-1", "race %s pass %u: job %s aborted at %s ended with %s",
                     f->mode, f->pass, f->job, f->point, name ? name : "no status");
}

void rule_modem_left_off_hook(const verdict_sink *sink, const char *mode, unsigned pass,
                              const char *modem_reply)
{
    verdict_broken(sink, "ABORT-1", "race %s pass %u: the modem is not back on hook 60 s after "
                   "the pass (modem-sim: %s)", mode, pass, modem_reply);
}
