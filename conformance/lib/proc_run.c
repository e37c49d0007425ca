/*
 * proc_run.c - run a program with a hang guard and capture its output (see proc_run.h).
 */
#define _GNU_SOURCE
#include "proc_run.h"
#include "kit_temp.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What a program and everything it starts may write to any one file, and what is read
 * back of its output: a DLL that prints in a loop must not fill the disk or the memory
 * (issue 13). Past the file limit a write fails (EFBIG; SIGXFSZ is ignored). */
#define FILE_SIZE_LIMIT (512ull * 1024 * 1024)
#define OUTPUT_READ_LIMIT (4u * 1024 * 1024)

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
        if (len >= OUTPUT_READ_LIMIT) {
            static const char cut[] = "\n(the rest of the output was not read)\n";
            char *grown = realloc(buf, len + sizeof(cut));
            if (grown) {
                buf = grown;
                memcpy(buf + len, cut, sizeof(cut) - 1);
                len += sizeof(cut) - 1;
            }
            break;
        }
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
    char name[512];
    int fd = kit_temp_file("run", "", name, sizeof(name));
    if (fd >= 0)
        unlink(name);
    return fd;
}

/* Set by proc_run_interrupt (a signal handler): the one piece of process-wide state
 * here, because a signal is process-wide and its handler cannot be passed anything. */
static volatile sig_atomic_t interrupt_requested;

void proc_run_interrupt(void)
{
    interrupt_requested = 1;
}

int proc_run_interrupted(void)
{
    return interrupt_requested != 0;
}

/* Waits for `pid` for at most timeout_ms, or until proc_run_interrupt. Uses a pidfd so
 * the wait costs nothing; falls back to short sleeps on kernels without pidfd_open.
 * Polls in slices, so an interrupt that lands just before a poll is seen soon after.
 * Returns 1 if it exited. */
static int wait_with_deadline(pid_t pid, unsigned timeout_ms, int *wstatus)
{
    enum { SLICE_MS = 100 };
#ifdef SYS_pidfd_open
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd >= 0) {
        struct pollfd p = {.fd = pidfd, .events = POLLIN};
        int ready = 0;
        for (unsigned waited = 0; waited < timeout_ms && !interrupt_requested;) {
            unsigned slice = timeout_ms - waited < SLICE_MS ? timeout_ms - waited : SLICE_MS;
            ready = poll(&p, 1, (int)slice);
            if (ready > 0)
                break;
            if (ready == 0)
                waited += slice;
        }
        close(pidfd);
        if (ready > 0)
            return waitpid(pid, wstatus, 0) == pid;
        return 0;
    }
#endif
    for (unsigned waited = 0; waited < timeout_ms && !interrupt_requested; waited += 5) {
        if (waitpid(pid, wstatus, WNOHANG) == pid)
            return 1;
        nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
    }
    return 0;
}

/* stdin for the program: `input` in an unlinked file, or /dev/null. */
static int input_file(const char *input)
{
    if (!input)
        return open("/dev/null", O_RDONLY);
    int fd = temp_file();
    size_t len = strlen(input);
    if (fd >= 0 && (write(fd, input, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) != 0)) {
        close(fd);
        return -1;
    }
    return fd;
}

int proc_run(const char *const argv[], unsigned timeout_s, proc_result *result, char *why,
             size_t why_size)
{
    const proc_bounds bounds = {timeout_s, 0};
    return proc_run_input(argv, NULL, &bounds, result, why, why_size);
}

int proc_run_input(const char *const argv[], const char *input, const proc_bounds *bounds,
                   proc_result *result, char *why, size_t why_size)
{
    memset(result, 0, sizeof(*result));
    result->exit_code = -1;
    int out = temp_file(), err = temp_file(), in = input_file(input);
    if (out < 0 || err < 0 || in < 0) {
        snprintf(why, why_size, "cannot prepare to run %s: %s", argv[0], strerror(errno));
        if (out >= 0) close(out);
        if (err >= 0) close(err);
        if (in >= 0) close(in);
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0); /* the hang guard kills the program and anything it started */
        /* Its own process group shields it from the terminal's Ctrl-C (which the caller
         * handles): so that it cannot outlive a caller killed outright (SIGKILL, where no
         * handler runs), it dies with the caller. Under Wine, that ends the host, and its
         * job object (fake-faxsvc/process_tree.h) ends everything it started. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(127);
        struct rlimit size = {FILE_SIZE_LIMIT, FILE_SIZE_LIMIT};
        setrlimit(RLIMIT_FSIZE, &size);
        signal(SIGXFSZ, SIG_IGN);
        if (bounds->memory_mb) {
            /* RLIMIT_DATA, not RLIMIT_AS: Wine reserves gigabytes of address space it never
             * uses (PROT_NONE, not counted as data); what a DLL commits and writes is. */
            struct rlimit data = {(rlim_t)bounds->memory_mb << 20, (rlim_t)bounds->memory_mb << 20};
            setrlimit(RLIMIT_DATA, &data);
        }
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        execv(argv[0], (char *const *)argv);
        dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(in);
    if (pid < 0) {
        snprintf(why, why_size, "fork: %s", strerror(errno));
        close(out);
        close(err);
        return -1;
    }
    setpgid(pid, pid);

    int wstatus = 0;
    if (!wait_with_deadline(pid, bounds->timeout_s * 1000u, &wstatus)) {
        result->interrupted = interrupt_requested != 0;
        result->timed_out = !result->interrupted;
        kill(-pid, SIGKILL);
        waitpid(pid, &wstatus, 0);
    }
    if (!result->timed_out && WIFEXITED(wstatus))
        result->exit_code = WEXITSTATUS(wstatus);
    result->out = slurp_and_close(out);
    result->err = slurp_and_close(err);
    if (!result->out || !result->err) {
        proc_result_free(result);
        snprintf(why, why_size, "out of memory reading the output of %s", argv[0]);
        return -1;
    }
    return 0;
}

void proc_result_free(proc_result *result)
{
    free(result->out);
    free(result->err);
    result->out = result->err = NULL;
}
