/*
 * dte_page.c - page data as a DTE sends it (see dte_page.h).
 */
#include "dte_page.h"

#include <stdio.h>
#include <stdlib.h>

#define DLE 0x10

unsigned char *dte_page_data(const fax_page *page, char ppm, size_t *len, char *why,
                             size_t why_size)
{
    size_t raw_len;
    unsigned char *raw = t4_encode_page(page, FAX_CODING_MH, FAX_LSB_FIRST, 1, 0, &raw_len,
                                        why, why_size);
    if (!raw)
        return NULL;
    unsigned char *out = malloc(raw_len * 2 + 2);
    if (!out) {
        snprintf(why, why_size, "out of memory");
        free(raw);
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < raw_len; i++) {
        out[n++] = raw[i];
        if (raw[i] == DLE)
            out[n++] = DLE;
    }
    out[n++] = DLE;
    out[n++] = (unsigned char)ppm;
    free(raw);
    *len = n;
    return out;
}
