/*
 * documents.c - the test documents behind ${DOCS} (see documents.h).
 */
#define _GNU_SOURCE
#include "documents.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fax_page.h"
#include "kit_temp.h"
#include "testpage.h"

/* `light` (testpage_lighten): a real page in a few kilobytes, so an FSP that copies slowly (SampleFSP: 1 KB per 250 ms)
 * spends the battery's time on the contract rather than on bytes. */
static const struct { const char *name; unsigned pages; int light; uint16_t yres; } documents[] = {
    {"one-page.tif", 1, 0, FAX_YRES_NORMAL}, {"two-pages.tif", 2, 0, FAX_YRES_NORMAL},
    {"three-pages.tif", 3, 0, FAX_YRES_NORMAL}, {"one-page-light.tif", 1, 1, FAX_YRES_NORMAL},
    {"three-pages-light.tif", 3, 1, FAX_YRES_NORMAL},
    /* fine (196 lpi): a modem FSP sends it at fine, or at normal if that is all it
     * negotiates (judged at the remote either way: expect JOB sent) */
    {"one-page-fine.tif", 1, 0, FAX_YRES_FINE}, {"two-pages-fine.tif", 2, 0, FAX_YRES_FINE},
};
#define DOCUMENT_COUNT (sizeof(documents) / sizeof(documents[0]))

int documents_write(const char *dir)
{
    for (size_t i = 0; i < DOCUMENT_COUNT; i++) {
        char path[PATH_MAX], why[256];
        fax_doc doc = {0};
        snprintf(path, sizeof(path), "%s/%s", dir, documents[i].name);
        int ok = testpage_generate(1, documents[i].pages, documents[i].yres, &doc) == 0;
        if (ok && documents[i].light)
            testpage_lighten(&doc);
        ok = ok && fax_doc_write_tiff(path, &doc, FAX_CODING_MMR, FAX_LSB_FIRST, 1, why,
                                    sizeof(why)) == 0;
        fax_doc_free(&doc);
        if (!ok) {
            fprintf(stderr, "fspconform: %s: cannot write a test document\n", path);
            return 0;
        }
    }
    return 1;
}

int documents_make(char *dir, size_t dir_size)
{
    if (kit_temp_dir("docs", dir, dir_size) != 0) {
        fprintf(stderr, "fspconform: cannot create a folder for test documents\n");
        return 0;
    }
    return documents_write(dir);
}

void documents_remove(const char *dir)
{
    kit_temp_remove(dir);
}
