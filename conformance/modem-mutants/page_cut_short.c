/*
 * Mutant page_cut_short: FaxDevSend sends the document with the bottom of its last page
 * cut off (a coding or buffer bug that loses the end of a page) and reports success as
 * the reference FSP does. The remote's copy is not the document: the modem battery's
 * sends, judged at the remote (`expect JOB sent`), must FAIL it - SEND-1, naming the page.
 *
 * mutant-export: FaxDevSend=mutant_send
 * breaks: SEND-1 FAIL
 */
#include <windows.h>

#include "document.h"
#include "faxdev.h"

enum { ROWS_CUT = 200 };

BOOL WINAPI mutant_send(HANDLE fax_handle, PFAX_SEND send, PFAX_SEND_CALLBACK callback)
{
    fax_doc doc = {0};
    char why[256];
    WCHAR folder[MAX_PATH], cut[MAX_PATH];
    if (!send || !send->FileName || document_load(send->FileName, &doc, why, sizeof(why)) != 0)
        return FaxDevSend(fax_handle, send, callback); /* not the breach's business */
    fax_page *last = &doc.pages[doc.count - 1];
    last->height = last->height > 2 * ROWS_CUT ? last->height - ROWS_CUT : last->height / 2;
    BOOL written = GetTempPathW(MAX_PATH, folder) && GetTempFileNameW(folder, L"cut", 0, cut) &&
                   document_save_received(cut, &doc, why, sizeof(why)) == 0;
    fax_doc_free(&doc);
    if (!written)
        return FaxDevSend(fax_handle, send, callback);
    FAX_SEND shorter = *send;
    shorter.FileName = cut; /* the breach: the pages sent are not the document's */
    BOOL ok = FaxDevSend(fax_handle, &shorter, callback);
    DWORD error = GetLastError();
    DeleteFileW(cut);
    SetLastError(error);
    return ok;
}
