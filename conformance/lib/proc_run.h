/*
 * proc_run.h - run a program to completion with a hang guard and capture what it
 * printed. Output goes to temporary files, not pipes: a program's helpers (Wine's
 * services.exe, say) may inherit the handles and keep a pipe open long after it
 * exited. The hang guard kills the program's whole process group.
 */
#ifndef FSPKIT_PROC_RUN_H
#define FSPKIT_PROC_RUN_H

#include <stddef.h>

/* What bounds a run: the hang guard, and the memory the program may take. */
typedef struct proc_bounds {
    unsigned timeout_s;   /* the program and its process group are killed after this */
    unsigned memory_mb;   /* its data (heap, mappings it may write: RLIMIT_DATA), inherited
                             by whatever it starts; 0 for no limit of the kit's */
} proc_bounds;

typedef struct proc_result {
    int exit_code;    /* the exit status; -1 when it did not exit normally */
    int timed_out;    /* the hang guard fired and the program was killed */
    int interrupted;  /* proc_run_interrupt came first, and the program was killed */
    char *out;        /* its stdout, NUL-terminated (never NULL after a run) */
    char *err;        /* its stderr */
} proc_result;

/* Runs argv[0] (a path) with argv, stdin from /dev/null, waiting at most timeout_s.
 * Returns 0 when it ran (whatever its exit code), -1 with a reason when it could not. */
int proc_run(const char *const argv[], unsigned timeout_s, proc_result *result, char *why,
             size_t why_size);
/* The same with `input` (NULL: nothing) on its stdin - a file already unlinked, so that
 * nothing but the program's stdin leads to it - and `bounds`. */
int proc_run_input(const char *const argv[], const char *input, const proc_bounds *bounds,
                   proc_result *result, char *why, size_t why_size);
void proc_result_free(proc_result *result);

/* Ctrl-C: called from a SIGINT handler (async-signal-safe). The program proc_run waits
 * for is killed within a tenth of a second (proc_result.interrupted), and so is every
 * later one at once; proc_run_interrupted() then says so. */
void proc_run_interrupt(void);
int proc_run_interrupted(void);

#endif /* FSPKIT_PROC_RUN_H */
