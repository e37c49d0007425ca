/*
 * battery.c - the built-in battery's table (see battery.h). check_battery keeps it true:
 * one entry per file in conformance/battery/, every clause named exists, and every FSP
 * clause the rules can judge is exercised by some entry.
 */
#include "battery.h"

#include <string.h>

#define LOAD "EXP-1 EXP-2 EXP-3 EXP-4 EXP-5 LOAD-3 INIT-5 INIT-8 INIT-9 VDEV-2 VDEV-3 VDEV-4 " \
             "ERR-1 ERR-2 SHUT-1 SHUT-2"
#define PACKETS "JOB-5 STAT-1 STAT-2 STAT-3 STAT-4 STAT-5 DS-1 DS-2 DS-7 DS-8"
#define REPORT "RPT-3 RPT-6 RPT-7 RPT-8"

static const battery_scenario battery[] = {
    {"start_up", "start-up and shut-down, no job", LOAD, 0},
    {"send_one_page", "send one page, reported after it returned",
     PACKETS " " REPORT " SEND-5 SEND-8 SEND-9 END-1 END-3 ERR-1 ERR-2", 0},
    {"send_pages", "send three pages, reported while they go",
     PACKETS " " REPORT " RPT-1 SEND-5 SEND-8 SEND-9 END-1 END-3 ERR-1 ERR-2", 0},
    {"send_refused", "a send whose FaxSendCallback the service answers FALSE",
     PACKETS " SEND-5 SEND-6 SEND-8 SEND-9 END-1 END-3 ERR-1 ERR-2", 0},
    {"idle_job", "a job started, reported and ended with no operation",
     "JOB-5 " REPORT " END-1 END-3 ERR-1", 0},
    {"two_jobs", "two jobs alive at once on two devices, both sending",
     PACKETS " SEND-8 SEND-9 END-1 END-3 ERR-1", BATTERY_NEEDS_TWO_DEVICES},
    {"receive_without_ring", "a receive with no ring (CallHandle 0), then aborted",
     "JOB-5 RPT-1 RECV-5 ABORT-1 ABORT-2 ABORT-3 ABORT-4 END-1 ERR-1 ERR-2", 0},
    {"abort_points", "an abort at every point of a send the host can hold",
     PACKETS " RPT-1 SEND-5 SEND-8 SEND-9 ABORT-1 ABORT-2 ABORT-3 ABORT-4 END-1 END-3 ERR-1 ERR-2", 0},
    {"abort_twice", "an abort twice during a send",
     PACKETS " " REPORT " ABORT-1 ABORT-2 ABORT-3 ABORT-4 END-1 ERR-1 ERR-2", 0},
    {"repeated_jobs", "six sends and thirty idle jobs in a row (per-job leaks)",
     PACKETS " SEND-8 END-1 END-3 SHUT-1 ERR-1", 0},
#define RECEIVED "RECV-2 RECV-3 RECV-6 DS-6 IMG-2 IMG-3 IMG-4 IMG-5"
    {"ring_and_receive", "device 0 rings (--ring) and the call is answered and received",
     "VDEV-5 VDEV-6 VDEV-7 JOB-5 STAT-2 STAT-3 STAT-6 " RECEIVED " END-1 ERR-1 ERR-2",
     BATTERY_NEEDS_RING},
    {"modem_ring_and_receive", "modem-sim on --line rings; the call is answered and received",
     "VDEV-5 VDEV-6 VDEV-7 JOB-5 STAT-2 STAT-3 STAT-6 DS-4 DS-5 " RECEIVED " END-1 ERR-1 ERR-2",
     BATTERY_NEEDS_LINE},
    {"modem_receive_abort_points", "an abort at every point of a receive modem-sim can hold",
     "VDEV-5 JOB-5 STAT-2 STAT-3 RPT-1 ABORT-1 ABORT-2 ABORT-3 ABORT-4 " RECEIVED " END-1 ERR-1 ERR-2",
     BATTERY_NEEDS_LINE},
    {"modem_receive_without_ring", "a receive without a ring where nobody calls (--line)",
     "JOB-5 STAT-2 STAT-3 RECV-5 END-1 ERR-1 ERR-2", BATTERY_NEEDS_LINE},
#undef RECEIVED
    {"modem_send", "one page, then two, sent through modem-sim on --line, judged at the remote",
     PACKETS " DS-3 DS-4 SEND-1 SEND-2 SEND-5 SEND-8 SEND-9 END-1 END-3 ERR-1 ERR-2", BATTERY_NEEDS_LINE},
    {"modem_send_fine", "fine-resolution sends of 1 and 2 pages, judged as negotiated",
     PACKETS " DS-3 DS-4 SEND-1 SEND-2 SEND-5 SEND-8 SEND-9 END-1 END-3 ERR-1 ERR-2", BATTERY_NEEDS_LINE},
#define OUTCOME PACKETS " SEND-1 SEND-2 SEND-8 SEND-9 END-1 END-3 ERR-1 ERR-2"
    {"modem_busy", "the remote is busy", OUTCOME, BATTERY_NEEDS_LINE},
    {"modem_no_answer", "nobody answers", OUTCOME, BATTERY_NEEDS_LINE},
    {"modem_no_dial_tone", "no dial tone", OUTCOME, BATTERY_NEEDS_LINE},
    {"modem_voice", "a person answers", OUTCOME, BATTERY_NEEDS_LINE},
    {"modem_no_carrier", "something answers, but no carrier", OUTCOME, BATTERY_NEEDS_LINE},
    {"modem_hang_up", "the remote hangs up during page 2", OUTCOME, BATTERY_NEEDS_LINE},
    {"modem_rtn", "the remote refuses page 2 (RTN) every time", OUTCOME, BATTERY_NEEDS_LINE},
#undef OUTCOME
    /* last: the port comes back only after it (runner.c) */
    {"modem_line_missing", "the FSP's COM port is missing (a modem unplugged): a send",
     "JOB-5 RETRY-4 SEND-8 SEND-9 END-1 END-3 ERR-1 ERR-2",
     BATTERY_NEEDS_LINE | BATTERY_NEEDS_COM_LINE},
};

const battery_scenario *battery_table(size_t *count)
{
    *count = sizeof(battery) / sizeof(battery[0]);
    return battery;
}

const battery_scenario *battery_find(const char *name)
{
    for (size_t i = 0; i < sizeof(battery) / sizeof(battery[0]); i++)
        if (strcmp(battery[i].name, name) == 0)
            return &battery[i];
    return NULL;
}

int battery_exercises(const battery_scenario *scenario, const char *clause_id)
{
    size_t n = strlen(clause_id);
    for (const char *p = scenario->clauses; (p = strstr(p, clause_id)) != NULL; p += n)
        if ((p == scenario->clauses || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

const char *battery_skip_reason(unsigned missing)
{
    if (missing & BATTERY_NEEDS_LINE)
        return "no modem line: for an FSP that drives a fax modem, --line COMn (or tcp) puts "
               "the kit's simulated modem behind its port";
    if (missing & BATTERY_NEEDS_COM_LINE)
        return "a COM line: the kit makes the FSP's line missing by taking COMn away from "
               "the Wine prefix (--line COMn; with --line tcp it cannot)";
    if (missing & BATTERY_NEEDS_RING)
        return "no ring: the kit cannot make this FSP's devices ring by itself (see --ring)";
    if (missing & BATTERY_NEEDS_TWO_DEVICES)
        return "needs two devices: the FSP created fewer";
    return NULL;
}
