/*
 * stderr_capture.c - see stderr_capture.h.
 */
#include "stderr_capture.h"

#include <check.h>
#include <unistd.h>

void capture_stderr(stderr_capture *c)
{
    fflush(stderr);
    c->file = tmpfile();
    ck_assert_msg(c->file != NULL, "expected a tmpfile for stderr, got NULL");
    c->saved_fd = dup(2);
    dup2(fileno(c->file), 2);
}

void expect_nothing_printed(stderr_capture *c, const char *context)
{
    char text[512] = "";
    fflush(stderr);
    dup2(c->saved_fd, 2);
    close(c->saved_fd);
    rewind(c->file);
    size_t n = fread(text, 1, sizeof(text) - 1, c->file);
    text[n] = '\0';
    fclose(c->file);
    ck_assert_msg(n == 0, "%s: expected nothing on stderr, got: %s", context, text);
}
