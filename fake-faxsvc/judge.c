/*
 * judge.c - verdict recording (see judge.h).
 */
#include "judge.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comm_watch.h"

static void give(void *context, verdict_level level, const fsp_clause *clause,
                 const char *message);
static void kit_bug(void *context, const char *message);

void judge_init(judge *j, event_log *log, int verbose)
{
    j->log = log;
    j->verbose = verbose;
    InitializeCriticalSection(&j->lock);
    for (size_t i = 0; i <= VERDICT_FAIL; i++)
        j->counts[i] = 0;
    j->sink.give = give;
    j->sink.kit_bug = kit_bug;
    j->sink.context = j;
    j->left_count = 0;
    j->failed_count = 0;
    j->calls_returned = 0;
}

void judge_release(judge *j)
{
    DeleteCriticalSection(&j->lock);
}

/* The caller holds j->lock. */
static int judge_clause_failed_locked(const judge *j, const char *clause_id)
{
    if (j->failed_count == JUDGE_REMEMBERED_FAILS)
        return 1;
    for (size_t i = 0; i < j->failed_count; i++)
        if (strcmp(j->failed[i]->id, clause_id) == 0)
            return 1;
    return 0;
}

int judge_clause_failed(judge *j, const char *clause_id)
{
    EnterCriticalSection(&j->lock);
    int failed = judge_clause_failed_locked(j, clause_id);
    LeaveCriticalSection(&j->lock);
    return failed;
}

static void give(void *context, verdict_level level, const fsp_clause *clause,
                 const char *message)
{
    judge *j = context;
    /* After a serial call Wine cannot serve on the kit's pty (comm_watch.h) the FSP fails
     * for the kit's want: what it breaks from then on is no verdict on it. */
    char after[1024];
    const char *unservable = level == VERDICT_FAIL ? comm_watch_problem() : NULL;
    if (unservable) {
        snprintf(after, sizeof(after), "not judged, after the environment error (%s): %s",
                 unservable, message);
        message = after;
        level = VERDICT_INFO;
    }
    EnterCriticalSection(&j->lock);
    j->counts[level]++;
    if (level == VERDICT_FAIL && !judge_clause_failed_locked(j, clause->id) &&
        j->failed_count < JUDGE_REMEMBERED_FAILS)
        j->failed[j->failed_count++] = clause;

    event e;
    event_start(&e, "verdict");
    event_str(&e, "level", verdict_level_name(level));
    event_str(&e, "clause", clause->id);
    event_str(&e, "strength", clause_strength_name(clause->strength));
    event_str(&e, "msg", message);
    event_emit(j->log, &e);

    if (level != VERDICT_PASS || j->verbose)
        printf("%-4s %-8s %s\n", verdict_level_name(level), clause->id, message);
    fflush(stdout);
    LeaveCriticalSection(&j->lock);
}

/* A rule misused the clause table: a bug in the host, not in the DLL. Stop loudly. */
static void kit_bug(void *context, const char *message)
{
    judge *j = context;
    fprintf(stderr, "fake-faxsvc: internal error: %s\n", message);
    event e;
    event_start(&e, "error");
    event_str(&e, "msg", message);
    event_emit(j->log, &e);
    fflush(stderr);
    /* Not ExitProcess: that would run the FSP's DllMain detach, unguarded. */
    TerminateProcess(GetCurrentProcess(), 2);
}

unsigned judge_fail_count(judge *j)
{
    EnterCriticalSection(&j->lock);
    unsigned fails = j->counts[VERDICT_FAIL];
    LeaveCriticalSection(&j->lock);
    return fails;
}

int judge_failed(const judge *j)
{
    return j->counts[VERDICT_FAIL] > 0;
}

void judge_summarize(judge *j, int exit_code)
{
    EnterCriticalSection(&j->lock); /* the counts and the summary agree */
    printf("%u checks passed, %u failed, %u warnings, %u notes\n", j->counts[VERDICT_PASS],
           j->counts[VERDICT_FAIL], j->counts[VERDICT_WARN], j->counts[VERDICT_INFO]);
    fflush(stdout);

    event e;
    event_start(&e, "summary");
    event_u64(&e, "pass", j->counts[VERDICT_PASS]);
    event_u64(&e, "info", j->counts[VERDICT_INFO]);
    event_u64(&e, "warn", j->counts[VERDICT_WARN]);
    event_u64(&e, "fail", j->counts[VERDICT_FAIL]);
    event_i64(&e, "exit", exit_code);
    event_emit(j->log, &e);
    LeaveCriticalSection(&j->lock);
}
