/*
 * scenario.c - SCN-1 (see scenario.h).
 */
#include "scenario.h"

#include "fsc_scenario.h" /* fsc_status_name */

void rule_expect_device_count(const verdict_sink *sink, const char *where, long expected,
                              uint32_t got)
{
    if ((long)got != expected)
        verdict_broken(sink, "SCN-1", "%s: expected %ld virtual device(s), got %lu", where,
                       expected, (unsigned long)got);
}

void rule_expect_ring(const verdict_sink *sink, const char *where, uint32_t ms)
{
    verdict_broken(sink, "SCN-1", "%s: no ring from the FSP within %lu ms", where,
                   (unsigned long)ms);
}

void rule_no_ring_came(const verdict_sink *sink, const char *where, uint32_t ms)
{
    verdict_note(sink, "VDEV-8", "%s: no ring from the FSP within %lu ms (answer ... optional): "
                 "nothing to answer, the scenario ends here", where, (unsigned long)ms);
}

void rule_expect_returned_within(const verdict_sink *sink, const char *where, const char *job,
                                 const char *operation, uint32_t ms)
{
    verdict_broken(sink, "SCN-1", "%s: job %s: %s has not returned within %lu ms", where, job,
                   operation ? operation : "the operation", (unsigned long)ms);
}

void rule_expect_return(const verdict_sink *sink, const char *where, const char *job,
                        const char *operation, int want, int has_error, uint32_t error,
                        int got, uint32_t last_error)
{
    if (got != want)
        verdict_broken(sink, "SCN-1", "%s: job %s: expected %s to return %s, it returned %s "
                       "(error %lu)", where, job, operation, want ? "TRUE" : "FALSE",
                       got ? "TRUE" : "FALSE", (unsigned long)last_error);
    else if (!want && has_error && last_error != error)
        verdict_broken(sink, "SCN-1", "%s: job %s: expected error %lu, got %lu", where, job,
                       (unsigned long)error, (unsigned long)last_error);
    else
        verdict_held(sink, "SCN-1", "%s: job %s returned %s as expected", where, job,
                     want ? "TRUE" : "FALSE");
}

void rule_expect_status(const verdict_sink *sink, const char *where, const char *job,
                        int found, const char *want, uint32_t ms, const char *seen)
{
    if (found)
        verdict_held(sink, "SCN-1", "%s: job %s posted the expected status sequence", where,
                     job);
    else
        verdict_broken(sink, "SCN-1", "%s: job %s: expected %s within %lu ms; posted: %s", where,
                       job, want, (unsigned long)ms, seen);
}

void rule_expect_final(const verdict_sink *sink, const char *where, const char *job,
                       int allowed, uint32_t last, int still_running)
{
    if (still_running)
        verdict_note(sink, "SCN-1", "%s: job %s: the operation is still running; judging the "
                     "last status so far", where, job);
    const char *name = fsc_status_name(last);
    if (allowed)
        verdict_held(sink, "SCN-1", "%s: job %s ended with %s", where, job, name);
    else
        verdict_broken(sink, "SCN-1", "%s: job %s: the last status is %s, not the one expected",
                       where, job, name ? name : last ? "not an FS_* code" : "none");
}
