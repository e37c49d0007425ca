/*
 * wine_run.h - run a Windows program under the project's Wine and capture what it did.
 *
 * The loader comes from FSPKIT_WINE64 / FSPKIT_WINE32 (set by tools/wine-rig.sh), the
 * prefix from WINEPREFIX; WINEDEBUG defaults to -all so Wine's own chatter never mixes
 * with the program's output. The running itself is proc_run.h's.
 */
#ifndef FSPKIT_WINE_RUN_H
#define FSPKIT_WINE_RUN_H

#include <stddef.h>

#include "proc_run.h"

/* The Wine loader for "x64" or "x86" programs, or NULL when that architecture cannot
 * run here (no wine32). */
const char *wine_loader(const char *arch);

/* Runs `exe args...` (args NULL-terminated) with the loader for `arch`, `input` (may be
 * NULL) on its stdin, within `bounds`. Returns 0 when the program ran (whatever its exit
 * code), -1 with a reason in `why` when it could not be started. */
int wine_run(const char *arch, const char *exe, const char *const args[], const char *input,
             const proc_bounds *bounds, proc_result *result, char *why, size_t why_size);

#endif /* FSPKIT_WINE_RUN_H */
