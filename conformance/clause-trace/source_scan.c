/*
 * source_scan.c - clause IDs in source files (see source_scan.h).
 */
#include "source_scan.h"

#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t size = 0, cap = 4096, n;
    char *text = malloc(cap);
    while (text && (n = fread(text + size, 1, cap - size - 1, f)) > 0) {
        size += n;
        if (cap - size - 1 == 0) {
            char *grown = realloc(text, cap * 2);
            if (!grown) {
                free(text);
                text = NULL;
                break;
            }
            text = grown;
            cap *= 2;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (!text || failed) {
        free(text);
        return NULL;
    }
    text[size] = '\0';
    return text;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const source_file *)a)->path, ((const source_file *)b)->path);
}

int source_set_load(source_set *set, const char *const *patterns, char *why, size_t why_size)
{
    memset(set, 0, sizeof(*set));
    for (size_t p = 0; patterns[p]; p++) {
        glob_t found;
        if (glob(patterns[p], 0, NULL, &found) != 0)
            continue; /* nothing matches: a folder with no such files */
        source_file *grown = realloc(set->files, (set->count + found.gl_pathc) * sizeof(*grown));
        if (!grown) {
            globfree(&found);
            snprintf(why, why_size, "out of memory");
            return -1;
        }
        set->files = grown;
        for (size_t i = 0; i < found.gl_pathc; i++) {
            source_file *f = &set->files[set->count];
            f->path = strdup(found.gl_pathv[i]);
            f->text = read_all(found.gl_pathv[i]);
            if (!f->path || !f->text) {
                snprintf(why, why_size, "%s: cannot be read", found.gl_pathv[i]);
                free(f->path);
                free(f->text);
                globfree(&found);
                return -1;
            }
            set->count++;
        }
        globfree(&found);
    }
    qsort(set->files, set->count, sizeof(*set->files), by_path);
    return 0;
}

void source_set_free(source_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        free(set->files[i].path);
        free(set->files[i].text);
    }
    free(set->files);
    memset(set, 0, sizeof(*set));
}

/* A clause ID is letters, '-', digits: a mention is not inside a longer word or number. */
static int is_id_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_';
}

size_t source_mentions(const source_file *file, const char *id, unsigned *lines, size_t max)
{
    size_t n = 0, len = strlen(id);
    unsigned line = 1;
    const char *scanned = file->text;
    for (const char *p = file->text; (p = strstr(p, id)) != NULL; p += len) {
        for (; scanned < p; scanned++)
            line += *scanned == '\n';
        if ((p > file->text && is_id_char(p[-1])) || is_id_char(p[len]))
            continue;
        if (n < max)
            lines[n] = line;
        n++;
    }
    return n;
}
