/*
 * check_faxpage.c - the page library: raw T.4 streams (encode, decode, damage), TIFF
 * Class F files, and pixel-exact comparison.
 *
 * The codec is judged against more than itself: its streams are laid out as checked
 * here bit by bit (EOL positions, tag bits, fill), libtiff decodes what it encodes,
 * it decodes what libtiff encodes, and a "ladder" page uses every run length code.
 * Loop tests name the case that failed ("MR, 196 lpi, LSB first, RTC").
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include <unistd.h>

#include "check_harness.h"
#include "fax_page.h"
#include "testpage.h"
#include "page_check.h"
#include "stderr_capture.h"

#define MAX_EOLS 8192

/* --- Helpers ------------------------------------------------------------------------- */

static const char *order_name(fax_bit_order order)
{
    return order == FAX_LSB_FIRST ? "LSB first" : "MSB first";
}

static const unsigned char *row_of(const fax_page *page, uint32_t y)
{
    return page->bits + (size_t)y * page->stride;
}

static int stream_bit(const unsigned char *s, fax_bit_order order, size_t pos)
{
    unsigned shift = order == FAX_LSB_FIRST ? pos % 8 : 7 - pos % 8;
    return (s[pos / 8] >> shift) & 1;
}

static unsigned char *encode(const fax_page *page, fax_coding coding, fax_bit_order order,
                             int with_rtc, size_t min_bytes, size_t *len)
{
    char why[256] = "";
    unsigned char *stream = t4_encode_page(page, coding, order, with_rtc, min_bytes, len,
                                           why, sizeof(why));
    ck_assert_msg(stream != NULL && *len > 0, "expected a %s stream, got NULL: %s",
                  coding_name(coding), why);
    return stream;
}

typedef struct decoded {
    int rc;
    fax_page page;
    unsigned bad, consecutive_bad;
    char why[256];
} decoded;

static decoded decode(const unsigned char *data, size_t len, fax_coding coding,
                      fax_bit_order order, uint16_t yres)
{
    decoded d;
    d.rc = t4_decode_page(data, len, coding, order, FAX_A4_WIDTH, yres, &d.page, &d.bad,
                          &d.consecutive_bad, d.why, sizeof(d.why));
    return d;
}

static void expect_clean_decode(const decoded *d, const fax_page *want, const char *context)
{
    ck_assert_msg(d->rc == 0, "%s: expected the stream to decode, got -1: %s", context,
                  d->why);
    ck_assert_msg(d->bad == 0 && d->consecutive_bad == 0,
                  "%s: expected no bad lines, got %u (longest run %u): %s", context, d->bad,
                  d->consecutive_bad, d->why);
    ck_assert_msg(d->why[0] == '\0', "%s: expected an empty why on a clean page, got '%s'",
                  context, d->why);
    expect_same_page(want, &d->page, context);
}

static void reverse_bits(unsigned char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char reversed = 0;
        for (int bit = 0; bit < 8; bit++)
            reversed |= (unsigned char)(((data[i] >> bit) & 1) << (7 - bit));
        data[i] = reversed;
    }
}

/* libtiff's messages, kept instead of printed (as tiff_pages.c does). */
typedef struct tiff_log {
    char text[1024];
} tiff_log;

static int log_tiff_message(TIFF *tif, void *user_data, const char *module,
                            const char *fmt, va_list ap)
{
    (void)tif;
    tiff_log *log = user_data;
    size_t used = strlen(log->text);
    if (used + 2 < sizeof(log->text)) {
        snprintf(log->text + used, sizeof(log->text) - used, "%s: ", module ? module : "");
        used = strlen(log->text);
        vsnprintf(log->text + used, sizeof(log->text) - used, fmt, ap);
        strncat(log->text, "\n", sizeof(log->text) - strlen(log->text) - 1);
    }
    return 1;
}

static TIFF *open_tiff(const char *path, const char *mode, tiff_log *log)
{
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, log_tiff_message, log);
    TIFFOpenOptionsSetWarningHandlerExtR(options, log_tiff_message, log);
    TIFF *tif = TIFFOpenExt(path, mode, options);
    TIFFOpenOptionsFree(options);
    ck_assert_msg(tif != NULL, "expected libtiff to open %s (%s), got: %s", path, mode,
                  log->text);
    return tif;
}


/* --- fax_page.c ---------------------------------------------------------------------- */

START_TEST(page_pixels_are_msb_first_and_outside_is_ignored)
{
    fax_page page;
    ck_assert_msg(fax_page_init(&page, 1730, 3, FAX_YRES_FINE) == 0,
                  "expected a 1730x3 page, got -1");
    ck_assert_msg(page.stride == 217, "expected stride 217 for 1730 pels, got %u",
                  (unsigned)page.stride);
    fax_page_set(&page, 1729, 2, 1);
    fax_page_set(&page, 8, 0, 1);
    ck_assert_msg(page.bits[2 * 217 + 216] == 0x40,
                  "expected x=1729 as bit 0x40 of the row's last byte, got 0x%02x",
                  page.bits[2 * 217 + 216]);
    ck_assert_msg(page.bits[1] == 0x80, "expected x=8 as the top bit of byte 1, got 0x%02x",
                  page.bits[1]);
    ck_assert_msg(fax_page_get(&page, 1729, 2) == 1 && fax_page_get(&page, 1728, 2) == 0,
                  "expected get to read back (1729,2)=1 and (1728,2)=0, got %d and %d",
                  fax_page_get(&page, 1729, 2), fax_page_get(&page, 1728, 2));

    unsigned char before[3 * 217];
    memcpy(before, page.bits, sizeof(before));
    fax_page_set(&page, 1730, 0, 1);
    fax_page_set(&page, 0, 3, 1);
    fax_page_set(&page, UINT32_MAX, UINT32_MAX, 1);
    ck_assert_msg(memcmp(before, page.bits, sizeof(before)) == 0,
                  "expected writes outside the page to change nothing, got a change");
    ck_assert_msg(fax_page_get(&page, 1730, 2) == 0 && fax_page_get(&page, 0, 3) == 0,
                  "expected pixels outside the page to read white, got black");
    fax_page_set(&page, 1729, 2, 0);
    ck_assert_msg(fax_page_get(&page, 1729, 2) == 0, "expected (1729,2) cleared, got 1");
    fax_page_free(&page);
    ck_assert_msg(page.bits == NULL, "expected free to clear the page, got bits %p",
                  (void *)page.bits);
}
END_TEST

START_TEST(page_init_rejects_an_empty_size)
{
    fax_page page;
    int zero_width = fax_page_init(&page, 0, 10, FAX_YRES_NORMAL);
    ck_assert_msg(zero_width == -1 && page.bits == NULL,
                  "expected -1 and no bitmap for width 0, got %d", zero_width);
    int zero_height = fax_page_init(&page, 1728, 0, FAX_YRES_NORMAL);
    ck_assert_msg(zero_height == -1 && page.bits == NULL,
                  "expected -1 and no bitmap for height 0, got %d", zero_height);
}
END_TEST

START_TEST(doc_append_takes_the_bitmap)
{
    fax_doc doc = {0};
    fax_page page;
    ck_assert_msg(fax_page_init(&page, 16, 2, FAX_YRES_NORMAL) == 0, "expected a page");
    unsigned char *bits = page.bits;
    ck_assert_msg(fax_doc_append(&doc, &page) == 0, "expected append to succeed");
    ck_assert_msg(doc.count == 1 && doc.pages[0].bits == bits && page.bits == NULL,
                  "expected the document to own the bitmap and the page to be emptied, "
                  "got count %zu, doc bits %p (want %p), page bits %p", doc.count,
                  (void *)doc.pages[0].bits, (void *)bits, (void *)page.bits);
    fax_page_free(&page);   /* must be harmless now */
    fax_doc_free(&doc);
    ck_assert_msg(doc.count == 0 && doc.pages == NULL,
                  "expected an empty document after free, got %zu pages", doc.count);
}
END_TEST

/* --- t4_stream.c: round trips and layout --------------------------------------------- */

/* Case i: bit 0 MR, bit 1 fine, bit 2 MSB first, bit 3 RTC. */
typedef struct t4_case {
    fax_coding coding;
    uint16_t yres;
    fax_bit_order order;
    int with_rtc;
    char name[64];
} t4_case;

static t4_case t4_case_for(int i)
{
    t4_case c = {
        .coding = i & 1 ? FAX_CODING_MR : FAX_CODING_MH,
        .yres = i & 2 ? FAX_YRES_FINE : FAX_YRES_NORMAL,
        .order = i & 4 ? FAX_MSB_FIRST : FAX_LSB_FIRST,
        .with_rtc = (i & 8) != 0,
    };
    snprintf(c.name, sizeof(c.name), "%s, %u lpi, %s, %s", coding_name(c.coding),
             (unsigned)c.yres, order_name(c.order), c.with_rtc ? "RTC" : "no RTC");
    return c;
}

START_TEST(t4_round_trip_is_pixel_exact)
{
    t4_case c = t4_case_for(_i);
    fax_doc doc = generated_doc(7, 2, c.yres);
    for (size_t p = 0; p < doc.count; p++) {
        size_t len;
        unsigned char *stream = encode(&doc.pages[p], c.coding, c.order, c.with_rtc, 0, &len);
        decoded d = decode(stream, len, c.coding, c.order, c.yres);
        expect_clean_decode(&d, &doc.pages[p], c.name);
        fax_page_free(&d.page);
        free(stream);
    }
    fax_doc_free(&doc);
}
END_TEST

START_TEST(t4_stream_layout_is_eol_tag_line_then_rtc)
{
    t4_case c = t4_case_for(_i);
    fax_doc doc = generated_doc(3, 1, c.yres);
    const fax_page *page = &doc.pages[0];
    size_t len, ends[MAX_EOLS];
    unsigned char *stream = encode(page, c.coding, c.order, c.with_rtc, 0, &len);
    size_t count = find_eol_ends(stream, len, c.order, ends, MAX_EOLS);
    size_t want = page->height + (c.with_rtc ? 6 : 0);
    ck_assert_msg(count == want, "%s: expected %zu EOLs (one per line%s), got %zu", c.name,
                  want, c.with_rtc ? " and 6 of RTC" : "", count);
    ck_assert_msg(ends[0] == 16, "%s: expected the page to open with 4 fill bits and an EOL "
                  "ending at bit 16, got the first EOL ending at bit %zu", c.name, ends[0]);
    for (size_t i = 0; i < count; i++)
        ck_assert_msg(ends[i] % 8 == 0, "%s: expected EOL %zu to end on a byte boundary, "
                      "got bit %zu", c.name, i, ends[i]);
    if (c.coding == FAX_CODING_MR) {
        unsigned k = c.yres == FAX_YRES_FINE ? 4 : 2;
        for (size_t i = 0; i < count; i++) {
            int want_tag = i >= page->height || i % k == 0;
            int tag = stream_bit(stream, c.order, ends[i]);
            ck_assert_msg(tag == want_tag, "%s: expected tag bit %d after EOL %zu (K=%u), "
                          "got %d", c.name, want_tag, i, k, tag);
        }
    }
    if (c.with_rtc) {
        size_t rtc_end = ends[count - 1] + (c.coding == FAX_CODING_MR ? 1 : 0);
        ck_assert_msg((rtc_end + 7) / 8 == len, "%s: expected the stream to end with RTC "
                      "(%zu bytes), got %zu bytes", c.name, (rtc_end + 7) / 8, len);
        for (size_t i = page->height; i + 1 < count; i++) {
            size_t gap = ends[i + 1] - ends[i];
            size_t want_gap = 16;   /* 4 fill + EOL; MR: tag + 3 fill + EOL */
            ck_assert_msg(gap == want_gap, "%s: expected RTC's EOLs %zu bits apart "
                          "(byte-aligned), got %zu", c.name, want_gap, gap);
        }
    }
    free(stream);
    fax_doc_free(&doc);
}
END_TEST

START_TEST(t4_min_bytes_per_line_pads_every_line)
{
    const size_t min_bytes = 24;   /* ST 4/5: 20 ms at 9600 bit/s */
    t4_case c = t4_case_for(_i);
    fax_doc doc = generated_doc(5, 1, c.yres);
    const fax_page *page = &doc.pages[0];
    size_t len, plain_len, ends[MAX_EOLS];
    unsigned char *plain = encode(page, c.coding, c.order, c.with_rtc, 0, &plain_len);
    unsigned char *stream = encode(page, c.coding, c.order, c.with_rtc, min_bytes, &len);
    ck_assert_msg(len > plain_len, "%s: expected padding to lengthen the stream, got %zu "
                  "bytes padded vs %zu plain", c.name, len, plain_len);
    size_t count = find_eol_ends(stream, len, c.order, ends, MAX_EOLS);
    ck_assert_msg(count == page->height + (c.with_rtc ? 6 : 0),
                  "%s: expected fill to add no EOLs, got %zu EOLs for %u lines", c.name,
                  count, (unsigned)page->height);
    size_t exactly_minimum = 0;
    for (size_t line = 0; line < page->height; line++) {
        size_t end = line + 1 < count ? ends[line + 1] : len * 8;
        size_t bytes = (end - ends[line]) / 8;
        ck_assert_msg(bytes >= min_bytes, "%s: expected line %zu to take at least %zu bytes "
                      "up to the next EOL, got %zu", c.name, line, min_bytes, bytes);
        exactly_minimum += bytes == min_bytes;
    }
    ck_assert_msg(exactly_minimum > 0, "%s: expected short (blank) lines padded to exactly "
                  "%zu bytes, got none at the minimum", c.name, min_bytes);
    decoded d = decode(stream, len, c.coding, c.order, c.yres);
    expect_clean_decode(&d, page, c.name);
    fax_page_free(&d.page);
    free(plain);
    free(stream);
    fax_doc_free(&doc);
}
END_TEST

START_TEST(t4_encode_rejects_mmr)
{
    fax_doc doc = generated_doc(1, 1, FAX_YRES_NORMAL);
    char why[256] = "";
    size_t len = 99;
    unsigned char *stream = t4_encode_page(&doc.pages[0], FAX_CODING_MMR, FAX_LSB_FIRST, 1,
                                           0, &len, why, sizeof(why));
    ck_assert_msg(stream == NULL && len == 0 && strstr(why, "MMR"),
                  "expected NULL, length 0 and a reason naming MMR, got %p, %zu, '%s'",
                  (void *)stream, len, why);
    free(stream);
    fax_doc_free(&doc);
}
END_TEST

/* --- t4_stream.c: what a receiver must put up with ------------------------------------ */

START_TEST(t4_decode_skips_leading_fill)
{
    t4_case c = t4_case_for(_i | 8);
    fax_doc doc = generated_doc(9, 1, c.yres);
    size_t len;
    unsigned char *stream = encode(&doc.pages[0], c.coding, c.order, 1, 0, &len);
    const size_t fill = 40;
    unsigned char *filled = calloc(fill + len, 1);
    memcpy(filled + fill, stream, len);
    decoded d = decode(filled, fill + len, c.coding, c.order, c.yres);
    expect_clean_decode(&d, &doc.pages[0], c.name);
    fax_page_free(&d.page);
    free(filled);
    free(stream);
    fax_doc_free(&doc);
}
END_TEST

START_TEST(t4_decode_stops_at_rtc_and_ignores_what_follows)
{
    t4_case c = t4_case_for(_i | 8);
    fax_doc doc = generated_doc(9, 2, c.yres);
    size_t len_a, len_b;
    /* After RTC: a whole other page (valid lines a careless decoder would append), then
     * bytes that are no T.4 at all. */
    unsigned char *a = encode(&doc.pages[0], c.coding, c.order, 1, 0, &len_a);
    unsigned char *b = encode(&doc.pages[1], c.coding, c.order, 1, 0, &len_b);
    static const unsigned char junk[] = {0xFF, 0x13, 0x37, 0x00, 0x01, 0x80, 0xAA, 0x55};
    unsigned char *stream = malloc(len_a + len_b + sizeof(junk));
    memcpy(stream, a, len_a);
    memcpy(stream + len_a, b, len_b);
    memcpy(stream + len_a + len_b, junk, sizeof(junk));
    decoded d = decode(stream, len_a + len_b + sizeof(junk), c.coding, c.order, c.yres);
    expect_clean_decode(&d, &doc.pages[0], c.name);
    fax_page_free(&d.page);
    free(stream);
    free(a);
    free(b);
    fax_doc_free(&doc);
}
END_TEST

/* The first line at or after `from` whose coded bytes (EOL end to next EOL end) number
 * at least `min_bytes` and whose previous and next rows differ from it. */
static size_t busy_line(const fax_page *page, const size_t *ends, size_t count, size_t from,
                        size_t min_bytes, unsigned step)
{
    for (size_t line = from; line + 2 < page->height && line + 1 < count; line += step) {
        int differs = memcmp(row_of(page, line), row_of(page, line - 1), page->stride) != 0 &&
                      memcmp(row_of(page, line + 1), row_of(page, line - 1), page->stride) != 0;
        if (differs && (ends[line + 1] - ends[line]) / 8 >= min_bytes)
            return line;
    }
    ck_abort_msg("expected a busy text line after row %zu, got none", from);
    return 0;
}

static void expect_rows_equal(const fax_page *got, uint32_t got_row, const fax_page *want,
                              uint32_t want_row, const char *context)
{
    ck_assert_msg(memcmp(row_of(got, got_row), row_of(want, want_row), want->stride) == 0,
                  "%s: expected decoded row %u to equal original row %u, got different pixels",
                  context, (unsigned)got_row, (unsigned)want_row);
}

START_TEST(t4_decode_of_a_truncated_stream_keeps_the_lines_before_the_cut)
{
    t4_case c = t4_case_for(_i);
    fax_doc doc = generated_doc(21, 1, c.yres);
    const fax_page *page = &doc.pages[0];
    size_t len, ends[MAX_EOLS];
    unsigned char *stream = encode(page, c.coding, c.order, 0, 0, &len);
    size_t count = find_eol_ends(stream, len, c.order, ends, MAX_EOLS);
    size_t line = busy_line(page, ends, count, 300, 10, 1);
    size_t cut = ends[line] / 8 + (ends[line + 1] - ends[line]) / 16;

    decoded d = decode(stream, cut, c.coding, c.order, c.yres);
    ck_assert_msg(d.rc == 0, "%s: expected the lines before the cut to decode, got -1: %s",
                  c.name, d.why);
    ck_assert_msg(d.page.height == line + 1, "%s: expected %zu rows (%zu good, 1 cut), got %u",
                  c.name, line + 1, line, (unsigned)d.page.height);
    ck_assert_msg(d.bad == 1 && d.consecutive_bad == 1,
                  "%s: expected 1 bad line (longest run 1), got %u (run %u)", c.name, d.bad,
                  d.consecutive_bad);
    char want_why[32];
    snprintf(want_why, sizeof(want_why), "line %zu:", line + 1);
    ck_assert_msg(strncmp(d.why, want_why, strlen(want_why)) == 0,
                  "%s: expected why to name '%s', got '%s'", c.name, want_why, d.why);
    for (uint32_t y = 0; y < line; y++)
        expect_rows_equal(&d.page, y, page, y, c.name);
    expect_rows_equal(&d.page, (uint32_t)line, page, (uint32_t)line - 1, c.name);
    fax_page_free(&d.page);
    free(stream);
    fax_doc_free(&doc);
}
END_TEST

/* Replaces the coded line `line` with a white line 1000 pels wide (a line of the wrong
 * width, certainly bad) followed by a fresh byte-aligned EOL. */
static unsigned char *splice_short_line(const unsigned char *stream, size_t len,
                                        const size_t *ends, size_t line, const t4_case *c,
                                        size_t *spliced_len)
{
    fax_page narrow;
    ck_assert_msg(fax_page_init(&narrow, 1000, 1, c->yres) == 0, "expected a 1000x1 page");
    size_t narrow_len;
    unsigned char *short_line = encode(&narrow, c->coding, c->order, 0, 0, &narrow_len);
    fax_page_free(&narrow);
    const unsigned char eol[2] = {0x00, c->order == FAX_LSB_FIRST ? 0x80 : 0x01};
    size_t head = ends[line] / 8, tail = ends[line + 1] / 8;
    size_t body = narrow_len - 2;   /* the narrow stream after its opening fill + EOL */
    unsigned char *out = malloc(head + body + sizeof(eol) + (len - tail));
    memcpy(out, stream, head);
    memcpy(out + head, short_line + 2, body);
    memcpy(out + head + body, eol, sizeof(eol));
    memcpy(out + head + body + sizeof(eol), stream + tail, len - tail);
    *spliced_len = head + body + sizeof(eol) + (len - tail);
    free(short_line);
    return out;
}

/* MH: the bad line alone is replaced. MR (98 lpi, K=2, the bad line 1-D): the 2-D line
 * after it has no reference and is bad too; the next 1-D line recovers. */
START_TEST(t4_decode_replaces_a_bad_line_with_the_previous_good_one)
{
    t4_case c = t4_case_for(_i);   /* MH or MR at 98 lpi, either bit order */
    fax_doc doc = generated_doc(33, 1, c.yres);
    const fax_page *page = &doc.pages[0];
    size_t len, ends[MAX_EOLS];
    unsigned char *stream = encode(page, c.coding, c.order, 1, 0, &len);
    size_t count = find_eol_ends(stream, len, c.order, ends, MAX_EOLS);
    size_t line = busy_line(page, ends, count, 400, 1, 2);   /* even: a 1-D line in MR */
    size_t spliced_len;
    unsigned char *spliced = splice_short_line(stream, len, ends, line, &c, &spliced_len);

    decoded d = decode(spliced, spliced_len, c.coding, c.order, c.yres);
    unsigned want_bad = c.coding == FAX_CODING_MR ? 2 : 1;
    ck_assert_msg(d.rc == 0, "%s: expected the page to decode, got -1: %s", c.name, d.why);
    ck_assert_msg(d.page.height == page->height, "%s: expected %u rows, got %u", c.name,
                  (unsigned)page->height, (unsigned)d.page.height);
    ck_assert_msg(d.bad == want_bad && d.consecutive_bad == want_bad,
                  "%s: expected %u bad lines in one run, got %u (longest run %u): %s", c.name,
                  want_bad, d.bad, d.consecutive_bad, d.why);
    for (uint32_t y = 0; y < page->height; y++) {
        int replaced = y >= line && y < line + want_bad;
        expect_rows_equal(&d.page, y, page, replaced ? (uint32_t)line - 1 : y, c.name);
    }
    fax_page_free(&d.page);
    free(spliced);
    free(stream);
    fax_doc_free(&doc);
}
END_TEST

typedef struct unusable_stream {
    const char *name;
    const unsigned char *data;
    size_t len;
} unusable_stream;

START_TEST(t4_decode_of_unusable_data_returns_minus_one)
{
    static const unsigned char at_text[] = "AT+FDT\r\nCONNECT\r\n+FHS:02\r\nOK\r\n";
    static const unsigned char all_ones[28] = {
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    /* RTC alone, MSB first: six byte-aligned EOLs and no line. */
    static const unsigned char rtc_only[] = {0x00, 0x01, 0x00, 0x01, 0x00, 0x01,
                                             0x00, 0x01, 0x00, 0x01, 0x00, 0x01};
    const unusable_stream cases[] = {
        {"an empty buffer", at_text, 0},
        {"modem text", at_text, sizeof(at_text) - 1},
        {"all ones", all_ones, sizeof(all_ones)},
        {"RTC without a line", rtc_only, sizeof(rtc_only)},
    };
    const unusable_stream *u = &cases[_i / 2];
    fax_coding coding = _i % 2 ? FAX_CODING_MR : FAX_CODING_MH;
    decoded d = decode(u->data, u->len, coding, FAX_MSB_FIRST, FAX_YRES_NORMAL);
    ck_assert_msg(d.rc == -1 && d.page.bits == NULL && d.page.height == 0,
                  "%s (%s): expected -1 and no page, got %d and %u rows", u->name,
                  coding_name(coding), d.rc, (unsigned)d.page.height);
    ck_assert_msg(d.why[0] != '\0', "%s (%s): expected a reason, got an empty why", u->name,
                  coding_name(coding));
    fax_page_free(&d.page);
}
END_TEST

START_TEST(t4_decode_of_only_wrong_width_lines_returns_minus_one)
{
    t4_case c = t4_case_for(_i | 8);
    fax_page narrow;
    ck_assert_msg(fax_page_init(&narrow, 1000, 5, c.yres) == 0, "expected a 1000x5 page");
    fax_page_set(&narrow, 500, 2, 1);
    size_t len;
    unsigned char *stream = encode(&narrow, c.coding, c.order, 1, 0, &len);
    decoded d = decode(stream, len, c.coding, c.order, c.yres);   /* expects 1728 pels */
    ck_assert_msg(d.rc == -1 && d.page.bits == NULL,
                  "%s: expected -1 for 1000-pel lines on a 1728-pel page, got %d", c.name,
                  d.rc);
    ck_assert_msg(strstr(d.why, "no line decoded") && strstr(d.why, "line 1:"),
                  "%s: expected why to say no line decoded and name line 1, got '%s'",
                  c.name, d.why);
    fax_page_free(&narrow);
    free(stream);
}
END_TEST

/* Noise must never crash or break the contract: -1 leaves no page; 0 gives a page of
 * the asked width whose bad lines fit in it. (The fuzzer does this at scale.) */
START_TEST(t4_decode_of_noise_keeps_the_contract)
{
    uint64_t state = 0x5EEDu + (uint64_t)_i;
    unsigned char noise[3000];
    for (int round = 0; round < 40; round++) {
        for (size_t i = 0; i < sizeof(noise); i++) {
            uint64_t z = (state += 0x9E3779B97F4A7C15u);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
            /* sparse ones, so that EOLs (and lines after them) do occur */
            noise[i] = (unsigned char)((z >> 40) & (z >> 48) & (z >> 56));
        }
        fax_coding coding = round % 2 ? FAX_CODING_MR : FAX_CODING_MH;
        fax_bit_order order = round % 4 < 2 ? FAX_LSB_FIRST : FAX_MSB_FIRST;
        decoded d = decode(noise, sizeof(noise), coding, order, FAX_YRES_NORMAL);
        if (d.rc == -1) {
            ck_assert_msg(d.page.bits == NULL, "round %d: expected no page with -1, got one",
                          round);
        } else {
            ck_assert_msg(d.rc == 0 && d.page.width == FAX_A4_WIDTH && d.page.height > 0 &&
                          d.bad < d.page.height && d.consecutive_bad <= d.bad,
                          "round %d: expected rc 0, width 1728, bad < rows, run <= bad; got "
                          "rc %d, %ux%u, %u bad, run %u", round, d.rc, (unsigned)d.page.width,
                          (unsigned)d.page.height, d.bad, d.consecutive_bad);
        }
        fax_page_free(&d.page);
    }
}
END_TEST

/* --- Cross-checks with libtiff's own CCITT codec -------------------------------------- */

/* Every strip of the current directory, concatenated as the file stores them. */
static unsigned char *read_raw_strips(TIFF *tif, size_t *len, tiff_log *log)
{
    uint32_t strips = TIFFNumberOfStrips(tif);
    size_t total = 0;
    for (uint32_t s = 0; s < strips; s++)
        total += (size_t)TIFFRawStripSize(tif, s);
    unsigned char *data = malloc(total);
    size_t at = 0;
    for (uint32_t s = 0; s < strips; s++) {
        tmsize_t got = TIFFReadRawStrip(tif, s, data + at, (tmsize_t)(total - at));
        ck_assert_msg(got > 0, "expected raw strip %u, got %ld: %s", (unsigned)s, (long)got,
                      log->text);
        at += (size_t)got;
    }
    *len = at;
    return data;
}

/* Case i: bit 0 MR, bit 1 fine, bit 2 FillOrder 1 (MSB), bit 3 RowsPerStrip 1. */
START_TEST(our_decoder_reads_libtiffs_mh_and_mr_strips)
{
    t4_case c = t4_case_for(_i & 7);
    int rows_per_strip_1 = (_i & 8) != 0;
    char context[96];
    snprintf(context, sizeof(context), "%s, %s", c.name,
             rows_per_strip_1 ? "RowsPerStrip 1" : "one strip");
    fax_doc doc = generated_doc(41, 1, c.yres);
    char path[256];
    temp_path(path, sizeof(path), "check_faxpage");
    write_tiff(path, &doc, c.coding, c.order, rows_per_strip_1, context);
    tiff_log log = {""};
    TIFF *tif = open_tiff(path, "r", &log);
    uint16_t fill_order = 0;
    TIFFGetFieldDefaulted(tif, TIFFTAG_FILLORDER, &fill_order);
    size_t len;
    unsigned char *raw = read_raw_strips(tif, &len, &log);
    TIFFClose(tif);

    /* As the file holds it, then as HylaFAX sends it to a +FBO=1 modem (MSB first). */
    fax_bit_order file_order = fill_order == FILLORDER_LSB2MSB ? FAX_LSB_FIRST : FAX_MSB_FIRST;
    decoded as_stored = decode(raw, len, c.coding, file_order, c.yres);
    expect_clean_decode(&as_stored, &doc.pages[0], context);
    if (file_order == FAX_LSB_FIRST)
        reverse_bits(raw, len);
    decoded reversed = decode(raw, len, c.coding, FAX_MSB_FIRST, c.yres);
    expect_clean_decode(&reversed, &doc.pages[0], context);

    fax_page_free(&as_stored.page);
    fax_page_free(&reversed.page);
    free(raw);
    remove(path);
    fax_doc_free(&doc);
}
END_TEST

/* Wraps a raw T.4 stream as the one strip of a TIFF, untouched (TIFFWriteRawStrip). */
static void write_stream_as_tiff(const char *path, const unsigned char *stream, size_t len,
                                 const fax_page *page, fax_coding coding, fax_bit_order order)
{
    tiff_log log = {""};
    TIFF *tif = open_tiff(path, "w", &log);
    uint32_t options = GROUP3OPT_FILLBITS;
    if (coding == FAX_CODING_MR)
        options |= GROUP3OPT_2DENCODING;
    int ok = TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX3) &&
             TIFFSetField(tif, TIFFTAG_GROUP3OPTIONS, options) &&
             TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, page->width) &&
             TIFFSetField(tif, TIFFTAG_IMAGELENGTH, page->height) &&
             TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 1) &&
             TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1) &&
             TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE) &&
             TIFFSetField(tif, TIFFTAG_FILLORDER, order == FAX_LSB_FIRST ? FILLORDER_LSB2MSB
                                                                         : FILLORDER_MSB2LSB) &&
             TIFFSetField(tif, TIFFTAG_XRESOLUTION, 204.0) &&
             TIFFSetField(tif, TIFFTAG_YRESOLUTION, (double)page->yres) &&
             TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH) &&
             TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, page->height);
    ck_assert_msg(ok, "expected the TIFF tags set, got: %s", log.text);
    ck_assert_msg(TIFFWriteRawStrip(tif, 0, (void *)stream, (tmsize_t)len) == (tmsize_t)len,
                  "expected the raw strip written, got: %s", log.text);
    TIFFClose(tif);
    ck_assert_msg(log.text[0] == '\0', "expected libtiff to say nothing, got: %s", log.text);
}

/* Case i: bit 0 MR, bit 1 fine, bit 2 MSB first, bit 3 ST padding of 24 bytes. */
START_TEST(libtiff_decodes_our_t4_streams)
{
    t4_case c = t4_case_for(_i & 7);
    size_t min_bytes = _i & 8 ? 24 : 0;
    char context[96];
    snprintf(context, sizeof(context), "%s, %zu bytes per line at least", c.name, min_bytes);
    fax_doc doc = generated_doc(43, 1, c.yres);
    size_t len;
    unsigned char *stream = encode(&doc.pages[0], c.coding, c.order, 0, min_bytes, &len);
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_faxpage");
    write_stream_as_tiff(path, stream, len, &doc.pages[0], c.coding, c.order);
    fax_doc read = {0};
    ck_assert_msg(fax_doc_read_tiff(path, &read, why, sizeof(why)) == 0,
                  "%s: expected libtiff to decode our stream, got: %s", context, why);
    expect_same_pages(&doc, &read, context);
    fax_doc_free(&read);
    free(stream);
    remove(path);
    fax_doc_free(&doc);
}
END_TEST

/* Every run length from 0 to 2699 in both colours, and white runs up to the width:
 * every terminating, make-up and extended make-up code, and repeated 2560 codes. */
static fax_page ladder_page(void)
{
    enum { WIDTH = 5400, STEPS = 2700, FROM_LEFT = 64 };
    fax_page page;
    ck_assert_msg(fax_page_init(&page, WIDTH, STEPS + FROM_LEFT, FAX_YRES_NORMAL) == 0,
                  "expected a %dx%d ladder page", WIDTH, STEPS + FROM_LEFT);
    for (uint32_t y = 0; y < STEPS; y++)             /* white y, black y, white rest */
        for (uint32_t x = y; x < 2 * y; x++)
            fax_page_set(&page, x, y, 1);
    for (uint32_t j = 0; j < FROM_LEFT; j++)         /* lines that open black: white 0 */
        for (uint32_t x = 0; x <= j; x++)
            fax_page_set(&page, x, STEPS + j, 1);
    return page;
}

START_TEST(ladder_page_exercises_every_run_length_code)
{
    fax_page page = ladder_page();
    char why[512] = "", context[64];
    for (int coding = 0; coding < 2; coding++) {
        fax_coding cod = coding ? FAX_CODING_MR : FAX_CODING_MH;
        snprintf(context, sizeof(context), "ladder, %s, our round trip", coding_name(cod));
        size_t len;
        unsigned char *stream = encode(&page, cod, FAX_MSB_FIRST, 1, 0, &len);
        decoded d;
        d.rc = t4_decode_page(stream, len, cod, FAX_MSB_FIRST, page.width, page.yres, &d.page,
                              &d.bad, &d.consecutive_bad, d.why, sizeof(d.why));
        expect_clean_decode(&d, &page, context);
        fax_page_free(&d.page);

        /* libtiff decodes our codes... */
        snprintf(context, sizeof(context), "ladder, %s, libtiff reads ours", coding_name(cod));
        char path[256];
        temp_path(path, sizeof(path), "check_faxpage");
        write_stream_as_tiff(path, stream, len, &page, cod, FAX_MSB_FIRST);
        fax_doc read = {0};
        ck_assert_msg(fax_doc_read_tiff(path, &read, why, sizeof(why)) == 0,
                      "%s: expected the file read, got: %s", context, why);
        ck_assert_msg(read.count == 1, "%s: expected 1 page, got %zu", context, read.count);
        expect_same_page(&page, &read.pages[0], context);
        fax_doc_free(&read);
        free(stream);

        /* ...and we decode libtiff's. */
        snprintf(context, sizeof(context), "ladder, %s, we read libtiff's", coding_name(cod));
        fax_doc one = {&page, 1};
        write_tiff(path, &one, cod, FAX_MSB_FIRST, 0, context);
        tiff_log log = {""};
        TIFF *tif = open_tiff(path, "r", &log);
        unsigned char *raw = read_raw_strips(tif, &len, &log);
        TIFFClose(tif);
        d.rc = t4_decode_page(raw, len, cod, FAX_MSB_FIRST, page.width, page.yres, &d.page,
                              &d.bad, &d.consecutive_bad, d.why, sizeof(d.why));
        expect_clean_decode(&d, &page, context);
        fax_page_free(&d.page);
        free(raw);
        remove(path);
    }
    fax_page_free(&page);
}
END_TEST

/* --- tiff_pages.c --------------------------------------------------------------------- */

/* Case i: coding i % 3 (MH, MR, MMR), bit order (i / 3) % 2, RowsPerStrip 1 when i >= 6. */
typedef struct tiff_case {
    fax_coding coding;
    fax_bit_order order;
    int rows_per_strip_1;
    char name[64];
} tiff_case;

static tiff_case tiff_case_for(int i)
{
    static const fax_coding codings[] = {FAX_CODING_MH, FAX_CODING_MR, FAX_CODING_MMR};
    tiff_case c = {
        .coding = codings[i % 3],
        .order = (i / 3) % 2 ? FAX_MSB_FIRST : FAX_LSB_FIRST,
        .rows_per_strip_1 = i >= 6,
    };
    snprintf(c.name, sizeof(c.name), "%s, FillOrder %d, %s", coding_name(c.coding),
             c.order == FAX_LSB_FIRST ? 2 : 1,
             c.rows_per_strip_1 ? "RowsPerStrip 1" : "one strip");
    return c;
}

/* Two pages at different resolutions: the second is fine. */
static fax_doc mixed_doc(void)
{
    fax_doc doc = generated_doc(11, 1, FAX_YRES_NORMAL);
    fax_doc fine = generated_doc(12, 1, FAX_YRES_FINE);
    ck_assert_msg(fax_doc_append(&doc, &fine.pages[0]) == 0, "expected append to work");
    fax_doc_free(&fine);
    return doc;
}

static void expect_class_f_tags(TIFF *tif, const fax_page *page, size_t number,
                                const tiff_case *c)
{
    /* Start from values no check accepts, so a missing tag cannot pass as present. */
    uint16_t compression = 0, fill_order = 0, photometric = 99, unit = 0, bits = 0;
    uint16_t page_number = 99, page_count = 99;
    uint32_t width = 0, rows_per_strip = 0, group3 = 0;
    float xres = 0, yres = 0;
    TIFFGetField(tif, TIFFTAG_COMPRESSION, &compression);
    TIFFGetField(tif, TIFFTAG_FILLORDER, &fill_order);
    TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);
    TIFFGetField(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
    TIFFGetField(tif, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField(tif, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
    TIFFGetField(tif, TIFFTAG_XRESOLUTION, &xres);
    TIFFGetField(tif, TIFFTAG_YRESOLUTION, &yres);
    TIFFGetField(tif, TIFFTAG_PAGENUMBER, &page_number, &page_count);

    unsigned want_compression = c->coding == FAX_CODING_MMR ? COMPRESSION_CCITTFAX4
                                                            : COMPRESSION_CCITTFAX3;
    unsigned want_fill = c->order == FAX_LSB_FIRST ? FILLORDER_LSB2MSB : FILLORDER_MSB2LSB;
    uint32_t want_rows = c->rows_per_strip_1 ? 1 : page->height;
    ck_assert_msg(compression == want_compression && fill_order == want_fill,
                  "%s page %zu: expected Compression %u and FillOrder %u, got %u and %u",
                  c->name, number, want_compression, want_fill, compression, fill_order);
    ck_assert_msg(photometric == PHOTOMETRIC_MINISWHITE && bits == 1 && width == 1728,
                  "%s page %zu: expected min-is-white, 1 bit, 1728 wide; got photometric %u, "
                  "%u bits, %u wide", c->name, number, photometric, bits, (unsigned)width);
    ck_assert_msg(rows_per_strip == want_rows, "%s page %zu: expected RowsPerStrip %u, got %u",
                  c->name, number, (unsigned)want_rows, (unsigned)rows_per_strip);
    ck_assert_msg(unit == RESUNIT_INCH && xres == 204.0f && yres == (float)page->yres,
                  "%s page %zu: expected 204 x %u per inch, got %g x %g (unit %u)", c->name,
                  number, (unsigned)page->yres, (double)xres, (double)yres, unit);
    ck_assert_msg(page_number == number - 1 && page_count == 2,
                  "%s page %zu: expected PageNumber %zu of 2, got %u of %u", c->name, number,
                  number - 1, page_number, page_count);
    ck_assert_msg(!TIFFIsBigEndian(tif), "%s: expected a little-endian file, got big-endian",
                  c->name);
    if (c->coding != FAX_CODING_MMR) {
        TIFFGetField(tif, TIFFTAG_GROUP3OPTIONS, &group3);
        uint32_t want = GROUP3OPT_FILLBITS |
                        (c->coding == FAX_CODING_MR ? GROUP3OPT_2DENCODING : 0);
        ck_assert_msg(group3 == want, "%s page %zu: expected Group3Options 0x%x, got 0x%x",
                      c->name, number, (unsigned)want, (unsigned)group3);
    }
}

START_TEST(tiff_round_trip_is_pixel_exact_and_class_f)
{
    tiff_case c = tiff_case_for(_i);
    fax_doc doc = mixed_doc();
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_faxpage");
    write_tiff(path, &doc, c.coding, c.order, c.rows_per_strip_1, c.name);
    fax_doc read = {0};
    ck_assert_msg(fax_doc_read_tiff(path, &read, why, sizeof(why)) == 0,
                  "%s: expected the file read back, got: %s", c.name, why);
    expect_same_pages(&doc, &read, c.name);

    tiff_log log = {""};
    TIFF *tif = open_tiff(path, "r", &log);
    for (size_t number = 1; number <= doc.count; number++) {
        expect_class_f_tags(tif, &doc.pages[number - 1], number, &c);
        if (c.coding != FAX_CODING_MMR && !c.rows_per_strip_1) {
            /* Class F: the strip carries the lines and no RTC. */
            size_t len, ends[MAX_EOLS];
            unsigned char *raw = read_raw_strips(tif, &len, &log);
            uint16_t fill_order;
            TIFFGetField(tif, TIFFTAG_FILLORDER, &fill_order);
            size_t eols = find_eol_ends(raw, len, fill_order == FILLORDER_LSB2MSB
                                                      ? FAX_LSB_FIRST : FAX_MSB_FIRST,
                                        ends, MAX_EOLS);
            ck_assert_msg(eols == doc.pages[number - 1].height,
                          "%s page %zu: expected one EOL per row (%u) and no RTC, got %zu",
                          c.name, number, (unsigned)doc.pages[number - 1].height, eols);
            free(raw);
        }
        ck_assert_msg(TIFFReadDirectory(tif) == (number < doc.count),
                      "%s: expected %zu directories, got a different count", c.name,
                      doc.count);
    }
    TIFFClose(tif);
    fax_doc_free(&read);
    remove(path);
    fax_doc_free(&doc);
}
END_TEST

START_TEST(tiffinfo_reads_our_files_without_a_warning)
{
    tiff_case c = tiff_case_for(_i);
    ck_assert_msg(access("/usr/bin/tiffinfo", X_OK) == 0,
                  "expected /usr/bin/tiffinfo (Debian libtiff-tools), got none");
    fax_doc doc = mixed_doc();
    char path[256];
    temp_path(path, sizeof(path), "check_faxpage");
    write_tiff(path, &doc, c.coding, c.order, c.rows_per_strip_1, c.name);
    char command[512], output[16384] = "";
    snprintf(command, sizeof(command), "/usr/bin/tiffinfo -D '%s' 2>&1", path);
    FILE *pipe = popen(command, "r");
    ck_assert_msg(pipe != NULL, "expected to run '%s', got popen failure", command);
    size_t n = fread(output, 1, sizeof(output) - 1, pipe);
    output[n] = '\0';
    int status = pclose(pipe);
    ck_assert_msg(status == 0, "%s: expected tiffinfo to exit 0, got status %d:\n%s", c.name,
                  status, output);
    ck_assert_msg(!strstr(output, "arning") && !strstr(output, "rror"),
                  "%s: expected no warning or error from tiffinfo, got:\n%s", c.name, output);
    const char *scheme = c.coding == FAX_CODING_MMR ? "CCITT Group 4" : "CCITT Group 3";
    const char *fill = c.order == FAX_LSB_FIRST ? "lsb-to-msb" : "msb-to-lsb";
    size_t directories = 0;
    for (const char *at = output; (at = strstr(at, "TIFF Directory at")); at++)
        directories++;
    ck_assert_msg(strstr(output, scheme) && strstr(output, fill) && directories == 2,
                  "%s: expected 2 directories, '%s' and '%s' in tiffinfo's output, got:\n%s",
                  c.name, scheme, fill, output);
    remove(path);
    fax_doc_free(&doc);
}
END_TEST

START_TEST(reading_a_non_tiff_fails_naming_the_file)
{
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_faxpage");
    FILE *f = fopen(path, "w");
    fputs("this is a fax cover letter, not a TIFF\n", f);
    fclose(f);
    const char *paths[] = {path, "/nonexistent/check_faxpage/missing.tif"};
    for (int i = 0; i < 2; i++) {
        fax_doc doc = {0};
        stderr_capture capture;
        capture_stderr(&capture);
        int rc = fax_doc_read_tiff(paths[i], &doc, why, sizeof(why));
        expect_nothing_printed(&capture, paths[i]);
        ck_assert_msg(rc == -1 && doc.count == 0 && doc.pages == NULL,
                      "expected -1 and no pages for %s, got %d and %zu pages", paths[i], rc,
                      doc.count);
        ck_assert_msg(strncmp(why, paths[i], strlen(paths[i])) == 0 &&
                      strlen(why) > strlen(paths[i]) + 2,
                      "expected why to start with '%s: ' and say more, got '%s'", paths[i],
                      why);
    }
    remove(path);
}
END_TEST

/* Cut a two-page file at 25% (before the first directory), 75% (inside the second
 * page) and one byte short of the end (inside the last directory). */
START_TEST(reading_a_truncated_tiff_fails_naming_the_file)
{
    fax_doc doc = mixed_doc();
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_faxpage");
    write_tiff(path, &doc, FAX_CODING_MH, FAX_LSB_FIRST, 0, "a two-page MH file");
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    const long cuts[] = {size / 4, size * 3 / 4, size - 1};
    ck_assert_msg(truncate(path, cuts[_i]) == 0, "expected %s cut to %ld bytes", path,
                  cuts[_i]);
    fax_doc read = {0};
    stderr_capture capture;
    capture_stderr(&capture);
    int rc = fax_doc_read_tiff(path, &read, why, sizeof(why));
    expect_nothing_printed(&capture, "reading a truncated TIFF");
    ck_assert_msg(rc == -1 && read.count == 0,
                  "expected -1 and no pages for a file cut to %ld of %ld bytes, got %d and "
                  "%zu pages", cuts[_i], size, rc, read.count);
    ck_assert_msg(strncmp(why, path, strlen(path)) == 0,
                  "expected why to name %s, got '%s'", path, why);
    remove(path);
    fax_doc_free(&doc);
}
END_TEST

START_TEST(writing_where_no_file_can_be_fails_naming_the_file)
{
    fax_doc doc = generated_doc(1, 1, FAX_YRES_NORMAL);
    const char *path = "/nonexistent/check_faxpage/out.tif";
    char why[512] = "";
    stderr_capture capture;
    capture_stderr(&capture);
    int rc = fax_doc_write_tiff(path, &doc, FAX_CODING_MH, FAX_LSB_FIRST, 0, why, sizeof(why));
    expect_nothing_printed(&capture, path);
    ck_assert_msg(rc == -1 && strncmp(why, path, strlen(path)) == 0,
                  "expected -1 and why naming %s, got %d and '%s'", path, rc, why);
    fax_doc empty = {0};
    char other[256];
    temp_path(other, sizeof(other), "check_faxpage");
    rc = fax_doc_write_tiff(other, &empty, FAX_CODING_MH, FAX_LSB_FIRST, 0, why, sizeof(why));
    ck_assert_msg(rc == -1 && strstr(why, "0 pages"),
                  "expected -1 for an empty document, got %d and '%s'", rc, why);
    remove(other);
    fax_doc_free(&doc);
}
END_TEST

/* libtiff returns a damaged row padded (G4: after an error, G3: after a warning only);
 * the reader must refuse the page instead and name the row. Case i: MH, MR, MMR. */
START_TEST(reading_a_damaged_page_fails_naming_the_row)
{
    static const fax_coding codings[] = {FAX_CODING_MH, FAX_CODING_MR, FAX_CODING_MMR};
    fax_doc doc = generated_doc(7, 1, FAX_YRES_NORMAL);
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_faxpage");
    write_tiff(path, &doc, codings[_i], FAX_LSB_FIRST, 0, coding_name(codings[_i]));
    FILE *f = fopen(path, "r+b");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, size / 4, SEEK_SET);   /* inside the strip: the directory is at the end */
    static const unsigned char zeros[8];
    fwrite(zeros, 1, sizeof(zeros), f);
    fclose(f);
    fax_doc read = {0};
    stderr_capture capture;
    capture_stderr(&capture);
    int rc = fax_doc_read_tiff(path, &read, why, sizeof(why));
    expect_nothing_printed(&capture, coding_name(codings[_i]));
    ck_assert_msg(rc == -1 && read.count == 0 && strstr(why, ": page 1: row "),
                  "%s: expected -1, no pages and why naming page 1 and a row, got %d, %zu "
                  "pages, '%s'", coding_name(codings[_i]), rc, read.count, why);
    remove(path);
    fax_doc_free(&doc);
}
END_TEST

/* What the page check saw, and its verdict. */
typedef struct check_log {
    fax_tiff_page_info seen[4];
    size_t count;
    size_t refuse_page;     /* 0: take every page */
} check_log;

static int log_and_judge(const fax_tiff_page_info *info, void *context, char *why,
                         size_t why_size)
{
    check_log *log = context;
    if (log->count < 4)
        log->seen[log->count++] = *info;
    if (info->number == log->refuse_page) {
        snprintf(why, why_size, "refused by the caller");
        return -1;
    }
    return 0;
}

/* The *_fd entry points: the caller's file stays open (libtiff's handle is freed with
 * TIFFCleanup, not closed), the check sees each page's tags before it is decoded, and
 * a refusal reads "NAME: page N: reason". */
START_TEST(fd_entry_points_leave_the_file_open_and_ask_the_check_per_page)
{
    fax_doc doc = mixed_doc();
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_faxpage");
    int fd = open(path, O_RDWR);
    ck_assert_msg(fd >= 0, "expected %s opened", path);
    int rc = fax_doc_write_tiff_fd(fd, "service file", &doc, FAX_CODING_MMR, FAX_LSB_FIRST, 1,
                                   why, sizeof(why));
    ck_assert_msg(rc == 0, "expected the pages written through the fd, got: %s", why);
    ck_assert_msg(fcntl(fd, F_GETFD) != -1, "expected the fd still open after writing");
    ck_assert_msg(lseek(fd, 0, SEEK_SET) == 0, "expected to rewind the fd");

    check_log log = {.refuse_page = 0};
    fax_doc read = {0};
    rc = fax_doc_read_tiff_fd(fd, "service file", log_and_judge, &log, &read, why, sizeof(why));
    ck_assert_msg(rc == 0, "expected the pages read through the fd, got: %s", why);
    expect_same_pages(&doc, &read, "written and read through an fd");
    ck_assert_msg(fcntl(fd, F_GETFD) != -1, "expected the fd still open after reading");
    ck_assert_msg(log.count == 2 && log.seen[0].number == 1 && log.seen[1].number == 2 &&
                  log.seen[0].width == 1728 && log.seen[0].height == doc.pages[0].height &&
                  log.seen[0].yres == 98 && log.seen[1].yres == 196 &&
                  log.seen[1].compression == COMPRESSION_CCITTFAX4,
                  "expected the check to see pages 1 and 2 (1728 wide, 98 and 196 lpi, "
                  "Compression 4), got %zu calls", log.count);

    log = (check_log){.refuse_page = 2};
    ck_assert_msg(lseek(fd, 0, SEEK_SET) == 0, "expected to rewind the fd");
    rc = fax_doc_read_tiff_fd(fd, "service file", log_and_judge, &log, &read, why, sizeof(why));
    ck_assert_msg(rc == -1 && strcmp(why, "service file: page 2: refused by the caller") == 0,
                  "expected -1 and the caller's reason for page 2, got %d and '%s'", rc, why);
    ck_assert_msg(read.count == 2, "expected the caller's document left as it was (2 pages), "
                  "got %zu", read.count);
    close(fd);
    fax_doc_free(&read);
    remove(path);
    fax_doc_free(&doc);
}
END_TEST

/* A page without YResolution: the check sees 0 (unknown), the reader gives 98 lpi. */
START_TEST(a_page_without_yresolution_is_shown_as_0_and_read_as_normal)
{
    char path[256], why[512] = "";
    temp_path(path, sizeof(path), "check_faxpage");
    tiff_log tlog = {""};
    TIFF *tif = open_tiff(path, "wl", &tlog);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, 1728);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, 4);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 1);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, 4);
    unsigned char row[216] = {0xF0};
    for (uint32_t y = 0; y < 4; y++)
        ck_assert(TIFFWriteScanline(tif, row, y, 0) >= 0);
    TIFFClose(tif);

    int fd = open(path, O_RDONLY);
    check_log log = {.refuse_page = 0};
    fax_doc read = {0};
    int rc = fax_doc_read_tiff_fd(fd, path, log_and_judge, &log, &read, why, sizeof(why));
    close(fd);
    ck_assert_msg(rc == 0 && log.count == 1 && log.seen[0].yres == 0,
                  "expected the page read and the check shown yres 0, got %d (%s), yres %u",
                  rc, why, log.count ? log.seen[0].yres : 9999);
    ck_assert_msg(read.count == 1 && read.pages[0].yres == FAX_YRES_NORMAL,
                  "expected one page at 98 lpi, got %zu pages at %u", read.count,
                  read.count ? read.pages[0].yres : 0);
    fax_doc_free(&read);
    remove(path);
}
END_TEST

/* --- page_compare.c ------------------------------------------------------------------- */

START_TEST(compare_finds_equal_documents_equal)
{
    fax_doc a = generated_doc(5, 2, FAX_YRES_NORMAL), b = generated_doc(5, 2, FAX_YRES_NORMAL);
    char why[256] = "stale";
    ck_assert_msg(a.pages[0].bits != b.pages[0].bits, "expected two separate bitmaps");
    int rc = fax_doc_compare(&a, &b, why, sizeof(why));
    ck_assert_msg(rc == 0 && why[0] == '\0', "expected 0 and an empty why, got %d and '%s'",
                  rc, why);
    fax_doc_free(&a);
    fax_doc_free(&b);
}
END_TEST

/* One flipped pixel at each of the 8 bit positions of a byte, one at a time. */
START_TEST(compare_finds_a_one_pixel_difference)
{
    fax_doc a = generated_doc(5, 2, FAX_YRES_NORMAL), b = generated_doc(5, 2, FAX_YRES_NORMAL);
    for (uint32_t x = 1000; x < 1008; x++) {
        int pixel = fax_page_get(&b.pages[1], x, 500);
        fax_page_set(&b.pages[1], x, 500, !pixel);
        char why[256] = "", want[64];
        snprintf(want, sizeof(want), "page 2 row 500: first difference at x=%u", (unsigned)x);
        int rc = fax_doc_compare(&a, &b, why, sizeof(why));
        ck_assert_msg(rc == 1 && strcmp(why, want) == 0, "expected 1 and '%s', got %d and '%s'",
                      want, rc, why);
        fax_page_set(&b.pages[1], x, 500, pixel);
    }
    fax_doc_free(&a);
    fax_doc_free(&b);
}
END_TEST

START_TEST(compare_finds_page_count_size_and_resolution_differences)
{
    char why[256] = "";
    fax_doc two = generated_doc(5, 2, FAX_YRES_NORMAL), three = generated_doc(5, 3,
                                                                              FAX_YRES_NORMAL);
    int rc = fax_doc_compare(&two, &three, why, sizeof(why));
    ck_assert_msg(rc == 1 && strcmp(why, "page count 2 vs 3") == 0,
                  "expected 1 and 'page count 2 vs 3', got %d and '%s'", rc, why);

    fax_doc fine = generated_doc(5, 2, FAX_YRES_FINE);
    rc = fax_doc_compare(&two, &fine, why, sizeof(why));
    ck_assert_msg(rc == 1 && strstr(why, "page 1: size 1728x1143 vs 1728x2286"),
                  "expected 1 and a size difference on page 1, got %d and '%s'", rc, why);

    fax_doc relabelled = generated_doc(5, 2, FAX_YRES_NORMAL);
    relabelled.pages[1].yres = FAX_YRES_FINE;
    rc = fax_doc_compare(&two, &relabelled, why, sizeof(why));
    ck_assert_msg(rc == 1 && strstr(why, "page 2: vertical resolution 98 vs 196"),
                  "expected 1 and a resolution difference on page 2, got %d and '%s'", rc, why);
    fax_doc_free(&two);
    fax_doc_free(&three);
    fax_doc_free(&fine);
    fax_doc_free(&relabelled);
}
END_TEST

START_TEST(compare_ignores_pad_bits_beyond_the_width)
{
    fax_page a, b;
    ck_assert_msg(fax_page_init(&a, 1730, 2, FAX_YRES_NORMAL) == 0 &&
                  fax_page_init(&b, 1730, 2, FAX_YRES_NORMAL) == 0, "expected two pages");
    b.bits[b.stride - 1] |= 0x3F;    /* the 6 pad bits after x=1729 in row 0 */
    fax_doc da = {&a, 1}, db = {&b, 1};
    char why[256] = "";
    int rc = fax_doc_compare(&da, &db, why, sizeof(why));
    ck_assert_msg(rc == 0, "expected pad bits to be ignored, got %d: %s", rc, why);
    fax_page_set(&b, 1729, 0, 1);
    rc = fax_doc_compare(&da, &db, why, sizeof(why));
    ck_assert_msg(rc == 1 && strcmp(why, "page 1 row 0: first difference at x=1729") == 0,
                  "expected the last real pixel to count, got %d and '%s'", rc, why);
    fax_page_free(&a);
    fax_page_free(&b);
}
END_TEST


int main(void)
{
    const harness_test tests[] = {
        {"bitmap", page_pixels_are_msb_first_and_outside_is_ignored, TIMEOUT_HEAVY, 0, 0},
        {"bitmap", page_init_rejects_an_empty_size, TIMEOUT_HEAVY, 0, 0},
        {"bitmap", doc_append_takes_the_bitmap, TIMEOUT_HEAVY, 0, 0},
        {"t4", t4_round_trip_is_pixel_exact, TIMEOUT_HEAVY, 0, 16},
        {"t4", t4_stream_layout_is_eol_tag_line_then_rtc, TIMEOUT_HEAVY, 0, 16},
        {"t4", t4_min_bytes_per_line_pads_every_line, TIMEOUT_HEAVY, 8, 16},
        {"t4", t4_encode_rejects_mmr, TIMEOUT_HEAVY, 0, 0},
        {"t4 damage", t4_decode_skips_leading_fill, TIMEOUT_HEAVY, 0, 8},
        {"t4 damage", t4_decode_stops_at_rtc_and_ignores_what_follows, TIMEOUT_HEAVY, 0, 8},
        {"t4 damage", t4_decode_of_a_truncated_stream_keeps_the_lines_before_the_cut, TIMEOUT_HEAVY, 0, 8},
        /* cases 0, 1, 4, 5: MH and MR at 98 lpi, both bit orders */
        {"t4 damage", t4_decode_replaces_a_bad_line_with_the_previous_good_one, TIMEOUT_HEAVY, 0, 2},
        {"t4 damage", t4_decode_replaces_a_bad_line_with_the_previous_good_one, TIMEOUT_HEAVY, 4, 6},
        {"t4 damage", t4_decode_of_unusable_data_returns_minus_one, TIMEOUT_HEAVY, 0, 8},
        {"t4 damage", t4_decode_of_only_wrong_width_lines_returns_minus_one, TIMEOUT_HEAVY, 0, 8},
        {"t4 damage", t4_decode_of_noise_keeps_the_contract, TIMEOUT_HEAVY, 0, 4},
        {"libtiff cross-check", our_decoder_reads_libtiffs_mh_and_mr_strips, TIMEOUT_HEAVY, 0, 16},
        {"libtiff cross-check", libtiff_decodes_our_t4_streams, TIMEOUT_HEAVY, 0, 16},
        {"libtiff cross-check", ladder_page_exercises_every_run_length_code, TIMEOUT_HEAVY, 0, 0},
        {"tiff", tiff_round_trip_is_pixel_exact_and_class_f, TIMEOUT_HEAVY, 0, 12},
        {"tiff", tiffinfo_reads_our_files_without_a_warning, TIMEOUT_HEAVY, 0, 12},
        {"tiff", reading_a_non_tiff_fails_naming_the_file, TIMEOUT_HEAVY, 0, 0},
        {"tiff", reading_a_truncated_tiff_fails_naming_the_file, TIMEOUT_HEAVY, 0, 3},
        {"tiff", writing_where_no_file_can_be_fails_naming_the_file, TIMEOUT_HEAVY, 0, 0},
        {"tiff", reading_a_damaged_page_fails_naming_the_row, TIMEOUT_HEAVY, 0, 3},
        {"tiff", fd_entry_points_leave_the_file_open_and_ask_the_check_per_page, TIMEOUT_HEAVY, 0, 0},
        {"tiff", a_page_without_yresolution_is_shown_as_0_and_read_as_normal, TIMEOUT_HEAVY, 0, 0},
        {"compare", compare_finds_equal_documents_equal, TIMEOUT_HEAVY, 0, 0},
        {"compare", compare_finds_a_one_pixel_difference, TIMEOUT_HEAVY, 0, 0},
        {"compare", compare_finds_page_count_size_and_resolution_differences, TIMEOUT_HEAVY, 0, 0},
        {"compare", compare_ignores_pad_bits_beyond_the_width, TIMEOUT_HEAVY, 0, 0},
    };
    return harness_main("faxpage", tests, HARNESS_COUNT(tests));
}
