/*
 * isolation.h - one child process per scenario, as Wine's own test runner does it: the
 * parent re-runs fake-faxsvc.exe with `--child FILE:SCENARIO` and watches it. A DLL
 * that crashes or hangs takes only its scenario's process down; the verdict is given
 * (by the child's crash guard or hang guard, or by the parent's watchdog) and the run
 * goes on with the next scenario, on a fresh process and a fresh load of the DLL.
 */
#ifndef FAKE_FAXSVC_ISOLATION_H
#define FAKE_FAXSVC_ISOLATION_H

#include <stddef.h>

#include "fsc_scenario.h"
#include "judge.h"
#include "process_tree.h"

typedef struct child_plan {
    int argc;
    wchar_t **argv;            /* the parent's own command line, passed on as it is */
    size_t file_count;
    const fsc_file *files;     /* the scenario files, for names */
    DWORD scenario_ms;         /* the watchdog: a child taking longer is killed */
    const wchar_t *events_path;/* the event log every child appends to (event_channel.h) */
    const wchar_t *html_dir;   /* --html: a timeline for each failing scenario */
    const char *dll;           /* for the timelines' titles */
    const char *modem;         /* modem-sim's control HOST:PORT (--modem), or NULL */
    const process_tree *tree;  /* the host's job: what a child's FSP left running */
} child_plan;

/* Runs every scenario in a child and waits for each. Returns the exit status for the
 * whole run: 2 if any child met a scenario error, else 1 if any child found a FAIL or
 * had to be killed, else 0. The watchdog's kills are ERR-1 verdicts of `j`. */
int isolation_run_children(const child_plan *plan, judge *j);

#endif /* FAKE_FAXSVC_ISOLATION_H */
