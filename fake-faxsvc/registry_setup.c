/*
 * registry_setup.c - `--setup FILE.reg` applied and undone (see registry_setup.h).
 */
#include "registry_setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsc_scenario.h" /* fsc_expand */

/* Where a key the file deletes is copied first, to be copied back at the end. */
#define BACKUP_KEY L"Software\\FSPKit\\setup-backup"

typedef enum undo_kind {
    UNDO_DELETE_KEY,     /* the file created this key (and what it holds) */
    UNDO_RESTORE_VALUE,  /* put the old value back (or delete it if there was none) */
    UNDO_RESTORE_KEY     /* copy the key back from its backup */
} undo_kind;

struct registry_undo_step {
    undo_kind kind;
    HKEY root;
    wchar_t *subkey;
    wchar_t *name;
    BOOL existed;
    DWORD type;
    BYTE *data;
    DWORD size;
    unsigned backup;     /* UNDO_RESTORE_KEY: BACKUP_KEY\N */
};

static HKEY root_key(reg_root root)
{
    switch (root) {
    case REG_ROOT_LOCAL_MACHINE: return HKEY_LOCAL_MACHINE;
    case REG_ROOT_CURRENT_USER: return HKEY_CURRENT_USER;
    case REG_ROOT_CLASSES_ROOT: return HKEY_CLASSES_ROOT;
    case REG_ROOT_USERS: return HKEY_USERS;
    case REG_ROOT_CURRENT_CONFIG: return HKEY_CURRENT_CONFIG;
    }
    return HKEY_CURRENT_USER;
}

static wchar_t *wide_of(const char *utf8)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, utf8, -1, NULL, 0);
    wchar_t *w = n > 0 ? malloc((size_t)n * sizeof(wchar_t)) : NULL;
    if (w)
        MultiByteToWideChar(CP_UTF8, 0, utf8, -1, w, n);
    return w;
}

static BOOL key_exists(HKEY root, const wchar_t *subkey)
{
    HKEY key;
    if (RegOpenKeyExW(root, subkey, 0, KEY_READ, &key) != ERROR_SUCCESS)
        return FALSE;
    RegCloseKey(key);
    return TRUE;
}

static registry_undo_step *new_step(registry_setup *setup)
{
    registry_undo_step *grown = realloc(setup->steps, (setup->count + 1) * sizeof(*grown));
    if (!grown)
        return NULL;
    setup->steps = grown;
    registry_undo_step *step = &grown[setup->count++];
    memset(step, 0, sizeof(*step));
    return step;
}

/* Creating subkey: the first missing key on its path is the one undo deletes. */
static BOOL note_created_keys(registry_setup *setup, HKEY root, const wchar_t *subkey)
{
    wchar_t path[1024];
    size_t n = wcslen(subkey);
    if (n >= 1024)
        return FALSE;
    for (size_t i = 0; i <= n; i++) {
        if (subkey[i] != L'\\' && subkey[i] != L'\0')
            continue;
        wcsncpy(path, subkey, i);
        path[i] = L'\0';
        if (i && !key_exists(root, path)) {
            registry_undo_step *step = new_step(setup);
            if (!step || !(step->subkey = _wcsdup(path)))
                return FALSE;
            step->kind = UNDO_DELETE_KEY;
            step->root = root;
            return TRUE;
        }
    }
    return TRUE;
}

static BOOL note_old_value(registry_setup *setup, HKEY root, const wchar_t *subkey,
                           const wchar_t *name)
{
    registry_undo_step *step = new_step(setup);
    if (!step || !(step->subkey = _wcsdup(subkey)) || !(step->name = _wcsdup(name)))
        return FALSE;
    step->kind = UNDO_RESTORE_VALUE;
    step->root = root;
    HKEY key;
    if (RegOpenKeyExW(root, subkey, 0, KEY_READ, &key) != ERROR_SUCCESS)
        return TRUE; /* no key: undo deletes the key itself, or the value is new */
    DWORD size = 0;
    if (RegQueryValueExW(key, name, NULL, &step->type, NULL, &size) == ERROR_SUCCESS &&
        (step->data = malloc(size ? size : 1)) != NULL &&
        RegQueryValueExW(key, name, NULL, &step->type, step->data, &size) == ERROR_SUCCESS) {
        step->existed = TRUE;
        step->size = size;
    }
    RegCloseKey(key);
    return TRUE;
}

static BOOL fail(char *why, size_t size, const char *path, unsigned line, const char *what,
                 LONG rc)
{
    snprintf(why, size, "%s:%u: %s (error %ld)", path, line, what, rc);
    return FALSE;
}

static BOOL apply_change(registry_setup *setup, const reg_change *c, const char *path,
                         char *why, size_t why_size)
{
    HKEY root = root_key(c->root), key;
    wchar_t *subkey = wide_of(c->subkey), *name = c->name ? wide_of(c->name) : NULL;
    BOOL ok = FALSE;
    LONG rc = ERROR_OUTOFMEMORY;
    if (!subkey || (c->name && !name))
        goto out;
    switch (c->kind) {
    case REG_CHANGE_KEY:
        if (!note_created_keys(setup, root, subkey))
            goto out;
        rc = RegCreateKeyExW(root, subkey, 0, NULL, 0, KEY_WRITE, NULL, &key, NULL);
        if (rc == ERROR_SUCCESS)
            RegCloseKey(key);
        ok = rc == ERROR_SUCCESS;
        if (!ok)
            fail(why, why_size, path, c->line, "cannot create the key", rc);
        break;
    case REG_CHANGE_VALUE:
    case REG_CHANGE_DELETE_VALUE:
        if (!note_old_value(setup, root, subkey, name))
            goto out;
        rc = RegOpenKeyExW(root, subkey, 0, KEY_SET_VALUE, &key);
        if (rc == ERROR_SUCCESS) {
            rc = c->kind == REG_CHANGE_VALUE
                ? RegSetValueExW(key, name, 0, c->type, c->data, (DWORD)c->size)
                : RegDeleteValueW(key, name);
            RegCloseKey(key);
        }
        ok = rc == ERROR_SUCCESS || (c->kind == REG_CHANGE_DELETE_VALUE &&
                                     rc == ERROR_FILE_NOT_FOUND);
        if (!ok)
            fail(why, why_size, path, c->line, c->kind == REG_CHANGE_VALUE
                 ? "cannot write the value" : "cannot delete the value", rc);
        break;
    case REG_CHANGE_DELETE_KEY:
        if (!key_exists(root, subkey)) {
            ok = TRUE; /* regedit too: deleting what is not there is no error */
            break;
        }
        {
            registry_undo_step *step = new_step(setup);
            wchar_t backup[128];
            HKEY from, to;
            if (!step || !(step->subkey = _wcsdup(subkey)))
                goto out;
            step->kind = UNDO_RESTORE_KEY;
            step->root = root;
            step->backup = (unsigned)setup->count;
            _snwprintf(backup, 128, L"%ls\\%u", BACKUP_KEY, step->backup);
            backup[127] = L'\0';
            rc = RegOpenKeyExW(root, subkey, 0, KEY_READ, &from);
            if (rc == ERROR_SUCCESS) {
                rc = RegCreateKeyExW(HKEY_CURRENT_USER, backup, 0, NULL, 0, KEY_ALL_ACCESS,
                                     NULL, &to, NULL);
                if (rc == ERROR_SUCCESS) {
                    rc = RegCopyTreeW(from, NULL, to);
                    RegCloseKey(to);
                }
                RegCloseKey(from);
            }
            if (rc == ERROR_SUCCESS)
                rc = RegDeleteTreeW(root, subkey);
            if (rc == ERROR_SUCCESS)
                rc = RegDeleteKeyW(root, subkey);
            ok = rc == ERROR_SUCCESS;
            if (!ok)
                fail(why, why_size, path, c->line, "cannot delete the key", rc);
        }
        break;
    }
out:
    if (!ok && rc == ERROR_OUTOFMEMORY)
        fail(why, why_size, path, c->line, "out of memory", rc);
    free(subkey);
    free(name);
    return ok;
}

/* A string value that names ${NAME} gets the host's variable, as a scenario's strings do
 * (then $$ is a $): a TCP line's port, say, is known only once modem-sim runs. */
static BOOL expand_value(reg_change *c, const char *path, fsc_lookup_fn lookup, void *context,
                         char *why, size_t why_size)
{
    if (c->kind != REG_CHANGE_VALUE || (c->type != REG_SZ && c->type != REG_EXPAND_SZ) ||
        c->size < sizeof(wchar_t))
        return TRUE;
    size_t chars = c->size / sizeof(wchar_t);
    wchar_t *wide = calloc(chars + 1, sizeof(wchar_t));
    int n = wide ? WideCharToMultiByte(CP_UTF8, 0, (memcpy(wide, c->data, chars * sizeof(wchar_t)),
                                                    wide), -1, NULL, 0, NULL, NULL) : 0;
    char *text = n > 0 ? malloc((size_t)n) : NULL, *expanded = NULL, problem[256];
    BOOL ok = text != NULL;
    if (ok)
        WideCharToMultiByte(CP_UTF8, 0, wide, -1, text, n, NULL, NULL);
    if (ok && strstr(text, "${")) {
        expanded = fsc_expand(text, lookup, context, problem, sizeof(problem));
        wchar_t *value = expanded ? wide_of(expanded) : NULL;
        if (!expanded)
            snprintf(why, why_size, "%s:%u: %s (the kit sets TMP, DOCS, MODEM_COM with --line "
                     "COMn, MODEM_TCP and MODEM_PORT with --line tcp; --var sets others)",
                     path, c->line, problem);
        else if (value) {
            free(c->data);
            c->data = (unsigned char *)value;
            c->size = (wcslen(value) + 1) * sizeof(wchar_t);
        }
        ok = value != NULL;
        if (expanded && !value)
            snprintf(why, why_size, "%s:%u: out of memory", path, c->line);
    } else if (!ok) {
        snprintf(why, why_size, "%s:%u: out of memory", path, c->line);
    }
    free(expanded);
    free(text);
    free(wide);
    return ok;
}

BOOL registry_setup_apply(registry_setup *setup, const wchar_t *path, fsc_lookup_fn lookup,
                          void *context, char *why, size_t why_size)
{
    memset(setup, 0, sizeof(*setup));
    char name[MAX_PATH * 3];
    if (WideCharToMultiByte(CP_UTF8, 0, path, -1, name, sizeof(name), NULL, NULL) <= 0)
        name[0] = '\0';
    FILE *f = _wfopen(path, L"rb");
    if (!f) {
        snprintf(why, why_size, "%s: cannot open the registry file", name);
        return FALSE;
    }
    unsigned char *bytes = NULL;
    size_t size = 0, capacity = 0, n;
    unsigned char buf[8192];
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        if (size + n > capacity) {
            capacity = (size + n) * 2;
            unsigned char *grown = realloc(bytes, capacity);
            if (!grown)
                break;
            bytes = grown;
        }
        memcpy(bytes + size, buf, n);
        size += n;
    }
    fclose(f);
    reg_file file;
    int parsed = reg_file_parse(name, bytes ? bytes : (const unsigned char *)"", size, &file,
                                why, why_size);
    free(bytes);
    if (parsed != 0)
        return FALSE;
    BOOL ok = TRUE;
    for (size_t i = 0; i < file.count && ok; i++) /* nothing written before all expand */
        ok = expand_value(&file.changes[i], name, lookup, context, why, why_size);
    for (size_t i = 0; i < file.count && ok; i++)
        ok = apply_change(setup, &file.changes[i], name, why, why_size);
    reg_file_free(&file);
    if (!ok)
        registry_setup_undo(setup);
    return ok;
}

void registry_setup_undo(registry_setup *setup)
{
    for (size_t i = setup->count; i-- > 0;) {
        registry_undo_step *step = &setup->steps[i];
        HKEY key;
        if (step->kind == UNDO_DELETE_KEY) {
            RegDeleteTreeW(step->root, step->subkey);
            RegDeleteKeyW(step->root, step->subkey);
        } else if (step->kind == UNDO_RESTORE_VALUE) {
            if (RegOpenKeyExW(step->root, step->subkey, 0, KEY_SET_VALUE, &key) == ERROR_SUCCESS) {
                if (step->existed)
                    RegSetValueExW(key, step->name, 0, step->type, step->data, step->size);
                else
                    RegDeleteValueW(key, step->name);
                RegCloseKey(key);
            }
        } else {
            wchar_t backup[128];
            HKEY from;
            _snwprintf(backup, 128, L"%ls\\%u", BACKUP_KEY, step->backup);
            backup[127] = L'\0';
            if (RegOpenKeyExW(HKEY_CURRENT_USER, backup, 0, KEY_READ, &from) == ERROR_SUCCESS) {
                if (RegCreateKeyExW(step->root, step->subkey, 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                                    &key, NULL) == ERROR_SUCCESS) {
                    RegCopyTreeW(from, NULL, key);
                    RegCloseKey(key);
                }
                RegCloseKey(from);
            }
            RegDeleteTreeW(HKEY_CURRENT_USER, backup);
            RegDeleteKeyW(HKEY_CURRENT_USER, backup);
        }
        free(step->subkey);
        free(step->name);
        free(step->data);
    }
    free(setup->steps);
    setup->steps = NULL;
    setup->count = 0;
}
