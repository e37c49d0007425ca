/*
 * stderr_capture.h - for tests that prove code prints nothing: fd 2 goes to a temporary
 * file between capture_stderr() and expect_nothing_printed(), which fails the test
 * with what was printed.
 */
#ifndef FSPKIT_STDERR_CAPTURE_H
#define FSPKIT_STDERR_CAPTURE_H

#include <stdio.h>

typedef struct stderr_capture {
    int saved_fd;
    FILE *file;
} stderr_capture;

void capture_stderr(stderr_capture *c);
void expect_nothing_printed(stderr_capture *c, const char *context);

#endif /* FSPKIT_STDERR_CAPTURE_H */
