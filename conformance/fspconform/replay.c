/*
 * replay.c - the command that runs a verdict again (see replay.h).
 */
#include "replay.h"

#include <stdio.h>
#include <string.h>

#include "battery.h"

/* Appends " WORD" to buf, in single quotes unless WORD is plain. */
static void append_word(char *buf, size_t size, const char *word)
{
    size_t used = strlen(buf);
    int plain = *word && strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789_-+=.,:/@%") == strlen(word);
    if (used + 1 >= size)
        return;
    if (used > 0)
        buf[used++] = ' ';
    if (plain) {
        snprintf(buf + used, size - used, "%s", word);
        return;
    }
    /* 'it'\''s': a quote inside ends the quoting, gives a quoted quote, starts again */
    if (used + 1 < size)
        buf[used++] = '\'';
    for (const char *c = word; *c && used + 5 < size; c++) {
        if (*c == '\'') {
            memcpy(buf + used, "'\\''", 4);
            used += 4;
        } else {
            buf[used++] = *c;
        }
    }
    if (used + 1 < size)
        buf[used++] = '\'';
    buf[used < size ? used : size - 1] = '\0';
}

void replay_args(int argc, char **argv, const event_list *events, char *buf, size_t size)
{
    static const char *const dropped_with_value[] = {"--junit", "--events", "--html"};
    int seeded = 0;
    buf[0] = '\0';
    for (int i = 1; i < argc; i++) {
        seeded |= strcmp(argv[i], "--seed") == 0;
        if (strcmp(argv[i], "--tap") == 0)
            continue;
        int valued = 0;
        for (size_t d = 0; d < sizeof(dropped_with_value) / sizeof(dropped_with_value[0]); d++)
            valued |= strcmp(argv[i], dropped_with_value[d]) == 0;
        if (valued)
            i++;  /* and its value */
        else
            append_word(buf, size, argv[i]);
    }
    /* The seed a fuzz block drew for itself: without it the replay draws another. */
    size_t at = 0;
    for (const json_flat *e = event_list_find_event(events, "race", 0, &at); e && !seeded;
         e = event_list_find_event(events, "race", at + 1, &at)) {
        const char *seed = event_get_str(e, "seed");
        if (seed && *seed) {
            char option[48];
            snprintf(option, sizeof(option), "--seed %s", seed);
            char rest[8192];
            snprintf(rest, sizeof(rest), "%s", buf);
            snprintf(buf, size, "%s%s%s", option, rest[0] ? " " : "", rest);
            seeded = 1;
        }
    }
}

int replay_narrowable(const char *clause_id)
{
    size_t count;
    const battery_scenario *table = battery_table(&count);
    for (size_t i = 0; i < count; i++)
        if (battery_exercises(&table[i], clause_id))
            return 1;
    return 0;
}
