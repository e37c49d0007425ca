/*
 * prefix.h - the Wine prefix fspconform runs the host in: $WINEPREFIX, or the kit's own
 * (BUILD/wineprefix), created on first use by tools/wine-rig.sh. Never ~/.wine.
 */
#ifndef FSPCONFORM_PREFIX_H
#define FSPCONFORM_PREFIX_H

/* Sets WINEPREFIX when unset and makes sure the prefix exists. 1, or 0 after a line on
 * stderr saying what is missing. */
int prefix_ready(const char *build_dir);

/* Holds the prefix for the run (flock on WINEPREFIX/.fspkit-run.lock, released when the
 * process ends). A run that changes what the prefix holds for others - the FSP's
 * registry values (--setup), a ring command, scenario files (they may write the
 * registry) - needs it alone (`exclusive`); other runs share it, so independent runs of
 * the battery may go side by side. A run that must wait says so on stderr and waits;
 * Ctrl-C while waiting gives up: 0. 1 when held; -1 (after a line on stderr) when the
 * lock file cannot be opened. */
int prefix_lock(int exclusive);

#endif /* FSPCONFORM_PREFIX_H */
