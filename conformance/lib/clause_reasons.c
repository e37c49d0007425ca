/*
 * clause_reasons.c - the unjudged clauses' reasons (see clause_reasons.h).
 */
#include "clause_reasons.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsp_clauses.h"

const clause_reason *clause_reasons_find(const clause_reasons *reasons, const char *id)
{
    for (size_t i = 0; i < reasons->count; i++)
        if (strcmp(reasons->items[i].id, id) == 0)
            return &reasons->items[i];
    return NULL;
}

void clause_reasons_free(clause_reasons *reasons)
{
    for (size_t i = 0; i < reasons->count; i++)
        free(reasons->items[i].reason);
    free(reasons->items);
    memset(reasons, 0, sizeof(*reasons));
}

int clause_reasons_load(const char *path, clause_reasons *out, char *why, size_t why_size)
{
    memset(out, 0, sizeof(*out));
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(why, why_size, "%s: cannot be opened (run from the repository root)", path);
        return -1;
    }
    char line[2048];
    unsigned number = 0;
    int status = 0;
    while (status == 0 && fgets(line, sizeof(line), f)) {
        number++;
        line[strcspn(line, "\r\n")] = '\0';
        char *p = line + strspn(line, " \t");
        if (*p == '\0' || *p == '#')
            continue;
        size_t id_len = strcspn(p, " \t");
        char *reason = p + id_len + strspn(p + id_len, " \t");
        clause_reason item = {.line = number};
        if (id_len >= sizeof(item.id)) {
            snprintf(why, why_size, "%s:%u: '%.20s...' is no clause ID", path, number, p);
            status = -1;
            break;
        }
        memcpy(item.id, p, id_len);
        item.id[id_len] = '\0';
        const clause_reason *earlier = clause_reasons_find(out, item.id);
        if (!fsp_clause_find(item.id))
            snprintf(why, why_size, "%s:%u: %s is no clause of docs/contract.md", path, number,
                     item.id);
        else if (earlier)
            snprintf(why, why_size, "%s:%u: %s has a reason already (line %u)", path, number,
                     item.id, earlier->line);
        else if (*reason == '\0')
            snprintf(why, why_size, "%s:%u: %s: the reason is missing", path, number, item.id);
        if (!fsp_clause_find(item.id) || earlier || *reason == '\0') {
            status = -1;
            break;
        }
        clause_reason *grown = realloc(out->items, (out->count + 1) * sizeof(*grown));
        if (grown)
            out->items = grown;
        if (!grown || !(item.reason = strdup(reason))) {
            snprintf(why, why_size, "%s:%u: out of memory", path, number);
            status = -1;
            break;
        }
        out->items[out->count++] = item;
    }
    fclose(f);
    if (status != 0)
        clause_reasons_free(out);
    return status;
}
