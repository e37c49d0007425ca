/*
 * proc_table.h - the process table as the tests that check "nothing left behind" read it
 * (/proc): a process's name, its parent and state, and whether its environment names a
 * Wine prefix. Linux only, like the kit's native side.
 */
#ifndef FSPKIT_PROC_TABLE_H
#define FSPKIT_PROC_TABLE_H

#include <stddef.h>

/* What /proc/PID/stat says: the name (comm), the state letter and the parent. 0 when
 * the process is gone. */
typedef struct proc_entry {
    int pid, parent;
    char name[64];
    char state;
} proc_entry;
int proc_table_read(int pid, proc_entry *entry);

/* The PIDs alive now, at most `size`; how many. */
size_t proc_table_pids(int *pids, size_t size);

/* 1 when the process's environment has WINEPREFIX=prefix. */
int proc_table_in_prefix(int pid, const char *prefix);

#endif /* FSPKIT_PROC_TABLE_H */
