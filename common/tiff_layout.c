/*
 * tiff_layout.c - TIFF header and IFD walk (see include/tiff_layout.h).
 */
#include "tiff_layout.h"

#include <string.h>

enum {
    TAG_IMAGE_WIDTH = 256, TAG_IMAGE_LENGTH = 257, TAG_COMPRESSION = 259,
    TAG_X_RESOLUTION = 282, TAG_Y_RESOLUTION = 283, TAG_ROWS_PER_STRIP = 278,
    TAG_RESOLUTION_UNIT = 296,
};
enum { TYPE_SHORT = 3, TYPE_LONG = 4, TYPE_RATIONAL = 5 };

typedef struct reader {
    const unsigned char *data;
    size_t size;
    int le;
} reader;

static int u16_at(const reader *r, size_t at, uint16_t *v)
{
    if (at > r->size || r->size - at < 2)
        return -1;
    const unsigned char *p = r->data + at;
    *v = r->le ? (uint16_t)(p[0] | p[1] << 8) : (uint16_t)(p[0] << 8 | p[1]);
    return 0;
}

static int u32_at(const reader *r, size_t at, uint32_t *v)
{
    if (at > r->size || r->size - at < 4)
        return -1;
    const unsigned char *p = r->data + at;
    *v = r->le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                     (uint32_t)p[3] << 24
               : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
                     (uint32_t)p[3];
    return 0;
}

/* A SHORT or LONG entry's first value (inline: both fit in the value field). */
static int integer_value(const reader *r, size_t entry, uint16_t type, uint32_t *v)
{
    if (type == TYPE_SHORT) {
        uint16_t s;
        if (u16_at(r, entry + 8, &s) != 0)
            return -1;
        *v = s;
        return 0;
    }
    return type == TYPE_LONG ? u32_at(r, entry + 8, v) : -1;
}

/* A RATIONAL entry: its 8 bytes are at the offset in the value field. */
static int rational_value(const reader *r, size_t entry, uint16_t type, double *v)
{
    uint32_t at, num, den;
    if (type != TYPE_RATIONAL || u32_at(r, entry + 8, &at) != 0 || u32_at(r, at, &num) != 0 ||
        u32_at(r, (size_t)at + 4, &den) != 0)
        return -1;
    *v = den ? (double)num / den : 0.0;
    return 0;
}

static int read_ifd(const reader *r, uint32_t at, tiff_page_layout *page, uint32_t *next,
                    const char **problem)
{
    uint16_t count;
    if (u16_at(r, at, &count) != 0 || (size_t)at + 2 + (size_t)count * 12 + 4 > r->size) {
        *problem = "an image file directory runs past the end of the file";
        return -1;
    }
    memset(page, 0, sizeof(*page));
    page->rows_per_strip = 0xffffffffu;
    page->resolution_unit = 2;
    for (uint16_t i = 0; i < count; i++) {
        size_t entry = (size_t)at + 2 + (size_t)i * 12;
        uint16_t tag = 0, type = 0;
        uint32_t v = 0;
        u16_at(r, entry, &tag);
        u16_at(r, entry + 2, &type);
        int ok = 0;
        switch (tag) {
        case TAG_IMAGE_WIDTH: ok = integer_value(r, entry, type, &page->width); break;
        case TAG_IMAGE_LENGTH: ok = integer_value(r, entry, type, &page->height); break;
        case TAG_COMPRESSION:
            ok = integer_value(r, entry, type, &v);
            page->compression = (uint16_t)v;
            break;
        case TAG_ROWS_PER_STRIP: ok = integer_value(r, entry, type, &page->rows_per_strip); break;
        case TAG_X_RESOLUTION: ok = rational_value(r, entry, type, &page->xres); break;
        case TAG_Y_RESOLUTION: ok = rational_value(r, entry, type, &page->yres); break;
        case TAG_RESOLUTION_UNIT:
            ok = integer_value(r, entry, type, &v);
            page->resolution_unit = (uint16_t)v;
            break;
        default: break;
        }
        if (ok != 0) {
            *problem = "a tag's value has the wrong type or lies past the end of the file";
            return -1;
        }
    }
    u32_at(r, (size_t)at + 2 + (size_t)count * 12, next);
    return 0;
}

int tiff_layout_read(const unsigned char *data, size_t size, tiff_layout *layout)
{
    reader r = {data, size, 1};
    layout->page_count = 0;
    layout->problem = NULL;
    if (size < 8 || !((data[0] == 'I' && data[1] == 'I') || (data[0] == 'M' && data[1] == 'M'))) {
        layout->problem = "no TIFF header (II or MM)";
        return -1;
    }
    r.le = data[0] == 'I';
    layout->little_endian = r.le;
    uint16_t magic;
    uint32_t at;
    u16_at(&r, 2, &magic);
    u32_at(&r, 4, &at);
    if (magic != 42) {
        layout->problem = "not a classic TIFF (the version is not 42)";
        return -1;
    }
    uint32_t seen[TIFF_LAYOUT_MAX_PAGES];
    while (at != 0) {
        if (layout->page_count == TIFF_LAYOUT_MAX_PAGES) {
            layout->problem = "more pages than the kit reads";
            return -1;
        }
        for (size_t i = 0; i < layout->page_count; i++)
            if (seen[i] == at) {
                layout->problem = "the chain of image file directories loops";
                return -1;
            }
        seen[layout->page_count] = at;
        uint32_t next = 0;
        if (read_ifd(&r, at, &layout->pages[layout->page_count], &next, &layout->problem) != 0)
            return -1;
        layout->page_count++;
        at = next;
    }
    if (layout->page_count == 0) {
        layout->problem = "no image file directory: no page";
        return -1;
    }
    return 0;
}
