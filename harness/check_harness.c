/*
 * check_harness.c - the shared Check main, contexts and skips (see check_harness.h).
 *
 * Check runs each test in a child process, so what a test says about itself (a skip)
 * reaches the parent through a file: one line per skip, appended (O_APPEND keeps the
 * lines of concurrent writers whole), read once all tests ran.
 *
 * Nothing left behind: the suite runs with FSPKIT_TMPDIR pointing at a folder of its own,
 * where the kit's programs and the tests make their temporary files (kit_temp.h). Whatever is
 * still there when the suite ends is a leak - a test, fspconform or modem-sim that did
 * not clean up after itself - and fails the suite, named.
 */
#define _GNU_SOURCE
#include "check_harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit_temp.h"

/* Per test process (Check forks one per test; the harness needs CK_FORK, its default):
 * set by the test, read by its own failure messages. */
static char context[256];
static char replay[512];
static char where[sizeof(context) + sizeof(replay) + 32];
/* Check formats a failure message into BUFSIZ (8 KB) and sends it only if its packet is
 * under half this limit: 64 KB lets every message it formats through. */
enum { HARNESS_MAX_MESSAGE_BYTES = 64 * 1024 };
/* Where skips go, set once by harness_main before any test runs. */
static char skip_file[512];

void harness_context(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(context, sizeof(context), fmt, ap);
    va_end(ap);
}

void harness_replay(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(replay, sizeof(replay), fmt, ap);
    va_end(ap);
}

const char *harness_where(void)
{
    where[0] = '\0';
    if (context[0])
        snprintf(where, sizeof(where), " [%s]", context);
    if (replay[0])
        snprintf(where + strlen(where), sizeof(where) - strlen(where), " (replay: %s)", replay);
    return where;
}

void harness_skip(const char *fmt, ...)
{
    char reason[512], line[sizeof(reason) + sizeof(context) + 8];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    snprintf(line, sizeof(line), "%s%s%s%s\n", reason, context[0] ? " [" : "", context,
             context[0] ? "]" : "");
    int fd = skip_file[0] ? open(skip_file, O_WRONLY | O_APPEND | O_CREAT, 0600) : -1;
    if (fd >= 0) {
        ssize_t ignored = write(fd, line, strlen(line));
        (void)ignored;
        close(fd);
    }
    /* A skipped test ends here and passes in Check's count; the harness counts it apart. */
    ck_assert(1);
    _exit(0);
}

/* Prints each reason once with how many tests it skipped, then "N skipped"; removes
 * the file. */
static void report_skips(void)
{
    enum { MAX_REASONS = 64, LINE_MAX_BYTES = 1024 }; /* as long as harness_skip writes */
    static char reasons[MAX_REASONS][LINE_MAX_BYTES];
    unsigned counts[MAX_REASONS] = {0}, skipped = 0;
    size_t distinct = 0;
    char line[LINE_MAX_BYTES];
    FILE *f = fopen(skip_file, "r");
    while (f && fgets(line, sizeof(line), f)) {
        skipped++;
        line[strcspn(line, "\n")] = '\0';
        size_t i = 0;
        while (i < distinct && strcmp(reasons[i], line) != 0)
            i++;
        if (i == distinct && distinct < MAX_REASONS)
            snprintf(reasons[distinct++], sizeof(reasons[0]), "%s", line);
        if (i < distinct)
            counts[i]++;
    }
    if (f)
        fclose(f);
    for (size_t i = 0; i < distinct; i++)
        printf("skipped %u: %s\n", counts[i], reasons[i]);
    unlink(skip_file);
    printf("%u skipped\n", skipped);
}

/* Names what is left in the suite's folder (1 when anything is), then removes it. */
static int report_leftovers(const char *folder)
{
    DIR *dir = opendir(folder);
    int left = 0;
    for (struct dirent *e; dir && (e = readdir(dir)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        printf("%sleft behind in the suite's FSPKIT_TMPDIR: %s", left ? ", " : "harness: ",
               e->d_name);
        left = 1;
    }
    if (dir)
        closedir(dir);
    if (left)
        printf(" (a test or a program it ran did not remove what it made)\n");
    kit_temp_remove(folder);
    return left;
}

int harness_main(const char *suite_name, const harness_test *tests, size_t count)
{
    char folder[256];
    /* a short name without blanks: tests keep paths below it in small buffers */
    if (kit_temp_dir("suite", folder, sizeof(folder)) != 0) {
        fprintf(stderr, "harness: cannot create a temporary folder for the suite\n");
        return EXIT_FAILURE;
    }
    setenv("FSPKIT_TMPDIR", folder, 1);
    /* the skips' file lives beside the folder, not in it */
    snprintf(skip_file, sizeof(skip_file), "%s.skips", folder);
    int fd = open(skip_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0)
        close(fd);
    else
        skip_file[0] = '\0';

    Suite *suite = suite_create(suite_name);
    TCase *last = NULL;
    const char *last_name = "";
    int last_timeout = 0;
    for (size_t i = 0; i < count; i++) {
        const harness_test *t = &tests[i];
        /* consecutive entries of one tcase name share it, with the largest timeout */
        if (!last || strcmp(last_name, t->tcase) != 0) {
            last = tcase_create(t->tcase);
            suite_add_tcase(suite, last);
            last_name = t->tcase;
            last_timeout = 0;
        }
        if (t->timeout_s > last_timeout)
            tcase_set_timeout(last, last_timeout = t->timeout_s);
        if (t->loop_end > t->loop_start)
            tcase_add_loop_test(last, t->test, t->loop_start, t->loop_end);
        else
            tcase_add_test(last, t->test);
    }
    SRunner *runner = srunner_create(suite);
    /* Check refuses a failure message over half its limit (4 KB by default) and ends the
     * test with "Early exit with return value 2" instead: the message is lost. Ours carry
     * a run's output (Check keeps the first 8 KB of one), so the limit is raised;
     * CK_MAX_MSG_SIZE in the environment still wins, as Check documents. */
    check_set_max_msg_size(HARNESS_MAX_MESSAGE_BYTES);
    /* harness_skip ends its test's process: each test must have one of its own, whatever
     * CK_FORK says */
    srunner_set_fork_status(runner, CK_FORK);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    if (skip_file[0])
        report_skips();
    int leaked = report_leftovers(folder);
    return failed == 0 && !leaked ? EXIT_SUCCESS : EXIT_FAILURE;
}
