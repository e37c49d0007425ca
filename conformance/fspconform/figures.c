/*
 * figures.c - the report's figure lines (see figures.h).
 */
#include "figures.h"

#include <stdio.h>

/* Each scenario's seconds; one that took half its budget or more gets a line of its
 * own, so a slow FSP is a figure in the report, not a silent wait. */
void figures_print_times(FILE *to, const runner_outcome *out, unsigned budget_s)
{
    double total = 0;
    fprintf(to, "time:");
    for (size_t i = 0; i < out->time_count; i++) {
        fprintf(to, "%s %s %.1f s", i ? "," : "", out->times[i].name, out->times[i].seconds);
        total += out->times[i].seconds;
    }
    fprintf(to, "%stotal %.1f s\n", out->time_count ? "; " : " ", total);
    for (size_t i = 0; i < out->time_count; i++)
        if (out->times[i].seconds >= budget_s / 2.0)
            fprintf(to, "slow: INFO %s took %.1f s of its %u s budget (--budget)\n",
                   out->times[i].name, out->times[i].seconds, budget_s);
}

static double ms_member(const json_flat *event, const char *key)
{
    int64_t us = 0;
    return event_get_int(event, key, &us) ? (double)us / 1000.0 : 0.0;
}

/* One line per aimed abort that met the operation running (the host's `abort-figures`
 * events, in the order they happened). */
void figures_print_aborts(FILE *to, const event_list *events)
{
    size_t at = 0;
    for (const json_flat *e = event_list_find_event(events, "abort-figures", 0, &at); e;
         e = event_list_find_event(events, "abort-figures", at + 1, &at)) {
        const char *op = event_get_str(e, "operation");
        const char *mode = event_get_str(e, "mode"), *point = event_get_str(e, "point");
        int64_t pass = 0;
        event_get_int(e, "pass", &pass);
        op = op && op[0] ? op : "the operation";
        fprintf(to, "abort: INFO race %s pass %lld at %s: landed %.1f ms into %s, the call took "
               "%.1f ms, %s returned %.1f ms after it\n", mode ? mode : "?", (long long)pass,
               point ? point : "?", ms_member(e, "landed_us"), op, ms_member(e, "call_us"), op,
               ms_member(e, "went_on_us"));
    }
}
