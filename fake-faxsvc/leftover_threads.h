/*
 * leftover_threads.h - threads still alive after FaxDevShutdown (SHUT-1).
 *
 * The service unloads the DLL right after Shutdown (SHUT-1): a thread still running
 * the FSP's code then runs into unmapped memory. So the host lists the process's
 * threads just before it loads the DLL, and after Shutdown looks at every thread that
 * is new and not its own (its own start in fake-faxsvc.exe). It gives them
 * LEFTOVER_GRACE_MS to end; for each still there it reads where the thread started and,
 * with the thread suspended for a moment, walks its stack (x64: the unwind tables, so
 * only live frames count; x86: a scan of the live stack for return addresses, each
 * checked to follow a call instruction). A thread with the FSP's code on its stack, or
 * started at it, is the FSP's: SHUT-1 FAIL. Any other new thread (a thread pool's idle
 * worker, the C runtime's) is noted. On x86 a return address found only by the scan is
 * a doubt, not a FAIL: a scan cannot tell a live frame from an old value left in one.
 */
#ifndef FAKE_FAXSVC_LEFTOVER_THREADS_H
#define FAKE_FAXSVC_LEFTOVER_THREADS_H

#include <windows.h>

#include "judge.h"

#define LEFTOVER_GRACE_MS 2000   /* "some seconds": a thread told to stop may take a poll */

/* The process's threads at one moment (IDs, sorted). */
typedef struct thread_census {
    DWORD *ids;
    size_t count;
} thread_census;

/* Lists this process's threads. An empty census when Windows refuses (nothing judged). */
void thread_census_take(thread_census *c);
void thread_census_free(thread_census *c);

/* After Shutdown: judges the threads born since `before` (SHUT-1). Returns TRUE when a
 * thread still runs the FSP's code: the caller must not unload the DLL under it. */
BOOL leftover_threads_judge(const thread_census *before, HMODULE fsp, judge *j);

#endif /* FAKE_FAXSVC_LEFTOVER_THREADS_H */
