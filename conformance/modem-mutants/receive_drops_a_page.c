/*
 * Mutant receive_drops_a_page: FaxDevReceive confirms every page to the remote (MCF) but
 * never writes the second into the service's file - a vendor's page loop that reuses
 * its buffer before the write - and reports success. The service would deliver a fax
 * with a page missing while the sender was told it arrived. The modem battery's
 * receive, judged against what modem-sim's remote sent (`last-incoming`), must FAIL it:
 * RECV-2, the file holding fewer pages than the completed call delivered.
 *
 * mutant-link: -Wl,--wrap=document_create -Wl,--wrap=document_append_page
 * breaks: RECV-2 FAIL
 */
#include "document.h"

int __real_document_create(const document_char *path, document_writer **writer, char *why,
                           size_t why_size);
int __wrap_document_create(const document_char *path, document_writer **writer, char *why,
                           size_t why_size);
int __real_document_append_page(document_writer *writer, const fax_page *page, char *why,
                                size_t why_size);
int __wrap_document_append_page(document_writer *writer, const fax_page *page, char *why,
                                size_t why_size);

/* Pages appended to this thread's file (create and append run on the receiving thread). */
static _Thread_local unsigned pages_appended;

int __wrap_document_create(const document_char *path, document_writer **writer, char *why,
                           size_t why_size)
{
    pages_appended = 0;
    return __real_document_create(path, writer, why, why_size);
}

int __wrap_document_append_page(document_writer *writer, const fax_page *page, char *why,
                                size_t why_size)
{
    if (++pages_appended == 2)
        return 0; /* the breach: "written", and lost */
    return __real_document_append_page(writer, page, why, why_size);
}
