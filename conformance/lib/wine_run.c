/*
 * wine_run.c - run a Windows program under Wine with a hang guard (see wine_run.h).
 */
#define _GNU_SOURCE
#include "wine_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

/* The loader starts at all: `LOADER --version` exits 0. Installed is not enough - a
 * kernel without 32-bit support refuses the i386 loader (ENOEXEC). */
static int loader_runs(const char *loader)
{
    pid_t pid = fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execl(loader, loader, "--version", (char *)NULL);
        _exit(127);
    }
    int status = 0;
    pid_t waited;
    while ((waited = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    return waited == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

const char *wine_loader(const char *arch)
{
    const char *loader;
    if (strcmp(arch, "x86") == 0) {
        loader = getenv("FSPKIT_WINE32");
        if (!loader) /* not under tools/wine-rig.sh, which probes it once: probe here */
            return loader_runs("/usr/lib/wine/wine") ? "/usr/lib/wine/wine" : NULL;
    } else {
        loader = getenv("FSPKIT_WINE64");
        if (!loader || !*loader)
            loader = "/usr/lib/wine/wine64";
    }
    return *loader && access(loader, X_OK) == 0 ? loader : NULL;
}

int wine_run(const char *arch, const char *exe, const char *const args[], const char *input,
             const proc_bounds *bounds, proc_result *result, char *why, size_t why_size)
{
    const char *loader = wine_loader(arch);
    if (!loader) {
        memset(result, 0, sizeof(*result));
        result->exit_code = -1;
        snprintf(why, why_size, "no Wine loader for %s programs here%s", arch,
                 strcmp(arch, "x86") == 0 ? " (wine32:i386 is not installed, or this kernel "
                 "cannot run 32-bit programs)" : "");
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
    int status = proc_run_input(argv, input, bounds, result, why, why_size);
    free(argv);
    return status;
}
