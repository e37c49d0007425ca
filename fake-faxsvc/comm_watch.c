/*
 * comm_watch.c - the FSP's unservable serial calls, seen through its import table (see
 * comm_watch.h).
 */
#include "comm_watch.h"

#include <stdio.h>
#include <string.h>

#include "import_table.h"

/* The one note of the process. A global, not a context: the wrappers are reached through
 * the FSP's import table, which carries nothing but the call's own arguments. Written
 * once (the first problem wins), read by any thread after `noted` is set. */
static volatile LONG noted;
static char problem[256];

static void note(const char *call, HANDLE handle)
{
    if (InterlockedCompareExchange(&noted, 1, 0) != 0)
        return;
    /* the port's name would need NtQueryObject; the handle's type tells enough */
    snprintf(problem, sizeof(problem), "%s on a %s handle failed with ERROR_NOT_SUPPORTED "
             "(50): Wine cannot serve it on the kit's pseudo-terminal (a pty has no modem "
             "lines: DTR, RTS, CTS, DSR, DCD, RI)", call,
             GetFileType(handle) == FILE_TYPE_CHAR ? "serial" : "non-serial");
    MemoryBarrier();
    InterlockedExchange(&noted, 2);
}

const char *comm_watch_problem(void)
{
    return InterlockedCompareExchange(&noted, 2, 2) == 2 ? problem : NULL;
}

static const char *escape_name(DWORD function)
{
    switch (function) {
    case SETDTR: return "EscapeCommFunction(SETDTR)";
    case CLRDTR: return "EscapeCommFunction(CLRDTR)";
    case SETRTS: return "EscapeCommFunction(SETRTS)";
    case CLRRTS: return "EscapeCommFunction(CLRRTS)";
    case SETXON: return "EscapeCommFunction(SETXON)";
    case SETXOFF: return "EscapeCommFunction(SETXOFF)";
    case SETBREAK: return "EscapeCommFunction(SETBREAK)";
    case CLRBREAK: return "EscapeCommFunction(CLRBREAK)";
    default: return "EscapeCommFunction";
    }
}

/* The watched call has just returned `ok`: note an unservable failure, keep its error. */
static BOOL after_call(BOOL ok, const char *call, HANDLE handle)
{
    DWORD error = GetLastError();
    if (!ok && error == ERROR_NOT_SUPPORTED)
        note(call, handle);
    SetLastError(error);
    return ok;
}

static BOOL WINAPI watched_escape(HANDLE handle, DWORD function)
{
    return after_call(EscapeCommFunction(handle, function), escape_name(function), handle);
}

static BOOL WINAPI watched_modem_status(HANDLE handle, LPDWORD status)
{
    return after_call(GetCommModemStatus(handle, status), "GetCommModemStatus", handle);
}

static BOOL WINAPI watched_wait_event(HANDLE handle, LPDWORD mask, LPOVERLAPPED overlapped)
{
    return after_call(WaitCommEvent(handle, mask, overlapped), "WaitCommEvent", handle);
}

static BOOL WINAPI watched_set_mask(HANDLE handle, DWORD mask)
{
    return after_call(SetCommMask(handle, mask), "SetCommMask", handle);
}

unsigned comm_watch_install(HMODULE fsp)
{
    static const import_hook hooks[] = {
        {"EscapeCommFunction", (import_fn)watched_escape},
        {"GetCommModemStatus", (import_fn)watched_modem_status},
        {"WaitCommEvent", (import_fn)watched_wait_event},
        {"SetCommMask", (import_fn)watched_set_mask},
    };
    return import_table_hook(fsp, hooks, ARRAYSIZE(hooks));
}
