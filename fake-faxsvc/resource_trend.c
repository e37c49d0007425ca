/*
 * resource_trend.c - the process's handles and memory across jobs (see resource_trend.h).
 */
#define PSAPI_VERSION 2 /* GetProcessMemoryInfo is kernel32's K32GetProcessMemoryInfo */
#include "resource_trend.h"

#include <stdint.h>
#include <psapi.h>

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

long long process_private_bytes(void)
{
    /* PagefileUsage, the commit charge: Windows counts the same bytes as PrivateUsage;
     * Wine 8 fills PagefileUsage only (PrivateUsage reads 0: measured). */
    PROCESS_MEMORY_COUNTERS counters = {.cb = sizeof(counters)};
    if (!GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof(counters)))
        return -1;
    return (long long)counters.PagefileUsage;
}

void resource_trend_job_starting(resource_trend *t)
{
    if (t->jobs_started)
        return;
    t->jobs_started = 1;
    t->memory_before_jobs = process_private_bytes();
}

void resource_trend_sample(resource_trend *t)
{
    if (++t->quiet_points == HANDLE_WARMUP_JOBS)
        t->after_warmup = process_handle_count();
}

void resource_trend_judge(const resource_trend *t, judge *j)
{
    long long memory_now = process_private_bytes();
    if (t->quiet_points > 0 && t->memory_before_jobs >= 0 && memory_now >= 0) {
        job_memory_fact m = {t->quiet_points, t->memory_before_jobs, memory_now};
        rule_job_memory(&j->sink, &m);
    }
    if (t->quiet_points < HANDLE_WARMUP_JOBS + HANDLE_JUDGED_JOBS || t->after_warmup < 0)
        return;
    long last = process_handle_count();
    if (last < 0)
        return;
    job_handles_fact f = {t->quiet_points - HANDLE_WARMUP_JOBS, t->after_warmup, last};
    rule_job_handles(&j->sink, &f);
}
