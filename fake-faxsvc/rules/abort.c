/*
 * abort.c - ABORT rules (see abort.h).
 */
#include "abort.h"

#include "status.h"

#include <stdlib.h>
#include <string.h>

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

void rule_call_down_after_abort(const verdict_sink *sink, const char *where, const char *job,
                                const char *operation, int on_hook, unsigned grace_ms,
                                const char *modem_state)
{
    const char *op = operation ? operation : "the operation";
    if (on_hook)
        verdict_held(sink, "ABORT-1", "%s: job %s: the call was down when %s returned after "
                     "the abort", where, job, op);
    else
        verdict_broken(sink, "ABORT-1", "%s: job %s: %s returned after the abort with the call "
                       "still up - the modem was not on hook %u ms later (modem-sim: %s); an "
                       "aborted operation ends the call (AT+FKS, ATH) before it returns",
                       where, job, op, grace_ms, modem_state);
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

/* Milliseconds with one decimal, for figures. */
static double ms_of(uint64_t us)
{
    return (double)us / 1000.0;
}

void rule_abort_against_baseline(const verdict_sink *sink, const abort_baseline_fact *f)
{
    int claimed = f->returned || f->final_status == FS_COMPLETED;
    if (!claimed)
        return;
    const char *op = f->operation ? f->operation : "the operation";
    const char *how = f->returned ? "TRUE" : "FS_COMPLETED";
    uint64_t d = f->baseline_short_us;
    if (f->baseline_runs < 2) {
        verdict_note(sink, "ABORT-1", "race %s pass %u: job %s aborted at %s: %s claimed "
                     "completion (%s) %.1f ms after the abort; no two complete runs without "
                     "an abort to compare with", f->mode, f->pass, f->job, f->point, op, how,
                     ms_of(f->ended_after_abort_us));
        return;
    }
    uint64_t spread = f->baseline_long_us - f->baseline_short_us;
    if (d < (uint64_t)ABORT_BASELINE_MIN_MS * 1000u ||
        spread * 100u > d * ABORT_BASELINE_SPREAD_PERCENT) {
        verdict_note(sink, "ABORT-1", "race %s pass %u: job %s aborted at %s: %s claimed "
                     "completion (%s) %.1f ms after the abort; runs without an abort took "
                     "%.1f and %.1f ms: too %s to tell a cut-short run from a full one",
                     f->mode, f->pass, f->job, f->point, op, how,
                     ms_of(f->ended_after_abort_us), ms_of(f->baseline_short_us),
                     ms_of(f->baseline_long_us),
                     d < (uint64_t)ABORT_BASELINE_MIN_MS * 1000u ? "short" : "unsteady");
        return;
    }
    if (!f->landed_while_running) {
        verdict_note(sink, "ABORT-1", "race %s pass %u: job %s aborted at %s, before or after "
                     "%s ran: it claimed completion (%s)", f->mode, f->pass, f->job, f->point,
                     op, how);
        return;
    }
    if (f->landed_at_us * 100u >= d * ABORT_EARLY_PERCENT) {
        verdict_note(sink, "ABORT-1", "race %s pass %u: job %s aborted at %s, %.1f ms into "
                     "%s (a full run: %.1f ms): it claimed completion (%s) %.1f ms later - "
                     "not judged against the full run, only aborts in its first %d %% are",
                     f->mode, f->pass, f->job, f->point, ms_of(f->landed_at_us), op, ms_of(d),
                     how, ms_of(f->ended_after_abort_us), ABORT_EARLY_PERCENT);
        return;
    }
    uint64_t after = f->ended_after_abort_us;
    if (after * 100u < d * ABORT_STOPPED_PERCENT)
        verdict_broken(sink, "ABORT-4", "race %s pass %u: job %s aborted at %s, %.1f ms into "
                       "%s: it ended %.1f ms later and claimed completion (%s), though a full "
                       "run takes %.1f ms: it stopped, so it was cancelled and must report "
                       "FS_USER_ABORT", f->mode, f->pass, f->job, f->point,
                       ms_of(f->landed_at_us), op, ms_of(after), how, ms_of(d));
    else if (after * 100u >= d * ABORT_IGNORED_PERCENT)
        verdict_broken(sink, "ABORT-1", "race %s pass %u: job %s aborted at %s, %.1f ms into "
                       "%s: it ran on for %.1f ms and completed (%s); a full run takes %.1f "
                       "ms: the abort was ignored", f->mode, f->pass, f->job, f->point,
                       ms_of(f->landed_at_us), op, ms_of(after), how, ms_of(d));
    else
        verdict_note(sink, "ABORT-1", "race %s pass %u: job %s aborted at %s, %.1f ms into "
                     "%s: it claimed completion (%s) %.1f ms later; a full run takes %.1f "
                     "ms - between a stop (under %d %%) and a full run (%d %% or more): not "
                     "judged", f->mode, f->pass, f->job, f->point, ms_of(f->landed_at_us), op,
                     how, ms_of(after), ms_of(d), ABORT_STOPPED_PERCENT,
                     ABORT_IGNORED_PERCENT);
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void rule_abort_promptness(const verdict_sink *sink, const abort_promptness_fact *f)
{
    if (f->count == 0)
        return;
    uint64_t *sorted = malloc(f->count * sizeof(*sorted));
    if (!sorted)
        return;
    memcpy(sorted, f->went_on_us, f->count * sizeof(*sorted));
    qsort(sorted, f->count, sizeof(*sorted), compare_u64);
    uint64_t median = f->count % 2 ? sorted[f->count / 2]
                                   : (sorted[f->count / 2 - 1] + sorted[f->count / 2]) / 2;
    free(sorted);
    size_t slowest = 0;
    for (size_t i = 1; i < f->count; i++)
        if (f->went_on_us[i] > f->went_on_us[slowest])
            slowest = i;
    const char *op = f->operation ? f->operation : "the operation";
    if (median > (uint64_t)ABORT_PROMPT_MS * 1000u)
        verdict_doubt(sink, "ABORT-1", "race %s: %s went on for a median %.1f ms after "
                      "FaxDevAbortOperation returned (%zu aborts; slowest %.1f ms, at %s): "
                      "more than %d ms - an abort flag polled, not a wait woken?", f->mode, op,
                      ms_of(median), f->count, ms_of(f->went_on_us[slowest]),
                      f->points[slowest], ABORT_PROMPT_MS);
    else
        verdict_note(sink, "ABORT-1", "race %s: %s ended a median %.1f ms after "
                     "FaxDevAbortOperation returned (%zu aborts; slowest %.1f ms, at %s)",
                     f->mode, op, ms_of(median), f->count, ms_of(f->went_on_us[slowest]),
                     f->points[slowest]);
}

void rule_fault_beside_abort(const verdict_sink *sink, const char *fn, const char *job)
{
    verdict_doubt(sink, "ABORT-2", "%s of job %s raised its exception while the job's "
                  "operation and FaxDevAbortOperation, called on another thread, overlapped: "
                  "the two share the job's state - are they synchronized? (the fault itself "
                  "is ERR-1's)", fn, job ? job : "?");
}

void rule_aborts_from_another_thread(const verdict_sink *sink, const char *mode,
                                     const char *operation, unsigned met_running)
{
    verdict_held(sink, "ABORT-2", "race %s: %u abort(s) came on a thread of their own while "
                 "%s ran, and none made the FSP fault or hang", mode, met_running,
                 operation ? operation : "the operation");
}
