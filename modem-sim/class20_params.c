/*
 * class20_params.c - the +F commands of Class 2.0: parameters the DTE sets and reads,
 * identity queries, and the action commands +FDT, +FDR, +FKS, +FIP.
 *
 * Queries answer with bare values, no "+FXX:" prefix: HylaFAX's range parser and its
 * sscanf("%u") on AT+FPS? fail on a prefix (class20-notes.md 1.1). Every numeric value
 * we offer stays <= 9, so T.32's hex and the decimal most DTEs parse never disagree.
 */
#include "class20_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_RANGES "(0,1),(0-5),(0-2),(0-2),(0-1),(0),(0),(0-7)"
/* Upper bound of each VR,BR,WD,LN,DF,EC,BF,ST field: MH/MR, no ECM, so MMR is never
 * negotiated (it needs ECM). */
static const long session_max[8] = {1, 5, 2, 2, 1, 0, 0, 7};

void dce_params_reset(dce_params *p)
{
    static const long fis_default[8] = {1, 5, 0, 2, 0, 0, 0, 0};
    memset(p, 0, sizeof(*p));
    p->echo = 1;
    p->verbose = 1;
    memcpy(p->fis, fis_default, sizeof(p->fis));
    memcpy(p->fcc, fis_default, sizeof(p->fcc));
    p->fcc[4] = 1; /* DF: MR allowed */
    p->flo = 1;
    p->fct = 0x1e;
    p->fps = PPR_MCF;
    snprintf(p->fli, sizeof(p->fli), "%s", "");
}

static void print_fields(class20_dce *dce, const long fields[], int n)
{
    char text[96];
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%ld", i ? "," : "",
                                fields[i]);
    dce_info(dce, "%s", text);
}

/* AT+FIS=vr,br,... : empty or missing fields stay as they are; each field in range. */
static cmd_status set_session_fields(const at_command *cmd, long target[8])
{
    long fields[8];
    int n = at_parse_fields(cmd->value, fields, 8, 16);
    if (n < 1)
        return CMD_ERROR;
    for (int i = 0; i < n; i++)
        if (fields[i] > session_max[i])
            return CMD_ERROR;
    for (int i = 0; i < n; i++)
        if (fields[i] >= 0)
            target[i] = fields[i];
    return CMD_OK;
}

static cmd_status set_flags(const at_command *cmd, long target[], int count, long max)
{
    long fields[8];
    int n = at_parse_fields(cmd->value, fields, count, 10);
    if (n < 1)
        return CMD_ERROR;
    for (int i = 0; i < n; i++)
        if (fields[i] > max)
            return CMD_ERROR;
    for (int i = 0; i < n; i++)
        if (fields[i] >= 0)
            target[i] = fields[i];
    return CMD_OK;
}

static cmd_status set_number(const at_command *cmd, long *target, long min, long max)
{
    long field;
    if (at_parse_fields(cmd->value, &field, 1, 10) != 1 || field < min || field > max)
        return CMD_ERROR;
    *target = field;
    return CMD_OK;
}

/* +FLI="..." / +FPI: station IDs are 20 characters; longer ones (mgetty sends up to
 * 40) are accepted and cut, as class20-notes.md 4 recommends. */
static cmd_status set_id(const at_command *cmd, char id[21])
{
    char text[AT_MAX_VALUE];
    if (at_unquote(cmd->value, text, sizeof(text)) != 0)
        return CMD_ERROR;
    snprintf(id, 21, "%.20s", text);
    return CMD_OK;
}

/* +FCLASS: only 0 and 2.0. Never list 2.1 or 2: mgetty would then drive us with
 * Class 2 commands (class20-notes.md 5). */
static cmd_status fclass(class20_dce *dce, const at_command *cmd)
{
    switch (cmd->op) {
    case AT_OP_SET:
        if (strcmp(cmd->value, "2.0") == 0)
            dce->params.fclass20 = 1;
        else if (strcmp(cmd->value, "0") == 0)
            dce->params.fclass20 = 0;
        else
            return CMD_ERROR;
        return CMD_OK;
    case AT_OP_QUERY: dce_info(dce, "%s", dce->params.fclass20 ? "2.0" : "0"); return CMD_OK;
    case AT_OP_TEST: dce_info(dce, "0,2.0"); return CMD_OK;
    default: return CMD_ERROR;
    }
}

/* Parameters that only need storing and reading back. */
static cmd_status generic_parameter(class20_dce *dce, const at_command *cmd)
{
    static const char *const accepted[] = {"+FPP", "+FIE", "+FBU", "+FMS", "+FCQ", "+FEA",
                                           "+FRQ", "+FRY", "+FPR", "+FLP", "+FSP", "+FNS"};
    size_t known = 0;
    while (known < sizeof(accepted) / sizeof(accepted[0]) && strcmp(accepted[known], cmd->name))
        known++;
    if (known == sizeof(accepted) / sizeof(accepted[0]))
        return CMD_ERROR;
    dce_params *p = &dce->params;
    size_t slot = 0;
    while (slot < p->other_count && strcmp(p->other[slot], cmd->name))
        slot++;
    switch (cmd->op) {
    case AT_OP_SET:
        if (strlen(cmd->value) >= sizeof(p->other_values[0]))
            return CMD_ERROR;
        if (slot == p->other_count) {
            if (p->other_count == sizeof(p->other) / sizeof(p->other[0]))
                return CMD_ERROR;
            p->other_count++;
            snprintf(p->other[slot], sizeof(p->other[slot]), "%s", cmd->name);
        }
        snprintf(p->other_values[slot], sizeof(p->other_values[slot]), "%.31s", cmd->value);
        return CMD_OK;
    case AT_OP_QUERY:
        dce_info(dce, "%s", slot < p->other_count ? p->other_values[slot] : "0");
        return CMD_OK;
    case AT_OP_TEST:
        /* +FCQ: we neither check nor correct copy quality - each DTE judges pages itself. */
        dce_info(dce, "%s", strcmp(cmd->name, "+FCQ") == 0 ? "(0),(0)" : "(0)");
        return CMD_OK;
    default:
        return CMD_ERROR;
    }
}

/* +FKS (AT+FK in Class 2): end the session. Idle, it is just OK (efax sends it at the
 * end of every session). */
static cmd_status terminate_session(class20_dce *dce)
{
    if (dce->state == DCE_TX_COMMAND || dce->state == DCE_RX_COMMAND) {
        sim_event(dce->config.events, "dte-abort", "AT+FKS in %s", dce_state_name(dce->state));
        dce_end_on_request(dce, NULL, 0);
        return CMD_SILENT;
    }
    return CMD_OK;
}

cmd_status dce_param_command(class20_dce *dce, const at_command *cmd, uint64_t now_ms)
{
    dce_params *p = &dce->params;
    const char *n = cmd->name;
    int set = cmd->op == AT_OP_SET, query = cmd->op == AT_OP_QUERY;
    int test = cmd->op == AT_OP_TEST, action = cmd->op == AT_OP_ACTION;

    if (strcmp(n, "+FCLASS") == 0)
        return fclass(dce, cmd);
    if (strcmp(n, "+FMI") == 0 && query) { dce_info(dce, "modem-sim"); return CMD_OK; }
    if (strcmp(n, "+FMM") == 0 && query) { dce_info(dce, "Class 2.0 fax modem simulator"); return CMD_OK; }
    if (strcmp(n, "+FMR") == 0 && query) { dce_info(dce, "1.0"); return CMD_OK; }
    if (strcmp(n, "+FDT") == 0 && action) return dce_send_fdt(dce, now_ms);
    if (strcmp(n, "+FDR") == 0 && action) return dce_receive_fdr(dce, now_ms);
    if (strcmp(n, "+FKS") == 0 && action) return terminate_session(dce);
    if (strcmp(n, "+FIP") == 0 && (action || set)) { dce_params_reset(p); p->fclass20 = 1; return CMD_OK; }
    if (strcmp(n, "+FHS") == 0 && query) { dce_info(dce, "%02X", (unsigned)dce->hangup_code); return CMD_OK; }

    if (strcmp(n, "+FCC") == 0 || strcmp(n, "+FIS") == 0) {
        long *fields = n[3] == 'C' ? p->fcc : p->fis;
        if (set) return set_session_fields(cmd, fields);
        if (query) { print_fields(dce, fields, 8); return CMD_OK; }
        if (test) { dce_info(dce, SESSION_RANGES); return CMD_OK; }
        return CMD_ERROR;
    }
    if (strcmp(n, "+FCS") == 0 && query) {
        const fax_session *s = &dce->config.remote->session;
        long fields[8] = {s->vr, s->br, 0, 2, s->df, 0, 0, 0};
        print_fields(dce, dce->state == DCE_IDLE ? p->fis : fields, 8);
        return CMD_OK;
    }
    if (strcmp(n, "+FNR") == 0) {
        if (set) return set_flags(cmd, p->fnr, 4, 1);
        if (query) { print_fields(dce, p->fnr, 4); return CMD_OK; }
        if (test) { dce_info(dce, "(0,1),(0,1),(0,1),(0,1)"); return CMD_OK; }
        return CMD_ERROR;
    }
    if (strcmp(n, "+FLI") == 0 || strcmp(n, "+FPI") == 0) {
        char *id = n[2] == 'L' ? p->fli : p->fpi;
        if (set) return set_id(cmd, id);
        if (query) { dce_info(dce, "\"%s\"", id); return CMD_OK; }
        if (test) { dce_info(dce, "(20),(32-127)"); return CMD_OK; }
        return CMD_ERROR;
    }

    static const struct {
        const char *name;
        size_t offset;
        long min, max;
        const char *range;
    } numbers[] = {
        {"+FBO", offsetof(dce_params, fbo), 0, 3, "(0-3)"},
        {"+FLO", offsetof(dce_params, flo), 0, 2, "(0-2)"},
        {"+FCR", offsetof(dce_params, fcr), 0, 1, "(0,1)"},
        {"+FAA", offsetof(dce_params, faa), 0, 1, "(0,1)"},
        {"+FCT", offsetof(dce_params, fct), 0, 255, "(0-FF)"},
        {"+FPS", offsetof(dce_params, fps), 1, 5, "(1-5)"},
    };
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        if (strcmp(n, numbers[i].name) != 0)
            continue;
        long *value = (long *)((char *)p + numbers[i].offset);
        if (set) return set_number(cmd, value, numbers[i].min, numbers[i].max);
        if (query) { dce_info(dce, "%ld", *value); return CMD_OK; }
        if (test) { dce_info(dce, "%s", numbers[i].range); return CMD_OK; }
        return CMD_ERROR;
    }
    return generic_parameter(dce, cmd);
}
