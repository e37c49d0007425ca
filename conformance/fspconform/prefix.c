/*
 * prefix.c - the Wine prefix fspconform runs the host in (see prefix.h).
 */
#define _GNU_SOURCE
#include "prefix.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "proc_run.h"

int prefix_ready(const kit_paths *paths)
{
    /* what tools/wine-rig.sh sets, for a run started without it (an installed kit) */
    setenv("WINEARCH", "win64", 0);
    setenv("WINEDEBUG", "-all", 0);
    setenv("WINEDLLOVERRIDES", "mscoree,mshtml=;winemenubuilder.exe=d", 0);
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    const char *prefix = getenv("WINEPREFIX");
    if (!prefix || !*prefix) {
        setenv("WINEPREFIX", paths->prefix, 1);
        prefix = paths->prefix;
    }
    if (access(prefix, R_OK) == 0)
        return 1;
    /* First use: the rig creates it (as `make wine-prefix` does). */
    if (access(paths->rig, R_OK) != 0) {
        fprintf(stderr, "fspconform: %s: no Wine prefix there, and no %s to create it\n",
                prefix, paths->rig);
        return 0;
    }
    fprintf(stderr, "fspconform: creating the Wine prefix %s (first use, about 20 s)\n",
            prefix);
    char command[2 * KIT_PATH_SIZE + 32];
    snprintf(command, sizeof(command), "sh '%s' prefix '%s' >&2", paths->rig, paths->rig_dir);
    if (system(command) != 0 || access(prefix, R_OK) != 0) {
        fprintf(stderr, "fspconform: %s: could not create the Wine prefix (see %s.log)\n",
                prefix, prefix);
        return 0;
    }
    return 1;
}

int prefix_lock(int exclusive)
{
    const char *prefix = getenv("WINEPREFIX");
    char path[PATH_MAX + 32];
    snprintf(path, sizeof(path), "%s/.fspkit-run.lock", prefix ? prefix : ".");
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644); /* kept open: held till exit */
    if (fd < 0) {
        fprintf(stderr, "fspconform: %s: cannot open the prefix's lock file: %s\n", path,
                strerror(errno));
        return -1;
    }
    int how = exclusive ? LOCK_EX : LOCK_SH;
    if (flock(fd, how | LOCK_NB) == 0)
        return 1;
    fprintf(stderr, "fspconform: another fspconform run is using the Wine prefix %s%s; "
            "waiting for it to end (Ctrl-C gives up)\n", prefix ? prefix : ".",
            exclusive ? " and this run changes it for others (--setup, --ring or scenario "
                        "files)" : "");
    while (flock(fd, how) != 0) {
        if (errno != EINTR || proc_run_interrupted()) {
            fprintf(stderr, "fspconform: INCOMPLETE - interrupted while waiting for the Wine "
                    "prefix: nothing ran\n");
            close(fd);
            return 0;
        }
    }
    fprintf(stderr, "fspconform: the Wine prefix is free: the run starts\n");
    return 1;
}
