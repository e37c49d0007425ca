/*
 * handle_trend.c - the process's handle count across jobs (see handle_trend.h).
 */
#include "handle_trend.h"

#include <stdint.h>

#include "rules/lifecycle.h"

/* Handle values are multiples of 4 and Windows (and Wine) reuse the lowest free one
 * first, so the table is dense: the probe stops after this many free values in a row. */
#define HANDLE_STEP 4
#define FREE_RUN_LIMIT 256
#define HIGHEST_HANDLE (1u << 24)

long process_handle_count(void)
{
    long open = 0;
    unsigned free_run = 0;
    for (uintptr_t value = HANDLE_STEP; value < HIGHEST_HANDLE && free_run < FREE_RUN_LIMIT;
         value += HANDLE_STEP) {
        DWORD flags;
        if (GetHandleInformation((HANDLE)value, &flags)) {
            open++;
            free_run = 0;
        } else {
            free_run++;
        }
    }
    return open;
}

void handle_trend_sample(handle_trend *t)
{
    if (++t->quiet_points == HANDLE_WARMUP_JOBS)
        t->after_warmup = process_handle_count();
}

void handle_trend_judge(const handle_trend *t, judge *j)
{
    if (t->quiet_points < HANDLE_WARMUP_JOBS + HANDLE_JUDGED_JOBS || t->after_warmup < 0)
        return;
    long last = process_handle_count();
    if (last < 0)
        return;
    job_handles_fact f = {t->quiet_points - HANDLE_WARMUP_JOBS, t->after_warmup, last};
    rule_job_handles(&j->sink, &f);
}
