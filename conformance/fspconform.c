/*
 * fspconform - judge an FSP DLL against the contract and print a per-clause report.
 *
 * The vendor-facing front end: it picks the fake service of the DLL's architecture,
 * runs it under the project's Wine, reads the event log and folds the verdicts into
 * one line per clause. The judging itself happens in fake-faxsvc.exe; this tool only
 * reports, so `make conform` and the Check suites see the same verdicts.
 *
 * Exit status: 0 no documented clause broken, 1 a FAIL, 2 usage or hosting errors.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsp_clauses.h"
#include "host_run.h"

enum { EXIT_CLEAN = 0, EXIT_VIOLATION = 1, EXIT_USAGE = 2 };

typedef struct options {
    const char *dll;
    const char *build_dir;
    const char *events_copy;
    unsigned timeout_s;
} options;

static void usage(FILE *out)
{
    fprintf(out,
        "Usage: fspconform [OPTIONS] FSP.dll\n"
        "Judge a Windows fax service provider DLL against the FSP contract: run it in the\n"
        "fake fax service (fake-faxsvc.exe, x64 or x86 as the DLL is) under Wine and\n"
        "print one line per contract clause that was judged.\n"
        "\n"
        "Options:\n"
        "  --build DIR    the kit's build folder (default: $FSPKIT_BUILD, else the folder\n"
        "                 above this program's own)\n"
        "  --events FILE  keep the host's JSON-lines event log (docs/events.md) in FILE\n"
        "  --timeout S    hang guard for the whole run, in seconds (default 120)\n"
        "  --help         show this help and exit\n"
        "\n"
        "Environment: WINEPREFIX (default: the kit's own, BUILD/wineprefix) and the\n"
        "other variables of tools/wine-rig.sh; see README.md.\n"
        "Exit status: 0 no documented clause broken, 1 at least one FAIL, 2 usage error or\n"
        "a DLL that cannot be hosted.\n");
}

/* build/native/fspconform -> build */
static const char *default_build_dir(char *buf, size_t size)
{
    const char *env = getenv("FSPKIT_BUILD");
    if (env && *env)
        return env;
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0)
        return "build";
    buf[n] = '\0';
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(buf, '/');
        if (!slash)
            return "build";
        *slash = '\0';
    }
    return buf;
}

static int parse_options(int argc, char **argv, options *opt, char *buf, size_t size)
{
    memset(opt, 0, sizeof(*opt));
    opt->timeout_s = 120;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            exit(EXIT_CLEAN);
        } else if (strcmp(arg, "--build") == 0 || strcmp(arg, "--events") == 0 ||
                   strcmp(arg, "--timeout") == 0) {
            if (++i == argc) {
                fprintf(stderr, "fspconform: %s needs a value\n", arg);
                return 0;
            }
            if (strcmp(arg, "--build") == 0) {
                opt->build_dir = argv[i];
            } else if (strcmp(arg, "--events") == 0) {
                opt->events_copy = argv[i];
            } else {
                char *end;
                unsigned long s = strtoul(argv[i], &end, 10);
                if (*end || s == 0 || s > 86400) {
                    fprintf(stderr, "fspconform: --timeout: '%s' is not 1..86400 seconds\n",
                            argv[i]);
                    return 0;
                }
                opt->timeout_s = (unsigned)s;
            }
        } else if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "fspconform: unknown option %s (see --help)\n", arg);
            return 0;
        } else if (!opt->dll) {
            opt->dll = arg;
        } else {
            fprintf(stderr, "fspconform: unexpected argument %s (one DLL at a time)\n", arg);
            return 0;
        }
    }
    if (!opt->dll) {
        fprintf(stderr, "fspconform: no FSP DLL given (see --help)\n");
        return 0;
    }
    if (!opt->build_dir)
        opt->build_dir = default_build_dir(buf, size);
    return 1;
}

/* The worst level among a clause's verdicts, or -1 when it has none. */
static int worst_level(const event_list *events, const char *clause)
{
    int worst = -1;
    for (size_t i = 0; i < events->count; i++) {
        const char *type = event_get_str(events->items[i], "ev");
        const char *id = event_get_str(events->items[i], "clause");
        const char *name = event_get_str(events->items[i], "level");
        verdict_level level;
        if (type && strcmp(type, "verdict") == 0 && id && strcmp(id, clause) == 0 && name &&
            verdict_level_from_name(name, &level) && (int)level > worst)
            worst = (int)level;
    }
    return worst;
}

static void print_clause(const event_list *events, const fsp_clause *clause, int worst)
{
    int first = 1;
    for (size_t i = 0; i < events->count; i++) {
        const json_t *ev = events->items[i];
        const char *type = event_get_str(ev, "ev");
        const char *id = event_get_str(ev, "clause");
        const char *level = event_get_str(ev, "level");
        if (!type || strcmp(type, "verdict") != 0 || !id || strcmp(id, clause->id) != 0 ||
            !level || strcmp(level, verdict_level_name((verdict_level)worst)) != 0)
            continue;
        const char *msg = event_get_str(ev, "msg");
        if (first)
            printf("%-9s %-5s %-12s %s\n", clause->id, level,
                   clause_strength_name(clause->strength), msg ? msg : "");
        else
            printf("%-9s %-5s %-12s %s\n", "", "", "", msg ? msg : "");
        first = 0;
    }
}

static void report(const event_list *events)
{
    size_t nclauses;
    const fsp_clause *clauses = fsp_clause_table(&nclauses);
    unsigned per_level[VERDICT_FAIL + 1] = {0}, judged = 0, fsp_clauses = 0;

    printf("%-9s %-5s %-12s %s\n", "clause", "level", "binds as", "what the host saw");
    for (size_t c = 0; c < nclauses; c++) {
        if (clauses[c].party == CLAUSE_FSP)
            fsp_clauses++;
        int worst = worst_level(events, clauses[c].id);
        if (worst < 0)
            continue;
        judged++;
        per_level[worst]++;
        print_clause(events, &clauses[c], worst);
    }
    printf("\n%u clauses judged: %u held, %u broken (FAIL), %u warned, %u noted; "
           "%u of the %u clauses that bind an FSP not exercised yet\n",
           judged, per_level[VERDICT_PASS], per_level[VERDICT_FAIL], per_level[VERDICT_WARN],
           per_level[VERDICT_INFO], fsp_clauses - (judged < fsp_clauses ? judged : fsp_clauses),
           fsp_clauses);
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    char buf[8192];
    size_t n;
    if (!in || !out) {
        fprintf(stderr, "fspconform: %s: cannot write the event log\n", to);
    } else {
        while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
            fwrite(buf, 1, n, out);
    }
    if (in) fclose(in);
    if (out) fclose(out);
}

/* Never fall back to ~/.wine: without WINEPREFIX, use the kit's own prefix. */
static int use_project_prefix(const char *build_dir)
{
    const char *prefix = getenv("WINEPREFIX");
    char own[PATH_MAX + 16];
    if (!prefix || !*prefix) {
        char build[PATH_MAX];
        if (!realpath(build_dir, build)) {
            fprintf(stderr, "fspconform: %s: no such build folder (run make)\n", build_dir);
            return 0;
        }
        snprintf(own, sizeof(own), "%s/wineprefix", build);
        setenv("WINEPREFIX", own, 1);
        prefix = own;
    }
    if (access(prefix, R_OK) != 0) {
        fprintf(stderr, "fspconform: %s: no Wine prefix there (make wine-prefix creates "
                "it)\n", prefix);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    options opt;
    char build_buf[PATH_MAX], why[512];
    if (!parse_options(argc, argv, &opt, build_buf, sizeof(build_buf)))
        return EXIT_USAGE;

    if (!use_project_prefix(opt.build_dir))
        return EXIT_USAGE;
    const char *arch = host_arch_for(opt.dll);
    printf("fspconform: %s (%s host)\n", opt.dll, arch);
    fflush(stdout);

    host_run run;
    if (host_run_dll(opt.build_dir, arch, opt.dll, NULL, NULL, opt.timeout_s, &run, why,
                     sizeof(why)) != 0) {
        fprintf(stderr, "fspconform: %s\n", why);
        host_run_free(&run);
        return EXIT_USAGE;
    }
    if (opt.events_copy) {
        char log[PATH_MAX + 32];
        snprintf(log, sizeof(log), "%s/events.jsonl", run.workdir);
        copy_file(log, opt.events_copy);
    }

    int status;
    if (run.proc.timed_out) {
        fprintf(stderr, "fspconform: the host did not finish within %u s (hang guard)\n",
                opt.timeout_s);
        status = EXIT_USAGE;
    } else if (run.proc.exit_code == EXIT_USAGE || run.proc.exit_code < 0) {
        /* The host's own one-line explanation (no such file, not a DLL, ...). */
        fputs(run.proc.err[0] ? run.proc.err : "fspconform: the host failed to run\n", stderr);
        status = EXIT_USAGE;
    } else {
        report(&run.events);
        status = run.proc.exit_code == EXIT_CLEAN ? EXIT_CLEAN : EXIT_VIOLATION;
        printf("fspconform: %s\n", status == EXIT_CLEAN
               ? "PASS - no documented clause was broken"
               : "FAIL - at least one documented clause was broken");
    }
    host_run_free(&run);
    return status;
}
