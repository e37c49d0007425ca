/*
 * tiff_layout.h - just enough of TIFF 6.0 to say how a received fax file is laid out:
 * byte order and, page by page, compression, RowsPerStrip, size and resolution. The
 * host judges IMG-2..5 from it without libtiff (fake-faxsvc.exe links no image library).
 *
 * The parser works on a byte buffer and trusts nothing in it: every offset is bounds-
 * checked, IFD chains are cut at TIFF_LAYOUT_MAX_PAGES and at a loop. Portable C11.
 */
#ifndef FSPKIT_TIFF_LAYOUT_H
#define FSPKIT_TIFF_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#define TIFF_LAYOUT_MAX_PAGES 1000

typedef struct tiff_page_layout {
    uint32_t width, height;
    uint16_t compression;       /* 1 none, 2 CCITT RLE, 3 T.4 (MH/MR), 4 T.6 (MMR), ... */
    uint32_t rows_per_strip;    /* 0xffffffff when absent (TIFF: one strip) */
    double xres, yres;          /* in ResolutionUnit's unit; 0 when absent */
    uint16_t resolution_unit;   /* 2 inch (the default), 3 centimetre */
} tiff_page_layout;

typedef struct tiff_layout {
    int little_endian;          /* "II" */
    size_t page_count;
    tiff_page_layout pages[TIFF_LAYOUT_MAX_PAGES];
    const char *problem;        /* when tiff_layout_read fails: what was wrong */
} tiff_layout;

/* Reads the header and every IFD of `size` bytes. Returns 0, or -1 with
 * layout->problem set (not a TIFF, truncated, a loop). Never reads outside the buffer. */
int tiff_layout_read(const unsigned char *data, size_t size, tiff_layout *layout);

#endif /* FSPKIT_TIFF_LAYOUT_H */
