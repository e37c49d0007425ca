/*
 * comm_watch.c - the FSP's unservable serial calls, seen through its import table (see
 * comm_watch.h).
 */
#include "comm_watch.h"

#include <stdio.h>
#include <string.h>

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

/* void (*)(void): the generic function pointer a cast between function types may go
 * through; the slot gets the address, called with the watched function's own type. */
typedef void (*any_function)(void);

static const struct {
    const char *name;
    any_function wrapper;
} watched[] = {
    {"EscapeCommFunction", (any_function)watched_escape},
    {"GetCommModemStatus", (any_function)watched_modem_status},
    {"WaitCommEvent", (any_function)watched_wait_event},
    {"SetCommMask", (any_function)watched_set_mask},
};

/* The import descriptors of kernel32 and its API sets (api-ms-win-core-comm-*). */
static int from_kernel32(const char *dll)
{
    return _stricmp(dll, "kernel32.dll") == 0 || _strnicmp(dll, "api-ms-win-core-comm", 20) == 0;
}

unsigned comm_watch_install(HMODULE fsp)
{
    BYTE *base = (BYTE *)fsp;
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)base;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)(base + dos->e_lfanew);
    const IMAGE_DATA_DIRECTORY *dir =
        &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    unsigned patched = 0;
    if (!dir->VirtualAddress || !dir->Size)
        return 0;
    for (const IMAGE_IMPORT_DESCRIPTOR *d =
             (const IMAGE_IMPORT_DESCRIPTOR *)(base + dir->VirtualAddress);
         d->Name; d++) {
        if (!from_kernel32((const char *)(base + d->Name)))
            continue;
        /* names from the lookup table (the slots hold addresses once bound) */
        const IMAGE_THUNK_DATA *names = (const IMAGE_THUNK_DATA *)(
            base + (d->OriginalFirstThunk ? d->OriginalFirstThunk : d->FirstThunk));
        IMAGE_THUNK_DATA *slots = (IMAGE_THUNK_DATA *)(base + d->FirstThunk);
        for (; names->u1.AddressOfData; names++, slots++) {
            if (IMAGE_SNAP_BY_ORDINAL(names->u1.Ordinal))
                continue;
            const IMAGE_IMPORT_BY_NAME *by =
                (const IMAGE_IMPORT_BY_NAME *)(base + names->u1.AddressOfData);
            for (size_t i = 0; i < sizeof(watched) / sizeof(watched[0]); i++) {
                DWORD old;
                if (strcmp((const char *)by->Name, watched[i].name) != 0 ||
                    !VirtualProtect(&slots->u1.Function, sizeof(slots->u1.Function),
                                    PAGE_READWRITE, &old))
                    continue;
                slots->u1.Function = (ULONG_PTR)watched[i].wrapper;
                VirtualProtect(&slots->u1.Function, sizeof(slots->u1.Function), old, &old);
                patched++;
            }
        }
    }
    return patched;
}
