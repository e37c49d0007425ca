/*
 * tiff_pages.c - fax documents in and out of TIFF files with libtiff (see fax_page.h):
 * any bilevel TIFF in, TIFF Class F out.
 *
 * Nothing is printed. Every handle is opened with TIFFOpenExt or TIFFFdOpenExt and
 * per-handle error and warning handlers (TIFFOpenOptions), which keep libtiff's words
 * for our caller's `why` and return 1 so that libtiff's global handler, which prints on
 * stderr, never runs. Setting the global handler instead would be process-wide mutable
 * state.
 *
 * A damaged page is refused, never returned half-decoded. libtiff's return values do not
 * show the damage: a bad G4 code word is reported through the error handler while
 * TIFFReadScanline still returns the row (padded), and a damaged G3 line is only a
 * warning ("Line length mismatch", "Premature EOL"). So the handlers count what they
 * are told, and a page is refused when any error arrived while its directory was read
 * or its rows decoded, or any warning while its rows decoded. (Warnings while a
 * directory is read, such as an unknown tag, are about tags, not pixels, and pass.)
 *
 * Files are read unmapped (mode "rm"): a mapped file that shrinks while it is read
 * faults instead of failing a read.
 *
 * Two ways in for each direction: by path (TIFFOpenExt, which opens and closes the
 * file), and by a file the caller opened (TIFFFdOpenExt + TIFFCleanup, which frees the
 * handle without closing the file: the caller's file stays the caller's). The rest -
 * the page loop, the checks, the tags - is shared.
 */
#include "fax_page.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

/* Bounds for a page read from a file: wider than any fax paper, and tall enough for
 * an unlimited-length page at fine resolution; they keep a hostile file from asking
 * for gigabytes. */
#define MAX_PAGE_WIDTH 16384
#define MAX_PAGE_HEIGHT 65535

/* What libtiff said about one handle: its first error and its last warning since they
 * were last cleared, and how many of each it gave in all (never cleared: a reader
 * compares counts before and after a step to see whether the step drew any). */
typedef struct tiff_messages {
    const char *path;   /* our messages name the file once, so libtiff's need not */
    char error[256];
    char warning[256];
    unsigned long errors;
    unsigned long warnings;
} tiff_messages;

/* "module: text", without the file name libtiff often repeats (as the module, or as
 * the text's first words): the caller's message already starts with it. */
static void format_message(const tiff_messages *messages, char *out, size_t size,
                           const char *module, const char *fmt, va_list ap)
{
    char text[224];
    vsnprintf(text, sizeof(text), fmt, ap);
    const char *shown = text;
    size_t path_length = strlen(messages->path);
    if (strncmp(text, messages->path, path_length) == 0 && text[path_length] == ':')
        shown += path_length + 1 + (text[path_length + 1] == ' ');
    if (module && module[0] && strcmp(module, messages->path) != 0)
        snprintf(out, size, "%s: %s", module, shown);
    else
        snprintf(out, size, "%s", shown);
}

static int keep_error(TIFF *tif, void *user_data, const char *module, const char *fmt,
                      va_list ap)
{
    (void)tif;
    tiff_messages *messages = user_data;
    messages->errors++;
    if (messages->error[0] == '\0')     /* the first error is the cause; the rest follow */
        format_message(messages, messages->error, sizeof(messages->error), module, fmt, ap);
    return 1;   /* handled: libtiff must not go on to its global, printing handler */
}

static int keep_warning(TIFF *tif, void *user_data, const char *module, const char *fmt,
                        va_list ap)
{
    (void)tif;
    tiff_messages *messages = user_data;
    messages->warnings++;
    format_message(messages, messages->warning, sizeof(messages->warning), module, fmt, ap);
    return 1;
}

/* Opens `path`, or when it is NULL the caller's open file `fd` (named `name`), with
 * our handlers. */
static TIFF *open_quietly(const char *path, int fd, const char *name, const char *mode,
                          tiff_messages *messages)
{
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (!options) {
        snprintf(messages->error, sizeof(messages->error), "out of memory");
        return NULL;
    }
    TIFFOpenOptionsSetErrorHandlerExtR(options, keep_error, messages);
    TIFFOpenOptionsSetWarningHandlerExtR(options, keep_warning, messages);
    TIFF *tif = path ? TIFFOpenExt(path, mode, options)
                     : TIFFFdOpenExt(fd, name, mode, options);
    /* The handle copied the handlers; the options are no longer needed. */
    TIFFOpenOptionsFree(options);
    return tif;
}

/* libtiff's own words when it gave any (its error, else its last warning, which may
 * say what led to the failure), else ours. */
static const char *reason(const tiff_messages *messages, const char *fallback)
{
    if (messages->error[0])
        return messages->error;
    return messages->warning[0] ? messages->warning : fallback;
}

/* --- Reading ----------------------------------------------------------------------- */

/* Lines per inch from the YResolution and ResolutionUnit tags, rounded; 0 when the
 * file has no YResolution (or libtiff ignored a damaged one). */
static int read_yres(TIFF *tif, uint16_t *yres)
{
    float resolution;
    uint16_t unit = RESUNIT_INCH;
    if (!TIFFGetField(tif, TIFFTAG_YRESOLUTION, &resolution)) {
        *yres = 0;
        return 0;
    }
    TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
    double lpi = unit == RESUNIT_CENTIMETER ? resolution * 2.54 : resolution;
    if (!(lpi >= 1.0 && lpi < 65535.0))
        return -1;
    *yres = (uint16_t)(lpi + 0.5);
    return 0;
}

/* Copies one decoded scanline into the page row, as 1 = black, pad bits cleared. */
static void store_scanline(fax_page *page, uint32_t row, const unsigned char *scanline,
                           int min_is_black)
{
    unsigned char *out = page->bits + (size_t)row * page->stride;
    memcpy(out, scanline, page->stride);
    if (min_is_black)
        for (uint32_t i = 0; i < page->stride; i++)
            out[i] = (unsigned char)~out[i];
    if (page->width % 8)
        out[page->stride - 1] &= (unsigned char)(0xFF00u >> (page->width % 8));
}

/* Reads the current directory, page `number`, into `page`. Returns 0, or -1 with
 * *problem set (in `detail` when it needs words of its own). `errors_before` is the
 * error count when this page's directory began to be read. */
static int read_page(TIFF *tif, const tiff_messages *messages, size_t number,
                     unsigned long errors_before, fax_tiff_page_check check, void *context,
                     fax_page *page, const char **problem, char *detail, size_t detail_size)
{
    uint32_t width = 0, height = 0;
    uint16_t bits_per_sample = 1, samples_per_pixel = 1;
    uint16_t photometric = PHOTOMETRIC_MINISWHITE;
    uint16_t compression = COMPRESSION_NONE;
    if (messages->errors != errors_before) {
        /* The directory was read, but not without complaint: its tags cannot be trusted. */
        *problem = messages->error;
        return -1;
    }
    if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width) ||
        !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height)) {
        *problem = reason(messages, "no ImageWidth or ImageLength");
        return -1;
    }
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits_per_sample);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &samples_per_pixel);
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
    TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);   /* fax files may omit it */
    if (bits_per_sample != 1 || samples_per_pixel != 1) {
        snprintf(detail, detail_size, "not bilevel (%u bits x %u samples per pixel)",
                 (unsigned)bits_per_sample, (unsigned)samples_per_pixel);
        *problem = detail;
        return -1;
    }
    if (photometric != PHOTOMETRIC_MINISWHITE && photometric != PHOTOMETRIC_MINISBLACK) {
        snprintf(detail, detail_size, "Photometric %u is not min-is-white or min-is-black",
                 (unsigned)photometric);
        *problem = detail;
        return -1;
    }
    if (width == 0 || width > MAX_PAGE_WIDTH || height == 0 || height > MAX_PAGE_HEIGHT) {
        snprintf(detail, detail_size, "size %ux%u is not a fax page", (unsigned)width,
                 (unsigned)height);
        *problem = detail;
        return -1;
    }
    uint16_t yres;
    if (read_yres(tif, &yres) != 0) {
        *problem = "YResolution out of range";
        return -1;
    }
    if (check) {
        /* Before anything is allocated or decoded: a caller that wants only A4 pages
         * need not pay for decoding a poster. */
        const fax_tiff_page_info info = {number, width, height, yres, compression};
        if (check(&info, context, detail, detail_size) != 0) {
            *problem = detail;
            return -1;
        }
    }
    /* A file without YResolution is not Class F, but its pixels are still worth
     * comparing: it is given T.4's standard resolution. */
    if (yres == 0)
        yres = FAX_YRES_NORMAL;
    tmsize_t scanline_size = TIFFScanlineSize(tif);
    if (scanline_size < (tmsize_t)((width + 7) / 8)) {
        *problem = reason(messages, "scanline size does not match the width");
        return -1;
    }
    unsigned char *scanline = malloc((size_t)scanline_size);
    if (!scanline || fax_page_init(page, width, height, yres) != 0) {
        free(scanline);
        *problem = "out of memory";
        return -1;
    }
    const unsigned long errors = messages->errors, warnings = messages->warnings;
    for (uint32_t row = 0; row < height; row++) {
        int failed = TIFFReadScanline(tif, scanline, row, 0) < 0;
        if (failed || messages->errors != errors || messages->warnings != warnings) {
            /* A row that came back with an error or a warning was padded or patched by
             * libtiff: the page is damaged, whatever the return value said. */
            snprintf(detail, detail_size, "row %u: %s", (unsigned)row,
                     reason(messages, "cannot be read"));
            *problem = detail;
            free(scanline);
            fax_page_free(page);
            return -1;
        }
        store_scanline(page, row, scanline, photometric == PHOTOMETRIC_MINISBLACK);
    }
    free(scanline);
    return 0;
}

/* Reads every page of an open handle into `doc` (replaced only on success). The caller
 * closes the handle. */
static int read_doc(TIFF *tif, tiff_messages *messages, const char *name,
                    fax_tiff_page_check check, void *context, fax_doc *doc, char *why,
                    size_t why_size)
{
    fax_doc pages = {0};
    const char *problem = NULL;
    char detail[320];
    unsigned long errors_before = 0;    /* the first directory was read by the open */
    for (;;) {
        fax_page page;
        if (read_page(tif, messages, pages.count + 1, errors_before, check, context, &page,
                      &problem, detail, sizeof(detail)) != 0)
            break;
        if (fax_doc_append(&pages, &page) != 0) {
            fax_page_free(&page);
            problem = "out of memory";
            break;
        }
        messages->error[0] = messages->warning[0] = '\0';  /* words about the next page only */
        errors_before = messages->errors;
        if (!TIFFReadDirectory(tif)) {
            /* 0 means either "no more pages" or a broken next directory: only an error
             * message tells them apart. */
            if (messages->errors != errors_before)
                problem = messages->error;
            break;
        }
    }
    if (problem) {
        snprintf(why, why_size, "%s: page %zu: %s", name, pages.count + 1, problem);
        fax_doc_free(&pages);
        return -1;
    }
    /* The caller's document is replaced only now, so a failure leaves it as it was. */
    fax_doc_free(doc);
    *doc = pages;
    if (why_size > 0)
        why[0] = '\0';
    return 0;
}

int fax_doc_read_tiff(const char *path, fax_doc *doc, char *why, size_t why_size)
{
    tiff_messages messages = {.path = path};
    TIFF *tif = open_quietly(path, -1, path, "rm", &messages);
    if (!tif) {
        snprintf(why, why_size, "%s: %s", path, reason(&messages, "cannot open"));
        return -1;
    }
    int rc = read_doc(tif, &messages, path, NULL, NULL, doc, why, why_size);
    TIFFClose(tif);
    return rc;
}

int fax_doc_read_tiff_fd(int fd, const char *name, fax_tiff_page_check check,
                         void *context, fax_doc *doc, char *why, size_t why_size)
{
    tiff_messages messages = {.path = name};
    TIFF *tif = open_quietly(NULL, fd, name, "rm", &messages);
    if (!tif) {
        snprintf(why, why_size, "%s: %s", name, reason(&messages, "cannot open"));
        return -1;
    }
    int rc = read_doc(tif, &messages, name, check, context, doc, why, why_size);
    TIFFCleanup(tif);   /* frees the handle; the file is the caller's to close */
    return rc;
}

/* --- Writing ----------------------------------------------------------------------- */

static int page_is_valid(const fax_page *page)
{
    return page->bits && page->width > 0 && page->height > 0 && page->yres > 0 &&
           page->stride == (page->width + 7) / 8;
}

/* Sets the tags of one Class F page. Compression comes first: libtiff only knows the
 * codec's own tags (Group3Options, the FaxMode pseudo-tag) once the codec is chosen. */
static int set_page_tags(TIFF *tif, const fax_page *page, size_t number, size_t count,
                         fax_coding coding, fax_bit_order fill_order, int rows_per_strip_1)
{
    int ok = TIFFSetField(tif, TIFFTAG_COMPRESSION, coding == FAX_CODING_MMR
                                                        ? COMPRESSION_CCITTFAX4
                                                        : COMPRESSION_CCITTFAX3);
    if (coding != FAX_CODING_MMR) {
        uint32_t options = GROUP3OPT_FILLBITS;
        if (coding == FAX_CODING_MR)
            options |= GROUP3OPT_2DENCODING;
        ok = ok && TIFFSetField(tif, TIFFTAG_GROUP3OPTIONS, options);
        /* Class F: no RTC at the end of the strip (a modem adds its own). */
        ok = ok && TIFFSetField(tif, TIFFTAG_FAXMODE, FAXMODE_CLASSF);
    }
    ok = ok && TIFFSetField(tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
    ok = ok && TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, page->width);
    ok = ok && TIFFSetField(tif, TIFFTAG_IMAGELENGTH, page->height);
    ok = ok && TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 1);
    ok = ok && TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
    ok = ok && TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
    ok = ok && TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    ok = ok && TIFFSetField(tif, TIFFTAG_FILLORDER, fill_order == FAX_LSB_FIRST
                                                        ? FILLORDER_LSB2MSB
                                                        : FILLORDER_MSB2LSB);
    ok = ok && TIFFSetField(tif, TIFFTAG_XRESOLUTION, (double)FAX_XRES_DPI);
    ok = ok && TIFFSetField(tif, TIFFTAG_YRESOLUTION, (double)page->yres);
    ok = ok && TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH);
    ok = ok && TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, rows_per_strip_1 ? 1 : page->height);
    ok = ok && TIFFSetField(tif, TIFFTAG_PAGENUMBER, (uint16_t)(number - 1), (uint16_t)count);
    return ok;
}

/* Writes one page as the current directory. NULL, or what went wrong. */
static const char *write_page(TIFF *tif, const tiff_messages *messages,
                              const fax_page *page, size_t number, size_t count,
                              fax_coding coding, fax_bit_order fill_order,
                              int rows_per_strip_1)
{
    if (!set_page_tags(tif, page, number, count, coding, fill_order, rows_per_strip_1))
        return reason(messages, "cannot set the TIFF tags");
    /* TIFFWriteScanline takes a writable buffer; the page is the caller's and const. */
    unsigned char *row = malloc(page->stride);
    if (!row)
        return "out of memory";
    for (uint32_t y = 0; y < page->height; y++) {
        memcpy(row, page->bits + (size_t)y * page->stride, page->stride);
        if (TIFFWriteScanline(tif, row, y, 0) < 0) {
            free(row);
            return reason(messages, "cannot write a row");
        }
    }
    free(row);
    if (!TIFFWriteDirectory(tif))
        return reason(messages, "cannot write the directory");
    return NULL;
}

/* 0 when `doc` can be written this way, else -1 with the reason: checked before a file
 * is touched. */
static int refuse_to_write(const char *name, const fax_doc *doc, fax_coding coding,
                           fax_bit_order fill_order, char *why, size_t why_size)
{
    if (coding != FAX_CODING_MH && coding != FAX_CODING_MR && coding != FAX_CODING_MMR) {
        snprintf(why, why_size, "%s: unknown coding %d", name, (int)coding);
        return -1;
    }
    if (fill_order != FAX_LSB_FIRST && fill_order != FAX_MSB_FIRST) {
        snprintf(why, why_size, "%s: unknown fill order %d", name, (int)fill_order);
        return -1;
    }
    if (doc->count == 0 || doc->count > UINT16_MAX) {
        snprintf(why, why_size, "%s: %zu pages (a TIFF-F file holds 1 to 65535)", name,
                 doc->count);
        return -1;
    }
    for (size_t i = 0; i < doc->count; i++)
        if (!page_is_valid(&doc->pages[i])) {
            snprintf(why, why_size, "%s: page %zu: not a valid page bitmap", name, i + 1);
            return -1;
        }
    return 0;
}

/* Writes every page into an open handle. 0, or -1 with the reason. The caller closes
 * the handle, and must then still look at messages->errors: closing flushes. */
static int write_doc(TIFF *tif, const tiff_messages *messages, const char *name,
                     const fax_doc *doc, fax_coding coding, fax_bit_order fill_order,
                     int rows_per_strip_1, char *why, size_t why_size)
{
    for (size_t i = 0; i < doc->count; i++) {
        const char *problem = write_page(tif, messages, &doc->pages[i], i + 1, doc->count,
                                         coding, fill_order, rows_per_strip_1);
        if (problem) {
            snprintf(why, why_size, "%s: page %zu: %s", name, i + 1, problem);
            return -1;
        }
    }
    return 0;
}

int fax_doc_write_tiff(const char *path, const fax_doc *doc, fax_coding coding,
                       fax_bit_order fill_order, int rows_per_strip_1,
                       char *why, size_t why_size)
{
    if (refuse_to_write(path, doc, coding, fill_order, why, why_size) != 0)
        return -1;
    tiff_messages messages = {.path = path};
    TIFF *tif = open_quietly(path, -1, path, "wl", &messages);
    if (!tif) {
        snprintf(why, why_size, "%s: %s", path, reason(&messages, "cannot create"));
        return -1;
    }
    int rc = write_doc(tif, &messages, path, doc, coding, fill_order, rows_per_strip_1, why,
                       why_size);
    TIFFClose(tif);
    if (rc == 0 && messages.error[0]) {    /* closing flushes: a full disk shows up only here */
        snprintf(why, why_size, "%s: %s", path, messages.error);
        rc = -1;
    }
    if (rc != 0) {
        remove(path);   /* a half-written file would pass for a short document */
        return -1;
    }
    if (why_size > 0)
        why[0] = '\0';
    return 0;
}

int fax_doc_write_tiff_fd(int fd, const char *name, const fax_doc *doc, fax_coding coding,
                          fax_bit_order fill_order, int rows_per_strip_1,
                          char *why, size_t why_size)
{
    if (refuse_to_write(name, doc, coding, fill_order, why, why_size) != 0)
        return -1;
    tiff_messages messages = {.path = name};
    TIFF *tif = open_quietly(NULL, fd, name, "wl", &messages);
    if (!tif) {
        snprintf(why, why_size, "%s: %s", name, reason(&messages, "cannot write"));
        return -1;
    }
    int rc = write_doc(tif, &messages, name, doc, coding, fill_order, rows_per_strip_1, why,
                       why_size);
    TIFFCleanup(tif);   /* flushes and frees the handle; the file is the caller's to close */
    if (rc == 0 && messages.error[0]) {
        snprintf(why, why_size, "%s: %s", name, messages.error);
        rc = -1;
    }
    if (rc == 0 && why_size > 0)
        why[0] = '\0';
    return rc;
}
