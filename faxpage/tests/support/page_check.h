/*
 * page_check.h - Check helpers for suites that work on fax pages (faxpage, the
 * reference FSP's document code): generated documents, pixel-exact expectations,
 * temporary TIFF files, and an EOL finder that reads T.4 streams independently of
 * faxpage's own decoder.
 */
#ifndef FSPKIT_PAGE_CHECK_H
#define FSPKIT_PAGE_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "fax_page.h"

/* "MH", "MR" or "MMR". */
const char *coding_name(fax_coding coding);
/* `pages` seeded test pages at `yres` (testpage.h); fails the test if it cannot. */
fax_doc generated_doc(uint64_t seed, unsigned pages, uint16_t yres);
/* Fail the test, naming `context` and the first difference, unless the pages match. */
void expect_same_pages(const fax_doc *want, const fax_doc *got, const char *context);
void expect_same_page(const fax_page *want, const fax_page *got, const char *context);
/* A fresh, empty file $TMPDIR/PREFIX.XXXXXX (or under /tmp); the caller removes it. */
void temp_path(char *path, size_t size, const char *prefix);
/* fax_doc_write_tiff that must work. */
void write_tiff(const char *path, const fax_doc *doc, fax_coding coding,
                fax_bit_order fill_order, int rows_per_strip_1, const char *context);
/* Where each EOL ends in a stream (bit positions just past its 1): at most `max`. */
size_t find_eol_ends(const unsigned char *s, size_t len, fax_bit_order order, size_t *ends,
                     size_t max);

#endif /* FSPKIT_PAGE_CHECK_H */
