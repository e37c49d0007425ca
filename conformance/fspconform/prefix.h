/*
 * prefix.h - the Wine prefix fspconform runs the host in: $WINEPREFIX, or the kit's own
 * (BUILD/wineprefix), created on first use by tools/wine-rig.sh. Never ~/.wine.
 */
#ifndef FSPCONFORM_PREFIX_H
#define FSPCONFORM_PREFIX_H

/* Sets WINEPREFIX when unset and makes sure the prefix exists. 1, or 0 after a line on
 * stderr saying what is missing. */
int prefix_ready(const char *build_dir);

#endif /* FSPCONFORM_PREFIX_H */
