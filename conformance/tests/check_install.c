/*
 * check_install.c - the kit outside its source tree: installed into a temporary DESTDIR
 * (tools/install-kit.sh, what `make install` runs), the installed fspconform judges the
 * example vfsp.dll, x64 and x86, from another folder with none of the build tree's
 * environment - its Wine prefix made on first use in the user's cache folder, nothing
 * written under the installed tree - and `make uninstall` takes everything away again.
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

START_TEST(the_installed_kit_runs_from_anywhere_and_uninstalls)
{
    char destdir[256], home[256], elsewhere[256], bin[512], dll[512], why[256];
    expect_that(kit_temp_dir("destdir", destdir, sizeof(destdir)) == 0 &&
                kit_temp_dir("home", home, sizeof(home)) == 0 &&
                kit_temp_dir("elsewhere", elsewhere, sizeof(elsewhere)) == 0,
                "cannot create temporary folders");
    install_kit("install", destdir);
    static char before[65536], after[65536];
    before[0] = after[0] = '\0';
    list_files(destdir, before, sizeof(before));
    snprintf(bin, sizeof(bin), "%s%s/bin/fspconform", destdir, PREFIX);
    char home_var[300], prefix_made[400];
    snprintf(home_var, sizeof(home_var), "HOME=%s", home);
    snprintf(prefix_made, sizeof(prefix_made), "creating the Wine prefix %s/.cache/fspkit/"
             "wineprefix", home);
    for (int i = 0; i < HOST_CHECK_ARCHES; i++) {
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
    expect_that(kit_temp_remove(destdir) == 0 && kit_temp_remove(home) == 0 &&
                kit_temp_remove(elsewhere) == 0, "cannot remove the temporary folders");
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"install", the_installed_kit_runs_from_anywhere_and_uninstalls, TIMEOUT_HOST, 0, 0},
    };
    return harness_main("install", tests, HARNESS_COUNT(tests));
}
