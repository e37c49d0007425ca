/*
 * host_run.c - run the fake service on a DLL (see host_run.h).
 */
#define _GNU_SOURCE
#include "host_run.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit_temp.h"
#include "pe_image.h"

#define MAX_HOST_ARGS 64

const char *host_build_dir(void)
{
    const char *dir = getenv("FSPKIT_BUILD");
    return dir && *dir ? dir : "build";
}

const char *host_arch_for(const char *dll_path)
{
    unsigned char head[4096];
    FILE *f = fopen(dll_path, "rb");
    if (!f)
        return "x64";
    size_t n = fread(head, 1, sizeof(head), f);
    fclose(f);
    pe_info info;
    if (pe_probe(head, n, &info) == PE_OK && info.machine == PE_MACHINE_I386)
        return "x86";
    return "x64";
}

int host_run_dll(const char *build_dir, const char *arch, const char *dll_path,
                 const char *const extra_args[], const char *const scenarios[],
                 const proc_bounds *bounds, host_run *run, char *why, size_t why_size)
{
    memset(run, 0, sizeof(*run));
    char exe[PATH_MAX], log[PATH_MAX + 32], dll[PATH_MAX];
    snprintf(exe, sizeof(exe), "%s/%s/fake-faxsvc.exe", build_dir, arch);
    if (access(exe, R_OK) != 0) {
        snprintf(why, why_size, "%s: not built (run make)", exe);
        return -1;
    }
    /* Wine maps "/" to drive Z:, so absolute Unix paths work as Windows paths. */
    if (!realpath(dll_path, dll))
        snprintf(dll, sizeof(dll), "%s", dll_path); /* the host reports the missing file */

    if (kit_temp_dir("host", run->workdir, sizeof(run->workdir)) != 0) {
        snprintf(why, why_size, "cannot create a temporary folder");
        run->workdir[0] = '\0';
        return -1;
    }
    snprintf(log, sizeof(log), "%s/events.jsonl", run->workdir);

    const char *args[2 * MAX_HOST_ARGS + 4];
    size_t n = 0;
    for (; extra_args && extra_args[n] && n < MAX_HOST_ARGS; n++)
        args[n] = extra_args[n];
    if (extra_args && extra_args[n]) {
        snprintf(why, why_size, "more than %d options for the host", MAX_HOST_ARGS);
        return -1;
    }
    /* the log's path on stdin, not on the command line: the DLL runs in that process
     * (fake-faxsvc/event_channel.h) */
    args[n++] = "--events-stdin";
    args[n++] = dll;
    for (size_t i = 0; scenarios && scenarios[i] && i < MAX_HOST_ARGS; i++)
        args[n++] = scenarios[i];
    args[n] = NULL;

    char input[PATH_MAX + 40];
    snprintf(input, sizeof(input), "%s\n", log);
    if (wine_run(arch, exe, args, input, bounds, &run->proc, why, why_size) != 0)
        return -1;
    if (access(log, R_OK) == 0 &&
        event_list_load(log, &run->events, why, why_size) != 0)
        return -1;
    return 0;
}

void host_run_free(host_run *run)
{
    proc_result_free(&run->proc);
    event_list_free(&run->events);
    if (run->workdir[0]) {
        kit_temp_remove(run->workdir);
        run->workdir[0] = '\0';
    }
}
