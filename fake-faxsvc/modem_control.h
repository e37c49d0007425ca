/*
 * modem_control.h - the host's client for modem-sim's control socket (docs/control.md):
 * scenarios hold and release the remote at named points, make the line ring and inject
 * failures through it. Winsock only, so the host runs on Windows as under Wine.
 */
#ifndef FAKE_FAXSVC_MODEM_CONTROL_H
#define FAKE_FAXSVC_MODEM_CONTROL_H

#include <winsock2.h>
#include <stddef.h>

typedef struct modem_control {
    SOCKET sock;
    char host[64];
    unsigned short port;
    char pending[2048];     /* bytes received after the last reply line */
    size_t pending_len;
} modem_control;

/* Parses "HOST:PORT" and connects. Returns 0, or -1 with one clear line in `why`. */
int modem_control_connect(modem_control *mc, const char *host_port, char *why, size_t why_size);
/* Sends `command` and returns its reply line (EVENT lines skipped) within timeout_ms.
 * Returns 0, or -1 with the reason in `reply`. */
int modem_control_command(modem_control *mc, const char *command, char *reply,
                          size_t reply_size, unsigned timeout_ms);
/* Blocks until the next line (reply or EVENT) arrives. 0, or -1 when the connection
 * ended (also after shutdown() from another thread). */
int modem_control_read_line(modem_control *mc, char *line, size_t size);
/* Is the modem on hook - idle, or only ringing (an incoming call rings an on-hook modem)?
 * Waits up to grace_ms for the line to go idle. When it does not, the remote hangs up
 * (`hang-up`) so that whatever runs next finds an idle line. Returns 1 when it was on
 * hook, 0 when it had to be hung up (`reply` then says what modem-sim was doing), -1
 * when modem-sim did not answer (the reason in `reply`). */
int modem_control_on_hook(modem_control *mc, unsigned grace_ms, char *reply, size_t reply_size);
void modem_control_close(modem_control *mc);

#endif /* FAKE_FAXSVC_MODEM_CONTROL_H */
