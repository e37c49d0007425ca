/*
 * kit_paths.h - where fspconform finds the rest of the kit, in the two layouts it runs
 * from:
 *
 *   what              build tree (BUILD = --build,        installed (PREFIX/bin/fspconform)
 *                     $FSPKIT_BUILD, or the folder above
 *                     BUILD/native/fspconform)
 *   the hosts         BUILD/x64, BUILD/x86                PREFIX/lib/fspkit/x64, x86
 *   modem-sim         the one beside this program, else   PREFIX/bin/modem-sim
 *                     BUILD/native/modem-sim
 *   the battery       BUILD/share/fspkit/battery          PREFIX/share/fspkit/battery
 *   wine-rig.sh       BUILD/../tools/wine-rig.sh          PREFIX/lib/fspkit/wine-rig.sh
 *   the Wine prefix   BUILD/wineprefix                    $XDG_CACHE_HOME/fspkit/wineprefix
 *                                                         (else ~/.cache/fspkit/...)
 *
 * $WINEPREFIX, when set, overrides the Wine prefix in both. The installed layout is the
 * one whose PREFIX/lib/fspkit/x64/fake-faxsvc.exe exists beside the program; nothing is
 * ever written under PREFIX, so any user can run it.
 */
#ifndef FSPCONFORM_KIT_PATHS_H
#define FSPCONFORM_KIT_PATHS_H

#include <limits.h>
#include <stddef.h>

/* Room for a folder (up to PATH_MAX) and what the kit puts after it. */
#define KIT_PATH_SIZE (2 * PATH_MAX)

typedef struct kit_paths {
    int installed;
    char hosts[KIT_PATH_SIZE];      /* holds x64/fake-faxsvc.exe and x86/fake-faxsvc.exe */
    char modem_sim[KIT_PATH_SIZE];
    char battery[KIT_PATH_SIZE];
    char rig[KIT_PATH_SIZE];        /* tools/wine-rig.sh, which creates the Wine prefix */
    char rig_dir[KIT_PATH_SIZE];    /* its BUILD_DIR: where the prefix's log goes */
    char prefix[KIT_PATH_SIZE];     /* the kit's own Wine prefix */
} kit_paths;

/* Fills *paths for `build_dir` (NULL: the layout this program runs from). 0, or -1 with
 * the reason in `why`. */
int kit_paths_find(const char *build_dir, kit_paths *paths, char *why, size_t why_size);

#endif /* FSPCONFORM_KIT_PATHS_H */
