/*
 * prefix.c - the Wine prefix fspconform runs the host in (see prefix.h).
 */
#define _GNU_SOURCE
#include "prefix.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int prefix_ready(const char *build_dir)
{
    char build[PATH_MAX];
    if (!realpath(build_dir, build)) {
        fprintf(stderr, "fspconform: %s: no such build folder (run make)\n", build_dir);
        return 0;
    }
    const char *prefix = getenv("WINEPREFIX");
    char own[PATH_MAX + 16];
    if (!prefix || !*prefix) {
        snprintf(own, sizeof(own), "%s/wineprefix", build);
        setenv("WINEPREFIX", own, 1);
        prefix = own;
    }
    if (access(prefix, R_OK) == 0)
        return 1;
    /* First use: the rig beside the build folder creates it (as `make wine-prefix`). */
    char rig[PATH_MAX + 32], command[3 * PATH_MAX];
    snprintf(rig, sizeof(rig), "%s/../tools/wine-rig.sh", build);
    if (access(rig, R_OK) != 0) {
        fprintf(stderr, "fspconform: %s: no Wine prefix there, and no %s to create it\n",
                prefix, rig);
        return 0;
    }
    fprintf(stderr, "fspconform: creating the Wine prefix %s (first use, about 10 s)\n",
            prefix);
    snprintf(command, sizeof(command), "sh '%s' prefix '%s' >&2", rig, build);
    if (system(command) != 0 || access(prefix, R_OK) != 0) {
        fprintf(stderr, "fspconform: %s: could not create the Wine prefix (see %s/"
                "wineprefix.log)\n", prefix, build);
        return 0;
    }
    return 1;
}
