/*
 * transport_tcp.c - loopback TCP line and listener (see transport_tcp.h).
 */
#define _GNU_SOURCE
#include "transport_tcp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int tcp_listen_loopback(int port, int *fd, unsigned short *bound, char *why, size_t why_size)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        bind(s, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(s, 4) != 0 ||
        getsockname(s, (struct sockaddr *)&addr, &len) != 0) {
        snprintf(why, why_size, "cannot listen on 127.0.0.1:%d: %s", port, strerror(errno));
        if (s >= 0)
            close(s);
        return -1;
    }
    *fd = s;
    *bound = ntohs(addr.sin_port);
    return 0;
}

int tcp_line_open(tcp_line *line, int port, char *why, size_t why_size)
{
    line->conn = -1;
    return tcp_listen_loopback(port, &line->listener, &line->port, why, why_size);
}

int tcp_line_accept(tcp_line *line)
{
    int c = accept4(line->listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (c < 0)
        return -1;
    int one = 1;
    /* A modem line is interactive: result codes must not wait for Nagle. */
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    line->conn = c;
    return 0;
}

void tcp_line_drop(tcp_line *line)
{
    if (line->conn >= 0)
        close(line->conn);
    line->conn = -1;
}

void tcp_line_close(tcp_line *line)
{
    tcp_line_drop(line);
    if (line->listener >= 0)
        close(line->listener);
    line->listener = -1;
}
