/*
 * import_table.h - pointing a loaded module's imports at hooks: the one way the host sees
 * some of the FSP's own calls into Windows (comm_watch.h: serial calls Wine cannot serve
 * on a pty; api_watch.h: registry keys and files, LOAD-3 and RECV-3).
 *
 * Import address table entries are matched by the imported function's name, read from
 * the descriptor's names table (OriginalFirstThunk). A descriptor without one - an image
 * bound by an old linker - has only addresses in its entries once loaded, and is left
 * alone rather than read as names; so are imports by ordinal. Calls made before the hooks
 * go in (DllMain), through GetProcAddress, or from another module are not seen.
 */
#ifndef FAKE_FAXSVC_IMPORT_TABLE_H
#define FAKE_FAXSVC_IMPORT_TABLE_H

#include <stddef.h>
#include <windows.h>

/* The generic function pointer a cast between function types may go through (C11
 * 6.3.2.3p8); each hook is called with its real function's own type. */
typedef void (*import_fn)(void);

/* A hook calls the real function through the host's own imports, which are never
 * pointed anywhere: so a hook works from the moment its entry is pointed, whatever
 * thread of the FSP calls it first. */
typedef struct import_hook {
    const char *name;   /* the imported function, as the names table spells it */
    import_fn hook;
} import_hook;

/* Points every entry of `module`'s import table that imports one of hooks[0..count) by
 * name at that hook. Returns how many entries it pointed. */
unsigned import_table_hook(HMODULE module, const import_hook *hooks, size_t count);

#endif /* FAKE_FAXSVC_IMPORT_TABLE_H */
