/*
 * hold_points.c - hold point names and matching (see hold_points.h).
 */
#include "hold_points.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct hold_name {
    const char *name;
    hold_kind kind;
    int args;           /* 0, 1 (page) or 2 (page, bytes) */
} hold_name;

static const hold_name names[] = {
    {"after-dial", HOLD_AFTER_DIAL, 0},
    {"after-connect", HOLD_AFTER_CONNECT, 0},
    {"phase-b", HOLD_PHASE_B, 0},
    {"mid-page", HOLD_MID_PAGE, 2},
    {"post-page-ppr", HOLD_POST_PAGE_PPR, 1},
    {"between-pages", HOLD_BETWEEN_PAGES, 1},
    {"before-hangup", HOLD_BEFORE_HANGUP, 0},
    {"ring", HOLD_RING, 0},
    {"answering", HOLD_ANSWERING, 0},
    {"rx-mid-page", HOLD_RX_MID_PAGE, 2},
    {"rx-post-page", HOLD_RX_POST_PAGE, 1},
    {"ending", HOLD_ENDING, 0},
};

static int parse_number(const char *word, unsigned long min, unsigned long *out)
{
    char *end;
    if (!word || !*word)
        return -1;
    unsigned long v = strtoul(word, &end, 10);
    if (*end || v < min || v > 100000000ul)
        return -1;
    *out = v;
    return 0;
}

int hold_point_parse(const char *text, hold_point *point, char *why, size_t why_size)
{
    char copy[128], *words[4] = {0};
    int count = 0;
    snprintf(copy, sizeof(copy), "%s", text);
    for (char *save = NULL, *w = strtok_r(copy, " \t", &save); w && count < 4;
         w = strtok_r(NULL, " \t", &save))
        words[count++] = w;
    if (count == 0) {
        snprintf(why, why_size, "no hold point named");
        return -1;
    }
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(words[0], names[i].name) != 0)
            continue;
        if (count - 1 != names[i].args) {
            snprintf(why, why_size, "%s takes %s", names[i].name,
                     names[i].args == 0 ? "no arguments"
                     : names[i].args == 1 ? "a page number (from 1)"
                                          : "a page number (from 1) and a byte count");
            return -1;
        }
        unsigned long page = 0, bytes = 0;
        if (names[i].args >= 1 && parse_number(words[1], 1, &page) != 0) {
            snprintf(why, why_size, "%s: page '%s' is not a number from 1", names[i].name,
                     words[1]);
            return -1;
        }
        if (names[i].args == 2 && parse_number(words[2], 0, &bytes) != 0) {
            snprintf(why, why_size, "%s: bytes '%s' is not a number", names[i].name,
                     words[2]);
            return -1;
        }
        point->kind = names[i].kind;
        point->page = (unsigned)page;
        point->bytes = bytes;
        return 0;
    }
    snprintf(why, why_size, "unknown hold point '%s'", words[0]);
    return -1;
}

void hold_point_format(const hold_point *point, char *buf, size_t size)
{
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (names[i].kind != point->kind)
            continue;
        if (names[i].args == 0)
            snprintf(buf, size, "%s", names[i].name);
        else if (names[i].args == 1)
            snprintf(buf, size, "%s %u", names[i].name, point->page);
        else
            snprintf(buf, size, "%s %u %lu", names[i].name, point->page, point->bytes);
        return;
    }
    snprintf(buf, size, "none");
}

int hold_point_matches(const hold_point *armed, const hold_point *reached)
{
    if (armed->kind == HOLD_NONE || armed->kind != reached->kind)
        return 0;
    switch (armed->kind) {
    case HOLD_MID_PAGE:
    case HOLD_RX_MID_PAGE:
        return armed->page == reached->page && reached->bytes >= armed->bytes;
    case HOLD_POST_PAGE_PPR:
    case HOLD_BETWEEN_PAGES:
    case HOLD_RX_POST_PAGE:
        return armed->page == reached->page;
    default:
        return 1;
    }
}
