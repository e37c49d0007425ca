/*
 * crash_guard.h - every call into the FSP is guarded against the two ways it can fail
 * to return: an exception (LOAD-4: the service wraps every call in try/except and
 * counts an exception as a failed call) and a hang. Both become an ERR-1 verdict naming
 * the call, given by rules/errors.c, instead of a Wine crash dump or a silent wait.
 *
 * mingw-w64 gcc has no __try/__except in C, so the exception guard is the process's
 * unhandled exception filter: it learns which FSP call the faulting thread was in (each
 * thread records it around every call, see call_trace.c), gives the verdict, writes the
 * summary and ends the process with exit status 1 - the event log is complete up to the
 * crash. An exception the loader swallows (one raised in DllMain makes LoadLibrary fail
 * with error 998) is remembered by a vectored handler, so the loader's failure can be
 * named too.
 *
 * The hang guard is a watchdog thread: a call that has not returned within its limit
 * gets its verdict and the process ends without Shutdown or unloading (a thread is
 * inside the DLL; pulling the code from under it would be a crash the host caused).
 * FaxDevSend and FaxDevReceive have no limit here: a fax takes as long as it takes, and
 * the scenario's own waits (and the parent's watchdog) judge them. Each scenario has a
 * process of its own (isolation.h), so the run goes on with the next one.
 */
#ifndef FAKE_FAXSVC_CRASH_GUARD_H
#define FAKE_FAXSVC_CRASH_GUARD_H

#include <stdint.h>

#include "judge.h"

/* Installs the filter, the vectored handler and the watchdog (call_limit_ms for every
 * call but Send/Receive). The filter has no context argument, so what it reports to is
 * kept process-wide: this is the only global of the host, set once here. Install it
 * before the DLL is loaded, so DllMain is guarded too. */
void crash_guard_install(judge *j, DWORD call_limit_ms);
/* The FSP module to attribute faults to (it changes when the DLL is (re)loaded). */
void crash_guard_set_module(HMODULE fsp_module);
/* A thread that ended inside a call (judged by whoever saw it): its guard is dropped,
 * so the watchdog does not judge it a second time. */
void crash_guard_forget_thread(DWORD thread);
/* Called around every call into the FSP, on the calling thread. */
void crash_guard_enter(const char *fn, const char *job);
void crash_guard_leave(void);
/* The first exception raised on this thread during the guarded call it is in now (call
 * it before crash_guard_leave; the loader catches those of DllMain): TRUE and its code
 * and place ("the FSP+0x1234"). */
BOOL crash_guard_swallowed_exception(DWORD *code, char *where, size_t where_size);
/* The memory this process has taken since the guard was installed, before any DLL was
 * loaded, in MB (-1: unknown). Told with an exception: an allocation that failed and was
 * used unchecked is the usual way a DLL meets the memory limit (fspconform
 * --memory-limit), and a probe allocation cannot tell - under Wine one of 16 MB may
 * still succeed where the DLL's 1 MB failed (measured). */
long long crash_guard_memory_taken_mb(void);
/* "access violation" for EXCEPTION_ACCESS_VIOLATION, ... */
const char *crash_guard_exception_name(DWORD code);
/* Ends this process at once with `exit_code`, after the summary: for a hang, when a
 * thread is stuck inside the DLL (no DllMain detach, no unloading). One stop per
 * process: if a crash or hang is already being reported, this waits for it to end the
 * process. Does not return. */
void crash_guard_stop(judge *j, int exit_code) __attribute__((noreturn));

#endif /* FAKE_FAXSVC_CRASH_GUARD_H */
