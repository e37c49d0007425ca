/*
 * replay.h - the command that runs a report's verdict again: the user's own command line
 * without the options that only shape the output (--tap, --junit, --events, --html),
 * plus the seed of a race fuzz block the run drew itself (--seed makes it repeat). A
 * clause's replay adds --only CLAUSE where the battery can narrow to it.
 */
#ifndef FSPCONFORM_REPLAY_H
#define FSPCONFORM_REPLAY_H

#include <stddef.h>

#include "event_list.h"

/* The arguments after the program's name, each quoted for a POSIX shell where needed. */
void replay_args(int argc, char **argv, const event_list *events, char *buf, size_t size);

/* --only CLAUSE can narrow the replay to the battery scenarios that exercise it. */
int replay_narrowable(const char *clause_id);

#endif /* FSPCONFORM_REPLAY_H */
