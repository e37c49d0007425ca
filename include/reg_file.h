/*
 * reg_file.h - the registry files regedit exports and vendors' installers write
 * (`REGEDIT4`, `Windows Registry Editor Version 5.00`; UTF-16LE with its byte order mark,
 * UTF-8 or ASCII), read into a list of changes. Portable C: fspconform checks a file
 * before a run (FILE:LINE: message, nothing applied), and fake-faxsvc.exe applies the
 * same list in the FSP's own registry view (fake-faxsvc/registry_setup.c).
 *
 * Understood: [KEY] and [-KEY] under HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER,
 * HKEY_CLASSES_ROOT, HKEY_USERS and HKEY_CURRENT_CONFIG; "name"= or @= with "text",
 * dword:XXXXXXXX, hex:.., hex(N):.. (continued over lines with a trailing backslash)
 * and - (delete the value); ; comments and blank lines.
 */
#ifndef FSPKIT_REG_FILE_H
#define FSPKIT_REG_FILE_H

#include <stddef.h>
#include <stdint.h>

typedef enum reg_root {
    REG_ROOT_LOCAL_MACHINE, REG_ROOT_CURRENT_USER, REG_ROOT_CLASSES_ROOT, REG_ROOT_USERS,
    REG_ROOT_CURRENT_CONFIG
} reg_root;

typedef enum reg_change_kind {
    REG_CHANGE_KEY,          /* [KEY]: create it */
    REG_CHANGE_DELETE_KEY,   /* [-KEY]: delete it and everything below */
    REG_CHANGE_VALUE,        /* "name"=data */
    REG_CHANGE_DELETE_VALUE  /* "name"=- */
} reg_change_kind;

typedef struct reg_change {
    reg_change_kind kind;
    unsigned line;           /* where it was written, for messages */
    reg_root root;
    char *subkey;            /* UTF-8, below the root, no leading backslash (may be "") */
    char *name;              /* UTF-8 value name; "" is the key's default value (@) */
    uint32_t type;           /* REG_SZ 1, REG_EXPAND_SZ 2, REG_BINARY 3, REG_DWORD 4, ... */
    unsigned char *data;     /* as RegSetValueExW takes it: strings in UTF-16LE with
                                their terminator, a dword little-endian */
    size_t size;
} reg_change;

typedef struct reg_file {
    reg_change *changes;
    size_t count;
    int unicode;             /* 1: "Windows Registry Editor Version 5.00", 0: REGEDIT4 */
} reg_file;

/* Reads `path`. 0, or -1 with "PATH:LINE: problem" in `why` (nothing in *out). */
int reg_file_load(const char *path, reg_file *out, char *why, size_t why_size);
/* The same from bytes in memory (`path` names them in messages). */
int reg_file_parse(const char *path, const unsigned char *bytes, size_t size, reg_file *out,
                   char *why, size_t why_size);
void reg_file_free(reg_file *file);

/* "HKEY_LOCAL_MACHINE" ... */
const char *reg_root_name(reg_root root);

#endif /* FSPKIT_REG_FILE_H */
