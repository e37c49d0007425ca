/*
 * modem_sim_proc.c - a modem-sim process for tests (see modem_sim_proc.h).
 */
#define _GNU_SOURCE
#include "modem_sim_proc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host_run.h"
#include "kit_temp.h"

#define START_TIMEOUT_MS 10000
#define STOP_TIMEOUT_MS 10000

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* One line from fd (without its newline) within the deadline, buffering the rest. */
static int read_line(int fd, char *pending, size_t *pending_len, size_t cap, char *line,
                     size_t size, uint64_t deadline)
{
    for (;;) {
        char *nl = memchr(pending, '\n', *pending_len);
        if (nl) {
            size_t len = (size_t)(nl - pending);
            snprintf(line, size, "%.*s", (int)len, pending);
            memmove(pending, nl + 1, *pending_len - len - 1);
            *pending_len -= len + 1;
            return 0;
        }
        uint64_t now = now_ms();
        if (now >= deadline || *pending_len == cap) {
            snprintf(line, size, "no reply line within the time limit");
            return -1;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)(deadline - now)) <= 0)
            continue;
        ssize_t n = read(fd, pending + *pending_len, cap - *pending_len);
        if (n <= 0) {
            snprintf(line, size, "connection closed");
            return -1;
        }
        *pending_len += (size_t)n;
    }
}

static int connect_loopback(unsigned port)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s >= 0 && connect(s, (struct sockaddr *)&addr, sizeof(addr)) == 0)
        return s;
    if (s >= 0)
        close(s);
    return -1;
}

int modem_sim_start(modem_sim_proc *m, const char *const extra[], char *why, size_t why_size)
{
    char binary[1024];
    snprintf(binary, sizeof(binary), "%s/native/modem-sim", host_build_dir());
    return modem_sim_start_program(m, binary, extra, why, why_size);
}

int modem_sim_start_program(modem_sim_proc *m, const char *program, const char *const extra[],
                            char *why, size_t why_size)
{
    memset(m, 0, sizeof(*m));
    m->control = -1;
    m->pid = -1;
    if (kit_temp_dir("modem", m->dir, sizeof(m->dir)) != 0) {
        snprintf(why, why_size, "cannot create a temporary folder: %s", strerror(errno));
        return -1;
    }
    snprintf(m->pty, sizeof(m->pty), "%s/modem", m->dir);
    snprintf(m->inbox, sizeof(m->inbox), "%s/inbox", m->dir);
    snprintf(m->docs, sizeof(m->docs), "%s/docs", m->dir);
    snprintf(m->log, sizeof(m->log), "%s/modem-sim.log", m->dir);
    mkdir(m->inbox, 0755);
    mkdir(m->docs, 0755);

    const char *argv[40] = {program, "--pty", m->pty, "--control", "0", "--inbox", m->inbox,
                            "--docs", m->docs};
    size_t argc = 9;
    for (size_t i = 0; extra && extra[i] && argc < 38; i++)
        argv[argc++] = extra[i];
    argv[argc] = NULL;

    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) {
        snprintf(why, why_size, "pipe: %s", strerror(errno));
        return -1;
    }
    pid_t parent = getpid();
    m->pid = fork();
    if (m->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlives a caller killed outright */
        if (getppid() != parent)
            _exit(127);
        int log = open(m->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(ready[1], 1);
        dup2(log, 2);
        execv(program, (char *const *)argv);
        dprintf(2, "cannot run %s: %s\n", program, strerror(errno));
        _exit(127);
    }
    close(ready[1]);
    char line[512], pending[512];
    size_t pending_len = 0;
    int status = read_line(ready[0], pending, &pending_len, sizeof(pending), line, sizeof(line),
                           now_ms() + START_TIMEOUT_MS);
    close(ready[0]);
    char tcp[16] = "", control[16] = "";
    if (status != 0 || sscanf(line, "READY pty=%*s tcp=%15s control=%15s", tcp, control) != 2) {
        snprintf(why, why_size, "%s did not get ready (%s); see %s", program,
                 status ? line : "no READY line", m->log);
        modem_sim_stop(m);
        return -1;
    }
    m->tcp_port = (unsigned)strtoul(tcp, NULL, 10);
    m->control_port = (unsigned)strtoul(control, NULL, 10);
    m->control = connect_loopback(m->control_port);
    if (m->control < 0) {
        snprintf(why, why_size, "cannot connect to the control port %u", m->control_port);
        modem_sim_stop(m);
        return -1;
    }
    return 0;
}

int modem_sim_command(modem_sim_proc *m, const char *command, char *reply, size_t reply_size,
                      unsigned timeout_ms)
{
    char line[1024];
    size_t len = (size_t)snprintf(line, sizeof(line), "%s\n", command);
    if (m->control < 0 || write(m->control, line, len) != (ssize_t)len) {
        snprintf(reply, reply_size, "cannot send '%s' to modem-sim", command);
        return -1;
    }
    uint64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        if (read_line(m->control, m->pending, &m->pending_len, sizeof(m->pending), reply,
                      reply_size, deadline) != 0)
            return -1;
        if (strncmp(reply, "EVENT ", 6) != 0)
            return 0;
    }
}

int modem_sim_alive(modem_sim_proc *m, char *how, size_t how_size)
{
    int wstatus = 0;
    if (m->pid <= 0 || waitpid(m->pid, &wstatus, WNOHANG) == 0)
        return m->pid > 0;
    if (WIFSIGNALED(wstatus))
        snprintf(how, how_size, "killed by signal %d", WTERMSIG(wstatus));
    else
        snprintf(how, how_size, "exit status %d", WEXITSTATUS(wstatus));
    m->pid = -1; /* reaped */
    return 0;
}

int modem_sim_stop(modem_sim_proc *m)
{
    int status = -1, quit_sent = 0;
    if (m->control >= 0) {
        char reply[256];
        quit_sent = modem_sim_command(m, "quit", reply, sizeof(reply), 2000) == 0;
        close(m->control);
        m->control = -1;
    }
    if (m->pid > 0) {
        if (!quit_sent)
            kill(m->pid, SIGTERM); /* no control socket: ask by signal */
        uint64_t deadline = now_ms() + STOP_TIMEOUT_MS;
        int wstatus = 0;
        pid_t done;
        while ((done = waitpid(m->pid, &wstatus, WNOHANG)) == 0 && now_ms() < deadline)
            nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
        if (done == m->pid && WIFEXITED(wstatus)) {
            status = WEXITSTATUS(wstatus);
        } else {
            kill(m->pid, SIGKILL);
            waitpid(m->pid, &wstatus, 0);
        }
        m->pid = -1;
    }
    if (m->dir[0] && !getenv("FSPKIT_KEEP"))
        kit_temp_remove(m->dir);
    m->dir[0] = '\0';
    return status;
}
