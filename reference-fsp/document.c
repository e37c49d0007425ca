/*
 * document.c - the reference FSP's pages (see document.h).
 *
 * Reads top to bottom: the file layer (the only code that differs between Windows and
 * elsewhere: open an existing file, look at its first bytes, truncate, close), the rules
 * a page of the service's document must meet, then the four operations in the order a
 * send and a receive use them. The TIFF and T.4 work is faxpage's; this file decides
 * which files and pages the FSP takes, and in what form it hands them on.
 */
#ifdef _WIN32
#include <windows.h>
#else
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#endif

#include "document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <tiffio.h> /* the page-by-page reader below reads the TIFF itself */

/* --- The file layer ------------------------------------------------------------------ */

/* An open file of the service's, and its name as messages show it (UTF-8). */
typedef struct document_file {
#ifdef _WIN32
    HANDLE handle;
#else
    int fd;
#endif
    char *name;     /* malloc'd */
} document_file;

static void say(char *why, size_t why_size, const char *text)
{
    snprintf(why, why_size, "%s", text);
}

/* The path as messages show it: a malloc'd UTF-8 copy, or NULL when out of memory. */
static char *name_for_messages(const document_char *path)
{
#ifdef _WIN32
    int size = WideCharToMultiByte(CP_UTF8, 0, path, -1, NULL, 0, NULL, NULL);
    char *name = size > 0 ? malloc((size_t)size) : NULL;
    if (name && WideCharToMultiByte(CP_UTF8, 0, path, -1, name, size, NULL, NULL) != size) {
        free(name);
        name = NULL;
    }
    return name;
#else
    size_t size = strlen(path) + 1;
    char *name = malloc(size);
    if (name)
        memcpy(name, path, size);
    return name;
#endif
}

static void release_name(document_file *file)
{
    free(file->name);
    file->name = NULL;
}

#ifdef _WIN32
/* A Windows error code in words, for "NAME: words". */
static void describe_windows_error(DWORD code, char *text, size_t text_size)
{
    switch (code) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
        say(text, text_size, "does not exist");
        break;
    case ERROR_ACCESS_DENIED:
        say(text, text_size, "access denied");
        break;
    case ERROR_SHARING_VIOLATION:
        say(text, text_size, "in use by another process (sharing violation)");
        break;
    default:
        snprintf(text, text_size, "cannot open (Windows error %lu)", (unsigned long)code);
        break;
    }
}
#endif

/* Opens a file that must already exist (RECV-3, SEND-4): for reading, or for reading and
 * writing. Never creates one. 0, or -1 with "NAME: does not exist" and the like (with
 * `missing` added to that: what a missing file means to the caller). */
static int open_existing(const document_char *path, int for_writing, const char *missing,
                         document_file *file, char *why, size_t why_size)
{
    file->name = name_for_messages(path);
    if (!file->name) {
        say(why, why_size, "out of memory");
        return -1;
    }
    char problem[96];
    int does_not_exist;
#ifdef _WIN32
    /* Sharing as libtiff's own TIFFOpenW does. */
    file->handle = CreateFileW(path, for_writing ? GENERIC_READ | GENERIC_WRITE : GENERIC_READ,
                               FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                               FILE_ATTRIBUTE_NORMAL, NULL);
    if (file->handle != INVALID_HANDLE_VALUE)
        return 0;
    DWORD code = GetLastError();
    does_not_exist = code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND;
    describe_windows_error(code, problem, sizeof(problem));
#else
    file->fd = open(path, (for_writing ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if (file->fd >= 0)
        return 0;
    does_not_exist = errno == ENOENT;
    say(problem, sizeof(problem), does_not_exist ? "does not exist" : strerror(errno));
#endif
    if (does_not_exist && missing)
        snprintf(why, why_size, "%s: %s: %s", file->name, problem, missing);
    else
        snprintf(why, why_size, "%s: %s", file->name, problem);
    release_name(file);
    return -1;
}

/* What libtiff's TIFFFdOpen takes: the descriptor, or on Windows the HANDLE as int
 * (tif_win32.c casts it back through intptr_t). */
static int libtiff_fd(const document_file *file)
{
#ifdef _WIN32
    return (int)(intptr_t)file->handle;
#else
    return file->fd;
#endif
}

/* Reads up to `size` bytes from the start of the file and leaves the file offset at 0,
 * where libtiff will start reading. The count read, or -1. */
static long read_head(const document_file *file, unsigned char *head, size_t size)
{
#ifdef _WIN32
    DWORD got = 0;
    LARGE_INTEGER zero = {0};
    if (!ReadFile(file->handle, head, (DWORD)size, &got, NULL) ||
        !SetFilePointerEx(file->handle, zero, NULL, FILE_BEGIN))
        return -1;
    return (long)got;
#else
    ssize_t got = pread(file->fd, head, size, 0);   /* pread leaves the offset alone */
    return (long)got;
#endif
}

/* Empties the file. 0 or -1. */
static int truncate_file(const document_file *file)
{
#ifdef _WIN32
    LARGE_INTEGER zero = {0};
    return SetFilePointerEx(file->handle, zero, NULL, FILE_BEGIN) &&
                   SetEndOfFile(file->handle)
               ? 0
               : -1;
#else
    return ftruncate(file->fd, 0) == 0 && lseek(file->fd, 0, SEEK_SET) == 0 ? 0 : -1;
#endif
}

/* Closes the file; its name stays for messages until release_name. 0, or -1 when
 * closing failed (which, after a write, can mean the data never reached the disk). */
static int close_file(document_file *file)
{
#ifdef _WIN32
    return CloseHandle(file->handle) ? 0 : -1;
#else
    return close(file->fd);
#endif
}


/* --- What the FSP takes as a page (IMG-5) ------------------------------------------- */

/* 98 or 196 for a YResolution that is T.4 normal or fine however the writer rounded it
 * (document.h gives the ranges), else 0. */
static uint16_t t4_resolution(uint16_t lpi)
{
    if (lpi >= 90 && lpi <= 105)
        return FAX_YRES_NORMAL;
    if (lpi >= 180 && lpi <= 210)
        return FAX_YRES_FINE;
    return 0;
}

static uint32_t max_rows(uint16_t yres)
{
    return yres == FAX_YRES_FINE ? DOCUMENT_MAX_ROWS_FINE : DOCUMENT_MAX_ROWS_NORMAL;
}

static const char *compression_name(uint16_t compression)
{
    switch (compression) {
    case COMPRESSION_NONE:
        return "none";
    case COMPRESSION_CCITTRLE:
        return "CCITT RLE, T.4 codes without EOLs";
    case COMPRESSION_LZW:
        return "LZW";
    case COMPRESSION_OJPEG:
    case COMPRESSION_JPEG:
        return "JPEG";
    case COMPRESSION_ADOBE_DEFLATE:
    case COMPRESSION_DEFLATE:
        return "Deflate";
    case COMPRESSION_PACKBITS:
        return "PackBits";
    default:
        return "not a fax coding libtiff knows by number";
    }
}

/* faxpage's page check for a document to send: runs before a page is decoded. */
static int check_page_to_send(const fax_tiff_page_info *info, void *context, char *why,
                              size_t why_size)
{
    (void)context;
    if (info->compression != COMPRESSION_CCITTFAX3 &&
        info->compression != COMPRESSION_CCITTFAX4) {
        snprintf(why, why_size, "compression %u (%s) is not a fax coding (TIFF-F pages are "
                 "3, T.4 MH/MR, or 4, T.6 MMR)", (unsigned)info->compression,
                 compression_name(info->compression));
        return -1;
    }
    if (info->width != FAX_A4_WIDTH) {
        snprintf(why, why_size, "%u pels wide; a fax page is %u (A4 at 8 pels/mm)",
                 (unsigned)info->width, (unsigned)FAX_A4_WIDTH);
        return -1;
    }
    if (info->yres == 0) {
        /* Normal or fine cannot be guessed: the page would print at half or twice its
         * length. A truncated file whose YResolution value is cut off looks the same. */
        say(why, why_size, "no YResolution: normal or fine cannot be told");
        return -1;
    }
    uint16_t yres = t4_resolution(info->yres);
    if (yres == 0) {
        snprintf(why, why_size, "YResolution %u lpi is neither normal (about 98) nor fine "
                 "(about 196)", (unsigned)info->yres);
        return -1;
    }
    if (info->height > max_rows(yres)) {
        snprintf(why, why_size, "%u rows at %u lpi is longer than 2 m of paper (%u rows)",
                 (unsigned)info->height, (unsigned)yres, (unsigned)max_rows(yres));
        return -1;
    }
    return 0;
}

/* The form document_encode_page and document_save_received take: what document_load
 * gives. 0, or -1 with the reason. */
static int check_page(const fax_page *page, char *why, size_t why_size)
{
    if (!page->bits || page->height == 0 || page->stride != (page->width + 7) / 8) {
        say(why, why_size, "not a valid page bitmap");
        return -1;
    }
    if (page->width != FAX_A4_WIDTH) {
        snprintf(why, why_size, "%u pels wide; a fax page is %u", (unsigned)page->width,
                 (unsigned)FAX_A4_WIDTH);
        return -1;
    }
    if (page->yres != FAX_YRES_NORMAL && page->yres != FAX_YRES_FINE) {
        snprintf(why, why_size, "%u lpi; a fax page is %u or %u", (unsigned)page->yres,
                 (unsigned)FAX_YRES_NORMAL, (unsigned)FAX_YRES_FINE);
        return -1;
    }
    if (page->height > max_rows(page->yres)) {
        snprintf(why, why_size, "%u rows at %u lpi is longer than 2 m of paper",
                 (unsigned)page->height, (unsigned)page->yres);
        return -1;
    }
    return 0;
}

/* --- Send: the service's document, page by page as T.4 ------------------------------ */

/* 0 when the file starts like a TIFF (II or MM, then 42, or 43 for BigTIFF), else -1
 * with what it starts with. libtiff would say so too, but in words ("Cannot read TIFF
 * header") that do not tell an empty file from a text file. */
static int check_tiff_header(const document_file *file, char *why, size_t why_size)
{
    unsigned char head[4] = {0};
    long got = read_head(file, head, sizeof(head));
    if (got < 0) {
        snprintf(why, why_size, "%s: cannot be read", file->name);
        return -1;
    }
    if (got == 0) {
        snprintf(why, why_size, "%s: empty file (0 bytes), not a TIFF", file->name);
        return -1;
    }
    int little = head[0] == 'I' && head[1] == 'I' && head[3] == 0 &&
                 (head[2] == 42 || head[2] == 43);
    int big = head[0] == 'M' && head[1] == 'M' && head[2] == 0 &&
              (head[3] == 42 || head[3] == 43);
    if (got < (long)sizeof(head) || !(little || big)) {
        char shown[3 * sizeof(head) + 1] = "";
        size_t used = 0;
        for (long i = 0; i < got; i++)
            used += (size_t)snprintf(shown + used, sizeof(shown) - used, "%s%02X",
                                     i ? " " : "", (unsigned)head[i]);
        snprintf(why, why_size, "%s: not a TIFF (it starts with %s)", file->name, shown);
        return -1;
    }
    return 0;
}

int document_load(const document_char *path, fax_doc *doc, char *why, size_t why_size)
{
    document_file file;
    if (open_existing(path, 0, NULL, &file, why, why_size) != 0)
        return -1;
    fax_doc pages = {0};
    int rc = check_tiff_header(&file, why, why_size);
    if (rc == 0)
        rc = fax_doc_read_tiff_fd(libtiff_fd(&file), file.name, check_page_to_send, NULL,
                                  &pages, why, why_size);
    close_file(&file);  /* a read-only file: nothing to lose if closing fails */
    release_name(&file);
    if (rc != 0)
        return -1;
    /* check_page_to_send let in only normal and fine resolutions: name them exactly. */
    for (size_t i = 0; i < pages.count; i++)
        pages.pages[i].yres = t4_resolution(pages.pages[i].yres);
    fax_doc_free(doc);
    *doc = pages;
    return 0;
}

/* --- Send, page by page: one page in memory, whatever the document's length ---------- */

/* libtiff's words for one open document: its first error and last warning, and how
 * many of each it gave (a page is damaged when decoding it drew any: libtiff returns
 * padded rows for a bad code word, see faxpage/tiff_pages.c). */
typedef struct reader_messages {
    char error[200];
    char warning[200];
    unsigned long errors, warnings;
} reader_messages;

struct document_reader {
    size_t count;               /* pages */
    document_file file;
    TIFF *tif;
    reader_messages messages;
};

static int reader_error(TIFF *tif, void *user_data, const char *module, const char *fmt,
                        va_list ap)
{
    (void)tif;
    (void)module;
    reader_messages *m = user_data;
    if (m->errors++ == 0)
        vsnprintf(m->error, sizeof(m->error), fmt, ap);
    return 1;   /* handled: libtiff's global handler, which prints, must not run */
}

static int reader_warning(TIFF *tif, void *user_data, const char *module, const char *fmt,
                          va_list ap)
{
    (void)tif;
    (void)module;
    reader_messages *m = user_data;
    m->warnings++;
    vsnprintf(m->warning, sizeof(m->warning), fmt, ap);
    return 1;
}

static const char *reader_reason(const reader_messages *m, const char *fallback)
{
    return m->error[0] ? m->error : m->warning[0] ? m->warning : fallback;
}

void document_close(document_reader *reader)
{
    if (!reader)
        return;
    if (reader->tif)
        TIFFCleanup(reader->tif);   /* frees the handle; the file is ours to close */
    close_file(&reader->file);      /* read-only: nothing to lose if closing fails */
    release_name(&reader->file);
    free(reader);
}

/* Page `index` (from 0) into `page` (1728 wide, exactly 98 or 196 lpi). 0, or -1 with
 * "NAME: page N: what". */
int document_read_page(document_reader *reader, size_t index, fax_page *page, char *why,
                       size_t why_size)
{
    TIFF *tif = reader->tif;
    reader_messages *m = &reader->messages;
    char problem[256];
    memset(page, 0, sizeof(*page));
    m->error[0] = m->warning[0] = '\0';
    unsigned long errors = m->errors;
    uint32_t width = 0, height = 0;
    uint16_t bits = 1, samples = 1, compression = COMPRESSION_NONE;
    uint16_t photometric = PHOTOMETRIC_MINISWHITE, unit = RESUNIT_INCH;
    float resolution = 0;
    int ok = index < reader->count && TIFFSetDirectory(tif, (tdir_t)index) && m->errors == errors &&
             TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width) &&
             TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height);
    if (!ok) {
        snprintf(why, why_size, "%s: page %zu: %s", reader->file.name, index + 1,
                 reader_reason(m, "no such page, or no ImageWidth or ImageLength"));
        return -1;
    }
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &samples);
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
    TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);   /* fax files may omit it */
    double lpi = 0;
    if (TIFFGetField(tif, TIFFTAG_YRESOLUTION, &resolution)) {
        TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
        lpi = unit == RESUNIT_CENTIMETER ? resolution * 2.54 : resolution;
    }
    const fax_tiff_page_info info = {index + 1, width, height,
                                     lpi >= 1.0 && lpi < 65535.0 ? (uint16_t)(lpi + 0.5) : 0,
                                     compression};
    if (bits != 1 || samples != 1 ||
        (photometric != PHOTOMETRIC_MINISWHITE && photometric != PHOTOMETRIC_MINISBLACK)) {
        snprintf(why, why_size, "%s: page %zu: not a bilevel fax page", reader->file.name,
                 index + 1);
        return -1;
    }
    if (check_page_to_send(&info, NULL, problem, sizeof(problem)) != 0) {
        snprintf(why, why_size, "%s: page %zu: %s", reader->file.name, index + 1, problem);
        return -1;
    }
    tmsize_t scanline_size = TIFFScanlineSize(tif);
    unsigned char *scanline = scanline_size >= (tmsize_t)(width + 7) / 8
                                  ? malloc((size_t)scanline_size) : NULL;
    if (!scanline || fax_page_init(page, width, height, t4_resolution(info.yres)) != 0) {
        free(scanline);
        snprintf(why, why_size, "%s: page %zu: out of memory", reader->file.name, index + 1);
        return -1;
    }
    unsigned long warnings = m->warnings;
    for (uint32_t row = 0; row < height; row++) {
        if (TIFFReadScanline(tif, scanline, row, 0) < 0 || m->errors != errors ||
            m->warnings != warnings) {
            /* padded or patched by libtiff: the page is damaged, never sent so */
            snprintf(why, why_size, "%s: page %zu: row %u: %s", reader->file.name, index + 1,
                     (unsigned)row, reader_reason(m, "cannot be read"));
            free(scanline);
            fax_page_free(page);
            return -1;
        }
        unsigned char *out = page->bits + (size_t)row * page->stride;
        memcpy(out, scanline, page->stride);
        if (photometric == PHOTOMETRIC_MINISBLACK)
            for (uint32_t i = 0; i < page->stride; i++)
                out[i] = (unsigned char)~out[i];
        if (width % 8)
            out[page->stride - 1] &= (unsigned char)(0xFF00u >> (width % 8));
    }
    free(scanline);
    return 0;
}

size_t document_page_count(const document_reader *reader)
{
    return reader->count;
}

int document_open(const document_char *path, document_reader **opened, char *why,
                  size_t why_size)
{
    *opened = NULL;
    document_reader *reader = calloc(1, sizeof(*reader));
    if (!reader) {
        say(why, why_size, "out of memory");
        return -1;
    }
    if (open_existing(path, 0, NULL, &reader->file, why, why_size) != 0) {
        free(reader);
        return -1;
    }
    if (check_tiff_header(&reader->file, why, why_size) != 0) {
        close_file(&reader->file);
        release_name(&reader->file);
        free(reader);
        return -1;
    }
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (options) {
        TIFFOpenOptionsSetErrorHandlerExtR(options, reader_error, &reader->messages);
        TIFFOpenOptionsSetWarningHandlerExtR(options, reader_warning, &reader->messages);
        reader->tif = TIFFFdOpenExt(libtiff_fd(&reader->file), reader->file.name, "rm", options);
        TIFFOpenOptionsFree(options);
    }
    if (!reader->tif) {
        snprintf(why, why_size, "%s: %s", reader->file.name,
                 reader_reason(&reader->messages, "cannot open"));
        document_close(reader);
        return -1;
    }
    unsigned long errors = reader->messages.errors;
    reader->count = TIFFNumberOfDirectories(reader->tif);
    if (reader->count == 0 || reader->messages.errors != errors) {
        snprintf(why, why_size, "%s: %s", reader->file.name,
                 reader_reason(&reader->messages, "no pages"));
        document_close(reader);
        return -1;
    }
    *opened = reader;
    if (why_size > 0)
        why[0] = '\0';
    return 0;
}

/* The page at the session's vertical resolution, into `out` (a new bitmap).
 *
 * A fine page on a normal session keeps rows 0, 2, 4 ...: the receiver accepted only
 * normal resolution for this call (DCS), so the page must travel at 98 lpi. Keeping
 * every other row keeps the page's length on paper and gives what a normal-resolution
 * scan of the same paper would have sampled; merging row pairs instead (OR) would keep
 * one-row hairlines but thicken all text, and dropping is exact to check.
 *
 * A normal page on a fine session sends each row twice: the session runs fine because
 * of other pages of the document, and doubling is lossless (the receiver prints the
 * same paper) where the alternative, renegotiating for this one page (EOM, AT+FIS,
 * a new phase B), costs a round of T.30 and a chance for the call to fail. */
static int convert_rows(const fax_page *page, uint16_t session_yres, fax_page *out)
{
    int halve = session_yres == FAX_YRES_NORMAL;
    uint32_t height = halve ? (page->height + 1) / 2 : page->height * 2;
    if (fax_page_init(out, page->width, height, session_yres) != 0)
        return -1;
    for (uint32_t y = 0; y < height; y++) {
        uint32_t source = halve ? y * 2 : y / 2;
        memcpy(out->bits + (size_t)y * out->stride, page->bits + (size_t)source * page->stride,
               page->stride);
    }
    return 0;
}

int document_encode_page(const fax_page *page, fax_coding coding, uint16_t session_yres,
                         fax_bit_order order, unsigned char **data, size_t *size,
                         char *why, size_t why_size)
{
    *data = NULL;
    *size = 0;
    if (coding != FAX_CODING_MH && coding != FAX_CODING_MR) {
        /* MMR travels only with ECM, which this FSP does not offer. */
        say(why, why_size, "a Class 2.0 page without ECM is MH or MR");
        return -1;
    }
    if (session_yres != FAX_YRES_NORMAL && session_yres != FAX_YRES_FINE) {
        snprintf(why, why_size, "session resolution %u lpi is neither %u nor %u",
                 (unsigned)session_yres, (unsigned)FAX_YRES_NORMAL, (unsigned)FAX_YRES_FINE);
        return -1;
    }
    if (check_page(page, why, why_size) != 0)
        return -1;
    fax_page converted = {0};
    const fax_page *sent = page;
    if (page->yres != session_yres) {
        if (convert_rows(page, session_yres, &converted) != 0) {
            say(why, why_size, "out of memory");
            return -1;
        }
        sent = &converted;
    }
    /* No RTC (document.h), and no fill: the DCE pads lines to the scan time itself. */
    size_t length;
    unsigned char *t4 = t4_encode_page(sent, coding, order, 0, 0, &length, why, why_size);
    fax_page_free(&converted);
    if (!t4)
        return -1;
    *data = t4;
    *size = length;
    if (why_size > 0)
        why[0] = '\0';
    return 0;
}

/* --- Receive: T.4 pages from the modem into the service's file ----------------------- */

int document_decode_page(const unsigned char *data, size_t size, fax_coding coding,
                         uint16_t yres, fax_bit_order order, fax_page *page,
                         char *why, size_t why_size)
{
    memset(page, 0, sizeof(*page));
    if (yres != FAX_YRES_NORMAL && yres != FAX_YRES_FINE) {
        snprintf(why, why_size, "resolution %u lpi is neither %u nor %u", (unsigned)yres,
                 (unsigned)FAX_YRES_NORMAL, (unsigned)FAX_YRES_FINE);
        return -1;
    }
    unsigned bad = 0, bad_run = 0;
    char detail[128] = "";
    if (t4_decode_page(data, size, coding, order, FAX_A4_WIDTH, yres, page, &bad, &bad_run,
                       detail, sizeof(detail)) != 0) {
        snprintf(why, why_size, "undecodable page: %s", detail);
        return -1;
    }
    if ((uint64_t)bad * 100 > (uint64_t)page->height * DOCUMENT_BAD_LINE_PERCENT_LIMIT ||
        bad_run > DOCUMENT_BAD_RUN_LIMIT) {
        snprintf(why, why_size, "%u of %u lines bad, %u in a row (first: %s)", bad,
                 (unsigned)page->height, bad_run, detail);
        fax_page_free(page);
        return -1;
    }
    say(why, why_size, detail);     /* empty, the first bad line, or a cut page */
    return 0;
}

int document_save_received(const document_char *path, const fax_doc *doc, char *why,
                           size_t why_size)
{
    document_file file;
    if (open_existing(path, 1, "the service did not create it (RECV-3)", &file, why,
                      why_size) != 0)
        return -1;
    int rc = 0;
    char problem[160];
    if (doc->count == 0) {
        snprintf(why, why_size, "%s: no pages to save", file.name);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < doc->count; i++)
        if (check_page(&doc->pages[i], problem, sizeof(problem)) != 0) {
            snprintf(why, why_size, "%s: page %zu: %s", file.name, i + 1, problem);
            rc = -1;
        }
    /* Only now is the service's file touched. */
    if (rc == 0 && truncate_file(&file) != 0) {
        snprintf(why, why_size, "%s: cannot be emptied for writing", file.name);
        rc = -1;
    }
    if (rc == 0 && fax_doc_write_tiff_fd(libtiff_fd(&file), file.name, doc, FAX_CODING_MMR,
                                         FAX_LSB_FIRST, 1, why, why_size) != 0) {
        truncate_file(&file);   /* no partial TIFF that would pass for a short fax */
        rc = -1;
    }
    if (close_file(&file) != 0 && rc == 0) {
        snprintf(why, why_size, "%s: closing failed: the pages may not be on disk",
                 file.name);
        rc = -1;
    }
    release_name(&file);
    if (rc == 0 && why_size > 0)
        why[0] = '\0';
    return rc;
}

/* --- Receive, page by page: each page written as it arrives ------------------------- */

struct document_writer {
    document_file file;
    TIFF *tif;
    reader_messages messages;
    size_t pages;
    int failed;         /* a page could not be written: the file is emptied at the end */
};

/* The tags of one page of the service's form (IMG-1..4): MMR, RowsPerStrip 1,
 * FillOrder 2, 204 x 98/196 dpi. Compression first: libtiff knows a codec's own tags only
 * once it is chosen. PageNumber's total is 0, "not known": the call is not over. */
static int set_received_page_tags(TIFF *tif, const fax_page *page, size_t number)
{
    return TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4) &&
           TIFFSetField(tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE) &&
           TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, page->width) &&
           TIFFSetField(tif, TIFFTAG_IMAGELENGTH, page->height) &&
           TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 1) &&
           TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1) &&
           TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE) &&
           TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG) &&
           TIFFSetField(tif, TIFFTAG_FILLORDER, FILLORDER_LSB2MSB) &&
           TIFFSetField(tif, TIFFTAG_XRESOLUTION, (double)FAX_XRES_DPI) &&
           TIFFSetField(tif, TIFFTAG_YRESOLUTION, (double)page->yres) &&
           TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_INCH) &&
           TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, 1) &&
           TIFFSetField(tif, TIFFTAG_PAGENUMBER, (uint16_t)(number - 1), (uint16_t)0);
}

int document_create(const document_char *path, document_writer **created, char *why,
                    size_t why_size)
{
    *created = NULL;
    document_writer *writer = calloc(1, sizeof(*writer));
    if (!writer) {
        say(why, why_size, "out of memory");
        return -1;
    }
    if (open_existing(path, 1, "the service did not create it (RECV-3)", &writer->file, why,
                      why_size) != 0) {
        free(writer);
        return -1;
    }
    TIFFOpenOptions *options = NULL;
    int rc = truncate_file(&writer->file);
    if (rc != 0)
        snprintf(why, why_size, "%s: cannot be emptied for writing", writer->file.name);
    if (rc == 0 && (options = TIFFOpenOptionsAlloc()) != NULL) {
        TIFFOpenOptionsSetErrorHandlerExtR(options, reader_error, &writer->messages);
        TIFFOpenOptionsSetWarningHandlerExtR(options, reader_warning, &writer->messages);
        writer->tif = TIFFFdOpenExt(libtiff_fd(&writer->file), writer->file.name, "wl", options);
        TIFFOpenOptionsFree(options);
    }
    if (rc == 0 && !writer->tif) {
        snprintf(why, why_size, "%s: %s", writer->file.name,
                 reader_reason(&writer->messages, "cannot write"));
        rc = -1;
    }
    if (rc != 0) {
        close_file(&writer->file);
        release_name(&writer->file);
        free(writer);
        return -1;
    }
    *created = writer;
    return 0;
}

int document_append_page(document_writer *writer, const fax_page *page, char *why,
                         size_t why_size)
{
    char problem[160];
    if (writer->failed)
        return -1;
    writer->pages++;
    if (check_page(page, problem, sizeof(problem)) != 0) {
        snprintf(why, why_size, "%s: page %zu: %s", writer->file.name, writer->pages, problem);
        writer->failed = 1;
        return -1;
    }
    unsigned char *row = malloc(page->stride);   /* TIFFWriteScanline wants it writable */
    int ok = row && set_received_page_tags(writer->tif, page, writer->pages);
    for (uint32_t y = 0; ok && y < page->height; y++) {
        memcpy(row, page->bits + (size_t)y * page->stride, page->stride);
        ok = TIFFWriteScanline(writer->tif, row, y, 0) >= 0;
    }
    free(row);
    ok = ok && TIFFWriteDirectory(writer->tif);
    if (!ok || writer->messages.errors) {
        snprintf(why, why_size, "%s: page %zu: %s", writer->file.name, writer->pages,
                 reader_reason(&writer->messages, "cannot be written"));
        writer->failed = 1;
        return -1;
    }
    return 0;
}

int document_finish(document_writer *writer, int keep, char *why, size_t why_size)
{
    if (!writer)
        return -1;
    TIFFCleanup(writer->tif);   /* flushes and frees the handle; the file is ours */
    int rc = keep && !writer->failed && writer->pages > 0 && !writer->messages.errors ? 0 : -1;
    if (keep && rc != 0 && writer->pages == 0)
        snprintf(why, why_size, "%s: no pages to save", writer->file.name);
    else if (keep && rc != 0 && writer->messages.errors)
        snprintf(why, why_size, "%s: %s", writer->file.name, writer->messages.error);
    if (rc != 0)
        truncate_file(&writer->file);   /* no partial TIFF that would pass for a short fax */
    if (close_file(&writer->file) != 0 && rc == 0) {
        snprintf(why, why_size, "%s: closing failed: the pages may not be on disk",
                 writer->file.name);
        rc = -1;
    }
    release_name(&writer->file);
    free(writer);
    if (rc == 0 && why_size > 0)
        why[0] = '\0';
    return rc;
}
