/*
 * kit_paths.c - the build tree or the installed kit (see kit_paths.h).
 */
#define _GNU_SOURCE
#include "kit_paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void build_layout(const char *build, kit_paths *p)
{
    p->installed = 0;
    snprintf(p->hosts, sizeof(p->hosts), "%s", build);
    snprintf(p->modem_sim, sizeof(p->modem_sim), "%s/native/modem-sim", build);
    snprintf(p->battery, sizeof(p->battery), "%s/share/fspkit/battery", build);
    snprintf(p->rig, sizeof(p->rig), "%s/../tools/wine-rig.sh", build);
    snprintf(p->rig_dir, sizeof(p->rig_dir), "%s", build);
    snprintf(p->prefix, sizeof(p->prefix), "%s/wineprefix", build);
}

/* The user's cache folder (XDG Base Directory): $XDG_CACHE_HOME if absolute, else
 * ~/.cache. */
static int cache_dir(char *buf, size_t size, char *why, size_t why_size)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(buf, size, "%s/fspkit", xdg);
    else if (home && home[0] == '/')
        snprintf(buf, size, "%s/.cache/fspkit", home);
    else {
        snprintf(why, why_size, "neither XDG_CACHE_HOME nor HOME is set: no cache folder for "
                 "the Wine prefix (set WINEPREFIX)");
        return -1;
    }
    return 0;
}

static int installed_layout(const char *root, const char *bin, kit_paths *p, char *why,
                            size_t why_size)
{
    p->installed = 1;
    snprintf(p->hosts, sizeof(p->hosts), "%s/lib/fspkit", root);
    snprintf(p->modem_sim, sizeof(p->modem_sim), "%s/modem-sim", bin);
    snprintf(p->battery, sizeof(p->battery), "%s/share/fspkit/battery", root);
    snprintf(p->rig, sizeof(p->rig), "%s/lib/fspkit/wine-rig.sh", root);
    char cache[PATH_MAX];
    if (cache_dir(cache, sizeof(cache), why, why_size) != 0)
        return -1;
    snprintf(p->rig_dir, sizeof(p->rig_dir), "%s", cache);
    snprintf(p->prefix, sizeof(p->prefix), "%s/wineprefix", cache);
    return 0;
}

/* The folder this program is in; 0, or -1 when /proc/self/exe does not say. */
static int program_dir(char *bin, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", bin, size - 1);
    if (n <= 0)
        return -1;
    bin[n] = '\0';
    *strrchr(bin, '/') = '\0';
    return 0;
}

/* In the build tree the modem-sim beside this program, when there is one: the optimised
 * fspconform of build/plain (make bench) then runs the optimised modem-sim. */
static void modem_sim_beside(kit_paths *p)
{
    char bin[PATH_MAX], beside[PATH_MAX + 16];
    if (program_dir(bin, sizeof(bin)) != 0)
        return;
    snprintf(beside, sizeof(beside), "%s/modem-sim", bin);
    if (access(beside, X_OK) == 0)
        snprintf(p->modem_sim, sizeof(p->modem_sim), "%s", beside);
}

int kit_paths_find(const char *build_dir, kit_paths *paths, char *why, size_t why_size)
{
    memset(paths, 0, sizeof(*paths));
    if (build_dir) {
        char build[PATH_MAX];
        if (!realpath(build_dir, build)) {
            snprintf(why, why_size, "%s: no such build folder (run make)", build_dir);
            return -1;
        }
        build_layout(build, paths);
        modem_sim_beside(paths);
        return 0;
    }
    char bin[PATH_MAX], root[PATH_MAX], probe[PATH_MAX + 64];
    if (program_dir(bin, sizeof(bin)) != 0) {
        snprintf(why, why_size, "cannot tell where this program is (/proc/self/exe): "
                 "give --build");
        return -1;
    }                                         /* bin: PREFIX/bin, or BUILD/native */
    snprintf(root, sizeof(root), "%s", bin);
    char *slash = strrchr(root, '/');
    if (slash && slash != root)
        *slash = '\0';                        /* PREFIX, or BUILD */
    snprintf(probe, sizeof(probe), "%s/lib/fspkit/x64/fake-faxsvc.exe", root);
    if (access(probe, R_OK) == 0)
        return installed_layout(root, bin, paths, why, why_size);
    build_layout(root, paths);
    modem_sim_beside(paths);
    return 0;
}
