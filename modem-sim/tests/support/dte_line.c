/*
 * dte_line.c - scripted DTE (see dte_line.h).
 */
#define _GNU_SOURCE
#include "dte_line.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int dte_open_pty(dte_line *dte, const char *path)
{
    dte->seen_len = 0;
    dte->fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (dte->fd < 0)
        return -1;
    struct termios tio;
    if (tcgetattr(dte->fd, &tio) == 0) {
        cfmakeraw(&tio);
        tcsetattr(dte->fd, TCSANOW, &tio);
    }
    return 0;
}

int dte_open_tcp(dte_line *dte, unsigned port)
{
    dte->seen_len = 0;
    dte->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (dte->fd < 0 || connect(dte->fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        dte_close(dte);
        return -1;
    }
    return 0;
}

void dte_close(dte_line *dte)
{
    if (dte->fd >= 0)
        close(dte->fd);
    dte->fd = -1;
}

int dte_write(dte_line *dte, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(dte->fd, p, len);
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int dte_send_text(dte_line *dte, const char *text)
{
    return dte_write(dte, text, strlen(text));
}

int dte_expect(dte_line *dte, const char *text, unsigned timeout_ms)
{
    long long deadline = now_ms() + timeout_ms;
    size_t want = strlen(text);
    for (;;) {
        dte->seen[dte->seen_len] = '\0';
        char *hit = memmem(dte->seen, dte->seen_len, text, want);
        if (hit) {
            size_t used = (size_t)(hit - dte->seen) + want;
            memmove(dte->seen, dte->seen + used, dte->seen_len - used);
            dte->seen_len -= used;
            dte->seen[dte->seen_len] = '\0';
            return 0;
        }
        long long left = deadline - now_ms();
        if (left <= 0 || dte->seen_len + 1 >= sizeof(dte->seen))
            return -1;
        struct pollfd p = {.fd = dte->fd, .events = POLLIN};
        if (poll(&p, 1, (int)left) <= 0)
            continue;
        ssize_t n = read(dte->fd, dte->seen + dte->seen_len, sizeof(dte->seen) - 1 - dte->seen_len);
        if (n <= 0)
            return -1;
        dte->seen_len += (size_t)n;
    }
}
