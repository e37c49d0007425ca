/*
 * wine_run.c - run a Windows program under Wine with a hang guard (see wine_run.h).
 */
#define _GNU_SOURCE
#include "wine_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *wine_loader(const char *arch)
{
    const char *loader;
    if (strcmp(arch, "x86") == 0) {
        loader = getenv("FSPKIT_WINE32");
        if (!loader)
            loader = "/usr/lib/wine/wine";
    } else {
        loader = getenv("FSPKIT_WINE64");
        if (!loader || !*loader)
            loader = "/usr/lib/wine/wine64";
    }
    return *loader && access(loader, X_OK) == 0 ? loader : NULL;
}

int wine_run(const char *arch, const char *exe, const char *const args[],
             unsigned timeout_s, proc_result *result, char *why, size_t why_size)
{
    const char *loader = wine_loader(arch);
    if (!loader) {
        memset(result, 0, sizeof(*result));
        result->exit_code = -1;
        snprintf(why, why_size, "no Wine loader for %s programs here%s", arch,
                 strcmp(arch, "x86") == 0 ? " (wine32:i386 is not installed)" : "");
        return -1;
    }
    size_t nargs = 0;
    while (args && args[nargs])
        nargs++;
    const char **argv = calloc(nargs + 3, sizeof(*argv));
    if (!argv) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    argv[0] = loader;
    argv[1] = exe;
    for (size_t i = 0; i < nargs; i++)
        argv[i + 2] = args[i];
    /* Wine's own chatter must never mix with the program's output. */
    if (!getenv("WINEDEBUG"))
        setenv("WINEDEBUG", "-all", 1);
    int status = proc_run(argv, timeout_s, result, why, why_size);
    free(argv);
    return status;
}
