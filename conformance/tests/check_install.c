/*
 * check_install.c - the kit outside its source tree: installed into a temporary DESTDIR
 * (tools/install-kit.sh, what `make install` runs), the installed fspconform judges the
 * example vfsp.dll, x64 and x86, from another folder with none of the build tree's
 * environment - its Wine prefix made on first use in the user's cache folder, nothing
 * written under the installed tree - and `make uninstall` takes everything away again;
 * and the CI recipes (examples/ci/) run as written on a vendor's project: a DLL built in
 * the pipeline, judged, its JUnit report read by junitparser.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check_harness.h"
#include "host_check.h"
#include "host_run.h"
#include "kit_temp.h"
#include "proc_run.h"
#include "report_readers.h"
#include "wine_run.h"

#define PREFIX "/opt/fspkit-test"

/* Every file under `dir` (recursively), as "path size\n" lines appended to `list`. */
static void list_files(const char *dir, char *list, size_t size)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[1024];
        struct stat st;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            list_files(path, list, size);
        } else {
            size_t used = strlen(list);
            snprintf(list + used, size - used, "%s %lld\n", path, (long long)st.st_size);
        }
    }
    closedir(d);
}

static void install_kit(const char *action, const char *destdir)
{
    char why[256];
    const char *argv[] = {"/bin/sh", "tools/install-kit.sh", action, host_build_dir(), PREFIX,
                          destdir, NULL};
    proc_result r;
    expect_that(proc_run(argv, 120, &r, why, sizeof(why)) == 0, "install-kit: %s", why);
    expect_that(r.exit_code == 0, "install-kit %s: exit %d\n%s%s", action, r.exit_code, r.out,
                r.err);
    proc_result_free(&r);
}

/* The kit installed in a temporary DESTDIR, a user's empty home, and a folder to work in
 * that is neither. */
typedef struct installed {
    char destdir[256], home[256], work[256];
} installed;

static void install_fresh(installed *kit, const char *work_name)
{
    expect_that(kit_temp_dir("destdir", kit->destdir, sizeof(kit->destdir)) == 0 &&
                kit_temp_dir("home", kit->home, sizeof(kit->home)) == 0 &&
                kit_temp_dir(work_name, kit->work, sizeof(kit->work)) == 0,
                "cannot create temporary folders");
    install_kit("install", kit->destdir);
}

/* The installed kit's Wine prefix is in the user's cache folder, with a wineserver that
 * lingers after the last run and writes the prefix's registry files when it ends: it is
 * stopped and waited for first, or the removal races with it ("cannot remove", seen in
 * make check). */
static void stop_wineserver_of(const installed *kit)
{
    char command[700], why[256];
    snprintf(command, sizeof(command), "ws=/usr/lib/wine/wineserver; [ -x $ws ] || "
             "ws=wineserver; export WINEPREFIX='%s/.cache/fspkit/wineprefix'; "
             "[ -d \"$WINEPREFIX\" ] || exit 0; $ws -k; $ws -w", kit->home);
    char home_var[300];
    snprintf(home_var, sizeof(home_var), "HOME=%s", kit->home);
    /* the runs' environment: Debian's Wine finds a prefix's wineserver through $TMPDIR */
    const char *argv[] = {"/usr/bin/env", "-i", "PATH=/usr/bin:/bin", home_var, "/bin/sh",
                          "-c", command, NULL};
    proc_result r;
    if (proc_run(argv, 60, &r, why, sizeof(why)) == 0)
        proc_result_free(&r);
}

static void remove_all(const installed *kit)
{
    stop_wineserver_of(kit);
    expect_that(kit_temp_remove(kit->destdir) == 0 && kit_temp_remove(kit->home) == 0 &&
                kit_temp_remove(kit->work) == 0, "cannot remove the temporary folders");
}

START_TEST(the_installed_kit_runs_from_anywhere_and_uninstalls)
{
    installed kit;
    install_fresh(&kit, "elsewhere");
    const char *destdir = kit.destdir, *home = kit.home, *elsewhere = kit.work;
    char bin[512], dll[512], why[256];
    static char before[65536], after[65536];
    before[0] = after[0] = '\0';
    list_files(destdir, before, sizeof(before));
    snprintf(bin, sizeof(bin), "%s%s/bin/fspconform", destdir, PREFIX);
    char home_var[300], prefix_made[400];
    snprintf(home_var, sizeof(home_var), "HOME=%s", home);
    snprintf(prefix_made, sizeof(prefix_made), "creating the Wine prefix %s/.cache/fspkit/"
             "wineprefix", home);
    int missing = -1; /* an architecture this machine cannot run: skipped after clean-up */
    for (int i = 0; i < HOST_CHECK_ARCHES; i++) {
        if (!wine_loader(host_check_arches[i])) {
            missing = i;
            continue;
        }
        const char *arch = host_check_arch(i);
        snprintf(dll, sizeof(dll), "%s%s/share/fspkit/examples/%s/vfsp.dll", destdir, PREFIX,
                 arch);
        /* none of the build's environment: no FSPKIT_BUILD, no WINEPREFIX, another cwd */
        char cd_and_run[2048];
        snprintf(cd_and_run, sizeof(cd_and_run), "cd '%s' && exec '%s' '%s'", elsewhere, bin,
                 dll);
        const char *argv[] = {"/usr/bin/env", "-i", "PATH=/usr/bin:/bin", home_var,
                              "/bin/sh", "-c", cd_and_run, NULL};
        proc_result r;
        expect_that(proc_run(argv, 600, &r, why, sizeof(why)) == 0, "%s", why);
        expect_that(r.exit_code == 0 && strstr(r.out, "fspconform: PASS") &&
                    strstr(r.out, arch), "the installed fspconform on the %s vfsp.dll: "
                    "expected PASS, got exit %d:\n%.3000s\n%.2000s", arch, r.exit_code, r.out,
                    r.err);
        /* the prefix is made once, on first use, and says so */
        expect_that(i == 0 ? strstr(r.err, prefix_made) != NULL
                           : strstr(r.err, "creating the Wine prefix") == NULL,
                    "run %d: expected '%s' %s:\n%.2000s", i, prefix_made,
                    i == 0 ? "on first use" : "only once", r.err);
        host_check_every_clause_once(r.out);
        proc_result_free(&r);
    }
    list_files(destdir, after, sizeof(after));
    expect_that(strcmp(before, after) == 0, "running the installed kit wrote under it:\n"
                "before:\n%.3000s\nafter:\n%.3000s", before, after);
    install_kit("uninstall", destdir);
    after[0] = '\0';
    list_files(destdir, after, sizeof(after));
    expect_that(after[0] == '\0', "uninstall left files behind:\n%.3000s", after);
    remove_all(&kit);
    if (missing >= 0)
        host_check_arch(missing); /* says the skip and why (it ends the test) */
}
END_TEST

/* Copies the kit's file `from` into the folder DIR/SUB, made as needed. */
static void copy_into(const char *dir, const char *from, const char *sub)
{
    char why[256], target[1024];
    snprintf(target, sizeof(target), "%s/%s", dir, sub);
    const char *mkdir_p[] = {"/bin/mkdir", "-p", target, NULL};
    const char *cp[] = {"/bin/cp", from, target, NULL};
    proc_result r;
    int made = proc_run(mkdir_p, 30, &r, why, sizeof(why)) == 0 && r.exit_code == 0;
    proc_result_free(&r);
    int copied = made && proc_run(cp, 30, &r, why, sizeof(why)) == 0 && r.exit_code == 0;
    expect_that(copied, "cannot copy %s into %s: %s", from, target, made ? r.err : why);
    proc_result_free(&r);
}

/* Both recipes are valid YAML whose one job runs the shared script. */
START_TEST(the_ci_recipes_run_the_shared_script)
{
    static const char script[] =
        "import sys, yaml\n"
        "doc = yaml.safe_load(open(sys.argv[1]))\n"
        "steps = []\n"
        "jobs = doc['jobs'] if 'jobs' in doc else doc\n"
        "for name, job in jobs.items():\n"
        "    if not isinstance(job, dict): continue\n"
        "    steps += [s.get('run', '') for s in job.get('steps', []) if isinstance(s, dict)]\n"
        "    steps += job.get('script', [])\n"
        "print('\\n'.join(steps))\n";
    static const char *const recipes[] = {"examples/ci/github-actions.yml",
                                          "examples/ci/gitlab-ci.yml"};
    for (size_t i = 0; i < sizeof(recipes) / sizeof(recipes[0]); i++) {
        char why[256];
        const char *argv[] = {"/usr/bin/python3", "-c", script, recipes[i], NULL};
        proc_result r;
        expect_that(proc_run(argv, 60, &r, why, sizeof(why)) == 0, "python3: %s", why);
        expect_that(r.exit_code == 0 && strstr(r.out, "sh ci/fspconform-ci.sh"),
                    "%s: expected a step 'sh ci/fspconform-ci.sh', got exit %d:\n%s%s",
                    recipes[i], r.exit_code, r.out, r.err);
        proc_result_free(&r);
    }
}
END_TEST

/* The recipes' script, as written, in a clean folder holding a vendor's project (vfsp's
 * sources and faxdev.h): it builds the DLL with mingw-w64, judges it with the installed
 * kit on PATH, and leaves a TAP stream and a JUnit report CI tools read. */
START_TEST(the_ci_script_judges_a_dll_built_in_the_pipeline)
{
    installed kit;
    install_fresh(&kit, "vendor");
    const char *destdir = kit.destdir, *home = kit.home, *project = kit.work;
    char why[256], path_var[600], home_var[300];
    static const char *const sources[] = {
        "conformance/testfsp/vfsp.c", "conformance/testfsp/vfsp_inbox.c",
        "conformance/testfsp/vfsp_helper_process.c", "conformance/testfsp/vfsp.h",
        "conformance/testfsp/vfsp.def", "include/faxdev.h", "include/fax_status_codes.h"};
    for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
        copy_into(project, sources[i], "src");
    copy_into(project, "examples/ci/fspconform-ci.sh", "ci");
    snprintf(path_var, sizeof(path_var), "PATH=%s%s/bin:/usr/bin:/bin", destdir, PREFIX);
    snprintf(home_var, sizeof(home_var), "HOME=%s", home);
    char cd_and_run[600];
    snprintf(cd_and_run, sizeof(cd_and_run), "cd '%s' && exec sh ci/fspconform-ci.sh", project);
    const char *argv[] = {"/usr/bin/env", "-i", path_var, home_var, "/bin/sh", "-c",
                          cd_and_run, NULL};
    proc_result r;
    expect_that(proc_run(argv, 600, &r, why, sizeof(why)) == 0, "%s", why);
    expect_that(r.exit_code == 0 && strstr(r.out, " - the run: PASS"), "the CI script: "
                "expected exit 0 and the run's PASS, got %d:\n%.3000s\n%.3000s", r.exit_code,
                r.out, r.err);
    proc_result_free(&r);
    char junit[400];
    snprintf(junit, sizeof(junit), "%s/fspconform.xml", project);
    expect_that(junit_read(junit, &r, why, sizeof(why)) == 0, "python3: %s", why);
    expect_that(r.exit_code == 0 && strstr(r.out, " failures=0 "), "junitparser on the "
                "pipeline's report: expected no failure, got exit %d:\n%s%s", r.exit_code,
                r.out, r.err);
    proc_result_free(&r);
    remove_all(&kit);
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"install", the_installed_kit_runs_from_anywhere_and_uninstalls, TIMEOUT_HOST, 0, 0},
        {"ci", the_ci_recipes_run_the_shared_script, TIMEOUT_PROCESS, 0, 0},
        {"ci", the_ci_script_judges_a_dll_built_in_the_pipeline, TIMEOUT_HOST, 0, 0},
    };
    return harness_main("install", tests, HARNESS_COUNT(tests));
}
