/*
 * check_harness.c (tests) - the harness's own promises, judged on an inner suite run in a
 * child process whose report is read back: a failure message reaches the report whole,
 * however long (a run's whole output is what a failure shows), and a skip is counted.
 */
#define _GNU_SOURCE
#include "check_harness.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kit_temp.h"

/* over what Check sends by default (half of 4 KB), under what it formats (BUFSIZ, 8 KB) */
enum { LONG_MESSAGE_BYTES = 6000 };

START_TEST(inner_fails_with_a_long_message)
{
    static char message[LONG_MESSAGE_BYTES + 64];
    memset(message, 'x', LONG_MESSAGE_BYTES);
    snprintf(message + LONG_MESSAGE_BYTES, 64, " end-of-the-long-message");
    expect_that(0, "%s", message);
}
END_TEST

START_TEST(inner_skips)
{
    harness_skip("the inner suite's reason");
}
END_TEST

/* Runs the inner tests through harness_main in a child; returns its report and status. */
static char *inner_report(const harness_test *tests, size_t count, int *status)
{
    char dir[128], path[192];
    ck_assert(kit_temp_dir("harness", dir, sizeof(dir)) == 0);
    snprintf(path, sizeof(path), "%s/report", dir);
    pid_t pid = fork();
    ck_assert(pid >= 0);
    if (pid == 0) {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0)
            _exit(99);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
        int rc = harness_main("inner", tests, count);
        fflush(stdout);
        _exit(rc);
    }
    int wstatus = 0;
    ck_assert(waitpid(pid, &wstatus, 0) == pid);
    *status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
    FILE *f = fopen(path, "r");
    ck_assert(f != NULL);
    size_t size = 4 * LONG_MESSAGE_BYTES, used = 0;
    char *text = calloc(1, size + 1);
    ck_assert(text != NULL);
    while (used < size) {
        size_t got = fread(text + used, 1, size - used, f);
        if (got == 0)
            break;
        used += got;
    }
    fclose(f);
    kit_temp_remove(dir);
    return text;
}

START_TEST(a_long_failure_message_reaches_the_report_whole)
{
    const harness_test tests[] = {{"inner", inner_fails_with_a_long_message, TIMEOUT_UNIT, 0, 0}};
    int status;
    char *report = inner_report(tests, HARNESS_COUNT(tests), &status);
    ck_assert_msg(status == EXIT_FAILURE, "the inner suite exited %d:\n%.400s", status, report);
    ck_assert_msg(strstr(report, ":F:inner:inner_fails_with_a_long_message") &&
                      strstr(report, " end-of-the-long-message") &&
                      !strstr(report, "Early exit"),
                  "the failure did not reach the report whole:\n%.400s", report);
    free(report);
}
END_TEST

START_TEST(a_skip_is_counted_with_its_reason)
{
    const harness_test tests[] = {{"inner", inner_skips, TIMEOUT_UNIT, 0, 0}};
    int status;
    char *report = inner_report(tests, HARNESS_COUNT(tests), &status);
    ck_assert_msg(status == EXIT_SUCCESS && strstr(report, "skipped 1: the inner suite's reason") &&
                      strstr(report, "\n1 skipped"),
                  "exit %d, report:\n%.400s", status, report);
    free(report);
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"messages", a_long_failure_message_reaches_the_report_whole, TIMEOUT_UNIT, 0, 0},
        {"skips", a_skip_is_counted_with_its_reason, TIMEOUT_UNIT, 0, 0},
    };
    return harness_main("harness", tests, HARNESS_COUNT(tests));
}
