/*
 * wine_run.c - run a Windows program under Wine with a hang guard (see wine_run.h).
 */
#define _GNU_SOURCE
#include "wine_run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *wine_loader(const char *arch)
{
    const char *loader;
    if (strcmp(arch, "x86") == 0) {
        loader = getenv("FSPKIT_WINE32");
        if (!loader)
            loader = "/usr/lib/wine/wine";
    } else {
        loader = getenv("FSPKIT_WINE64");
        if (!loader || !*loader)
            loader = "/usr/lib/wine/wine64";
    }
    return *loader && access(loader, X_OK) == 0 ? loader : NULL;
}

static char *slurp_and_close(int fd)
{
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return NULL;
    }
    lseek(fd, 0, SEEK_SET);
    for (;;) {
        if (cap - len < 2048) {
            char *grown = realloc(buf, cap * 2);
            if (!grown)
                break;
            buf = grown;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    close(fd);
    return buf;
}

static int temp_file(void)
{
    char name[] = "/tmp/fspkit-run-XXXXXX";
    int fd = mkstemp(name);
    if (fd >= 0)
        unlink(name);
    return fd;
}

/* Waits for `pid` for at most timeout_ms. Uses a pidfd so the wait costs nothing;
 * falls back to short sleeps on kernels without pidfd_open. Returns 1 if it exited. */
static int wait_with_deadline(pid_t pid, unsigned timeout_ms, int *wstatus)
{
#ifdef SYS_pidfd_open
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd >= 0) {
        struct pollfd p = {.fd = pidfd, .events = POLLIN};
        int ready;
        do
            ready = poll(&p, 1, (int)timeout_ms);
        while (ready < 0 && errno == EINTR);
        close(pidfd);
        if (ready > 0)
            return waitpid(pid, wstatus, 0) == pid;
        return 0;
    }
#endif
    for (unsigned waited = 0; waited < timeout_ms; waited += 5) {
        if (waitpid(pid, wstatus, WNOHANG) == pid)
            return 1;
        nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
    }
    return 0;
}

int wine_run(const char *arch, const char *exe, const char *const args[],
             unsigned timeout_s, wine_result *result, char *why, size_t why_size)
{
    memset(result, 0, sizeof(*result));
    result->exit_code = -1;
    const char *loader = wine_loader(arch);
    if (!loader) {
        snprintf(why, why_size, "no Wine loader for %s programs here%s", arch,
                 strcmp(arch, "x86") == 0 ? " (wine32:i386 is not installed)" : "");
        return -1;
    }
    size_t nargs = 0;
    while (args && args[nargs])
        nargs++;
    const char **argv = calloc(nargs + 3, sizeof(*argv));
    int out = temp_file(), err = temp_file();
    if (!argv || out < 0 || err < 0) {
        snprintf(why, why_size, "cannot prepare to run %s: %s", exe, strerror(errno));
        free(argv);
        if (out >= 0) close(out);
        if (err >= 0) close(err);
        return -1;
    }
    argv[0] = loader;
    argv[1] = exe;
    for (size_t i = 0; i < nargs; i++)
        argv[i + 2] = args[i];

    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0); /* the hang guard kills the program and anything it started */
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        dup2(out, 1);
        dup2(err, 2);
        setenv("WINEDEBUG", getenv("WINEDEBUG") ? getenv("WINEDEBUG") : "-all", 1);
        execv(loader, (char *const *)argv);
        dprintf(2, "cannot run %s: %s\n", loader, strerror(errno));
        _exit(127);
    }
    free(argv);
    if (pid < 0) {
        snprintf(why, why_size, "fork: %s", strerror(errno));
        close(out);
        close(err);
        return -1;
    }
    setpgid(pid, pid);

    int wstatus = 0;
    if (!wait_with_deadline(pid, timeout_s * 1000u, &wstatus)) {
        result->timed_out = 1;
        kill(-pid, SIGKILL);
        waitpid(pid, &wstatus, 0);
    }
    if (!result->timed_out && WIFEXITED(wstatus))
        result->exit_code = WEXITSTATUS(wstatus);
    result->out = slurp_and_close(out);
    result->err = slurp_and_close(err);
    if (!result->out || !result->err) {
        wine_result_free(result);
        snprintf(why, why_size, "out of memory reading the output of %s", exe);
        return -1;
    }
    return 0;
}

void wine_result_free(wine_result *result)
{
    free(result->out);
    free(result->err);
    result->out = result->err = NULL;
}
