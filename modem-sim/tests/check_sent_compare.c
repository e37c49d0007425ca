/*
 * check_sent_compare.c - the remote's judgement of what it received against the document
 * (modem-sim/sent_compare.c): the changes a correct sender may make - the resolution it
 * negotiated, a branding header (SEND-10) - pass; every other change is named with its
 * page and row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_harness.h"
#include "fax_page.h"
#include "sent_compare.h"
#include "testpage.h"

static fax_doc document(unsigned pages, uint16_t yres)
{
    fax_doc doc = {0};
    ck_assert(testpage_generate(7, pages, yres, &doc) == 0);
    return doc;
}

static fax_page copy_page(const fax_page *from, uint32_t extra_top_rows)
{
    fax_page page;
    ck_assert(fax_page_init(&page, from->width, from->height + extra_top_rows, from->yres) == 0);
    memcpy(page.bits + (size_t)extra_top_rows * page.stride, from->bits,
           (size_t)from->height * from->stride);
    return page;
}

static fax_doc copy_doc(const fax_doc *from)
{
    fax_doc doc = {0};
    for (size_t i = 0; i < from->count; i++) {
        fax_page page = copy_page(&from->pages[i], 0);
        ck_assert(fax_doc_append(&doc, &page) == 0);
    }
    return doc;
}

/* The fine document's page at normal: row r from rows 2r and 2r+1 as `pick` says
 * (0: the even one, 1: the odd one, 2: their union). */
static fax_page halve(const fax_page *fine, int pick)
{
    fax_page page;
    ck_assert(fax_page_init(&page, fine->width, (fine->height + 1) / 2, FAX_YRES_NORMAL) == 0);
    for (uint32_t r = 0; r < page.height; r++) {
        const unsigned char *even = fine->bits + (size_t)(2 * r) * fine->stride;
        const unsigned char *odd = 2 * r + 1 < fine->height ? even + fine->stride : even;
        for (uint32_t i = 0; i < page.stride; i++)
            page.bits[(size_t)r * page.stride + i] = pick == 0   ? even[i]
                                                     : pick == 1 ? odd[i]
                                                                 : (unsigned char)(even[i] | odd[i]);
    }
    return page;
}

static sent_match judge(const fax_doc *doc, const fax_doc *got, char *why, size_t size)
{
    why[0] = 'x'; /* SAME must leave it empty or a note, never stale */
    why[1] = '\0';
    return sent_compare(doc, got, why, size);
}

START_TEST(the_same_pages_are_the_same)
{
    fax_doc doc = document(2, FAX_YRES_FINE), got = copy_doc(&doc);
    char why[512];
    ck_assert_int_eq(judge(&doc, &got, why, sizeof(why)), SENT_SAME);
    ck_assert_msg(why[0] == '\0', "nothing to note, got '%s'", why);
    fax_doc_free(&doc);
    fax_doc_free(&got);
}
END_TEST

START_TEST(one_pel_changed_is_named_with_page_row_and_x)
{
    fax_doc doc = document(2, FAX_YRES_FINE), got = copy_doc(&doc);
    fax_page *p2 = &got.pages[1];
    fax_page_set(p2, 300, 900, !fax_page_get(p2, 300, 900));
    char why[512];
    ck_assert_int_eq(judge(&doc, &got, why, sizeof(why)), SENT_DIFFERENT);
    ck_assert_msg(strstr(why, "page 2 row 900: first difference at x=300"), "%s", why);
    fax_doc_free(&doc);
    fax_doc_free(&got);
}
END_TEST

START_TEST(a_fine_document_sent_at_normal_matches_however_rows_are_merged)
{
    fax_doc doc = document(1, FAX_YRES_FINE);
    for (int pick = 0; pick < 3; pick++) {
        fax_doc got = {0};
        fax_page page = halve(&doc.pages[0], pick);
        ck_assert(fax_doc_append(&got, &page) == 0);
        char why[512];
        ck_assert_msg(judge(&doc, &got, why, sizeof(why)) == SENT_SAME, "pick %d: %s", pick, why);
        /* ... but a changed row is still seen */
        fax_page *p = &got.pages[0];
        fax_page_set(p, 1000, 700, !fax_page_get(p, 1000, 700));
        fax_page_set(p, 1001, 700, !fax_page_get(p, 1001, 700));
        ck_assert_msg(judge(&doc, &got, why, sizeof(why)) == SENT_DIFFERENT &&
                      strstr(why, "page 1 row 700"), "pick %d: %s", pick, why);
        fax_doc_free(&got);
    }
    fax_doc_free(&doc);
}
END_TEST

START_TEST(a_normal_document_sent_at_fine_has_each_row_twice)
{
    fax_doc doc = document(1, FAX_YRES_NORMAL), got = {0};
    const fax_page *from = &doc.pages[0];
    fax_page page;
    ck_assert(fax_page_init(&page, from->width, from->height * 2, FAX_YRES_FINE) == 0);
    for (uint32_t r = 0; r < page.height; r++)
        memcpy(page.bits + (size_t)r * page.stride, from->bits + (size_t)(r / 2) * from->stride,
               from->stride);
    ck_assert(fax_doc_append(&got, &page) == 0);
    char why[512];
    ck_assert_msg(judge(&doc, &got, why, sizeof(why)) == SENT_SAME, "%s", why);
    /* one row of a pair changed: not a doubling any more */
    fax_page *p = &got.pages[0];
    fax_page_set(p, 50, 401, !fax_page_get(p, 50, 401));
    ck_assert_msg(judge(&doc, &got, why, sizeof(why)) == SENT_DIFFERENT &&
                  strstr(why, "page 1 row 401: first difference at x=50"), "%s", why);
    fax_doc_free(&doc);
    fax_doc_free(&got);
}
END_TEST

START_TEST(a_branding_header_over_the_top_is_noted_not_failed)
{
    fax_doc doc = document(1, FAX_YRES_FINE), got = copy_doc(&doc);
    fax_page *p = &got.pages[0];
    for (uint32_t y = 10; y < 40; y++) /* a black bar where a header would be */
        for (uint32_t x = 100; x < 900; x++)
            fax_page_set(p, x, y, 1);
    char why[512];
    ck_assert_int_eq(judge(&doc, &got, why, sizeof(why)), SENT_SAME);
    ck_assert_msg(strstr(why, "page 1: 40 rows at the top not compared (a branding header, "
                             "SEND-10)"), "%s", why);
    /* below the band, the same bar is a difference */
    uint32_t below = (SENT_BRANDING_MM * FAX_YRES_FINE * 10 + 127) / 254 + 5;
    fax_page_set(p, 500, below, !fax_page_get(p, 500, below));
    ck_assert_int_eq(judge(&doc, &got, why, sizeof(why)), SENT_DIFFERENT);
    fax_doc_free(&doc);
    fax_doc_free(&got);
}
END_TEST

START_TEST(a_branding_header_added_above_the_page_is_noted_not_failed)
{
    fax_doc doc = document(1, FAX_YRES_NORMAL), got = {0};
    fax_page page = copy_page(&doc.pages[0], 20);
    for (uint32_t x = 0; x < 600; x++)
        fax_page_set(&page, x, 8, 1);
    ck_assert(fax_doc_append(&got, &page) == 0);
    char why[512];
    ck_assert_int_eq(judge(&doc, &got, why, sizeof(why)), SENT_SAME);
    ck_assert_msg(strstr(why, "a header added above it, 20 rows"), "%s", why);
    fax_doc_free(&got);
    /* more than a header's height added: a grown page */
    got = (fax_doc){0};
    page = copy_page(&doc.pages[0], 200);
    ck_assert(fax_doc_append(&got, &page) == 0);
    ck_assert_int_eq(judge(&doc, &got, why, sizeof(why)), SENT_DIFFERENT);
    ck_assert_msg(strstr(why, "more than a branding header's"), "%s", why);
    fax_doc_free(&doc);
    fax_doc_free(&got);
}
END_TEST

START_TEST(a_page_cut_short_is_a_difference)
{
    fax_doc doc = document(1, FAX_YRES_FINE), got = copy_doc(&doc);
    fax_page *page = &doc.pages[0];
    uint32_t black = page->height; /* the lowest row with a black pel */
    for (uint32_t y = page->height; y-- > 0 && black == page->height;)
        for (uint32_t x = 0; x < page->width && black == page->height; x++)
            if (fax_page_get(page, x, y))
                black = y;
    ck_assert_msg(black < page->height, "the test page has no black pel");
    got.pages[0].height = black; /* that row and what is below it left out */
    char why[512];
    ck_assert_int_eq(judge(&doc, &got, why, sizeof(why)), SENT_DIFFERENT);
    ck_assert_msg(strstr(why, "(cut short: row "), "%s", why);
    got.pages[0].height = page->height;
    fax_doc_free(&doc);
    fax_doc_free(&got);
}
END_TEST

START_TEST(white_rows_left_out_at_the_bottom_are_noted_not_failed)
{
    fax_doc doc = document(1, FAX_YRES_NORMAL), got = copy_doc(&doc);
    fax_page *page = &doc.pages[0];
    for (uint32_t y = page->height - 100; y < page->height; y++) /* a white bottom */
        for (uint32_t x = 0; x < page->width; x++) {
            fax_page_set(page, x, y, 0);
            fax_page_set(&got.pages[0], x, y, 0);
        }
    got.pages[0].height -= 100;
    char why[512];
    ck_assert_int_eq(judge(&doc, &got, why, sizeof(why)), SENT_SAME);
    ck_assert_msg(strstr(why, "page 1: its last 100 rows, all white, not sent"), "%s", why);
    got.pages[0].height += 100;
    fax_doc_free(&doc);
    fax_doc_free(&got);
}
END_TEST

START_TEST(missing_pages_are_fewer_and_extra_pages_different)
{
    fax_doc doc = document(3, FAX_YRES_NORMAL), got = copy_doc(&doc);
    char why[512];
    fax_page_free(&got.pages[2]);
    got.count = 2;
    ck_assert_int_eq(judge(&doc, &got, why, sizeof(why)), SENT_FEWER);
    ck_assert_msg(strstr(why, "2 of the document's 3 pages arrived"), "%s", why);
    fax_doc_free(&got);
    fax_doc one = document(1, FAX_YRES_NORMAL);
    got = copy_doc(&doc);
    ck_assert_int_eq(judge(&one, &got, why, sizeof(why)), SENT_DIFFERENT);
    ck_assert_msg(strstr(why, "3 pages arrived, the document has 1"), "%s", why);
    fax_doc_free(&one);
    fax_doc_free(&doc);
    fax_doc_free(&got);
}
END_TEST

START_TEST(another_width_or_resolution_is_a_difference)
{
    fax_doc doc = document(1, FAX_YRES_NORMAL), got = {0};
    fax_page page;
    ck_assert(fax_page_init(&page, 2048, doc.pages[0].height, FAX_YRES_NORMAL) == 0);
    ck_assert(fax_doc_append(&got, &page) == 0);
    char why[512];
    ck_assert_int_eq(judge(&doc, &got, why, sizeof(why)), SENT_DIFFERENT);
    ck_assert_msg(strstr(why, "page 1: 2048 pels wide, the document's 1728"), "%s", why);
    got.pages[0].yres = 391;
    ck_assert_int_eq(judge(&doc, &got, why, sizeof(why)), SENT_DIFFERENT);
    ck_assert_msg(strstr(why, "arrived at 391 lpi, the document's is 98 lpi"), "%s", why);
    fax_doc_free(&doc);
    fax_doc_free(&got);
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"same", the_same_pages_are_the_same, TIMEOUT_HEAVY, 0, 0},
        {"same", one_pel_changed_is_named_with_page_row_and_x, TIMEOUT_HEAVY, 0, 0},
        {"resolution", a_fine_document_sent_at_normal_matches_however_rows_are_merged, TIMEOUT_HEAVY, 0, 0},
        {"resolution", a_normal_document_sent_at_fine_has_each_row_twice, TIMEOUT_HEAVY, 0, 0},
        {"branding", a_branding_header_over_the_top_is_noted_not_failed, TIMEOUT_HEAVY, 0, 0},
        {"branding", a_branding_header_added_above_the_page_is_noted_not_failed, TIMEOUT_HEAVY, 0, 0},
        {"differences", a_page_cut_short_is_a_difference, TIMEOUT_HEAVY, 0, 0},
        {"differences", white_rows_left_out_at_the_bottom_are_noted_not_failed, TIMEOUT_HEAVY, 0, 0},
        {"differences", missing_pages_are_fewer_and_extra_pages_different, TIMEOUT_HEAVY, 0, 0},
        {"differences", another_width_or_resolution_is_a_difference, TIMEOUT_HEAVY, 0, 0},
    };
    return harness_main("sent compare", tests, HARNESS_COUNT(tests));
}
