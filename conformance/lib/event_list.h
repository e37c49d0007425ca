/*
 * event_list.h - read a fake-faxsvc event log (JSON lines, docs/events.md) and ask it
 * questions: which verdicts were given for a clause, at which level.
 */
#ifndef FSPKIT_EVENT_LIST_H
#define FSPKIT_EVENT_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "json_flat.h"

/* The host's events as the kit's own strict reader reads them (json_flat.h): the full
 * range of the writer's integers, 64-bit handles and packet fields included. */
typedef struct event_list {
    json_flat *items;
    size_t count;
    size_t capacity;
    size_t dropped;     /* lines past EVENT_LIST_READ_LIMIT that were not kept */
} event_list;

/* Loads every line of `path`. Returns 0, or -1 with "path:line: problem" in `why`.
 * A log whose schema version this reader does not know is refused. Memory stays bounded
 * whatever wrote the log: past EVENT_LIST_READ_LIMIT bytes only the events verdicts and
 * the run's ending rest on are kept (verdicts, calls, returns, the run's records), the
 * rest counted in `dropped` (issue 13). */
#define EVENT_LIST_READ_LIMIT (256ull * 1024 * 1024)
int event_list_load(const char *path, event_list *list, char *why, size_t why_size);
void event_list_free(event_list *list);

/* A member of an event as a string, or NULL when absent or not a string. */
const char *event_get_str(const json_flat *event, const char *key);
/* A member as an integer that fits int64_t: 1 and *value, or 0. */
int event_get_int(const json_flat *event, const char *key, int64_t *value);

/* The first verdict for `clause` at `level` ("FAIL", ...; NULL for any level) whose
 * message contains `text` (NULL for any message), or NULL. */
const json_flat *event_list_find_verdict(const event_list *list, const char *clause,
                                      const char *level, const char *text);
/* The first event of type `type` (its "ev") after index `from`, and its index in
 * *index (may be NULL); NULL when there is none. */
const json_flat *event_list_find_event(const event_list *list, const char *type, size_t from,
                                    size_t *index);
/* The first "return" event of the call `fn` whose BOOL is `which` (0 FALSE, 1 TRUE,
 * -1 either), or NULL. */
const json_flat *event_list_find_return(const event_list *list, const char *fn, int which);
/* How many events of type `type` the log holds. */
size_t event_list_count_events(const event_list *list, const char *type);
/* How many verdicts have `level`. */
size_t event_list_count_level(const event_list *list, const char *level);
/* Appends a verdict the reader itself gives (fspconform judging how the host ended),
 * shaped as the host's own. Returns 0, or -1 when out of memory. */
int event_list_add_verdict(event_list *list, const char *level, const char *clause,
                           const char *strength, const char *message);
/* Moves every event of `from` to the end of `into` (runs of one DLL, one after the
 * other, read as one log); `from` is left empty. Returns 0, or -1 when out of memory
 * (then what was not moved is still `from`'s). */
int event_list_take(event_list *into, event_list *from);
/* The last call into the FSP with no return on its thread: its "fn" (and "job", or
 * NULL) - what a process that ended early ended in. NULL when every call returned. */
const char *event_list_open_call(const event_list *list, const char **job);

/* Every verdict, one per line as "LEVEL CLAUSE message" (for failure messages).
 * The caller frees the result. */
char *event_list_describe_verdicts(const event_list *list);

#endif /* FSPKIT_EVENT_LIST_H */
