/*
 * check_manpages.c - the man pages in man/: each passes mandoc's linter at warning level
 * and lexgrog (so whatis and apropos can index its NAME line), and each program's page
 * documents exactly the options its --help lists - the two say the same things, and a
 * new option cannot reach one without the other.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_harness.h"
#include "host_check.h"
#include "host_run.h"
#include "proc_run.h"
#include "wine_run.h"

static const char *const pages[] = {"man/fspconform.1", "man/modem-sim.1",
                                    "man/fake-faxsvc.1", "man/fsc.5"};

START_TEST(each_page_passes_the_linters)
{
    const char *page = pages[_i];
    char why[256];
    const char *lint[] = {"/usr/bin/mandoc", "-Tlint", "-W", "warning", page, NULL};
    proc_result r;
    expect_that(proc_run(lint, 60, &r, why, sizeof(why)) == 0, "mandoc: %s", why);
    expect_that(r.exit_code == 0 && !r.out[0] && !r.err[0], "mandoc -Tlint %s: exit %d\n%s%s",
                page, r.exit_code, r.out, r.err);
    proc_result_free(&r);
    const char *index[] = {"/usr/bin/lexgrog", page, NULL};
    expect_that(proc_run(index, 60, &r, why, sizeof(why)) == 0, "lexgrog: %s", why);
    expect_that(r.exit_code == 0 && strstr(r.out, " - "), "lexgrog %s finds no NAME line: "
                "exit %d\n%s%s", page, r.exit_code, r.out, r.err);
    proc_result_free(&r);
}
END_TEST

/* The long options named in `text` ("--name", letters, digits and dashes), each once,
 * in a list of "--a --b " form. roff's "\-" is read as "-". */
static void options_in(const char *text, char *list, size_t size)
{
    char *plain = malloc(strlen(text) + 1), *p = plain;
    expect_that(plain != NULL, "out of memory");
    for (const char *t = text; *t; t++)
        if (!(t[0] == '\\' && t[1] == '-'))
            *p++ = *t;
    *p = '\0';
    list[0] = '\0';
    for (p = strstr(plain, "--"); p; p = strstr(p + 2, "--")) {
        if (p > plain && (isalnum((unsigned char)p[-1]) || p[-1] == '-'))
            continue;
        size_t n = 2;
        while (isalnum((unsigned char)p[n]) || p[n] == '-')
            n++;
        if (n == 2)
            continue;
        char option[64];
        snprintf(option, sizeof(option), "%.*s ", (int)n, p);
        if (!strstr(list, option) && strlen(list) + strlen(option) + 1 < size)
            strcat(list, option);
    }
    free(plain);
}

/* The page's OPTIONS section, from ".SH OPTIONS" to the next ".SH". */
static char *options_section(const char *page)
{
    FILE *f = fopen(page, "r");
    expect_that(f != NULL, "cannot read %s", page);
    static char text[65536];
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';
    char *start = strstr(text, "\n.SH OPTIONS\n");
    expect_that(start != NULL, "%s has no OPTIONS section", page);
    char *end = strstr(start + 1, "\n.SH ");
    if (end)
        *end = '\0';
    return start;
}

/* Every option of one list is in the other. */
static void expect_same_options(const char *what, const char *help, const char *page)
{
    char from_help[4096], from_page[4096];
    options_in(help, from_help, sizeof(from_help));
    options_in(options_section(page), from_page, sizeof(from_page));
    for (char *o = strtok(from_help, " "); o; o = strtok(NULL, " ")) {
        char word[80];
        snprintf(word, sizeof(word), "%s ", o);
        expect_that(strstr(from_page, word) != NULL, "%s --help lists %s, %s does not",
                    what, o, page);
    }
    options_in(help, from_help, sizeof(from_help));
    for (char *o = strtok(from_page, " "); o; o = strtok(NULL, " ")) {
        char word[80];
        snprintf(word, sizeof(word), "%s ", o);
        expect_that(strstr(from_help, word) != NULL, "%s documents %s, %s --help does not",
                    page, o, what);
    }
}

static void native_help(const char *program, char *out, size_t size)
{
    char path[512], why[256];
    snprintf(path, sizeof(path), "%s/native/%s", host_build_dir(), program);
    const char *argv[] = {path, "--help", NULL};
    proc_result r;
    expect_that(proc_run(argv, 60, &r, why, sizeof(why)) == 0, "%s: %s", program, why);
    expect_that(r.exit_code == 0, "%s --help: exit %d", program, r.exit_code);
    snprintf(out, size, "%s", r.out);
    proc_result_free(&r);
}

START_TEST(fspconform_page_and_help_agree)
{
    static char help[16384];
    native_help("fspconform", help, sizeof(help));
    expect_same_options("fspconform", help, "man/fspconform.1");
}
END_TEST

START_TEST(modem_sim_page_and_help_agree)
{
    static char help[16384];
    native_help("modem-sim", help, sizeof(help));
    expect_same_options("modem-sim", help, "man/modem-sim.1");
}
END_TEST

START_TEST(fake_faxsvc_page_and_help_agree)
{
    char exe[1024], why[512];
    host_check_path(exe, sizeof(exe), "x64", "fake-faxsvc.exe");
    const char *args[] = {"--help", NULL};
    proc_result r;
    const proc_bounds bounds = {HOST_CHECK_TIMEOUT_S, HOST_CHECK_MEMORY_MB};
    expect_that(wine_run("x64", exe, args, NULL, &bounds, &r, why, sizeof(why)) == 0, "%s",
                why);
    expect_that(r.exit_code == 0, "fake-faxsvc.exe --help: exit %d", r.exit_code);
    expect_same_options("fake-faxsvc.exe", r.out, "man/fake-faxsvc.1");
    proc_result_free(&r);
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"lint", each_page_passes_the_linters, TIMEOUT_PROCESS, 0,
         (int)(sizeof(pages) / sizeof(pages[0]))},
        {"help", fspconform_page_and_help_agree, TIMEOUT_PROCESS, 0, 0},
        {"help", modem_sim_page_and_help_agree, TIMEOUT_PROCESS, 0, 0},
        {"help", fake_faxsvc_page_and_help_agree, TIMEOUT_HOST, 0, 0},
    };
    return harness_main("man pages", tests, HARNESS_COUNT(tests));
}
