/*
 * page_compare.c - pixel-exact comparison of two documents (see fax_page.h).
 *
 * Pages are numbered from 1 in messages, as a reader counts them; rows and x are
 * pixel coordinates from 0, as an image viewer shows them. Only the `width` pixels of
 * a row are compared, never the pad bits of its last byte, so a bitmap filled by some
 * other code with garbage in the pad still compares equal.
 */
#include "fax_page.h"

#include <stdio.h>

uint32_t fax_row_first_difference(const unsigned char *a, const unsigned char *b, uint32_t width)
{
    for (uint32_t byte = 0; byte * 8 < width; byte++) {
        unsigned char diff = a[byte] ^ b[byte];
        for (uint32_t bit = 0; diff && bit < 8; bit++)
            if (byte * 8 + bit < width && (diff & (0x80u >> bit)))
                return byte * 8 + bit;
    }
    return width;
}

/* The first x in `row` where the pages differ, or `width` when the row is equal. */
static uint32_t first_difference_in_row(const fax_page *a, const fax_page *b, uint32_t row)
{
    return fax_row_first_difference(a->bits + (size_t)row * a->stride,
                                    b->bits + (size_t)row * b->stride, a->width);
}

static int compare_pages(const fax_page *a, const fax_page *b, size_t number, char *why,
                         size_t why_size)
{
    if (a->width != b->width || a->height != b->height) {
        snprintf(why, why_size, "page %zu: size %ux%u vs %ux%u", number, (unsigned)a->width,
                 (unsigned)a->height, (unsigned)b->width, (unsigned)b->height);
        return 1;
    }
    if (a->yres != b->yres) {
        snprintf(why, why_size, "page %zu: vertical resolution %u vs %u lpi", number,
                 (unsigned)a->yres, (unsigned)b->yres);
        return 1;
    }
    for (uint32_t row = 0; row < a->height; row++) {
        uint32_t x = first_difference_in_row(a, b, row);
        if (x < a->width) {
            snprintf(why, why_size, "page %zu row %u: first difference at x=%u", number,
                     (unsigned)row, (unsigned)x);
            return 1;
        }
    }
    return 0;
}

int fax_doc_compare(const fax_doc *a, const fax_doc *b, char *why, size_t why_size)
{
    if (a->count != b->count) {
        snprintf(why, why_size, "page count %zu vs %zu", a->count, b->count);
        return 1;
    }
    for (size_t i = 0; i < a->count; i++)
        if (compare_pages(&a->pages[i], &b->pages[i], i + 1, why, why_size) != 0)
            return 1;
    if (why_size > 0)
        why[0] = '\0';
    return 0;
}
