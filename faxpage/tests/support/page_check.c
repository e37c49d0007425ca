/*
 * page_check.c - see page_check.h.
 */
#include "page_check.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "testpage.h"

const char *coding_name(fax_coding coding)
{
    return coding == FAX_CODING_MH ? "MH" : coding == FAX_CODING_MR ? "MR" : "MMR";
}

fax_doc generated_doc(uint64_t seed, unsigned pages, uint16_t yres)
{
    fax_doc doc = {0};
    int rc = testpage_generate(seed, pages, yres, &doc);
    ck_assert_msg(rc == 0 && doc.count == pages,
                  "expected %u generated pages (seed %llu, %u lpi), got rc %d and %zu pages",
                  pages, (unsigned long long)seed, (unsigned)yres, rc, doc.count);
    return doc;
}

void expect_same_pages(const fax_doc *want, const fax_doc *got, const char *context)
{
    char why[256] = "";
    int rc = fax_doc_compare(want, got, why, sizeof(why));
    ck_assert_msg(rc == 0, "%s: expected the same pages, got a difference: %s", context, why);
}

void expect_same_page(const fax_page *want, const fax_page *got, const char *context)
{
    fax_doc a = {(fax_page *)want, 1}, b = {(fax_page *)got, 1};
    expect_same_pages(&a, &b, context);
}

void temp_path(char *path, size_t size, const char *prefix)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, size, "%s/%s.XXXXXX", dir && *dir ? dir : "/tmp", prefix);
    int fd = mkstemp(path);
    ck_assert_msg(fd >= 0, "expected a temporary file in %s, got none",
                  dir && *dir ? dir : "/tmp");
    close(fd);
}

void write_tiff(const char *path, const fax_doc *doc, fax_coding coding,
                fax_bit_order fill_order, int rows_per_strip_1, const char *context)
{
    char why[512] = "";
    int rc = fax_doc_write_tiff(path, doc, coding, fill_order, rows_per_strip_1, why,
                                sizeof(why));
    ck_assert_msg(rc == 0, "%s: expected %s written, got: %s", context, path, why);
}

size_t find_eol_ends(const unsigned char *s, size_t len, fax_bit_order order, size_t *ends,
                     size_t max)
{
    size_t count = 0, zeros = 0;
    for (size_t pos = 0; pos < len * 8; pos++) {
        unsigned shift = order == FAX_LSB_FIRST ? pos % 8 : 7 - pos % 8;
        if (!((s[pos / 8] >> shift) & 1)) {
            zeros++;
            continue;
        }
        if (zeros >= 11 && count < max)
            ends[count++] = pos + 1;
        zeros = 0;
    }
    return count;
}
