/*
 * options.h - fspconform's command line: what it accepts (the usage text) and the
 * options the run takes from it.
 */
#ifndef FSPCONFORM_OPTIONS_H
#define FSPCONFORM_OPTIONS_H

#include <stddef.h>

enum { EXIT_CLEAN = 0, EXIT_VIOLATION = 1, EXIT_USAGE = 2 };

#define MAX_SCENARIOS 32
#define MAX_VARS 16
#define MAX_ONLY 16
#define MAX_STOPS 8

typedef struct options {
    const char *dll;
    const char *scenarios[MAX_SCENARIOS + 1];   /* NULL-terminated */
    size_t scenario_count;
    const char *vars[MAX_VARS];                 /* NAME=VALUE, passed on as --var */
    size_t var_count;
    const char *only[MAX_ONLY];                 /* --only CLAUSE|SCENARIO */
    size_t only_count;
    /* --stop-at CLAUSE[:LEVEL]: the battery stops after the scenario in which CLAUSE
     * was judged LEVEL (FAIL, the default, or WARN: a WARN or a FAIL) */
    const char *stop_clause[MAX_STOPS];
    const char *stop_level[MAX_STOPS];
    size_t stop_count;
    const char *build_dir;
    const char *events_copy;
    const char *junit;                          /* --junit FILE: the report as JUnit XML */
    int tap;                                    /* --tap: the report as TAP on stdout */
    const char *html_dir;                       /* --html: timelines of failing scenarios */
    const char *seed;                           /* --seed N, passed on (digits checked) */
    const char *dial;                           /* --dial: ${NUMBER} (default 5551000) */
    const char *ring;                           /* --ring: ${RING}, a command line */
    const char *setup;                          /* --setup FILE.reg */
    unsigned timeout_s;                         /* the whole run */
    unsigned budget_s;                          /* each battery scenario */
    unsigned call_timeout_s;                    /* a call into the FSP, an operation's wait */
    unsigned memory_limit_mb;                   /* the host's data, whatever the DLL takes */
    int line;                                   /* --line: -1 none, 0 tcp, n for COMn */
    int no_battery;                             /* --no-battery: the scenario files alone */
} options;

/* Parses argv into *opt. --help, --version and --list print and exit 0 themselves;
 * returns 0 (after one line on stderr) for a usage error, 1 when the run may go on. */
int options_parse(int argc, char **argv, options *opt);

#endif /* FSPCONFORM_OPTIONS_H */
