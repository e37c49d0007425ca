/*
 * runner.h - runs what fspconform was asked to run: the battery's scenarios (each in a
 * host run of its own, with progress on stderr, a budget, and a skip with its reason
 * for what the FSP cannot do) and then the user's scenario files (one host run), and
 * gathers every event into one log for the report.
 */
#ifndef FSPCONFORM_RUNNER_H
#define FSPCONFORM_RUNNER_H

#include "clause_report.h"
#include "event_list.h"
#include "modem_line.h"
#include "options.h"

#define RUNNER_MAX_HINTS 128
#define RUNNER_MAX_TIMES 64
#define RUNNER_MAX_READINGS 4
#define RUNNER_MAX_HOST_ARGS 60

typedef struct runner_plan {
    const options *opt;
    const char *arch;                 /* "x64" or "x86": the host to run */
    const char *hosts_dir;            /* holds ARCH/fake-faxsvc.exe (kit_paths.h) */
    const char *battery_dir;          /* where NAME.fsc of each battery scenario is */
    const char *const *host_args;     /* options every host run gets (NULL-terminated, at
                                         most RUNNER_MAX_HOST_ARGS) */
    modem_line *line;                 /* --line's modem-sim and port, or NULL: modem-sim is
                                         checked after each run; the port is taken away
                                         for a BATTERY_NEEDS_COM_LINE scenario */
} runner_plan;

typedef struct runner_time {
    const char *name;                 /* a battery scenario, or "scenario files" */
    double seconds;
} runner_time;

typedef struct runner_outcome {
    event_list events;                /* every run's events, in the order they ran */
    clause_hint hints[RUNNER_MAX_HINTS]; /* SKIP reasons the runs themselves cannot give */
    size_t hint_count;
    runner_time times[RUNNER_MAX_TIMES];
    size_t time_count;
    int violation;                    /* a run found a FAIL, or a host ended early */
    int cannot_host;                  /* the DLL cannot be hosted: the host said why */
    int environment_error;            /* a host or scenario step could not run */
    char readings[RUNNER_MAX_READINGS][1024]; /* "WARN FaxDevStartJob failed under ..." */
    size_t reading_count;
    char stopped[768];                /* why the runs stopped before the end, or "" */
    char events_error[256];           /* --events could not be written: why, or "" */
} runner_outcome;

/* Runs everything; fills *out (free it with runner_outcome_free). */
void runner_run(const runner_plan *plan, runner_outcome *out);
void runner_outcome_free(runner_outcome *out);

#endif /* FSPCONFORM_RUNNER_H */
