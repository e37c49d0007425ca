/*
 * dial_plan.c - dial plan file parsing and lookup (see dial_plan.h).
 */
#include "dial_plan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    remote_behaviour behaviour;
    int needs_page;
} behaviours[] = {
    {"fax", REMOTE_FAX, 0},
    {"busy", REMOTE_BUSY, 0},
    {"no-answer", REMOTE_NO_ANSWER, 0},
    {"no-dialtone", REMOTE_NO_DIALTONE, 0},
    {"voice", REMOTE_VOICE, 0},
    {"no-carrier", REMOTE_NO_CARRIER, 0},
    {"disconnect-page", REMOTE_DISCONNECT_PAGE, 1},
    {"reject-page", REMOTE_REJECT_PAGE, 1},
};

static const dial_rule default_rule = {
    .match_any = 1, .behaviour = REMOTE_FAX, .station_id = DIAL_PLAN_DEFAULT_ID,
};

void dial_plan_init(dial_plan *plan)
{
    plan->count = 0;
}

const char *remote_behaviour_name(remote_behaviour behaviour)
{
    for (size_t i = 0; i < sizeof(behaviours) / sizeof(behaviours[0]); i++)
        if (behaviours[i].behaviour == behaviour)
            return behaviours[i].name;
    return "?";
}

static void digits_of(const char *text, char *out, size_t size)
{
    size_t n = 0;
    for (; *text && n + 1 < size; text++)
        if (isdigit((unsigned char)*text))
            out[n++] = *text;
    out[n] = '\0';
}

void dial_number_of(const char *dial_string, char *out, size_t size)
{
    size_t n = 0;
    for (const char *c = dial_string; *c && n + 1 < size; c++) {
        if ((*c == 'S' || *c == 's') && c[1] == '=') { /* S=n: a stored number's index */
            c++;
            while (isdigit((unsigned char)c[1]))
                c++;
            continue;
        }
        if (isdigit((unsigned char)*c) || strchr("*#+ABCD", *c))
            out[n++] = *c;
        else if (strchr("abcd", *c))
            out[n++] = (char)toupper((unsigned char)*c);
    }
    out[n] = '\0';
}

/* One token: a run of non-blanks, or a key="quoted value" kept whole. */
static const char *next_token(const char *p, char *out, size_t size, int *col, const char *line)
{
    while (*p == ' ' || *p == '\t')
        p++;
    *col = (int)(p - line) + 1;
    size_t n = 0;
    int quoted = 0;
    while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
        if (*p == '"')
            quoted = !quoted;
        if (n + 1 < size)
            out[n++] = *p;
        p++;
    }
    out[n] = '\0';
    return n ? p : NULL;
}

static int parse_rule(const char *line, dial_rule *rule, char *msg, size_t msg_size, int *col)
{
    char token[128];
    const char *p = line;
    memset(rule, 0, sizeof(*rule));
    snprintf(rule->station_id, sizeof(rule->station_id), "%s", DIAL_PLAN_DEFAULT_ID);

    p = next_token(p, token, sizeof(token), col, line);
    if (strcmp(token, "*") == 0) {
        rule->match_any = 1;
    } else {
        digits_of(token, rule->digits, sizeof(rule->digits));
        if (!rule->digits[0]) {
            snprintf(msg, msg_size, "'%.40s' is not a number (digits, or * for any)", token);
            return -1;
        }
    }
    if (!(p = next_token(p, token, sizeof(token), col, line))) {
        snprintf(msg, msg_size, "a behaviour must follow the number");
        return -1;
    }
    size_t b = 0;
    while (b < sizeof(behaviours) / sizeof(behaviours[0]) && strcmp(token, behaviours[b].name))
        b++;
    if (b == sizeof(behaviours) / sizeof(behaviours[0])) {
        snprintf(msg, msg_size, "unknown behaviour '%.40s' (fax, busy, no-answer, no-dialtone, "
                 "voice, no-carrier, disconnect-page, reject-page)", token);
        return -1;
    }
    rule->behaviour = behaviours[b].behaviour;
    if (behaviours[b].needs_page) {
        char *end;
        if (!(p = next_token(p, token, sizeof(token), col, line)) ||
            (rule->page = (unsigned)strtoul(token, &end, 10)) == 0 || *end) {
            snprintf(msg, msg_size, "%s needs a page number from 1", behaviours[b].name);
            return -1;
        }
    }
    while ((p = next_token(p, token, sizeof(token), col, line))) {
        char *end;
        if (strncmp(token, "id=", 3) == 0) {
            const char *v = token + 3;
            size_t len = strlen(v);
            if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
                v++;
                len -= 2;
            }
            if (len > 20) {
                snprintf(msg, msg_size, "id is %zu characters; a fax station ID has 20 at most",
                         len);
                return -1;
            }
            snprintf(rule->station_id, sizeof(rule->station_id), "%.*s", (int)len, v);
        } else if (strncmp(token, "times=", 6) == 0 && rule->behaviour == REMOTE_REJECT_PAGE &&
                   (rule->times = (unsigned)strtoul(token + 6, &end, 10)) > 0 && !*end) {
            /* parsed */
        } else {
            snprintf(msg, msg_size, "unexpected '%.40s' (arguments: id=\"...\"%s)", token,
                     rule->behaviour == REMOTE_REJECT_PAGE ? ", times=N" : "");
            return -1;
        }
    }
    return 0;
}

int dial_plan_load(const char *path, dial_plan *plan, char *why, size_t why_size)
{
    dial_plan_init(plan);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(why, why_size, "%s: cannot open the dial plan", path);
        return -1;
    }
    char line[512];
    unsigned lineno = 0;
    int status = 0;
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        char *hash = strchr(line, '#');
        if (hash && (hash == line || hash[-1] == ' ' || hash[-1] == '\t'))
            *hash = '\0';
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            continue;
        if (plan->count == DIAL_PLAN_MAX_RULES) {
            snprintf(why, why_size, "%s:%u:1: more than %d rules", path, lineno,
                     DIAL_PLAN_MAX_RULES);
            status = -1;
            break;
        }
        char msg[256];
        int col = 1;
        if (parse_rule(line, &plan->rules[plan->count], msg, sizeof(msg), &col) != 0) {
            snprintf(why, why_size, "%s:%u:%d: %s", path, lineno, col, msg);
            status = -1;
            break;
        }
        plan->count++;
    }
    fclose(f);
    return status;
}

const dial_rule *dial_plan_lookup(const dial_plan *plan, const char *dial_string)
{
    char digits[64];
    digits_of(dial_string, digits, sizeof(digits));
    for (size_t i = 0; i < plan->count; i++)
        if (plan->rules[i].match_any || strcmp(plan->rules[i].digits, digits) == 0)
            return &plan->rules[i];
    return &default_rule;
}
