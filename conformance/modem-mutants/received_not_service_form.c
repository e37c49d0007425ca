/*
 * Mutant received_not_service_form: FaxDevReceive writes the received pages as T.4 MH
 * in one strip per page - a valid TIFF Class F, and every page right - instead of the
 * service's own form (MMR, RowsPerStrip 1: IMG-2, IMG-4), the way a vendor writes who
 * keeps the coding the call used. Whether the service takes such a file back is
 * UNCONFIRMED (docs/contract.md 7), so the modem battery's receive must WARN on IMG-2
 * and IMG-4, never FAIL. Here the reference FSP's finished file is written again.
 *
 * mutant-link: -Wl,--wrap=document_create -Wl,--wrap=document_finish
 * breaks: IMG-2 WARN (a documented clause, but what the service takes back is UNCONFIRMED)
 * breaks: IMG-4 WARN (a documented clause, but what the service takes back is UNCONFIRMED)
 */
#include <windows.h>

#include <stdint.h>

#include "document.h"

int __real_document_create(const document_char *path, document_writer **writer, char *why,
                           size_t why_size);
int __wrap_document_create(const document_char *path, document_writer **writer, char *why,
                           size_t why_size);
int __real_document_finish(document_writer *writer, int keep, char *why, size_t why_size);
int __wrap_document_finish(document_writer *writer, int keep, char *why, size_t why_size);

/* The receive's file, on the receiving thread (create and finish run on it). */
static _Thread_local WCHAR receiving_into[MAX_PATH];

int __wrap_document_create(const document_char *path, document_writer **writer, char *why,
                           size_t why_size)
{
    lstrcpynW(receiving_into, path, MAX_PATH);
    return __real_document_create(path, writer, why, why_size);
}

/* The breach: the same pages again, MH, one strip a page, into the same file (opened as
 * the service's file must be: OPEN_EXISTING, then emptied). */
static void write_as_mh(const WCHAR *path)
{
    fax_doc doc = {0};
    char why[256];
    if (document_load(path, &doc, why, sizeof(why)) != 0)
        return;
    HANDLE file = CreateFileW(path, GENERIC_READ | GENERIC_WRITE,
                              FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    if (file != INVALID_HANDLE_VALUE) {
        SetFilePointer(file, 0, NULL, FILE_BEGIN);
        SetEndOfFile(file);
        fax_doc_write_tiff_fd((int)(intptr_t)file, "received", &doc, FAX_CODING_MH,
                              FAX_LSB_FIRST, 0, why, sizeof(why));
        CloseHandle(file);
    }
    fax_doc_free(&doc);
}

int __wrap_document_finish(document_writer *writer, int keep, char *why, size_t why_size)
{
    int rc = __real_document_finish(writer, keep, why, why_size);
    if (rc == 0 && keep && receiving_into[0])
        write_as_mh(receiving_into);
    receiving_into[0] = 0;
    return rc;
}
