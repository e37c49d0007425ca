/*
 * transport_pty.c - pseudo-terminal line (see transport_pty.h).
 */
#define _GNU_SOURCE
#include "transport_pty.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static int replace_link(const char *target, const char *link, char *why, size_t why_size)
{
    struct stat st;
    if (lstat(link, &st) == 0) {
        if (!S_ISLNK(st.st_mode)) {
            snprintf(why, why_size, "%s exists and is not a symlink; not replacing it", link);
            return -1;
        }
        unlink(link);
    }
    if (symlink(target, link) != 0) {
        snprintf(why, why_size, "cannot link %s -> %s: %s", link, target, strerror(errno));
        return -1;
    }
    return 0;
}

int pty_line_open(pty_line *line, const char *link, char *why, size_t why_size)
{
    memset(line, 0, sizeof(*line));
    line->master = line->slave_keep = line->watch = -1;
    line->master = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (line->master < 0 || grantpt(line->master) != 0 || unlockpt(line->master) != 0 ||
        ptsname_r(line->master, line->slave_path, sizeof(line->slave_path)) != 0) {
        snprintf(why, why_size, "cannot create a pseudo-terminal: %s", strerror(errno));
        pty_line_close(line);
        return -1;
    }
    line->slave_keep = open(line->slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    struct termios tio;
    if (line->slave_keep < 0 || tcgetattr(line->slave_keep, &tio) != 0) {
        snprintf(why, why_size, "%s: %s", line->slave_path, strerror(errno));
        pty_line_close(line);
        return -1;
    }
    /* Raw before anyone sees it: no echo, no CR/LF mapping, 8 bits. */
    cfmakeraw(&tio);
    tcsetattr(line->slave_keep, TCSANOW, &tio);

    line->watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (line->watch < 0 ||
        inotify_add_watch(line->watch, line->slave_path, IN_OPEN | IN_CLOSE) < 0) {
        snprintf(why, why_size, "cannot watch %s: %s", line->slave_path, strerror(errno));
        pty_line_close(line);
        return -1;
    }
    if (replace_link(line->slave_path, link, why, why_size) != 0) {
        pty_line_close(line);
        return -1;
    }
    snprintf(line->link, sizeof(line->link), "%s", link);
    return 0;
}

void pty_line_close(pty_line *line)
{
    if (line->link[0]) {
        char target[64] = "";
        ssize_t n = readlink(line->link, target, sizeof(target) - 1);
        /* Remove the link only if it is still ours. */
        if (n > 0 && (target[n] = '\0', strcmp(target, line->slave_path) == 0))
            unlink(line->link);
        line->link[0] = '\0';
    }
    if (line->watch >= 0)
        close(line->watch);
    if (line->slave_keep >= 0)
        close(line->slave_keep);
    if (line->master >= 0)
        close(line->master);
    line->watch = line->slave_keep = line->master = -1;
}

int pty_line_watch_events(pty_line *line)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    int before = line->dte_opens, change = 0;
    ssize_t n;
    while ((n = read(line->watch, buf, sizeof(buf))) > 0) {
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            if (ev->mask & IN_OPEN)
                line->dte_opens++;
            if ((ev->mask & IN_CLOSE) && line->dte_opens > 0)
                line->dte_opens--;
            p += sizeof(*ev) + ev->len;
        }
    }
    if (before > 0 && line->dte_opens == 0)
        change = -1;
    else if (before == 0 && line->dte_opens > 0)
        change = 1;
    return change;
}
