/*
 * resource_trend.h - the process's handles and memory across a scenario's jobs (END-1
 * for what a job keeps after its EndJob: rules/lifecycle.h rule_job_handles and
 * rule_job_memory).
 *
 * GetProcessHandleCount answers 0 under Wine, so the count is taken by asking about
 * every handle value in turn (GetHandleInformation succeeds on an open one). Not from
 * the system's handle list (NtQuerySystemInformation, SystemHandleInformation), which
 * answers under Wine too: measured, Wine 8's wineserver died in 3 of 7 rounds of three
 * hosts listing it while other processes came and went, and in none of 4 without. It
 * is read at quiet points only - the last live job has
 * ended and the host has closed its own handles of it - so the host's per-job handles
 * (ports, events, threads) are never counted as the FSP's.
 */
#ifndef FAKE_FAXSVC_RESOURCE_TREND_H
#define FAKE_FAXSVC_RESOURCE_TREND_H

#include <windows.h>

#include "judge.h"

/* Counting costs a server round trip per handle value under Wine (tens of ms), so it is
 * done twice: at the quiet point that ends the warm-up, and before Shutdown. */
typedef struct resource_trend {
    unsigned quiet_points;           /* jobs ended with none left alive */
    long after_warmup;               /* the count then (-1: could not be read) */
    int jobs_started;                /* memory_before_jobs was read */
    long long memory_before_jobs;    /* private bytes before the first StartJob (-1: unread) */
} resource_trend;

/* This process's open handles (-1 when they cannot be counted). */
long process_handle_count(void);
/* This process's private memory in bytes (-1 when it cannot be read): the commit charge
 * on Windows; under Wine 8 the anonymous memory actually in use, so memory committed but
 * never written is not counted there (a DLL that only commits is caught by the memory
 * limit fspconform sets, not by this). */
long long process_private_bytes(void);

/* A job is about to start: the first one reads the memory the jobs will be judged by. */
void resource_trend_job_starting(resource_trend *t);

/* A quiet point: no job is alive and the host closed its handles of the last one. */
void resource_trend_sample(resource_trend *t);
/* Before Shutdown, every job ended: counts the handles again and judges their growth
 * since the warm-up (nothing when too few jobs followed it), and the memory kept since
 * before the first job. */
void resource_trend_judge(const resource_trend *t, judge *j);

#endif /* FAKE_FAXSVC_RESOURCE_TREND_H */
