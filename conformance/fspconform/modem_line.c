/*
 * modem_line.c - modem-sim behind the FSP's own COM port or TCP line (see modem_line.h).
 */
#define _GNU_SOURCE
#include "modem_line.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wine_run.h"

#define PORTS_KEY "HKLM\\Software\\Wine\\Ports"
#define MAX_COM 256
#define REG_TIMEOUT_S 60

int modem_line_parse(const char *text)
{
    if (strcmp(text, "tcp") == 0)
        return 0;
    if (strncasecmp(text, "COM", 3) != 0 || !text[3] || text[3] == '0')
        return -1;
    char *end;
    unsigned long n = strtoul(text + 3, &end, 10);
    return *end || n < 1 || n > MAX_COM ? -1 : (int)n;
}

/* `wine reg ARGS...` in the prefix: 0 when it exited 0. Three tries, half a second
 * apart: under load (mutation-score's parallel prefixes) a `reg` that meets its prefix's
 * wineserver while it shuts down fails once and works on the next try (tools/wine-com.sh
 * says where that was seen). */
static int wine_reg(const char *const args[], char *why, size_t why_size)
{
    int exit_code = -1;
    for (int attempt = 1; attempt <= 3; attempt++) {
        if (attempt > 1)
            usleep(500 * 1000);
        proc_result r;
        const proc_bounds bounds = {REG_TIMEOUT_S, 0};
        if (wine_run("x64", "reg", args, NULL, &bounds, &r, why, why_size) != 0)
            return -1;
        exit_code = r.exit_code;
        proc_result_free(&r);
        if (exit_code == 0)
            return 0;
    }
    snprintf(why, why_size, "wine reg %s failed 3 times (exit %d)", args[0], exit_code);
    return -1;
}

static int link_to(const char *link, const char *target, char *why, size_t why_size)
{
    char tmp[PATH_MAX + 8];
    snprintf(tmp, sizeof(tmp), "%s.new", link);
    unlink(tmp);
    if (symlink(target, tmp) != 0 || rename(tmp, link) != 0) {
        snprintf(why, why_size, "%s: cannot make the link: %s", link, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* What `link` points at, NUL-terminated: 1, or 0 when it is no link. */
static int link_target(const char *link, char *target, size_t size)
{
    ssize_t n = readlink(link, target, size - 1);
    if (n < 0)
        return 0;
    target[n] = '\0';
    return 1;
}

/* COMn is free to take: not mapped, or mapped to a pseudo-terminal (a modem-sim of an
 * earlier run, gone now or not: ours replaces it). */
static int port_is_free(const char *link, unsigned com, char *why, size_t why_size)
{
    char target[PATH_MAX];
    if (!link_target(link, target, sizeof(target)))
        return 1;
    if (strncmp(target, "/dev/pts/", 9) == 0)
        return 1;
    snprintf(why, why_size, "COM%u of this Wine prefix is %s, not a port the kit may take: "
             "choose a free COM number for --line (and name it in the FSP's settings)",
             com, target);
    return 0;
}

static int map_port(modem_line *line, char *why, size_t why_size)
{
    const char *prefix = getenv("WINEPREFIX");
    snprintf(line->link, sizeof(line->link), "%s/dosdevices/com%u", prefix ? prefix : "",
             line->com);
    if (!prefix || !port_is_free(line->link, line->com, why, why_size)) {
        if (!prefix)
            snprintf(why, why_size, "WINEPREFIX is not set");
        return -1;
    }
    if (!realpath(line->sim.pty, line->target)) {
        snprintf(why, why_size, "%s: modem-sim's pty cannot be resolved: %s", line->sim.pty,
                 strerror(errno));
        return -1;
    }
    char value[16];
    snprintf(value, sizeof(value), "COM%u", line->com);
    const char *add[] = {"add", PORTS_KEY, "/v", value, "/t", "REG_SZ", "/d", line->target,
                         "/f", NULL};
    /* the link for a session already up, the registry for every later one, the link
     * again in case this session's mount manager read the old value meanwhile */
    if (link_to(line->link, line->target, why, why_size) != 0)
        return -1;
    line->mapped = 1;
    if (wine_reg(add, why, why_size) != 0 ||
        link_to(line->link, line->target, why, why_size) != 0)
        return -1;
    return 0;
}

int modem_line_open(modem_line *line, const char *modem_sim, unsigned com,
                    const char *dial_plan, char *why, size_t why_size)
{
    memset(line, 0, sizeof(*line));
    line->com = com;
    const char *extra[5];
    size_t n = 0;
    if (!com) {
        extra[n++] = "--tcp";
        extra[n++] = "0";
    }
    if (dial_plan) {
        extra[n++] = "--dialplan";
        extra[n++] = dial_plan;
    }
    extra[n] = NULL;
    if (modem_sim_start_program(&line->sim, modem_sim, extra, why, why_size) != 0)
        return -1;
    if (com && map_port(line, why, why_size) != 0) {
        modem_line_close(line);
        return -1;
    }
    return 0;
}

/* Undoes map_port: the registry value, then the link if it is still ours. */
static int unmap_port(modem_line *line, char *why, size_t why_size)
{
    if (!line->mapped)
        return 0;
    char value[16];
    snprintf(value, sizeof(value), "COM%u", line->com);
    const char *del[] = {"delete", PORTS_KEY, "/v", value, "/f", NULL};
    int status = wine_reg(del, why, why_size);
    char target[PATH_MAX];
    if (link_target(line->link, target, sizeof(target)) && strcmp(target, line->target) == 0)
        unlink(line->link); /* ours still: nobody remapped it meanwhile */
    line->mapped = 0;
    return status;
}

int modem_line_unplug(modem_line *line, char *why, size_t why_size)
{
    if (!line->com) {
        snprintf(why, why_size, "a TCP line cannot be taken away");
        return -1;
    }
    return unmap_port(line, why, why_size);
}

int modem_line_plug(modem_line *line, char *why, size_t why_size)
{
    return line->com && !line->mapped ? map_port(line, why, why_size) : 0;
}

void modem_line_close(modem_line *line)
{
    char ignored[256];
    unmap_port(line, ignored, sizeof(ignored));
    modem_sim_stop(&line->sim);
}
