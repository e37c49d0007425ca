/*
 * handle_trend.h - the process's handle count across a scenario's jobs (END-1 for
 * handles, rules/lifecycle.h rule_job_handles).
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
#ifndef FAKE_FAXSVC_HANDLE_TREND_H
#define FAKE_FAXSVC_HANDLE_TREND_H

#include <windows.h>

#include "judge.h"

/* Counting costs a server round trip per handle value under Wine (tens of ms), so it is
 * done twice: at the quiet point that ends the warm-up, and before Shutdown. */
typedef struct handle_trend {
    unsigned quiet_points;           /* jobs ended with none left alive */
    long after_warmup;               /* the count then (-1: could not be read) */
} handle_trend;

/* This process's open handles (-1 when they cannot be counted). */
long process_handle_count(void);

/* A quiet point: no job is alive and the host closed its handles of the last one. */
void handle_trend_sample(handle_trend *t);
/* Before Shutdown, every job ended: counts again and judges the growth since the
 * warm-up (nothing when too few jobs followed it). */
void handle_trend_judge(const handle_trend *t, judge *j);

#endif /* FAKE_FAXSVC_HANDLE_TREND_H */
