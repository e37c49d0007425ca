/*
 * modem_sim_proc.h - start modem-sim for a test, talk to its control socket, stop it.
 *
 * Each instance gets a private folder (pty link, inbox, docs, logs) and free ports, so
 * tests can run side by side. Shared by the modem-sim suites and, later, by the host's
 * modem scenarios.
 */
#ifndef FSPKIT_MODEM_SIM_PROC_H
#define FSPKIT_MODEM_SIM_PROC_H

#include <stddef.h>
#include <sys/types.h>

typedef struct modem_sim_proc {
    pid_t pid;
    int control;              /* connected control socket, or -1 */
    char dir[128];            /* private folder (kit_temp.h): everything below lives here */
    char pty[160];            /* DIR/modem: the pty link a DTE opens */
    char inbox[160];          /* DIR/inbox */
    char docs[160];           /* DIR/docs: relative `ring` files are found here */
    char log[160];            /* DIR/modem-sim.log: its stderr event log */
    unsigned tcp_port;        /* 0 when no TCP line */
    unsigned control_port;
    char pending[2048];       /* control bytes read but not yet returned */
    size_t pending_len;
} modem_sim_proc;

/* Starts BUILD/native/modem-sim with --pty, --control 0, --inbox, --docs, the event log
 * in DIR, plus `extra` (NULL-terminated; e.g. {"--tcp", "0", NULL}). Waits for its
 * READY line and connects to the control socket. Returns 0, or -1 with the reason. */
int modem_sim_start(modem_sim_proc *m, const char *const extra[], char *why, size_t why_size);
/* The same with the modem-sim at `program` (an installed kit's, say). */
int modem_sim_start_program(modem_sim_proc *m, const char *program, const char *const extra[],
                            char *why, size_t why_size);

/* Sends one control command and returns its reply line (EVENT lines are skipped) within
 * timeout_ms. Returns 0, or -1 with the reason in `reply`. */
int modem_sim_command(modem_sim_proc *m, const char *command, char *reply, size_t reply_size,
                      unsigned timeout_ms);

/* 1 while the process runs; 0 once it has ended (then `how` says how: "exit status 3",
 * "killed by signal 9") - a modem-sim that died under a run is the kit's fault, not the
 * FSP's, and the run must say so. */
int modem_sim_alive(modem_sim_proc *m, char *how, size_t how_size);

/* `quit`, then waits for the process (kills it after 10 s). Returns its exit status
 * (-1 when it had to be killed). Removes the private folder unless FSPKIT_KEEP is set. */
int modem_sim_stop(modem_sim_proc *m);

#endif /* FSPKIT_MODEM_SIM_PROC_H */
