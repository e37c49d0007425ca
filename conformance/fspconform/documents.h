/*
 * documents.h - the test documents behind ${DOCS}: small TIFF Class F faxes that
 * fax-testpage makes (seed 1), one-page.tif, two-pages.tif and three-pages.tif. The
 * battery keeps them small, so a slow FSP spends its time on the contract, not on bytes.
 */
#ifndef FSPCONFORM_DOCUMENTS_H
#define FSPCONFORM_DOCUMENTS_H

#include <stddef.h>

/* Writes the documents into `dir` (which exists). 1, or 0 after a line on stderr. */
int documents_write(const char *dir);
/* Creates a private folder under /tmp (its name in `dir`) and writes them there. */
int documents_make(char *dir, size_t dir_size);
/* Removes what documents_make made. */
void documents_remove(const char *dir);

#endif /* FSPCONFORM_DOCUMENTS_H */
