/*
 * mutation-score - runs fspconform's default run on every mutant of the kit's FSPs and
 * says whether the suite catches each for what it declares next to its code
 * (conformance/lib/mutant_decl.h), then the mutation score K/N: N counts the mutants
 * that break a clause (not the uncatchable ones, listed apart, nor those that test the
 * kit itself), K those caught for what they declare. A survivor is a hole in the suite.
 *
 * Each run stops once the verdicts the mutant declares are in (fspconform --stop-at),
 * unless --full asks for the whole report (make mutation). Run from the kit's source tree
 * (make does): the families' settings are files of it (families.c).
 */
#define _DEFAULT_SOURCE /* realpath */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>
#include <sys/stat.h>

#include "families.h"
#include "fspkit_version.h"
#include "judge.h"
#include "mutant_decl.h"
#include "proc_run.h"
#include "wine_run.h"

enum { EXIT_ALL_CAUGHT = 0, EXIT_HOLES = 1, EXIT_USAGE = 2 };

#define MAX_ARCHES 2
#define MAX_PICKED 64
#define MAX_MUTANTS 256
#define RUN_GUARD_S 900    /* fspconform's own --timeout is 600: this is for a hang of it */

typedef struct settings {
    const char *arches[MAX_ARCHES];
    size_t arch_count;
    const char *families[MAX_PICKED];   /* --family: none means all */
    size_t family_count;
    const char *mutants[MAX_PICKED];    /* --mutant: none means all */
    size_t mutant_count;
    const char *build;
    const char *source;                 /* --source: the tree the families' files are in */
    const char *skipped;                /* the architecture this machine cannot run */
    unsigned jobs;
    int full;
} settings;

typedef struct mutant_run {
    const char *arch;
    const mutant_family *family;
    char name[128];
    mutant_decl decl;
    mutant_judgement judgement;
    double seconds;
} mutant_run;

/* The work: every run, and the queue the workers take them from. */
typedef struct work {
    const settings *set;
    mutant_run runs[MAX_MUTANTS];
    size_t count;
    size_t done;
    size_t next;
    pthread_mutex_t lock;       /* guards next, done and stdout */
} work;

/* A worker runs one mutant after another in a Wine prefix of its own: runs of the
 * reference FSP import its settings (--setup) and map its modem line (--line COM5) in
 * the prefix's registry and devices, and a ring's fax waits in a folder of the prefix,
 * so two runs on one prefix would take each other's. fspconform creates the prefix on
 * its first use. */
typedef struct worker {
    work *w;
    char prefix[4200];          /* "WINEPREFIX=..." for the runs' environment */
} worker;

static void usage(FILE *to)
{
    fputs("Usage: mutation-score [OPTIONS]\n"
          "Run fspconform's default run on every mutant of the kit's FSPs (the reference\n"
          "FSP's with its modem line and settings, vfsp's as they are) and check that each\n"
          "is caught for the clause and level it declares next to its code (conformance/\n"
          "lib/mutant_decl.h). Prints a line per mutant and then\n"
          "  mutation score: K/N\n"
          "where N counts the mutants that break a clause and K those caught for it.\n"
          "Uncatchable mutants are listed apart and left out of N; those that test the\n"
          "kit itself ('not a breach') must end as the environment error they are.\n"
          "Run it from the kit's source tree.\n"
          "\n"
          "  --arch x64|x86    the hosts and DLLs to run (repeatable; default every one\n"
          "                    this machine runs: x86 needs wine32 and a 32-bit kernel)\n"
          "  --family NAME     only this family: reference or virtual (repeatable)\n"
          "  --mutant NAME     only this mutant (repeatable)\n"
          "  --full            each run to the end (the whole report), not stopped once\n"
          "                    the declared verdicts are in (fspconform --stop-at)\n"
          "  --jobs N          runs at once, each in a Wine prefix of its own: the\n"
          "                    current prefix's path with -mutants-K added (default 3)\n"
          "  --build DIR       the kit's build folder (default $FSPKIT_BUILD, else build)\n"
          "  --source DIR      the kit's source tree (default: the current folder)\n"
          "  --help, --version\n"
          "\n"
          "Exit status: 0 every mutant as declared, 1 a survivor or a mutant caught for\n"
          "something else, 2 a usage error.\n", to);
}

static int fail_usage(const char *what, const char *value)
{
    fprintf(stderr, "mutation-score: %s%s%s (see --help)\n", what, value ? ": " : "",
            value ? value : "");
    return 0;
}

static int parse(int argc, char **argv, settings *set)
{
    memset(set, 0, sizeof(*set));
    set->jobs = 3;
    set->build = getenv("FSPKIT_BUILD") && *getenv("FSPKIT_BUILD") ? getenv("FSPKIT_BUILD")
                                                                     : "build";
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            exit(EXIT_ALL_CAUGHT);
        } else if (strcmp(arg, "--version") == 0) {
            printf("mutation-score %s\n", FSPKIT_VERSION);
            exit(EXIT_ALL_CAUGHT);
        } else if (strcmp(arg, "--full") == 0) {
            set->full = 1;
        } else if (strcmp(arg, "--arch") == 0 || strcmp(arg, "--family") == 0 ||
                   strcmp(arg, "--mutant") == 0 || strcmp(arg, "--jobs") == 0 ||
                   strcmp(arg, "--build") == 0 || strcmp(arg, "--source") == 0) {
            if (!value)
                return fail_usage(arg, "needs a value");
            i++;
            if (strcmp(arg, "--arch") == 0) {
                if (strcmp(value, "x64") != 0 && strcmp(value, "x86") != 0)
                    return fail_usage("--arch: expected x64 or x86", value);
                if (set->arch_count < MAX_ARCHES)
                    set->arches[set->arch_count++] = value;
            } else if (strcmp(arg, "--family") == 0) {
                if (!mutant_family_find(value))
                    return fail_usage("--family: expected reference or virtual", value);
                if (set->family_count == MAX_PICKED)
                    return fail_usage("too many --family", NULL);
                set->families[set->family_count++] = value;
            } else if (strcmp(arg, "--mutant") == 0) {
                if (set->mutant_count == MAX_PICKED)
                    return fail_usage("too many --mutant", NULL);
                set->mutants[set->mutant_count++] = value;
            } else if (strcmp(arg, "--jobs") == 0) {
                char *end;
                unsigned long n = strtoul(value, &end, 10);
                if (*end || n < 1 || n > 16)
                    return fail_usage("--jobs: expected 1..16", value);
                set->jobs = (unsigned)n;
            } else if (strcmp(arg, "--source") == 0) {
                set->source = value;
            } else {
                set->build = value;
            }
        } else {
            return fail_usage("unknown argument", arg);
        }
    }
    if (set->arch_count == 0) {
        /* by default every architecture this machine runs; x86 needs wine32 and a kernel
         * that runs 32-bit programs, and is skipped with the reason otherwise */
        static const char *const all[] = {"x64", "x86"};
        for (size_t i = 0; i < MAX_ARCHES; i++) {
            if (wine_loader(all[i]))
                set->arches[set->arch_count++] = all[i];
            else
                set->skipped = all[i];
        }
        if (set->arch_count == 0)
            return fail_usage("no architecture can run here (no Wine loader)", NULL);
    } else {
        for (size_t i = 0; i < set->arch_count; i++)
            if (!wine_loader(set->arches[i]))
                return fail_usage("--arch: no Wine loader for these programs here",
                                  set->arches[i]);
    }
    return 1;
}

static int picked(const char *const *list, size_t count, const char *name)
{
    if (count == 0)
        return 1;
    for (size_t i = 0; i < count; i++)
        if (strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const mutant_run *)a)->name, ((const mutant_run *)b)->name);
}

/* Every mutant of `family` for `arch`: its declarations read (a bad one is a usage
 * error: FILE:LINE and why). */
static int gather(work *w, const char *arch, const mutant_family *family)
{
    DIR *dir = opendir(family->source_dir);
    if (!dir) {
        fprintf(stderr, "mutation-score: %s: %s (run from the kit's source tree)\n",
                family->source_dir, strerror(errno));
        return -1;
    }
    size_t first = w->count;
    struct dirent *e;
    int status = 0;
    while (status == 0 && (e = readdir(dir))) {
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0 || len - 2 >= 128)
            continue;
        char name[128], source[512], why[512];
        snprintf(name, sizeof(name), "%.*s", (int)(len - 2), e->d_name);
        if (!picked(w->set->mutants, w->set->mutant_count, name))
            continue;
        if (w->count == MAX_MUTANTS) {
            fprintf(stderr, "mutation-score: more than %d mutants\n", MAX_MUTANTS);
            status = -1;
            break;
        }
        mutant_run *run = &w->runs[w->count];
        memset(run, 0, sizeof(*run));
        snprintf(source, sizeof(source), "%s/%s", family->source_dir, e->d_name);
        if (mutant_decl_read(source, &run->decl, why, sizeof(why)) != 0) {
            fprintf(stderr, "%s\n", why);
            status = -1;
            break;
        }
        run->arch = arch;
        run->family = family;
        snprintf(run->name, sizeof(run->name), "%s", name);
        w->count++;
    }
    closedir(dir);
    qsort(w->runs + first, w->count - first, sizeof(w->runs[0]), by_name);
    return status;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A NO RUN's whole output (fspconform's stdout and stderr) is kept in
 * BUILD/mutation-no-runs/ARCH-NAME-TRY.txt, so that an ending nobody can explain yet
 * (docs/mutation.md) can be read afterwards; `said` gets " (all it said: PATH)". */
static void keep_no_run_output(const settings *set, const mutant_run *run, int attempt,
                               const proc_result *r, char *said, size_t size)
{
    char dir[600], path[900];
    snprintf(dir, sizeof(dir), "%s/mutation-no-runs", set->build);
    snprintf(path, sizeof(path), "%s/%s-%s-%d.txt", dir, run->arch, run->name, attempt);
    said[0] = '\0';
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return;
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    fprintf(f, "exit %d\n--- stdout\n%s\n--- stderr\n%s\n", r->exit_code,
            r->out ? r->out : "", r->err ? r->err : "");
    if (fclose(f) == 0)
        snprintf(said, size, " (all it said: %.500s)", path);
}

static void run_one(worker *me, mutant_run *run)
{
    work *w = me->w;
    const settings *set = w->set;
    char tool[512], dll[768], why[256], stops[MUTANT_DECL_MAX][32];
    char first_try[1200] = "", retry_note[400] = "", kept[600] = "";
    snprintf(tool, sizeof(tool), "%s/native/fspconform", set->build);
    snprintf(dll, sizeof(dll), "%s/%s/%s/%s.dll", set->build, run->arch,
             run->family->dll_dir, run->name);
    /* a short hang guard for calls (the family's): a hang is judged in seconds, and the
     * battery stops after the first one */
    const char *argv[40] = {"/usr/bin/env", me->prefix, tool, "--call-timeout",
                            run->family->call_timeout, "--timeout", "600"};
    size_t argc = 7;
    for (const char *const *o = run->family->options; *o; o++)
        argv[argc++] = *o;
    if (run->decl.needs_ring && run->family->ring) {
        argv[argc++] = "--ring";
        argv[argc++] = run->family->ring;
    }
    for (size_t i = 0; !set->full && i < run->decl.breach_count; i++) {
        snprintf(stops[i], sizeof(stops[i]), "%s:%s", run->decl.breaks[i].clause,
                 run->decl.breaks[i].level);
        argv[argc++] = "--stop-at";
        argv[argc++] = stops[i];
    }
    argv[argc++] = dll;
    argv[argc] = NULL;
    double started = now_s();
    /* A run that judged nothing (NO RUN: the host or Wine failed before any verdict) says
     * nothing about the suite; under three parallel prefixes one such run in a few
     * hundred was seen in make check. It gets one more try, and its line says so; a
     * second NO RUN stands. A run stopped by the hang guard is not tried again. */
    for (int attempt = 1; attempt <= 2; attempt++) {
        proc_result r;
        int timed_out = 0;
        kept[0] = '\0'; /* this try's file, if it is kept */
        if (proc_run(argv, RUN_GUARD_S, &r, why, sizeof(why)) != 0) {
            run->judgement.outcome = MUTANT_NO_RUN;
            snprintf(run->judgement.detail, sizeof(run->judgement.detail), "%s", why);
        } else {
            timed_out = r.timed_out;
            mutant_judge(&run->decl, &r, &run->judgement);
            if (run->judgement.outcome == MUTANT_NO_RUN && !timed_out)
                keep_no_run_output(set, run, attempt, &r, kept, sizeof(kept));
            proc_result_free(&r);
        }
        if (run->judgement.outcome != MUTANT_NO_RUN || timed_out)
            break;
        if (attempt == 1)
            snprintf(first_try, sizeof(first_try), "%.500s%.600s", run->judgement.detail, kept);
        else
            snprintf(retry_note, sizeof(retry_note), "; the same on a second try%.370s", kept);
    }
    if (first_try[0] && run->judgement.outcome != MUTANT_NO_RUN)
        snprintf(retry_note, sizeof(retry_note), " (on a second try; the first was NO RUN: "
                 "%.300s)", first_try);
    run->seconds = now_s() - started;
    pthread_mutex_lock(&w->lock);
    w->done++;
    printf("[%zu/%zu] %s %s/%s: %s - %s%s (%.1f s)\n", w->done, w->count, run->arch,
           run->family->name, run->name, mutant_outcome_name(run->judgement.outcome),
           run->judgement.detail, retry_note, run->seconds);
    fflush(stdout);
    pthread_mutex_unlock(&w->lock);
}

static int to_run(const mutant_run *run) { return !run->decl.uncatchable; }

static void *work_through(void *arg)
{
    worker *me = arg;
    work *w = me->w;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        while (w->next < w->count && !to_run(&w->runs[w->next]))
            w->next++;
        size_t i = w->next++;
        pthread_mutex_unlock(&w->lock);
        if (i >= w->count)
            return NULL;
        run_one(me, &w->runs[i]);
    }
}

/* The score lines: per arch and family, and in all. 1 when every mutant is as declared. */
static int report(const work *w)
{
    size_t k = 0, n = 0, uncatchable = 0, kit = 0, kit_good = 0;
    int whole = 1;
    puts("");
    for (size_t i = 0; i < w->count; i++) {
        const mutant_run *run = &w->runs[i];
        if (run->decl.uncatchable)
            printf("uncatchable: %s %s/%s (its reason is in %s/%s.c)\n", run->arch,
                   run->family->name, run->name, run->family->source_dir, run->name);
        else if (!mutant_outcome_good(run->judgement.outcome))
            printf("%s: %s %s/%s - %s\n", mutant_outcome_name(run->judgement.outcome),
                   run->arch, run->family->name, run->name, run->judgement.detail);
    }
    for (size_t i = 0; i < w->count; i++) {
        const mutant_run *run = &w->runs[i];
        int good = mutant_outcome_good(run->judgement.outcome);
        if (run->decl.uncatchable) {
            uncatchable++;
        } else if (run->decl.not_a_breach) {
            kit++;
            kit_good += good;
        } else {
            n++;
            k += good;
        }
        whole &= run->decl.uncatchable || good;
    }
    /* per arch and family */
    for (size_t a = 0; a < w->set->arch_count; a++) {
        const char *names[] = {"reference", "virtual"};
        for (size_t f = 0; f < 2; f++) {
            size_t fk = 0, fn = 0;
            for (size_t i = 0; i < w->count; i++) {
                const mutant_run *run = &w->runs[i];
                if (strcmp(run->arch, w->set->arches[a]) != 0 ||
                    strcmp(run->family->name, names[f]) != 0 || run->decl.uncatchable ||
                    run->decl.not_a_breach)
                    continue;
                fn++;
                fk += mutant_outcome_good(run->judgement.outcome);
            }
            if (fn)
                printf("  %s %s: %zu/%zu\n", w->set->arches[a], names[f], fk, fn);
        }
    }
    printf("the kit's own (not a breach): %zu/%zu as declared; uncatchable: %zu\n", kit_good,
           kit, uncatchable);
    printf("mutation score: %zu/%zu\n", k, n);
    return whole;
}

int main(int argc, char **argv)
{
    settings set;
    if (!parse(argc, argv, &set))
        return EXIT_USAGE;
    /* the build folder as given, before the families' relative paths move us */
    char build[4096];
    if (!realpath(set.build, build)) {
        fprintf(stderr, "mutation-score: --build %s: %s\n", set.build, strerror(errno));
        return EXIT_USAGE;
    }
    set.build = build;
    /* fspconform reads FSPKIT_BUILD too (where its parts are): a relative one would be
     * read from the source tree we move to */
    char kit_build[4096];
    const char *given = getenv("FSPKIT_BUILD");
    if (given && *given && given[0] != '/' && realpath(given, kit_build))
        setenv("FSPKIT_BUILD", kit_build, 1);
    if (set.source && chdir(set.source) != 0) {
        fprintf(stderr, "mutation-score: --source %s: %s\n", set.source, strerror(errno));
        return EXIT_USAGE;
    }
    static work w; /* a few hundred kilobytes: not on the stack */
    w.set = &set;
    pthread_mutex_init(&w.lock, NULL);
    size_t family_count;
    const mutant_family *families = mutant_families(&family_count);
    for (size_t a = 0; a < set.arch_count; a++)
        for (size_t f = 0; f < family_count; f++)
            if (picked(set.families, set.family_count, families[f].name) &&
                gather(&w, set.arches[a], &families[f]) != 0)
                return EXIT_USAGE;
    if (w.count == 0) {
        fprintf(stderr, "mutation-score: no mutant matches the options\n");
        return EXIT_USAGE;
    }
    if (set.skipped)
        printf("%s: skipped: no Wine loader for %s programs here (wine32:i386 is not "
               "installed, or this kernel cannot run 32-bit programs)\n", set.skipped,
               set.skipped);
    /* the prefixes: beside the one this run was given (the rig's, or the kit's own) */
    const char *base = getenv("WINEPREFIX");
    char own[4096 + 16];
    if (!base || !*base) {
        snprintf(own, sizeof(own), "%s/wineprefix", set.build);
        base = own;
    }
    static worker workers[16];
    pthread_t threads[16];
    unsigned started = 0;
    for (unsigned k = 0; k < set.jobs; k++) {
        workers[k].w = &w;
        snprintf(workers[k].prefix, sizeof(workers[k].prefix), "WINEPREFIX=%s-mutants-%u",
                 base, k + 1);
    }
    for (; started < set.jobs; started++)
        if (pthread_create(&threads[started], NULL, work_through, &workers[started]) != 0)
            break;
    if (started == 0)
        work_through(&workers[0]); /* no thread to be had: every run here, one by one */
    for (unsigned t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    int whole = report(&w);
    pthread_mutex_destroy(&w.lock);
    return whole ? EXIT_ALL_CAUGHT : EXIT_HOLES;
}
