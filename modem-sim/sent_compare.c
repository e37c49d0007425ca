/*
 * sent_compare.c - the document against what reached the remote (see sent_compare.h).
 *
 * Pages and rows are counted as page_compare.c does: pages from 1, rows and x from 0.
 */
#include "sent_compare.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sent_match_name(sent_match match)
{
    switch (match) {
    case SENT_SAME:
        return "same";
    case SENT_FEWER:
        return "fewer";
    case SENT_DIFFERENT:
        return "different";
    }
    return "?";
}

/* How the document's rows map onto the received page's. */
typedef enum row_mapping {
    ROWS_AS_IS,     /* same resolution */
    ROWS_HALVED,    /* fine document, sent at normal */
    ROWS_DOUBLED    /* normal document, sent at fine */
} row_mapping;

/* Received `row` of `got` against what document row(s) `wanted` stand for. Returns the
 * first differing x, or the width when it matches. `scratch` holds a row. */
static uint32_t row_difference(const fax_page *doc, const fax_page *got, uint32_t row,
                               uint32_t wanted, row_mapping mapping, unsigned char *scratch)
{
    const unsigned char *have = got->bits + (size_t)row * got->stride;
    uint32_t width = got->width;
    if (mapping == ROWS_AS_IS)
        return fax_row_first_difference(have, doc->bits + (size_t)wanted * doc->stride, width);
    if (mapping == ROWS_DOUBLED)
        return fax_row_first_difference(have, doc->bits + (size_t)(wanted / 2) * doc->stride, width);
    /* halved: row 2w, row 2w+1, their union or their intersection */
    const unsigned char *even = doc->bits + (size_t)(2 * wanted) * doc->stride;
    const unsigned char *odd = 2 * wanted + 1 < doc->height ? even + doc->stride : even;
    uint32_t x = fax_row_first_difference(have, even, width), best = x;
    if (x == width || (x = fax_row_first_difference(have, odd, width)) == width)
        return width;
    best = x > best ? x : best;
    for (uint32_t i = 0; i < doc->stride; i++)
        scratch[i] = even[i] | odd[i];
    if ((x = fax_row_first_difference(have, scratch, width)) == width)
        return width;
    best = x > best ? x : best;
    for (uint32_t i = 0; i < doc->stride; i++)
        scratch[i] = even[i] & odd[i];
    if ((x = fax_row_first_difference(have, scratch, width)) == width)
        return width;
    return x > best ? x : best;
}

/* Row `row` of the document's page at the received resolution is all white. */
static int expected_row_white(const fax_page *doc, uint32_t row, row_mapping mapping)
{
    uint32_t first = mapping == ROWS_HALVED ? 2 * row : mapping == ROWS_DOUBLED ? row / 2 : row;
    uint32_t last = mapping == ROWS_HALVED && 2 * row + 1 < doc->height ? first + 1 : first;
    for (uint32_t r = first; r <= last && r < doc->height; r++)
        for (uint32_t x = 0; x < doc->width; x++)
            if (fax_page_get(doc, x, r))
                return 0;
    return 1;
}

/* The rows the document's page has at the received resolution (the larger, when a
 * fine page of odd height may lose or keep its last row at normal). */
static uint32_t expected_height(const fax_page *doc, row_mapping mapping)
{
    if (mapping == ROWS_HALVED)
        return (doc->height + 1) / 2;
    if (mapping == ROWS_DOUBLED)
        return doc->height * 2;
    return doc->height;
}

/* One page. Returns 0 when it matches (with `note` about a branding header), else 1
 * with `why`. */
static int compare_page(const fax_page *doc, const fax_page *got, size_t number, char *why,
                        size_t why_size, char *note, size_t note_size)
{
    row_mapping mapping;
    if (doc->yres == got->yres)
        mapping = ROWS_AS_IS;
    else if (doc->yres == FAX_YRES_FINE && got->yres == FAX_YRES_NORMAL)
        mapping = ROWS_HALVED;
    else if (doc->yres == FAX_YRES_NORMAL && got->yres == FAX_YRES_FINE)
        mapping = ROWS_DOUBLED;
    else {
        snprintf(why, why_size, "page %zu: arrived at %u lpi, the document's is %u lpi",
                 number, (unsigned)got->yres, (unsigned)doc->yres);
        return 1;
    }
    if (doc->width != got->width) {
        snprintf(why, why_size, "page %zu: %u pels wide, the document's %u", number,
                 (unsigned)got->width, (unsigned)doc->width);
        return 1;
    }
    uint32_t want = expected_height(doc, mapping);
    uint32_t band = (uint32_t)((SENT_BRANDING_MM * (unsigned)got->yres * 10u + 127u) / 254u);
    /* a fine page of odd height sent at normal: its last row may go */
    if (mapping == ROWS_HALVED && doc->height % 2 && got->height + 1 == want)
        want--;
    uint32_t trimmed = 0; /* white rows at the bottom a sender left out */
    if (got->height < want) {
        uint32_t first_black = want;
        for (uint32_t row = got->height; row < want && first_black == want; row++)
            if (!expected_row_white(doc, row, mapping))
                first_black = row;
        if (first_black < want) {
            snprintf(why, why_size, "page %zu: %u rows arrived, the document's page has %u at "
                     "%u lpi (cut short: row %u is not white)", number,
                     (unsigned)got->height, (unsigned)want, (unsigned)got->yres,
                     (unsigned)first_black);
            return 1;
        }
        trimmed = want - got->height;
        want = got->height;
    }
    uint32_t added = got->height - want; /* rows a header put above the page */
    if (added > band) {
        snprintf(why, why_size, "page %zu: %u rows arrived, the document's page has %u at "
                 "%u lpi (%u more than a branding header's %u)", number,
                 (unsigned)got->height, (unsigned)want, (unsigned)got->yres,
                 (unsigned)added, (unsigned)band);
        return 1;
    }
    unsigned char *scratch = malloc(doc->stride ? doc->stride : 1);
    if (!scratch) {
        snprintf(why, why_size, "page %zu: out of memory", number);
        return 1;
    }
    uint32_t branded = 0; /* rows of the top band that differ */
    for (uint32_t row = added; row < got->height; row++) {
        uint32_t x = row_difference(doc, got, row, row - added, mapping, scratch);
        if (x == got->width)
            continue;
        if (row < band) {
            branded = row + 1;
            continue;
        }
        free(scratch);
        snprintf(why, why_size, "page %zu row %u: first difference at x=%u", number,
                 (unsigned)row, (unsigned)x);
        return 1;
    }
    free(scratch);
    if (trimmed) {
        size_t used = strlen(note);
        snprintf(note + used, note_size - used, "%spage %zu: its last %u rows, all white, "
                 "not sent", used ? "; " : "", number, (unsigned)trimmed);
    }
    if (added || branded) {
        size_t used = strlen(note);
        snprintf(note + used, note_size - used, "%spage %zu: %s%u rows at the top not "
                 "compared (a branding header, SEND-10)", used ? "; " : "", number,
                 added ? "a header added above it, " : "", (unsigned)(added ? added : branded));
    }
    return 0;
}

sent_match sent_compare(const fax_doc *document, const fax_doc *received, char *why,
                        size_t why_size)
{
    char note[512] = "";
    size_t common = document->count < received->count ? document->count : received->count;
    for (size_t i = 0; i < common; i++)
        if (compare_page(&document->pages[i], &received->pages[i], i + 1, why, why_size, note,
                         sizeof(note)) != 0)
            return SENT_DIFFERENT;
    if (received->count > document->count) {
        snprintf(why, why_size, "%zu pages arrived, the document has %zu", received->count,
                 document->count);
        return SENT_DIFFERENT;
    }
    if (received->count < document->count) {
        snprintf(why, why_size, "%zu of the document's %zu pages arrived (confirmed)%s%s",
                 received->count, document->count, note[0] ? "; " : "", note);
        return SENT_FEWER;
    }
    snprintf(why, why_size, "%s", note);
    return SENT_SAME;
}
