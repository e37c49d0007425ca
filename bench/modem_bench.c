/*
 * modem_bench.c - modem-sim's two figures for `make bench`:
 *
 *   modem_fast_pages_per_s   fine (204x196) A4 text pages sent through the DCE in
 *                            --speed fast, from AT+FDT to the remote's MCF (decoding
 *                            and judging each page included)
 *   modem_realtime_pacing_error_pct
 *                            --speed realtime: how far the time a page takes to reach
 *                            the DTE is from its size at the negotiated bit rate
 *
 * The DCE is driven in-process (no line, no Wine), so the figures are the simulator's
 * own cost. Prints bench/stats.sh-style JSON lines; see bench/run-all.sh.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "class20_dce.h"
#include "dte_page.h"
#include "dial_plan.h"
#include "fax_page.h"
#include "remote_fax.h"
#include "testpage.h"

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void say(class20_dce *dce, const char *text, uint64_t now)
{
    dce_input(dce, (const unsigned char *)text, strlen(text), now);
    dce_run(dce, now);
    byte_queue_clear(&dce->out);
}

/* The page as a DTE sends it: MH, LSB first, DLEs doubled, DLE ',' at the end. */
static unsigned char *dte_page(const fax_page *page, size_t *len)
{
    char why[256];
    unsigned char *data = dte_page_data(page, ',', len, why, sizeof(why));
    if (!data) {
        fprintf(stderr, "modem_bench: %s\n", why);
        exit(1);
    }
    return data;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void print_figure(const char *name, const char *unit, double *v, size_t n)
{
    qsort(v, n, sizeof(*v), compare_doubles);
    double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    printf("{\"name\":\"%s\",\"unit\":\"%s\",\"n\":%zu,\"median\":%.4g,\"p90\":%.4g,"
           "\"min\":%.4g,\"max\":%.4g}\n", name, unit, n, median, v[(size_t)(0.9 * (n - 1))],
           v[0], v[n - 1]);
}

static void setup(dial_plan *plan, remote_fax *remote, class20_dce *dce, int realtime)
{
    dial_plan_init(plan);
    remote_config rc = {plan, NULL, NULL, NULL};
    remote_fax_init(remote, &rc);
    dce_config dc = {remote, NULL, realtime, 10, 0};
    dce_init(dce, &dc);
}

static void fast_pages_per_second(void)
{
    enum { ROUNDS = 7, PAGES = 20 };
    fax_doc doc = {0};
    if (testpage_generate(42, 4, FAX_YRES_FINE, &doc) != 0)
        exit(1);
    unsigned char *data[4];
    size_t len[4];
    for (int i = 0; i < 4; i++)
        data[i] = dte_page(&doc.pages[i], &len[i]);

    double rates[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
        dial_plan plan;
        remote_fax remote;
        class20_dce dce;
        setup(&plan, &remote, &dce, 0);
        say(&dce, "ATE0;+FCLASS=2.0\r", 0);
        say(&dce, "AT+FIS=1,5,0,2,0\r", 0);
        say(&dce, "ATD5551000\r", 0);
        double start = seconds_now();
        for (int p = 0; p < PAGES; p++) {
            say(&dce, "AT+FDT\r", 0);
            dce_input(&dce, data[p % 4], len[p % 4], 0);
            dce_run(&dce, 0);
            byte_queue_clear(&dce.out);
        }
        rates[round] = PAGES / (seconds_now() - start);
        say(&dce, "AT+FKS\r", 0);
        dce_release(&dce);
        remote_fax_release(&remote);
    }
    print_figure("modem_fast_pages_per_s", "pages/s", rates, ROUNDS);
    for (int i = 0; i < 4; i++)
        free(data[i]);
    fax_doc_free(&doc);
}

static void realtime_pacing_error(const char *dir)
{
    enum { ROUNDS = 3 };
    fax_doc doc = {0};
    char path[512], why[256];
    snprintf(path, sizeof(path), "%s/bench-page.tif", dir);
    if (testpage_generate(43, 1, FAX_YRES_NORMAL, &doc) != 0 ||
        fax_doc_write_tiff(path, &doc, FAX_CODING_MH, FAX_LSB_FIRST, 0, why, sizeof(why)) != 0) {
        fprintf(stderr, "modem_bench: %s\n", why);
        exit(1);
    }
    double errors[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
        dial_plan plan;
        remote_fax remote;
        class20_dce dce;
        setup(&plan, &remote, &dce, 1);
        say(&dce, "ATE0;+FCLASS=2.0\r", sim_now_ms());
        if (dce_ring(&dce, path, NULL, sim_now_ms(), why, sizeof(why)) != 0) {
            fprintf(stderr, "modem_bench: %s\n", why);
            exit(1);
        }
        say(&dce, "ATA\r", sim_now_ms());
        while (dce.state != DCE_RX_COMMAND) { /* answering takes its realtime seconds */
            int64_t wait = dce_next_timeout_ms(&dce, sim_now_ms());
            nanosleep(&(struct timespec){0, (long)(wait > 0 ? wait : 1) * 1000000L}, NULL);
            dce_run(&dce, sim_now_ms());
        }
        say(&dce, "AT+FDR\r", sim_now_ms());
        dce_input(&dce, (const unsigned char *)"\x12", 1, sim_now_ms());
        size_t page_len = dce.rx_len; /* coded page bytes, before DLE stuffing */
        double start = seconds_now();
        while (dce.state == DCE_RX_DATA) {
            int64_t wait = dce_next_timeout_ms(&dce, sim_now_ms());
            if (wait > 0)
                nanosleep(&(struct timespec){0, (long)wait * 1000000L}, NULL);
            dce_run(&dce, sim_now_ms());
            byte_queue_clear(&dce.out);
        }
        double took = seconds_now() - start;
        double nominal = (double)page_len * 8.0 / 14400.0;
        errors[round] = 100.0 * (took - nominal) / nominal;
        say(&dce, "AT+FKS\r", sim_now_ms());
        dce_release(&dce);
        remote_fax_release(&remote);
    }
    print_figure("modem_realtime_pacing_error_pct", "%", errors, ROUNDS);
    remove(path);
    fax_doc_free(&doc);
}

int main(int argc, char **argv)
{
    fast_pages_per_second();
    realtime_pacing_error(argc > 1 ? argv[1] : "/tmp");
    return 0;
}
