/*
 * kit_temp.h - the kit's temporary files and folders, in one place: under
 * $FSPKIT_TMPDIR, else $TMPDIR, else /tmp, named fspkit-WHAT-XXXXXX, so that a run can be
 * pointed at a folder of its own and checked to leave nothing there (the Check harness
 * does that for every suite; issue 13: "nothing left behind").
 *
 * A variable of the kit's own, because TMPDIR cannot be moved under Wine: Debian's Wine
 * keeps the wineserver's socket folder in $TMPDIR (wine-XXXXXX/server-DEV-INODE), so a
 * Wine program started with another TMPDIR does not find the prefix's running wineserver
 * and starts a second one on the same prefix (measured with Wine 8.0, issue 13).
 */
#ifndef FSPKIT_KIT_TEMP_H
#define FSPKIT_KIT_TEMP_H

#include <stddef.h>

/* Creates a folder fspkit-WHAT-XXXXXX and writes its path to `path`. Returns 0, or -1
 * with errno set (ENAMETOOLONG when `size` is too small). */
int kit_temp_dir(const char *what, char *path, size_t size);
/* Creates an empty file fspkit-WHAT-XXXXXX`suffix` (suffix may be ""); returns its open
 * descriptor, or -1 with errno set. */
int kit_temp_file(const char *what, const char *suffix, char *path, size_t size);
/* Removes a file, or a folder with everything in it. Returns 0, or -1 when something
 * could not be removed. */
int kit_temp_remove(const char *path);

#endif /* FSPKIT_KIT_TEMP_H */
