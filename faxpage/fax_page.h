/*
 * fax_page.h - fax pages as bitmaps, and the ways in and out of them: TIFF Class F
 * files (libtiff) and raw T.4 streams as a fax modem carries them.
 *
 * One job per file: fax_page.c (the bitmap), tiff_pages.c (TIFF-F read/write),
 * t4_stream.c (raw T.4 MH/MR encode/decode), page_compare.c (pixel-exact compare).
 * Portable C11 + libtiff: built natively (modem-sim, tests, fax-testpage) and, later,
 * for mingw inside the reference FSP. Nothing here prints: problems come back as text
 * in a caller's buffer ("page 2: line 17: bad code"), never on stderr.
 */
#ifndef FAXPAGE_FAX_PAGE_H
#define FAXPAGE_FAX_PAGE_H

#include <stddef.h>
#include <stdint.h>

#define FAX_A4_WIDTH 1728       /* pels per line at 8 pels/mm (WD 0) */
#define FAX_XRES_DPI 204
#define FAX_YRES_NORMAL 98      /* VR 0: 3.85 lines/mm */
#define FAX_YRES_FINE 196       /* VR 1: 7.7 lines/mm */

/* One bilevel page. Bits are MSB-first within each byte; a 1 bit is black
 * (PHOTOMETRIC_MINISWHITE, as fax data is). Rows are `stride` bytes apart. */
typedef struct fax_page {
    uint32_t width;         /* pels per row */
    uint32_t height;        /* rows */
    uint32_t stride;        /* bytes per row: (width + 7) / 8 */
    uint16_t yres;          /* FAX_YRES_NORMAL or FAX_YRES_FINE (lines per inch) */
    unsigned char *bits;    /* height * stride bytes, malloc'd */
} fax_page;

/* A multi-page document. */
typedef struct fax_doc {
    fax_page *pages;
    size_t count;
} fax_doc;

/* Page coding, as TIFF compression and as the Class 2.0 DF field. */
typedef enum fax_coding {
    FAX_CODING_MH = 0,      /* T.4 one-dimensional; TIFF Compression 3 */
    FAX_CODING_MR = 1,      /* T.4 two-dimensional; TIFF Compression 3 + 2D option */
    FAX_CODING_MMR = 3      /* T.6; TIFF Compression 4 */
} fax_coding;

/* Bit order of bytes on the wire or in a file: the first bit of each byte is its LSB
 * (LSB2MSB, TIFF FillOrder 2, Class 2.0 +FBO=0 "direct") or its MSB (MSB2LSB,
 * FillOrder 1, +FBO=1 "reversed"). */
typedef enum fax_bit_order {
    FAX_LSB_FIRST,
    FAX_MSB_FIRST
} fax_bit_order;

/* --- fax_page.c ----------------------------------------------------------------------- */

/* A white page. Returns 0, or -1 when out of memory. */
int fax_page_init(fax_page *page, uint32_t width, uint32_t height, uint16_t yres);
void fax_page_free(fax_page *page);
int fax_page_get(const fax_page *page, uint32_t x, uint32_t y);          /* 1 = black */
void fax_page_set(fax_page *page, uint32_t x, uint32_t y, int black);
/* Appends a copy-less page (takes ownership of *page). Returns 0 or -1. */
int fax_doc_append(fax_doc *doc, fax_page *page);
void fax_doc_free(fax_doc *doc);

/* --- tiff_pages.c ---------------------------------------------------------------------- */

/* Reads every page of a TIFF file (any bilevel compression libtiff decodes: MH, MR,
 * MMR, none) into bitmaps. Returns 0, or -1 with "FILE: page N: what" in `why`.
 * libtiff's warnings and errors are captured into `why` (TIFFOpenOptions handlers),
 * never printed. A damaged page (libtiff gave an error while reading its directory or
 * decoding it, or a warning while decoding it, such as a G3 line of the wrong length)
 * fails the read with "page N: row R: libtiff's words": libtiff itself returns such
 * rows padded. `doc` is replaced only on success. */
int fax_doc_read_tiff(const char *path, fax_doc *doc, char *why, size_t why_size);

/* What one page's tags say, shown to a caller's check before the page is decoded. */
typedef struct fax_tiff_page_info {
    size_t number;          /* page number, from 1 */
    uint32_t width;         /* pels per row */
    uint32_t height;        /* rows */
    uint16_t yres;          /* lines per inch, rounded (centimetre units converted); 0
                             * when there is no YResolution (the page is then read as
                             * FAX_YRES_NORMAL), which is also what a truncated file whose
                             * YResolution value is missing looks like ("tag ignored") */
    uint16_t compression;   /* the TIFF Compression tag: 3 T.4 (MH/MR), 4 T.6 (MMR) ... */
} fax_tiff_page_info;

/* A caller's rule for the pages it takes: 0 to decode the page, or -1 with the reason
 * in `why` (which then becomes "NAME: page N: reason"). Called after the checks every
 * read makes (bilevel, min-is-white or -black, a sane size and resolution). */
typedef int (*fax_tiff_page_check)(const fax_tiff_page_info *info, void *context,
                                   char *why, size_t why_size);

/* fax_doc_read_tiff for a file the caller opened and will close: `fd` is a POSIX file
 * descriptor, or on Windows a file HANDLE cast to int, which is what libtiff's
 * tif_win32.c TIFFFdOpen takes (it casts back through intptr_t; a kernel handle's
 * significant bits fit in 32 bits, also on Win64). Reading starts at the file's current
 * offset, which must be 0. `name` names the file in messages. `check` may be NULL.
 * The file is never closed here, on success or failure. */
int fax_doc_read_tiff_fd(int fd, const char *name, fax_tiff_page_check check,
                         void *context, fax_doc *doc, char *why, size_t why_size);

/* Writes the pages as TIFF Class F: one IFD per page, 1 bit, min-is-white, width from
 * the page, XResolution 204, YResolution from the page (inches), RowsPerStrip 1 when
 * `rows_per_strip_1` (the Microsoft fax service's rule, IMG-4) else one strip,
 * little-endian, FillOrder as given, compression as given (MR sets
 * GROUP3OPT_2DENCODING; MH/MR set GROUP3OPT_FILLBITS so EOLs are byte-aligned).
 * Returns 0 or -1 with the reason. */
int fax_doc_write_tiff(const char *path, const fax_doc *doc, fax_coding coding,
                       fax_bit_order fill_order, int rows_per_strip_1,
                       char *why, size_t why_size);

/* fax_doc_write_tiff into a file the caller opened (read-write) and will close; `fd` as
 * for fax_doc_read_tiff_fd. The file should be empty: libtiff writes from offset 0 and
 * does not truncate. On failure the file holds a partial TIFF, which the caller must
 * truncate or remove; it is never closed here. */
int fax_doc_write_tiff_fd(int fd, const char *name, const fax_doc *doc, fax_coding coding,
                          fax_bit_order fill_order, int rows_per_strip_1,
                          char *why, size_t why_size);

/* --- t4_stream.c ----------------------------------------------------------------------- */

/* Encodes one page as the raw T.4 stream a Class 2.0 DTE sends after CONNECT:
 * an EOL before every line (MR: EOL + tag bit; a 1-D line at least every K lines,
 * K = 2 at 98 lpi and 4 at 196 lpi), each EOL byte-aligned with zero fill bits, and
 * RTC (6 EOLs; MR: 6 x EOL+1) at the end when `with_rtc`. `min_bytes_per_line` pads
 * every coded line with fill bits before its EOL (the ST scan time; 0 for none).
 * Returns a malloc'd buffer and its length in *len, or NULL with the reason. */
unsigned char *t4_encode_page(const fax_page *page, fax_coding coding, fax_bit_order order,
                              int with_rtc, size_t min_bytes_per_line, size_t *len,
                              char *why, size_t why_size);

/* Decodes one page from a raw T.4 stream as a Class 2.0 DCE receives it: leading fill,
 * fill bits before any EOL, optional RTC, and trailing garbage after RTC all tolerated.
 * A line that fails to decode or has the wrong width counts as bad and is replaced by
 * the previous good line (what a receiving fax machine does); `bad_lines` says how
 * many (and `consecutive_bad` the longest run), so a caller can decide MCF or RTN.
 * `width` is the expected line width (1728 for A4). Returns 0 when at least one line
 * decoded, -1 (with the reason) when nothing usable was found. */
int t4_decode_page(const unsigned char *data, size_t len, fax_coding coding,
                   fax_bit_order order, uint32_t width, uint16_t yres, fax_page *page,
                   unsigned *bad_lines, unsigned *consecutive_bad,
                   char *why, size_t why_size);

/* --- page_compare.c -------------------------------------------------------------------- */

/* 0 when both documents have the same number of pages and every page the same size
 * and the same pixels; otherwise 1 with the first difference described
 * ("page 2 row 37: first difference at x=100"). Resolution differences count. */
int fax_doc_compare(const fax_doc *a, const fax_doc *b, char *why, size_t why_size);
/* The first x where two rows of `width` pels differ (pad bits ignored), or `width`. */
uint32_t fax_row_first_difference(const unsigned char *a, const unsigned char *b, uint32_t width);

#endif /* FAXPAGE_FAX_PAGE_H */
