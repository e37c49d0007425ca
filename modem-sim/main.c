/*
 * modem-sim - a simulated Class 2.0 fax modem and the fax machine behind it.
 *
 * This file is the program: options, the lines (pty and/or TCP), the control socket,
 * the event sinks and one poll loop that moves bytes between them and the DCE. The
 * protocol lives in class20_*.c, the far end in remote_fax.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "class20_dce.h"
#include "control.h"
#include "dial_plan.h"
#include "json_line.h"
#include "remote_fax.h"
#include "transport_pty.h"
#include "transport_tcp.h"
#include "fspkit_version.h"

#define VERSION FSPKIT_VERSION

typedef struct options {
    const char *pty_link;
    int tcp_port;              /* -1: no TCP line */
    int control_port;          /* -1: no control socket */
    const char *dialplan;
    const char *inbox;
    const char *docs;
    int realtime;
    unsigned rings;
    unsigned min_page_ms;
    const char *json_log;
    int quiet;
} options;

typedef enum line_id { LINE_NONE, LINE_PTY, LINE_TCP } line_id;

#define STORE_QUIET_MS 20   /* the DTE quiet this long: a call's inbox files are written */

typedef struct simulator {
    options opt;
    dial_plan plan;
    remote_fax remote;
    class20_dce dce;
    pty_line pty;
    int have_pty;
    tcp_line tcp;
    int have_tcp;
    control_server control;
    int have_control;
    line_id active;            /* the line the DTE last spoke on: our output goes there */
    uint64_t dte_spoke_ms;     /* when the DTE's last bytes came */
    FILE *json;
    uint64_t started_ms;
    sim_events events;         /* on_event(this): every module reports through it */
} simulator;

static void usage(FILE *out)
{
    fprintf(out,
        "Usage: modem-sim [OPTIONS]\n"
        "A simulated Class 2.0 fax modem and the remote fax machine behind it.\n"
        "\n"
        "Lines (at least one):\n"
        "  --pty LINK          create a pseudo-terminal and symlink LINK to its slave\n"
        "                      (efax -d LINK, or $WINEPREFIX/dosdevices/comN -> LINK)\n"
        "  --tcp PORT          raw modem line on 127.0.0.1:PORT, one call at a time\n"
        "                      (0 picks a free port)\n"
        "Control and behaviour:\n"
        "  --control PORT      control socket on 127.0.0.1:PORT (0 picks); docs/control.md\n"
        "  --dialplan FILE     what each number does (docs/modem-sim.md); default:\n"
        "                      every number answers as a fax machine\n"
        "  --inbox DIR         store each received fax as DIR/call-NNNN.tif + .json\n"
        "  --docs DIR          where relative `ring FILE` documents are found\n"
        "  --speed fast|realtime  fast (default): no pacing; realtime: T.30 delays and\n"
        "                      page data at the negotiated bit rate\n"
        "  --rings N           an incoming caller gives up after N rings (default 10)\n"
        "  --min-page-ms N     fast mode: a sent page takes at least N ms from CONNECT to\n"
        "                      the post-page answer (default 1000: efax 0.9a divides by\n"
        "                      the page time in whole seconds); 0 for none\n"
        "Output:\n"
        "  --log-json FILE     also write every event as a JSON line to FILE\n"
        "  --quiet             no event log on stderr\n"
        "  --help, --version\n"
        "\n"
        "When ready it prints one line on stdout:\n"
        "  READY pty=LINK tcp=PORT control=PORT pid=PID   (\"-\" for what is not open)\n"
        "SIGINT, SIGTERM or the control command `quit` stop it cleanly: the call in\n"
        "progress ends, the inbox files are complete, the pty link is removed.\n"
        "Exit status: 0 after a clean stop, 2 for usage or start-up errors.\n");
}

static int parse_port(const char *text, int *port)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (*text == '\0' || *end || v < 0 || v > 65535)
        return -1;
    *port = (int)v;
    return 0;
}

static int parse_options(int argc, char **argv, options *opt)
{
    memset(opt, 0, sizeof(*opt));
    opt->tcp_port = opt->control_port = -1;
    opt->rings = 10;
    opt->min_page_ms = 1000;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(arg, "--version") == 0) {
            printf("modem-sim %s\n", VERSION);
            exit(0);
        }
        if (strcmp(arg, "--quiet") == 0) {
            opt->quiet = 1;
            continue;
        }
        static const char *const with_value[] = {"--pty", "--tcp", "--control", "--dialplan",
                                                 "--inbox", "--docs", "--log-json", "--speed",
                                                 "--min-page-ms", "--rings"};
        size_t known = 0;
        while (known < sizeof(with_value) / sizeof(with_value[0]) && strcmp(arg, with_value[known]))
            known++;
        if (known == sizeof(with_value) / sizeof(with_value[0])) {
            fprintf(stderr, "modem-sim: %s %s (see --help)\n",
                    strncmp(arg, "--", 2) ? "unexpected argument" : "unknown option", arg);
            return -1;
        }
        if (i + 1 == argc) {
            fprintf(stderr, "modem-sim: %s needs a value (see --help)\n", arg);
            return -1;
        }
        const char *value = argv[++i];
        char *end;
        if (strcmp(arg, "--pty") == 0) {
            opt->pty_link = value;
        } else if (strcmp(arg, "--tcp") == 0 || strcmp(arg, "--control") == 0) {
            if (parse_port(value, arg[2] == 't' ? &opt->tcp_port : &opt->control_port) != 0) {
                fprintf(stderr, "modem-sim: %s: '%s' is not a port (0-65535)\n", arg, value);
                return -1;
            }
        } else if (strcmp(arg, "--dialplan") == 0) {
            opt->dialplan = value;
        } else if (strcmp(arg, "--inbox") == 0) {
            opt->inbox = value;
        } else if (strcmp(arg, "--docs") == 0) {
            opt->docs = value;
        } else if (strcmp(arg, "--log-json") == 0) {
            opt->json_log = value;
        } else if (strcmp(arg, "--speed") == 0) {
            if (strcmp(value, "fast") && strcmp(value, "realtime")) {
                fprintf(stderr, "modem-sim: --speed: '%s' is not fast or realtime\n", value);
                return -1;
            }
            opt->realtime = value[0] == 'r';
        } else if (strcmp(arg, "--min-page-ms") == 0) {
            unsigned long n = strtoul(value, &end, 10);
            if (*value == '\0' || *end || n > 600000) {
                fprintf(stderr, "modem-sim: --min-page-ms: '%s' is not 0..600000\n", value);
                return -1;
            }
            opt->min_page_ms = (unsigned)n;
        } else if (strcmp(arg, "--rings") == 0) {
            unsigned long n = strtoul(value, &end, 10);
            if (*value == '\0' || *end || n == 0 || n > 1000) {
                fprintf(stderr, "modem-sim: --rings: '%s' is not 1..1000\n", value);
                return -1;
            }
            opt->rings = (unsigned)n;
        }
    }
    if (!opt->pty_link && opt->tcp_port < 0) {
        fprintf(stderr, "modem-sim: no line: give --pty LINK and/or --tcp PORT\n");
        return -1;
    }
    return 0;
}

/* --- events -------------------------------------------------------------------------------- */

static void on_event(void *context, const char *name, const char *detail)
{
    simulator *sim = context;
    uint64_t t = sim_now_ms() - sim->started_ms;
    if (!sim->opt.quiet)
        fprintf(stderr, "modem-sim: %6llu.%03llu %s%s%s\n", (unsigned long long)(t / 1000),
                (unsigned long long)(t % 1000), name, detail[0] ? " " : "", detail);
    if (sim->json) {
        json_line line = {0};
        json_line_begin(&line);
        json_line_u64(&line, "v", 1);
        json_line_str(&line, "ev", "modem");
        json_line_str(&line, "name", name);
        json_line_str(&line, "detail", detail);
        json_line_u64(&line, "t_ms", t);
        size_t len;
        const char *text = json_line_finish(&line, &len);
        if (text) {
            fwrite(text, 1, len, sim->json);
            fflush(sim->json);
        }
        json_line_free(&line);
    }
    if (sim->have_control)
        control_publish(&sim->control, name, detail);
}

/* --- lines ------------------------------------------------------------------------------------ */

static int line_fd(const simulator *sim, line_id id)
{
    if (id == LINE_PTY && sim->have_pty && sim->pty.dte_opens > 0)
        return sim->pty.master;
    if (id == LINE_TCP && sim->have_tcp)
        return sim->tcp.conn;
    return -1;
}

/* Where the DCE's output goes: the line the DTE last spoke on; before any DTE has
 * spoken, the pty if a DTE has it open, else a connected TCP DTE. (A DTE that only
 * listens - an FSP waiting for RING - must hear the RING.) */
static line_id output_line(const simulator *sim)
{
    if (sim->active != LINE_NONE)
        return sim->active;
    return line_fd(sim, LINE_PTY) >= 0 || line_fd(sim, LINE_TCP) < 0 ? LINE_PTY : LINE_TCP;
}

/* Sends what the DCE said to the DTE; with no DTE on the line it goes nowhere (a real
 * modem's RING with nobody listening). */
static void flush_output(simulator *sim)
{
    byte_queue *out = &sim->dce.out;
    int fd = line_fd(sim, output_line(sim));
    if (fd < 0) {
        byte_queue_clear(out);
        return;
    }
    while (dce_output_ready(&sim->dce) > 0) {
        ssize_t n = write(fd, byte_queue_peek(out), dce_output_ready(&sim->dce));
        if (n <= 0)
            return; /* EAGAIN: poll tells us when there is room */
        dce_output_sent(&sim->dce, (size_t)n);
    }
}

static void dte_left(simulator *sim, line_id id)
{
    if (sim->active == id || sim->active == LINE_NONE) {
        dce_line_lost(&sim->dce);
        sim->active = LINE_NONE;
    }
    if (id == LINE_PTY) {
        /* Whatever the departed DTE wrote and we have not read is its business, not the
         * next DTE's: drop it, and what we wrote that it never read. */
        unsigned char stale[4096];
        while (read(sim->pty.master, stale, sizeof(stale)) > 0)
            continue;
        tcflush(sim->pty.slave_keep, TCIOFLUSH);
    }
}

static void read_line(simulator *sim, line_id id, int fd, uint64_t now_ms)
{
    unsigned char buf[4096];
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n > 0) {
        if (sim->active != id && sim->active != LINE_NONE)
            sim_event(&sim->events, "line", "DTE now on %s",
                      id == LINE_PTY ? "pty" : "tcp");
        sim->active = id;
        sim->dte_spoke_ms = now_ms;
        dce_input(&sim->dce, buf, (size_t)n, now_ms);
        return;
    }
    if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        if (id == LINE_TCP) {
            sim_event(&sim->events, "line", "tcp DTE disconnected");
            tcp_line_drop(&sim->tcp);
            dte_left(sim, LINE_TCP);
        }
    }
}

/* --- the loop ------------------------------------------------------------------------------- */

enum { MAX_POLL = 8 + CONTROL_MAX_CLIENTS };

typedef struct poll_set {
    struct pollfd fds[MAX_POLL];
    int what[MAX_POLL];     /* which source each entry is */
    size_t count;
} poll_set;

enum { SRC_SIGNAL, SRC_PTY, SRC_PTY_WATCH, SRC_TCP_LISTEN, SRC_TCP, SRC_CONTROL_LISTEN,
       SRC_CONTROL_CLIENT };

static void add_poll(poll_set *set, int fd, short events, int what)
{
    set->fds[set->count] = (struct pollfd){.fd = fd, .events = events};
    set->what[set->count++] = what;
}

static int run(simulator *sim, int signal_fd)
{
    for (;;) {
        uint64_t now = sim_now_ms();
        poll_set set = {.count = 0};
        int want_out = dce_output_ready(&sim->dce) > 0;
        line_id out_line = output_line(sim);
        add_poll(&set, signal_fd, POLLIN, SRC_SIGNAL);
        if (sim->have_pty) {
            add_poll(&set, sim->pty.master,
                     POLLIN | (want_out && out_line == LINE_PTY ? POLLOUT : 0), SRC_PTY);
            add_poll(&set, sim->pty.watch, POLLIN, SRC_PTY_WATCH);
        }
        if (sim->have_tcp) {
            if (sim->tcp.conn >= 0)
                add_poll(&set, sim->tcp.conn,
                         POLLIN | (want_out && out_line == LINE_TCP ? POLLOUT : 0), SRC_TCP);
            else
                add_poll(&set, sim->tcp.listener, POLLIN, SRC_TCP_LISTEN);
        }
        if (sim->have_control) {
            add_poll(&set, sim->control.listener, POLLIN, SRC_CONTROL_LISTEN);
            for (int i = 0; i < CONTROL_MAX_CLIENTS; i++) {
                control_client *c = &sim->control.clients[i];
                if (c->fd >= 0)
                    add_poll(&set, c->fd,
                             POLLIN | (byte_queue_length(&c->out) ? POLLOUT : 0),
                             SRC_CONTROL_CLIENT + i);
            }
        }
        int64_t timeout = dce_next_timeout_ms(&sim->dce, now);
        if (sim->remote.store_due) {
            uint64_t quiet_at = sim->dte_spoke_ms + STORE_QUIET_MS;
            int64_t until = quiet_at > now ? (int64_t)(quiet_at - now) : 0;
            if (timeout < 0 || until < timeout)
                timeout = until;
        }
        int64_t control_timeout = sim->have_control
            ? control_next_timeout_ms(&sim->control, now) : -1;
        if (control_timeout >= 0 && (timeout < 0 || control_timeout < timeout))
            timeout = control_timeout;

        if (poll(set.fds, set.count, (int)(timeout > 60000 ? 60000 : timeout)) < 0 &&
            errno != EINTR) {
            perror("modem-sim: poll");
            return 1;
        }
        now = sim_now_ms();
        for (size_t i = 0; i < set.count; i++) {
            short rev = set.fds[i].revents;
            if (!rev)
                continue;
            switch (set.what[i]) {
            case SRC_SIGNAL: {
                struct signalfd_siginfo info;
                if (read(signal_fd, &info, sizeof(info)) == sizeof(info)) {
                    sim_event(&sim->events, "stop", "signal %u",
                              info.ssi_signo);
                    return 0;
                }
                break;
            }
            case SRC_PTY:
                if (rev & POLLIN)
                    read_line(sim, LINE_PTY, sim->pty.master, now);
                break;
            case SRC_PTY_WATCH:
                switch (pty_line_watch_events(&sim->pty)) {
                case -1:
                    sim_event(&sim->events, "line", "pty closed by the DTE");
                    dte_left(sim, LINE_PTY);
                    break;
                case 1:
                    sim_event(&sim->events, "line", "pty opened by a DTE");
                    break;
                }
                break;
            case SRC_TCP_LISTEN:
                if (tcp_line_accept(&sim->tcp) == 0)
                    sim_event(&sim->events, "line", "tcp DTE connected");
                break;
            case SRC_TCP:
                if (rev & (POLLIN | POLLHUP | POLLERR))
                    read_line(sim, LINE_TCP, sim->tcp.conn, now);
                break;
            case SRC_CONTROL_LISTEN:
                control_accept(&sim->control);
                break;
            default: {
                control_client *c = &sim->control.clients[set.what[i] - SRC_CONTROL_CLIENT];
                if (rev & (POLLIN | POLLHUP | POLLERR))
                    control_read(&sim->control, c, now);
                if (c->fd >= 0 && (rev & POLLOUT))
                    control_write(c);
            }
            }
        }
        dce_run(&sim->dce, now);
        flush_output(sim);
        /* The inbox files of a call that ended wait until the DTE has been quiet a while:
         * writing a TIFF takes milliseconds, and a DTE ending the call (OK, then ATH0)
         * must not wait for them. Asked for earlier (wait-idle, the next call), they are
         * written then. */
        if (sim->remote.store_due && now - sim->dte_spoke_ms >= STORE_QUIET_MS)
            remote_fax_flush_store(&sim->remote);
        if (sim->have_control) {
            control_tick(&sim->control, now);
            if (sim->control.quit) {
                sim_event(&sim->events, "stop", "quit from the control socket");
                return 0;
            }
        }
    }
}

/* --- start and stop ---------------------------------------------------------------------------- */

static int start(simulator *sim, char *why, size_t why_size)
{
    dial_plan_init(&sim->plan);
    if (sim->opt.dialplan && dial_plan_load(sim->opt.dialplan, &sim->plan, why, why_size) != 0)
        return -1;
    struct stat st;
    if (sim->opt.inbox && (stat(sim->opt.inbox, &st) != 0 || !S_ISDIR(st.st_mode))) {
        snprintf(why, why_size, "--inbox %s: not a folder", sim->opt.inbox);
        return -1;
    }
    if (sim->opt.json_log && !(sim->json = fopen(sim->opt.json_log, "w"))) {
        snprintf(why, why_size, "--log-json %s: %s", sim->opt.json_log, strerror(errno));
        return -1;
    }
    sim->events = (sim_events){on_event, sim};
    remote_config rc = {&sim->plan, sim->opt.inbox, sim->opt.docs, &sim->events};
    remote_fax_init(&sim->remote, &rc);
    dce_config dc = {&sim->remote, &sim->events, sim->opt.realtime, sim->opt.rings,
                     sim->opt.min_page_ms};
    dce_init(&sim->dce, &dc);
    if (sim->opt.pty_link) {
        if (pty_line_open(&sim->pty, sim->opt.pty_link, why, why_size) != 0)
            return -1;
        sim->have_pty = 1;
    }
    if (sim->opt.tcp_port >= 0) {
        if (tcp_line_open(&sim->tcp, sim->opt.tcp_port, why, why_size) != 0)
            return -1;
        sim->have_tcp = 1;
    }
    if (sim->opt.control_port >= 0) {
        if (control_open(&sim->control, sim->opt.control_port, &sim->dce, why, why_size) != 0)
            return -1;
        sim->have_control = 1;
    }
    return 0;
}

static void stop(simulator *sim)
{
    dce_stop(&sim->dce);
    if (sim->have_control)
        control_close(&sim->control);
    if (sim->have_tcp)
        tcp_line_close(&sim->tcp);
    if (sim->have_pty)
        pty_line_close(&sim->pty);
    dce_release(&sim->dce);
    remote_fax_release(&sim->remote);
    if (sim->json)
        fclose(sim->json);
}

int main(int argc, char **argv)
{
    simulator sim;
    memset(&sim, 0, sizeof(sim));
    if (parse_options(argc, argv, &sim.opt) != 0)
        return 2;
    sim.started_ms = sim_now_ms();

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN); /* a vanished peer is an EPIPE, handled where it happens */
    int signal_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);

    char why[1024];
    if (signal_fd < 0 || start(&sim, why, sizeof(why)) != 0) {
        fprintf(stderr, "modem-sim: %s\n", signal_fd < 0 ? strerror(errno) : why);
        stop(&sim);
        if (signal_fd >= 0)
            close(signal_fd);
        return 2;
    }
    char tcp[16] = "-", control[16] = "-";
    if (sim.have_tcp)
        snprintf(tcp, sizeof(tcp), "%u", sim.tcp.port);
    if (sim.have_control) {
        snprintf(control, sizeof(control), "%u", sim.control.port);
        snprintf(sim.control.lines, sizeof(sim.control.lines), "tcp=%s pty=%.150s", tcp,
                 sim.have_pty ? sim.opt.pty_link : "-");
    }
    printf("READY pty=%s tcp=%s control=%s pid=%ld\n", sim.have_pty ? sim.opt.pty_link : "-",
           tcp, control, (long)getpid());
    fflush(stdout);

    int status = run(&sim, signal_fd);
    stop(&sim);
    close(signal_fd);
    return status;
}
