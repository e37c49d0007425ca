/*
 * fuzz_document.c - libFuzzer target: any bytes as the service's document
 * (FAX_SEND.FileName), through the reference FSP's send path and back.
 *
 * The bytes become a file (a memfd, reached by its /proc/self/fd path, so nothing is
 * left in /tmp even when the run dies) and go to document_load. A document that loads
 * must keep the contract: every page 1728 pels wide, 98 or 196 lpi, at most 2 m long.
 * Then each page is encoded for each session (MH and MR, 98 and 196 lpi) and decoded
 * again, and must come back pixel-exact after the one known change: a fine page on a
 * normal session loses its odd rows, a normal page on a fine session has each row
 * twice (the expected page is built here, pixel by pixel). Both bit orders are covered
 * without doubling the work: each coding meets each order at one of its resolutions.
 * Last, the document is saved as the service's file (document_save_received) and
 * loaded again, and must be the same document.
 *
 * Beyond that contract, the sanitizers' verdict (no read outside a buffer, no leak,
 * no undefined behaviour) covers libtiff's reading of hostile files as faxpage drives it.
 */
/* fuzz-sources: reference-fsp/document.c faxpage/fax_page.c faxpage/page_compare.c faxpage/t4_stream.c faxpage/tiff_pages.c */
#define _GNU_SOURCE     /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
        for (uint32_t x = 0; x < page->width; x++)
            fax_page_set(&out, x, y, fax_page_get(page, x, source));
    }
    return out;
}

static void round_trip(const fax_page *page, fax_coding coding, uint16_t session_yres,
                       fax_bit_order order)
{
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
    for (size_t i = 0; i < doc.count; i++) {
        const fax_page *page = &doc.pages[i];
        if (!page_keeps_the_contract(page))
            abort();
        round_trip(page, FAX_CODING_MH, FAX_YRES_NORMAL, FAX_LSB_FIRST);
        round_trip(page, FAX_CODING_MH, FAX_YRES_FINE, FAX_MSB_FIRST);
        round_trip(page, FAX_CODING_MR, FAX_YRES_NORMAL, FAX_MSB_FIRST);
        round_trip(page, FAX_CODING_MR, FAX_YRES_FINE, FAX_LSB_FIRST);
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
