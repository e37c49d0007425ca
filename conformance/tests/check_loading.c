/*
 * check_loading.c - loading an FSP: exports (EXP-1..5), Initialize and Shutdown
 * (INIT-5, ERR-2, SHUT-1, SHUT-2), and every way a DLL can fail to load.
 *
 * Each clause is tested both ways: the reference FSP must hold it, and a mutant that
 * breaks it (conformance/mutants/) must be caught with the clause named. Tests loop
 * over the architectures that can run here (x86 needs wine32).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_harness.h"
#include "host_check.h"
#include "mutant_decl.h"
#include "kit_temp.h"


/* The reference FSP's run of the loading clauses: clean, each held. */
static void expect_loading_clauses_held(host_run *run)
{
    expect_exit(run, 0);
    expect_no_verdict_level(run, "FAIL");
    expect_no_verdict_level(run, "WARN");
    expect_verdict(run, "EXP-1", "PASS", NULL);
    expect_verdict(run, "INIT-5", "PASS", NULL);
    expect_verdict(run, "SHUT-1", "PASS", NULL);
    expect_verdict(run, "SHUT-2", "PASS", NULL);
}

START_TEST(reference_fsp_holds_loading_clauses)
{
    host_run run;
    host_check_run(host_check_arch(_i), "refsp.dll", NULL, &run);
    expect_loading_clauses_held(&run);
    host_run_free(&run);
}
END_TEST

/* --- Mutants: each breaks one clause and must be caught with that clause named ------ */

typedef struct mutant_case {
    const char *name;         /* build/ARCH/mutants/NAME.dll, from conformance/mutants/ */
    const char *breaks;       /* the clause it breaks ... */
    const char *level;        /* ... the verdict level that clause gets ... */
    const char *mentioning;   /* ... and what the verdict must name (NULL: anything) */
    const char *still_holds;  /* a neighbouring clause that must still PASS (NULL: none):
                                 the verdict is precise, not a blanket failure */
} mutant_case;

static const mutant_case mutants[] = {
    {"no_send", "EXP-1", "FAIL", "missing: FaxDevSend", NULL},
    {"decorated", "EXP-4", "WARN", "_FaxDevSend@12", NULL},
    {"init_without_last_error", "ERR-2", "FAIL", "FaxDevInitialize", NULL},
    {"init_without_callback", "INIT-5", "FAIL", NULL, "SHUT-1"},
    {"shutdown_leaks", "SHUT-1", "FAIL", "block(s)", "SHUT-2"},
    {"shutdown_returns_bool", "SHUT-2", "FAIL", NULL, "SHUT-1"},
    {"crash_in_initialize", "ERR-1", "FAIL", "FaxDevInitialize raised exception 0xc0000005 "
     "(access violation)", "EXP-1"},
};
#define MUTANT_COUNT (int)(sizeof(mutants) / sizeof(mutants[0]))

START_TEST(mutant_is_caught_with_its_clause)
{
    const mutant_case *m = &mutants[_i / HOST_CHECK_ARCHES];
    /* what the table expects is what the mutant declares next to its code */
    char source[256], why[512];
    mutant_decl decl;
    snprintf(source, sizeof(source), "conformance/mutants/%s.c", m->name);
    ck_assert_msg(mutant_decl_read(source, &decl, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(mutant_decl_breaks(&decl, m->breaks, m->level),
                  "%s does not declare 'breaks: %s %s'", source, m->breaks, m->level);
    const char *arch = host_check_arch(_i);
    char dll[256];
    snprintf(dll, sizeof(dll), "mutants/%s.dll", m->name);

    host_run run;
    host_check_run(arch, dll, NULL, &run);
    /* Every mutant here breaks a documented rule, or (decorated) loses EXP-1 with it. */
    expect_exit(&run, 1);
    ck_assert_msg(!strstr(run.proc.err, "wine:") && !strstr(run.proc.err, "Backtrace"),
                  "%s: Wine's own crash report leaked out:\n%s", m->name, run.proc.err);
    expect_verdict(&run, m->breaks, m->level, m->mentioning);
    if (m->still_holds)
        expect_verdict(&run, m->still_holds, "PASS", NULL);
    host_run_free(&run);
}
END_TEST

/* --- DLLs that cannot be hosted: one clear line on stderr, exit 2 --------------------- */

typedef struct bad_input {
    const char *what;       /* for the failure message */
    const char *file;       /* relative to build/x64, absolute, or "@text" for a text file */
    const char *expect;     /* text the one-line explanation must contain */
} bad_input;

static const bad_input bad_inputs[] = {
    {"a missing file", "/nonexistent/fspkit/fsp.dll", "no such file"},
    {"a text file", "@text", "not a PE file"},
    {"an EXE", "fake-faxsvc.exe", "is an EXE, not a DLL"},
    {"an x86 DLL in the x64 host", "../x86/refsp.dll", "is an x86 DLL"},
    {"a DLL whose DllMain fails", "mutants/dllmain_false.dll", "DllMain returned FALSE"},
    {"a DLL with a missing dependency", "mutants/missing_dependency.dll",
     "imports fspkit_absent.dll, which was not found"},
};

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}

START_TEST(unhostable_dll_gets_one_line_and_exit_2)
{
    const bad_input *c = &bad_inputs[_i];
    char text_file[256];
    const char *file = c->file;
    if (strcmp(file, "@text") == 0) {
        int fd = kit_temp_file("not-a-dll", ".dll", text_file, sizeof(text_file));
        ck_assert_msg(fd >= 0, "cannot create a temporary file");
        ck_assert_int_gt(write(fd, "hello, this is not a DLL\n", 25), 0);
        close(fd);
        file = text_file;
    }
    host_run run;
    host_check_run("x64", file, NULL, &run);
    if (file == text_file)
        unlink(text_file);

    ck_assert_msg(run.proc.exit_code == 2, "%s: expected exit 2, got %d; stderr: %s",
                  c->what, run.proc.exit_code, run.proc.err);
    ck_assert_msg(count_lines(run.proc.err) == 1 && strstr(run.proc.err, c->expect),
                  "%s: expected one stderr line containing '%s', got:\n%s", c->what,
                  c->expect, run.proc.err);
    ck_assert_msg(run.proc.out[0] == '\0', "%s: expected nothing on stdout (no backtrace), "
                  "got:\n%s", c->what, run.proc.out);
    const json_flat *error = event_list_find_event(&run.events, "error", 0, NULL);
    ck_assert_msg(error != NULL, "%s: the event log has no \"error\" event", c->what);
    host_run_free(&run);
}
END_TEST

/* --- An image without import names tables (an old linker's) ---------------------- */

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* The file offset of `rva` in the image `b` (0: none, or out of the file). */
static size_t file_offset(const unsigned char *b, size_t size, size_t sections,
                          size_t count, uint32_t rva)
{
    for (size_t i = 0; i < count && sections + 40 * (i + 1) <= size; i++) {
        const unsigned char *s = b + sections + 40 * i;
        uint32_t virtual_size = le32(s + 8), va = le32(s + 12), raw_size = le32(s + 16);
        uint32_t extent = virtual_size > raw_size ? virtual_size : raw_size;
        if (rva >= va && rva < va + extent && le32(s + 20) + (rva - va) < size)
            return le32(s + 20) + (rva - va);
    }
    return 0;
}

/* Copies the DLL `from` to `to` with every import descriptor's OriginalFirstThunk 0, as
 * Borland's and old Delphi linkers wrote them: the loader then reads the names from
 * the import address table itself, which holds addresses once the image is loaded.
 * Returns the descriptors changed (0: the test cannot go on). */
static size_t write_without_import_names(const char *from, const char *to)
{
    unsigned char *b = NULL;
    size_t size = 0, changed = 0;
    FILE *in = fopen(from, "rb");
    if (in && fseek(in, 0, SEEK_END) == 0 && (size = (size_t)ftell(in)) > 0x200 &&
        fseek(in, 0, SEEK_SET) == 0 && (b = malloc(size)) && fread(b, 1, size, in) == size) {
        size_t pe = le32(b + 0x3c), opt = pe + 24;
        size_t sections = opt + le16(b + pe + 20), count = le16(b + pe + 6);
        size_t directories = opt + (le16(b + opt) == 0x20b ? 112 : 96);
        size_t d = file_offset(b, size, sections, count, le32(b + directories + 8));
        for (; d && d + 20 <= size && le32(b + d + 12) != 0; d += 20, changed++)
            memset(b + d, 0, 4); /* OriginalFirstThunk */
        FILE *out = fopen(to, "wb");
        if (!out || fwrite(b, 1, size, out) != size)
            changed = 0;
        if (out && fclose(out) != 0)
            changed = 0;
    }
    if (in)
        fclose(in);
    free(b);
    return changed;
}

/* The host hooks some of the FSP's imports by name (fake-faxsvc/import_table.h). An image
 * with no names table once crashed the host (it read the loaded addresses as names:
 * "internal error: exception 0xc0000005"); it is hosted like any other, its imports left
 * alone. */
START_TEST(image_without_import_names_is_hosted)
{
    const char *arch = host_check_arch(_i);
    char dir[256], from[1024], dll[512];
    ck_assert_msg(kit_temp_dir("no-import-names", dir, sizeof(dir)) == 0,
                  "cannot create a temporary folder");
    host_check_path(from, sizeof(from), arch, "refsp.dll");
    snprintf(dll, sizeof(dll), "%s/refsp.dll", dir);
    ck_assert_msg(write_without_import_names(from, dll) > 0,
                  "cannot write %s from %s without its import names", dll, from);
    host_run run;
    host_check_run(arch, dll, NULL, &run);
    kit_temp_remove(dir);
    expect_loading_clauses_held(&run);
    host_run_free(&run);
}
END_TEST

/* --- The command line --------------------------------------------------------------- */

typedef struct usage_case {
    const char *arg;
    const char *value;       /* a second argument, or NULL */
    int exit_code;
    const char *expect_out;  /* stdout must contain this (NULL: not checked) */
    const char *expect_err;  /* stderr must contain this (NULL: not checked) */
} usage_case;

static const usage_case usage_cases[] = {
    {"--help", NULL, 0, "Usage: fake-faxsvc.exe", NULL},
    {"--frobnicate", NULL, 2, NULL, "unknown option --frobnicate"},
    {"--events", NULL, 2, NULL, "--events needs a value"},
    {"--init-order", "sideways", 2, NULL, "'sideways' is neither as-written nor init-first"},
    {"--device-id", "7", 2, NULL, "'7' is neither virtual nor index"},
    {"--seed", "-1", 2, NULL, "'-1' is not a number in 0..18446744073709551615"},
    {"--ring-call-handle", "4294967296", 2, NULL, "is not a number in 0..4294967295"},
    {"--timeout-ms", "0", 2, NULL, "'0' is not 1..3600000 ms"},
};

START_TEST(command_line_is_checked)
{
    const usage_case *c = &usage_cases[_i];
    char exe[1024], why[512];
    host_check_path(exe, sizeof(exe), "x64", "fake-faxsvc.exe");
    const char *args[] = {c->arg, c->value, NULL};
    proc_result r;
    const proc_bounds bounds = {HOST_CHECK_TIMEOUT_S, HOST_CHECK_MEMORY_MB};
    ck_assert_msg(wine_run("x64", exe, args, NULL, &bounds, &r, why, sizeof(why)) == 0,
                  "%s", why);
    ck_assert_msg(r.exit_code == c->exit_code, "%s: expected exit %d, got %d", c->arg,
                  c->exit_code, r.exit_code);
    ck_assert_msg(!c->expect_out || strstr(r.out, c->expect_out),
                  "%s: expected '%s' on stdout, got:\n%s", c->arg, c->expect_out, r.out);
    ck_assert_msg(!c->expect_err || strstr(r.err, c->expect_err),
                  "%s: expected '%s' on stderr, got:\n%s", c->arg, c->expect_err, r.err);
    proc_result_free(&r);
}
END_TEST



int main(void)
{
    /* loops over both architectures: host_check_arch() skips what cannot run here */
    const harness_test tests[] = {
        {"clauses", reference_fsp_holds_loading_clauses, TIMEOUT_HOST, 0, HOST_CHECK_ARCHES},
        {"clauses", mutant_is_caught_with_its_clause, TIMEOUT_HOST, 0, MUTANT_COUNT * HOST_CHECK_ARCHES},
        {"unhostable", unhostable_dll_gets_one_line_and_exit_2, TIMEOUT_HOST, 0, (int)(sizeof(bad_inputs) / sizeof(bad_inputs[0]))},
        {"clauses", image_without_import_names_is_hosted, TIMEOUT_HOST, 0, HOST_CHECK_ARCHES},
        {"unhostable", command_line_is_checked, TIMEOUT_HOST, 0, (int)(sizeof(usage_cases) / sizeof(usage_cases[0]))},
    };
    return harness_main("loading", tests, HARNESS_COUNT(tests));
}
