/*
 * clause_report.c - every clause once, with its status (see clause_report.h).
 */
#include "clause_report.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fsp_clauses.h"

#define MAX_GROUPS 64

static const char *const status_names[STATUS_COUNT] = {"PASS", "INFO", "WARN", "FAIL",
                                                       "SKIP", "SERVICE"};

const char *clause_status_name(clause_status status)
{
    return status_names[status];
}

/* The FSP clauses fake-faxsvc/rules/ gives verdicts on (check_rules keeps the list equal
 * to what the rules name). */
static const char *const judgeable[] = {
    "EXP-1", "EXP-2", "EXP-3", "EXP-4", "EXP-5", "LOAD-3", "INIT-5", "INIT-8", "INIT-9",
    "VDEV-2", "VDEV-3", "VDEV-4", "VDEV-5", "VDEV-6", "VDEV-7", "JOB-5", "STAT-1", "STAT-2",
    "STAT-3", "STAT-4", "STAT-5", "STAT-6", "RPT-1", "RPT-3", "RPT-6", "RPT-7", "RPT-8", "DS-1",
    "DS-2", "DS-3", "DS-4", "DS-5", "DS-6", "DS-7", "DS-8", "SEND-1", "SEND-2", "SEND-5",
    "SEND-6", "SEND-8", "SEND-9", "RECV-2", "RECV-3", "RECV-5", "RECV-6", "RETRY-4", "ABORT-1", "ABORT-2",
    "ABORT-3", "ABORT-4", "END-1", "END-3", "SHUT-1", "SHUT-2", "ERR-1", "ERR-2", "IMG-2",
    "IMG-3", "IMG-4", "IMG-5", "SCN-1",
};

int clause_report_judgeable(const char *clause_id)
{
    for (size_t i = 0; i < sizeof(judgeable) / sizeof(judgeable[0]); i++)
        if (strcmp(judgeable[i], clause_id) == 0)
            return 1;
    return 0;
}

/* The run called `fn` at least once. */
static int called(const event_list *events, const char *fn)
{
    for (size_t i = 0; i < events->count; i++) {
        const char *type = event_get_str(&events->items[i], "ev");
        const char *name = event_get_str(&events->items[i], "fn");
        if (type && strcmp(type, "call") == 0 && name && strcmp(name, fn) == 0)
            return 1;
    }
    return 0;
}

/* Why a judgeable clause got no verdict: what the run would have needed. */
static const char *skip_reason(const event_list *events, const fsp_clause *clause)
{
    if (strncmp(clause->id, "SEND-", 5) == 0 && !called(events, "FaxDevSend"))
        return "no send ran";
    if (strcmp(clause->id, "SEND-9") == 0)
        return "every send returned TRUE (the clause covers a failed send)";
    if (strcmp(clause->id, "INIT-8") == 0 && called(events, "FaxDevInitialize"))
        return "FaxDevInitialize returned TRUE (the clause covers a refusal)";
    if ((strncmp(clause->id, "RECV-", 5) == 0 || strncmp(clause->id, "IMG-", 4) == 0) &&
        !called(events, "FaxDevReceive"))
        return "no receive ran";
    static const struct { const char *prefix, *reason; } reasons[] = {
        {"EXP-", "the DLL's exports were not read"},
        {"INIT-9", "FaxDevVirtualDeviceCreation did not run before FaxDevInitialize (not "
                   "exported, or --init-order init-first)"},
        {"INIT-", "FaxDevInitialize was not reached"},
        {"VDEV-", "no virtual device was created or rang (the DLL exports no "
                  "FaxDevVirtualDeviceCreation, or no scenario answered a ring)"},
        {"JOB-", "no job was started"},
        {"STAT-6", "no virtual receive ran (a call answered after the FSP's own ring: "
                   "--ring, or --line)"},
        {"STAT-", "the FSP posted no status packet"},
        {"DS-4", "no operation's call was seen at modem-sim (--line)"},
        {"DS-5", "no receive of a call from modem-sim's remote returned TRUE (--line)"},
        {"DS-6", "no report gave RoutingInfo, and no receive returned TRUE"},
        {"DS-", "the FSP posted no status packet"},
        {"RPT-1", "no report ran while an abort did (race sweep, during-report)"},
        {"RPT-", "FaxDevReportStatus was not called far enough"},
        {"RETRY-4", "no send or receive ran with the FSP's line missing (the battery's "
                    "modem_line_missing needs --line COMn)"},
        {"SEND-5", "the FSP never called FaxSendCallback (a virtual FSP need not, SEND-7)"},
        {"SEND-", "no send ran"},
        {"RECV-", "no receive returned TRUE"},
        {"IMG-", "no received file to look at"},
        {"ABORT-2", "no race sweep or fuzz had an abort meet a running operation"},
        {"ABORT-", "no abort came while an operation ran"},
        {"END-", "no job was ended"},
        {"SHUT-", "FaxDevShutdown was not reached, or is not exported"},
        {"ERR-2", "no call returned FALSE"},
        {"ERR-", "no call into the FSP was made, or no scenario ran to its end"},
        {"SCN-", "no scenario expectation ran"},
    };
    for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
        if (strncmp(clause->id, reasons[i].prefix, strlen(reasons[i].prefix)) == 0)
            return reasons[i].reason;
    return "not exercised in this run";
}

static int is_verdict_on(const json_flat *event, const char *clause)
{
    const char *type = event_get_str(event, "ev");
    const char *id = event_get_str(event, "clause");
    return type && strcmp(type, "verdict") == 0 && id && strcmp(id, clause) == 0;
}

/* A message with its digits folded, so "job j1 ... 12 ms" and "job j1 ... 14 ms" group. */
static void shape_of(const char *message, char *shape, size_t size)
{
    size_t n = 0;
    for (const char *p = message; *p && n + 1 < size; p++) {
        if (isdigit((unsigned char)*p)) {
            if (n == 0 || shape[n - 1] != '#')
                shape[n++] = '#';
        } else {
            shape[n++] = *p;
        }
    }
    shape[n] = '\0';
}

typedef struct message_group {
    char shape[512];
    const char *first;
    unsigned count;
} message_group;

/* The status of a clause with verdicts: a FAIL outweighs a WARN, which outweighs a
 * PASS, which outweighs a note. */
static clause_status status_of(const event_list *events, const fsp_clause *clause, int *any)
{
    int seen[VERDICT_FAIL + 1] = {0};
    *any = 0;
    for (size_t i = 0; i < events->count; i++) {
        verdict_level level;
        const char *name = event_get_str(&events->items[i], "level");
        if (is_verdict_on(&events->items[i], clause->id) && name &&
            verdict_level_from_name(name, &level)) {
            seen[level] = 1;
            *any = 1;
        }
    }
    return seen[VERDICT_FAIL] ? STATUS_FAIL : seen[VERDICT_WARN] ? STATUS_WARN
         : seen[VERDICT_PASS] ? STATUS_PASS : STATUS_INFO;
}

/* The messages at `level` (NULL: every level) grouped by shape, in first-seen order. */
static size_t group_messages(const event_list *events, const fsp_clause *clause,
                             const char *level, message_group *groups)
{
    size_t count = 0;
    for (size_t i = 0; i < events->count; i++) {
        const json_flat *ev = &events->items[i];
        const char *msg = event_get_str(ev, "msg");
        const char *name = event_get_str(ev, "level");
        if (!is_verdict_on(ev, clause->id) || !msg || (level && (!name || strcmp(name, level))))
            continue;
        char shape[512];
        shape_of(msg, shape, sizeof(shape));
        size_t g = 0;
        while (g < count && strcmp(groups[g].shape, shape) != 0)
            g++;
        if (g == count && count < MAX_GROUPS) {
            snprintf(groups[count].shape, sizeof(groups[count].shape), "%s", shape);
            groups[count].first = msg;
            groups[count].count = 0;
            count++;
        }
        if (g < count)
            groups[g].count++;
    }
    return count;
}

static const char *hint_for(const clause_hint *hints, size_t count, const char *clause)
{
    for (size_t i = 0; hints && i < count; i++)
        if (strcmp(hints[i].clause, clause) == 0)
            return hints[i].reason;
    return NULL;
}

/* One clause's status and lines; 0, or -1 out of memory. */
static int result_of(const event_list *events, const fsp_clause *clause,
                     const clause_hint *hints, size_t hint_count, message_group *groups,
                     clause_result *result)
{
    int any;
    clause_status status = status_of(events, clause, &any);
    if (clause->party == CLAUSE_SERVICE)
        status = STATUS_SERVICE;
    else if (!any)
        status = STATUS_SKIP;
    result->clause = clause;
    result->status = status;
    result->lines = calloc(MAX_GROUPS, sizeof(*result->lines));
    if (!result->lines)
        return -1;
    if (status == STATUS_SKIP) {
        const char *hint = hint_for(hints, hint_count, clause->id);
        result->lines[0].text = !clause_report_judgeable(clause->id)
                                ? "not judged by this version of the kit"
                                : hint ? hint : skip_reason(events, clause);
        result->lines[0].times = 1;
        result->line_count = 1;
        return 0;
    }
    if (status == STATUS_SERVICE && !any) {
        result->lines[0].text = "the service's part: the kit plays it as docs/contract.md says";
        result->lines[0].times = 1;
        result->line_count = 1;
        return 0;
    }
    /* FAIL and WARN list every kind of message at that level; the others their first,
     * with how many agreed. */
    const char *level = status == STATUS_SERVICE ? NULL
                      : verdict_level_name(status == STATUS_FAIL ? VERDICT_FAIL
                                           : status == STATUS_WARN ? VERDICT_WARN
                                           : status == STATUS_PASS ? VERDICT_PASS
                                                                   : VERDICT_INFO);
    size_t n = group_messages(events, clause, level, groups);
    int every = status == STATUS_FAIL || status == STATUS_WARN;
    unsigned total = 0;
    for (size_t g = 0; g < n; g++)
        total += groups[g].count;
    for (size_t g = 0; g < (every ? n : (n > 0)); g++) {
        result->lines[g].text = groups[g].first;
        result->lines[g].times = every ? groups[g].count : total;
        result->line_count++;
    }
    return 0;
}

int clause_results_build(const event_list *events, const clause_hint *hints,
                         size_t hint_count, clause_results *results)
{
    size_t nclauses;
    const fsp_clause *clauses = fsp_clause_table(&nclauses);
    memset(results, 0, sizeof(*results));
    message_group *groups = calloc(MAX_GROUPS, sizeof(*groups));
    results->items = calloc(nclauses, sizeof(*results->items));
    if (!groups || !results->items) {
        free(groups);
        clause_results_free(results);
        return -1;
    }
    for (size_t c = 0; c < nclauses; c++) {
        results->count++;
        if (result_of(events, &clauses[c], hints, hint_count, groups,
                      &results->items[c]) != 0) {
            free(groups);
            clause_results_free(results);
            return -1;
        }
        results->counts[results->items[c].status]++;
    }
    free(groups);
    return 0;
}

void clause_results_free(clause_results *results)
{
    for (size_t i = 0; results->items && i < results->count; i++)
        free(results->items[i].lines);
    free(results->items);
    memset(results, 0, sizeof(*results));
}

static void print_line(FILE *out, const char *id, const char *status, const char *strength,
                       const char *text, unsigned times)
{
    fprintf(out, "%-9s %-7s %-17s %s", id, status, strength, text);
    if (times > 1)
        fprintf(out, " (%u times)", times);
    fputc('\n', out);
}

void clause_report_print(FILE *out, const clause_results *results)
{
    fprintf(out, "%-9s %-7s %-17s %s\n", "clause", "status", "binds as", "what the kit saw");
    for (size_t c = 0; c < results->count; c++) {
        const clause_result *r = &results->items[c];
        const char *strength = clause_strength_name(r->clause->strength);
        for (size_t l = 0; l < r->line_count; l++)
            print_line(out, l ? "" : r->clause->id, l ? "" : clause_status_name(r->status),
                       l ? "" : strength, r->lines[l].text, r->lines[l].times);
    }
    const unsigned *counts = results->counts;
    fprintf(out, "\n%zu clauses: %u PASS, %u FAIL, %u WARN, %u INFO, %u SKIP, %u SERVICE\n",
            results->count, counts[STATUS_PASS], counts[STATUS_FAIL], counts[STATUS_WARN],
            counts[STATUS_INFO], counts[STATUS_SKIP], counts[STATUS_SERVICE]);
}

/* The first return of `fn` outside a scenario whose line was taken away (`line-missing`:
 * refusing to start without the line is the FSP's choice, INIT-8), or NULL. */
static const json_flat *first_gate_return(const event_list *events, const char *fn)
{
    int line_missing = 0;
    for (size_t i = 0; i < events->count; i++) {
        const json_flat *e = &events->items[i];
        const char *type = event_get_str(e, "ev"), *name = event_get_str(e, "fn");
        if (!type)
            continue;
        if (strcmp(type, "scenario") == 0)
            line_missing = 0;
        else if (strcmp(type, "line-missing") == 0)
            line_missing = 1;
        else if (strcmp(type, "return") == 0 && name && strcmp(name, fn) == 0 && !line_missing)
            return e;
    }
    return NULL;
}

const char *clause_report_incomplete(const event_list *events, char *why, size_t size)
{
    if (event_list_find_verdict(events, "EXP-1", "FAIL", NULL)) {
        snprintf(why, size, "required exports are missing: the host stopped after loading");
        return why;
    }
    static const char *const gates[] = {"FaxDevVirtualDeviceCreation", "FaxDevInitialize"};
    for (size_t g = 0; g < sizeof(gates) / sizeof(gates[0]); g++) {
        const json_flat *ret = first_gate_return(events, gates[g]);
        int64_t value = 1, error = 0;
        if (ret && event_get_int(ret, "ret", &value) && value == 0) {
            event_get_int(ret, "last_error", &error);
            snprintf(why, size, "%s returned FALSE (error %lld): nothing after it was tested "
                     "(does it need its registry settings? see --setup)", gates[g],
                     (long long)error);
            return why;
        }
    }
    return NULL;
}
