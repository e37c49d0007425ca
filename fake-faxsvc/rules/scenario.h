/*
 * scenario.h - SCN-1, the kit's own clause: the DLL does what a scenario's expect
 * statements say (docs/scenarios.md). The scenarios state documented clauses for the
 * situation they set up; these rules only compare.
 */
#ifndef FAKE_FAXSVC_RULES_SCENARIO_H
#define FAKE_FAXSVC_RULES_SCENARIO_H

#include <stdint.h>

#include "verdict.h"

/* virtual-devices expect-count N */
void rule_expect_device_count(const verdict_sink *sink, const char *where, long expected,
                              uint32_t got);
/* `answer ... optional`: no ring came in time; noted, not an expectation broken. */
void rule_no_ring_came(const verdict_sink *sink, const char *where, uint32_t ms);
/* answer JOB: no ring came within `ms`. */
void rule_expect_ring(const verdict_sink *sink, const char *where, uint32_t ms);
/* wait / expect ... within: the operation has not returned within `ms`. */
void rule_expect_returned_within(const verdict_sink *sink, const char *where, const char *job,
                                 const char *operation, uint32_t ms);
/* expect JOB returns true|false [error N] */
void rule_expect_return(const verdict_sink *sink, const char *where, const char *job,
                        const char *operation, int want, int has_error, uint32_t error,
                        int got, uint32_t last_error);
/* expect JOB status A then B ...: `want` and `seen` as text ("FS_X then FS_Y"). */
void rule_expect_status(const verdict_sink *sink, const char *where, const char *job,
                        int found, const char *want, uint32_t ms, const char *seen);
/* expect JOB final A or B: `last` is the last status posted (0: none). */
void rule_expect_final(const verdict_sink *sink, const char *where, const char *job,
                       int allowed, uint32_t last, int still_running);

#endif /* FAKE_FAXSVC_RULES_SCENARIO_H */
