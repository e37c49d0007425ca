/*
 * leftover_threads.c - threads still alive after FaxDevShutdown (see leftover_threads.h).
 *
 * While a thread is suspended the host takes no lock: the thread may hold the loader's
 * or a heap's. So everything that needs one (the module list, buffers) is gathered
 * before, and the unwind looks functions up in tables read from the images themselves.
 */
#include "leftover_threads.h"

#include <psapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tlhelp32.h>
#include <winternl.h>

#include "rules/lifecycle.h"

#define POLL_MS 50
#define MAX_MODULES 512
#define MAX_FRAMES 128
#define THREAD_QUERY_WIN32_START_ADDRESS 9 /* ThreadQuerySetWin32StartAddress */

/* --- the census ------------------------------------------------------------------------ */

static int compare_ids(const void *a, const void *b)
{
    DWORD x = *(const DWORD *)a, y = *(const DWORD *)b;
    return x < y ? -1 : x > y;
}

void thread_census_take(thread_census *c)
{
    memset(c, 0, sizeof(*c));
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    if (snap == INVALID_HANDLE_VALUE)
        return;
    size_t capacity = 0;
    THREADENTRY32 te = {.dwSize = sizeof(te)};
    for (BOOL more = Thread32First(snap, &te); more; more = Thread32Next(snap, &te)) {
        if (te.th32OwnerProcessID != GetCurrentProcessId())
            continue;
        if (c->count == capacity) {
            size_t grown = capacity ? capacity * 2 : 64;
            DWORD *ids = realloc(c->ids, grown * sizeof(*ids));
            if (!ids)
                break;
            c->ids = ids;
            capacity = grown;
        }
        c->ids[c->count++] = te.th32ThreadID;
    }
    CloseHandle(snap);
    if (c->count)
        qsort(c->ids, c->count, sizeof(*c->ids), compare_ids);
}

void thread_census_free(thread_census *c)
{
    free(c->ids);
    memset(c, 0, sizeof(*c));
}

static BOOL census_has(const thread_census *c, DWORD id)
{
    return c->count && bsearch(&id, c->ids, c->count, sizeof(*c->ids), compare_ids) != NULL;
}

/* --- the modules: extents and (x64) unwind tables, read before any thread stops ------ */

typedef struct module_extent {
    uintptr_t start, end;
    const void *functions;        /* x64: the image's RUNTIME_FUNCTION table */
    size_t function_count;
    char name[64];
} module_extent;

typedef struct module_table {
    module_extent items[MAX_MODULES];
    size_t count;
} module_table;

static void read_extent(HMODULE module, module_extent *m)
{
    const BYTE *base = (const BYTE *)module;
    const IMAGE_NT_HEADERS *nt =
        (const IMAGE_NT_HEADERS *)(base + ((const IMAGE_DOS_HEADER *)base)->e_lfanew);
    m->start = (uintptr_t)base;
    m->end = m->start + nt->OptionalHeader.SizeOfImage;
    const IMAGE_DATA_DIRECTORY *pdata =
        &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXCEPTION];
#ifdef _WIN64
    m->functions = pdata->VirtualAddress ? base + pdata->VirtualAddress : NULL;
    m->function_count = pdata->Size / sizeof(RUNTIME_FUNCTION);
#else
    (void)pdata;
    m->functions = NULL;
    m->function_count = 0;
#endif
    char path[MAX_PATH];
    DWORD n = GetModuleFileNameA(module, path, sizeof(path));
    const char *slash = n ? strrchr(path, '\\') : NULL;
    snprintf(m->name, sizeof(m->name), "%s", slash ? slash + 1 : n ? path : "?");
}

static void modules_take(module_table *t, HMODULE fsp)
{
    HMODULE modules[MAX_MODULES];
    DWORD bytes = 0;
    t->count = 0;
    if (!K32EnumProcessModules(GetCurrentProcess(), modules, sizeof(modules), &bytes))
        bytes = 0;
    size_t n = bytes / sizeof(HMODULE);
    for (size_t i = 0; i < n && i < MAX_MODULES; i++)
        read_extent(modules[i], &t->items[t->count++]);
    for (size_t i = 0; i < t->count; i++)
        if (t->items[i].start == (uintptr_t)fsp)
            snprintf(t->items[i].name, sizeof(t->items[i].name), "the FSP");
}

static const module_extent *module_of(const module_table *t, uintptr_t address)
{
    for (size_t i = 0; i < t->count; i++)
        if (address >= t->items[i].start && address < t->items[i].end)
            return &t->items[i];
    return NULL;
}

static void describe(const module_table *t, uintptr_t address, char *out, size_t size)
{
    const module_extent *m = module_of(t, address);
    if (m)
        snprintf(out, size, "%s+0x%lx", m->name, (unsigned long)(address - m->start));
    else
        snprintf(out, size, "0x%llx", (unsigned long long)address);
}

/* --- one thread ------------------------------------------------------------------------ */

typedef struct thread_look {
    uintptr_t start_address;
    uintptr_t fsp_frame;          /* a return address in the FSP found on the stack (0: none) */
    BOOL frame_by_scan;           /* ... found by the x86 scan, not by an unwind */
    BOOL stack_read;              /* the thread could be stopped and its stack read */
} thread_look;

static BOOL stack_bounds(HANDLE thread, uintptr_t *low, uintptr_t *high)
{
    struct { /* THREAD_BASIC_INFORMATION, which mingw's winternl.h lacks */
        NTSTATUS ExitStatus;
        PVOID TebBaseAddress;
        CLIENT_ID ClientId;
        ULONG_PTR AffinityMask;
        LONG Priority;
        LONG BasePriority;
    } info;
    if (NtQueryInformationThread(thread, (THREADINFOCLASS)0 /* ThreadBasicInformation */,
                                 &info, sizeof(info), NULL) != 0 || !info.TebBaseAddress)
        return FALSE;
    const NT_TIB *tib = info.TebBaseAddress;
    *low = (uintptr_t)tib->StackLimit;
    *high = (uintptr_t)tib->StackBase;
    return *high > *low;
}

#ifdef _WIN64
static const RUNTIME_FUNCTION *function_of(const module_table *t, uintptr_t pc,
                                           uintptr_t *image_base)
{
    const module_extent *m = module_of(t, pc);
    if (!m || !m->functions)
        return NULL;
    const RUNTIME_FUNCTION *f = m->functions;
    DWORD rva = (DWORD)(pc - m->start);
    size_t lo = 0, hi = m->function_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rva < f[mid].BeginAddress)
            hi = mid;
        else if (rva >= f[mid].EndAddress)
            lo = mid + 1;
        else {
            *image_base = m->start;
            return &f[mid];
        }
    }
    return NULL;
}

/* Walks the live frames with the images' unwind tables; the thread is suspended. */
static uintptr_t fsp_frame_on_stack(const module_table *t, const module_extent *fsp,
                                    CONTEXT *c, uintptr_t low, uintptr_t high)
{
    for (int depth = 0; depth < MAX_FRAMES && c->Rip; depth++) {
        if (c->Rip >= fsp->start && c->Rip < fsp->end)
            return c->Rip;
        if (c->Rsp < low || c->Rsp + sizeof(DWORD64) > high)
            return 0;
        uintptr_t image_base = 0;
        const RUNTIME_FUNCTION *f = function_of(t, c->Rip, &image_base);
        if (!f) { /* a leaf: the return address is on top of the stack */
            c->Rip = *(const DWORD64 *)c->Rsp;
            c->Rsp += sizeof(DWORD64);
            continue;
        }
        PVOID handler_data;
        DWORD64 establisher;
        DWORD64 old_rsp = c->Rsp;
        RtlVirtualUnwind(UNW_FLAG_NHANDLER, image_base, c->Rip, (PRUNTIME_FUNCTION)f, c,
                         &handler_data, &establisher, NULL);
        if (c->Rsp <= old_rsp)
            return 0; /* no progress: the tables do not describe this frame */
    }
    return 0;
}
#else
/* A return address: the bytes before it are a call (E8 rel32, or FF /2 in its forms). */
static BOOL follows_call(const module_extent *fsp, uintptr_t address)
{
    if (address < fsp->start + 7 || address >= fsp->end)
        return FALSE;
    MEMORY_BASIC_INFORMATION mbi;
    if (!VirtualQuery((const void *)(address - 7), &mbi, sizeof(mbi)) ||
        mbi.State != MEM_COMMIT ||
        !(mbi.Protect & (PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_READWRITE |
                         PAGE_EXECUTE_WRITECOPY)) ||
        (uintptr_t)mbi.BaseAddress + mbi.RegionSize < address)
        return FALSE;
    const BYTE *p = (const BYTE *)address;
    if (p[-5] == 0xE8)
        return TRUE;
    for (int back = 2; back <= 7; back++)
        if (p[-back] == 0xFF && (p[-back + 1] & 0x38) == 0x10)
            return TRUE;
    return FALSE;
}

/* Scans the live stack (from the stack pointer up) for a return address into the FSP. */
static uintptr_t fsp_frame_on_stack(const module_table *t, const module_extent *fsp,
                                    CONTEXT *c, uintptr_t low, uintptr_t high)
{
    (void)t;
    if (c->Eip >= fsp->start && c->Eip < fsp->end)
        return c->Eip;
    uintptr_t sp = c->Esp;
    if (sp < low || sp >= high)
        return 0;
    for (const DWORD *slot = (const DWORD *)sp; (uintptr_t)(slot + 1) <= high; slot++)
        if (*slot >= fsp->start && *slot < fsp->end && follows_call(fsp, *slot))
            return *slot;
    return 0;
}
#endif

static void look_at(HANDLE thread, const module_table *t, const module_extent *fsp,
                    thread_look *look)
{
    memset(look, 0, sizeof(*look));
    PVOID start = NULL;
    if (NtQueryInformationThread(thread, (THREADINFOCLASS)THREAD_QUERY_WIN32_START_ADDRESS,
                                 &start, sizeof(start), NULL) == 0)
        look->start_address = (uintptr_t)start;
    uintptr_t low, high;
    if (!fsp || !stack_bounds(thread, &low, &high))
        return;
    if (SuspendThread(thread) == (DWORD)-1)
        return;
    CONTEXT c;
    memset(&c, 0, sizeof(c));
    c.ContextFlags = CONTEXT_FULL;
    if (GetThreadContext(thread, &c)) {
        look->stack_read = TRUE;
        look->fsp_frame = fsp_frame_on_stack(t, fsp, &c, low, high);
#ifndef _WIN64
        look->frame_by_scan = look->fsp_frame != 0;
#endif
    }
    ResumeThread(thread);
}

/* --- the judgement ----------------------------------------------------------------------- */

typedef struct newcomers {
    DWORD ids[64];
    size_t count;
} newcomers;

/* Threads born since `before`, other than the host's own (started in its image). */
static void find_newcomers(const thread_census *before, const module_extent *host,
                           newcomers *out)
{
    thread_census now;
    thread_census_take(&now);
    out->count = 0;
    for (size_t i = 0; i < now.count && out->count < ARRAYSIZE(out->ids); i++) {
        DWORD id = now.ids[i];
        if (id == GetCurrentThreadId() || census_has(before, id))
            continue;
        HANDLE thread = OpenThread(THREAD_QUERY_INFORMATION, FALSE, id);
        if (!thread)
            continue; /* it ended meanwhile */
        PVOID start = NULL;
        BOOL host_own = NtQueryInformationThread(thread,
                                                 (THREADINFOCLASS)THREAD_QUERY_WIN32_START_ADDRESS,
                                                 &start, sizeof(start), NULL) == 0 &&
                        (uintptr_t)start >= host->start && (uintptr_t)start < host->end;
        DWORD code = 0;
        BOOL alive = GetExitCodeThread(thread, &code) && code == STILL_ACTIVE;
        CloseHandle(thread);
        if (alive && !host_own)
            out->ids[out->count++] = id;
    }
    thread_census_free(&now);
}

BOOL leftover_threads_judge(const thread_census *before, HMODULE fsp_module, judge *j)
{
    if (!before->count)
        return FALSE; /* no census was taken: nothing to compare with */
    module_extent host;
    read_extent(GetModuleHandleW(NULL), &host);
    newcomers left;
    ULONGLONG deadline = GetTickCount64() + LEFTOVER_GRACE_MS;
    for (;;) {
        find_newcomers(before, &host, &left);
        if (left.count == 0 || GetTickCount64() >= deadline)
            break;
        Sleep(POLL_MS);
    }
    if (left.count == 0) {
        rule_threads_after_shutdown_none(&j->sink);
        return FALSE;
    }
    module_table *table = malloc(sizeof(*table));
    if (!table)
        return FALSE;
    modules_take(table, fsp_module);
    const module_extent *fsp = module_of(table, (uintptr_t)fsp_module);
    BOOL fsp_code_runs = FALSE;
    for (size_t i = 0; i < left.count; i++) {
        HANDLE thread = OpenThread(THREAD_QUERY_INFORMATION | THREAD_SUSPEND_RESUME |
                                   THREAD_GET_CONTEXT, FALSE, left.ids[i]);
        if (!thread)
            continue;
        thread_look look;
        look_at(thread, table, fsp, &look);
        CloseHandle(thread);
        leftover_thread_fact f = {0};
        f.thread_id = left.ids[i];
        f.grace_ms = LEFTOVER_GRACE_MS;
        f.started_in_fsp = fsp && look.start_address >= fsp->start &&
                           look.start_address < fsp->end;
        f.fsp_frame_found = look.fsp_frame != 0;
        f.frame_by_scan = look.frame_by_scan;
        f.stack_read = look.stack_read;
        describe(table, look.start_address, f.started_at, sizeof(f.started_at));
        describe(table, look.fsp_frame, f.fsp_frame, sizeof(f.fsp_frame));
        rule_thread_after_shutdown(&j->sink, &f);
        fsp_code_runs |= f.started_in_fsp || f.fsp_frame_found; /* unloading is unsafe */
    }
    free(table);
    return fsp_code_runs;
}
