/*
 * modem_events.c - modem-sim's events into the event log (see modem_events.h).
 */
#include "modem_events.h"

#include <stdio.h>
#include <string.h>

/* "EVENT name detail" -> {"ev":"modem-event","name":...,"detail":...}. */
static void relay_line(modem_events *relay, const char *line)
{
    if (strncmp(line, "EVENT ", 6) != 0)
        return;
    char name[64];
    const char *rest = line + 6;
    size_t length = strcspn(rest, " \r");
    snprintf(name, sizeof(name), "%.*s", (int)length, rest);
    const char *detail = rest + length;
    while (*detail == ' ')
        detail++;
    char trimmed[1024];
    snprintf(trimmed, sizeof(trimmed), "%.*s", (int)strcspn(detail, "\r"), detail);
    event e;
    event_start(&e, "modem-event");
    event_str(&e, "name", name);
    event_str(&e, "detail", trimmed);
    event_emit(relay->log, &e);
}

static DWORD WINAPI relay_events(void *arg)
{
    modem_events *relay = arg;
    char line[1024];
    while (modem_control_read_line(&relay->connection, line, sizeof(line)) == 0) {
        if (strncmp(line, "STATUS", 6) == 0 && InterlockedCompareExchange(&relay->stopping, 0, 0))
            return 0; /* the stop marker: every earlier event is logged */
        relay_line(relay, line);
    }
    return 0;
}

int modem_events_start(modem_events *relay, const char *host_port, event_log *log,
                       char *why, size_t why_size)
{
    memset(relay, 0, sizeof(*relay));
    relay->log = log;
    if (modem_control_connect(&relay->connection, host_port, why, why_size) != 0)
        return -1;
    char reply[256];
    if (modem_control_command(&relay->connection, "subscribe", reply, sizeof(reply), 10000) != 0 ||
        strncmp(reply, "OK", 2) != 0) {
        snprintf(why, why_size, "modem-sim refused `subscribe`: %s", reply);
        modem_control_close(&relay->connection);
        return -1;
    }
    relay->thread = CreateThread(NULL, 0, relay_events, relay, 0, NULL);
    if (!relay->thread) {
        snprintf(why, why_size, "cannot start the modem event relay (error %lu)",
                 GetLastError());
        modem_control_close(&relay->connection);
        return -1;
    }
    return 0;
}

void modem_events_stop(modem_events *relay)
{
    if (!relay->thread)
        return;
    /* Events travel on this connection in the order modem-sim sent them, so the reply
     * to a `status` sent now comes after all of them. Only if it does not come (modem-sim
     * gone) is the connection cut: recv() then returns and the thread can be joined. */
    InterlockedExchange(&relay->stopping, 1);
    send(relay->connection.sock, "status\n", 7, 0);
    if (WaitForSingleObject(relay->thread, 5000) != WAIT_OBJECT_0)
        shutdown(relay->connection.sock, SD_BOTH);
    if (WaitForSingleObject(relay->thread, 5000) != WAIT_OBJECT_0) {
        /* shutdown() did not wake its recv(): closing the socket does */
        closesocket(relay->connection.sock);
        relay->connection.sock = INVALID_SOCKET;
        WSACleanup(); /* modem_control_close() skips both for a closed socket */
        WaitForSingleObject(relay->thread, INFINITE);
    }
    CloseHandle(relay->thread);
    relay->thread = NULL;
    modem_control_close(&relay->connection);
}
