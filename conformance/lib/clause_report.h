/*
 * clause_report.h - fspconform's report: every clause of docs/contract.md exactly once,
 * with one status, from the verdicts in a run's event log.
 *
 *   PASS     the clause was checked and held
 *   FAIL     a documented rule was broken (the only status that fails a run)
 *   WARN     advice, our reading, a sample convention or an UNCONFIRMED point was not
 *            met, or a figure passed a threshold the contract does not set
 *   INFO     observed, neither held nor broken (a figure, a choice the contract allows)
 *   SKIP     not judged in this run, with the reason a vendor can act on
 *   SERVICE  the service's obligation: the kit plays that part and says how
 *
 * Repeats of one message are grouped (how many, the first shown); the closing line
 * counts each status.
 */
#ifndef FSPKIT_CLAUSE_REPORT_H
#define FSPKIT_CLAUSE_REPORT_H

#include <stdio.h>

#include "event_list.h"

typedef enum clause_status {
    STATUS_PASS, STATUS_INFO, STATUS_WARN, STATUS_FAIL, STATUS_SKIP, STATUS_SERVICE,
    STATUS_COUNT
} clause_status;

const char *clause_status_name(clause_status status);

/* A reason for a clause's SKIP that the log alone cannot give (a battery scenario the
 * FSP could not run: "no ring: see --ring"); used only when the clause got no verdict. */
typedef struct clause_hint {
    const char *clause;
    const char *reason;
} clause_hint;

/* Prints the report to `out`; `counts` (STATUS_COUNT entries) receives the tally.
 * `hints` (may be NULL) are SKIP reasons that come first. */
void clause_report_print(FILE *out, const event_list *events, const clause_hint *hints,
                         size_t hint_count, unsigned counts[STATUS_COUNT]);

/* Why the run could not get past loading, FaxDevInitialize or device creation - so
 * nothing after it was tested and the run is INCOMPLETE - or NULL when it did. */
const char *clause_report_incomplete(const event_list *events, char *why, size_t size);

/* The clauses some rule of the kit can judge (fake-faxsvc/rules/): a clause outside the
 * list is SKIP "not judged by this version of the kit" whatever the run did. */
int clause_report_judgeable(const char *clause_id);

#endif /* FSPKIT_CLAUSE_REPORT_H */
