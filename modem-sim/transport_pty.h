/*
 * transport_pty.h - the modem's serial line as a pseudo-terminal.
 *
 * The slave side is what a DTE opens (efax -d LINK, or Wine's COMn via
 * $WINEPREFIX/dosdevices/comN -> LINK). We keep a slave fd open ourselves: without
 * one, reading the master fails with EIO until a DTE opens the slave. Because of that
 * fd the master never sees a hangup, so we learn that a DTE opened or closed the line
 * from inotify open/close events on the slave device instead (the closest thing a pty
 * has to DTR).
 */
#ifndef MODEMSIM_TRANSPORT_PTY_H
#define MODEMSIM_TRANSPORT_PTY_H

#include <stddef.h>

typedef struct pty_line {
    int master;             /* we read the DTE's bytes here and write ours */
    int slave_keep;         /* our own slave fd, never read */
    int watch;              /* inotify fd on the slave device */
    int dte_opens;          /* open file descriptions of the slave held by DTEs */
    char slave_path[64];    /* /dev/pts/N */
    char link[1024];        /* the symlink we made, removed on close */
} pty_line;

/* Creates the pty, puts the slave in raw mode and links LINK to it (an existing
 * symlink at LINK is replaced; any other file there is an error). */
int pty_line_open(pty_line *line, const char *link, char *why, size_t why_size);
void pty_line_close(pty_line *line);

/* Reads inotify events. Returns -1 when the last DTE just closed the line, +1 when a
 * DTE opened it while none had it open, 0 otherwise. */
int pty_line_watch_events(pty_line *line);

#endif /* MODEMSIM_TRANSPORT_PTY_H */
