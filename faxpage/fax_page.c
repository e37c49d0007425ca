/*
 * fax_page.c - the bilevel page bitmap and the document that owns a list of them
 * (see fax_page.h).
 *
 * Invariants every other file relies on: a page's `bits` holds exactly
 * height * stride bytes, and the pad bits after `width` in each row's last byte are
 * 0, so rows can be compared and copied as whole bytes. Pixel access outside the page
 * reads white and writes nothing: callers drawing near an edge need no clipping.
 */
#include "fax_page.h"

#include <stdlib.h>
#include <string.h>

int fax_page_init(fax_page *page, uint32_t width, uint32_t height, uint16_t yres)
{
    memset(page, 0, sizeof(*page));
    if (width == 0 || height == 0)
        return -1;
    uint32_t stride = width / 8 + (width % 8 != 0);
    if ((size_t)height > SIZE_MAX / stride)
        return -1;
    page->bits = calloc((size_t)height * stride, 1);
    if (!page->bits)
        return -1;
    page->width = width;
    page->height = height;
    page->stride = stride;
    page->yres = yres;
    return 0;
}

void fax_page_free(fax_page *page)
{
    free(page->bits);
    memset(page, 0, sizeof(*page));
}

int fax_page_get(const fax_page *page, uint32_t x, uint32_t y)
{
    if (x >= page->width || y >= page->height)
        return 0;
    unsigned char byte = page->bits[(size_t)y * page->stride + x / 8];
    return (byte >> (7 - x % 8)) & 1;
}

void fax_page_set(fax_page *page, uint32_t x, uint32_t y, int black)
{
    if (x >= page->width || y >= page->height)
        return;
    unsigned char *byte = &page->bits[(size_t)y * page->stride + x / 8];
    unsigned char mask = (unsigned char)(0x80u >> (x % 8));
    if (black)
        *byte |= mask;
    else
        *byte &= (unsigned char)~mask;
}

int fax_doc_append(fax_doc *doc, fax_page *page)
{
    if (doc->count == SIZE_MAX / sizeof(fax_page))
        return -1;
    fax_page *grown = realloc(doc->pages, (doc->count + 1) * sizeof(fax_page));
    if (!grown)
        return -1;  /* the caller still owns *page */
    doc->pages = grown;
    doc->pages[doc->count++] = *page;
    /* The document owns the bitmap now; a later fax_page_free(page) must not free it. */
    memset(page, 0, sizeof(*page));
    return 0;
}

void fax_doc_free(fax_doc *doc)
{
    for (size_t i = 0; i < doc->count; i++)
        fax_page_free(&doc->pages[i]);
    free(doc->pages);
    doc->pages = NULL;
    doc->count = 0;
}
