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
#include "fsp_clauses.h"

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

/* One line the report shows for a clause: a message (the first of its kind) and how
 * many verdicts said it. */
typedef struct clause_line {
    const char *text;        /* points into the event list, or a static string */
    unsigned times;
} clause_line;

/* A clause's result: FAIL and WARN show every kind of message at that level, the other
 * statuses their first with how many agreed; SKIP and SERVICE one line of the kit's. */
typedef struct clause_result {
    const fsp_clause *clause;
    clause_status status;
    clause_line *lines;
    size_t line_count;
} clause_result;

/* Every clause of docs/contract.md once, in its order, and the tally. */
typedef struct clause_results {
    clause_result *items;
    size_t count;
    unsigned counts[STATUS_COUNT];
} clause_results;

/* Folds a run's verdicts into one result per clause; `hints` (may be NULL) are SKIP
 * reasons that come first. The results point into `events`: keep it until they are
 * freed. 0, or -1 out of memory (nothing to free). */
int clause_results_build(const event_list *events, const clause_hint *hints,
                         size_t hint_count, clause_results *results);
void clause_results_free(clause_results *results);

/* The human report: a heading, a line per message, the closing count line. */
void clause_report_print(FILE *out, const clause_results *results);

/* Why the run could not get past loading, FaxDevInitialize or device creation - so
 * nothing after it was tested and the run is INCOMPLETE - or NULL when it did. */
const char *clause_report_incomplete(const event_list *events, char *why, size_t size);

/* The clauses some rule of the kit can judge (fake-faxsvc/rules/): a clause outside the
 * list is SKIP "not judged by this version of the kit" whatever the run did. */
int clause_report_judgeable(const char *clause_id);

#endif /* FSPKIT_CLAUSE_REPORT_H */
