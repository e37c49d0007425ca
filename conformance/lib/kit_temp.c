/*
 * kit_temp.c - the kit's temporary files and folders (see kit_temp.h).
 */
#define _GNU_SOURCE
#include "kit_temp.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int template_for(const char *what, const char *suffix, char *path, size_t size)
{
    const char *dir = getenv("FSPKIT_TMPDIR");
    if (!dir || !*dir)
        dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    int n = snprintf(path, size, "%s/fspkit-%s-XXXXXX%s", dir, what, suffix);
    if (n < 0 || (size_t)n >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

int kit_temp_dir(const char *what, char *path, size_t size)
{
    if (template_for(what, "", path, size) != 0)
        return -1;
    return mkdtemp(path) ? 0 : -1;
}

int kit_temp_file(const char *what, const char *suffix, char *path, size_t size)
{
    if (template_for(what, suffix, path, size) != 0)
        return -1;
    return mkstemps(path, (int)strlen(suffix));
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

int kit_temp_remove(const char *path)
{
    if (!path || !*path)
        return 0;
    /* Something may still be writing or deleting in there (a wineserver ending writes
     * the prefix's registry): a file that vanished or appeared during the walk is no
     * failure, but the walk is taken again - gone means gone, not "ENOENT somewhere". */
    for (int walk = 0; walk < 5; walk++) {
        if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0)
            return 0;
        if (errno != ENOENT && errno != ENOTEMPTY && errno != EEXIST)
            return -1;
        struct stat st;
        if (lstat(path, &st) != 0 && errno == ENOENT)
            return 0;
        struct timespec tenth = {0, 100 * 1000 * 1000};
        nanosleep(&tenth, NULL);
    }
    return -1;
}
