/*
 * host_check.c - Check helpers for host runs (see host_check.h).
 */
#include "host_check.h"

#include "fsp_clauses.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

const char *const host_check_arches[2] = {"x64", "x86"};

/* Why x86 cannot run here, from make's record (build/wine32.status). */
static void x86_reason(char *reason, size_t size)
{
    char status[256] = "wine32:i386 is not installed";
    char path[512];
    snprintf(path, sizeof(path), "%s/wine32.status", host_build_dir());
    FILE *f = fopen(path, "r");
    if (f) {
        if (fgets(status, sizeof(status), f))
            status[strcspn(status, "\n")] = '\0';
        fclose(f);
    }
    snprintf(reason, size, "%s", strncmp(status, "no: ", 4) == 0 ? status + 4 : status);
}

const char *host_check_arch(int i)
{
    const char *arch = host_check_arches[i % HOST_CHECK_ARCHES];
    harness_context("%s host", arch);
    if (!wine_loader(arch)) {
        /* only x86 may be missing: without the x64 loader nothing here can run */
        ck_assert_msg(strcmp(arch, "x86") == 0, "no Wine loader for x64 programs (wine64): "
                      "the host suites cannot run at all");
        char reason[256];
        x86_reason(reason, sizeof(reason));
        harness_skip("%s: %s", arch, reason);
    }
    return arch;
}

void host_check_path(char *buf, size_t size, const char *arch, const char *relative)
{
    if (relative[0] == '/')
        snprintf(buf, size, "%s", relative);
    else
        snprintf(buf, size, "%s/%s/%s", host_build_dir(), arch, relative);
}

void host_check_run(const char *arch, const char *relative_dll, const char *const extra[],
                    host_run *run)
{
    host_check_run_scenarios(arch, relative_dll, extra, NULL, run);
}

void host_check_run_scenarios(const char *arch, const char *relative_dll,
                              const char *const extra[], const char *const scenarios[],
                              host_run *run)
{
    host_check_run_long(arch, relative_dll, extra, scenarios, HOST_CHECK_TIMEOUT_S, run);
}

void host_check_run_long(const char *arch, const char *relative_dll, const char *const extra[],
                         const char *const scenarios[], int timeout_s, host_run *run)
{
    char dll[1024], why[512], replay[2048] = "";
    host_check_path(dll, sizeof(dll), arch, relative_dll);
    /* what replays this run by hand, for every failure message */
    for (size_t i = 0; extra && extra[i]; i++)
        snprintf(replay + strlen(replay), sizeof(replay) - strlen(replay), " %s", extra[i]);
    snprintf(replay + strlen(replay), sizeof(replay) - strlen(replay), " %s", dll);
    for (size_t i = 0; scenarios && scenarios[i]; i++)
        snprintf(replay + strlen(replay), sizeof(replay) - strlen(replay), " %s", scenarios[i]);
    harness_context("%s host, %s", arch, relative_dll);
    harness_replay("eval \"$(sh tools/wine-rig.sh env %s)\"; $FSPKIT_WINE%s %s/%s/fake-faxsvc.exe%s",
                   host_build_dir(), strcmp(arch, "x86") == 0 ? "32" : "64", host_build_dir(),
                   arch, replay);
    const proc_bounds bounds = {(unsigned)timeout_s, HOST_CHECK_MEMORY_MB};
    if (host_run_dll(host_build_dir(), arch, dll, extra, scenarios, &bounds, run, why,
                     sizeof(why)) != 0)
        ck_abort_msg("could not run the %s host on %s: %s", arch, dll, why);
    if (run->proc.timed_out) {
        /* what it said before it hung, and the last events it logged: where it stopped */
        const char *out = run->proc.out ? run->proc.out : "";
        const char *err = run->proc.err ? run->proc.err : "";
        size_t out_n = strlen(out), err_n = strlen(err);
        char events[1200] = "";
        for (size_t i = run->events.count > 6 ? run->events.count - 6 : 0; i < run->events.count;
             i++) {
            const char *type = event_get_str(&run->events.items[i], "ev");
            const char *fn = event_get_str(&run->events.items[i], "fn");
            size_t used = strlen(events);
            snprintf(events + used, sizeof(events) - used, "%s%s%s%s", used ? ", " : "",
                     type ? type : "?", fn ? " " : "", fn ? fn : "");
        }
        ck_abort_msg("the %s host hung on %s (killed after %d s)%s\nits last events: %s\n"
                     "stdout's end:\n%s\nstderr's end:\n%s", arch, dll, timeout_s,
                     harness_where(), events[0] ? events : "(none)",
                     out_n > 1500 ? out + out_n - 1500 : out, err_n > 1500 ? err + err_n - 1500 : err);
    }
}

void host_check_every_mutant_listed(const char *relative_dir, int (*listed)(const char *name))
{
    char dir[512];
    host_check_path(dir, sizeof(dir), "x64", relative_dir);
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "%s: cannot list the built mutants", dir);
    int seen = 0;
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
        size_t len = strlen(entry->d_name);
        if (len < 5 || strcmp(entry->d_name + len - 4, ".dll") != 0)
            continue;
        char name[256];
        snprintf(name, sizeof(name), "%.*s", (int)(len - 4), entry->d_name);
        seen++;
        ck_assert_msg(listed(name), "mutant %s is built but no test expects it to be caught",
                      name);
    }
    closedir(d);
    ck_assert_msg(seen > 0, "%s: no mutants were built", dir);
}

/* Every clause once: the closing line's counts add up to the table, SERVICE counts the
 * service's clauses and SKIP the FSP clauses without a verdict (service clauses with
 * a note used to be subtracted from "not exercised"). */
void host_check_every_clause_once(const char *out)
{
    size_t count, service = 0, lines = 0, skips = 0;
    const fsp_clause *table = fsp_clause_table(&count);
    for (size_t i = 0; i < count; i++)
        service += table[i].party == CLAUSE_SERVICE;
    for (const char *line = out; line && *line; line = strchr(line, '\n'), line += !!line) {
        char id[16], status[16];
        if (sscanf(line, "%15s %15s", id, status) == 2 && fsp_clause_find(id)) {
            lines++;
            skips += strcmp(status, "SKIP") == 0;
        }
    }
    unsigned total = 0, pass, fail, warn, info, skip, services;
    /* Check carries a few kilobytes of message at most: the report's end says enough */
    const char *tail = strlen(out) > 2400 ? out + strlen(out) - 2400 : out;
    const char *closing = strstr(out, " clauses: ");
    while (closing && closing > out && closing[-1] != '\n')
        closing--;
    ck_assert_msg(closing && sscanf(closing, "%u clauses: %u PASS, %u FAIL, %u WARN, %u INFO, "
                                    "%u SKIP, %u SERVICE", &total, &pass, &fail, &warn, &info,
                                    &skip, &services) == 7, "no closing count in:\n%s", tail);
    ck_assert_msg(total == count && lines == count && services == service && skip == skips &&
                  pass + fail + warn + info + skip + services == count,
                  "expected %zu clauses, one line each, %zu SERVICE; the report has %zu lines "
                  "and says %u clauses (%u SERVICE, %u SKIP of %zu SKIP lines):\n%s", count,
                  service, lines, total, services, skip, skips, tail);
}
