/*
 * check_testpage.c - the seeded test page generator and the fax-testpage command.
 *
 * The generator is judged on what testpage.h promises: determinism (and no hidden
 * state between calls), independence of page k from the page count, A4 sizes, and
 * pages that look like text: ink in a text-like proportion, white margins, a heading
 * taller than the body lines, a rule, many separate lines of text.
 * The command is run as a program (BUILD/native/fax-testpage, BUILD from
 * $FSPKIT_BUILD, default "build") and judged on its files, exit codes and messages.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <tiffio.h>
#include <unistd.h>

#include "check_harness.h"
#include "fax_page.h"
#include "kit_temp.h"
#include "testpage.h"


/* --- Helpers ------------------------------------------------------------------------- */

static fax_doc generated_doc(uint64_t seed, unsigned pages, uint16_t yres)
{
    fax_doc doc = {0};
    int rc = testpage_generate(seed, pages, yres, &doc);
    ck_assert_msg(rc == 0 && doc.count == pages,
                  "expected %u pages from seed %llu at %u lpi, got rc %d and %zu pages", pages,
                  (unsigned long long)seed, (unsigned)yres, rc, doc.count);
    return doc;
}

static int same_page(const fax_page *a, const fax_page *b, char *why, size_t why_size)
{
    fax_doc da = {(fax_page *)a, 1}, db = {(fax_page *)b, 1};
    return fax_doc_compare(&da, &db, why, why_size) == 0;
}

static int row_has_ink(const fax_page *page, uint32_t y)
{
    const unsigned char *row = page->bits + (size_t)y * page->stride;
    for (uint32_t i = 0; i < page->stride; i++)
        if (row[i])
            return 1;
    return 0;
}

static uint32_t longest_black_run(const fax_page *page, uint32_t y)
{
    uint32_t longest = 0, run = 0;
    for (uint32_t x = 0; x < page->width; x++) {
        run = fax_page_get(page, x, y) ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    return longest;
}

static double black_ratio(const fax_page *page)
{
    size_t black = 0;
    for (uint32_t y = 0; y < page->height; y++)
        for (uint32_t x = 0; x < page->width; x++)
            black += (size_t)fax_page_get(page, x, y);
    return (double)black / ((double)page->width * page->height);
}

/* Maximal groups of consecutive rows with ink: on a text page, its lines. */
typedef struct band {
    uint32_t top, height;
} band;

static size_t find_bands(const fax_page *page, band *bands, size_t max)
{
    size_t count = 0;
    for (uint32_t y = 0; y < page->height; y++) {
        if (!row_has_ink(page, y))
            continue;
        uint32_t top = y;
        while (y < page->height && row_has_ink(page, y))
            y++;
        if (count < max)
            bands[count++] = (band){top, y - top};
    }
    return count;
}

/* --- The generator ------------------------------------------------------------------- */

START_TEST(same_seed_gives_the_same_pixels_whatever_ran_before)
{
    uint16_t yres = _i ? FAX_YRES_FINE : FAX_YRES_NORMAL;
    fax_doc first = generated_doc(20261125, 2, yres);
    fax_doc other = generated_doc(77, 3, yres);     /* state left behind would show */
    fax_doc again = generated_doc(20261125, 2, yres);
    char why[256] = "";
    ck_assert_msg(fax_doc_compare(&first, &again, why, sizeof(why)) == 0,
                  "%u lpi: expected seed 20261125 to give the same pages twice, got: %s",
                  (unsigned)yres, why);
    fax_doc_free(&first);
    fax_doc_free(&other);
    fax_doc_free(&again);
}
END_TEST

START_TEST(different_seeds_give_different_pages)
{
    /* neighbours, a high bit, and zero */
    static const uint64_t pairs[][2] = {{1, 2}, {1, 1 + (1ull << 40)}, {0, 1},
                                        {UINT64_MAX, UINT64_MAX - 1}};
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        fax_doc a = generated_doc(pairs[i][0], 1, FAX_YRES_NORMAL);
        fax_doc b = generated_doc(pairs[i][1], 1, FAX_YRES_NORMAL);
        char why[256] = "";
        ck_assert_msg(!same_page(&a.pages[0], &b.pages[0], why, sizeof(why)),
                      "expected seeds %llu and %llu to give different pages, got the same",
                      (unsigned long long)pairs[i][0], (unsigned long long)pairs[i][1]);
        fax_doc_free(&a);
        fax_doc_free(&b);
    }
}
END_TEST

/* Rows [0, rows) of two pages differ somewhere. */
static int tops_differ(const fax_page *a, const fax_page *b, uint32_t rows)
{
    return memcmp(a->bits, b->bits, (size_t)rows * a->stride) != 0;
}

START_TEST(page_k_does_not_depend_on_the_page_count)
{
    uint16_t yres = _i ? FAX_YRES_FINE : FAX_YRES_NORMAL;
    fax_doc three = generated_doc(5, 3, yres), five = generated_doc(5, 5, yres);
    char why[256] = "";
    for (size_t k = 0; k < 3; k++)
        ck_assert_msg(same_page(&three.pages[k], &five.pages[k], why, sizeof(why)),
                      "%u lpi: expected page %zu of 3 to equal page %zu of 5, got: %s",
                      (unsigned)yres, k + 1, k + 1, why);
    /* Each page has its own text, not only its own number at the foot. */
    uint32_t text_rows = five.pages[0].height * 85 / 100;
    for (size_t j = 0; j < five.count; j++)
        for (size_t k = j + 1; k < five.count; k++)
            ck_assert_msg(tops_differ(&five.pages[j], &five.pages[k], text_rows),
                          "%u lpi: expected pages %zu and %zu of one document to carry "
                          "different text, got the same top %u rows", (unsigned)yres, j + 1,
                          k + 1, (unsigned)text_rows);
    fax_doc_free(&three);
    fax_doc_free(&five);
}
END_TEST

START_TEST(pages_are_a4_at_the_asked_resolution)
{
    static const struct {
        uint16_t yres;
        uint32_t rows;
    } sizes[] = {{FAX_YRES_NORMAL, 1143}, {FAX_YRES_FINE, 2286}};
    for (size_t i = 0; i < 2; i++) {
        fax_doc doc = generated_doc(1, 2, sizes[i].yres);
        for (size_t k = 0; k < doc.count; k++) {
            const fax_page *p = &doc.pages[k];
            ck_assert_msg(p->width == 1728 && p->height == sizes[i].rows &&
                          p->stride == 216 && p->yres == sizes[i].yres,
                          "expected page %zu as 1728x%u (stride 216) at %u lpi, got %ux%u "
                          "(stride %u) at %u lpi", k + 1, (unsigned)sizes[i].rows,
                          (unsigned)sizes[i].yres, (unsigned)p->width, (unsigned)p->height,
                          (unsigned)p->stride, (unsigned)p->yres);
        }
        fax_doc_free(&doc);
    }
}
END_TEST

START_TEST(pages_carry_text_like_amounts_of_ink)
{
    uint16_t yres = _i % 2 ? FAX_YRES_FINE : FAX_YRES_NORMAL;
    uint64_t seed = 1000 + (uint64_t)_i / 2;
    fax_doc doc = generated_doc(seed, 3, yres);
    for (size_t k = 0; k < doc.count; k++) {
        double ratio = black_ratio(&doc.pages[k]);
        ck_assert_msg(ratio >= 0.02 && ratio <= 0.25,
                      "seed %llu page %zu at %u lpi: expected 2%%..25%% black like typed "
                      "text, got %.2f%%", (unsigned long long)seed, k + 1, (unsigned)yres,
                      ratio * 100);
    }
    fax_doc_free(&doc);
}
END_TEST

START_TEST(page_layout_has_margins_a_heading_a_rule_and_lines_of_text)
{
    uint16_t yres = _i % 2 ? FAX_YRES_FINE : FAX_YRES_NORMAL;
    uint64_t seed = 300 + (uint64_t)_i;
    fax_doc doc = generated_doc(seed, 1, yres);
    const fax_page *page = &doc.pages[0];
    const uint32_t margin_x = 40;                       /* 5 mm at 8 pels/mm */
    const uint32_t margin_rows = 5 * yres * 10 / 254;   /* 5 mm */

    for (uint32_t y = 0; y < page->height; y++)
        for (uint32_t x = 0; x < margin_x; x++) {
            int left = fax_page_get(page, x, y), right = fax_page_get(page, 1727 - x, y);
            ck_assert_msg(!left && !right, "seed %llu, %u lpi: expected 5 mm white side "
                          "margins, got ink at row %u, %s x=%u", (unsigned long long)seed,
                          (unsigned)yres, (unsigned)y, left ? "left" : "right",
                          (unsigned)(left ? x : 1727 - x));
        }
    for (uint32_t y = 0; y < margin_rows; y++)
        ck_assert_msg(!row_has_ink(page, y) && !row_has_ink(page, page->height - 1 - y),
                      "seed %llu, %u lpi: expected 5 mm white top and bottom margins, got "
                      "ink at row %u or %u", (unsigned long long)seed, (unsigned)yres,
                      (unsigned)y, (unsigned)(page->height - 1 - y));

    uint32_t rule = page->height;
    for (uint32_t y = 0; y < page->height / 5 && rule == page->height; y++)
        if (longest_black_run(page, y) >= page->width * 6 / 10)
            rule = y;
    ck_assert_msg(rule < page->height, "seed %llu, %u lpi: expected a horizontal rule (a "
                  "black run over 60%% of the width) in the top fifth, got none",
                  (unsigned long long)seed, (unsigned)yres);

    band bands[400];
    size_t count = find_bands(page, bands, 400);
    ck_assert_msg(count >= 20, "seed %llu, %u lpi: expected 20 or more separate lines of "
                  "text, got %zu bands of ink", (unsigned long long)seed, (unsigned)yres,
                  count);
    ck_assert_msg(bands[0].top + bands[0].height <= rule,
                  "seed %llu, %u lpi: expected a heading above the rule (row %u), got the "
                  "first ink at rows %u..%u", (unsigned long long)seed, (unsigned)yres,
                  (unsigned)rule, (unsigned)bands[0].top,
                  (unsigned)(bands[0].top + bands[0].height));
    uint32_t tallest_body = 0;
    /* bands[0] is the heading, bands[1] the rule, the last one the page number */
    for (size_t i = 2; i < count - 1; i++)
        tallest_body = bands[i].height > tallest_body ? bands[i].height : tallest_body;
    ck_assert_msg(bands[0].height > tallest_body,
                  "seed %llu, %u lpi: expected the heading (%u rows) taller than any body "
                  "line, got a body line of %u rows", (unsigned long long)seed,
                  (unsigned)yres, (unsigned)bands[0].height, (unsigned)tallest_body);
    fax_doc_free(&doc);
}
END_TEST

START_TEST(bad_arguments_are_refused)
{
    fax_doc doc = {0};
    int rc = testpage_generate(1, 1, 100, &doc);
    ck_assert_msg(rc == -1 && doc.count == 0, "expected -1 for 100 lpi, got %d (%zu pages)",
                  rc, doc.count);
    rc = testpage_generate(1, 0, FAX_YRES_NORMAL, &doc);
    ck_assert_msg(rc == -1 && doc.count == 0, "expected -1 for 0 pages, got %d (%zu pages)",
                  rc, doc.count);
    fax_doc full = generated_doc(1, 1, FAX_YRES_NORMAL);
    rc = testpage_generate(1, 1, FAX_YRES_NORMAL, &full);
    ck_assert_msg(rc == -1 && full.count == 1,
                  "expected -1 and the document untouched when it is not empty, got %d and "
                  "%zu pages", rc, full.count);
    fax_doc_free(&full);
}
END_TEST

/* --- The fax-testpage command ---------------------------------------------------------- */

typedef struct run_result {
    int exit_code;
    char out[4096];
    char err[4096];
} run_result;

static void program_path(char *path, size_t size)
{
    const char *build = getenv("FSPKIT_BUILD");
    snprintf(path, size, "%s/native/fax-testpage", build && *build ? build : "build");
    ck_assert_msg(access(path, X_OK) == 0,
                  "expected the program at %s (make native; set FSPKIT_BUILD if the build "
                  "is elsewhere), got none", path);
}

static void temp_path(char *path, size_t size)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, size, "%s/check_testpage.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    ck_assert_msg(fd >= 0, "expected a temporary file, got none");
    close(fd);
}

static void slurp(const char *path, char *text, size_t size)
{
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(text, 1, size - 1, f) : 0;
    text[n] = '\0';
    if (f)
        fclose(f);
    remove(path);
}

/* Runs fax-testpage with `args` (already shell-quoted) and keeps what it printed. */
static void run(run_result *r, const char *fmt, ...)
{
    char program[512], args[1024], out[256], err[256], command[2560];
    program_path(program, sizeof(program));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    temp_path(out, sizeof(out));
    temp_path(err, sizeof(err));
    snprintf(command, sizeof(command), "'%s' %s >'%s' 2>'%s'", program, args, out, err);
    int status = system(command);
    ck_assert_msg(status != -1 && WIFEXITED(status),
                  "expected '%s' to run and exit, got status %d", command, status);
    r->exit_code = WEXITSTATUS(status);
    slurp(out, r->out, sizeof(r->out));
    slurp(err, r->err, sizeof(r->err));
}

typedef struct tiff_tags {
    uint16_t compression, fill_order;
    uint32_t rows_per_strip, group3;
} tiff_tags;

static int quiet(TIFF *tif, void *user_data, const char *module, const char *fmt, va_list ap)
{
    (void)tif, (void)user_data, (void)module, (void)fmt, (void)ap;
    return 1;
}

static tiff_tags first_page_tags(const char *path)
{
    tiff_tags tags = {0};
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, quiet, NULL);
    TIFFOpenOptionsSetWarningHandlerExtR(options, quiet, NULL);
    TIFF *tif = TIFFOpenExt(path, "r", options);
    TIFFOpenOptionsFree(options);
    ck_assert_msg(tif != NULL, "expected %s to open as a TIFF, got a failure", path);
    TIFFGetField(tif, TIFFTAG_COMPRESSION, &tags.compression);
    TIFFGetField(tif, TIFFTAG_FILLORDER, &tags.fill_order);
    TIFFGetField(tif, TIFFTAG_ROWSPERSTRIP, &tags.rows_per_strip);
    TIFFGetField(tif, TIFFTAG_GROUP3OPTIONS, &tags.group3);
    TIFFClose(tif);
    return tags;
}

static void expect_file_holds(const char *path, uint64_t seed, unsigned pages, uint16_t yres)
{
    fax_doc want = generated_doc(seed, pages, yres), got = {0};
    char why[512] = "";
    ck_assert_msg(fax_doc_read_tiff(path, &got, why, sizeof(why)) == 0,
                  "expected fax-testpage's file to read back, got: %s", why);
    ck_assert_msg(fax_doc_compare(&want, &got, why, sizeof(why)) == 0,
                  "expected the file to hold seed %llu's %u pages at %u lpi, got: %s",
                  (unsigned long long)seed, pages, (unsigned)yres, why);
    fax_doc_free(&want);
    fax_doc_free(&got);
}

START_TEST(command_defaults_are_seed_1_one_mh_page_lsb_one_strip)
{
    char path[256];
    temp_path(path, sizeof(path));
    run_result r;
    run(&r, "'%s'", path);
    ck_assert_msg(r.exit_code == 0 && r.err[0] == '\0',
                  "expected exit 0 and a silent stderr, got %d and '%s'", r.exit_code, r.err);
    expect_file_holds(path, 1, 1, FAX_YRES_NORMAL);
    tiff_tags tags = first_page_tags(path);
    ck_assert_msg(tags.compression == COMPRESSION_CCITTFAX3 &&
                  tags.group3 == GROUP3OPT_FILLBITS && tags.fill_order == FILLORDER_LSB2MSB &&
                  tags.rows_per_strip == 1143,
                  "expected MH (Group3Options 4), FillOrder 2, one strip of 1143 rows; got "
                  "compression %u, Group3Options %u, FillOrder %u, RowsPerStrip %u",
                  tags.compression, (unsigned)tags.group3, tags.fill_order,
                  (unsigned)tags.rows_per_strip);
    remove(path);
}
END_TEST

START_TEST(command_honours_every_option)
{
    char path[256];
    temp_path(path, sizeof(path));
    run_result r;
    run(&r, "--seed 42 --pages=2 --res fine --coding mr --fill-order msb --strips rows '%s'",
        path);
    ck_assert_msg(r.exit_code == 0, "expected exit 0, got %d: %s", r.exit_code, r.err);
    expect_file_holds(path, 42, 2, FAX_YRES_FINE);
    tiff_tags tags = first_page_tags(path);
    ck_assert_msg(tags.compression == COMPRESSION_CCITTFAX3 &&
                  tags.group3 == (GROUP3OPT_FILLBITS | GROUP3OPT_2DENCODING) &&
                  tags.fill_order == FILLORDER_MSB2LSB && tags.rows_per_strip == 1,
                  "expected MR (Group3Options 5), FillOrder 1, RowsPerStrip 1; got "
                  "compression %u, Group3Options %u, FillOrder %u, RowsPerStrip %u",
                  tags.compression, (unsigned)tags.group3, tags.fill_order,
                  (unsigned)tags.rows_per_strip);
    run(&r, "--coding mmr '%s'", path);
    tags = first_page_tags(path);
    ck_assert_msg(r.exit_code == 0 && tags.compression == COMPRESSION_CCITTFAX4,
                  "expected exit 0 and Compression 4 for --coding mmr, got %d and %u",
                  r.exit_code, tags.compression);
    remove(path);
}
END_TEST

/* --content light: the same text in the top eighth of each page, white below. */
START_TEST(command_light_content_keeps_the_top_eighth_only)
{
    char path[256];
    temp_path(path, sizeof(path));
    run_result r;
    run(&r, "--seed 7 --pages 2 --content light '%s'", path);
    ck_assert_msg(r.exit_code == 0, "expected exit 0, got %d: %s", r.exit_code, r.err);
    fax_doc full = generated_doc(7, 2, FAX_YRES_NORMAL), got = {0};
    char why[512] = "";
    ck_assert_msg(fax_doc_read_tiff(path, &got, why, sizeof(why)) == 0 && got.count == 2,
                  "expected 2 pages back, got %zu: %s", got.count, why);
    for (size_t k = 0; k < 2; k++) {
        const fax_page *f = &full.pages[k], *g = &got.pages[k];
        size_t band = f->height / 8;
        ck_assert_msg(memcmp(f->bits, g->bits, band * f->stride) == 0,
                      "page %zu: the top eighth must be the full page's", k + 1);
        double ink = black_ratio(g);
        ck_assert_msg(ink > 0 && ink * 8 <= black_ratio(f) * 1.5,
                      "page %zu: expected ink in the top eighth only, got %.3f%% (full %.3f%%)",
                      k + 1, ink * 100, black_ratio(f) * 100);
        for (size_t y = band; y < g->height; y++)
            for (uint32_t x = 0; x < g->width; x++)
                ck_assert_msg(!fax_page_get(g, x, (uint32_t)y), "page %zu: ink at %u,%zu below "
                              "the top eighth", k + 1, x, y);
    }
    fax_doc_free(&full);
    fax_doc_free(&got);
    remove(path);
}
END_TEST

START_TEST(command_compare_exits_0_same_1_different_2_error)
{
    char a[256], b[256], c[256];
    temp_path(a, sizeof(a));
    temp_path(b, sizeof(b));
    temp_path(c, sizeof(c));
    run_result r;
    run(&r, "--seed 8 --pages 2 '%s'", a);
    run(&r, "--seed 8 --pages 2 --coding mmr --fill-order msb '%s'", b);   /* same pixels */
    run(&r, "--seed 9 --pages 2 '%s'", c);

    run(&r, "--compare '%s' '%s'", a, b);
    ck_assert_msg(r.exit_code == 0 && r.out[0] == '\0',
                  "expected exit 0 and no output for the same pages coded differently, got "
                  "%d and '%s%s'", r.exit_code, r.out, r.err);
    run(&r, "--compare '%s' '%s'", a, c);
    ck_assert_msg(r.exit_code == 1 && strstr(r.out, "differ: page 1 row "),
                  "expected exit 1 and the first difference on stdout, got %d and '%s%s'",
                  r.exit_code, r.out, r.err);
    const char *missing = "/nonexistent/check_testpage.tif";
    run(&r, "--compare '%s' '%s'", a, missing);
    char want[320];
    snprintf(want, sizeof(want), "fax-testpage: %s: ", missing);
    ck_assert_msg(r.exit_code == 2 && strncmp(r.err, want, strlen(want)) == 0,
                  "expected exit 2 and '%s...' on stderr, got %d and '%s'", want, r.exit_code,
                  r.err);
    remove(a);
    remove(b);
    remove(c);
}
END_TEST

typedef struct refused_command {
    const char *args;       /* printf format: each %s is the output file */
    const char *mention;    /* what the one-line error must name */
} refused_command;

static const refused_command refused_commands[] = {
    {"--seed abc '%s'", "--seed: 'abc'"},
    {"--seed -1 '%s'", "--seed: '-1'"},
    {"--seed 18446744073709551616 '%s'", "--seed: '18446744073709551616'"},
    {"--seed '' '%s'", "--seed: ''"},
    {"--pages 0 '%s'", "--pages: '0'"},
    {"--pages 10000 '%s'", "--pages: '10000'"},
    {"--pages 3x '%s'", "--pages: '3x'"},
    {"--res medium '%s'", "--res: 'medium'"},
    {"--coding jbig '%s'", "--coding: 'jbig'"},
    {"--fill-order both '%s'", "--fill-order: 'both'"},
    {"--strips two '%s'", "--strips: 'two'"},
    {"--content half '%s'", "--content: 'half'"},
    {"--bogus 1 '%s'", "'--bogus'"},
    {"-s 5 '%s'", "'-s'"},
    {"'%s' --seed", "--seed needs a value"},
    {"", "no output file"},
    {"'%s' '%s'", "more than one output file"},
    {"--compare '%s'", "--compare needs two files"},
    {"--seed 2 --compare '%s' '%s'", "--compare takes two files and nothing else"},
};
#define REFUSED_COMMAND_COUNT (int)(sizeof(refused_commands) / sizeof(refused_commands[0]))

START_TEST(command_refuses_bad_arguments_with_exit_2)
{
    const refused_command *c = &refused_commands[_i];
    /* The output file is in an empty directory, so writing it by mistake would show. */
    char dir[256], out[300];
    ck_assert_msg(kit_temp_dir("testpage", dir, sizeof(dir)) == 0,
                  "expected a temporary directory, got none");
    snprintf(out, sizeof(out), "%s/out.tif", dir);
    run_result r;
    run(&r, c->args, out, out);
    ck_assert_msg(r.exit_code == 2, "fax-testpage %s: expected exit 2, got %d", c->args,
                  r.exit_code);
    ck_assert_msg(strncmp(r.err, "fax-testpage: ", 14) == 0 && strstr(r.err, c->mention) &&
                  strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
                  "fax-testpage %s: expected one line 'fax-testpage: ...%s...' on stderr, "
                  "got '%s'", c->args, c->mention, r.err);
    ck_assert_msg(access(out, F_OK) != 0, "fax-testpage %s: expected no file written, got %s",
                  c->args, out);
    rmdir(dir);
}
END_TEST

START_TEST(command_help_lists_every_flag)
{
    static const char *const flags[] = {"--seed", "--pages", "--res", "--coding",
                                        "--fill-order", "--strips", "--compare", "--help",
                                        "--content", "normal|fine", "mh|mr|mmr", "lsb|msb",
                                        "one|rows", "full|light"};
    run_result r;
    run(&r, "--help");
    ck_assert_msg(r.exit_code == 0 && r.err[0] == '\0',
                  "expected exit 0 and nothing on stderr, got %d and '%s'", r.exit_code, r.err);
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        ck_assert_msg(strstr(r.out, flags[i]) != NULL,
                      "expected --help to mention %s, got:\n%s", flags[i], r.out);
}
END_TEST


int main(void)
{
    const harness_test tests[] = {
        {"generator", same_seed_gives_the_same_pixels_whatever_ran_before, TIMEOUT_HEAVY, 0, 2},
        {"generator", different_seeds_give_different_pages, TIMEOUT_HEAVY, 0, 0},
        {"generator", page_k_does_not_depend_on_the_page_count, TIMEOUT_HEAVY, 0, 2},
        {"generator", pages_are_a4_at_the_asked_resolution, TIMEOUT_HEAVY, 0, 0},
        {"generator", pages_carry_text_like_amounts_of_ink, TIMEOUT_HEAVY, 0, 8},
        {"generator", page_layout_has_margins_a_heading_a_rule_and_lines_of_text, TIMEOUT_HEAVY, 0, 6},
        {"generator", bad_arguments_are_refused, TIMEOUT_HEAVY, 0, 0},
        {"fax-testpage", command_defaults_are_seed_1_one_mh_page_lsb_one_strip, TIMEOUT_HEAVY, 0, 0},
        {"fax-testpage", command_honours_every_option, TIMEOUT_HEAVY, 0, 0},
        {"fax-testpage", command_light_content_keeps_the_top_eighth_only, TIMEOUT_HEAVY, 0, 0},
        {"fax-testpage", command_compare_exits_0_same_1_different_2_error, TIMEOUT_HEAVY, 0, 0},
        {"fax-testpage", command_refuses_bad_arguments_with_exit_2, TIMEOUT_HEAVY, 0, REFUSED_COMMAND_COUNT},
        {"fax-testpage", command_help_lists_every_flag, TIMEOUT_HEAVY, 0, 0},
    };
    return harness_main("testpage", tests, HARNESS_COUNT(tests));
}
