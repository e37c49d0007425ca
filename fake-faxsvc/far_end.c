/*
 * far_end.c - modem-sim's remote, asked and judged (see far_end.h).
 */
#include "far_end.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/abort.h"
#include "rules/operation.h"

/* How long a modem line may stay up after the operation returned: the FSP hangs up
 * before it returns (SEND-1, ABORT-1), and modem-sim ends a call at once on ATH or when
 * the DTE closes the port; the grace covers a port closed just before the return. */
enum { HANGUP_GRACE_MS = 5000 };

int far_end_command(scenario_exec *ctx, const char *command, char *reply, size_t size,
                    DWORD within_ms)
{
    event e;
    int status = modem_control_command(ctx->modem, command, reply, size, within_ms);
    event_start(&e, "modem");
    event_str(&e, "command", command);
    event_str(&e, "reply", reply);
    event_emit(ctx->judge->log, &e);
    return status;
}

/* A `last-call` or `last-incoming` reply ("CALL ..." or "INCOMING ...": "call=C" and
 * NAME=VALUE fields, `why=` the rest of the line, docs/control.md) taken apart in place.
 * Returns the count of calls, -1 when the reply is not of that kind. */
typedef struct call_reply {
    unsigned long commands;
    const char *number, *result, *pages, *sent, *stored, *match, *why;
    const char *remote_id;      /* %XX-escaped as docs/control.md says; NULL: none given */
} call_reply;

static long parse_call_reply(char *reply, const char *kind, call_reply *out)
{
    memset(out, 0, sizeof(*out));
    size_t kind_len = strlen(kind);
    if (strncmp(reply, kind, kind_len) != 0 || reply[kind_len] != ' ')
        return -1;
    long calls = -1;
    char *why = strstr(reply, " why=");
    if (why) {
        *why = '\0';
        out->why = why + 5;
    }
    for (char *field = strtok(reply + kind_len + 1, " "); field; field = strtok(NULL, " ")) {
        char *value = strchr(field, '=');
        if (!value)
            continue;
        *value++ = '\0';
        if (strcmp(field, "call") == 0)
            calls = strtol(value, NULL, 10);
        else if (strcmp(field, "commands") == 0)
            out->commands = strtoul(value, NULL, 10);
        else if (strcmp(field, "number") == 0)
            out->number = value;
        else if (strcmp(field, "result") == 0)
            out->result = value;
        else if (strcmp(field, "pages") == 0)
            out->pages = value;
        else if (strcmp(field, "sent") == 0)
            out->sent = value;
        else if (strcmp(field, "stored") == 0)
            out->stored = value;
        else if (strcmp(field, "match") == 0)
            out->match = value;
        else if (strcmp(field, "remote_id") == 0)
            out->remote_id = value;
    }
    if (calls > 0 && !(out->result && out->pages))
        return -1;
    return calls;
}

/* DS-4: the ID the remote gave on the operation's own call, for the job's end. */
static void note_remote_id(service_job *job, const char *escaped)
{
    size_t n = 0;
    for (const char *c = escaped ? escaped : ""; *c && n + 1 < sizeof(job->remote_id); c++) {
        unsigned byte;
        if (c[0] == '%' && sscanf(c + 1, "%2x", &byte) == 1 && c[1] && c[2]) {
            job->remote_id[n++] = (char)byte;
            c += 2;
        } else {
            job->remote_id[n++] = *c;
        }
    }
    job->remote_id[n] = '\0';
    job->remote_id_known = TRUE;
}

long far_end_calls_ended(scenario_exec *ctx, far_end_calls which)
{
    char reply[1024];
    call_reply parsed;
    const char *command = which == FAR_END_PLACED ? "last-call" : "last-incoming";
    if (!ctx->modem || far_end_command(ctx, command, reply, sizeof(reply),
                                       ctx->limits.call_ms) != 0)
        return -1;
    return parse_call_reply(reply, which == FAR_END_PLACED ? "CALL" : "INCOMING", &parsed);
}

/* `path` as modem-sim (a Linux program beside Wine) can open it: Unix paths as they are,
 * drive paths through Wine's own mapping (wine_get_unix_file_name; on Windows there is
 * none, and modem-sim then names the file it could not read). */
static void modem_side_path(const wchar_t *path, char *out, size_t size)
{
    typedef char *(CDECL * unix_name_fn)(const WCHAR *);
    unix_name_fn unix_name = NULL;
    if (path[0] != L'/') {
        FARPROC proc = GetProcAddress(GetModuleHandleA("kernel32.dll"),
                                      "wine_get_unix_file_name");
        memcpy(&unix_name, &proc, sizeof(unix_name));
    }
    char *converted = unix_name ? unix_name(path) : NULL;
    if (converted)
        snprintf(out, size, "%s", converted);
    else if (WideCharToMultiByte(CP_UTF8, 0, path, -1, out, (int)size, NULL, NULL) <= 0)
        out[0] = '\0';
    if (converted)
        HeapFree(GetProcessHeap(), 0, converted);
}

/* modem_control_on_hook with the grace, in the event log: 1 on hook, 0 left up (and hung
 * up by the remote now, so the next call finds an idle line), -1 no answer. */
static int line_on_hook(scenario_exec *ctx, char *reply, size_t size)
{
    int on_hook = modem_control_on_hook(ctx->modem, HANGUP_GRACE_MS, reply, size);
    event e;
    event_start(&e, "modem");
    event_str(&e, "command", "on-hook?");
    event_str(&e, "reply", reply);
    event_emit(ctx->judge->log, &e);
    return on_hook;
}

/* ABORT-1 on a modem line, from the one look at it after the operation. */
static void judge_abort_left_line(scenario_exec *ctx, service_job *job, int on_hook,
                                  const char *reply)
{
    if (job->aborted)
        rule_call_down_after_abort(&ctx->judge->sink, ctx->where, job->name, job->operation,
                                   on_hook, HANGUP_GRACE_MS, reply);
}

int far_end_expect_sent(scenario_exec *ctx, service_job *job, const char *file)
{
    status_port_sync(&job->status);
    char command[MAX_PATH * 3 + 64], reply[1024], number[64], modem_path[MAX_PATH * 3];
    int on_hook = line_on_hook(ctx, reply, sizeof(reply));
    if (on_hook < 0)
        return scenario_exec_error(ctx, "expect %s sent: modem-sim: %s", job->name, reply);
    if (!job->line_judged) { /* the one look at the line serves ABORT-1 too */
        job->line_judged = TRUE;
        judge_abort_left_line(ctx, job, on_hook, reply);
    }
    WideCharToMultiByte(CP_UTF8, 0, job->number, -1, number, sizeof(number), NULL, NULL);
    send_at_remote_fact fact = {
        .job = job->name, .returned = job->result,
        .final_status = status_port_last(&job->status), .asked_number = number,
        .line_idle = on_hook == 1, .idle_wait_ms = HANGUP_GRACE_MS,
    };
    if (fact.line_idle) {
        wchar_t wide[MAX_PATH];
        if (MultiByteToWideChar(CP_UTF8, 0, file, -1, wide, MAX_PATH) == 0)
            wide[0] = L'\0';
        modem_side_path(wide, modem_path, sizeof(modem_path));
        snprintf(command, sizeof(command), "last-call %s", modem_path);
        if (far_end_command(ctx, command, reply, sizeof(reply), ctx->limits.call_ms) != 0 ||
            strncmp(reply, "ERR", 3) == 0)
            return scenario_exec_error(ctx, "expect %s sent: modem-sim: %s", job->name, reply);
        call_reply call;
        long calls = parse_call_reply(reply, "CALL", &call);
        if (calls < 0 || (calls > 0 && !(call.match && call.number)))
            return scenario_exec_error(ctx, "expect %s sent: modem-sim's reply is no CALL "
                                       "line", job->name);
        fact.call_placed = calls > job->remote_calls_before && job->remote_calls_before >= 0;
        fact.line_used = call.commands > 0;
        fact.dialled = call.number;
        fact.call_result = call.result;
        fact.pages = call.pages ? (unsigned)strtoul(call.pages, NULL, 10) : 0;
        fact.match = call.match;
        fact.why = call.why;
        if (fact.call_placed)
            note_remote_id(job, call.remote_id);
    }
    rule_send_at_remote(&ctx->judge->sink, &fact);
    /* DS-3 where the page count is known: the whole document arrived, as it was */
    if (fact.line_idle && fact.call_placed && fact.match && strcmp(fact.match, "same") == 0) {
        page_numbers_fact pages = {.job = job->name, .confirmed = fact.pages};
        status_port_page_numbers(&job->status, &pages);
        rule_page_numbers(&ctx->judge->sink, &pages);
    }
    return EXEC_OK;
}

/* RECV-2 at the far end: the file the receive stored against the document the remote
 * sent (`last-incoming FILE`). */
static void judge_received_at_remote(scenario_exec *ctx, service_job *job, int on_hook,
                                     const char *hook_reply)
{
    char command[MAX_PATH * 3 + 64], reply[1024], modem_path[MAX_PATH * 3];
    receive_at_remote_fact fact = {.job = job->name, .line_idle = on_hook == 1,
                                   .idle_wait_ms = HANGUP_GRACE_MS, .modem_state = hook_reply};
    call_reply call;
    if (fact.line_idle) {
        modem_side_path(job->file, modem_path, sizeof(modem_path));
        snprintf(command, sizeof(command), "last-incoming %s", modem_path);
        if (far_end_command(ctx, command, reply, sizeof(reply), ctx->limits.call_ms) != 0)
            return; /* modem-sim gone: the run says so where it ends */
        if (strncmp(reply, "ERR ", 4) == 0) {
            fact.unreadable = reply + 4;
            /* the file could not be compared, yet whether a call came still counts
             * (RECV-5: a TRUE receive of nothing leaves just such a file) */
            char count_reply[512];
            if (job->remote_rings_before >= 0 &&
                far_end_command(ctx, "last-incoming", count_reply, sizeof(count_reply),
                                ctx->limits.call_ms) == 0) {
                long calls = parse_call_reply(count_reply, "INCOMING", &call);
                if (calls >= 0)
                    job->remote_called = calls > job->remote_rings_before;
            }
        } else {
            long calls = parse_call_reply(reply, "INCOMING", &call);
            fact.call_seen = calls > job->remote_rings_before && job->remote_rings_before >= 0;
            if (job->remote_rings_before >= 0 && calls >= 0)
                job->remote_called = fact.call_seen; /* RECV-5 */
            if (calls > 0 && call.match) {
                fact.call_result = call.result;
                fact.pages_sent = call.sent ? (unsigned)strtoul(call.sent, NULL, 10) : 0;
                fact.pages_in_document = (unsigned)strtoul(call.pages, NULL, 10);
                fact.pages_stored = call.stored ? (unsigned)strtoul(call.stored, NULL, 10) : 0;
                fact.match = call.match;
                fact.why = call.why;
                if (fact.call_seen)
                    note_remote_id(job, call.remote_id);
            } else {
                fact.call_seen = 0;
            }
        }
    }
    rule_receive_at_remote(&ctx->judge->sink, &fact);
}

void far_end_after_operation(scenario_exec *ctx, service_job *job)
{
    if (!ctx->modem || job->line_judged ||
        WaitForSingleObject(job->operation_done, 0) != WAIT_OBJECT_0)
        return;
    BOOL received = job->result && job->operation &&
                    strcmp(job->operation, "FaxDevReceive") == 0;
    if (!job->aborted && !received)
        return;
    job->line_judged = TRUE;
    char reply[512];
    int on_hook = line_on_hook(ctx, reply, sizeof(reply));
    if (on_hook < 0)
        return;
    judge_abort_left_line(ctx, job, on_hook, reply);
    if (received)
        judge_received_at_remote(ctx, job, on_hook, reply);
}
