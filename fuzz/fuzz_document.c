/*
 * fuzz_document.c - libFuzzer target: any bytes as the service's document
 * (FAX_SEND.FileName), through the reference FSP's send path and back.
 *
 * The bytes become a file (a memfd, reached by its /proc/self/fd path, so nothing is
 * left in /tmp even when the run dies) and go to document_load. A document that loads
 * must keep the contract: every page 1728 pels wide, 98 or 196 lpi, at most 2 m long.
 * Then the top of each page (its first ROUND_TRIP_ROWS rows) is encoded for one session
 * and decoded again, and must come back pixel-exact after the one known change: a fine
 * page on a normal session loses its odd rows, a normal page on a fine session has each
 * row twice (the expected page is built here, row by row). The session - MH or MR, 98 or
 * 196 lpi, LSB or MSB first - is drawn from the input's bytes, so a million inputs meet
 * every one; both limits keep the target near a thousand inputs a second instead of 15
 * (the encoder and decoder of whole pages, four times over, were 91% of its time:
 * measured with perf), and the T.4 codec has a fuzzer of its own (fuzz_t4_decode).
 * Last, the document is saved as the service's file (document_save_received) and
 * loaded again, and must be the same document.
 *
 * The seeds (fuzz/seeds/fuzz_document) are the TIFF variants the loader must take - MH,
 * MR, MMR; one strip, a strip per row, strips of 16; both fill orders; II and MM; inch
 * and centimetre units; 200 dpi; normal and fine - each cut to its top 48 rows (tiffcrop
 * -U px -z 1,1,1728,48, then tiffcp -B for the MM ones): loading decodes every row, so
 * whole pages as seeds held the target to about 70 inputs a second, 48 rows to 420.
 *
 * Beyond that contract, the sanitizers' verdict (no read outside a buffer, no leak,
 * no undefined behaviour) covers libtiff's reading of hostile files as faxpage drives it.
 */
/* fuzz-sources: reference-fsp/document.c faxpage/fax_page.c faxpage/page_compare.c faxpage/t4_stream.c faxpage/tiff_pages.c */
#define _GNU_SOURCE     /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "document.h"
#include "fax_page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A file holding exactly `data`, and its path. The memfd is made once and reused. */
typedef struct memory_file {
    int fd;
    char path[64];
} memory_file;

static void memory_file_open(memory_file *file, const char *name)
{
    file->fd = memfd_create(name, MFD_CLOEXEC);
    if (file->fd < 0)
        abort();
    snprintf(file->path, sizeof(file->path), "/proc/self/fd/%d", file->fd);
}

static void memory_file_fill(const memory_file *file, const uint8_t *data, size_t size)
{
    if (ftruncate(file->fd, 0) != 0 ||
        (size > 0 && pwrite(file->fd, data, size, 0) != (ssize_t)size))
        abort();
}

#define ROUND_TRIP_ROWS 64

/* The page as the session must carry it, built independently of document.c. */
static fax_page expected_page(const fax_page *page, uint16_t session_yres)
{
    fax_page out;
    int same = page->yres == session_yres, halve = session_yres == FAX_YRES_NORMAL;
    uint32_t height = same ? page->height : halve ? (page->height + 1) / 2 : page->height * 2;
    if (fax_page_init(&out, page->width, height, session_yres) != 0)
        abort();
    for (uint32_t y = 0; y < height; y++) {
        uint32_t source = same ? y : halve ? y * 2 : y / 2;
        memcpy(out.bits + (size_t)y * out.stride, page->bits + (size_t)source * page->stride,
               page->stride);
    }
    return out;
}

/* The first ROUND_TRIP_ROWS rows of `page`, sharing its bits (never freed). */
static fax_page top_of(const fax_page *page)
{
    fax_page top = *page;
    if (top.height > ROUND_TRIP_ROWS)
        top.height = ROUND_TRIP_ROWS;
    return top;
}

static void round_trip(const fax_page *whole, fax_coding coding, uint16_t session_yres,
                       fax_bit_order order)
{
    const fax_page top = top_of(whole), *page = &top;
    unsigned char *t4 = NULL;
    size_t t4_size = 0;
    char why[256];
    if (document_encode_page(page, coding, session_yres, order, &t4, &t4_size, why,
                             sizeof(why)) != 0)
        abort();    /* every page document_load gives can be sent */
    fax_page got;
    int rc = document_decode_page(t4, t4_size, coding, session_yres, order, &got, why,
                                  sizeof(why));
    free(t4);
    if (rc != 0 || why[0] != '\0')
        abort();    /* our own stream must decode cleanly */
    fax_page want = expected_page(page, session_yres);
    fax_doc a = {&want, 1}, b = {&got, 1};
    if (fax_doc_compare(&a, &b, why, sizeof(why)) != 0)
        abort();
    fax_page_free(&want);
    fax_page_free(&got);
}

static int page_keeps_the_contract(const fax_page *page)
{
    uint32_t max_rows = page->yres == FAX_YRES_FINE ? DOCUMENT_MAX_ROWS_FINE
                                                    : DOCUMENT_MAX_ROWS_NORMAL;
    return page->bits && page->width == FAX_A4_WIDTH && page->height > 0 &&
           page->height <= max_rows &&
           (page->yres == FAX_YRES_NORMAL || page->yres == FAX_YRES_FINE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static memory_file input, saved;
    if (!input.path[0]) {
        memory_file_open(&input, "fuzz_document-in");
        memory_file_open(&saved, "fuzz_document-saved");
    }
    memory_file_fill(&input, data, size);

    fax_doc doc = {0};
    char why[512];
    if (document_load(input.path, &doc, why, sizeof(why)) != 0) {
        if (doc.count != 0 || doc.pages != NULL || why[0] == '\0')
            abort();    /* a failure leaves no pages and says why */
        return 0;
    }
    if (doc.count == 0)
        abort();
    size_t session_draw = size; /* the session of each page's round trip: from the input */
    for (size_t i = 0; i < size; i++)
        session_draw = session_draw * 31 + data[i];
    for (size_t i = 0; i < doc.count; i++) {
        const fax_page *page = &doc.pages[i];
        if (!page_keeps_the_contract(page))
            abort();
        unsigned session = (unsigned)(session_draw + i) % 8;
        round_trip(page, session & 1 ? FAX_CODING_MR : FAX_CODING_MH,
                   session & 2 ? FAX_YRES_FINE : FAX_YRES_NORMAL,
                   session & 4 ? FAX_MSB_FIRST : FAX_LSB_FIRST);
    }

    memory_file_fill(&saved, (const uint8_t *)"", 0);   /* the service creates it empty */
    if (document_save_received(saved.path, &doc, why, sizeof(why)) != 0)
        abort();
    fax_doc again = {0};
    if (document_load(saved.path, &again, why, sizeof(why)) != 0 ||
        fax_doc_compare(&doc, &again, why, sizeof(why)) != 0)
        abort();
    fax_doc_free(&again);
    fax_doc_free(&doc);
    return 0;
}
