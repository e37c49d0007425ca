/*
 * document_probe.c - proves the reference FSP's pages (reference-fsp/document.c) on
 * Windows: wide paths, CreateFileW handles given to the static libtiff, OPEN_EXISTING.
 *
 *   document_probe.exe IN.tif OUT.tif
 *
 * IN is a document as the service hands one to FaxDevSend; OUT must already exist (the
 * service creates the receive file, RECV-3). The probe loads IN, sends every page
 * through T.4 and back for each session (MH and MR, normal and fine, +FBO=0 and 1) and
 * compares it with the page it expects, saves the pages into OUT as a received fax,
 * loads IN again through a copy with a non-ASCII name (the service's paths are wide),
 * and checks that a missing file is refused on both paths and never created. OUT can
 * then be checked natively (tiffinfo, pixel compare against IN).
 *
 * One line per check, "ok" or "FAIL", saying what was expected and what came; exit 0
 * when every check held, 1 when one failed, 2 for usage or when IN cannot be loaded.
 *
 * Build: x86_64-w64-mingw32-gcc -std=c11 -O2 -Wall -Wextra -Werror -DUNICODE -D_UNICODE
 *        -D_WIN32_WINNT=0x0601 -D__USE_MINGW_ANSI_STDIO=1 -Iinclude -Ireference-fsp
 *        -Ifaxpage -Ibuild/x64/libtiff/include -municode -static
 *        reference-fsp/tests/document_probe.c reference-fsp/document.c faxpage/ *.c
 *        build/x64/libtiff/lib/libtiff.a -o document_probe.exe
 */
#include <windows.h>

#include "document.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static int failures;

static void report(BOOL ok, const char *check, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("%s %s: ", ok ? "ok  " : "FAIL", check);
    vprintf(fmt, ap);
    printf("\n");
    fflush(stdout);
    va_end(ap);
    if (!ok)
        failures++;
}

/* The page as the session must carry it, built pixel by pixel (not by document.c):
 * fine to normal keeps rows 0, 2, 4 ...; normal to fine gives each row twice. */
static int expected_page(const fax_page *page, uint16_t session_yres, fax_page *out)
{
    int same = page->yres == session_yres, halve = session_yres == FAX_YRES_NORMAL;
    uint32_t height = same ? page->height : halve ? (page->height + 1) / 2 : page->height * 2;
    if (fax_page_init(out, page->width, height, session_yres) != 0)
        return -1;
    for (uint32_t y = 0; y < height; y++) {
        uint32_t source = same ? y : halve ? y * 2 : y / 2;
        for (uint32_t x = 0; x < page->width; x++)
            fax_page_set(out, x, y, fax_page_get(page, x, source));
    }
    return 0;
}

static void check_round_trips(const fax_doc *doc)
{
    static const struct {
        fax_coding coding;
        uint16_t yres;
        fax_bit_order order;
        const char *name;
    } sessions[] = {
        {FAX_CODING_MH, FAX_YRES_NORMAL, FAX_LSB_FIRST, "MH normal +FBO=0"},
        {FAX_CODING_MH, FAX_YRES_FINE, FAX_LSB_FIRST, "MH fine +FBO=0"},
        {FAX_CODING_MR, FAX_YRES_NORMAL, FAX_LSB_FIRST, "MR normal +FBO=0"},
        {FAX_CODING_MR, FAX_YRES_FINE, FAX_MSB_FIRST, "MR fine +FBO=1"},
    };
    for (size_t p = 0; p < doc->count; p++) {
        for (size_t s = 0; s < sizeof(sessions) / sizeof(sessions[0]); s++) {
            char check[96], why[256] = "";
            snprintf(check, sizeof(check), "page %zu, %s", p + 1, sessions[s].name);
            unsigned char *t4 = NULL;
            size_t size = 0;
            if (document_encode_page(&doc->pages[p], sessions[s].coding, sessions[s].yres,
                                     sessions[s].order, &t4, &size, why, sizeof(why)) != 0) {
                report(FALSE, check, "expected the page encoded, got: %s", why);
                continue;
            }
            fax_page got, want;
            int rc = document_decode_page(t4, size, sessions[s].coding, sessions[s].yres,
                                          sessions[s].order, &got, why, sizeof(why));
            free(t4);
            if (rc != 0) {
                report(FALSE, check, "expected %zu bytes of T.4 decoded, got: %s", size, why);
                continue;
            }
            if (expected_page(&doc->pages[p], sessions[s].yres, &want) != 0) {
                report(FALSE, check, "out of memory");
                fax_page_free(&got);
                continue;
            }
            fax_doc a = {&want, 1}, b = {&got, 1};
            int same = fax_doc_compare(&a, &b, why, sizeof(why)) == 0;
            report(same, check, same ? "%zu bytes of T.4, %u rows back pixel-exact"
                                     : "%zu bytes of T.4, expected the same pixels, got: %s",
                   size, (unsigned)got.height, why);
            fax_page_free(&want);
            fax_page_free(&got);
        }
    }
}

/* A sibling of `path` named `name` (same folder). */
static void sibling(const wchar_t *path, const wchar_t *name, wchar_t *out, size_t out_size)
{
    const wchar_t *slash = wcsrchr(path, L'\\');
    const wchar_t *forward = wcsrchr(path, L'/');
    if (!slash || (forward && forward > slash))
        slash = forward;
    size_t folder = slash ? (size_t)(slash - path) + 1 : 0;
    swprintf(out, out_size, L"%.*ls%ls", (int)folder, path, name);
}

int wmain(int argc, wchar_t **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: document_probe.exe IN.tif OUT.tif (OUT must exist)\n");
        return 2;
    }
    const wchar_t *in = argv[1], *out = argv[2];
    char why[512] = "";

    fax_doc doc = {0};
    if (document_load(in, &doc, why, sizeof(why)) != 0) {
        report(FALSE, "load", "expected the document loaded, got: %s", why);
        return 2;
    }
    for (size_t p = 0; p < doc.count; p++)
        report(doc.pages[p].width == FAX_A4_WIDTH, "load", "page %zu: %ux%u at %u lpi", p + 1,
               (unsigned)doc.pages[p].width, (unsigned)doc.pages[p].height,
               (unsigned)doc.pages[p].yres);

    check_round_trips(&doc);

    int rc = document_save_received(out, &doc, why, sizeof(why));
    report(rc == 0, "save_received", rc == 0 ? "%zu pages saved into the existing file"
                                             : "expected the pages saved, got: %s",
           rc == 0 ? doc.count : 0, why);
    if (rc == 0) {
        fax_doc again = {0};
        rc = document_load(out, &again, why, sizeof(why));
        int same = rc == 0 && fax_doc_compare(&doc, &again, why, sizeof(why)) == 0;
        report(same, "save_received", same ? "the saved file loads back pixel-exact"
                                           : "expected the saved file to load back the same, "
                                             "got: %s", why);
        fax_doc_free(&again);
    }

    /* The service's paths are wide: a name no code page but Unicode holds. */
    wchar_t wide[MAX_PATH];
    sibling(in, L"fax-\u00FC\u65E5\u672C-\u0436.tif", wide, MAX_PATH);
    if (!CopyFileW(in, wide, FALSE)) {
        report(FALSE, "wide path", "expected a copy of IN under a Unicode name, got error %lu",
               (unsigned long)GetLastError());
    } else {
        fax_doc copy = {0};
        rc = document_load(wide, &copy, why, sizeof(why));
        int same = rc == 0 && fax_doc_compare(&doc, &copy, why, sizeof(why)) == 0;
        report(same, "wide path", same ? "loaded through a Unicode file name"
                                       : "expected the copy loaded the same, got: %s", why);
        fax_doc_free(&copy);
        DeleteFileW(wide);
    }

    /* RECV-3 / SEND-4: a file that is not there is refused, never created. */
    wchar_t missing[MAX_PATH];
    sibling(in, L"document-probe-missing.tif", missing, MAX_PATH);
    DeleteFileW(missing);
    rc = document_save_received(missing, &doc, why, sizeof(why));
    BOOL created = GetFileAttributesW(missing) != INVALID_FILE_ATTRIBUTES;
    report(rc == -1 && !created && strstr(why, "the service did not create it (RECV-3)"),
           "RECV-3", "save into a missing file: rc %d, %s, why '%s'", rc,
           created ? "file CREATED" : "no file created", why);
    fax_doc none = {0};
    rc = document_load(missing, &none, why, sizeof(why));
    report(rc == -1 && strstr(why, "does not exist"), "load missing", "rc %d, why '%s'", rc,
           why);

    fax_doc_free(&doc);
    printf("%s\n", failures ? "FAILED" : "all checks held");
    return failures ? 1 : 0;
}
