/*
 * prefix.h - the Wine prefix fspconform runs the host in: $WINEPREFIX, or the kit's own
 * (kit_paths.h: BUILD/wineprefix, or the user's cache folder when installed), created on
 * first use by wine-rig.sh. Never ~/.wine.
 */
#ifndef FSPCONFORM_PREFIX_H
#define FSPCONFORM_PREFIX_H

#include "kit_paths.h"

/* Sets WINEPREFIX when unset, and the rest of the rig's environment where the caller
 * left it unset (a run outside tools/wine-rig.sh: headless, quiet, no Mono or Gecko
 * prompts), and makes sure the prefix exists. 1, or 0 after a line on stderr saying what
 * is missing. */
int prefix_ready(const kit_paths *paths);

/* Holds the prefix for the run (flock on WINEPREFIX/.fspkit-run.lock, released when the
 * process ends). A run that changes what the prefix holds for others - the FSP's
 * registry values (--setup), a ring command, scenario files (they may write the
 * registry) - needs it alone (`exclusive`); other runs share it, so independent runs of
 * the battery may go side by side. A run that must wait says so on stderr and waits;
 * Ctrl-C while waiting gives up: 0. 1 when held; -1 (after a line on stderr) when the
 * lock file cannot be opened. */
int prefix_lock(int exclusive);

#endif /* FSPCONFORM_PREFIX_H */
