/*
 * modem_control.c - modem-sim control client over Winsock (see modem_control.h).
 */
#include "modem_control.h"

#include <ws2tcpip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int modem_control_connect(modem_control *mc, const char *host_port, char *why, size_t why_size)
{
    memset(mc, 0, sizeof(*mc));
    mc->sock = INVALID_SOCKET;
    const char *colon = strrchr(host_port, ':');
    char *end = NULL;
    unsigned long port = colon ? strtoul(colon + 1, &end, 10) : 0;
    if (!colon || colon == host_port || (size_t)(colon - host_port) >= sizeof(mc->host) ||
        !end || *end || port == 0 || port > 65535) {
        snprintf(why, why_size, "--modem %s: expected HOST:PORT (modem-sim's control port)",
                 host_port);
        return -1;
    }
    snprintf(mc->host, sizeof(mc->host), "%.*s", (int)(colon - host_port), host_port);
    mc->port = (unsigned short)port;

    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
        snprintf(why, why_size, "cannot start Winsock");
        return -1;
    }
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *found = NULL;
    char service[8];
    snprintf(service, sizeof(service), "%u", mc->port);
    if (getaddrinfo(mc->host, service, &hints, &found) != 0 || !found) {
        snprintf(why, why_size, "modem-sim at %s: cannot resolve %s", host_port, mc->host);
        WSACleanup();
        return -1;
    }
    mc->sock = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
    if (mc->sock == INVALID_SOCKET ||
        connect(mc->sock, found->ai_addr, (int)found->ai_addrlen) != 0) {
        snprintf(why, why_size, "modem-sim is not reachable at %s (error %d): is it running "
                 "with --control %u?", host_port, WSAGetLastError(), mc->port);
        freeaddrinfo(found);
        modem_control_close(mc);
        return -1;
    }
    freeaddrinfo(found);
    return 0;
}

static int take_line(modem_control *mc, char *line, size_t size)
{
    char *nl = memchr(mc->pending, '\n', mc->pending_len);
    if (!nl)
        return 0;
    size_t len = (size_t)(nl - mc->pending);
    snprintf(line, size, "%.*s", (int)len, mc->pending);
    memmove(mc->pending, nl + 1, mc->pending_len - len - 1);
    mc->pending_len -= len + 1;
    return 1;
}

int modem_control_command(modem_control *mc, const char *command, char *reply,
                          size_t reply_size, unsigned timeout_ms)
{
    char line[1024];
    int len = snprintf(line, sizeof(line), "%s\n", command);
    if (mc->sock == INVALID_SOCKET || send(mc->sock, line, len, 0) != len) {
        snprintf(reply, reply_size, "cannot send '%s' to modem-sim", command);
        return -1;
    }
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    for (;;) {
        while (take_line(mc, reply, reply_size))
            if (strncmp(reply, "EVENT ", 6) != 0)
                return 0;
        ULONGLONG now = GetTickCount64();
        if (now >= deadline || mc->pending_len == sizeof(mc->pending)) {
            snprintf(reply, reply_size, "no reply from modem-sim to '%s' within %u ms",
                     command, timeout_ms);
            return -1;
        }
        fd_set readable;
        FD_ZERO(&readable);
        FD_SET(mc->sock, &readable);
        struct timeval tv = {(long)((deadline - now) / 1000), (long)((deadline - now) % 1000) * 1000};
        if (select(0, &readable, NULL, NULL, &tv) <= 0)
            continue;
        int n = recv(mc->sock, mc->pending + mc->pending_len,
                     (int)(sizeof(mc->pending) - mc->pending_len), 0);
        if (n <= 0) {
            snprintf(reply, reply_size, "modem-sim closed the control connection");
            return -1;
        }
        mc->pending_len += (size_t)n;
    }
}

int modem_control_read_line(modem_control *mc, char *line, size_t size)
{
    for (;;) {
        if (take_line(mc, line, size))
            return 0;
        if (mc->pending_len == sizeof(mc->pending))
            mc->pending_len = 0; /* a line longer than the buffer: drop it */
        int n = recv(mc->sock, mc->pending + mc->pending_len,
                     (int)(sizeof(mc->pending) - mc->pending_len), 0);
        if (n <= 0)
            return -1;
        mc->pending_len += (size_t)n;
    }
}

int modem_control_on_hook(modem_control *mc, unsigned grace_ms, char *reply, size_t reply_size)
{
    char command[32], ignored[256];
    if (modem_control_command(mc, "status", reply, reply_size, 5000) != 0)
        return -1;
    if (strstr(reply, " state=ringing ") || strstr(reply, " state=idle "))
        return 1;
    snprintf(command, sizeof(command), "wait-idle %u", grace_ms);
    if (modem_control_command(mc, command, reply, reply_size, grace_ms + 5000) != 0)
        return -1;
    if (strncmp(reply, "IDLE", 4) == 0)
        return 1;
    if (modem_control_command(mc, "hang-up", ignored, sizeof(ignored), 5000) == 0)
        modem_control_command(mc, "wait-idle 5000", ignored, sizeof(ignored), 10000);
    return 0;
}

void modem_control_close(modem_control *mc)
{
    if (mc->sock != INVALID_SOCKET) {
        closesocket(mc->sock);
        WSACleanup();
    }
    mc->sock = INVALID_SOCKET;
}
