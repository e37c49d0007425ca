/*
 * api_watch.c - the FSP's imports of a few calls, pointed at hooks (see api_watch.h).
 */
#include "api_watch.h"

#include <stdio.h>
#include <wchar.h>

#include "import_table.h"
#include "rules/api_use.h"

#define WATCHED_RECEIVES 16

typedef struct receive_watch {
    BOOL used;
    wchar_t path[MAX_PATH];
    unsigned opens;
    unsigned disposition;       /* the first one that was not OPEN_EXISTING, else that */
} receive_watch;

typedef struct api_watch {
    SRWLOCK lock;
    judge *judge;               /* NULL until installed */
    wchar_t windows_dir[MAX_PATH];
    size_t windows_len;
    unsigned watched_imports, registry_opens, breaches;
    receive_watch receives[WATCHED_RECEIVES];
} api_watch;

/* The hooks' one context: they are called as the Windows functions they stand for and
 * have no argument to carry one (api_watch.h). Written before any hook is in place; all
 * zero is SRWLOCK_INIT and "not installed". */
static api_watch watch;

/* --- what a call means ------------------------------------------------------------------ */

static void utf8_of(const wchar_t *text, char *out, size_t size)
{
    if (!text || WideCharToMultiByte(CP_UTF8, 0, text, -1, out, (int)size, NULL, NULL) <= 0)
        snprintf(out, size, "%s", text ? "?" : "(NULL)");
}

static void wide_of_ansi(const char *text, wchar_t *out, size_t count)
{
    if (!text || MultiByteToWideChar(CP_ACP, 0, text, -1, out, (int)count) <= 0)
        out[0] = L'\0';
}

/* The full path of `path`, lower-cased for comparison ("" when it has none). */
static void comparable_path(const wchar_t *path, wchar_t *out, size_t count)
{
    out[0] = L'\0';
    if (!path || !GetFullPathNameW(path, (DWORD)count, out, NULL))
        return;
    out[count - 1] = L'\0';
    CharLowerW(out);
}

static BOOL under_windows(const wchar_t *full)
{
    return watch.windows_len && wcsncmp(full, watch.windows_dir, watch.windows_len) == 0 &&
           (full[watch.windows_len] == L'\\' || full[watch.windows_len] == L'\0');
}

static void note_breach(void)
{
    AcquireSRWLockExclusive(&watch.lock);
    watch.breaches++;
    ReleaseSRWLockExclusive(&watch.lock);
}

/* LOAD-3: a folder or file the call created under the Windows directory. */
static void judge_created(const char *api, const wchar_t *path)
{
    wchar_t full[MAX_PATH];
    char text[MAX_PATH * 3];
    comparable_path(path, full, MAX_PATH);
    if (!watch.judge || !under_windows(full))
        return;
    note_breach();
    utf8_of(path, text, sizeof(text));
    rule_created_under_windows(&watch.judge->sink, api, text);
}

/* RECV-3: an open of a receive file being watched. */
static void note_receive_open(const wchar_t *path, DWORD disposition)
{
    wchar_t full[MAX_PATH];
    comparable_path(path, full, MAX_PATH);
    if (!full[0])
        return;
    AcquireSRWLockExclusive(&watch.lock);
    for (size_t i = 0; i < WATCHED_RECEIVES; i++) {
        receive_watch *r = &watch.receives[i];
        if (r->used && wcscmp(r->path, full) == 0) {
            if (r->opens++ == 0 || r->disposition == OPEN_EXISTING)
                r->disposition = disposition;
        }
    }
    ReleaseSRWLockExclusive(&watch.lock);
}

/* A file the call made (not one that was there). */
static BOOL created_a_file(HANDLE h, DWORD disposition, DWORD error)
{
    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    return disposition == CREATE_NEW ||
           ((disposition == CREATE_ALWAYS || disposition == OPEN_ALWAYS) &&
            error != ERROR_ALREADY_EXISTS);
}

static void key_name(HKEY root, const char *subkey, char *out, size_t size)
{
    static const struct { HKEY key; const char *name; } roots[] = {
        {HKEY_LOCAL_MACHINE, "HKLM"}, {HKEY_CURRENT_USER, "HKCU"},
        {HKEY_CLASSES_ROOT, "HKCR"}, {HKEY_USERS, "HKU"}, {HKEY_CURRENT_CONFIG, "HKCC"},
    };
    const char *name = NULL;
    for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
        if (roots[i].key == root)
            name = roots[i].name;
    if (name)
        snprintf(out, size, "%s\\%s", name, subkey ? subkey : "");
    else
        snprintf(out, size, "key %p\\%s", (void *)root, subkey ? subkey : "");
}

static void judge_registry(const char *api, HKEY root, const char *subkey, REGSAM sam)
{
    char key[512];
    if (!watch.judge)
        return;
    AcquireSRWLockExclusive(&watch.lock);
    watch.registry_opens++;
    ReleaseSRWLockExclusive(&watch.lock);
    key_name(root, subkey, key, sizeof(key));
    if (rule_registry_access(&watch.judge->sink, api, key, (uint32_t)sam))
        note_breach();
}

/* --- the hooks: the real call first, then the notes, then its last error back ----------- */

static HANDLE WINAPI hook_create_file_w(LPCWSTR name, DWORD access, DWORD share,
                                        LPSECURITY_ATTRIBUTES sa, DWORD disposition,
                                        DWORD flags, HANDLE template_file)
{
    note_receive_open(name, disposition);
    HANDLE h = CreateFileW(name, access, share, sa, disposition, flags, template_file);
    DWORD error = GetLastError();
    if (created_a_file(h, disposition, error))
        judge_created("CreateFileW", name);
    SetLastError(error);
    return h;
}

static HANDLE WINAPI hook_create_file_a(LPCSTR name, DWORD access, DWORD share,
                                        LPSECURITY_ATTRIBUTES sa, DWORD disposition,
                                        DWORD flags, HANDLE template_file)
{
    wchar_t wide[MAX_PATH];
    wide_of_ansi(name, wide, MAX_PATH);
    note_receive_open(wide, disposition);
    HANDLE h = CreateFileA(name, access, share, sa, disposition, flags, template_file);
    DWORD error = GetLastError();
    if (created_a_file(h, disposition, error))
        judge_created("CreateFileA", wide);
    SetLastError(error);
    return h;
}

static BOOL WINAPI hook_create_directory_w(LPCWSTR name, LPSECURITY_ATTRIBUTES sa)
{
    BOOL ok = CreateDirectoryW(name, sa);
    DWORD error = GetLastError();
    if (ok)
        judge_created("CreateDirectoryW", name);
    SetLastError(error);
    return ok;
}

static BOOL WINAPI hook_create_directory_a(LPCSTR name, LPSECURITY_ATTRIBUTES sa)
{
    BOOL ok = CreateDirectoryA(name, sa);
    DWORD error = GetLastError();
    if (ok) {
        wchar_t wide[MAX_PATH];
        wide_of_ansi(name, wide, MAX_PATH);
        judge_created("CreateDirectoryA", wide);
    }
    SetLastError(error);
    return ok;
}

static LSTATUS WINAPI hook_reg_open_w(HKEY root, LPCWSTR subkey, DWORD options, REGSAM sam,
                                      PHKEY result)
{
    char text[400];
    utf8_of(subkey, text, sizeof(text));
    judge_registry("RegOpenKeyExW", root, subkey ? text : NULL, sam);
    return RegOpenKeyExW(root, subkey, options, sam, result);
}

static LSTATUS WINAPI hook_reg_open_a(HKEY root, LPCSTR subkey, DWORD options, REGSAM sam,
                                      PHKEY result)
{
    judge_registry("RegOpenKeyExA", root, subkey, sam);
    return RegOpenKeyExA(root, subkey, options, sam, result);
}

static LSTATUS WINAPI hook_reg_create_w(HKEY root, LPCWSTR subkey, DWORD reserved, LPWSTR cls,
                                        DWORD options, REGSAM sam,
                                        const LPSECURITY_ATTRIBUTES sa, PHKEY result,
                                        LPDWORD disposition)
{
    char text[400];
    utf8_of(subkey, text, sizeof(text));
    judge_registry("RegCreateKeyExW", root, subkey ? text : NULL, sam);
    return RegCreateKeyExW(root, subkey, reserved, cls, options, sam, sa, result,
                              disposition);
}

static LSTATUS WINAPI hook_reg_create_a(HKEY root, LPCSTR subkey, DWORD reserved, LPSTR cls,
                                        DWORD options, REGSAM sam,
                                        const LPSECURITY_ATTRIBUTES sa, PHKEY result,
                                        LPDWORD disposition)
{
    judge_registry("RegCreateKeyExA", root, subkey, sam);
    return RegCreateKeyExA(root, subkey, reserved, cls, options, sam, sa, result,
                              disposition);
}

unsigned api_watch_install(HMODULE fsp, judge *j)
{
    static const import_hook hooks[] = {
        {"CreateFileW", (import_fn)hook_create_file_w},
        {"CreateFileA", (import_fn)hook_create_file_a},
        {"CreateDirectoryW", (import_fn)hook_create_directory_w},
        {"CreateDirectoryA", (import_fn)hook_create_directory_a},
        {"RegOpenKeyExW", (import_fn)hook_reg_open_w},
        {"RegOpenKeyExA", (import_fn)hook_reg_open_a},
        {"RegCreateKeyExW", (import_fn)hook_reg_create_w},
        {"RegCreateKeyExA", (import_fn)hook_reg_create_a},
    };
    if (watch.judge || !fsp)
        return 0;
    UINT n = GetWindowsDirectoryW(watch.windows_dir, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        watch.windows_dir[0] = L'\0';
    CharLowerW(watch.windows_dir);
    watch.windows_len = wcslen(watch.windows_dir);
    while (watch.windows_len && watch.windows_dir[watch.windows_len - 1] == L'\\')
        watch.windows_dir[--watch.windows_len] = L'\0';

    /* the judge first: a hook reports from the moment its entry is pointed */
    AcquireSRWLockExclusive(&watch.lock);
    watch.judge = j;
    ReleaseSRWLockExclusive(&watch.lock);
    unsigned pointed = import_table_hook(fsp, hooks, ARRAYSIZE(hooks));
    AcquireSRWLockExclusive(&watch.lock);
    watch.watched_imports = pointed;
    ReleaseSRWLockExclusive(&watch.lock);
    return pointed;
}

/* --- RECV-3 and LOAD-3 ------------------------------------------------------------------------ */

void api_watch_receive_begin(const wchar_t *path)
{
    wchar_t full[MAX_PATH];
    comparable_path(path, full, MAX_PATH);
    AcquireSRWLockExclusive(&watch.lock);
    for (size_t i = 0; i < WATCHED_RECEIVES; i++)
        if (!watch.receives[i].used) {
            receive_watch *r = &watch.receives[i];
            r->used = TRUE;
            wcscpy(r->path, full);
            r->opens = r->disposition = 0;
            break;
        }
    ReleaseSRWLockExclusive(&watch.lock);
}

void api_watch_receive_end(const wchar_t *path, const char *job)
{
    wchar_t full[MAX_PATH];
    comparable_path(path, full, MAX_PATH);
    unsigned opens = 0, disposition = 0;
    BOOL found = FALSE;
    AcquireSRWLockExclusive(&watch.lock);
    for (size_t i = 0; i < WATCHED_RECEIVES && !found; i++) {
        receive_watch *r = &watch.receives[i];
        if (r->used && wcscmp(r->path, full) == 0) {
            found = TRUE;
            opens = r->opens;
            disposition = r->disposition;
            r->used = FALSE;
        }
    }
    judge *j = watch.judge;
    BOOL watching = watch.watched_imports > 0;
    ReleaseSRWLockExclusive(&watch.lock);
    if (j && found && watching)
        rule_receive_file_opened(&j->sink, job, disposition, opens);
}

void api_watch_judge(void)
{
    AcquireSRWLockShared(&watch.lock);
    judge *j = watch.judge;
    unsigned imports = watch.watched_imports, opens = watch.registry_opens,
             breaches = watch.breaches;
    ReleaseSRWLockShared(&watch.lock);
    if (j)
        rule_api_use_summary(&j->sink, imports, opens, breaches);
}
