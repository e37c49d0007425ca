/*
 * process_tree.h - every process the FSP starts stays inside the host's reach.
 *
 * The host puts itself in a job object that kills its members when its last handle
 * closes (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE): every process started from the host -
 * the per-scenario children (isolation.h) and whatever the FSP starts - is a member, so
 * when the host ends for any reason (its own end, the hang guard's kill, fspconform's
 * Ctrl-C) Wine ends them with it: nothing the DLL started outlives the run.
 *
 * After FaxDevShutdown (or after a scenario's process has ended) a member that is not
 * the host itself is a process the FSP started and did not stop: it gets
 * LEFTOVER_GRACE_MS to end, then each one left is a SHUT-1 verdict (the service unloads
 * the DLL: the global resources Initialize set up must be gone) and is ended.
 */
#ifndef FAKE_FAXSVC_PROCESS_TREE_H
#define FAKE_FAXSVC_PROCESS_TREE_H

#include <windows.h>

#include "judge.h"

typedef struct process_tree {
    HANDLE job;  /* NULL when Windows refused the job: nothing is judged then */
} process_tree;

/* Creates the job and puts this process in it. A child of the host is in its parent's
 * job already and calls nothing here. */
void process_tree_own(process_tree *t);
/* The members other than this process, after `after` ("FaxDevShutdown returned",
 * "scenario 2 of file 1 ended"): judged (SHUT-1) and ended. */
void process_tree_judge(const process_tree *t, const char *after, judge *j);
/* There is no process_tree_close: closing the job's last handle ends every member, the
 * host too. The handle closes when the host ends, which is the point. */

#endif /* FAKE_FAXSVC_PROCESS_TREE_H */
