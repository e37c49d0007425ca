/*
 * check_document.c - the reference FSP's pages (reference-fsp/document.c), natively:
 * loading the service's documents, T.4 for the session, decoding what the modem
 * delivered, and saving into the service's file.
 *
 * Documents come from testpage (seeded, text-like pages) written by faxpage in every
 * form a TIFF-F reader meets, or from libtiff directly for the forms faxpage never
 * writes (LZW, RGB, 8-bit, 2048 wide, 300 lpi, centimetre units). Expected pages are
 * built here by hand (rows dropped or doubled pixel by pixel), not by the code under
 * test. Every bad input must fail with its own words and print nothing.
 *
 * Build (until the Makefile does):
 *   gcc -std=c11 -Wall -Wextra -Werror -fsanitize=address,undefined -g
 *       -D_POSIX_C_SOURCE=200809L -Iinclude -Ireference-fsp -Ifaxpage -Itestpage
 *       reference-fsp/document.c faxpage/ *.c testpage/testpage.c
 *       reference-fsp/tests/check_document.c $(pkg-config --cflags --libs check libtiff-4) -lm
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include <unistd.h>

/* The sanitizer runtime's count of bytes allocated and not yet freed (libasan exports it;
 * its header, sanitizer/allocator_interface.h, ships with clang only). Native tests are
 * always built with -fsanitize=address. */
size_t __sanitizer_get_current_allocated_bytes(void);

#include "check_harness.h"
#include "document.h"
#include "fax_page.h"
#include "testpage.h"
#include "page_check.h"
#include "stderr_capture.h"

#define TEST_TIMEOUT_S 180      /* generous: ASan and UBSan slow the codecs down */

/* --- Helpers ------------------------------------------------------------------------- */

/* A normal page and a fine one: a document whose pages differ, as a real one may. */
static fax_doc mixed_doc(void)
{
    fax_doc doc = generated_doc(21, 1, FAX_YRES_NORMAL);
    fax_doc fine = generated_doc(22, 1, FAX_YRES_FINE);
    ck_assert_msg(fax_doc_append(&doc, &fine.pages[0]) == 0, "expected append to work");
    fax_doc_free(&fine);
    return doc;
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "expected %s to exist, got none", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    return size;
}

static void write_bytes(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL && fwrite(data, 1, size, f) == size && fclose(f) == 0,
                  "expected %zu bytes written to %s", size, path);
}

static unsigned char *read_bytes(const char *path, long *size)
{
    *size = file_size(path);
    unsigned char *data = malloc((size_t)*size + 1);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(data && f && fread(data, 1, (size_t)*size, f) == (size_t)*size,
                  "expected to read %ld bytes of %s", *size, path);
    fclose(f);
    return data;
}


/* document_load that must fail: -1, the caller's document untouched, nothing printed,
 * and `why` naming the file and containing `words`. */
static void expect_load_fails(const char *path, const char *words, const char *context)
{
    fax_doc doc = generated_doc(99, 1, FAX_YRES_NORMAL);    /* the caller's old document */
    char why[512] = "";
    stderr_capture capture;
    capture_stderr(&capture);
    int rc = document_load(path, &doc, why, sizeof(why));
    expect_nothing_printed(&capture, context);
    ck_assert_msg(rc == -1, "%s: expected document_load to fail, got %d with %zu pages",
                  context, rc, doc.count);
    ck_assert_msg(doc.count == 1 && doc.pages[0].height == 1143,
                  "%s: expected the caller's document left as it was (1 page of 1143 rows), "
                  "got %zu pages", context, doc.count);
    ck_assert_msg(strncmp(why, path, strlen(path)) == 0 && strstr(why, words),
                  "%s: expected why to start with '%s' and say '%s', got '%s'", context, path,
                  words, why);
    fax_doc_free(&doc);
}

/* The page at another vertical resolution, built pixel by pixel: from fine to normal
 * rows 0, 2, 4 ... are kept; from normal to fine each row comes twice. */
static fax_page page_at_resolution(const fax_page *page, uint16_t yres)
{
    fax_page out;
    uint32_t height = page->yres == yres               ? page->height
                      : yres == FAX_YRES_NORMAL ? (page->height + 1) / 2
                                                       : page->height * 2;
    ck_assert_msg(fax_page_init(&out, page->width, height, yres) == 0,
                  "expected a %ux%u reference page", (unsigned)page->width, (unsigned)height);
    for (uint32_t y = 0; y < height; y++) {
        uint32_t source = page->yres == yres ? y : yres == FAX_YRES_NORMAL ? y * 2 : y / 2;
        for (uint32_t x = 0; x < page->width; x++)
            fax_page_set(&out, x, y, fax_page_get(page, x, source));
    }
    return out;
}

/* A page written with libtiff directly, for the forms faxpage never writes. */
typedef struct odd_page {
    uint32_t width, height;
    uint16_t bits, samples, photometric, compression;
    float yres;
    uint16_t unit;
    const fax_page *content;    /* bilevel rows to write, or NULL for a pattern */
    int private_tag;            /* add tag 40001 (ASCII), which libtiff does not know */
} odd_page;

static int swallow_tiff_message(TIFF *tif, void *user_data, const char *module,
                                const char *fmt, va_list ap)
{
    (void)tif, (void)module, (void)fmt, (void)ap;
    ++*(int *)user_data;
    return 1;
}

static void write_odd_tiff(const char *path, const odd_page *pages, size_t count)
{
    int messages = 0;
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, swallow_tiff_message, &messages);
    TIFFOpenOptionsSetWarningHandlerExtR(options, swallow_tiff_message, &messages);
    TIFF *tif = TIFFOpenExt(path, "wl", options);
    TIFFOpenOptionsFree(options);
    ck_assert_msg(tif != NULL, "expected libtiff to create %s", path);
    for (size_t i = 0; i < count; i++) {
        const odd_page *p = &pages[i];
        TIFFSetField(tif, TIFFTAG_COMPRESSION, p->compression);
        TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, p->width);
        TIFFSetField(tif, TIFFTAG_IMAGELENGTH, p->height);
        TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, p->bits);
        TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, p->samples);
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, p->photometric);
        TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(tif, TIFFTAG_XRESOLUTION, p->unit == RESUNIT_CENTIMETER ? 80.0 : 204.0);
        TIFFSetField(tif, TIFFTAG_YRESOLUTION, (double)p->yres);
        TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, p->unit);
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, 1);
        if (p->private_tag) {
            static const TIFFFieldInfo private_field = {
                40001, TIFF_VARIABLE, TIFF_VARIABLE, TIFF_ASCII, FIELD_CUSTOM, 1, 0,
                "FaxServicePrivate"};
            ck_assert_msg(TIFFMergeFieldInfo(tif, &private_field, 1) == 0 &&
                          TIFFSetField(tif, 40001, "job 17, sender ACME"),
                          "expected a private tag set on page %zu of %s", i + 1, path);
        }
        tmsize_t row_size = TIFFScanlineSize(tif);
        unsigned char *row = calloc((size_t)row_size, 1);
        for (uint32_t y = 0; y < p->height; y++) {
            if (p->content)
                memcpy(row, p->content->bits + (size_t)y * p->content->stride,
                       p->content->stride);
            else
                for (tmsize_t b = 0; b < row_size; b++)
                    row[b] = (unsigned char)((y / 8) % 2 ? b * 7 : 0);
            ck_assert_msg(TIFFWriteScanline(tif, row, y, 0) >= 0,
                          "expected row %u of page %zu written to %s", (unsigned)y, i + 1,
                          path);
        }
        free(row);
        ck_assert_msg(TIFFWriteDirectory(tif), "expected page %zu of %s written", i + 1, path);
    }
    TIFFClose(tif);
    ck_assert_msg(messages == 0, "expected libtiff to write %s without a message, got %d",
                  path, messages);
}

/* --- document_load: the service's documents ----------------------------------------- */

/* Case i (0..23): coding i % 3 (MH, MR, MMR), FillOrder 2 or 1, one strip or
 * RowsPerStrip 1, 98 or 196 lpi. */
typedef struct form_case {
    fax_coding coding;
    fax_bit_order fill_order;
    int rows_per_strip_1;
    uint16_t yres;
    char name[80];
} form_case;

static form_case form_case_for(int i)
{
    static const fax_coding codings[] = {FAX_CODING_MH, FAX_CODING_MR, FAX_CODING_MMR};
    form_case c = {
        .coding = codings[i % 3],
        .fill_order = (i / 3) % 2 ? FAX_MSB_FIRST : FAX_LSB_FIRST,
        .rows_per_strip_1 = (i / 6) % 2,
        .yres = i >= 12 ? FAX_YRES_FINE : FAX_YRES_NORMAL,
    };
    snprintf(c.name, sizeof(c.name), "%s, FillOrder %d, %s, %u lpi", coding_name(c.coding),
             c.fill_order == FAX_LSB_FIRST ? 2 : 1,
             c.rows_per_strip_1 ? "RowsPerStrip 1" : "one strip", (unsigned)c.yres);
    return c;
}

START_TEST(load_reads_every_fax_form_pixel_exact)
{
    form_case c = form_case_for(_i);
    fax_doc doc = generated_doc(100 + (uint64_t)_i, 2, c.yres);
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_document");
    write_tiff(path, &doc, c.coding, c.fill_order, c.rows_per_strip_1, c.name);
    fax_doc loaded = {0};
    stderr_capture capture;
    capture_stderr(&capture);
    int rc = document_load(path, &loaded, why, sizeof(why));
    expect_nothing_printed(&capture, c.name);
    ck_assert_msg(rc == 0 && why[0] == '\0', "%s: expected the document loaded, got %d: %s",
                  c.name, rc, why);
    expect_same_pages(&doc, &loaded, c.name);
    fax_doc_free(&loaded);
    fax_doc_free(&doc);
    remove(path);
}
END_TEST

START_TEST(load_reads_a_document_whose_pages_differ_in_resolution)
{
    fax_doc doc = mixed_doc();
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_document");
    write_tiff(path, &doc, FAX_CODING_MMR, FAX_LSB_FIRST, 1, "mixed MMR document");
    fax_doc loaded = {0};
    ck_assert_msg(document_load(path, &loaded, why, sizeof(why)) == 0,
                  "expected the mixed document loaded, got: %s", why);
    expect_same_pages(&doc, &loaded, "normal page then fine page");
    fax_doc_free(&loaded);
    fax_doc_free(&doc);
    remove(path);
}
END_TEST

/* Case i: a YResolution as some writer rounds the T.4 resolutions, and what it means. */
typedef struct resolution_case {
    float value;
    uint16_t unit;
    uint16_t want;
} resolution_case;

static const resolution_case resolution_cases[] = {
    {98.0f, RESUNIT_INCH, FAX_YRES_NORMAL},  {100.0f, RESUNIT_INCH, FAX_YRES_NORMAL},
    {196.0f, RESUNIT_INCH, FAX_YRES_FINE},   {200.0f, RESUNIT_INCH, FAX_YRES_FINE},
    {38.5f, RESUNIT_CENTIMETER, FAX_YRES_NORMAL}, {77.0f, RESUNIT_CENTIMETER, FAX_YRES_FINE},
};

START_TEST(load_takes_100_and_200_dpi_and_lines_per_cm_as_normal_and_fine)
{
    const resolution_case *c = &resolution_cases[_i];
    fax_doc doc = generated_doc(31, 1, FAX_YRES_NORMAL);
    odd_page spec = {1728, doc.pages[0].height, 1, 1, PHOTOMETRIC_MINISWHITE,
                     COMPRESSION_CCITTFAX4, c->value, c->unit, &doc.pages[0], 0};
    char path[256], why[512] = "", context[96];
    snprintf(context, sizeof(context), "YResolution %g per %s", (double)c->value,
             c->unit == RESUNIT_INCH ? "inch" : "cm");
    temp_path(path, sizeof(path), "check_document");
    write_odd_tiff(path, &spec, 1);
    fax_doc loaded = {0};
    ck_assert_msg(document_load(path, &loaded, why, sizeof(why)) == 0,
                  "%s: expected the page loaded, got: %s", context, why);
    ck_assert_msg(loaded.count == 1 && loaded.pages[0].yres == c->want,
                  "%s: expected one page at %u lpi, got %zu pages at %u lpi", context,
                  (unsigned)c->want, loaded.count, loaded.count ? loaded.pages[0].yres : 0);
    doc.pages[0].yres = c->want;
    expect_same_pages(&doc, &loaded, context);
    fax_doc_free(&loaded);
    fax_doc_free(&doc);
    remove(path);
}
END_TEST

/* Private tags (a fax application's own metadata) draw a warning from libtiff while
 * the directory is read ("Unknown field with tag 40001"): that is about tags, not
 * pixels, and the page loads. */
START_TEST(load_takes_pages_with_private_tags)
{
    fax_doc doc = generated_doc(35, 1, FAX_YRES_FINE);
    odd_page spec = {1728, doc.pages[0].height, 1, 1, PHOTOMETRIC_MINISWHITE,
                     COMPRESSION_CCITTFAX4, 196, RESUNIT_INCH, &doc.pages[0], 1};
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_document");
    write_odd_tiff(path, &spec, 1);
    fax_doc loaded = {0};
    stderr_capture capture;
    capture_stderr(&capture);
    int rc = document_load(path, &loaded, why, sizeof(why));
    expect_nothing_printed(&capture, "a page with a private tag");
    ck_assert_msg(rc == 0, "expected the page with a private tag loaded, got: %s", why);
    expect_same_pages(&doc, &loaded, "a page with a private tag");
    fax_doc_free(&loaded);
    fax_doc_free(&doc);
    remove(path);
}
END_TEST

/* --- document_load: bad input, each with its own words ------------------------------ */

START_TEST(load_of_a_missing_file_says_it_does_not_exist)
{
    expect_load_fails("/nonexistent/check_document/missing.tif", "does not exist",
                      "a missing file");
}
END_TEST

START_TEST(load_of_an_empty_file_says_it_is_empty)
{
    char path[256];
    temp_path(path, sizeof(path), "check_document");
    expect_load_fails(path, "empty file (0 bytes), not a TIFF", "an empty file");
    remove(path);
}
END_TEST

START_TEST(load_of_a_non_tiff_says_not_a_tiff)
{
    static const struct {
        const char *bytes;
        size_t size;
        const char *words;
    } cases[] = {
        {"%PDF-1.4\n%fake\n", 15, "not a TIFF (it starts with 25 50 44 46)"},
        {"II", 2, "not a TIFF (it starts with 49 49)"},
        {"II*", 3, "not a TIFF (it starts with 49 49 2A)"},
        {"MM\0\x2b", 4, "Cannot read TIFF header"},   /* BigTIFF, cut: libtiff's words */
    };
    char path[256];
    temp_path(path, sizeof(path), "check_document");
    write_bytes(path, cases[_i].bytes, cases[_i].size);
    expect_load_fails(path, cases[_i].words, cases[_i].bytes);
    remove(path);
}
END_TEST

/* Cut a two-page document at many points: every cut must fail, at any point. */
START_TEST(load_of_a_truncated_tiff_fails_at_every_cut)
{
    static const fax_coding codings[] = {FAX_CODING_MMR, FAX_CODING_MH};
    fax_coding coding = codings[_i];
    fax_doc doc = generated_doc(41, 2, FAX_YRES_NORMAL);
    char path[256], cut_path[256], context[128];
    temp_path(path, sizeof(path), "check_document");
    temp_path(cut_path, sizeof(cut_path), "check_document");
    write_tiff(path, &doc, coding, FAX_LSB_FIRST, coding == FAX_CODING_MMR, "to truncate");
    long size;
    unsigned char *bytes = read_bytes(path, &size);
    long cuts[48];
    size_t count = 0;
    for (long cut = 1; cut <= 8; cut++)
        cuts[count++] = cut;
    for (int k = 1; k < 32; k++)
        cuts[count++] = size * k / 32;
    for (long back = 1; back <= 9; back += 2)
        cuts[count++] = size - back;
    for (size_t i = 0; i < count; i++) {
        write_bytes(cut_path, bytes, (size_t)cuts[i]);
        snprintf(context, sizeof(context), "%s file cut to %ld of %ld bytes",
                 coding_name(coding), cuts[i], size);
        expect_load_fails(cut_path, ": ", context);
    }
    free(bytes);
    remove(cut_path);
    remove(path);
    fax_doc_free(&doc);
}
END_TEST

/* Case i: a page no fax service sends, and the words that must say so. The bad page
 * is page 2 when `second`, after a good MMR page, so the message must number it. */
typedef struct odd_case {
    odd_page page;
    int second;
    const char *words;
    const char *name;
} odd_case;

/* A page of the table below: inch units, a striped pattern. */
#define ODD(width, height, bits, samples, photometric, compression, yres) \
    {width, height, bits, samples, photometric, compression, yres, RESUNIT_INCH, NULL, 0}
#define WHITE PHOTOMETRIC_MINISWHITE

static const odd_case odd_cases[] = {
    {ODD(1728, 40, 1, 1, WHITE, COMPRESSION_LZW, 98), 0,
     "page 1: compression 5 (LZW) is not a fax coding", "bilevel LZW"},
    {ODD(1728, 40, 1, 1, WHITE, COMPRESSION_NONE, 98), 0,
     "page 1: compression 1 (none) is not a fax coding", "bilevel uncompressed"},
    {ODD(1728, 40, 1, 1, WHITE, COMPRESSION_PACKBITS, 98), 1,
     "page 2: compression 32773 (PackBits) is not a fax coding", "PackBits page 2"},
    {ODD(1728, 40, 8, 3, PHOTOMETRIC_RGB, COMPRESSION_LZW, 98), 0,
     "page 1: not bilevel (8 bits x 3 samples per pixel)", "RGB LZW"},
    {ODD(1728, 40, 8, 1, PHOTOMETRIC_MINISBLACK, COMPRESSION_NONE, 98), 1,
     "page 2: not bilevel (8 bits x 1 samples per pixel)", "8-bit grey page 2"},
    {ODD(2048, 40, 1, 1, WHITE, COMPRESSION_CCITTFAX4, 98), 0,
     "page 1: 2048 pels wide; a fax page is 1728", "MMR 2048 wide"},
    {ODD(1728, 40, 1, 1, WHITE, COMPRESSION_CCITTFAX4, 300), 0,
     "page 1: YResolution 300 lpi is neither normal", "MMR at 300 lpi"},
    {ODD(1728, 40, 1, 1, WHITE, COMPRESSION_CCITTFAX4, 150), 1,
     "page 2: YResolution 150 lpi", "MMR at 150 lpi page 2"},
    {ODD(1728, 8193, 1, 1, WHITE, COMPRESSION_CCITTFAX4, 98), 0,
     "page 1: 8193 rows at 98 lpi is longer than 2 m of paper", "MMR 2 m + 1 row"},
};

START_TEST(load_refuses_pages_that_are_not_fax_pages_each_with_its_reason)
{
    const odd_case *c = &odd_cases[_i];
    odd_page pages[2] = {
        ODD(1728, 30, 1, 1, WHITE, COMPRESSION_CCITTFAX4, 98),
        c->page,
    };
    char path[256];
    temp_path(path, sizeof(path), "check_document");
    write_odd_tiff(path, c->second ? pages : pages + 1, c->second ? 2 : 1);
    expect_load_fails(path, c->words, c->name);
    remove(path);
}
END_TEST

/* Bytes zeroed, or overwritten with noise, mid-page: libtiff patches such rows (G4: an
 * error, G3: a warning) and returns them; document_load must refuse the page and name
 * the row. Case 9, noise in MMR with RowsPerStrip 1, is left out: there damage that is
 * itself valid coding cannot be seen by any decoder. Each one-row strip starts from a
 * white reference line, so any code word starting with a 1 (V0, half of all noise)
 * ends the row at once as a white row, and libtiff does not say that the rest of the
 * strip went unread. The service's own files have that form (IMG-2, IMG-4). */
START_TEST(load_refuses_garbled_pages_naming_the_row)
{
    static const fax_coding codings[] = {FAX_CODING_MMR, FAX_CODING_MH, FAX_CODING_MR};
    fax_coding coding = codings[_i % 3];
    int rows_per_strip_1 = _i / 3 % 2;
    int noise = _i >= 6;
    fax_doc doc = generated_doc(51, 1, FAX_YRES_FINE);
    char path[256], context[96];
    snprintf(context, sizeof(context), "%s, %s, 16 bytes %s mid-page", coding_name(coding),
             rows_per_strip_1 ? "RowsPerStrip 1" : "one strip", noise ? "of noise" : "zeroed");
    temp_path(path, sizeof(path), "check_document");
    write_tiff(path, &doc, coding, FAX_LSB_FIRST, rows_per_strip_1, context);
    long size;
    unsigned char *bytes = read_bytes(path, &size);
    for (long i = 0; i < 16; i++)   /* in the strips: the directory is at the end */
        bytes[size / 3 + i] = noise ? (unsigned char)(0x3C ^ (i * 73)) : 0;
    write_bytes(path, bytes, (size_t)size);
    expect_load_fails(path, "page 1: row ", context);
    free(bytes);
    fax_doc_free(&doc);
    remove(path);
}
END_TEST

/* --- document_encode_page and document_decode_page ---------------------------------- */

/* Case i (0..15): coding MH/MR, page 98/196 lpi, session 98/196 lpi, bit order. */
typedef struct session_case {
    fax_coding coding;
    uint16_t page_yres, session_yres;
    fax_bit_order order;
    char name[96];
} session_case;

static session_case session_case_for(int i)
{
    session_case c = {
        .coding = i % 2 ? FAX_CODING_MR : FAX_CODING_MH,
        .page_yres = (i / 2) % 2 ? FAX_YRES_FINE : FAX_YRES_NORMAL,
        .session_yres = (i / 4) % 2 ? FAX_YRES_FINE : FAX_YRES_NORMAL,
        .order = i >= 8 ? FAX_MSB_FIRST : FAX_LSB_FIRST,
    };
    snprintf(c.name, sizeof(c.name), "%s, %u lpi page on a %u lpi session, %s",
             coding_name(c.coding), (unsigned)c.page_yres, (unsigned)c.session_yres,
             c.order == FAX_LSB_FIRST ? "+FBO=0 (LSB first)" : "+FBO=1 (MSB first)");
    return c;
}

START_TEST(encode_then_decode_is_pixel_exact_after_the_row_conversion)
{
    session_case c = session_case_for(_i);
    fax_doc doc = generated_doc(61 + (uint64_t)_i, 1, c.page_yres);
    fax_page want = page_at_resolution(&doc.pages[0], c.session_yres);
    unsigned char *data = NULL;
    size_t size = 0;
    char why[256] = "";
    ck_assert_msg(document_encode_page(&doc.pages[0], c.coding, c.session_yres, c.order, &data,
                                       &size, why, sizeof(why)) == 0 && data && size > 0,
                  "%s: expected the page encoded, got: %s", c.name, why);
    fax_page got;
    int rc = document_decode_page(data, size, c.coding, c.session_yres, c.order, &got, why,
                                  sizeof(why));
    ck_assert_msg(rc == 0 && why[0] == '\0', "%s: expected a clean decode, got %d: %s",
                  c.name, rc, why);
    expect_same_page(&want, &got, c.name);
    fax_page_free(&got);
    fax_page_free(&want);
    free(data);
    fax_doc_free(&doc);
}
END_TEST

/* +FBO=0: the first bit on the line is each byte's LSB. The page starts with a
 * byte-aligned EOL (four fill zeros, then 000000000001): 0x00 0x80 LSB-first, 0x00 0x01
 * MSB-first. One EOL per row and no RTC (the DCE appends it). */
START_TEST(encoded_page_is_eol_per_row_in_the_sessions_bit_order_without_rtc)
{
    session_case c = session_case_for(_i);
    fax_doc doc = generated_doc(71, 1, c.page_yres);
    fax_page want = page_at_resolution(&doc.pages[0], c.session_yres);
    unsigned char *data = NULL;
    size_t size = 0;
    char why[256] = "";
    ck_assert_msg(document_encode_page(&doc.pages[0], c.coding, c.session_yres, c.order, &data,
                                       &size, why, sizeof(why)) == 0,
                  "%s: expected the page encoded, got: %s", c.name, why);
    unsigned char second = c.order == FAX_LSB_FIRST ? 0x80 : 0x01;
    ck_assert_msg(size > 2 && data[0] == 0x00 && data[1] == second,
                  "%s: expected the data to open with 00 %02X (an aligned EOL), got %02X %02X",
                  c.name, second, data[0], data[1]);
    size_t *ends = malloc(sizeof(size_t) * (want.height + 8));
    size_t eols = find_eol_ends(data, size, c.order, ends, want.height + 8);
    ck_assert_msg(eols == want.height,
                  "%s: expected %u EOLs (one per row, no RTC), got %zu", c.name,
                  (unsigned)want.height, eols);
    free(ends);
    fax_page_free(&want);
    free(data);
    fax_doc_free(&doc);
}
END_TEST

START_TEST(encode_refuses_what_a_class_2_0_session_cannot_carry)
{
    fax_doc doc = generated_doc(81, 1, FAX_YRES_NORMAL);
    fax_page wide;
    ck_assert(fax_page_init(&wide, 2048, 10, FAX_YRES_NORMAL) == 0);
    fax_page odd_yres;
    ck_assert(fax_page_init(&odd_yres, 1728, 10, 300) == 0);
    static const char *const words[] = {"MH or MR", "session resolution 150",
                                        "2048 pels wide", "300 lpi"};
    const fax_page *pages[] = {&doc.pages[0], &doc.pages[0], &wide, &odd_yres};
    const fax_coding codings[] = {FAX_CODING_MMR, FAX_CODING_MH, FAX_CODING_MH, FAX_CODING_MR};
    const uint16_t sessions[] = {FAX_YRES_NORMAL, 150, FAX_YRES_NORMAL, FAX_YRES_FINE};
    for (int i = 0; i < 4; i++) {
        unsigned char *data = (unsigned char *)"not touched";
        size_t size = 99;
        char why[256] = "";
        int rc = document_encode_page(pages[i], codings[i], sessions[i], FAX_LSB_FIRST, &data,
                                      &size, why, sizeof(why));
        ck_assert_msg(rc == -1 && data == NULL && size == 0 && strstr(why, words[i]),
                      "case %d: expected -1, no data and why saying '%s', got %d, %zu bytes, "
                      "'%s'", i, words[i], rc, size, why);
    }
    fax_page_free(&odd_yres);
    fax_page_free(&wide);
    fax_doc_free(&doc);
}
END_TEST

/* What modems deliver: leading fill, fill before EOLs (scan time), RTC, then noise. */
START_TEST(decode_tolerates_fill_rtc_and_what_follows)
{
    session_case c = session_case_for(_i);
    fax_doc doc = generated_doc(91, 1, c.session_yres);
    char why[256] = "";
    size_t len;
    unsigned char *t4 = t4_encode_page(&doc.pages[0], c.coding, c.order, 1, 24, &len, why,
                                       sizeof(why));
    ck_assert_msg(t4 != NULL, "%s: expected faxpage to encode, got: %s", c.name, why);
    size_t size = 5 + len + 7;
    unsigned char *data = calloc(size, 1);              /* 5 bytes of leading fill */
    memcpy(data + 5, t4, len);
    memcpy(data + 5 + len, "\xFF\x12\x34\x56\x78\x9A\xBC", 7);  /* noise after RTC */
    fax_page got;
    int rc = document_decode_page(data, size, c.coding, c.session_yres, c.order, &got, why,
                                  sizeof(why));
    ck_assert_msg(rc == 0 && why[0] == '\0', "%s: expected a clean decode, got %d: %s",
                  c.name, rc, why);
    expect_same_page(&doc.pages[0], &got, c.name);
    fax_page_free(&got);
    free(data);
    free(t4);
    fax_doc_free(&doc);
}
END_TEST

/* The line of a stream whose data starts after EOL number `k`: its first byte past
 * the EOL and the byte before the next EOL. */
static void line_bytes(const size_t *ends, size_t k, size_t *first, size_t *last)
{
    *first = (ends[k] + 7) / 8;
    *last = (ends[k + 1] - 12) / 8;
}

START_TEST(decode_keeps_a_page_with_a_few_bad_lines_and_names_the_first)
{
    fax_doc doc = generated_doc(101, 1, FAX_YRES_NORMAL);
    char why[256] = "";
    unsigned char *data;
    size_t size;
    ck_assert(document_encode_page(&doc.pages[0], FAX_CODING_MH, FAX_YRES_NORMAL,
                                   FAX_LSB_FIRST, &data, &size, why, sizeof(why)) == 0);
    size_t ends[2048];
    size_t eols = find_eol_ends(data, size, FAX_LSB_FIRST, ends, 2048);
    ck_assert_msg(eols == doc.pages[0].height, "expected %u EOLs, got %zu",
                  (unsigned)doc.pages[0].height, eols);
    /* Three lines of text rows (long codes), apart from each other: 0xFF is no code. */
    const size_t bad[] = {300, 500, 700};
    for (int i = 0; i < 3; i++) {
        size_t first, last;
        line_bytes(ends, bad[i] - 1, &first, &last);
        ck_assert_msg(last > first, "expected line %zu to span whole bytes", bad[i]);
        data[first] = 0xFF;
    }
    fax_page got;
    int rc = document_decode_page(data, size, FAX_CODING_MH, FAX_YRES_NORMAL, FAX_LSB_FIRST,
                                  &got, why, sizeof(why));
    ck_assert_msg(rc == 0 && strstr(why, "line 300"),
                  "expected 3 bad lines of %u kept (under 5%%), why naming line 300; got %d: "
                  "'%s'", (unsigned)doc.pages[0].height, rc, why);
    ck_assert_msg(got.height == doc.pages[0].height, "expected %u rows, got %u",
                  (unsigned)doc.pages[0].height, (unsigned)got.height);
    fax_page_free(&got);
    free(data);
    fax_doc_free(&doc);
}
END_TEST

START_TEST(decode_refuses_undecodable_or_too_damaged_data_saying_why)
{
    fax_doc doc = generated_doc(111, 1, FAX_YRES_NORMAL);
    char why[256] = "";
    unsigned char *data;
    size_t size;
    ck_assert(document_encode_page(&doc.pages[0], FAX_CODING_MR, FAX_YRES_NORMAL,
                                   FAX_LSB_FIRST, &data, &size, why, sizeof(why)) == 0);
    /* 1: no EOL anywhere. 2: a page whose middle third is noise. 3: nothing at all. */
    unsigned char noise[64];
    for (size_t i = 0; i < sizeof(noise); i++)
        noise[i] = (unsigned char)(0x5A ^ (i * 37));
    for (size_t i = size / 3; i < 2 * size / 3; i++)
        data[i] = (unsigned char)(0xA5 ^ (i * 131));
    const struct {
        const unsigned char *bytes;
        size_t size;
        const char *words;
    } cases[] = {
        {noise, sizeof(noise), "undecodable page: no EOL found in 64 bytes"},
        {data, size, "lines bad"},
        {NULL, 0, "undecodable page"},
    };
    for (int i = 0; i < 3; i++) {
        fax_page got;
        stderr_capture capture;
        capture_stderr(&capture);
        int rc = document_decode_page(cases[i].bytes, cases[i].size, FAX_CODING_MR,
                                      FAX_YRES_NORMAL, FAX_LSB_FIRST, &got, why, sizeof(why));
        expect_nothing_printed(&capture, cases[i].words);
        ck_assert_msg(rc == -1 && got.bits == NULL && strstr(why, cases[i].words),
                      "case %d: expected -1, no page and why saying '%s', got %d: '%s'", i,
                      cases[i].words, rc, why);
    }
    free(data);
    fax_doc_free(&doc);
}
END_TEST

/* --- document_save_received: the service's file ------------------------------------- */

static void expect_service_form(const char *path, const fax_doc *doc)
{
    int messages = 0;
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, swallow_tiff_message, &messages);
    TIFFOpenOptionsSetWarningHandlerExtR(options, swallow_tiff_message, &messages);
    TIFF *tif = TIFFOpenExt(path, "r", options);
    TIFFOpenOptionsFree(options);
    ck_assert_msg(tif != NULL, "expected libtiff to open the saved %s", path);
    ck_assert_msg(!TIFFIsBigEndian(tif), "IMG-3: expected a little-endian (II) file, got MM");
    for (size_t number = 1; number <= doc->count; number++) {
        const fax_page *page = &doc->pages[number - 1];
        uint16_t compression = 0, fill_order = 0, photometric = 99, unit = 0;
        uint32_t width = 0, height = 0, rows_per_strip = 0;
        float xres = 0, yres = 0;
        TIFFGetField(tif, TIFFTAG_COMPRESSION, &compression);
        TIFFGetField(tif, TIFFTAG_FILLORDER, &fill_order);
        TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);
        TIFFGetField(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
        TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width);
        TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height);
        TIFFGetField(tif, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
        TIFFGetField(tif, TIFFTAG_XRESOLUTION, &xres);
        TIFFGetField(tif, TIFFTAG_YRESOLUTION, &yres);
        ck_assert_msg(compression == COMPRESSION_CCITTFAX4,
                      "IMG-2: page %zu: expected Compression 4 (MMR), got %u", number,
                      compression);
        ck_assert_msg(rows_per_strip == 1, "IMG-4: page %zu: expected RowsPerStrip 1, got %u",
                      number, (unsigned)rows_per_strip);
        ck_assert_msg(width == 1728 && height == page->height &&
                      photometric == PHOTOMETRIC_MINISWHITE && fill_order == FILLORDER_LSB2MSB,
                      "IMG-5: page %zu: expected 1728x%u, min-is-white, FillOrder 2; got "
                      "%ux%u, photometric %u, FillOrder %u", number, (unsigned)page->height,
                      (unsigned)width, (unsigned)height, photometric, fill_order);
        ck_assert_msg(unit == RESUNIT_INCH && xres == 204.0f && yres == (float)page->yres,
                      "IMG-5: page %zu: expected 204 x %u per inch, got %g x %g (unit %u)",
                      number, (unsigned)page->yres, (double)xres, (double)yres, unit);
        ck_assert_msg(TIFFReadDirectory(tif) == (number < doc->count),
                      "expected %zu directories, got a different count", doc->count);
    }
    TIFFClose(tif);
    ck_assert_msg(messages == 0, "expected libtiff to read %s without a message, got %d",
                  path, messages);

    ck_assert_msg(access("/usr/bin/tiffinfo", X_OK) == 0,
                  "expected /usr/bin/tiffinfo (Debian libtiff-tools), got none");
    char command[512], output[16384] = "";
    snprintf(command, sizeof(command), "/usr/bin/tiffinfo -D '%s' 2>&1", path);
    FILE *pipe = popen(command, "r");
    ck_assert_msg(pipe != NULL, "expected to run '%s', got popen failure", command);
    size_t n = fread(output, 1, sizeof(output) - 1, pipe);
    output[n] = '\0';
    int status = pclose(pipe);
    ck_assert_msg(status == 0 && !strstr(output, "arning") && !strstr(output, "rror"),
                  "expected tiffinfo -D to exit 0 without a warning or error, got status "
                  "%d:\n%s", status, output);

    fax_doc read = {0};
    char why[512] = "";
    ck_assert_msg(fax_doc_read_tiff(path, &read, why, sizeof(why)) == 0,
                  "expected the saved file read back, got: %s", why);
    expect_same_pages(doc, &read, "saved and read back");
    fax_doc_free(&read);
}

/* Case 0: the service's file is empty (as it creates it). Case 1: it holds more bytes
 * than the fax needs, which must not survive (truncated, not overwritten in place). */
START_TEST(save_received_writes_the_services_form_into_the_existing_file)
{
    fax_doc doc = mixed_doc();
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_document");
    if (_i == 1) {
        size_t junk_size = 4 * 1024 * 1024;
        unsigned char *junk = malloc(junk_size);
        memset(junk, 0xEE, junk_size);
        write_bytes(path, junk, junk_size);
        free(junk);
    }
    stderr_capture capture;
    capture_stderr(&capture);
    int rc = document_save_received(path, &doc, why, sizeof(why));
    expect_nothing_printed(&capture, "saving a received fax");
    ck_assert_msg(rc == 0 && why[0] == '\0', "expected the pages saved, got %d: %s", rc, why);
    long size = file_size(path);
    ck_assert_msg(size > 0 && size < 1024 * 1024,
                  "expected the file to hold just the fax, got %ld bytes", size);
    expect_service_form(path, &doc);
    remove(path);
    fax_doc_free(&doc);
}
END_TEST

/* What a receive does end to end: T.4 from the modem, decoded, saved. */
START_TEST(received_t4_pages_saved_and_read_back_are_pixel_exact)
{
    session_case c = session_case_for(_i);
    fax_doc sent = generated_doc(121, 2, c.session_yres);
    fax_doc received = {0};
    char why[256] = "";
    for (size_t i = 0; i < sent.count; i++) {
        size_t len;
        unsigned char *t4 = t4_encode_page(&sent.pages[i], c.coding, c.order, 1, 0, &len, why,
                                           sizeof(why));
        ck_assert_msg(t4 != NULL, "%s: expected page %zu encoded: %s", c.name, i + 1, why);
        fax_page page;
        ck_assert_msg(document_decode_page(t4, len, c.coding, c.session_yres, c.order, &page,
                                           why, sizeof(why)) == 0,
                      "%s: expected page %zu decoded: %s", c.name, i + 1, why);
        ck_assert(fax_doc_append(&received, &page) == 0);
        free(t4);
    }
    char path[256];
    temp_path(path, sizeof(path), "check_document");
    ck_assert_msg(document_save_received(path, &received, why, sizeof(why)) == 0,
                  "%s: expected the pages saved, got: %s", c.name, why);
    expect_service_form(path, &sent);
    remove(path);
    fax_doc_free(&received);
    fax_doc_free(&sent);
}
END_TEST

START_TEST(save_received_into_a_missing_file_fails_and_creates_none)
{
    fax_doc doc = generated_doc(131, 1, FAX_YRES_FINE);
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_document");
    remove(path);   /* a name nobody has: the service did not create it */
    stderr_capture capture;
    capture_stderr(&capture);
    int rc = document_save_received(path, &doc, why, sizeof(why));
    expect_nothing_printed(&capture, "saving into a missing file");
    ck_assert_msg(rc == -1 && strncmp(why, path, strlen(path)) == 0 &&
                  strstr(why, "does not exist: the service did not create it (RECV-3)"),
                  "RECV-3: expected -1 and why naming %s and the service, got %d: '%s'", path,
                  rc, why);
    ck_assert_msg(access(path, F_OK) != 0, "RECV-3: expected no file created at %s, got one",
                  path);
    fax_doc_free(&doc);
}
END_TEST

/* Pages the service's file cannot hold are refused before the file is touched. */
START_TEST(save_received_refuses_pages_that_are_not_fax_pages_leaving_the_file)
{
    fax_page wide;
    ck_assert(fax_page_init(&wide, 2048, 10, FAX_YRES_NORMAL) == 0);
    fax_doc doc = generated_doc(141, 1, FAX_YRES_NORMAL);
    ck_assert(fax_doc_append(&doc, &wide) == 0);
    fax_doc empty = {0};
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_document");
    write_bytes(path, "the service's", 13);
    const fax_doc *docs[] = {&doc, &empty};
    const char *words[] = {"page 2: 2048 pels wide", "no pages"};
    for (int i = 0; i < 2; i++) {
        int rc = document_save_received(path, docs[i], why, sizeof(why));
        ck_assert_msg(rc == -1 && strstr(why, words[i]),
                      "case %d: expected -1 and why saying '%s', got %d: '%s'", i, words[i],
                      rc, why);
        ck_assert_msg(file_size(path) == 13, "case %d: expected the file untouched (13 "
                      "bytes), got %ld", i, file_size(path));
    }
    remove(path);
    fax_doc_free(&doc);
}
END_TEST


/* --- reading page by page: memory bounded by a page ------------------------------- */

/* A document of `count` copies of one generated page, written MMR to `path`. */
static void write_copies(const char *path, const fax_page *page, unsigned count)
{
    fax_doc doc = {0};
    for (unsigned i = 0; i < count; i++) {
        fax_page copy = *page;
        copy.bits = malloc((size_t)page->height * page->stride);
        ck_assert_msg(copy.bits != NULL, "out of memory");
        memcpy(copy.bits, page->bits, (size_t)page->height * page->stride);
        ck_assert_msg(fax_doc_append(&doc, &copy) == 0, "out of memory");
    }
    write_tiff(path, &doc, FAX_CODING_MMR, FAX_LSB_FIRST, 0, "copies");
    fax_doc_free(&doc);
}

/* The most heap the reader held above what was allocated before it opened, while it read
 * every page (each page freed before the next, as send.c does). */
static size_t peak_while_reading(const char *path, unsigned expect_pages)
{
    char why[512] = "";
    size_t before = __sanitizer_get_current_allocated_bytes(), peak = before;
    document_reader *reader = NULL;
    ck_assert_msg(document_open(path, &reader, why, sizeof(why)) == 0, "open: %s", why);
    ck_assert_uint_eq(document_page_count(reader), expect_pages);
    for (size_t i = 0; i < expect_pages; i++) {
        fax_page page;
        ck_assert_msg(document_read_page(reader, i, &page, why, sizeof(why)) == 0,
                      "page %zu: %s", i + 1, why);
        size_t now = __sanitizer_get_current_allocated_bytes();
        peak = now > peak ? now : peak;
        fax_page_free(&page);
    }
    document_close(reader);
    return peak - before;
}

/* Issue 12: the reference FSP holds one page at a time, whatever the document's length -
 * 200 pages take no more memory to send than 2 (a whole-document load took ~0.25 MB a
 * normal page, 50 MB here). */
START_TEST(reading_page_by_page_holds_one_page_whatever_the_length)
{
    fax_doc one = generated_doc(7, 1, FAX_YRES_NORMAL);
    size_t page_bytes = (size_t)one.pages[0].height * one.pages[0].stride;
    char short_doc[256], long_doc[256];
    temp_path(short_doc, sizeof(short_doc), "check_document");
    temp_path(long_doc, sizeof(long_doc), "check_document");
    write_copies(short_doc, &one.pages[0], 2);
    write_copies(long_doc, &one.pages[0], 200);
    fax_doc_free(&one);
    size_t peak_short = peak_while_reading(short_doc, 2);
    size_t peak_long = peak_while_reading(long_doc, 200);
    ck_assert_msg(peak_long <= peak_short + page_bytes / 4,
                  "200 pages held %zu bytes at most, 2 pages %zu: the reader must not grow "
                  "with the document (a page is %zu bytes)", peak_long, peak_short,
                  page_bytes);
    ck_assert_msg(peak_long <= 3 * page_bytes, "reading held %zu bytes at most: more than "
                  "3 pages of %zu", peak_long, page_bytes);
    remove(short_doc);
    remove(long_doc);
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"load", load_reads_every_fax_form_pixel_exact, TIMEOUT_HEAVY, 0, 24},
        {"page by page", reading_page_by_page_holds_one_page_whatever_the_length, TIMEOUT_HEAVY, 0, 0},
        {"load", load_reads_a_document_whose_pages_differ_in_resolution, TIMEOUT_HEAVY, 0, 0},
        {"load", load_takes_100_and_200_dpi_and_lines_per_cm_as_normal_and_fine, TIMEOUT_HEAVY, 0, (int)(sizeof(resolution_cases) / sizeof(resolution_cases[0]))},
        {"load", load_takes_pages_with_private_tags, TIMEOUT_HEAVY, 0, 0},
        {"load refusals", load_of_a_missing_file_says_it_does_not_exist, TIMEOUT_HEAVY, 0, 0},
        {"load refusals", load_of_an_empty_file_says_it_is_empty, TIMEOUT_HEAVY, 0, 0},
        {"load refusals", load_of_a_non_tiff_says_not_a_tiff, TIMEOUT_HEAVY, 0, 4},
        {"load refusals", load_of_a_truncated_tiff_fails_at_every_cut, TIMEOUT_HEAVY, 0, 2},
        {"load refusals", load_refuses_pages_that_are_not_fax_pages_each_with_its_reason, TIMEOUT_HEAVY, 0, (int)(sizeof(odd_cases) / sizeof(odd_cases[0]))},
        {"load refusals", load_refuses_garbled_pages_naming_the_row, TIMEOUT_HEAVY, 0, 9},
        {"load refusals", load_refuses_garbled_pages_naming_the_row, TIMEOUT_HEAVY, 10, 12},
        {"t4", encode_then_decode_is_pixel_exact_after_the_row_conversion, TIMEOUT_HEAVY, 0, 16},
        {"t4", encoded_page_is_eol_per_row_in_the_sessions_bit_order_without_rtc, TIMEOUT_HEAVY, 0, 16},
        {"t4", encode_refuses_what_a_class_2_0_session_cannot_carry, TIMEOUT_HEAVY, 0, 0},
        {"t4", decode_tolerates_fill_rtc_and_what_follows, TIMEOUT_HEAVY, 0, 16},
        {"t4", decode_keeps_a_page_with_a_few_bad_lines_and_names_the_first, TIMEOUT_HEAVY, 0, 0},
        {"t4", decode_refuses_undecodable_or_too_damaged_data_saying_why, TIMEOUT_HEAVY, 0, 0},
        {"save received", save_received_writes_the_services_form_into_the_existing_file, TIMEOUT_HEAVY, 0, 2},
        {"save received", received_t4_pages_saved_and_read_back_are_pixel_exact, TIMEOUT_HEAVY, 0, 8},
        {"save received", save_received_into_a_missing_file_fails_and_creates_none, TIMEOUT_HEAVY, 0, 0},
        {"save received", save_received_refuses_pages_that_are_not_fax_pages_leaving_the_file, TIMEOUT_HEAVY, 0, 0},
    };
    return harness_main("document", tests, HARNESS_COUNT(tests));
}
