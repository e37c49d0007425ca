/*
 * import_table.c - a module's import address table entries pointed at hooks (see
 * import_table.h).
 */
#include "import_table.h"

#include <string.h>

static BOOL point_entry(IMAGE_THUNK_DATA *entry, import_fn hook)
{
    DWORD old;
    if (!VirtualProtect(&entry->u1.Function, sizeof(entry->u1.Function), PAGE_READWRITE,
                        &old))
        return FALSE;
    entry->u1.Function = (ULONG_PTR)hook;
    VirtualProtect(&entry->u1.Function, sizeof(entry->u1.Function), old, &old);
    return TRUE;
}

unsigned import_table_hook(HMODULE module, const import_hook *hooks, size_t count)
{
    if (!module)
        return 0;
    BYTE *base = (BYTE *)module;
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)base;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)(base + dos->e_lfanew);
    const IMAGE_DATA_DIRECTORY *dir =
        &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    unsigned pointed = 0;
    if (!dir->VirtualAddress || !dir->Size)
        return 0;
    for (const IMAGE_IMPORT_DESCRIPTOR *d =
             (const IMAGE_IMPORT_DESCRIPTOR *)(base + dir->VirtualAddress);
         d->Name; d++) {
        if (!d->OriginalFirstThunk || !d->FirstThunk)
            continue; /* no names table: the entries hold addresses (import_table.h) */
        const IMAGE_THUNK_DATA *names = (const IMAGE_THUNK_DATA *)(base + d->OriginalFirstThunk);
        IMAGE_THUNK_DATA *entries = (IMAGE_THUNK_DATA *)(base + d->FirstThunk);
        for (size_t i = 0; names[i].u1.AddressOfData; i++) {
            if (IMAGE_SNAP_BY_ORDINAL(names[i].u1.Ordinal))
                continue;
            const IMAGE_IMPORT_BY_NAME *by =
                (const IMAGE_IMPORT_BY_NAME *)(base + names[i].u1.AddressOfData);
            for (size_t h = 0; h < count; h++)
                if (strcmp((const char *)by->Name, hooks[h].name) == 0 &&
                    point_entry(&entries[i], hooks[h].hook))
                    pointed++;
        }
    }
    return pointed;
}
