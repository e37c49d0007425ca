/*
 * modem_line.h - the simulated modem behind the vendor FSP's own line (--line): modem-sim
 * started for the run, and either COMn of the Wine prefix mapped to its pty (the port the
 * FSP's settings name, from --setup) or its TCP line; undone when the run ends.
 *
 * Why the registry as well as the link: Wine's mount manager rewrites dosdevices/comN
 * when a wineserver session starts, from HKLM\Software\Wine\Ports first, then from the
 * serial ports it detects - a bare link made between sessions can be taken back
 * (measured with Wine 8.0; tools/wine-com.sh tells the whole story). So the port is
 * recorded in Ports\COMn, and the link is made before and after that write.
 */
#ifndef FSPCONFORM_MODEM_LINE_H
#define FSPCONFORM_MODEM_LINE_H

#include <limits.h>
#include <stddef.h>

#include "modem_sim_proc.h"

typedef struct modem_line {
    modem_sim_proc sim;
    unsigned com;                 /* n of COMn, 0 for the TCP line */
    char link[PATH_MAX];          /* WINEPREFIX/dosdevices/comn */
    char target[PATH_MAX];        /* the pty's device, /dev/pts/M */
    int mapped;                   /* link and registry value written: undo them */
} modem_line;

/* "COM1".."COM256" -> 1..256, "tcp" -> 0; -1 for anything else. */
int modem_line_parse(const char *text);

/* Starts modem-sim and, for COMn, maps the port in $WINEPREFIX (which must exist). A
 * COMn the prefix already maps to something that is not a pseudo-terminal (a real
 * serial port of this machine) is refused, not taken. `dial_plan` (or NULL) is the far
 * ends modem-sim plays (the battery's modem.dialplan). Returns 0, or -1 with the reason
 * in `why` (nothing left running or mapped). */
int modem_line_open(modem_line *line, const char *modem_sim, unsigned com,
                    const char *dial_plan, char *why, size_t why_size);

/* RETRY-4's missing line: takes COMn away from the prefix (link and registry value),
 * modem-sim left running; modem_line_plug maps it again. Each returns 0, or -1 with the
 * reason in `why`. */
int modem_line_unplug(modem_line *line, char *why, size_t why_size);
int modem_line_plug(modem_line *line, char *why, size_t why_size);

/* Unmaps COMn (link and registry value) and stops modem-sim. */
void modem_line_close(modem_line *line);

#endif /* FSPCONFORM_MODEM_LINE_H */
