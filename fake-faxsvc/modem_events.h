/*
 * modem_events.h - modem-sim's own protocol events (docs/control.md, `subscribe`) relayed
 * into the host's event log as `modem-event` events, so the log (and the HTML timeline)
 * shows what the line did next to what the FSP did: dial, pages, holds, DTE aborts,
 * hang-ups. A second control connection and one thread, owned by the scenario's process.
 */
#ifndef FAKE_FAXSVC_MODEM_EVENTS_H
#define FAKE_FAXSVC_MODEM_EVENTS_H

#include "modem_control.h" /* winsock2.h before windows.h */

#include "event_log.h"

typedef struct modem_events {
    modem_control connection;
    event_log *log;
    HANDLE thread;
    volatile LONG stopping;     /* the next STATUS reply ends the relay */
} modem_events;

/* Connects to modem-sim's control socket, subscribes and starts relaying. Returns 0, or
 * -1 with one line in `why`. */
int modem_events_start(modem_events *relay, const char *host_port, event_log *log,
                       char *why, size_t why_size);
/* Stops the relay after every event modem-sim sent before this call (a `status` round
 * trip on the relay's own connection marks the point), joins its thread. */
void modem_events_stop(modem_events *relay);

#endif /* FAKE_FAXSVC_MODEM_EVENTS_H */
