/*
 * fuzz_tiff_layout.c - libFuzzer target for the TIFF directory reader (tiff_layout_read)
 * with which fake-faxsvc.exe judges the file an FSP received into (IMG-2..5, RECV-2).
 * The FSP under test writes that file, so any bytes are possible.
 *
 * Besides the sanitizers' checks, tiff_layout.h's contract is checked and a breach stops
 * the run with __builtin_trap():
 *   - 0 means at least one page and at most TIFF_LAYOUT_MAX_PAGES, and no problem;
 *   - -1 names its problem;
 *   - the input and its 63 longest prefixes (a file cut short) are read the same way,
 *     never past their end (ASan sees that).
 *
 * fuzz-sources: common/tiff_layout.c
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tiff_layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const uint8_t *data, size_t size, tiff_layout *layout)
{
    memset(layout, 0xA5, sizeof(*layout)); /* whatever was there must not leak through */
    int rc = tiff_layout_read(data, size, layout);
    if (rc == 0 && (layout->problem || layout->page_count == 0 ||
                    layout->page_count > TIFF_LAYOUT_MAX_PAGES))
        __builtin_trap();
    if (rc != 0 && (rc != -1 || !layout->problem || !layout->problem[0]))
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tiff_layout *layout = malloc(sizeof(*layout));
    if (!layout)
        return 0;
    /* the input in a buffer of its own size exactly, so a read past it is seen */
    for (size_t cut = size; cut + 64 > size && cut > 0; cut--) {
        uint8_t *copy = malloc(cut);
        if (!copy)
            break;
        memcpy(copy, data, cut);
        check(copy, cut, layout);
        free(copy);
    }
    free(layout);
    return 0;
}
