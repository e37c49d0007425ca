/*
 * outputs.c - --events, --junit and --html, checked first and never left half written
 * (see outputs.h).
 */
#define _GNU_SOURCE
#include "outputs.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void partial_path(const options *opt, char *path, size_t size)
{
    snprintf(path, size, "%s.partial", opt->events_copy);
}

/* FILE.partial can be made beside `file` (and is removed again). */
static int can_write(const char *option, const char *file)
{
    char partial[PATH_MAX + 16];
    snprintf(partial, sizeof(partial), "%s.partial", file);
    FILE *f = fopen(partial, "w");
    if (!f || fclose(f) != 0) {
        fprintf(stderr, "fspconform: %s %s: cannot write there (%s)\n", option, file,
                strerror(errno));
        return 0;
    }
    unlink(partial);
    return 1;
}

int outputs_ready(const options *opt)
{
    if (opt->events_copy && !can_write("--events", opt->events_copy))
        return 0;
    if (opt->junit && !can_write("--junit", opt->junit))
        return 0;
    if (opt->html_dir) {
        char probe[PATH_MAX + 32];
        if (mkdir(opt->html_dir, 0755) != 0 && errno != EEXIST) {
            fprintf(stderr, "fspconform: --html %s: cannot create the folder (%s)\n",
                    opt->html_dir, strerror(errno));
            return 0;
        }
        snprintf(probe, sizeof(probe), "%s/.fspconform-probe", opt->html_dir);
        FILE *f = fopen(probe, "w");
        if (!f || fclose(f) != 0) {
            fprintf(stderr, "fspconform: --html %s: cannot write there (%s)\n", opt->html_dir,
                    strerror(errno));
            return 0;
        }
        unlink(probe);
    }
    return 1;
}

void outputs_append_log(const options *opt, const char *log_path, char *error, size_t size)
{
    if (!opt->events_copy || error[0])
        return;
    char partial[PATH_MAX + 16], buf[65536];
    partial_path(opt, partial, sizeof(partial));
    FILE *in = fopen(log_path, "rb");
    if (!in)
        return; /* a host that never opened its log: nothing to keep */
    FILE *out = fopen(partial, "ab"); /* the first run creates it: "w" semantics overall */
    size_t n;
    int failed = !out;
    while (!failed && (n = fread(buf, 1, sizeof(buf), in)) > 0)
        failed = fwrite(buf, 1, n, out) != n;
    if (out && fclose(out) != 0)
        failed = 1;
    fclose(in);
    if (failed)
        snprintf(error, size, "%s", strerror(errno ? errno : EIO));
}

void outputs_finish(const options *opt, const char *error)
{
    if (!opt->events_copy)
        return;
    char partial[PATH_MAX + 16];
    partial_path(opt, partial, sizeof(partial));
    if (!error[0] && rename(partial, opt->events_copy) == 0)
        return;
    unlink(partial);
    fprintf(stderr, "fspconform: --events %s: the event log could not be written (%s): it "
            "is not kept; the report above is complete\n", opt->events_copy,
            error[0] ? error : strerror(errno));
}

int outputs_write_junit(const options *opt, const clause_results *results,
                        const report_run *run)
{
    if (!opt->junit)
        return 1;
    char partial[PATH_MAX + 16];
    snprintf(partial, sizeof(partial), "%s.partial", opt->junit);
    FILE *out = fopen(partial, "w");
    int failed = !out;
    if (out) {
        report_write_junit(out, results, run);
        failed = ferror(out) != 0;
        failed |= fclose(out) != 0;
    }
    if (!failed && rename(partial, opt->junit) == 0)
        return 1;
    int error = errno ? errno : EIO;
    unlink(partial);
    fprintf(stderr, "fspconform: --junit %s: the JUnit report could not be written (%s)\n",
            opt->junit, strerror(error));
    return 0;
}
