/*
 * dial_plan.h - what the remote end of an outgoing call does, by number.
 *
 * File format (docs/modem-sim.md has the full story), one rule per line, '#' comments:
 *
 *     # number   behaviour         arguments
 *     5551000    fax               id="ACME SALES"
 *     5551001    busy
 *     5551002    no-answer
 *     5551003    no-dialtone
 *     5551004    voice
 *     5551007    no-carrier
 *     5551005    disconnect-page   2
 *     5551006    reject-page       1 times=2
 *     *          fax
 *
 * Numbers compare on their digits only (ATDT555-1000 matches 5551000); `*` matches
 * any number. The first matching rule wins. Without a plan, or when nothing matches,
 * every number answers as a fax machine with the default ID.
 */
#ifndef MODEMSIM_DIAL_PLAN_H
#define MODEMSIM_DIAL_PLAN_H

#include <stddef.h>

#define DIAL_PLAN_DEFAULT_ID "MODEM-SIM REMOTE"
#define DIAL_PLAN_MAX_RULES 256

typedef enum remote_behaviour {
    REMOTE_FAX,              /* answers as a fax machine */
    REMOTE_BUSY,             /* BUSY */
    REMOTE_NO_ANSWER,        /* rings out: NO ANSWER */
    REMOTE_NO_DIALTONE,      /* NO DIALTONE */
    REMOTE_VOICE,            /* a person answers: no fax handshake */
    REMOTE_NO_CARRIER,       /* something answers, no carrier is heard: NO CARRIER */
    REMOTE_DISCONNECT_PAGE,  /* hangs up while page N is being sent */
    REMOTE_REJECT_PAGE       /* answers page N with RTN (bad copy) */
} remote_behaviour;

typedef struct dial_rule {
    char digits[64];         /* "" with match_any */
    int match_any;
    remote_behaviour behaviour;
    char station_id[21];     /* the remote's CSI (20 characters at most) */
    unsigned page;           /* disconnect-page / reject-page */
    unsigned times;          /* reject-page: how many attempts get RTN; 0 = every one */
} dial_rule;

typedef struct dial_plan {
    dial_rule rules[DIAL_PLAN_MAX_RULES];
    size_t count;
} dial_plan;

/* An empty plan: every number is a fax machine. */
void dial_plan_init(dial_plan *plan);

/* Loads `path`. Returns 0, or -1 with "path:line:col: message" in `why`. */
int dial_plan_load(const char *path, dial_plan *plan, char *why, size_t why_size);

/* The rule for a dial string ("T5551000", "555-1000;"). Never NULL: the default rule
 * (fax, default ID) when nothing matches. */
const dial_rule *dial_plan_lookup(const dial_plan *plan, const char *dial_string);

/* The number a dial string dials: its dial digits (0-9 * # + A-D) without the V.250
 * dial modifiers (T P W , ! @ ; and S=n) or the separators people write (blanks,
 * - ( ) .): "T5551000" and "W9,555-1000;" dial "5551000" and "95551000". */
void dial_number_of(const char *dial_string, char *out, size_t size);

/* Behaviour name as written in plans ("no-answer"). */
const char *remote_behaviour_name(remote_behaviour behaviour);

#endif /* MODEMSIM_DIAL_PLAN_H */
