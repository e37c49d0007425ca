/*
 * scenario_run.c - walks a parsed scenario (include/fsc_scenario.h) statement by
 * statement: expands the string operands, then lets scenario_exec.c do the service's
 * part. Everything about the language is the parser's; everything about the contract is
 * scenario_exec.c's and service_job.c's.
 */
#include "scenario_run.h"

#include "call_trace.h"
#include "comm_watch.h"
#include "race.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *lookup_variable(void *context, const char *name)
{
    scenario_exec *ctx = context;
    return scenario_vars_get(&ctx->vars, name);
}

/* A string operand with its ${NAME}s expanded; NULL (error reported) when it cannot be. */
static char *expand(scenario_exec *ctx, const char *text)
{
    char why[256];
    char *value = fsc_expand(text, lookup_variable, ctx, why, sizeof(why));
    if (!value)
        scenario_exec_error(ctx, "%s", why);
    return value;
}

/* docs/scenarios.md, "Paths": what the scenario reads is relative to its own folder,
 * what it makes is relative to ${TMP}. */
static char *path_below(scenario_exec *ctx, const char *folder, const char *text)
{
    char *path = expand(ctx, text);
    if (!path || !folder || path[0] == '/' || path[0] == '\\' || (path[0] && path[1] == ':'))
        return path;
    size_t size = strlen(folder) + strlen(path) + 2;
    char *joined = malloc(size);
    if (joined)
        snprintf(joined, size, "%s/%s", folder, path);
    free(path);
    return joined;
}

static char *input_path(scenario_exec *ctx, const fsc_file *file, const char *text)
{
    return path_below(ctx, file->folder, text);
}

static char *output_path(scenario_exec *ctx, const char *text)
{
    return path_below(ctx, lookup_variable(ctx, "TMP"), text);
}

static DWORD within(const scenario_exec *ctx, uint32_t ms)
{
    return ms ? ms : ctx->limits.call_ms;
}

static int run_block(scenario_exec *ctx, const fsc_file *file, const fsc_block *block);

static int run_modem(scenario_exec *ctx, const fsc_stmt *s)
{
    char command[1100];
    switch (s->op) {
    case FSC_OP_MODEM_HOLD: {
        char point[64];
        fsc_hold_format(&s->as.modem_hold.point, point, sizeof(point));
        snprintf(command, sizeof(command), "hold %s", point);
        return exec_modem(ctx, command, ctx->limits.call_ms);
    }
    case FSC_OP_MODEM_WAIT_HELD: {
        DWORD ms = within(ctx, s->as.modem_wait_held.within_ms);
        snprintf(command, sizeof(command), "wait-held %lu", (unsigned long)ms);
        return exec_modem(ctx, command, ms + 5000);
    }
    case FSC_OP_MODEM_RELEASE:
        return exec_modem(ctx, "release", ctx->limits.call_ms);
    case FSC_OP_MODEM_GIVE_UP:
        return exec_modem(ctx, "give-up", ctx->limits.call_ms);
    case FSC_OP_MODEM_FAIL:
        return exec_modem(ctx, s->as.modem_fail.failure == FSC_FAIL_RTN ? "fail rtn"
                                                                        : "fail disconnect",
                          ctx->limits.call_ms);
    case FSC_OP_MODEM_RING: {
        char *doc = expand(ctx, s->as.modem_ring.file);
        if (!doc)
            return EXEC_ERROR;
        if (s->as.modem_ring.caller_id)
            snprintf(command, sizeof(command), "ring %s from \"%s\"", doc,
                     s->as.modem_ring.caller_id);
        else
            snprintf(command, sizeof(command), "ring %s", doc);
        free(doc);
        return exec_modem(ctx, command, ctx->limits.call_ms);
    }
    default:
        return EXEC_ERROR;
    }
}

static int run_statement(scenario_exec *ctx, const fsc_file *file, const fsc_stmt *s)
{
    snprintf(ctx->where, sizeof(ctx->where), "%s:%u:%u", file->path, s->line, s->column);
    event e;
    event_start(&e, "step");
    event_str(&e, "where", ctx->where);
    event_str(&e, "op", fsc_op_name(s->op));
    if (s->job)
        event_str(&e, "job", s->job);
    event_emit(ctx->judge->log, &e);

    char *a = NULL, *b = NULL;
    int status = EXEC_ERROR; /* a string that could not be expanded is the scenario's fault */
    switch (s->op) {
    case FSC_OP_SET:
        if ((a = expand(ctx, s->as.set.value)))
            status = scenario_vars_set(&ctx->vars, s->as.set.name, a) == 0 ? EXEC_OK : EXEC_ERROR;
        break;
    case FSC_OP_REGISTRY: {
        char key[600], *value = NULL;
        if (!(a = expand(ctx, s->as.registry.subkey)) ||
            !(b = expand(ctx, s->as.registry.value_name)))
            break;
        snprintf(key, sizeof(key), "%s\\%s",
                 s->as.registry.root == FSC_HKEY_LOCAL_MACHINE ? "HKLM" : "HKCU", a);
        if (s->as.registry.type == FSC_REG_DWORD)
            status = exec_registry_dword(ctx, key, b, s->as.registry.dword);
        else if ((value = expand(ctx, s->as.registry.text)))
            status = exec_registry_string(ctx, key, b, value);
        free(value);
        break;
    }
    case FSC_OP_COPY:
        if ((a = input_path(ctx, file, s->as.copy.source)) &&
            (b = output_path(ctx, s->as.copy.destination)))
            status = exec_copy(ctx, a, b);
        break;
    case FSC_OP_VIRTUAL_DEVICES:
        status = exec_virtual_devices(ctx, s->as.virtual_devices.has_expected_count
                                               ? (long)s->as.virtual_devices.expected_count : -1,
                                      s->as.virtual_devices.if_exported);
        break;
    case FSC_OP_INIT:     status = exec_init(ctx); break;
    case FSC_OP_ENABLE_DEVICES: status = exec_enable_devices(ctx); break;
    case FSC_OP_RUN:
        if ((a = expand(ctx, s->as.run.command)))
            status = exec_run(ctx, a);
        break;
    case FSC_OP_LINE_MISSING:
        if ((a = expand(ctx, s->as.line_missing.port)))
            status = exec_line_missing(ctx, a);
        break;
    case FSC_OP_SHUTDOWN: status = exec_shutdown(ctx); break;
    case FSC_OP_START:
        status = exec_start(ctx, s->job, s->as.start.has_device ? (long)s->as.start.device : 0);
        break;
    case FSC_OP_SEND:
        if ((a = input_path(ctx, file, s->as.send.file)) && (b = expand(ctx, s->as.send.number)))
            status = exec_send(ctx, s->job, a, b, s->as.send.refuse_callback);
        break;
    case FSC_OP_RECEIVE:
        if ((a = output_path(ctx, s->as.receive.file)))
            status = exec_receive(ctx, s->job, a);
        break;
    case FSC_OP_ANSWER:
        if ((a = output_path(ctx, s->as.answer.file)))
            status = exec_answer(ctx, s->job, a, within(ctx, s->as.answer.within_ms),
                                 s->as.answer.optional);
        break;
    case FSC_OP_WAIT:    status = exec_wait(ctx, s->job, within(ctx, s->as.wait.within_ms)); break;
    case FSC_OP_ABORT:   status = exec_abort(ctx, s->job); break;
    case FSC_OP_REPORT:  status = exec_report(ctx, s->job); break;
    case FSC_OP_END_JOB: status = exec_end(ctx, s->job); break;
    case FSC_OP_MODEM_HOLD:
    case FSC_OP_MODEM_WAIT_HELD:
    case FSC_OP_MODEM_RELEASE:
    case FSC_OP_MODEM_GIVE_UP:
    case FSC_OP_MODEM_RING:
    case FSC_OP_MODEM_FAIL:
        status = run_modem(ctx, s);
        break;
    case FSC_OP_EXPECT_RETURNS:
        status = exec_expect_return(ctx, s->job, s->as.expect_returns.value,
                                    s->as.expect_returns.has_error, s->as.expect_returns.error,
                                    within(ctx, s->as.expect_returns.within_ms));
        break;
    case FSC_OP_EXPECT_STATUS:
        status = exec_expect_status(ctx, s->job, (const DWORD *)s->as.expect_status.statuses,
                                    s->as.expect_status.count,
                                    within(ctx, s->as.expect_status.within_ms));
        break;
    case FSC_OP_EXPECT_FINAL:
        status = exec_expect_final(ctx, s->job, (const DWORD *)s->as.expect_final.statuses,
                                   s->as.expect_final.count);
        break;
    case FSC_OP_EXPECT_SENT:
        if ((a = input_path(ctx, file, s->as.expect_sent.file)))
            status = exec_expect_sent(ctx, s->job, a);
        break;
    case FSC_OP_REPEAT:
        status = EXEC_OK;
        for (uint32_t i = 0; i < s->as.repeat.count && status == EXEC_OK; i++)
            status = run_block(ctx, file, &s->body);
        break;
    case FSC_OP_RACE_SWEEP:
    case FSC_OP_RACE_FUZZ:
        status = race_run(ctx, file, s, run_block);
        break;
    case FSC_OP_COUNT:
        break;
    }
    free(a);
    free(b);
    return status;
}

static int run_block(scenario_exec *ctx, const fsc_file *file, const fsc_block *block)
{
    for (size_t i = 0; i < block->count; i++) {
        int status = run_statement(ctx, file, &block->items[i]);
        /* The FSP needed a serial call Wine cannot serve on the kit's pty: from here on
         * the FSP fails for the kit's want; the run ends as an environment error. */
        const char *unservable = comm_watch_problem();
        if (unservable)
            return scenario_exec_error(ctx, "environment: %s - the kit cannot run this FSP's "
                                       "line on it; the run stops here", unservable);
        if (status != EXEC_OK)
            return status;
    }
    return EXEC_OK;
}

int scenario_run(scenario_exec *ctx, const fsc_file *file, const fsc_scenario *scenario)
{
    event e;
    event_start(&e, "scenario");
    event_str(&e, "file", file->path);
    event_str(&e, "name", scenario->name);
    event_emit(ctx->judge->log, &e);
    scenario_exec_log_readings(ctx);
    printf("scenario %s: \"%s\"\n", file->path, scenario->name);
    fflush(stdout);
    int status = run_block(ctx, file, &scenario->body);
    scenario_exec_finish(ctx); /* EndJob, Shutdown, unload: even after a failed step */
    if (status != EXEC_ERROR) /* ERR-1 held: judged on a scenario the host could carry out */
        judge_calls_returned(ctx->judge);
    return status;
}
