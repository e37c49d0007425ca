/*
 * verdict.h - how a rule gives a verdict.
 *
 * The host is split in two: the code that watches calls, ports and rings only gathers
 * facts (what was called, returned, posted, allocated), and the rules in this folder -
 * one module per clause family - turn those facts into verdicts. A rule touches neither
 * Windows, nor the event log, nor the DLL: it gets its facts as plain values and gives
 * its verdicts to a sink, so every rule can be read by its clause and tested natively
 * with facts a test made up (fake-faxsvc/tests/check_rules.c). No verdict is given
 * anywhere else (check_rules keeps it so).
 *
 * A verdict's level follows from the clause table (include/fsp_clauses.h), with one
 * exception the contract forces: it sets no numbers, so a figure beyond a threshold of
 * ours (a slow abort, a stale-looking error) is at most a doubt (WARN), never a FAIL.
 * Service clauses describe what the service does: a rule may note how the kit honours
 * one (INFO), never judge a DLL by it. A rule that tries is a bug of the kit, reported
 * as such through the sink's `kit_bug`.
 */
#ifndef FAKE_FAXSVC_RULES_VERDICT_H
#define FAKE_FAXSVC_RULES_VERDICT_H

#include "fsp_clauses.h"

/* printf-style checking; mingw's own "printf" archetype is Microsoft's, without %zu. */
#if defined(__MINGW32__)
#define RULE_FORMAT(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#else
#define RULE_FORMAT(fmt, args) __attribute__((format(printf, fmt, args)))
#endif

typedef struct verdict_sink {
    /* Records one verdict; `message` is complete (no trailing newline). */
    void (*give)(void *context, verdict_level level, const fsp_clause *clause,
                 const char *message);
    /* A rule misused the table (unknown clause, a service clause judged): the kit's own
     * bug, never the DLL's. The host stops with "internal error"; tests record it. */
    void (*kit_bug)(void *context, const char *message);
    void *context;
} verdict_sink;

/* The clause held. */
void verdict_held(const verdict_sink *sink, const char *clause_id, const char *fmt, ...)
    RULE_FORMAT(3, 4);
/* The clause was broken: FAIL for a documented rule, WARN for advice, our readings,
 * sample conventions and UNCONFIRMED points (the table decides). */
void verdict_broken(const verdict_sink *sink, const char *clause_id, const char *fmt, ...)
    RULE_FORMAT(3, 4);
/* Evidence that only suggests a breach: a figure past a threshold the contract does not
 * set, a reading that cannot be proven. WARN whatever the clause's strength. */
void verdict_doubt(const verdict_sink *sink, const char *clause_id, const char *fmt, ...)
    RULE_FORMAT(3, 4);
/* An observation or a figure: INFO. The only verdict a service clause may carry. */
void verdict_note(const verdict_sink *sink, const char *clause_id, const char *fmt, ...)
    RULE_FORMAT(3, 4);

#endif /* FAKE_FAXSVC_RULES_VERDICT_H */
