/*
 * host_options.c - fake-faxsvc.exe's command line (see host_options.h).
 */
#include "host_options.h"

#include <stdlib.h>
#include <string.h>

void host_usage(FILE *out)
{
    fprintf(out,
        "Usage: fake-faxsvc.exe [OPTIONS] FSP.dll [SCENARIO.fsc...]\n"
        "Load a fax service provider DLL as the Windows fax service does and judge it\n"
        "against the FSP contract (clause IDs as in docs/contract.md). Without scenarios it\n"
        "checks the exports, FaxDevInitialize and FaxDevShutdown; each scenario file\n"
        "(docs/scenarios.md) runs its scenarios one after another, each on a fresh load.\n"
        "\n"
        "Options:\n"
        "  --events FILE   write the JSON-lines event log (docs/events.md) to FILE\n"
        "  --events-stdin  the same, with FILE the first line on stdin: a path the DLL\n"
        "                  cannot find on the command line (fspconform passes it so)\n"
        "  --html DIR      write a timeline (HTML/SVG) of each scenario with a FAIL to DIR\n"
        "  --var NAME=VAL  give a scenario variable a value (${DOCS}, ${MODEM_COM}, ...)\n"
        "  --setup F.reg   registry values the FSP reads (a regedit file: REGEDIT4 or\n"
        "                  Windows Registry Editor 5.00), written in this host's registry\n"
        "                  view before the DLL is loaded, put back as they were at the end;\n"
        "                  ${NAME} in a string value is a scenario variable (${MODEM_TCP}...)\n"
        "  --modem H:P     modem-sim's control socket, for `modem ...` statements and the\n"
        "                  modem hold points of `race` blocks\n"
        "  --seed N        the seed of `race fuzz` schedules (default: drawn, and printed);\n"
        "                  the same seed replays the same schedules\n"
        "  --timeout-ms N  hang guard for a call into the FSP (FaxDevSend and\n"
        "                  FaxDevReceive excepted: a fax takes what it takes), and the\n"
        "                  default `within` of expectations (default 30000)\n"
        "  --abort-ms N    ABORT-3: an abort call slower than this is a WARN with the\n"
        "                  figure; one that returned only once the operation had, five\n"
        "                  times this long after the abort was called, is a FAIL\n"
        "                  (default 100)\n"
        "  --scenario-ms N each scenario runs in its own process; one that takes longer\n"
        "                  is killed and judged (default 600000)\n"
        "  --verbose       print passing checks too, not only FAIL/WARN/INFO\n"
        "  --help          show this help and exit\n"
        "  --version       show the version and exit\n"
        "\n"
        "Where the contract is UNCONFIRMED (docs/scenarios.md, \"Readings\"):\n"
        "  --init-order as-written|init-first\n"
        "                  as-written (default): FaxDevVirtualDeviceCreation when the\n"
        "                  scenario says, normally before FaxDevInitialize (INIT-9);\n"
        "                  init-first: a `virtual-devices` before `init` runs just after it\n"
        "  --device-id virtual|index\n"
        "                  the DeviceId FaxDevStartJob gets for device N: prefix + N\n"
        "                  (virtual, default, VDEV-10) or N (index, SampleFSP's habit)\n"
        "  --ring-call-handle N\n"
        "                  FaxDevReceive's CallHandle after a virtual ring (default 0)\n"
        "\n"
        "Exit status: 0 no documented clause broken, 1 a clause broken (a FAIL verdict),\n"
        "2 usage error, a scenario with errors (FILE:LINE:COL: message, before anything\n"
        "runs) or a step it could not carry out, or a DLL that cannot be hosted (missing,\n"
        "not a DLL, wrong architecture, a dependency missing, DllMain failed).\n");
}

static int parse_milliseconds(const wchar_t *option, const wchar_t *text, DWORD *out)
{
    wchar_t *end;
    unsigned long v = wcstoul(text, &end, 10);
    if (!*text || *end || v == 0 || v > 3600000) {
        fprintf(stderr, "fake-faxsvc: %ls: '%ls' is not 1..3600000 ms\n", option, text);
        return 0;
    }
    *out = (DWORD)v;
    return 1;
}

static int parse_u64(const wchar_t *option, const wchar_t *text, uint64_t max, uint64_t *out)
{
    wchar_t *end;
    unsigned long long v = wcstoull(text, &end, 10);
    if (!*text || *end || text[0] == L'-' || v > max) {
        fprintf(stderr, "fake-faxsvc: %ls: '%ls' is not a number in 0..%llu\n", option, text,
                (unsigned long long)max);
        return 0;
    }
    *out = v;
    return 1;
}

/* One of two words; the first is the default reading. */
static int parse_choice(const wchar_t *option, const wchar_t *text, const wchar_t *first,
                        const wchar_t *second, BOOL *is_second)
{
    if (wcscmp(text, first) == 0 || wcscmp(text, second) == 0) {
        *is_second = wcscmp(text, second) == 0;
        return 1;
    }
    fprintf(stderr, "fake-faxsvc: %ls: '%ls' is neither %ls nor %ls\n", option, text, first,
            second);
    return 0;
}

static const wchar_t *const valued_options[] = {
    L"--events", L"--html", L"--var", L"--modem", L"--seed", L"--init-order", L"--device-id",
    L"--ring-call-handle", L"--abort-ms", L"--scenario-ms", L"--timeout-ms", L"--setup",
};

static int takes_value(const wchar_t *arg)
{
    for (size_t i = 0; i < sizeof(valued_options) / sizeof(valued_options[0]); i++)
        if (wcscmp(arg, valued_options[i]) == 0)
            return 1;
    return 0;
}

/* An option that takes a value: stores it, or says what is wrong with it. */
static int parse_valued(const wchar_t *arg, const wchar_t *value, host_options *opt)
{
    uint64_t number;
    if (wcscmp(arg, L"--events") == 0) {
        opt->events_path = value;
    } else if (wcscmp(arg, L"--html") == 0) {
        opt->html_dir = value;
    } else if (wcscmp(arg, L"--setup") == 0) {
        opt->setup_path = value;
    } else if (wcscmp(arg, L"--var") == 0) {
        if (!wcschr(value, L'=') || value[0] == L'=' || opt->var_count == MAX_VARS) {
            fprintf(stderr, "fake-faxsvc: --var %ls: expected NAME=VALUE\n", value);
            return 0;
        }
        opt->vars[opt->var_count++] = value;
    } else if (wcscmp(arg, L"--modem") == 0) {
        opt->modem = value;
    } else if (wcscmp(arg, L"--seed") == 0) {
        if (!parse_u64(arg, value, UINT64_MAX, &opt->seed))
            return 0;
        opt->has_seed = 1;
    } else if (wcscmp(arg, L"--init-order") == 0) {
        return parse_choice(arg, value, L"as-written", L"init-first", &opt->readings.init_first);
    } else if (wcscmp(arg, L"--device-id") == 0) {
        return parse_choice(arg, value, L"virtual", L"index", &opt->readings.device_index);
    } else if (wcscmp(arg, L"--ring-call-handle") == 0) {
        if (!parse_u64(arg, value, 0xFFFFFFFFu, &number))
            return 0;
        opt->readings.ring_call_handle = (DWORD)number;
    } else if (wcscmp(arg, L"--abort-ms") == 0) {
        return parse_milliseconds(arg, value, &opt->limits.abort_ms);
    } else if (wcscmp(arg, L"--scenario-ms") == 0) {
        return parse_milliseconds(arg, value, &opt->scenario_ms);
    } else {
        return parse_milliseconds(arg, value, &opt->limits.call_ms); /* --timeout-ms */
    }
    return 1;
}

int host_parse_options(int argc, wchar_t **argv, host_options *opt)
{
    memset(opt, 0, sizeof(*opt));
    opt->limits.call_ms = 30000;
    opt->limits.abort_ms = 100;
    opt->scenario_ms = 600000;
    for (int i = 1; i < argc; i++) {
        const wchar_t *arg = argv[i];
        if (wcscmp(arg, L"--help") == 0 || wcscmp(arg, L"-h") == 0) {
            host_usage(stdout);
            exit(EXIT_CLEAN);
        } else if (wcscmp(arg, L"--version") == 0) {
            printf("fake-faxsvc %s (%s)\n", HOST_VERSION, sizeof(void *) == 8 ? "x64" : "x86");
            exit(EXIT_CLEAN);
        } else if (wcscmp(arg, L"--verbose") == 0) {
            opt->verbose = 1;
        } else if (wcscmp(arg, L"--events-stdin") == 0) {
            opt->events_from_stdin = TRUE;
        } else if (wcscmp(arg, L"--child") == 0 && i + 1 < argc) {
            /* internal: the parent's way to run one scenario in this process */
            unsigned f, sc;
            if (swscanf(argv[++i], L"%u:%u", &f, &sc) != 2)
                return 0;
            opt->child = TRUE;
            opt->child_file = f;
            opt->child_scenario = sc;
        } else if (arg[0] == L'-' && arg[1] == L'-') {
            if (!takes_value(arg)) {
                fprintf(stderr, "fake-faxsvc: unknown option %ls (see --help)\n", arg);
                return 0;
            }
            if (i + 1 == argc) {
                fprintf(stderr, "fake-faxsvc: %ls needs a value\n", arg);
                return 0;
            }
            if (!parse_valued(arg, argv[++i], opt))
                return 0;
        } else if (!opt->dll_path) {
            opt->dll_path = arg;
        } else if (opt->scenario_count < MAX_SCENARIO_FILES) {
            opt->scenario_paths[opt->scenario_count++] = arg;
        } else {
            fprintf(stderr, "fake-faxsvc: more than %d scenario files\n", MAX_SCENARIO_FILES);
            return 0;
        }
    }
    if (!opt->dll_path) {
        fprintf(stderr, "fake-faxsvc: no FSP DLL given (see --help)\n");
        return 0;
    }
    if (opt->events_from_stdin && opt->events_path) {
        fprintf(stderr, "fake-faxsvc: --events and --events-stdin: choose one\n");
        return 0;
    }
    return 1;
}
