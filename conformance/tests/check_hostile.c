/*
 * check_hostile.c - the kit outlasts any DLL (issue 13): whatever the DLL does and
 * however the run ends - the host's hang guard, fspconform's --timeout, Ctrl-C, SIGTERM
 * - fspconform ends within seconds with a report, and nothing of the run is left: no
 * process (checked in the process table, by PID: the host, its children, the helper
 * process the DLL started) and no temporary file (fspconform runs with an FSPKIT_TMPDIR
 * of its own, which must be empty afterwards).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_harness.h"
#include "host_check.h"
#include "host_run.h"
#include "kit_temp.h"
#include "proc_table.h"
#include "wine_run.h"

/* How long the Wine processes of a run may take to go once fspconform has ended: the
 * wineserver ends a killed process's children when it sees it gone. */
#define LEFTOVER_GRACE_S 10
/* fspconform itself must be done this long after the signal or guard that ends it. */
#define ENDING_LIMIT_S 30
#define MAX_PIDS 4096

/* Wine's own services, which services.exe starts on demand (rpcss.exe when a program
 * first uses COM, say): they belong to the prefix's wineserver, not to the program that
 * made it start them, and end with the wineserver (3 s after its last program, unless
 * it is persistent like the rig's). */
static const char *const wine_services[] = {
    "services.exe", "rpcss.exe", "svchost.exe", "plugplay.exe", "winedevice.exe",
    "explorer.exe", "conhost.exe",
};

/* A process of the run's kind: a Wine program ("*.exe", as Wine names them) or the
 * wineserver, but not one of Wine's services - the rig keeps one wineserver for the whole
 * suite, and they are its. Zombies are left out: they hold nothing, and init reaps them.
 * Only the suite's own prefix counts: `make check` runs another Wine lane on a prefix of
 * its own at the same time, whose programs come and go as they please. */
static int is_wine_process(int pid)
{
    proc_entry entry;
    const char *prefix = getenv("WINEPREFIX");
    if (!proc_table_read(pid, &entry) || entry.state == 'Z' || !prefix ||
        !proc_table_in_prefix(pid, prefix))
        return 0;
    char *name = entry.name;
    size_t len = strlen(name);
    for (size_t i = 0; i < len; i++)
        name[i] = (char)tolower((unsigned char)name[i]);
    for (size_t i = 0; i < sizeof(wine_services) / sizeof(wine_services[0]); i++)
        if (strcmp(name, wine_services[i]) == 0)
            return 0;
    return (len > 4 && strcmp(name + len - 4, ".exe") == 0) || strncmp(name, "wineserver", 10) == 0;
}

/* The Wine processes alive now, by PID. */
static size_t wine_pids(int *pids, size_t size)
{
    size_t all = proc_table_pids(pids, size), n = 0;
    for (size_t i = 0; i < all; i++)
        if (is_wine_process(pids[i]))
            pids[n++] = pids[i];
    return n;
}

static int contains(const int *pids, size_t n, int pid)
{
    for (size_t i = 0; i < n; i++)
        if (pids[i] == pid)
            return 1;
    return 0;
}

/* Waits up to LEFTOVER_GRACE_S for every Wine process not in `before` to go; writes what
 * is left ("PID comm, ...") to `left`. Returns how many are left. */
static size_t leftovers(const int *before, size_t before_n, char *left, size_t size)
{
    static int now[MAX_PIDS];
    size_t count = 0;
    for (int tenth = 0; tenth <= LEFTOVER_GRACE_S * 10; tenth++) {
        size_t n = wine_pids(now, MAX_PIDS);
        count = 0;
        left[0] = '\0';
        for (size_t i = 0; i < n; i++) {
            if (contains(before, before_n, now[i]))
                continue;
            proc_entry entry = {.name = "?"};
            proc_table_read(now[i], &entry);
            size_t used = strlen(left);
            snprintf(left + used, size - used, "%s%d %s", count ? ", " : "", now[i], entry.name);
            count++;
        }
        if (count == 0)
            break;
        usleep(100 * 1000);
    }
    return count;
}

/* The prefix's own services run before the test looks (the rig keeps one wineserver for
 * the whole suite): otherwise the first Wine program would start them during the run,
 * and they would look like the run's leftovers. */
static void wine_is_up(void)
{
    char exe[512], why[256];
    host_check_path(exe, sizeof(exe), "x64", "fake-faxsvc.exe");
    const char *args[] = {"--version", NULL};
    proc_result r;
    const proc_bounds bounds = {60, HOST_CHECK_MEMORY_MB};
    expect_that(wine_run("x64", exe, args, NULL, &bounds, &r, why, sizeof(why)) == 0, "%s", why);
    proc_result_free(&r);
}

static int folder_is_empty(const char *folder, char *first, size_t size)
{
    DIR *dir = opendir(folder);
    int empty = 1;
    for (struct dirent *e; dir && (e = readdir(dir)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(first, size, "%s", e->d_name);
            empty = 0;
            break;
        }
    if (dir)
        closedir(dir);
    return empty;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* How a run is ended: by its own guards (signal 0), or by a signal after some time. */
typedef struct ending_case {
    const char *name;
    const char *options[6];     /* fspconform's options before the DLL */
    int signal;
    unsigned signal_after_ms;   /* the DLL is hung in Initialize, its helper started */
    int exit_code;
    const char *report;         /* in fspconform's output */
} ending_case;

static const ending_case endings[] = {
    {"the host's hang guard", {"--only", "start_up", "--call-timeout", "3", NULL}, 0, 0, 1,
     "FaxDevInitialize"},
    {"fspconform --timeout", {"--only", "start_up", "--timeout", "8", NULL}, 0, 0, 1,
     "ERR-1     FAIL"},
    {"Ctrl-C", {"--only", "start_up", NULL}, SIGINT, 5000, 1,
     "INCOMPLETE - interrupted (Ctrl-C)"},
    {"SIGTERM", {"--only", "start_up", NULL}, SIGTERM, 5000, 1,
     "INCOMPLETE - interrupted (Ctrl-C)"},
};

START_TEST(nothing_is_left_after_any_ending)
{
    const ending_case *c = &endings[_i];
    harness_context("%s", c->name);
    char tool[512], dll[512], out_path[256], temp[256], first[256] = "";
    snprintf(tool, sizeof(tool), "%s/native/fspconform", host_build_dir());
    host_check_path(dll, sizeof(dll), "x64", "vfsp-mutants/initialize_hangs_with_a_helper.dll");
    expect_that(kit_temp_dir("run", temp, sizeof(temp)) == 0, "no temporary folder");
    int out = kit_temp_file("out", ".txt", out_path, sizeof(out_path));
    expect_that(out >= 0, "no temporary file");
    wine_is_up();
    static int before[MAX_PIDS];
    size_t before_n = wine_pids(before, MAX_PIDS);

    const char *argv[12] = {tool};
    size_t argc = 1;
    for (size_t i = 0; c->options[i]; i++)
        argv[argc++] = c->options[i];
    argv[argc++] = dll;
    argv[argc] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        setenv("FSPKIT_TMPDIR", temp, 1); /* the run's own: empty afterwards */
        dup2(out, 1);
        dup2(out, 2);
        execv(tool, (char *const *)argv);
        _exit(127);
    }
    if (c->signal) {
        usleep(c->signal_after_ms * 1000);
        kill(pid, c->signal);
    }
    double from = now_s();
    int status = 0, ended = 0;
    while (!(ended = waitpid(pid, &status, WNOHANG) == pid) && now_s() - from < 120)
        usleep(50 * 1000);
    double took = now_s() - from;
    if (!ended) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    char text[32768] = "";
    ssize_t n = pread(out, text, sizeof(text) - 1, 0);
    if (n > 0)
        text[n] = '\0';
    close(out);
    unlink(out_path);
    char left[2048];
    size_t left_n = leftovers(before, before_n, left, sizeof(left));
    int empty = folder_is_empty(temp, first, sizeof(first));
    kit_temp_remove(temp);

    const char *tail = strlen(text) > 2000 ? text + strlen(text) - 2000 : text;
    expect_that(ended && (c->signal == 0 || took < ENDING_LIMIT_S),
                "fspconform took %.1f s to end%s:\n%.2000s", took, ended ? "" : " (killed)", tail);
    expect_that(WIFEXITED(status) && WEXITSTATUS(status) == c->exit_code &&
                strstr(text, c->report), "expected exit %d and '%s'; got status 0x%x:\n%.*s",
                c->exit_code, c->report, status, (int)2000, tail);
    expect_that(left_n == 0, "%zu Wine process(es) of the run still alive %d s after "
                "fspconform ended: %s", left_n, LEFTOVER_GRACE_S, left);
    expect_that(empty, "the run left %s in its FSPKIT_TMPDIR", first);
}
END_TEST

/* fspconform FSP.dll with `options`, its output in a temporary file; the process. */
static pid_t start_fspconform(const char *const options[], const char *dll, int out)
{
    char tool[512];
    snprintf(tool, sizeof(tool), "%s/native/fspconform", host_build_dir());
    const char *argv[16] = {tool};
    size_t argc = 1;
    for (size_t i = 0; options[i] && argc < 14; i++)
        argv[argc++] = options[i];
    argv[argc++] = dll;
    argv[argc] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out, 1);
        dup2(out, 2);
        execv(tool, (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static int wait_exit(pid_t pid, double *ended_at)
{
    int status = 0;
    waitpid(pid, &status, 0);
    *ended_at = now_s();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Two runs on one prefix: one that writes the FSP's registry values (--setup) holds the
 * prefix alone; a second run started meanwhile says it waits, starts only when the first
 * has ended, and still gets its own verdict (issue 13: kit-side faults). */
START_TEST(a_second_run_on_the_prefix_waits_and_says_so)
{
    char reg[256], first_out[256], second_out[256], first_dll[512], second_dll[512];
    int fd = kit_temp_file("lock", ".reg", reg, sizeof(reg));
    static const char text[] = "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\FSPKit\\LockTest]\r\n"
                               "\"Held\"=dword:00000001\r\n";
    expect_that(fd >= 0 && write(fd, text, sizeof(text) - 1) > 0, "cannot write %s", reg);
    close(fd);
    int first = kit_temp_file("first", ".txt", first_out, sizeof(first_out));
    int second = kit_temp_file("second", ".txt", second_out, sizeof(second_out));
    expect_that(first >= 0 && second >= 0, "no temporary files");
    wine_is_up();
    host_check_path(first_dll, sizeof(first_dll), "x64", "vfsp-mutants/initialize_hangs.dll");
    host_check_path(second_dll, sizeof(second_dll), "x64", "vfsp.dll");
    const char *first_options[] = {"--setup", reg, "--only", "start_up", "--call-timeout", "6",
                                   NULL};
    const char *second_options[] = {"--only", "start_up", NULL};
    pid_t a = start_fspconform(first_options, first_dll, first);
    usleep(2000 * 1000); /* the first holds the prefix by now: its host is in Initialize */
    pid_t b = start_fspconform(second_options, second_dll, second);
    double a_ended, b_ended;
    int a_exit = wait_exit(a, &a_ended), b_exit = wait_exit(b, &b_ended);
    char a_text[16384] = "", b_text[16384] = "";
    ssize_t n = pread(first, a_text, sizeof(a_text) - 1, 0);
    ssize_t m = pread(second, b_text, sizeof(b_text) - 1, 0);
    (void)n;
    (void)m;
    close(first);
    close(second);
    unlink(first_out);
    unlink(second_out);
    unlink(reg);
    expect_that(a_exit == 1 && strstr(a_text, "ERR-1     FAIL"), "the first run: exit %d\n%.1500s",
                a_exit, a_text);
    expect_that(b_exit == 0 && strstr(b_text, "waiting for it to end") &&
                strstr(b_text, "fspconform: PASS"), "the second run should wait, then pass; "
                "exit %d\n%.1500s", b_exit, b_text);
    expect_that(b_ended > a_ended, "the second run ended %.1f s before the first",
                a_ended - b_ended);
}
END_TEST

/* An output the run cannot write: a read-only mount (refused before anything runs, exit
 * 2, one line) or a full one (the report is complete, the log is not kept, and no
 * half-written file is left). Real mounts, not chmod: CI runs as root. */
typedef struct output_case {
    const char *name;
    const char *mount_options;  /* for a tmpfs */
    const char *option;         /* --events or --html */
    const char *target;         /* below the mount */
    int exit_code;
    const char *message;
} output_case;

static const output_case output_cases[] = {
    {"--events on a read-only mount", "ro,size=1m", "--events", "events.jsonl", 2,
     "cannot write there (Read-only file system)"},
    {"--html on a read-only mount", "ro,size=1m", "--html", "timelines", 2,
     "cannot create the folder (Read-only file system)"},
    {"--events on a full disk", "size=4k", "--events", "events.jsonl", 0,
     "could not be written (No space left on device)"},
};

START_TEST(an_output_that_cannot_be_written_is_one_clear_line)
{
    const output_case *c = &output_cases[_i];
    harness_context("%s", c->name);
    char dir[256], command[512], target[320], out_path[256], dll[512];
    expect_that(kit_temp_dir("mount", dir, sizeof(dir)) == 0, "no temporary folder");
    snprintf(command, sizeof(command), "mount -t tmpfs -o %s tmpfs '%s' 2>/dev/null",
             c->mount_options, dir);
    if (system(command) != 0) {
        kit_temp_remove(dir);
        harness_skip("cannot mount a tmpfs here (not root, or no CAP_SYS_ADMIN)");
    }
    snprintf(target, sizeof(target), "%s/%s", dir, c->target);
    int out = kit_temp_file("out", ".txt", out_path, sizeof(out_path));
    host_check_path(dll, sizeof(dll), "x64", "vfsp.dll");
    const char *options[] = {"--only", "start_up", c->option, target, NULL};
    double ended;
    int code = wait_exit(start_fspconform(options, dll, out), &ended);
    char text[16384] = "";
    ssize_t n = pread(out, text, sizeof(text) - 1, 0);
    (void)n;
    close(out);
    unlink(out_path);
    char left[256] = "";
    int empty = folder_is_empty(dir, left, sizeof(left));
    snprintf(command, sizeof(command), "umount '%s'", dir);
    int unmounted = system(command) == 0;
    kit_temp_remove(dir);
    expect_that(unmounted, "could not unmount %s", dir);
    expect_that(code == c->exit_code && strstr(text, c->message), "expected exit %d and '%s'; "
                "got exit %d:\n%.1500s", c->exit_code, c->message, code, text);
    expect_that(empty, "left %s on the mount", left);
}
END_TEST

/* The child of `parent` named `comm`, or -1. */
static int child_named(pid_t parent, const char *comm)
{
    static int pids[MAX_PIDS];
    size_t n = proc_table_pids(pids, MAX_PIDS);
    for (size_t i = 0; i < n; i++) {
        proc_entry entry;
        if (proc_table_read(pids[i], &entry) && entry.parent == parent &&
            strcmp(entry.name, comm) == 0)
            return pids[i];
    }
    return -1;
}

/* modem-sim killed under a run: fspconform says it was its own modem that died, stops,
 * and is never a PASS (issue 13: kit-side faults). */
START_TEST(a_killed_modem_sim_is_named_not_blamed_on_the_fsp)
{
    char out_path[256], dll[512];
    int out = kit_temp_file("out", ".txt", out_path, sizeof(out_path));
    expect_that(out >= 0, "no temporary file");
    host_check_path(dll, sizeof(dll), "x64", "vfsp.dll");
    const char *options[] = {"--line", "tcp", NULL};
    pid_t run = start_fspconform(options, dll, out);
    int modem = -1;
    for (int tenth = 0; tenth < 200 && modem < 0; tenth++) {
        usleep(100 * 1000);
        modem = child_named(run, "modem-sim");
    }
    usleep(3000 * 1000); /* the battery is under way */
    if (modem > 0)
        kill(modem, SIGKILL);
    double ended;
    int code = wait_exit(run, &ended);
    char text[32768] = "";
    ssize_t n = pread(out, text, sizeof(text) - 1, 0);
    (void)n;
    close(out);
    unlink(out_path);
    const char *tail = strlen(text) > 1500 ? text + strlen(text) - 1500 : text;
    expect_that(modem > 0, "fspconform --line tcp started no modem-sim:\n%.1500s", tail);
    expect_that(code == 1 && strstr(text, "modem-sim ended (killed by signal 9)") &&
                strstr(text, "the kit's own modem, ended") && !strstr(text, "fspconform: PASS"),
                "expected the lost modem named and no PASS, exit 1; got exit %d:\n%.1500s",
                code, tail);
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"endings", nothing_is_left_after_any_ending, TIMEOUT_HOST, 0,
         (int)(sizeof(endings) / sizeof(endings[0]))},
        {"kit faults", a_second_run_on_the_prefix_waits_and_says_so, TIMEOUT_HOST, 0, 0},
        {"kit faults", a_killed_modem_sim_is_named_not_blamed_on_the_fsp, TIMEOUT_HOST, 0, 0},
        {"kit faults", an_output_that_cannot_be_written_is_one_clear_line, TIMEOUT_HOST, 0,
         (int)(sizeof(output_cases) / sizeof(output_cases[0]))},
    };
    return harness_main("hostile", tests, HARNESS_COUNT(tests));
}
