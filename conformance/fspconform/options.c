/*
 * options.c - fspconform's command line (see options.h).
 */
#define _GNU_SOURCE
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "battery.h"
#include "fsp_clauses.h"
#include "modem_line.h"
#include "fspkit_version.h"

static void usage(FILE *out)
{
    fprintf(out,
        "Usage: fspconform [OPTIONS] FSP.dll [SCENARIO.fsc...]\n"
        "Judge a Windows fax service provider DLL against the FSP contract: run it in the\n"
        "fake fax service (fake-faxsvc.exe, x64 or x86 as the DLL is) under Wine and\n"
        "print every clause of the contract once, with its status: PASS, FAIL, WARN,\n"
        "INFO, SKIP (with the reason it was not judged) or SERVICE (the service's part).\n"
        "\n"
        "One command tests a DLL:  fspconform YourFsp.dll\n"
        "It runs the built-in battery (--list names each scenario and the clauses it\n"
        "exercises): start-up, sends of one and three pages, idle and parallel jobs,\n"
        "reports, a receive without a ring, aborts at every point the host can hold,\n"
        "repeated jobs, and with --ring (or --line, through the kit's modem) a ring\n"
        "answered and received. With --line, sends through the kit's modem are judged\n"
        "at the far end too: pages pixel-exact, the number dialled, and the status\n"
        "reported for a busy, unanswered, voice, hung-up or RTN call; sends and\n"
        "receives are aborted at every point the modem can be frozen, and must leave\n"
        "it on hook before they return. Scenario files\n"
        "(docs/scenarios.md) given after the DLL run in addition. Where the contract is\n"
        "UNCONFIRMED (StartJob's DeviceId, the order of device creation and Initialize)\n"
        "and the FSP fails under the documented reading, the battery tries the other and,\n"
        "when it works, goes on with it and says so on a `reading:` line (device\n"
        "creation that works only after Initialize keeps its INIT-9 WARN).\n"
        "\n"
        "The FSP's own set-up:\n"
        "  --setup FILE.reg  registry values the FSP reads, as regedit exports them\n"
        "                    (REGEDIT4 or Windows Registry Editor 5.00, UTF-16LE or\n"
        "                    ASCII), written before the provider starts and removed\n"
        "                    afterwards, in the FSP's own registry view; a string\n"
        "                    value may name ${MODEM_TCP} (--line tcp), ${MODEM_COM},\n"
        "                    ${DOCS}, ${TMP} or a --var\n"
        "  --dial NUMBER     the number the battery dials (default 5551000)\n"
        "  --ring CMD        a command line (run by cmd.exe) that makes device 0 ring,\n"
        "                    for FSPs whose rings the kit cannot cause; it sees the fax\n"
        "                    to deliver as %%FSPKIT_RING_FILE%% and the device index as\n"
        "                    %%FSPKIT_RING_DEVICE%%\n"
        "  --line COMn|tcp   put modem-sim (the kit's own), a simulated Class 2.0\n"
        "                    modem and the fax machine behind it, on the FSP's own line:\n"
        "                    COMn of the Wine prefix (COM1..COM256; name it in the\n"
        "                    FSP's settings, --setup) or a TCP line (${MODEM_TCP},\n"
        "                    ${MODEM_PORT}); scenarios get ${MODEM_COM} and `modem ...`\n"
        "                    statements steer it. Undone when the run ends\n"
        "\n"
        "Choosing and bounding the run:\n"
        "  --list            list the battery's scenarios and their clauses, and exit\n"
        "  --only WHAT       run only the battery scenarios named (a scenario's name, or\n"
        "                    a clause ID: the scenarios that exercise it); repeatable\n"
        "  --no-battery      run only the scenario files given\n"
        "  --stop-at CLAUSE[:LEVEL]\n"
        "                    stop the battery after the scenario in which CLAUSE was\n"
        "                    judged LEVEL (FAIL, the default, or WARN: a WARN or a\n"
        "                    FAIL); the report shows what ran; repeatable: the\n"
        "                    battery stops once every one is reached\n"
        "  --seed N          the seed of race fuzz schedules (replays a failing run)\n"
        "  --budget S        each battery scenario's time, in seconds (default 300); one\n"
        "                    that takes longer is stopped and judged (ERR-1)\n"
        "  --call-timeout S  hang guard for a call into the FSP, and the longest wait for\n"
        "                    a send or receive to end (default 60)\n"
        "  --timeout S       the whole run, in seconds (default 1800)\n"
        "  --memory-limit MB the memory the host process (and so the FSP in it) may\n"
        "                    take (default 2048); an allocation past it fails\n"
        "\n"
        "Output and environment:\n"
        "  --events FILE     keep the host's JSON-lines event log (docs/events.md) in FILE\n"
        "  --tap             the report as TAP version 13 on stdout, for prove and CI: a\n"
        "                    test point per clause and one for the run's verdict; a FAIL\n"
        "                    is \"not ok\" with its messages and replay command (YAML), a\n"
        "                    WARN a TODO, SKIP and SERVICE are SKIPs, the figure lines\n"
        "                    \"#\" comments\n"
        "  --junit FILE      also write the report as JUnit XML to FILE: a testcase per\n"
        "                    clause (classname fspconform.FAMILY) and one for the run\n"
        "  --html DIR        a timeline (HTML) of every scenario with a FAIL, in DIR\n"
        "  --build DIR       the kit's build folder (default: $FSPKIT_BUILD, else where\n"
        "                    this program is: the build tree, or the installed kit)\n"
        "  --var N=V         a scenario variable, passed to fake-faxsvc.exe; unless DOCS\n"
        "                    is given, fspconform writes ${DOCS}/one-page.tif,\n"
        "                    two-pages.tif, three-pages.tif, the battery's light\n"
        "                    one-page-light.tif and three-pages-light.tif, and\n"
        "                    one-page-fine.tif and two-pages-fine.tif at 196 lpi\n"
        "                    (fax-testpage, seed 1, MMR)\n"
        "  --help, --version\n"
        "\n"
        "Progress goes to stderr (scenario N of M, its name, the time it took); the\n"
        "report to stdout (as TAP with --tap): every clause once, then figure lines - `time:` (each\n"
        "scenario's seconds) and `abort:` (every aimed abort that met a running\n"
        "operation: where it landed, how long the call took, how long the operation\n"
        "went on after it returned). Ctrl-C stops the run and prints what ran.\n"
        "Environment: WINEPREFIX (default: the kit's own, BUILD/wineprefix in the build\n"
        "tree, $XDG_CACHE_HOME/fspkit/wineprefix - else ~/.cache/fspkit/wineprefix -\n"
        "when installed; made on first use) and the other variables of wine-rig.sh;\n"
        "see README.md. Temporary files go to\n"
        "$FSPKIT_TMPDIR, else $TMPDIR, else /tmp, and are removed however the run ends\n"
        "(docs/reliability.md).\n"
        "Exit status: 0 no documented clause broken, 1 at least one FAIL or an INCOMPLETE\n"
        "run (FaxDevInitialize or device creation refused, or the run interrupted:\n"
        "nothing after it was tested), 2 usage error or a DLL that cannot be hosted.\n");
}

static void list_battery(FILE *out)
{
    size_t count;
    const battery_scenario *table = battery_table(&count);
    fprintf(out, "fspconform %s: the built-in battery, in the order it runs\n\n",
            FSPKIT_VERSION);
    int width = 0; /* the names' column: as wide as the longest */
    for (size_t i = 0; i < count; i++)
        if ((int)strlen(table[i].name) > width)
            width = (int)strlen(table[i].name);
    for (size_t i = 0; i < count; i++) {
        fprintf(out, "%-*s %s\n", width, table[i].name, table[i].title);
        if (table[i].needs)
            fprintf(out, "%-*s needs: %s\n", width, "",
                    (table[i].needs & BATTERY_NEEDS_RING)   ? "--ring"
                    : (table[i].needs & BATTERY_NEEDS_LINE) ? "--line"
                                                            : "two devices");
        fprintf(out, "%-*s clauses: %s\n", width, "", table[i].clauses);
    }
}

static int seconds(const char *option, const char *text, unsigned *out)
{
    char *end;
    unsigned long s = strtoul(text, &end, 10);
    if (!*text || *end || s == 0 || s > 86400) {
        fprintf(stderr, "fspconform: %s: '%s' is not 1..86400 seconds\n", option, text);
        return 0;
    }
    *out = (unsigned)s;
    return 1;
}

static int megabytes(const char *option, const char *text, unsigned *out)
{
    char *end;
    unsigned long mb = strtoul(text, &end, 10);
    if (!*text || *end || mb < 64 || mb > 1048576) {
        fprintf(stderr, "fspconform: %s: '%s' is not 64..1048576 MB\n", option, text);
        return 0;
    }
    *out = (unsigned)mb;
    return 1;
}

static int known_only(const char *what)
{
    size_t count;
    const battery_scenario *table = battery_table(&count);
    if (battery_find(what))
        return 1;
    if (!fsp_clause_find(what))
        return 0;
    for (size_t i = 0; i < count; i++)
        if (battery_exercises(&table[i], what))
            return 1;
    fprintf(stderr, "fspconform: --only %s: no battery scenario exercises that clause "
            "(see --list)\n", what);
    return -1;
}

/* --stop-at CLAUSE[:LEVEL]: a clause of the contract, FAIL or WARN. */
static int take_stop(options *opt, const char *value)
{
    static const char *const levels[] = {"FAIL", "WARN"};
    const char *colon = strchr(value, ':');
    size_t clause_len = colon ? (size_t)(colon - value) : strlen(value);
    const char *level = colon ? NULL : levels[0];
    for (size_t i = 0; colon && i < 2; i++)
        if (strcmp(colon + 1, levels[i]) == 0)
            level = levels[i];
    char clause[16];
    snprintf(clause, sizeof(clause), "%.*s", (int)clause_len, value);
    const fsp_clause *known = clause_len < sizeof(clause) ? fsp_clause_find(clause) : NULL;
    if (!known || !level) {
        fprintf(stderr, "fspconform: --stop-at %s: expected CLAUSE[:FAIL|:WARN] with a "
                "clause of the contract (docs/contract.md)\n", value);
        return 0;
    }
    if (opt->stop_count == MAX_STOPS) {
        fprintf(stderr, "fspconform: --stop-at %s: at most %d\n", value, MAX_STOPS);
        return 0;
    }
    opt->stop_clause[opt->stop_count] = known->id;
    opt->stop_level[opt->stop_count++] = level;
    return 1;
}

/* One option with a value: stores it, or says what is wrong. */
static int take_value(options *opt, const char *arg, const char *value)
{
    if (strcmp(arg, "--var") == 0) {
        if (!strchr(value, '=') || opt->var_count == MAX_VARS) {
            fprintf(stderr, "fspconform: --var %s: expected NAME=VALUE (at most %d)\n", value,
                    MAX_VARS);
            return 0;
        }
        opt->vars[opt->var_count++] = value;
    } else if (strcmp(arg, "--only") == 0) {
        int known = known_only(value);
        if (known == 0)
            fprintf(stderr, "fspconform: --only %s: neither a battery scenario nor a clause "
                    "(see --list)\n", value);
        if (known <= 0 || opt->only_count == MAX_ONLY)
            return 0;
        opt->only[opt->only_count++] = value;
    } else if (strcmp(arg, "--stop-at") == 0) {
        return take_stop(opt, value);
    } else if (strcmp(arg, "--seed") == 0) {
        if (!*value || strspn(value, "0123456789") != strlen(value) || strlen(value) > 20) {
            fprintf(stderr, "fspconform: --seed %s: expected a number\n", value);
            return 0;
        }
        opt->seed = value;
    } else if (strcmp(arg, "--build") == 0) {
        opt->build_dir = value;
    } else if (strcmp(arg, "--events") == 0) {
        opt->events_copy = value;
    } else if (strcmp(arg, "--junit") == 0) {
        opt->junit = value;
    } else if (strcmp(arg, "--html") == 0) {
        opt->html_dir = value;
    } else if (strcmp(arg, "--dial") == 0) {
        opt->dial = value;
    } else if (strcmp(arg, "--ring") == 0) {
        opt->ring = value;
    } else if (strcmp(arg, "--setup") == 0) {
        opt->setup = value;
    } else if (strcmp(arg, "--timeout") == 0) {
        return seconds(arg, value, &opt->timeout_s);
    } else if (strcmp(arg, "--budget") == 0) {
        return seconds(arg, value, &opt->budget_s);
    } else if (strcmp(arg, "--call-timeout") == 0) {
        return seconds(arg, value, &opt->call_timeout_s);
    } else if (strcmp(arg, "--line") == 0) {
        if ((opt->line = modem_line_parse(value)) < 0) {
            fprintf(stderr, "fspconform: --line: '%s' is neither COM1..COM256 nor tcp\n",
                    value);
            return 0;
        }
    } else if (strcmp(arg, "--memory-limit") == 0) {
        return megabytes(arg, value, &opt->memory_limit_mb);
    }
    return 1;
}

static const char *const valued[] = {
    "--var", "--only", "--stop-at", "--seed", "--build", "--events", "--junit", "--html",
    "--dial", "--ring", "--setup", "--timeout", "--budget", "--call-timeout", "--memory-limit", "--line",
};

int options_parse(int argc, char **argv, options *opt)
{
    memset(opt, 0, sizeof(*opt));
    opt->timeout_s = 1800;
    opt->budget_s = 300;
    opt->call_timeout_s = 60;
    opt->memory_limit_mb = 2048;
    opt->line = -1;
    opt->dial = "5551000";
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int takes_value = 0;
        for (size_t v = 0; v < sizeof(valued) / sizeof(valued[0]); v++)
            takes_value |= strcmp(arg, valued[v]) == 0;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            exit(EXIT_CLEAN);
        } else if (strcmp(arg, "--version") == 0) {
            printf("fspconform %s\n", FSPKIT_VERSION);
            exit(EXIT_CLEAN);
        } else if (strcmp(arg, "--list") == 0) {
            list_battery(stdout);
            exit(EXIT_CLEAN);
        } else if (strcmp(arg, "--no-battery") == 0) {
            opt->no_battery = 1;
        } else if (strcmp(arg, "--tap") == 0) {
            opt->tap = 1;
        } else if (takes_value) {
            if (++i == argc) {
                fprintf(stderr, "fspconform: %s needs a value (see --help)\n", arg);
                return 0;
            }
            if (!take_value(opt, arg, argv[i]))
                return 0;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "fspconform: unknown option %s (see --help)\n", arg);
            return 0;
        } else if (!opt->dll) {
            opt->dll = arg;
        } else if (opt->scenario_count < MAX_SCENARIOS) {
            opt->scenarios[opt->scenario_count++] = arg;
        } else {
            fprintf(stderr, "fspconform: more than %d scenario files\n", MAX_SCENARIOS);
            return 0;
        }
    }
    if (!opt->dll) {
        fprintf(stderr, "fspconform: no FSP DLL given (see --help)\n");
        return 0;
    }
    if (opt->no_battery && opt->scenario_count == 0) {
        fprintf(stderr, "fspconform: --no-battery with no scenario file leaves nothing to "
                "run\n");
        return 0;
    }
    if (!opt->build_dir && getenv("FSPKIT_BUILD") && *getenv("FSPKIT_BUILD"))
        opt->build_dir = getenv("FSPKIT_BUILD");
    return 1;
}
