/*
 * documents.h - the test documents behind ${DOCS}: TIFF Class F faxes that fax-testpage
 * makes (seed 1, MMR), one-page.tif, two-pages.tif and three-pages.tif, and the light
 * ones the battery sends, one-page-light.tif and three-pages-light.tif (the pattern in
 * the top eighth of each page): a slow FSP spends its time on the contract, not on bytes.
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
