/*
 * crash_guard.h - turn an exception raised inside the FSP into a verdict instead of a
 * Wine crash dump (LOAD-4: the service wraps every call in try/except and counts an
 * exception as a failed call).
 *
 * mingw-w64 gcc has no __try/__except in C, so the guard is the process's unhandled
 * exception filter: it learns which FSP call the faulting thread was in (each thread
 * records it around every call, see call_trace.c), gives the ERR-1 verdict (the call
 * never returned), writes the summary and ends the process with exit status 1 - the
 * event log is complete up to the crash. Each scenario has a process of its own
 * (isolation.h), so the run goes on with the next one.
 */
#ifndef FAKE_FAXSVC_CRASH_GUARD_H
#define FAKE_FAXSVC_CRASH_GUARD_H

#include "judge.h"

/* Installs the filter. The filter has no context argument, so the judge it reports to
 * is kept process-wide: this is the only global of the host, set once here. */
void crash_guard_install(judge *j, HMODULE fsp_module);
/* The FSP module to attribute faults to (it changes when the DLL is reloaded). */
void crash_guard_set_module(HMODULE fsp_module);
/* Called around every call into the FSP, on the calling thread. */
void crash_guard_enter(const char *fn, const char *job);
void crash_guard_leave(void);

#endif /* FAKE_FAXSVC_CRASH_GUARD_H */
