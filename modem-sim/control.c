/*
 * control.c - the control socket (see control.h and docs/control.md).
 *
 * Replies: "OK [text]", "ERR message", "HELD point", "IDLE", "STATUS ...",
 * and, for subscribers, "EVENT name detail" lines at any time.
 */
#define _GNU_SOURCE
#include "control.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sent_compare.h"
#include "transport_tcp.h"

static const char help_text[] =
    "OK commands: hold POINT | wait-held [MS] | release | wait-idle [MS] | "
    "fail disconnect|rtn | ring FILE [from ID] | give-up | hang-up | last-call [FILE] | "
    "last-incoming [FILE] | status | "
    "subscribe | quit | help";

int control_open(control_server *server, int port, class20_dce *dce, char *why, size_t why_size)
{
    memset(server, 0, sizeof(*server));
    server->dce = dce;
    snprintf(server->lines, sizeof(server->lines), "tcp=- pty=-");
    for (size_t i = 0; i < CONTROL_MAX_CLIENTS; i++) {
        server->clients[i].fd = -1;
        byte_queue_init(&server->clients[i].out);
    }
    return tcp_listen_loopback(port, &server->listener, &server->port, why, why_size);
}

static void drop_client(control_client *client)
{
    if (client->fd >= 0)
        close(client->fd);
    client->fd = -1;
    client->in_len = 0;
    client->overflow = 0;
    client->subscribed = 0;
    client->waiting = WAIT_NONE;
    byte_queue_clear(&client->out);
}

void control_close(control_server *server)
{
    for (size_t i = 0; i < CONTROL_MAX_CLIENTS; i++) {
        control_write(&server->clients[i]); /* last words, best effort */
        drop_client(&server->clients[i]);
        byte_queue_free(&server->clients[i].out);
    }
    if (server->listener >= 0)
        close(server->listener);
    server->listener = -1;
}

void control_accept(control_server *server)
{
    int fd = accept4(server->listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
        return;
    for (size_t i = 0; i < CONTROL_MAX_CLIENTS; i++) {
        if (server->clients[i].fd < 0) {
            server->clients[i].fd = fd;
            return;
        }
    }
    static const char busy[] = "ERR too many control clients\n";
    (void)!write(fd, busy, sizeof(busy) - 1);
    close(fd);
}

static void reply(control_client *client, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void reply(control_client *client, const char *fmt, ...)
{
    char text[CONTROL_MAX_LINE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    byte_queue_puts(&client->out, text);
    byte_queue_puts(&client->out, "\n");
}

static uint64_t wait_deadline(const char *arg, uint64_t now_ms, int *ok)
{
    char *end;
    unsigned long ms = arg && *arg ? strtoul(arg, &end, 10) : CONTROL_DEFAULT_WAIT_MS;
    *ok = !(arg && *arg) || (*end == '\0' && ms <= 3600000ul);
    return now_ms + ms;
}

/* ring FILE [from ID]: ID may be quoted to hold spaces. */
static void ring_command(control_server *server, control_client *client, char *args,
                         uint64_t now_ms)
{
    char *file = strtok_r(args, " \t", &args);
    if (!file) {
        reply(client, "ERR ring needs a TIFF file (relative to --docs)");
        return;
    }
    char *rest = args;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    char id[64] = "";
    if (*rest) {
        if (strncmp(rest, "from", 4) != 0 || (rest[4] != ' ' && rest[4] != '\t')) {
            reply(client, "ERR ring FILE [from ID]: unexpected '%s'", rest);
            return;
        }
        rest += 5;
        while (*rest == ' ' || *rest == '\t')
            rest++;
        size_t len = strlen(rest);
        if (len >= 2 && rest[0] == '"' && rest[len - 1] == '"') {
            rest[len - 1] = '\0';
            rest++;
        }
        if (strlen(rest) > 20) {
            reply(client, "ERR station ID '%s' is longer than 20 characters", rest);
            return;
        }
        snprintf(id, sizeof(id), "%s", rest);
    }
    char why[512];
    if (dce_ring(server->dce, file, id, now_ms, why, sizeof(why)) != 0)
        reply(client, "ERR %s", why);
    else
        reply(client, "OK ringing");
}

/* " match=M[ why=TEXT]" appended to `text` (the reply's line, `used` bytes so far): the
 * pages that arrived compared with the document they came from (sent_compare.h); FILE is
 * the sender's document (`arrived` set) or what the DTE stored (`arrived` NULL: FILE's
 * pages are compared with `document`, and " stored=K" comes first). Returns 0, or -1
 * with the reply given (FILE cannot be read). */
static int append_match(control_server *server, control_client *client, const char *file,
                        const fax_doc *document, const fax_doc *arrived, char *text,
                        size_t size, int used)
{
    fax_doc read = {0};
    char why[700];
    if (remote_fax_read_document(server->dce->config.remote, file, &read, why,
                                 sizeof(why)) != 0) {
        reply(client, "ERR %s", why);
        return -1;
    }
    sent_match match = arrived ? sent_compare(&read, arrived, why, sizeof(why))
                               : sent_compare(document, &read, why, sizeof(why));
    if (!arrived)
        used += snprintf(text + used, size - (size_t)used, " stored=%zu", read.count);
    snprintf(text + used, size - (size_t)used, " match=%s%s%s", sent_match_name(match),
             why[0] ? " why=" : "", why);
    fax_doc_free(&read);
    return 0;
}

/* " remote_id=ID" when the remote gave the DTE its ID on the call (+FCI, +FTI; DS-4):
 * blanks, '%', '=' and bytes outside printable ASCII as %XX, so the reply stays one
 * field per word. Returns the new length of text. */
static int append_remote_id(const char *id, char *text, size_t size, int used)
{
    if (!id[0] || (size_t)used >= size)
        return used;
    used += snprintf(text + used, size - (size_t)used, " remote_id=");
    for (const unsigned char *c = (const unsigned char *)id; *c && (size_t)used + 4 < size; c++)
        used += *c <= ' ' || *c >= 0x7f || *c == '%' || *c == '='
                    ? snprintf(text + used, size - (size_t)used, "%%%02X", *c)
                    : snprintf(text + used, size - (size_t)used, "%c", *c);
    return used;
}

/* last-call [FILE]: the last call the DTE placed, as the remote saw it, and - with FILE -
 * whether the pages it confirmed are FILE's (sent_compare.h). One line:
 * "CALL call=0 commands=K" before any call, else "CALL call=C commands=K number=N
 * result=R hangup=XX pages=P resolution=normal|fine|-", then " remote_id=ID" when the
 * remote gave its CSI (append_remote_id) and, with FILE, " match=same|fewer|different"
 * and " why=TEXT" (the rest of the line) when there is something to say. */
static void last_call_command(control_server *server, control_client *client, char *file)
{
    const remote_call_record *last = &server->dce->config.remote->last_outgoing;
    if (last->calls == 0) {
        reply(client, "CALL call=0 commands=%lu", server->dce->commands_seen);
        return;
    }
    char text[CONTROL_MAX_LINE - 1];
    int used = snprintf(text, sizeof(text), "CALL call=%u commands=%lu number=%s result=%s "
                        "hangup=%02X pages=%zu resolution=%s", last->calls,
                        server->dce->commands_seen, last->number[0] ? last->number : "-",
                        last->result, (unsigned)last->hangup_code & 0xffu, last->pages.count,
                        last->pages.count == 0 ? "-" : last->session.vr ? "fine" : "normal");
    used = append_remote_id(last->id_given, text, sizeof(text), used);
    if (file && *file &&
        append_match(server, client, file, NULL, &last->pages, text, sizeof(text), used) != 0)
        return;
    reply(client, "%s", text);
}

/* last-incoming [FILE]: the last call the remote placed (`ring`), and - with FILE, the
 * document the DTE stored - whether FILE holds the pages the remote sent (sent_compare.h,
 * the remote's document as the reference). One line: "INCOMING call=0" before any, else
 * "INCOMING call=C result=R hangup=XX sent=P pages=N" (pages sent whole of the N the
 * document has), then " remote_id=ID" when the remote gave its TSI and, with FILE,
 * " stored=K match=same|fewer|different" (K: FILE's pages) and " why=TEXT". */
static void last_incoming_command(control_server *server, control_client *client, char *file)
{
    const remote_ring_record *last = &server->dce->config.remote->last_incoming;
    if (last->calls == 0) {
        reply(client, "INCOMING call=0");
        return;
    }
    char text[CONTROL_MAX_LINE - 1];
    int used = snprintf(text, sizeof(text), "INCOMING call=%u result=%s hangup=%02X sent=%u "
                        "pages=%zu", last->calls, last->result,
                        (unsigned)last->hangup_code & 0xffu, last->pages_sent,
                        last->document.count);
    used = append_remote_id(last->id_given, text, sizeof(text), used);
    if (file && *file &&
        append_match(server, client, file, &last->document, NULL, text, sizeof(text),
                     used) != 0)
        return;
    reply(client, "%s", text);
}

static void execute(control_server *server, control_client *client, char *line, uint64_t now_ms)
{
    char *args = line;
    char *verb = strtok_r(line, " \t", &args);
    while (args && (*args == ' ' || *args == '\t'))
        args++;
    if (!verb)
        return;
    char why[256];
    int ok;
    if (strcmp(verb, "hold") == 0) {
        hold_point point;
        if (hold_point_parse(args ? args : "", &point, why, sizeof(why)) != 0) {
            reply(client, "ERR %s", why);
            return;
        }
        dce_arm_hold(server->dce, &point);
        hold_point_format(&point, why, sizeof(why));
        reply(client, "OK armed %s", why);
    } else if (strcmp(verb, "wait-held") == 0 || strcmp(verb, "wait-idle") == 0) {
        client->deadline_ms = wait_deadline(args, now_ms, &ok);
        if (!ok) {
            reply(client, "ERR %s: timeout '%s' is not a number of ms", verb, args);
            return;
        }
        client->waiting = verb[5] == 'h' ? WAIT_HELD : WAIT_IDLE;
        control_tick(server, now_ms);
    } else if (strcmp(verb, "release") == 0) {
        dce_release_hold(server->dce, now_ms);
        reply(client, "OK released");
    } else if (strcmp(verb, "fail") == 0) {
        if (dce_fail(server->dce, args ? args : "") != 0)
            reply(client, "ERR fail what? (disconnect or rtn)");
        else
            reply(client, "OK armed fail %s", args);
    } else if (strcmp(verb, "ring") == 0) {
        ring_command(server, client, args ? args : (char[]){""}, now_ms);
    } else if (strcmp(verb, "give-up") == 0) {
        reply(client, dce_caller_give_up(server->dce) ? "OK the caller gave up"
                                                       : "OK no call is ringing");
    } else if (strcmp(verb, "hang-up") == 0) {
        reply(client, dce_remote_hang_up(server->dce) ? "OK the remote hung up"
                                                      : "OK no call is up");
    } else if (strcmp(verb, "last-call") == 0) {
        last_call_command(server, client, args);
    } else if (strcmp(verb, "last-incoming") == 0) {
        last_incoming_command(server, client, args);
    } else if (strcmp(verb, "status") == 0) {
        dce_describe(server->dce, why, sizeof(why));
        reply(client, "STATUS %s %s", why, server->lines);
    } else if (strcmp(verb, "subscribe") == 0) {
        client->subscribed = 1;
        reply(client, "OK subscribed");
    } else if (strcmp(verb, "quit") == 0) {
        server->quit = 1;
        reply(client, "OK bye");
    } else if (strcmp(verb, "help") == 0) {
        reply(client, "%s", help_text);
    } else {
        reply(client, "ERR unknown command '%s' (try help)", verb);
    }
}

void control_read(control_server *server, control_client *client, uint64_t now_ms)
{
    char buf[512];
    ssize_t n = read(client->fd, buf, sizeof(buf));
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        drop_client(client);
        return;
    }
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] == '\r')
            continue;
        if (buf[i] != '\n') {
            if (client->in_len + 1 < sizeof(client->in))
                client->in[client->in_len++] = buf[i];
            else
                client->overflow = 1;
            continue;
        }
        client->in[client->in_len] = '\0';
        if (client->overflow)
            reply(client, "ERR line longer than %d characters", CONTROL_MAX_LINE - 1);
        else
            execute(server, client, client->in, now_ms);
        client->in_len = 0;
        client->overflow = 0;
    }
    control_write(client);
}

void control_write(control_client *client)
{
    while (client->fd >= 0 && byte_queue_length(&client->out) > 0) {
        ssize_t n = write(client->fd, byte_queue_peek(&client->out),
                          byte_queue_length(&client->out));
        if (n <= 0) {
            if (n < 0 && errno != EAGAIN && errno != EINTR)
                drop_client(client);
            return;
        }
        byte_queue_drop(&client->out, (size_t)n);
    }
}

void control_tick(control_server *server, uint64_t now_ms)
{
    const class20_dce *dce = server->dce;
    for (size_t i = 0; i < CONTROL_MAX_CLIENTS; i++) {
        control_client *client = &server->clients[i];
        if (client->fd < 0 || client->waiting == WAIT_NONE)
            continue;
        if (client->waiting == WAIT_HELD && dce->held && dce->armed.kind == HOLD_NONE) {
            char name[64];
            hold_point_format(&dce->held_at, name, sizeof(name));
            reply(client, "HELD %s", name);
        } else if (client->waiting == WAIT_IDLE && dce->state == DCE_IDLE) {
            remote_fax_flush_store(dce->config.remote);   /* idle means the files are there */
            reply(client, "IDLE hangup=%02X", (unsigned)dce->hangup_code);
        } else if (now_ms >= client->deadline_ms) {
            char state[256];
            dce_describe(dce, state, sizeof(state));
            reply(client, "ERR timeout (%s)", state);
        } else {
            continue;
        }
        client->waiting = WAIT_NONE;
        control_write(client);
    }
}

int64_t control_next_timeout_ms(const control_server *server, uint64_t now_ms)
{
    int64_t next = -1;
    for (size_t i = 0; i < CONTROL_MAX_CLIENTS; i++) {
        const control_client *client = &server->clients[i];
        if (client->fd < 0 || client->waiting == WAIT_NONE)
            continue;
        int64_t left = client->deadline_ms > now_ms ? (int64_t)(client->deadline_ms - now_ms) : 0;
        if (next < 0 || left < next)
            next = left;
    }
    return next;
}

void control_publish(control_server *server, const char *name, const char *detail)
{
    for (size_t i = 0; i < CONTROL_MAX_CLIENTS; i++) {
        control_client *client = &server->clients[i];
        if (client->fd >= 0 && client->subscribed) {
            reply(client, "EVENT %s%s%s", name, detail[0] ? " " : "", detail);
            control_write(client);
        }
    }
}
