/*
 * proc_table.c - the process table through /proc (see proc_table.h).
 */
#define _GNU_SOURCE
#include "proc_table.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int proc_table_read(int pid, proc_entry *entry)
{
    char path[64], stat[512] = "";
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    if (!fgets(stat, sizeof(stat), f))
        stat[0] = '\0';
    fclose(f);
    /* "PID (NAME) STATE PPID ...": the name may hold blanks and parentheses */
    const char *open_paren = strchr(stat, '('), *close_paren = strrchr(stat, ')');
    if (!open_paren || !close_paren || close_paren < open_paren)
        return 0;
    memset(entry, 0, sizeof(*entry));
    entry->pid = pid;
    snprintf(entry->name, sizeof(entry->name), "%.*s",
             (int)(close_paren - open_paren - 1), open_paren + 1);
    return sscanf(close_paren + 1, " %c %d", &entry->state, &entry->parent) == 2;
}

size_t proc_table_pids(int *pids, size_t size)
{
    size_t n = 0;
    DIR *proc = opendir("/proc");
    for (struct dirent *e; proc && n < size && (e = readdir(proc)) != NULL;)
        if (isdigit((unsigned char)e->d_name[0]))
            pids[n++] = atoi(e->d_name);
    if (proc)
        closedir(proc);
    return n;
}

int proc_table_in_prefix(int pid, const char *prefix)
{
    char path[64], want[320], env[16384];
    size_t want_len = (size_t)snprintf(want, sizeof(want), "WINEPREFIX=%s", prefix) + 1;
    snprintf(path, sizeof(path), "/proc/%d/environ", pid);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(env, 1, sizeof(env), f) : 0;
    if (f)
        fclose(f);
    for (size_t at = 0; at + want_len <= n; at += strnlen(env + at, n - at) + 1)
        if (memcmp(env + at, want, want_len) == 0)
            return 1;
    return 0;
}
