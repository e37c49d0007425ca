/*
 * check_mutation.c - the suite's power: every mutant of the kit's FSPs is caught by
 * fspconform's default run for the clause it declares (mutation-score, docs/mutation.md),
 * and the score program itself tells a caught mutant from a survivor and from one caught
 * for the wrong clause. fspconform's --stop-at, which the score stops each run with, is
 * tested here too.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_harness.h"
#include "host_check.h"
#include "kit_temp.h"
#include "proc_run.h"

#define SCORE_GUARD_S 1700

static const char *tail_of(const char *text, size_t n)
{
    size_t length = text ? strlen(text) : 0;
    return !text ? "" : length > n ? text + length - n : text;
}

/* The lines of `text` that start with `prefix`, for a failure message. */
static const char *lines_with(const char *text, const char *prefix, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const char *line = text; line && *line && used + 1 < size;) {
        size_t length = strcspn(line, "\n");
        if (strncmp(line, prefix, strlen(prefix)) == 0 || strstr(line, ": SURVIVED") ||
            strstr(line, ": WRONG CLAUSE") || strstr(line, ": NOT AS DECLARED") ||
            strstr(line, ": NO RUN"))
            used += (size_t)snprintf(buf + used, size - used, "%.*s\n", (int)length, line);
        line += length + (line[length] == '\n');
    }
    return buf;
}

static void score_path(char *buf, size_t size)
{
    snprintf(buf, size, "%s/native/mutation-score", host_build_dir());
}

/* Every mutant, both families, of one architecture: each caught for what it declares,
 * the score K/N with K == N, and N past the floor for the reference FSP. */
START_TEST(every_mutant_is_caught_for_what_it_declares)
{
    const char *arch = host_check_arch(_i);
    char tool[512], why[256], found[4096];
    score_path(tool, sizeof(tool));
    const char *argv[] = {tool, "--arch", arch, NULL};
    proc_result r;
    expect_that(proc_run(argv, SCORE_GUARD_S, &r, why, sizeof(why)) == 0, "%s", why);
    const char *score = strstr(r.out, "mutation score: ");
    unsigned k = 0, n = 0, ref_k = 0, ref_n = 0;
    if (score)
        sscanf(score, "mutation score: %u/%u", &k, &n);
    char reference[32];
    snprintf(reference, sizeof(reference), "  %s reference: ", arch);
    const char *ref = strstr(r.out, reference);
    if (ref)
        sscanf(ref + strlen(reference), "%u/%u", &ref_k, &ref_n);
    fprintf(stderr, "check_mutation: %s: %.*s\n", arch, score ? (int)strcspn(score, "\n") : 0,
            score ? score : "");
    expect_that(r.exit_code == 0 && score && k == n && ref_n >= 30 && ref_k == ref_n,
                "expected exit 0, every mutant as declared and at least 30 of the reference "
                "FSP's; got exit %d%s, %u/%u (reference %u/%u):\n%s\nits end:\n%s",
                r.exit_code, r.timed_out ? " (hang guard)" : "", k, n, ref_k, ref_n,
                lines_with(r.out, "mutation score", found, sizeof(found)),
                tail_of(r.out, 1500));
    proc_result_free(&r);
}
END_TEST

/* A tree of the virtual family's shape whose "mutants" are DLLs we know: the score must
 * call vfsp itself (declared to break SEND-8) a survivor, endjob_leaks declared to break
 * STAT-2 caught for the wrong clause (it breaks END-1 and SHUT-1), endjob_leaks as it
 * declares itself caught, must leave an uncatchable one out of N without running it, must
 * say why a DLL declared "not a breach" could not be hosted, and must call a declared
 * breach the kit could not host "NO RUN", not a survivor. */
static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    expect_that(f && fputs(text, f) >= 0 && fclose(f) == 0, "cannot write %s", path);
}

START_TEST(the_score_tells_caught_from_survivor_and_wrong_clause)
{
    char root[512], dir[700], path[800], target[800], tool[512], why[256], build[700];
    expect_that(kit_temp_dir("mutation-tree", root, sizeof(root)) == 0, "no temporary folder");
    /* the sources: declarations only (the score reads them, the DLLs are below) */
    snprintf(dir, sizeof(dir), "%s/src/conformance/testfsp/mutants", root);
    char mkdirs[2048];
    snprintf(mkdirs, sizeof(mkdirs), "mkdir -p '%s' '%s/build/native' '%s/build/x64/vfsp-mutants'",
             dir, root, root);
    expect_that(system(mkdirs) == 0, "cannot make the tree under %s", root);
    static const struct { const char *name, *decl, *dll; } fakes[] = {
        {"plain_vfsp", "breaks: SEND-8 FAIL", "vfsp.dll"},
        {"wrong_clause", "breaks: STAT-2 FAIL", "vfsp-mutants/endjob_leaks.dll"},
        {"caught_one", "breaks: END-1 FAIL", "vfsp-mutants/endjob_leaks.dll"},
        {"cannot_be_seen", "uncatchable: a test of the score", "vfsp.dll"},
        {"cannot_load", "not a breach: a DLL that cannot be hosted", "mutants/dllmain_false.dll"},
        /* declared a breach, but the kit cannot host it: nothing was judged (it was once
         * called a survivor) */
        {"never_judged", "breaks: SEND-8 FAIL", "mutants/dllmain_false.dll"},
    };
    for (size_t i = 0; i < sizeof(fakes) / sizeof(fakes[0]); i++) {
        char text[256];
        snprintf(text, sizeof(text), "/*\n * %s\n */\n", fakes[i].decl);
        snprintf(path, sizeof(path), "%s/%s.c", dir, fakes[i].name);
        write_file(path, text);
        host_check_path(target, sizeof(target), "x64", fakes[i].dll);
        char dll[PATH_MAX];
        expect_that(realpath(target, dll) != NULL, "no %s", target); /* the link's target */
        snprintf(path, sizeof(path), "%s/build/x64/vfsp-mutants/%s.dll", root, fakes[i].name);
        expect_that(symlink(dll, path) == 0, "cannot link %s", path);
    }
    snprintf(target, sizeof(target), "%s/native/fspconform", host_build_dir());
    char real[700];
    expect_that(realpath(target, real) != NULL, "no %s", target);
    snprintf(path, sizeof(path), "%s/build/native/fspconform", root);
    expect_that(symlink(real, path) == 0, "cannot link %s", path);
    score_path(tool, sizeof(tool));
    snprintf(build, sizeof(build), "%s/build", root);
    snprintf(dir, sizeof(dir), "%s/src", root);
    const char *argv[] = {tool, "--arch", "x64", "--family", "virtual", "--build", build,
                          "--source", dir, NULL};
    proc_result r;
    expect_that(proc_run(argv, 600, &r, why, sizeof(why)) == 0, "%s", why);
    /* a NO RUN's whole output is kept for reading afterwards, each try's, and the line
     * names the file of the last one */
    char kept[sizeof(build) + 64];
    snprintf(kept, sizeof(kept), "%s/mutation-no-runs/x64-never_judged-2.txt", build);
    FILE *f = fopen(kept, "r");
    char head[64] = "";
    if (f) {
        if (!fgets(head, sizeof(head), f))
            head[0] = '\0';
        fclose(f);
    }
    int kept_named = strstr(r.out, kept) != NULL;
    kit_temp_remove(root);
    expect_that(strncmp(head, "exit 2", 6) == 0 && kept_named, "no NO RUN output kept in %s "
                "(first line '%s'), or the line does not name it:\n%s", kept, head,
                tail_of(r.out, 2000));
    expect_that(r.exit_code == 1 &&
                strstr(r.out, "SURVIVED: x64 virtual/plain_vfsp - declares SEND-8 FAIL; "
                              "fspconform: PASS") &&
                strstr(r.out, "WRONG CLAUSE: x64 virtual/wrong_clause - declares STAT-2 FAIL; "
                              "the report has ") &&
                strstr(strstr(r.out, "WRONG CLAUSE: x64 virtual/wrong_clause"), "END-1 FAIL") &&
                strstr(r.out, "virtual/caught_one: caught - END-1 FAIL") &&
                strstr(r.out, "uncatchable: x64 virtual/cannot_be_seen") &&
                /* the kit's own: the line says why it could not be hosted (it once gave
                 * fspconform's first progress line instead) */
                strstr(r.out, "virtual/cannot_load: as declared - exit 2; fake-faxsvc: ") &&
                strstr(r.out, "its DllMain returned FALSE") &&
                strstr(r.out, "the kit's own (not a breach): 1/1 as declared") &&
                !strstr(r.out, "virtual/cannot_be_seen: ") &&
                strstr(r.out, "NO RUN: x64 virtual/never_judged - exit 2 with no clause "
                              "judged; fake-faxsvc: ") &&
                strstr(r.out, "mutation score: 1/4\n"),
                "expected exit 1, a survivor, a wrong clause, one caught, one never judged, "
                "one uncatchable left out: 1/4; got exit %d:\n%s\n%s", r.exit_code,
                tail_of(r.out, 3000),
                tail_of(r.err, 600));
    proc_result_free(&r);
}
END_TEST

START_TEST(a_usage_mistake_is_one_line_and_exit_2)
{
    typedef struct usage_case { const char *arg, *value, *says; } usage_case;
    static const usage_case cases[] = {
        {"--arch", "arm64", "--arch: expected x64 or x86: arm64"},
        {"--family", "other", "--family: expected reference or virtual: other"},
        {"--jobs", "0", "--jobs: expected 1..16: 0"},
        {"--mutant", "no_such_mutant", "no mutant matches the options"},
        {"--bogus", NULL, "unknown argument: --bogus"},
    };
    const usage_case *c = &cases[_i];
    char tool[512], why[256];
    score_path(tool, sizeof(tool));
    const char *argv[] = {tool, c->arg, c->value, NULL};
    proc_result r;
    expect_that(proc_run(argv, 60, &r, why, sizeof(why)) == 0, "%s", why);
    expect_that(r.exit_code == 2 && strstr(r.err, c->says) && !strchr(strchr(r.err, '\n') + 1, '\n'),
                "expected exit 2 and one line with '%s'; got exit %d:\n%s", c->says,
                r.exit_code, r.err);
    proc_result_free(&r);
}
END_TEST

/* fspconform with `stops` (--stop-at values, NULL-ended) on vfsp's endjob_leaks, which
 * breaks SHUT-1 in send_one_page, the second scenario (its one job's data is still on
 * the heap after Shutdown; END-1 needs a second job), and never ABORT-3. */
static void run_endjob_leaks(const char *const stops[], proc_result *r)
{
    char tool[512], dll[512], why[256];
    snprintf(tool, sizeof(tool), "%s/native/fspconform", host_build_dir());
    host_check_path(dll, sizeof(dll), "x64", "vfsp-mutants/endjob_leaks.dll");
    const char *argv[16] = {tool};
    size_t argc = 1;
    for (size_t i = 0; stops[i] && argc < 13; i++) {
        argv[argc++] = "--stop-at";
        argv[argc++] = stops[i];
    }
    argv[argc++] = dll;
    argv[argc] = NULL;
    expect_that(proc_run(argv, 400, r, why, sizeof(why)) == 0, "%s", why);
}

/* fspconform --stop-at: the battery stops after the scenario that gave the clause its
 * verdict, the report says so, and what ran is judged. */
START_TEST(stop_at_ends_the_battery_after_the_verdict)
{
    const char *const stops[] = {"SHUT-1", NULL};
    proc_result r;
    run_endjob_leaks(stops, &r);
    expect_that(r.exit_code == 1 && strstr(r.out, "SHUT-1    FAIL") &&
                strstr(r.out, "the run stopped early: stopped as asked (--stop-at SHUT-1:FAIL) "
                              "after send_one_page") &&
                strstr(r.err, "] send_one_page") && !strstr(r.err, "] send_pages"),
                "expected SHUT-1 FAIL and a stop after send_one_page; got exit %d:\n%s\n%s",
                r.exit_code, tail_of(r.out, 2000), tail_of(r.err, 1500));
    proc_result_free(&r);
}
END_TEST

/* Two stops: the battery goes on until both are reached - here never, since ABORT-3 is
 * not broken, so every scenario runs. */
START_TEST(stop_at_waits_for_every_stop)
{
    const char *const stops[] = {"SHUT-1", "ABORT-3", NULL};
    proc_result r;
    run_endjob_leaks(stops, &r);
    expect_that(r.exit_code == 1 && strstr(r.out, "SHUT-1    FAIL") &&
                !strstr(r.out, "stopped as asked") && strstr(r.err, "] send_pages"),
                "expected SHUT-1 FAIL and the whole battery (ABORT-3 is never reached); got "
                "exit %d:\n%s\n%s", r.exit_code, tail_of(r.out, 2000), tail_of(r.err, 1500));
    proc_result_free(&r);
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"score", every_mutant_is_caught_for_what_it_declares, TIMEOUT_MUTATION, 0,
         HOST_CHECK_ARCHES},
        {"program", the_score_tells_caught_from_survivor_and_wrong_clause, TIMEOUT_HOST, 0, 0},
        {"program", a_usage_mistake_is_one_line_and_exit_2, TIMEOUT_PROCESS, 0, 5},
        {"stop-at", stop_at_ends_the_battery_after_the_verdict, TIMEOUT_HOST, 0, 0},
        {"stop-at", stop_at_waits_for_every_stop, TIMEOUT_HOST, 0, 0},
    };
    return harness_main("mutation", tests, HARNESS_COUNT(tests));
}
