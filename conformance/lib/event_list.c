/*
 * event_list.c - event log reader (see event_list.h).
 */
#define _GNU_SOURCE /* getline */
#include "event_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_line.h"

#define KNOWN_SCHEMA_VERSION 1

/* Appends a parsed event. 0, or -1 when out of memory. */
static int append(event_list *list, json_flat *event, size_t *capacity)
{
    if (list->count == *capacity) {
        *capacity = *capacity ? *capacity * 2 : 64;
        json_flat *grown = realloc(list->items, *capacity * sizeof(*grown));
        if (!grown)
            return -1;
        list->items = grown;
    }
    list->items[list->count++] = *event;
    return 0;
}

/* What is still kept past the read limit. */
static int essential(const json_flat *event)
{
    static const char *const kept[] = {"run", "load", "export", "devices", "scenario", "call",
                                       "return", "verdict", "summary", "error", "log-limit"};
    const char *type = json_flat_str(event, "ev");
    for (size_t i = 0; type && i < sizeof(kept) / sizeof(kept[0]); i++)
        if (strcmp(type, kept[i]) == 0)
            return 1;
    return 0;
}

int event_list_load(const char *path, event_list *list, char *why, size_t why_size)
{
    list->items = NULL;
    list->count = 0;
    list->capacity = 0;
    list->dropped = 0;
    unsigned long long read_bytes = 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(why, why_size, "%s: cannot open the event log", path);
        return -1;
    }
    char *line = NULL, problem[160];
    size_t cap = 0;
    ssize_t length;
    unsigned lineno = 0;
    int status = 0;
    while ((length = getline(&line, &cap, f)) >= 0) {
        lineno++;
        read_bytes += (unsigned long long)length;
        if (line[0] == '\n' || line[0] == '\0')
            continue;
        json_flat event;
        if (json_flat_parse(line, (size_t)length, &event, problem, sizeof(problem)) != 0) {
            /* A process killed while writing leaves its last line torn (no newline):
             * everything before it still counts. Anywhere else it is a bad log. */
            if (line[length - 1] != '\n' && getc(f) == EOF)
                break;
            snprintf(why, why_size, "%s:%u: not a flat JSON object: %s", path, lineno, problem);
            status = -1;
            break;
        }
        int64_t version = 0;
        if (!json_flat_int(&event, "v", &version) || version != KNOWN_SCHEMA_VERSION) {
            snprintf(why, why_size, "%s:%u: event schema version %s is not %d", path,
                     lineno, json_flat_get(&event, "v") ? "other" : "missing",
                     KNOWN_SCHEMA_VERSION);
            json_flat_free(&event);
            status = -1;
            break;
        }
        if (read_bytes > EVENT_LIST_READ_LIMIT && !essential(&event)) {
            json_flat_free(&event);
            list->dropped++;
            continue;
        }
        if (append(list, &event, &list->capacity) != 0) {
            snprintf(why, why_size, "%s: out of memory", path);
            json_flat_free(&event);
            status = -1;
            break;
        }
    }
    free(line);
    fclose(f);
    if (status != 0)
        event_list_free(list);
    return status;
}

void event_list_free(event_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        json_flat_free(&list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = 0;
    list->capacity = 0;
}

const char *event_get_str(const json_flat *event, const char *key)
{
    return json_flat_str(event, key);
}

int event_get_int(const json_flat *event, const char *key, int64_t *value)
{
    return json_flat_int(event, key, value);
}

static int is_verdict(const json_flat *event)
{
    const char *type = event_get_str(event, "ev");
    return type && strcmp(type, "verdict") == 0;
}

static int text_matches(const char *have, const char *want)
{
    return !want || (have && strcmp(have, want) == 0);
}

const json_flat *event_list_find_verdict(const event_list *list, const char *clause,
                                      const char *level, const char *text)
{
    for (size_t i = 0; i < list->count; i++) {
        const json_flat *event = &list->items[i];
        if (!is_verdict(event) || !text_matches(event_get_str(event, "clause"), clause) ||
            !text_matches(event_get_str(event, "level"), level))
            continue;
        const char *msg = event_get_str(event, "msg");
        if (!text || (msg && strstr(msg, text)))
            return event;
    }
    return NULL;
}

const json_flat *event_list_find_event(const event_list *list, const char *type, size_t from,
                                    size_t *index)
{
    for (size_t i = from; i < list->count; i++) {
        const char *ev = event_get_str(&list->items[i], "ev");
        if (ev && strcmp(ev, type) == 0) {
            if (index)
                *index = i;
            return &list->items[i];
        }
    }
    return NULL;
}

size_t event_list_count_events(const event_list *list, const char *type)
{
    size_t n = 0, at = 0;
    while (event_list_find_event(list, type, at, &at)) {
        n++;
        at++;
    }
    return n;
}

size_t event_list_count_level(const event_list *list, const char *level)
{
    size_t n = 0;
    for (size_t i = 0; i < list->count; i++)
        if (is_verdict(&list->items[i]) &&
            text_matches(event_get_str(&list->items[i], "level"), level))
            n++;
    return n;
}

char *event_list_describe_verdicts(const event_list *list)
{
    /* The worst first: a failure message is cut at 8 KB (Check keeps BUFSIZ), and the
     * FAIL that explains it must not be lost behind hundreds of PASS lines. */
    static const char *const order[] = {"FAIL", "WARN", "INFO", "PASS"};
    size_t len = 0, cap = 256;
    char *text = malloc(cap);
    if (!text)
        return NULL;
    text[0] = '\0';
    for (size_t round = 0; round <= sizeof(order) / sizeof(order[0]); round++) {
        for (size_t i = 0; i < list->count; i++) {
            const json_flat *event = &list->items[i];
            if (!is_verdict(event))
                continue;
            const char *level = event_get_str(event, "level");
            int known = 0;
            for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
                known |= level && strcmp(level, order[k]) == 0;
            /* the last round: levels the order does not name */
            if (round < sizeof(order) / sizeof(order[0])
                    ? !level || strcmp(level, order[round]) != 0 : known)
                continue;
            const char *clause = event_get_str(event, "clause");
            const char *msg = event_get_str(event, "msg");
            int need = snprintf(NULL, 0, "  %s %s %s\n", level ? level : "?",
                                clause ? clause : "?", msg ? msg : "");
            if (len + (size_t)need + 1 > cap) {
                cap = (len + (size_t)need + 1) * 2;
                char *grown = realloc(text, cap);
                if (!grown)
                    return text;
                text = grown;
            }
            len += (size_t)snprintf(text + len, cap - len, "  %s %s %s\n", level ? level : "?",
                                    clause ? clause : "?", msg ? msg : "");
        }
    }
    if (len == 0)
        snprintf(text, cap, "  (no verdicts)\n");
    return text;
}

int event_list_add_verdict(event_list *list, const char *level, const char *clause,
                           const char *strength, const char *message)
{
    /* Written as the host writes its events, then read back like them. */
    json_line line = {0};
    json_line_begin(&line);
    json_line_u64(&line, "v", KNOWN_SCHEMA_VERSION);
    json_line_str(&line, "ev", "verdict");
    json_line_str(&line, "level", level);
    json_line_str(&line, "clause", clause);
    json_line_str(&line, "strength", strength);
    json_line_str(&line, "msg", message);
    size_t length = 0;
    const char *text = json_line_finish(&line, &length);
    json_flat event;
    int status = text && json_flat_parse(text, length, &event, NULL, 0) == 0 ? 0 : -1;
    json_line_free(&line);
    if (status == 0 && append(list, &event, &list->capacity) != 0) {
        json_flat_free(&event);
        status = -1;
    }
    return status;
}

const json_flat *event_list_find_return(const event_list *list, const char *fn, int which)
{
    for (size_t i = 0; i < list->count; i++) {
        const char *type = event_get_str(&list->items[i], "ev");
        const char *name = event_get_str(&list->items[i], "fn");
        int64_t ret;
        if (type && name && strcmp(type, "return") == 0 && strcmp(name, fn) == 0 &&
            (which < 0 || (event_get_int(&list->items[i], "ret", &ret) && (ret != 0) == which)))
            return &list->items[i];
    }
    return NULL;
}

int event_list_take(event_list *into, event_list *from)
{
    for (size_t i = 0; i < from->count; i++) {
        if (append(into, &from->items[i], &into->capacity) != 0) {
            /* what was moved is `into`'s now; the rest stays `from`'s to free */
            memmove(from->items, from->items + i, (from->count - i) * sizeof(*from->items));
            from->count -= i;
            return -1;
        }
    }
    from->count = 0;
    return 0;
}

const char *event_list_open_call(const event_list *list, const char **job)
{
    /* Backwards: a return waits for its thread's call; a call no return waits for is
     * the open one. */
    int64_t waiting[256];
    size_t waiting_count = 0;
    for (size_t i = list->count; i-- > 0;) {
        const json_flat *event = &list->items[i];
        const char *type = event_get_str(event, "ev");
        if (!type || (strcmp(type, "call") != 0 && strcmp(type, "return") != 0))
            continue;
        int64_t tid = 0;
        event_get_int(event, "tid", &tid);
        size_t w = 0;
        while (w < waiting_count && waiting[w] != tid)
            w++;
        if (strcmp(type, "return") == 0) {
            if (w == waiting_count && waiting_count < sizeof(waiting) / sizeof(waiting[0]))
                waiting[waiting_count++] = tid;
        } else if (w < waiting_count) {
            waiting[w] = waiting[--waiting_count]; /* matched its return */
        } else {
            *job = event_get_str(event, "job");
            return event_get_str(event, "fn");
        }
    }
    *job = NULL;
    return NULL;
}
