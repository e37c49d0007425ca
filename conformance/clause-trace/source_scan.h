/*
 * source_scan.h - where a clause ID is mentioned in the kit's sources: files read once
 * into lines, then searched for an ID as a whole token ("SEND-1" is not in "SEND-10").
 */
#ifndef FSPKIT_SOURCE_SCAN_H
#define FSPKIT_SOURCE_SCAN_H

#include <stddef.h>

typedef struct source_file {
    char *path;             /* as globbed, relative to the repository root */
    char *text;             /* the whole file, NUL-terminated */
} source_file;

typedef struct source_set {
    source_file *files;     /* sorted by path */
    size_t count;
} source_set;

/* Reads every file the glob patterns match (NULL-terminated list). Returns 0, or -1
 * with the reason (a file that cannot be read) in `why`. */
int source_set_load(source_set *set, const char *const *patterns, char *why, size_t why_size);
void source_set_free(source_set *set);

/* The line numbers (from 1) where `id` appears as a token in `file`, at most `max`;
 * returns how many there are in all. */
size_t source_mentions(const source_file *file, const char *id, unsigned *lines, size_t max);

#endif /* FSPKIT_SOURCE_SCAN_H */
