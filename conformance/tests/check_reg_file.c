/*
 * check_reg_file.c - fspconform --setup's reader of regedit files (common/reg_file.c):
 * both formats and both encodings regedit writes, every data kind, lines wrapped with a
 * backslash, and a mistake reported as FILE:LINE: with nothing returned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_harness.h"
#include "reg_file.h"

/* `text` as UTF-16LE with a byte order mark, as regedit 5 saves it. */
static unsigned char *utf16_file(const char *text, size_t *size)
{
    size_t n = strlen(text);
    unsigned char *out = malloc(2 + 2 * n);
    out[0] = 0xFF;
    out[1] = 0xFE;
    for (size_t i = 0; i < n; i++) {
        out[2 + 2 * i] = (unsigned char)text[i];
        out[3 + 2 * i] = 0;
    }
    *size = 2 + 2 * n;
    return out;
}

static const reg_change *change_named(const reg_file *f, const char *name)
{
    for (size_t i = 0; i < f->count; i++)
        if (f->changes[i].name && strcmp(f->changes[i].name, name) == 0)
            return &f->changes[i];
    return NULL;
}

START_TEST(a_unicode_file_gives_every_kind_of_change)
{
    const char *text =
        "Windows Registry Editor Version 5.00\r\n"
        "\r\n"
        "; written by the vendor's installer\r\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\Fsp]\r\n"
        "\"Port\"=\"COM5\"\r\n"
        "@=\"default \\\"quoted\\\" C:\\\\fax\"\r\n"
        "\"Retries\"=dword:0000000a\r\n"
        "\"Spool\"=hex(2):25,00,54,00,\\\r\n"
        "  45,00,4d,00,50,00,25,00,00,00\r\n"
        "\"Old\"=-\r\n"
        "\r\n"
        "[-HKEY_CURRENT_USER\\Software\\Vendor\\Stale]\r\n";
    size_t size;
    unsigned char *bytes = utf16_file(text, &size);
    reg_file f;
    char why[256] = "";
    expect_that(reg_file_parse("vendor.reg", bytes, size, &f, why, sizeof(why)) == 0, "%s", why);
    free(bytes);
    expect_that(f.unicode == 1 && f.count == 7, "expected 7 changes of a v5 file, got %zu", f.count);
    expect_that(f.changes[0].kind == REG_CHANGE_KEY && f.changes[0].root == REG_ROOT_LOCAL_MACHINE &&
                strcmp(f.changes[0].subkey, "SOFTWARE\\Vendor\\Fsp") == 0 && f.changes[0].line == 4,
                "the key line: kind %d subkey '%s' line %u", f.changes[0].kind,
                f.changes[0].subkey, f.changes[0].line);
    const reg_change *port = change_named(&f, "Port");
    expect_that(port && port->type == 1 && port->size == 10 &&
                memcmp(port->data, "C\0O\0M\0" "5\0\0\0", 10) == 0,
                "\"Port\" must be REG_SZ L\"COM5\" with its terminator");
    const reg_change *deflt = change_named(&f, "");
    expect_that(deflt && deflt->size == 2 * (strlen("default \"quoted\" C:\\fax") + 1),
                "@= must be the default value, escapes undone");
    const reg_change *retries = change_named(&f, "Retries");
    expect_that(retries && retries->type == 4 && retries->size == 4 && retries->data[0] == 10,
                "dword:0000000a must be REG_DWORD 10");
    const reg_change *spool = change_named(&f, "Spool");
    expect_that(spool && spool->type == 2 && spool->size == 14 && spool->line == 8,
                "hex(2) over two lines must be 14 bytes of REG_EXPAND_SZ from line 8");
    const reg_change *old = change_named(&f, "Old");
    expect_that(old && old->kind == REG_CHANGE_DELETE_VALUE, "\"Old\"=- deletes the value");
    expect_that(f.changes[6].kind == REG_CHANGE_DELETE_KEY &&
                f.changes[6].root == REG_ROOT_CURRENT_USER && f.changes[6].line == 12,
                "[-KEY] deletes the key (line 12)");
    reg_file_free(&f);
}
END_TEST

START_TEST(a_regedit4_file_widens_its_ansi_strings)
{
    const char *text = "REGEDIT4\n\n[HKEY_CURRENT_USER\\Software\\FSPKit\\ReferenceFSP]\n"
                       "\"DeviceCount\"=dword:00000001\n\"Path\"=hex(2):25,54,00\n"
                       "\"Name\"=\"caf\xe9\"\n";
    reg_file f;
    char why[256] = "";
    expect_that(reg_file_parse("old.reg", (const unsigned char *)text, strlen(text), &f, why,
                               sizeof(why)) == 0, "%s", why);
    const reg_change *path = change_named(&f, "Path");
    expect_that(!f.unicode && path && path->size == 6 && memcmp(path->data, "%\0T\0\0\0", 6) == 0,
                "REGEDIT4's hex(2) bytes are ANSI: widened to UTF-16LE");
    const reg_change *name = change_named(&f, "Name");
    expect_that(name && name->size == 10 && name->data[6] == 0xE9 && name->data[7] == 0,
                "an ANSI (Latin-1) byte in a REGEDIT4 string becomes its UTF-16 unit");
    reg_file_free(&f);
}
END_TEST

typedef struct bad_file {
    const char *text;
    const char *message;       /* what "bad.reg:LINE: ..." must say */
} bad_file;

static const bad_file bad_files[] = {
    {"[HKEY_CURRENT_USER\\X]\n", "bad.reg:1: not a registry file"},
    {"", "bad.reg:1: empty"},
    {"REGEDIT4\n\n[HKLM\\Software\\X]\n", "bad.reg:3: unknown root in 'HKLM\\Software\\X'"},
    {"REGEDIT4\n\"A\"=\"b\"\n", "bad.reg:2: a value before any [KEY] line"},
    {"REGEDIT4\n[HKEY_CURRENT_USER\\X]\n\"A\"=\"C:\\fax\"\n", "bad.reg:3: unknown escape '\\f'"},
    {"REGEDIT4\n[HKEY_CURRENT_USER\\X]\n\n\"A\"=dword:123456789\n",
     "bad.reg:4: dword: takes up to 8 hex digits"},
    {"REGEDIT4\n[HKEY_CURRENT_USER\\X]\n\"A\"=hex:01,zz\n", "bad.reg:3: expected two hex digits"},
    {"REGEDIT4\n[HKEY_CURRENT_USER\\X\n", "bad.reg:2: a key line ends with ']'"},
    {"REGEDIT4\n[HKEY_CURRENT_USER\\X]\n\"A\"=\"open\n", "bad.reg:3: a string without its closing"},
    {"REGEDIT4\n[HKEY_CURRENT_USER\\X]\n\"A\"=wstring:x\n", "bad.reg:3: unknown data"},
    {"REGEDIT4\n[-HKEY_CURRENT_USER]\n", "bad.reg:2: a whole root cannot be deleted"},
};

START_TEST(a_mistake_is_file_line_and_nothing_is_returned)
{
    const bad_file *c = &bad_files[_i];
    reg_file f;
    char why[256] = "";
    int status = reg_file_parse("bad.reg", (const unsigned char *)c->text, strlen(c->text), &f,
                                why, sizeof(why));
    expect_that(status == -1 && strstr(why, c->message) && f.count == 0 && !f.changes,
                "'%s': expected an error with '%s', got status %d, '%s', %zu change(s)",
                c->text, c->message, status, why, f.count);
}
END_TEST

START_TEST(a_missing_file_is_named)
{
    reg_file f;
    char why[256] = "";
    expect_that(reg_file_load("/nonexistent/vendor.reg", &f, why, sizeof(why)) == -1 &&
                strstr(why, "/nonexistent/vendor.reg: cannot open"), "got '%s'", why);
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"formats", a_unicode_file_gives_every_kind_of_change, TIMEOUT_UNIT, 0, 0},
        {"formats", a_regedit4_file_widens_its_ansi_strings, TIMEOUT_UNIT, 0, 0},
        {"errors", a_mistake_is_file_line_and_nothing_is_returned, TIMEOUT_UNIT, 0,
         (int)(sizeof(bad_files) / sizeof(bad_files[0]))},
        {"errors", a_missing_file_is_named, TIMEOUT_UNIT, 0, 0},
    };
    return harness_main("reg_file", tests, HARNESS_COUNT(tests));
}
