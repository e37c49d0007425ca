/*
 * fsp_module.c - load an FSP DLL and judge its exports (see fsp_module.h).
 */
#include "fsp_module.h"

#include "comm_watch.h"
#include "crash_guard.h"
#include "rules/exports.h"

#include <stdio.h>
#include <string.h>

#define MAX_IMAGE_BYTES (256u * 1024u * 1024u)

/* The exports of the contract (fsp-contract.md section 1), in the service's call order. */
typedef struct export_spec {
    const char *name;
    size_t slot;              /* offset of the pointer in fsp_exports */
    int required;
    unsigned x86_arg_bytes;   /* the @N of the stdcall-decorated name */
} export_spec;

#define SLOT(member) offsetof(fsp_exports, member)
static const export_spec export_specs[] = {
    {"FaxDevVirtualDeviceCreation", SLOT(virtual_device_creation), 0, 20},
    {"FaxDevInitialize",            SLOT(initialize),              1, 16},
    {"FaxDevStartJob",              SLOT(start_job),               1, 20},
    {"FaxDevSend",                  SLOT(send),                    1, 12},
    {"FaxDevReceive",               SLOT(receive),                 1, 12},
    {"FaxDevReportStatus",          SLOT(report_status),           1, 16},
    {"FaxDevAbortOperation",        SLOT(abort_operation),         1, 4},
    {"FaxDevEndJob",                SLOT(end_job),                 1, 4},
    {"FaxDevShutdown",              SLOT(shutdown),                0, 0},
    {"FaxDevConfigure",             SLOT(configure),               0, 4},
};
#undef SLOT

static FARPROC *slot_of(fsp_exports *fn, const export_spec *spec)
{
    return (FARPROC *)((char *)fn + spec->slot);
}

/* Reads the file (up to MAX_IMAGE_BYTES) so pe_probe can look at it before any load. */
static unsigned char *read_image(const wchar_t *path, size_t *size, DWORD *error)
{
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        *error = GetLastError();
        return NULL;
    }
    LARGE_INTEGER length;
    unsigned char *data = NULL;
    if (GetFileSizeEx(file, &length)) {
        size_t want = length.QuadPart > MAX_IMAGE_BYTES ? MAX_IMAGE_BYTES
                                                         : (size_t)length.QuadPart;
        data = HeapAlloc(GetProcessHeap(), 0, want ? want : 1);
        DWORD got = 0;
        if (data && ReadFile(file, data, (DWORD)want, &got, NULL)) {
            *size = got;
        } else {
            *error = data ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;
            HeapFree(GetProcessHeap(), 0, data);
            data = NULL;
        }
    } else {
        *error = GetLastError();
    }
    CloseHandle(file);
    return data;
}

/* Error 126 names no DLL; find the first import that cannot be found so the user
 * learns which one. Looks beside the FSP first, then where the loader would. */
static BOOL find_missing_import(const fsp_module *m, char *name, size_t name_size)
{
    wchar_t dir[MAX_PATH];
    wcscpy(dir, m->path);
    wchar_t *slash = wcsrchr(dir, L'\\');
    if (slash)
        slash[1] = L'\0';
    for (size_t i = 0; i < m->image.import_count; i++) {
        const char *import = m->image.imports[i];
        if (_strnicmp(import, "api-ms-", 7) == 0 || _strnicmp(import, "ext-ms-", 7) == 0)
            continue; /* API sets are resolved by the loader, not found as files */
        wchar_t wimport[64], beside[MAX_PATH + 64];
        MultiByteToWideChar(CP_UTF8, 0, import, -1, wimport, 64);
        _snwprintf(beside, MAX_PATH + 64, L"%ls%ls", dir, wimport);
        beside[MAX_PATH + 63] = L'\0';
        if (GetFileAttributesW(beside) != INVALID_FILE_ATTRIBUTES)
            continue;
        HMODULE probe = LoadLibraryExW(wimport, NULL, LOAD_LIBRARY_AS_DATAFILE);
        if (probe) {
            FreeLibrary(probe);
            continue;
        }
        snprintf(name, name_size, "%s", import);
        return TRUE;
    }
    return FALSE;
}

static void explain_load_error(const fsp_module *m, DWORD error, char *problem, size_t size)
{
    char missing[64];
    switch (error) {
    case ERROR_MOD_NOT_FOUND:
        if (find_missing_import(m, missing, sizeof(missing)))
            snprintf(problem, size, "cannot load: it imports %s, which was not found "
                     "(error 126, ERROR_MOD_NOT_FOUND)", missing);
        else
            snprintf(problem, size, "cannot load: a DLL that one of its imports needs was "
                     "not found (error 126, ERROR_MOD_NOT_FOUND)");
        return;
    case ERROR_DLL_INIT_FAILED:
        snprintf(problem, size, "cannot load: its DllMain returned FALSE "
                 "(error 1114, ERROR_DLL_INIT_FAILED)");
        return;
    case ERROR_BAD_EXE_FORMAT:
        snprintf(problem, size, "cannot load: not a valid image for this host "
                 "(error 193, ERROR_BAD_EXE_FORMAT)");
        return;
    case ERROR_PROC_NOT_FOUND:
        snprintf(problem, size, "cannot load: a function it imports is missing from a "
                 "dependent DLL (error 127, ERROR_PROC_NOT_FOUND)");
        return;
    default: {
        char text[256] = "";
        FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       error, 0, text, sizeof(text), NULL);
        text[strcspn(text, "\r\n")] = '\0';
        snprintf(problem, size, "cannot load: error %lu%s%s", (unsigned long)error,
                 text[0] ? ", " : "", text);
    }
    }
}

static BOOL check_image(fsp_module *m, char *problem, size_t size)
{
    size_t length = 0;
    DWORD error = 0;
    unsigned char *data = read_image(m->path, &length, &error);
    if (!data) {
        if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND)
            snprintf(problem, size, "no such file");
        else
            snprintf(problem, size, "cannot read the file (error %lu)", (unsigned long)error);
        return FALSE;
    }
    pe_verdict verdict = pe_probe(data, length, &m->image);
    HeapFree(GetProcessHeap(), 0, data);
    if (verdict != PE_OK) {
        snprintf(problem, size, "%s", m->image.problem);
        return FALSE;
    }
    if (!m->image.is_dll) {
        snprintf(problem, size, "is an EXE, not a DLL: an FSP is a DLL");
        return FALSE;
    }
    uint16_t host_machine = sizeof(void *) == 8 ? PE_MACHINE_AMD64 : PE_MACHINE_I386;
    if (m->image.machine != host_machine) {
        char buf[32];
        const char *dll_arch = pe_machine_name(m->image.machine, buf, sizeof(buf));
        const char *host_arch = sizeof(void *) == 8 ? "x64" : "x86";
        snprintf(problem, size, "is an %s DLL but this fake-faxsvc.exe is %s: run the %s "
                 "host (fspconform picks it by itself)", dll_arch, host_arch,
                 m->image.machine == PE_MACHINE_I386 ? "x86" : "matching");
        return FALSE;
    }
    return TRUE;
}

BOOL fsp_module_load(fsp_module *m, const wchar_t *path, char *problem, size_t size)
{
    memset(m, 0, sizeof(*m));
    DWORD n = GetFullPathNameW(path, MAX_PATH, m->path, NULL);
    if (n == 0 || n >= MAX_PATH) {
        snprintf(problem, size, "path too long or invalid");
        return FALSE;
    }
    if (!check_image(m, problem, size))
        return FALSE;

    /* ALTERED_SEARCH_PATH: the FSP's own folder is searched for its dependencies, as
     * when the service loads it by full path. */
    thread_census_take(&m->threads_before_load);
    crash_guard_enter(FSP_LOAD_CALL, NULL);
    m->module = LoadLibraryExW(m->path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    DWORD error = GetLastError();
    /* Only a fault the loader swallowed (it then fails with ERROR_NOACCESS, 998) counts;
     * DllMain may raise and handle exceptions of its own (a debug print, a C++ throw). */
    DWORD code = 0;
    if (!m->module && error == ERROR_NOACCESS &&
        crash_guard_swallowed_exception(&code, m->dllmain_where, sizeof(m->dllmain_where)) &&
        (code >> 30) == 3)
        m->dllmain_exception = code;
    crash_guard_leave();
    if (!m->module) {
        thread_census_free(&m->threads_before_load);
        explain_load_error(m, error, problem, size);
        return FALSE;
    }
    crash_guard_set_module(m->module);
    comm_watch_install(m->module); /* serial calls Wine cannot serve on a pty: exit 2 */
    for (size_t i = 0; i < ARRAYSIZE(export_specs); i++)
        *slot_of(&m->fn, &export_specs[i]) = GetProcAddress(m->module, export_specs[i].name);
    return TRUE;
}

/* The export directory of the loaded image: lets us see decorated names too. */
static const IMAGE_EXPORT_DIRECTORY *export_directory(HMODULE module)
{
    const BYTE *base = (const BYTE *)module;
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)base;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)(base + dos->e_lfanew);
    const IMAGE_DATA_DIRECTORY *dir =
        &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    if (dir->VirtualAddress == 0 || dir->Size == 0)
        return NULL;
    return (const IMAGE_EXPORT_DIRECTORY *)(base + dir->VirtualAddress);
}

/* A stdcall-decorated export of `plain` ("_FaxDevSend@12" or "FaxDevSend@12"). */
static const char *decorated_export(HMODULE module, const char *plain)
{
    const IMAGE_EXPORT_DIRECTORY *exports = export_directory(module);
    if (!exports)
        return NULL;
    const BYTE *base = (const BYTE *)module;
    const DWORD *names = (const DWORD *)(base + exports->AddressOfNames);
    size_t plain_len = strlen(plain);
    for (DWORD i = 0; i < exports->NumberOfNames; i++) {
        const char *name = (const char *)(base + names[i]);
        const char *body = name[0] == '_' ? name + 1 : name;
        if (strncmp(body, plain, plain_len) == 0 && body[plain_len] == '@')
            return name;
    }
    return NULL;
}

BOOL fsp_module_judge_exports(const fsp_module *m, judge *j)
{
    event e;
    export_fact facts[ARRAYSIZE(export_specs)];
    for (size_t i = 0; i < ARRAYSIZE(export_specs); i++) {
        const export_spec *spec = &export_specs[i];
        export_fact *f = &facts[i];
        memset(f, 0, sizeof(*f));
        f->name = spec->name;
        f->required = spec->required;
        f->present = *slot_of((fsp_exports *)&m->fn, spec) != NULL;
        f->decorated = decorated_export(m->module, spec->name);
        f->x86_arg_bytes = spec->x86_arg_bytes;
        if (f->decorated)
            sscanf(strrchr(f->decorated, '@') + 1, "%u", &f->decorated_bytes);

        event_start(&e, "export");
        event_str(&e, "name", spec->name);
        event_bool(&e, "present", f->present);
        event_bool(&e, "required", spec->required);
        if (f->decorated)
            event_str(&e, "decorated", f->decorated);
        event_emit(j->log, &e);
    }
    return rule_exports(&j->sink, facts, ARRAYSIZE(facts));
}

void fsp_module_unload(fsp_module *m)
{
    if (m->module) {
        crash_guard_enter("FreeLibrary (the DLL's DllMain)", NULL);
        FreeLibrary(m->module);
        crash_guard_leave();
    }
    m->module = NULL;
    thread_census_free(&m->threads_before_load);
}
