/*
 * registry_setup.h - `--setup FILE.reg`: the FSP's own registry values, written the way
 * its installer would, before the DLL is loaded, and put back as they were afterwards.
 *
 * The host writes them itself, so they land in the registry view of the FSP's
 * architecture: an x86 host's HKLM\Software is what an x86 FSP reads (WOW6432Node on a
 * 64-bit Windows). Undo restores every value the file changed or deleted, removes every
 * key it created and brings back every key it deleted (copied aside first).
 */
#ifndef FAKE_FAXSVC_REGISTRY_SETUP_H
#define FAKE_FAXSVC_REGISTRY_SETUP_H

#include <windows.h>

#include "fsc_scenario.h" /* fsc_lookup_fn */
#include "reg_file.h"

typedef struct registry_undo_step registry_undo_step;

typedef struct registry_setup {
    registry_undo_step *steps;   /* in the order they were taken; undone backwards */
    size_t count;
} registry_setup;

/* Reads `path` (FILE:LINE: message in `why` for a mistake, nothing written) and applies
 * it; ${NAME} in a string value is the variable `lookup` gives (an unknown one is such a
 * mistake). FALSE with the reason when a change cannot be made (what was made is
 * undone). */
BOOL registry_setup_apply(registry_setup *setup, const wchar_t *path, fsc_lookup_fn lookup,
                          void *context, char *why, size_t why_size);
void registry_setup_undo(registry_setup *setup);

#endif /* FAKE_FAXSVC_REGISTRY_SETUP_H */
