/*
 * wine_run.h - run a Windows program under the project's Wine and capture what it did.
 *
 * The loader comes from FSPKIT_WINE64 / FSPKIT_WINE32 (set by tools/wine-rig.sh), the
 * prefix from WINEPREFIX; WINEDEBUG defaults to -all so Wine's own chatter never mixes
 * with the program's output. Output goes to temporary files, not pipes: Wine's helper
 * processes (services.exe, winedevice.exe) may inherit the handles and keep a pipe
 * open long after the program exited. A hang guard kills the whole process group.
 */
#ifndef FSPKIT_WINE_RUN_H
#define FSPKIT_WINE_RUN_H

#include <stddef.h>

typedef struct wine_result {
    int exit_code;    /* the program's exit status; -1 when it did not exit normally */
    int timed_out;    /* the hang guard fired and the program was killed */
    char *out;        /* its stdout, NUL-terminated (never NULL after wine_run) */
    char *err;        /* its stderr */
} wine_result;

/* The Wine loader for "x64" or "x86" programs, or NULL when that architecture cannot
 * run here (no wine32). */
const char *wine_loader(const char *arch);

/* Runs `exe args...` (args NULL-terminated) with the loader for `arch`, waiting at most
 * timeout_s seconds. Returns 0 when the program ran (whatever its exit code), -1 with a
 * reason in `why` when it could not be started. */
int wine_run(const char *arch, const char *exe, const char *const args[],
             unsigned timeout_s, wine_result *result, char *why, size_t why_size);

void wine_result_free(wine_result *result);

#endif /* FSPKIT_WINE_RUN_H */
